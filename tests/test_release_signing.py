"""Signed releases: `release --sign KEY` signs every PDF (PAdES, in an incremental update that
keeps the PDF/A) and the manifest (manifest.json.p7s, detached CMS), with a key and
certificate from a throwaway certificate authority made here; `verify --trust CA.pem` checks
them and says who signed and when; poppler's pdfsig (with the authority in an NSS database)
and `openssl cms -verify` confirm them independently; the signed PDFs still pass the
archival checks of the released editions; a wrong passphrase, a key that is no key, a
changed file and a foreign authority are refused, located, without a traceback."""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diglot.cli import main

from conftest import FIXTURES, REPO, approved, assert_archival_pdf, commit_all, git

DECLARATION = FIXTURES / "types" / "declaration" / "content"
DOC = "aldane-sea-fisheries-1948"
PASSPHRASE = "correct horse battery staple"
SIGNER = "CN=Publications Office,O=Aldane Sea Fisheries Commission,C=GB"


def _name(common: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Aldane Sea Fisheries Commission"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def make_authority(folder: Path, name: str = "Commission Root CA") -> tuple:
    """A certificate authority: its key and self-signed certificate (ca.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{name.split()[0].lower()}-ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, path


def make_signer(
    folder: Path, authority: tuple, stem: str = "office", days: int = 365, signing: bool = True
) -> dict[str, Path]:
    """The office's key and certificate, issued by the authority: as an encrypted PKCS#12
    file, and as an encrypted PEM key with a PEM certificate (days: valid until then, from
    yesterday; a negative number: expired; signing: its key usage allows signing)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID

    ca_key, ca_cert, _ = authority
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Publications Office"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=max(1, 1 - days)))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=signing,
                content_commitment=signing,
                key_encipherment=not signing,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    secret = serialization.BestAvailableEncryption(PASSPHRASE.encode())
    p12 = folder / f"{stem}.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"office", key, cert, [ca_cert], secret))
    pem_key = folder / f"{stem}-key.pem"
    pem_key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, secret)
    )
    pem_cert = folder / f"{stem}-cert.pem"
    pem_cert.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + ca_cert.public_bytes(serialization.Encoding.PEM)
    )
    return {"p12": p12, "key": pem_key, "cert": pem_cert}


