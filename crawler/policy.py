"""The fetch policy: the one decision whether a URL may be fetched and an address connected to.

Asked by the spider's request factory (before a request is made), by the downloader middleware
(crawler/guard.py: every request again, including each redirect hop and meta refresh) and by the
DNS resolver the crawl installs (the address the connection is actually made to).

Rules:

- only ``http`` and ``https`` URLs with a host are fetched (no ``file:``, ``ftp:``, ``data:``,
  ``javascript:`` …); a URL that cannot be parsed is not fetched either;
- an address that is not public (private, loopback, link-local such as 169.254.169.254,
  shared, reserved, multicast, unspecified) is refused unless it is exactly an address that one
  of the configured site's hosts (or of an HTTP proxy from the environment) resolved to when
  the crawl started, or lies inside one of ``crawl.allow_networks`` (a county intranet);
- a host name is resolved once per crawl and pinned: every later connection to it goes to that
  checked address, so a name that answers differently later (DNS rebinding) gains nothing.

A refusal carries an error kind of crawler/fetcherrors.py and a Chinese reason; the spider
records it like any other fetch outcome (a note for officials, never an error).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Refusal:
    kind: str  # an error kind of crawler/fetcherrors.py
    reason: str  # Chinese, shown to officials


def lookup(host: str) -> list[str]:
    """Every address `host` resolves to (IPv4 first); [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        return []
    out: list[str] = []
    for family, *_rest, addr in sorted(infos, key=lambda i: i[0] != socket.AF_INET):
        ip = str(addr[0]).split("%", 1)[0]
        if ip not in out and family in (socket.AF_INET, socket.AF_INET6):
            out.append(ip)
    return out


def proxy_urls() -> list[str]:
    """The HTTP(S) proxies of the environment (http_proxy, https_proxy), which Scrapy uses: the
    crawl connects to them, so their addresses are trusted like the site's own."""
    from urllib.request import getproxies

    return [url for scheme, url in getproxies().items() if scheme in ("http", "https") and "://" in url]


def parse_ip(text: str) -> IPAddress | None:
    try:
        ip = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_public(ip: IPAddress) -> bool:
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def url_refusal(url: str) -> Refusal | None:
    """Refusal of a URL by its form alone (scheme, parse), else None. Needs no configuration."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises for a port out of range
    except (ValueError, TypeError, AttributeError):
        return Refusal("bad_url", f"链接地址无法解析（{_shown(url)}），未访问")
    if parts.scheme.lower() not in SCHEMES:
        return Refusal("unsafe_scheme", f"链接不是网页地址（{_shown(url)}），出于安全原因未访问")
    if not host or _CONTROLS.search(url):  # spaces are escaped, controls not
        return Refusal("bad_url", f"链接地址无法解析（{_shown(url)}），未访问")
    return None


def _shown(url: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in str(url))
    return text[:120] + ("…" if len(text) > 120 else "")


class FetchPolicy:
    """The policy of one crawl (see the module docstring). Thread-safe: the resolver asks it
    from Twisted's thread pool."""

    def __init__(self, site_urls: Iterable[str], allow_networks: Iterable[str] = (),
                 resolve: Callable[[str], list[str]] = lookup) -> None:  # fmt: skip
        self._resolve = resolve
        self._lock = threading.Lock()
        self._pinned: dict[str, str] = {}
        self.networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
        self.site_addresses: set[IPAddress] = set()
        hosts: set[str] = set()
        for url in site_urls:
            try:
                host = urlsplit(url).hostname
            except ValueError:
                continue
            if host:
                hosts.add(host)
        for host in sorted(hosts):  # each host resolved once
            literal = parse_ip(host)
            addresses = [str(literal)] if literal is not None else resolve(host)
            for text in addresses:
                if (ip := parse_ip(text)) is not None:
                    self.site_addresses.add(ip)
            if addresses:  # pinned at once: the crawl connects to the address checked here
                self._pinned[host.lower().strip("[]")] = addresses[0]

    def address_refusal(self, address: str | IPAddress, host: str | None = None) -> Refusal | None:
        """None when a connection to `address` is allowed."""
        ip = parse_ip(str(address))
        if ip is None:
            return Refusal("bad_url", "地址无法识别，未访问")
        if is_public(ip) or ip in self.site_addresses or any(ip in net for net in self.networks):
            return None
        what = "本机" if ip.is_loopback else "内网或保留"
        name = f"{host} 解析为 " if host and parse_ip(host) is None else ""
        return Refusal("private_address", f"目标地址（{name}{ip}）属{what}地址，出于安全原因未访问")

    def pinned(self, host: str) -> tuple[bool, str | None]:
        """(whether `host` is pinned already, its address): no lookup, never blocks."""
        host = host.lower().strip("[]")
        with self._lock:
            return host in self._pinned, self._pinned.get(host)

    def resolve(self, host: str) -> str | None:
        """The address connections to `host` go to: resolved once, then pinned for the crawl.
        A name that does not resolve is asked again next time (a retry may succeed)."""
        host = host.lower().strip("[]")
        with self._lock:
            if host in self._pinned:
                return self._pinned[host]
        literal = parse_ip(host)
        found = [str(literal)] if literal is not None else self._resolve(host)
        if not found:
            return None
        with self._lock:
            return self._pinned.setdefault(host, found[0])

    def quick_refusal(self, url: str) -> Refusal | None:
        """Refusal by the URL's form and, for an address written in the URL, by that address; no
        DNS lookup (for the request factory, which must not block)."""
        refused = url_refusal(url)
        if refused is not None:
            return refused
        host = urlsplit(url).hostname or ""
        return self.address_refusal(host) if parse_ip(host) is not None else None

    def refusal(self, url: str) -> Refusal | None:
        """Refusal of a URL by its form, and by its host's (pinned) address; None when allowed.
        A host that does not resolve is allowed here: the fetch fails as a DNS error."""
        refused = url_refusal(url)
        if refused is not None:
            return refused
        host = urlsplit(url).hostname or ""
        address = self.resolve(host)
        if address is None:
            return None
        return self.address_refusal(address, host)


_ACTIVE: list[FetchPolicy] = []


def install(policy: FetchPolicy) -> FetchPolicy:
    """Make `policy` the one of this process (one crawl per process, crawler/runner.py)."""
    _ACTIVE[:] = [policy]
    return policy


def active() -> FetchPolicy | None:
    return _ACTIVE[0] if _ACTIVE else None
