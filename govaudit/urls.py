"""URL helpers shared by the crawler and the checks."""

from __future__ import annotations

from urllib.parse import urlsplit


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the default port filled in: "internal" means the same origin."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def same_origin(a: str, b: str) -> bool:
    return origin(a) == origin(b)


def page_key(url: str) -> str:
    """A URL as a page identity when pages link to each other: no fragment, no trailing slash."""
    return url.split("#", 1)[0].rstrip("/")
