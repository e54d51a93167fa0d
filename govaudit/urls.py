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


def _site_host(url: str) -> tuple[str, int | None]:
    """(host without a leading www., port unless it is the scheme's default): what stays the
    same when a site moves from http to https, and what changes when it moves host or port."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if port == {"http": 80, "https": 443}.get(parts.scheme):
        port = None
    return (parts.hostname or "").lower().removeprefix("www."), port


def site_thing(url: str, site_url: str | None) -> str:
    """The identity of a thing at fault (issue 9): for the site's own pages (the host of its
    homepage `site_url`, either scheme) its path and query ("/zwyw/list_2.html?id=3"), so
    that a site reached at a new address keeps its issues; anything else (an outside link
    target, a non-URL key) unchanged."""
    if not site_url or not url.startswith(("http://", "https://")):
        return url
    try:
        parts = urlsplit(url)
        if _site_host(url) != _site_host(site_url) or not parts.hostname:
            return url
    except ValueError:
        return url
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def at_site(thing: str, site_url: str) -> str:
    """A thing at fault as a URL at the site's current address (`site_thing` reversed)."""
    if not thing.startswith("/"):
        return thing
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}{thing}"


def rehome(url: str, site_url: str) -> str:
    """`url` with the scheme and host of `site_url` (a page of a site that has moved)."""
    parts = urlsplit(url)
    return at_site((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), site_url)
