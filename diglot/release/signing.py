"""Signed releases, for offices that sign: every PDF gets a PAdES signature in an incremental
update (the signed file begins with the PDF/A file as it was built, byte for byte, so that
it stays archival), and the manifest a detached CMS signature (manifest.json.p7s), with a
key and certificate the office holds (PKCS#12, or PEM); `verify --trust CA.pem` checks the
signatures and the certificate chain, and says who signed and when.

pyHanko (and its certificate validator) is the one seam: `pip install 'diglot[sign]'`. The
key's passphrase never comes from the command line: from an environment variable, or asked
for on a terminal."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import hashlib
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import interrupts
from ..diagnostics import display_path
from ..files import NotReadable, read_bytes
from .outcome import ReleaseError

KEY_MAX_BYTES = 1024 * 1024  # a key or certificate file larger than this is none
PASSPHRASE_VARIABLE = "DIGLOT_SIGN_PASSPHRASE"
FIELD = "diglot-release"
INSTALL = "pip install 'diglot[sign]'"


def available() -> str | None:
    """Why signing cannot be done here (its library is missing), or None. Imports pyHanko
    (first, before any other use of it) without the notices cryptography gives as it is
    imported (of algorithms diglot does not use: DSA)."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="DSA is deprecated")
            import pyhanko.pdf_utils.incremental_writer  # noqa: F401
            import pyhanko.sign  # noqa: F401
            import pyhanko.sign.validation  # noqa: F401
            import pyhanko_certvalidator  # noqa: F401
    except ImportError:
        return f"signing needs pyHanko, which is not installed ({INSTALL})"
    return None


@dataclass
class Signer:
    """The office's key and certificate, loaded: signs PDFs and the manifest."""

    signer: Any  # pyhanko.sign.signers.SimpleSigner
    subject: str  # the certificate's subject, as people read it
    fingerprint: str  # the SHA-256 of the certificate (DER)

    def sign_editions(self, built: dict[str, bytes]) -> tuple[dict[str, bytes], dict]:
        """Every PDF of the release signed; what the manifest records of the signature:
        who, the certificate, the files signed and each PDF as it was before (its size and
        SHA-256: the signed file begins with exactly those bytes)."""
        signed = dict(built)
        before: dict[str, dict] = {}
        for name in sorted(built):
            if name.endswith(".pdf"):
                data = built[name]
                try:
                    signed[name] = self.sign_pdf(data)
                except Exception as exc:  # pyHanko's, of a key or PDF it cannot sign with
                    interrupts.reraise(exc)
                    raise _failed(name, exc) from None
                before[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        record = {
            "signer": self.subject,
            "certificate-sha256": self.fingerprint,
            "files": sorted(before),
            "unsigned": before,
            "manifest": "manifest.json.p7s",
        }
        return signed, record

    def sign_pdf(self, data: bytes) -> bytes:
        """A PAdES baseline signature (B-B) in an invisible field that PDF/A and PDF/UA
        allow (printable, out of the page), appended as an incremental update."""
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.metadata.model import VENDOR
        from pyhanko.sign import fields, signers

        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        # PDF/A: the document information must say what the XMP metadata says, and pyHanko
        # writes itself as the XMP's producer: the information's producer says the same
        reference = writer.trailer.raw_get("/Info")
        if isinstance(reference, generic.IndirectObject):
            reference.get_object()["/Producer"] = generic.TextStringObject(VENDOR)
            writer.mark_update(reference)
        spec = fields.SigFieldSpec(
            FIELD,
            invis_sig_settings=fields.InvisSigSettings(
                set_print_flag=True, set_hidden_flag=False, box_out_of_bounds=True
            ),
        )
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
        )
        signer = signers.PdfSigner(meta, signer=self.signer, new_field_spec=spec)
        out = run_to_end(lambda: signer.async_sign_pdf(writer))
        return out.getvalue()

    def sign_manifest(self, data: bytes) -> bytes:
        """A detached CMS (PKCS #7) signature of the manifest's bytes, DER."""
        try:
            info = run_to_end(
                lambda: self.signer.async_sign_general_data(data, "sha256", detached=True)
            )
            return info.dump()
        except Exception as exc:  # pyHanko's, of a key it cannot sign with
            interrupts.reraise(exc)
            raise _failed("manifest.json", exc) from None


T = TypeVar("T")


def run_to_end(start: Callable[[], Awaitable[T]]) -> T:
    """The result of pyHanko's coroutine that start() makes, run to its end in a loop of its
    own: in this thread, or in a thread of its own when this thread already runs an event loop
    (diglot called from an asynchronous program, where asyncio.run would refuse)."""

    async def whole() -> T:
        return await start()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(whole())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, whole()).result()


def _failed(what: str, error: Exception) -> ReleaseError:
    """A signature that could not be made: said, before anything is written."""
    return ReleaseError(
        f"{what} could not be signed ({type(error).__name__}: {error}); nothing was written"
    )


