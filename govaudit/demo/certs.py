"""Certificates for the demo's HTTPS side (made at run time with `cryptography`, never shipped):
a demo CA the demo's probe trusts, and a certificate for 127.0.0.1 that expires 20 days after
the audit date — the demo's planted tls_problem (an expiring certificate; the HTTP address is not
redirected either)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

EXPIRES_IN_DAYS = 20


def _name(common: str):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "示范县演示")])  # fmt: skip


def make_demo_certs(folder: Path, as_of: dt.date) -> tuple[Path, ssl.SSLContext]:
    """(the CA file to trust, a server SSL context presenting the expiring certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    folder.mkdir(parents=True, exist_ok=True)
    start = dt.datetime.combine(as_of - dt.timedelta(days=60), dt.time(), dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("示范县演示根证书")).issuer_name(_name("示范县演示根证书"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    end = dt.datetime.combine(as_of + dt.timedelta(days=EXPIRES_IN_DAYS), dt.time(12), dt.UTC)
    leaf = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))  # fmt: skip
    ca_file = folder / "demo-ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain = folder / "demo-server.pem"
    chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))  # fmt: skip
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(chain))
    chain.unlink()  # the key lives only in memory once loaded
    return ca_file, ctx