def release(root: Path, *args: str, passphrase: str | None = PASSPHRASE):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DIGLOT_SIGN_PASSPHRASE", None)
    if passphrase is not None:
        env["DIGLOT_SIGN_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, str(REPO / "pipeline.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def keys(tmp_path_factory, certificates) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    authority = make_authority(folder)
    found = make_signer(folder, authority)
    found["ca"] = authority[2]
    found["other-ca"] = make_authority(folder, "Other Root CA")[2]
    found["expired"] = make_signer(folder, authority, "expired", days=-2)["p12"]
    found["not-signing"] = make_signer(folder, authority, "encipher", signing=False)["p12"]
    return found


@pytest.fixture(scope="module")
def signed(tmp_path_factory, keys, diglot_process) -> Path:
    """The declaration released and signed with the office's PKCS#12 key, by diglot in a
    process of its own (release(); made once: the fixture's tests are grouped on one worker)."""
    root = tmp_path_factory.mktemp("signed") / "project"
    root.mkdir()
    shutil.copytree(approved(DECLARATION), root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    git(root, "init", "-q")
    commit_all(root, "the declaration")
    done = release(root, "release", DOC, "--version", "1.0", "--sign", str(keys["p12"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith(f"released {DOC} 1.0 (")
    assert done.stdout.splitlines()[-1].endswith(
        f"12 editions, manifest.json and its signature (3 PDFs signed by {SIGNER}), SHA256SUMS"
    )
    return root / "release" / DOC / "1.0"


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, (out + err).splitlines()


PDFS = sorted(f"{DOC}.{edition}.pdf" for edition in ("en", "en-zh", "zh"))


@pytest.mark.slow
def test_a_signed_release_verifies_and_says_who_signed_and_when(signed, keys, capsys):
    manifest = json.loads((signed / "manifest.json").read_text("utf-8"))
    assert manifest["signature"]["signer"] == SIGNER
    assert manifest["signature"]["files"] == PDFS
    assert (signed / "manifest.json.p7s").is_file()
    assert "manifest.json.p7s" in (signed / "SHA256SUMS").read_text("utf-8")
    code, out = run(capsys, "verify", str(signed), "--trust", str(keys["ca"]))
    assert code == 0, out
    assert out[0].endswith("[verify.uncommitted]")  # the project did not commit release/
    out = out[1:]
    assert re.fullmatch(
        rf"signed by {re.escape(SIGNER)} at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC: manifest\.json "
        rf"and 3 PDFs; its certificate chain leads to {re.escape(str(keys['ca']))}",
        out[0],
    ), out
    assert out[1].endswith(": every file is as released (1 warning)")
    # without an anchor the signatures are checked, the chain is not
    code, out = run(capsys, "verify", str(signed))
    assert code == 0 and out[1].endswith(
        "its certificate chain was not checked (pass --trust CA.pem)"
    )
    assert out[2].endswith(": every file is as signed (1 warning)")


def test_verify_as_a_user_runs_it_prints_no_traceback(signed, keys, diglot_process):
    """pyHanko logs each certificate path it cannot build with its traceback; outside the
    suite (no logging handler of pytest's) Python printed them to stderr."""
    for args in ((), ("--trust", str(keys["ca"]))):
        done = diglot_process.run("verify", str(signed), *args)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr, done.stderr


@pytest.mark.slow
def test_verify_checks_the_signatures_inside_a_running_event_loop(signed, keys, capsys):
    """Called from an asynchronous program (an event loop running in this thread, as a browser
    driver keeps one), verify still checks the signatures: pyHanko's coroutines run in a loop
    of their own."""

    async def inside() -> tuple[int, list[str]]:
        return run(capsys, "verify", str(signed), "--trust", str(keys["ca"]))

    try:
        asyncio.get_running_loop()  # a loop runs here already (a browser driver's)
        running = True
    except RuntimeError:
        running = False
    if running:
        code, out = run(capsys, "verify", str(signed), "--trust", str(keys["ca"]))
    else:
        code, out = asyncio.run(inside())
    assert code == 0, out
    assert "its certificate chain leads to" in out[1], out  # after: release/ not committed


@pytest.mark.slow
def test_poppler_confirms_each_pdf_signature_and_its_chain(signed, keys, tmp_path):
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{nss}", "-n", "commission-root", "-t", "CT,C,C"]
        + ["-i", str(keys["ca"])],
        check=True,
    )
    for name in PDFS:
        done = subprocess.run(
            ["pdfsig", "-nssdir", f"sql:{nss}", str(signed / name)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Signer Certificate Common Name: Publications Office" in done.stdout
        assert "Signature Validation: Signature is Valid." in done.stdout
        assert "Certificate Validation: Certificate is Trusted." in done.stdout
        assert "Signature Type: ETSI.CAdES.detached" in done.stdout
        assert "Total document signed" in done.stdout


@pytest.mark.slow
def test_openssl_confirms_the_manifest_signature_and_its_chain(signed, keys):
    done = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER"]
        + ["-in", str(signed / "manifest.json.p7s"), "-content", str(signed / "manifest.json")]
        + ["-CAfile", str(keys["ca"]), "-purpose", "smimesign", "-out", os.devnull],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Verification successful" in done.stderr
    other = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER"]
        + ["-in", str(signed / "manifest.json.p7s"), "-content", str(signed / "manifest.json")]
        + ["-CAfile", str(keys["other-ca"]), "-out", os.devnull],
        capture_output=True,
        text=True,
    )
    assert other.returncode != 0  # another authority's trust does not reach it


@pytest.mark.slow
def test_signed_pdfs_keep_the_archival_pdf_they_were(signed):
    import hashlib

    import pikepdf

    manifest = json.loads((signed / "manifest.json").read_text("utf-8"))
    for name in PDFS:
        data = (signed / name).read_bytes()
        before = manifest["signature"]["unsigned"][name]

        # an incremental update: the PDF/A as built, byte for byte, then the signature
        assert hashlib.sha256(data[: before["size"]]).hexdigest() == before["sha256"]
        # the archival checks of every released PDF (test_marks), on the signed file
        assert_archival_pdf(signed / name, name.split(".")[1])
        with pikepdf.open(signed / name) as pdf:
            with pdf.open_metadata() as meta:
                # the document information and the XMP agree after the update (PDF/A)
                assert str(pdf.docinfo["/Producer"]) == meta.get("pdf:Producer")
                assert str(pdf.docinfo["/Title"]) == meta.get("dc:title")
            (field,) = pdf.Root.AcroForm.Fields
            flags = int(field.F)
            assert flags & 4 and not flags & 2  # printed, not hidden: PDF/A
            assert [float(x) for x in field.Rect][:2] == [-9999.0, -9999.0]  # off the page


@pytest.mark.slow
def test_pdf_and_pem_keys_sign_alike_and_a_foreign_authority_is_refused(
    signed, keys, tmp_path, capsys
):
    root = tmp_path / "project"
    shutil.copytree(signed.parents[2], root, ignore=shutil.ignore_patterns("release"))
    done = release(
        root,
        "release",
        DOC,
        "--version",
        "1.1",
        "--sign",
        str(keys["key"]),
        "--cert",
        str(keys["cert"]),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    folder = root / "release" / DOC / "1.1"
    code, out = run(capsys, "verify", str(folder), "--trust", str(keys["ca"]))
    assert code == 0, out
    code, out = run(capsys, "verify", str(folder), "--trust", str(keys["other-ca"]))
    assert code == 1
    assert f"{folder}/manifest.json.p7s:1:1: error: the certificate of {SIGNER}" in "\n".join(out)
    assert all("[verify.untrusted]" in line for line in out[:-1] if ": error:" in line)
    assert out[-1] == f"diglot verify: {folder}: 4 errors, 1 warning"  # and not committed


@pytest.mark.slow
def test_a_pdf_changed_after_signing_is_found(signed, keys, tmp_path, capsys):
    copy = tmp_path / "1.0"
    shutil.copytree(signed, copy)
    pdf = copy / f"{DOC}.zh.pdf"
    data = pdf.read_bytes()
    pdf.write_bytes(data + b"\n% appended after signing\n")
    code, out = run(capsys, "verify", str(copy), "--trust", str(keys["ca"]))
    assert code == 1
    assert (
        f"{pdf}:1:1: error: something was added to this PDF after it was signed [verify.signature]"
        in out
    )
    assert any(line.endswith("[verify.changed]") for line in out)


def test_bad_keys_and_passphrases_are_refused_before_anything_is_built(
    keys, tmp_path, monkeypatch, capsys
):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    (tmp_path / "notakey.pem").write_text("-----BEGIN NOTHING-----\n", encoding="utf-8")
    (tmp_path / "garbage.p12").write_bytes(b"\x00\x01 not a key")
    cases = [
        ({}, ["--sign", str(keys["p12"])], "the key in "),
        ({"DIGLOT_SIGN_PASSPHRASE": "wrong"}, ["--sign", str(keys["p12"])], "the passphrase"),
        ({"MY_PASS": PASSPHRASE}, ["--sign", str(keys["key"])], "holds no certificate"),
        ({}, ["--sign", "notakey.pem"], "notakey.pem is neither"),
        ({}, ["--sign", "garbage.p12"], "garbage.p12 is neither a PKCS#12 file"),
        ({}, ["--sign", "missing.p12"], "--sign missing.p12: "),
        ({}, ["--cert", str(keys["cert"])], "--cert is the certificate of the key given"),
        (
            {"DIGLOT_SIGN_PASSPHRASE": PASSPHRASE},
            ["--sign", str(keys["expired"])],
            f"the certificate of {SIGNER} is valid from ",
        ),
        (
            {"DIGLOT_SIGN_PASSPHRASE": PASSPHRASE},
            ["--sign", str(keys["not-signing"])],
            "is not for signing (its key usage allows neither digital signatures nor",
        ),
    ]
    for env, args, said in cases:
        monkeypatch.delenv("DIGLOT_SIGN_PASSPHRASE", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        extra = ["--passphrase-env", "MY_PASS"] if "MY_PASS" in env else []
        code, out = run(capsys, "release", "memo", "--version", "1.0", *args, *extra)
        assert code == 2, (args, out)
        assert len(out) == 1 and out[0].startswith("diglot release: error: ") and said in out[0], (
            out
        )
    assert not (tmp_path / "release").exists()
    monkeypatch.delenv("DIGLOT_SIGN_PASSPHRASE", raising=False)
    message = {
        "": "the key in {} is protected by a passphrase: set the environment variable "
        "DIGLOT_SIGN_PASSPHRASE to it, or run on a terminal to be asked for it",
    }
    code, out = run(capsys, "release", "memo", "--version", "1.0", "--sign", str(keys["p12"]))
    assert out == ["diglot release: error: " + message[""].format(keys["p12"])]


@pytest.mark.slow
def test_a_signature_that_cannot_be_made_leaves_nothing_written(
    signed, keys, tmp_path, monkeypatch, capsys
):
    from diglot.release.signing import Signer

    root = tmp_path / "project"
    shutil.copytree(signed.parents[2], root, ignore=shutil.ignore_patterns("release"))
    monkeypatch.chdir(root)
    monkeypatch.setenv("DIGLOT_SIGN_PASSPHRASE", PASSPHRASE)

    def refuse(self, data: bytes) -> bytes:
        raise ValueError("this key signs nothing")

    monkeypatch.setattr(Signer, "sign_pdf", refuse)
    code, out = run(capsys, "release", DOC, "--version", "1.0", "--sign", str(keys["p12"]))
    assert code == 2
    assert out[-1] == (
        f"diglot release: error: {DOC}.en-zh.pdf could not be signed (ValueError: this key "
        "signs nothing); nothing was written"
    )
    assert not (root / "release").exists()
