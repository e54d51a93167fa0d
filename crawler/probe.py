"""Probes of a site as a whole over the network: its HTTPS certificate and redirect, and IPv6.

Data only (checks/tls_problem.py and checks/ipv6_missing.py judge it). Two things come from one
place so that tests (and the demo) can point them elsewhere:

- `RESOLVER.aaaa(host)`: the host's IPv6 addresses (default: the system resolver, AAAA only);
- `TRUST.cafile`: the certificate authorities a browser would trust (default: the system's).
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests


def system_aaaa(host: str) -> list[str]:
    """The AAAA addresses of `host` (an IPv4 literal has none; an IPv6 literal is itself)."""
    try:
        infos = socket.getaddrinfo(host, None, socket.AF_INET6, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass
class _Resolver:
    aaaa: Callable[[str], list[str]] = system_aaaa


@dataclass
class _Trust:
    cafile: str | None = None  # None: the system's trust store


RESOLVER = _Resolver()
TRUST = _Trust()

# errors that say the monitor has no way to the address at all (no IPv6 here, no route): a
# monitor without IPv6 must not call every site unreachable over IPv6 (a miss, not a false alarm)
NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}

# OpenSSL verify codes (X509_V_ERR_*) by what a browser would say
_EXPIRED, _NOT_YET = 10, 9
_HOSTNAME = (62, 64)  # host name, IP address mismatch
_CHAIN = {2, 20, 21}  # issuer unknown: an incomplete chain (or an unknown CA)
_SELF_SIGNED = {18, 19}


def _https_parts(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or 443


def _certificate(host: str, port: int, timeout: float) -> dict[str, Any]:
    """The server's leaf certificate read without verifying it: validity dates, names."""
    from cryptography import x509

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        ctx.wrap_socket(raw, server_hostname=host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    if not der:
        return {}
    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [str(v) for v in san.get_values_for_type(x509.DNSName)] + [
            str(v) for v in san.get_values_for_type(x509.IPAddress)
        ]
    except x509.ExtensionNotFound:
        names = []
    return {
        "not_before": cert.not_valid_before_utc.date().isoformat(),
        "not_after": cert.not_valid_after_utc.date().isoformat(),
        "names": names[:20],
        "issuer": cert.issuer.rfc4514_string()[:200],
        "self_signed": cert.issuer == cert.subject,
    }


def _verify(host: str, port: int, timeout: float) -> dict[str, Any]:
    """What a browser's check of the certificate says: ok, or the failure's kind."""
    ctx = ssl.create_default_context(cafile=TRUST.cafile)
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            ctx.wrap_socket(raw, server_hostname=host),
        ):
            return {"verified": True}
    except ssl.SSLCertVerificationError as exc:
        code = exc.verify_code
        kind = (
            "expired" if code in (_EXPIRED, _NOT_YET) else "wrong_host" if code in _HOSTNAME
            else "self_signed" if code in _SELF_SIGNED else "chain" if code in _CHAIN else "invalid"
        )  # fmt: skip
        return {"verified": False, "verify_error": kind, "verify_detail": str(exc.verify_message)[:200]}


def probe_tls(https_url: str, http_url: str | None, timeout: float, user_agent: str,
              refuse: Callable[[str], object] | None = None) -> dict[str, Any]:  # fmt: skip
    """The HTTPS side of a site: whether it answers, its certificate and a browser's verdict on
    it, and where its HTTP address leads (a redirect to HTTPS or not)."""
    host, port = _https_parts(https_url)
    out: dict[str, Any] = {"https_url": https_url, "http_url": http_url}
    try:
        out["certificate"] = _certificate(host, port, timeout)
        out["https"] = True
        out.update(_verify(host, port, timeout))
    except (OSError, ssl.SSLError, ValueError) as exc:
        out.update(https=False, https_error=f"{type(exc).__name__}: {exc}"[:200])
    if http_url:
        out["redirect"] = _http_redirect(http_url, timeout, user_agent, refuse)
    return out


def _http_redirect(url: str, timeout: float, user_agent: str,
                   refuse: Callable[[str], object] | None = None) -> dict[str, Any]:  # fmt: skip
    """Follow the HTTP address's redirects (at most 5): where it ends, and whether it answered.
    `refuse(url)` (the fetch policy) stops at a hop it refuses (an internal address)."""
    chain: list[dict[str, Any]] = []
    current = url
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(6):
            if refuse is not None and refuse(current):
                return {"answered": bool(chain), "error": "refused", "chain": chain, "final": current,
                        "to_https": current.startswith("https://")}  # fmt: skip
            try:
                resp = requests.get(current, timeout=timeout, allow_redirects=False, stream=True, verify=False,
                                    headers={"User-Agent": user_agent.encode("utf-8")})  # type: ignore[dict-item]  # fmt: skip
                resp.close()
            except (requests.RequestException, ValueError, OSError) as exc:
                return {
                    "answered": bool(chain),
                    "error": type(exc).__name__,
                    "chain": chain,
                    "final": current,
                }
            chain.append({"url": current, "status": resp.status_code})
            location = resp.headers.get("Location")
            if resp.status_code not in (301, 302, 303, 307, 308) or not location:
                break
            current = urljoin(current, location)
    return {"answered": True, "chain": chain, "final": current, "to_https": current.startswith("https://")}


def _get_over(addr: str, url: str, timeout: float, user_agent: str) -> dict[str, Any]:
    """GET `url` from the IPv6 address `addr` (the Host header keeps the site's name)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection(addr, parts.port or 443, timeout=timeout, context=ctx)
    else:
        conn = http.client.HTTPConnection(addr, parts.port or 80, timeout=timeout)
    try:
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        conn.request("GET", path, headers={"Host": netloc, "User-Agent": user_agent})
        resp = conn.getresponse()
        resp.read(65536)
        return {"address": addr, "status": resp.status}
    except (OSError, http.client.HTTPException, ValueError) as exc:
        out: dict[str, Any] = {"address": addr, "status": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
        if isinstance(exc, OSError) and exc.errno in NO_ROUTE:
            out["no_route"] = True
        return out
    finally:
        conn.close()


def probe_ipv6(url: str, timeout: float, user_agent: str) -> dict[str, Any]:
    """The homepage over IPv6: its AAAA addresses (RESOLVER) and the answer from the first one."""
    host = urlsplit(url).hostname or ""
    addresses = RESOLVER.aaaa(host)
    out: dict[str, Any] = {"host": host, "aaaa": addresses[:5]}
    if addresses and not routable(addresses[0]):
        out["no_route"] = True  # the monitor itself has no IPv6 route there: nothing to judge
    elif addresses:
        out["answer"] = _get_over(addresses[0], url, timeout, user_agent)
        out["no_route"] = bool(out["answer"].get("no_route"))
    return out


def routable(addr: str) -> bool:
    """Whether this machine has a route to an IPv6 address (a UDP connect only looks the route
    up; nothing is sent). A monitor without IPv6 must not call every site unreachable over it."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.connect((addr, 53))
        return True
    except OSError:
        return False