def load_signer(
    key: Path, cert: Path | None = None, passphrase_variable: str = PASSPHRASE_VARIABLE
) -> Signer:
    """The office's key and certificate: a PKCS#12 file (.p12, .pfx: key, certificate and
    chain), or a PEM file holding the private key and, unless cert names another file, the
    certificate and its chain. The passphrase, when the key has one, comes from the
    environment variable, else from a prompt on a terminal. Raises ReleaseError saying what
    is wrong, before anything is built."""
    why = available()
    if why is not None:
        raise ReleaseError(why)
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = _read(key, "--sign")
    certificates: list = []
    private = None
    pem = b"-----BEGIN" in data
    if pem:
        certificates = _pem_certificates(data)
        private = _open(
            lambda password: serialization.load_pem_private_key(data, password),
            key,
            passphrase_variable,
        )
    elif data[:1] != b"\x30":  # a PKCS#12 file is a DER SEQUENCE
        raise ReleaseError(
            f"--sign {display_path(str(key))} is neither a PKCS#12 file (.p12, .pfx) nor a "
            "PEM file with a private key"
        )
    else:
        private, first, others = _open(
            lambda password: pkcs12.load_key_and_certificates(data, password),
            key,
            passphrase_variable,
        )
        certificates = [c for c in (first, *others) if c is not None]
    if cert is not None:
        certificates = _pem_certificates(_read(cert, "--cert")) or _der_certificate(
            _read(cert, "--cert"), cert
        )
    if private is None:
        raise ReleaseError(f"{display_path(str(key))} holds no private key")
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    own = [
        c
        for c in certificates
        if c.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        == public
    ]
    if not own:
        where = display_path(str(cert or key))
        raise ReleaseError(
            f"{where} holds no certificate of the key in {display_path(str(key))}: give the "
            "certificate with --cert CERT.pem (its chain after it)"
        )
    certificate = own[0]
    now = datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise ReleaseError(
            f"the certificate of {certificate.subject.rfc4514_string()} is valid from "
            f"{certificate.not_valid_before_utc:%Y-%m-%d} to "
            f"{certificate.not_valid_after_utc:%Y-%m-%d}, not today: sign with a valid one"
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.content_commitment):
            raise ReleaseError(
                f"the certificate of {certificate.subject.rfc4514_string()} is not for "
                "signing (its key usage allows neither digital signatures nor non-repudiation)"
            )
    except x509.ExtensionNotFound:
        pass
    return _signer(private, certificate, [c for c in certificates if c is not certificate])


def _signer(private, certificate, chain) -> Signer:
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    store = SimpleCertificateStore()
    store.register_multiple([asn1_certificate(c) for c in chain])
    key = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_certificate(certificate),
        signing_key=keys.PrivateKeyInfo.load(key),
        cert_registry=store,
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    return Signer(signer, certificate.subject.rfc4514_string(), hashlib.sha256(der).hexdigest())


def asn1_certificate(certificate):
    """A certificate of cryptography's as pyHanko takes it (asn1crypto's)."""
    from asn1crypto import x509 as asn1
    from cryptography.hazmat.primitives import serialization

    return asn1.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _read(path: Path, option: str) -> bytes:
    try:
        return read_bytes(path, KEY_MAX_BYTES)
    except NotReadable as exc:
        raise ReleaseError(f"{option} {display_path(str(path))}: {exc.reason}") from None


def _pem_certificates(data: bytes) -> list:
    from cryptography import x509

    try:
        return list(x509.load_pem_x509_certificates(data)) if b"CERTIFICATE-----" in data else []
    except ValueError:
        return []


def _der_certificate(data: bytes, path: Path) -> list:
    from cryptography import x509

    try:
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ReleaseError(
            f"--cert {display_path(str(path))} is not a certificate (PEM or DER)"
        ) from None


def _open(load, key: Path, variable: str):
    """load(passphrase) with no passphrase first, then the one from the environment or the
    terminal; a wrong one, or none to be had, is a ReleaseError."""
    import os
    import sys

    shown = display_path(str(key))
    try:
        return load(None)
    except TypeError:  # encrypted: a passphrase is needed
        pass
    except ValueError as exc:
        if not _maybe_encrypted(exc):
            raise ReleaseError(
                f"--sign {shown} is neither a PKCS#12 file nor a PEM private key ({exc})"
            ) from None
    given = os.environ.get(variable)
    if given is None:
        if not sys.stdin.isatty():
            raise ReleaseError(
                f"the key in {shown} is protected by a passphrase: set the environment "
                f"variable {variable} to it, or run on a terminal to be asked for it"
            )
        import getpass

        given = getpass.getpass(f"passphrase of {shown}: ")
    try:
        return load(given.encode("utf-8"))
    except (TypeError, ValueError):
        raise ReleaseError(f"the passphrase does not open the key in {shown}") from None


def _maybe_encrypted(error: ValueError) -> bool:
    """Whether loading PKCS#12 data without a passphrase failed for want of one."""
    text = str(error).lower()
    return "password" in text or "mac" in text or "decrypt" in text
