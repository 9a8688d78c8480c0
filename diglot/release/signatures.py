"""`verify` of a signed release: the manifest's detached CMS signature and each PDF's PAdES
signature, intact, covering the whole file, made with the certificate the manifest names,
and (with --trust CA.pem) on a certificate chain that leads to one of the given anchors;
who signed and when, as the signatures say."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import interrupts
from ..diagnostics import Location, Reporter, display_path
from ..files import NotReadable, read_bytes
from .manifest import EDITION_MAX_BYTES, MANIFEST, MANIFEST_MAX_BYTES, SIGNATURE
from .signing import INSTALL, KEY_MAX_BYTES, asn1_certificate, available, run_to_end


@dataclass
class Signed:
    """What the signatures of a release say: who signed and when, how many files, whether
    the chain was checked against the anchors given."""

    signer: str = ""
    when: str = ""
    files: list[str] = field(default_factory=list)
    trusted: bool | None = None  # None: no anchor given


def trust_anchors(paths: list[Path], problems: Reporter) -> list | None:
    """The certificates of the --trust files (PEM, one or more each, or DER); None after
    reporting a file that holds none."""
    from cryptography import x509

    found = []
    for path in paths:
        try:
            data = read_bytes(path, KEY_MAX_BYTES)
        except NotReadable as exc:
            problems.error("verify.trust", f"--trust {exc.reason}", Location(str(path)))
            return None
        try:
            certificates = (
                x509.load_pem_x509_certificates(data)
                if b"-----BEGIN" in data
                else [x509.load_der_x509_certificate(data)]
            )
        except ValueError:
            certificates = []
        if not certificates:
            problems.error(
                "verify.trust",
                "--trust names no certificate (a CA certificate in PEM or DER)",
                Location(str(path)),
            )
            return None
        found += certificates
    return found


def check_signatures(
    folder: Path, manifest: dict, anchors: list | None, problems: Reporter
) -> Signed | None:
    """The signatures of a release folder, each problem reported (verify.signature,
    verify.untrusted, verify.unsigned); what they say, or None when the release is not
    signed (an error when anchors were given: a signed release was expected)."""
    record = manifest.get("signature")
    if not isinstance(record, dict):
        if anchors is not None:
            problems.error(
                "verify.unsigned",
                "--trust was given, but this release is not signed (its manifest names no "
                "signature)",
                Location(str(folder / MANIFEST)),
            )
        return None
    why = available()
    if why is not None:
        problems.warning(
            "verify.not-checked",
            f"the release is signed, but its signatures were not checked: {why}",
            Location(str(folder / MANIFEST)),
        )
        return None
    _quiet_validation_logs()
    context = _context(anchors)
    done = Signed(trusted=None if anchors is None else True)
    expected = record.get("certificate-sha256")
    given_unsigned, given_names = record.get("unsigned"), record.get("files")
    unsigned: dict = given_unsigned if isinstance(given_unsigned, dict) else {}
    names: list = given_names if isinstance(given_names, list) else []
    manifest_path = folder / MANIFEST
    signature_path = folder / SIGNATURE

    def said(status, path: Path, what: str) -> None:
        from cryptography import x509

        der = status.signing_cert.dump()
        fingerprint = hashlib.sha256(der).hexdigest()
        subject = x509.load_der_x509_certificate(der).subject.rfc4514_string()
        if not (status.intact and status.valid):
            problems.error(
                "verify.signature",
                f"the signature of {what} is not valid: the signed bytes changed, or the "
                "signature is not the certificate's",
                Location(str(path)),
            )
            return
        if fingerprint != expected:
            problems.error(
                "verify.signature",
                f"{what} is signed by {subject}, not with the certificate manifest.json names",
                Location(str(path)),
            )
            return
        if anchors is not None and not status.trusted:
            done.trusted = False
            problems.error(
                "verify.untrusted",
                f"the certificate of {subject}, who signed {what}, does not lead to a "
                "certificate given with --trust",
                Location(str(path)),
            )
        done.signer = subject
        when = status.signer_reported_dt
        if when is not None and (not done.when or what == MANIFEST):
            done.when = f"{when:%Y-%m-%d %H:%M:%S %Z}".strip()
        done.files.append(what)

    # the manifest: it lists every file with its SHA-256, so its signature covers them all
    try:
        data = read_bytes(manifest_path, MANIFEST_MAX_BYTES)
        p7s = read_bytes(signature_path, KEY_MAX_BYTES)
    except NotReadable as exc:
        problems.error(
            "verify.unsigned",
            f"manifest.json says the release is signed, but {SIGNATURE} {exc.reason}",
            Location(str(signature_path)),
        )
    else:
        status = _manifest_status(data, p7s, context)
        if status is None:
            problems.error(
                "verify.signature",
                f"{SIGNATURE} is not a CMS signature",
                Location(str(signature_path)),
            )
        else:
            said(status, signature_path, MANIFEST)
    for name in names:
        if not isinstance(name, str) or "/" in name or name in (".", ".."):
            continue
        path = folder / name
        try:
            pdf = read_bytes(path, EDITION_MAX_BYTES)
        except NotReadable:
            continue  # reported by verify as missing or changed
        statuses, problem = _pdf_statuses(pdf, context)
        if problem:
            problems.error("verify.signature", problem, Location(str(path)))
            continue
        if not statuses:
            problems.error(
                "verify.signature",
                "manifest.json says this PDF is signed, but it holds no signature",
                Location(str(path)),
            )
            continue
        status = statuses[-1]
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        if len(statuses) > 1 or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problems.error(
                "verify.signature",
                "something was added to this PDF after it was signed",
                Location(str(path)),
            )
            continue
        before = unsigned.get(name)
        if isinstance(before, dict) and isinstance(before.get("size"), int):
            prefix = hashlib.sha256(pdf[: before["size"]]).hexdigest()
            if prefix != before.get("sha256"):
                problems.error(
                    "verify.signature",
                    "the PDF under the signature is not the one manifest.json records",
                    Location(str(path)),
                )
                continue
        said(status, path, name)
    return done


def _quiet_validation_logs() -> None:
    """pyHanko logs each certificate path it cannot build, with its traceback: with no
    handler of the program's own, Python's last-resort handler printed those to stderr, as
    if verify had crashed. What verify finds, it says itself (verify.untrusted ...)."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _context(anchors: list | None):
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_certificate(c) for c in anchors or ()]
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _manifest_status(data: bytes, p7s: bytes, context):
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    try:
        info = cms.ContentInfo.load(p7s)
        if info["content_type"].native != "signed_data":
            return None
        signed = info["content"]
        return run_to_end(lambda: async_validate_detached_cms(data, signed, context))
    except Exception as exc:  # any malformed CMS: not a signature
        interrupts.reraise(exc)
        return None


def _pdf_statuses(data: bytes, context) -> tuple[list, str | None]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        found = list(reader.embedded_signatures)
        return [
            run_to_end(partial(async_validate_pdf_signature, sig, context)) for sig in found
        ], None
    except Exception as exc:  # a damaged PDF or signature: said, located
        interrupts.reraise(exc)
        return [], f"the signature of this PDF cannot be read ({type(exc).__name__})"


def summary(done: Signed, anchors: list[Path]) -> str:
    """The line that says who signed and when."""
    pdfs = sum(1 for name in done.files if name.endswith(".pdf"))
    what = " and ".join(
        x
        for x in (
            MANIFEST if MANIFEST in done.files else "",
            f"{pdfs} PDF{'s' if pdfs != 1 else ''}" if pdfs else "",
        )
        if x
    )
    chain = (
        "its certificate chain was not checked (pass --trust CA.pem)"
        if done.trusted is None
        else "its certificate chain leads to " + ", ".join(display_path(str(p)) for p in anchors)
    )
    return f"signed by {done.signer} at {done.when}: {what}; {chain}"


__all__ = ["INSTALL", "Signed", "check_signatures", "summary", "trust_anchors"]
