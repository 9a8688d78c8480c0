"""Benchmark of `release` against `build` of the same document (target: release <= 1.2 x
build), and of signing, apart.

Copies the bundled project (content/, templates/) into a temporary git repository, then
runs, as a user does, `python pipeline.py build --force` (every edition, none skipped),
`python pipeline.py release digital-economy-2024 --version N --accept <every unit with an
open note>` and the same release signed (`--sign` with a key of a throwaway certificate
authority made here, its passphrase in DIGLOT_SIGN_PASSPHRASE) in turn (each release into a
new version folder), and prints the median of --runs runs of each after one warm-up run of
each, the ratio of release to build, and what signing adds to a release, in wall-clock time
and in processor time (user and system, of every process of the command). The release does
all the build does (check, render, lint) and also the release gate (the files committed,
unit status, settings), the manifest (hashes, git, fontconfig) and SHA256SUMS; signing
signs the three PDFs and the manifest. --no-sign leaves signing out.

    .venv/bin/python scripts/benchmark_release.py [--runs 5] [--no-sign]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "digital-economy-2024"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


PASSPHRASE = "benchmark"


def make_key(folder: Path) -> Path:
    """A PKCS#12 file with a signing key and its certificate, issued by a throwaway
    certificate authority."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Benchmark CA"))
        .issuer_name(name("Benchmark CA"))
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("Benchmark Office"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )
    secret = serialization.BestAvailableEncryption(PASSPHRASE.encode())
    path = folder / "office.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"office", key, cert, [ca], secret))
    return path


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """The wall-clock time of a command and the processor time (user and system) of its
    processes: on a shared machine the second is the steadier figure."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIGLOT_SIGN_PASSPHRASE": PASSPHRASE}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-sign", action="store_true", help="leave signing out")
    given = parser.parse_args()
    runs = given.runs
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as keys:
        project = Path(tmp)
        key = None if given.no_sign else make_key(Path(keys))
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copytree(ROOT / "templates", project / "templates")
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "content")
        program = [sys.executable, str(ROOT / "pipeline.py")]
        notes = subprocess.run(
            [*program, "review"],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
        ).stdout
        accept = sorted({line.split(": review: ")[1].split(":")[0] for line in notes.splitlines()})
        builds, releases, signed = [], [], []
        for run in range(runs + 1):  # the first of each is the warm-up
            build = timed([*program, "build", "--force", "--out", "build"], project)
            release = timed(
                [*program, "release", DOC, "--version", f"{run}.0", "--accept", *accept], project
            )
            signing = (
                timed(
                    [*program, "release", DOC, "--version", f"{run}.1", "--accept", *accept]
                    + ["--sign", str(key)],
                    project,
                )
                if key is not None
                else None
            )
            if run:
                builds.append(build)
                releases.append(release)
                if signing is not None:
                    signed.append(signing)
    for i, what in enumerate(("wall-clock", "processor")):
        build = statistics.median(t[i] for t in builds)
        release = statistics.median(t[i] for t in releases)
        print(
            f"{what:<10}  build {build:6.2f} s  release {release:6.2f} s  "
            f"ratio {release / build:4.2f} (target <= 1.2; medians of {runs})"
        )
    for i, what in enumerate(("wall-clock", "processor") if signed else ()):
        release = statistics.median(t[i] for t in releases)
        sign = statistics.median(t[i] for t in signed)
        print(
            f"{what:<10}  signed release {sign:6.2f} s: signing adds {sign - release:5.2f} s "
            f"({sign / release:4.2f} x the release; 3 PDFs and the manifest)"
        )


if __name__ == "__main__":
    main()
