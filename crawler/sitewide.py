"""Site-wide facts, gathered once per site after its crawl (issue 13): the footer of the homepage
and a sample of pages, HTTPS (certificate, redirect, mixed content), IPv6, the site search, the
homepage's 年度报表 links, and the 政务新媒体 accounts' public pages.

Called by the audit runner (scheduler/audit.py) in the parent process, with the snapshot the
crawl stored and the folder of pages as fetched (store/evidence.py spools them). Data only:
checks/ judge. A kind of fact is gathered only when a check that reads it is enabled.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from contextvars import ContextVar
from typing import Any
from urllib.parse import urljoin

import requests
from govaudit.config import Config, Site
from govaudit.config.sitewide import MediaAccount
from govaudit.store import Snapshot
from govaudit.store.evidence import read_spooled_html

from govaudit.urls import same_origin

from . import probe
from .extract import decode_html, extract_dated_links, find_dates, parse_html
from .extract.footer import extract_footer
from .extract.htmldoc import visible_text
from .extract.sitepages import (
    doc_links_with,
    links_with,
    media_names,
    mixed_content,
    result_lists,
    search_form,
    search_request,
)
from .fetcherrors import is_failure
from .policy import FetchPolicy, proxy_urls

log = logging.getLogger(__name__)

# A fact with "undecided" (or "failed") could not settle its check: such a run closes no issue
# (issues/judged.py).
# which checks read which kind of fact (a recheck or a disabled check gathers no more than needed)
FACT_OF_CHECK = {
    "footer_missing": "footer", "tls_problem": "tls", "ipv6_missing": "ipv6", "search_broken": "search",
    "annual_statement_missing": "statement", "media_stale": "media", "media_unreachable": "media",
}  # fmt: skip
STATEMENT_WORDS = ("年度报表", "年报表")
MEDIA_PAGE_WORDS = ("政务新媒体", "新媒体矩阵", "新媒体")
MAX_BYTES = 4 * 1024 * 1024
MAX_REDIRECTS = 5
# the fetch policy of the site being gathered (a context variable: audits may run in threads)
_POLICY: ContextVar[FetchPolicy | None] = ContextVar("sitewide_policy", default=None)


def _get(
    url: str, timeout: float, ua: str, method: str = "get", data: dict[str, str] | None = None
) -> dict[str, Any]:
    """One request: {status, final_url, body} or {status None, error}. Under the crawl's fetch
    policy (crawler/policy.py): a URL taken from the site's pages (a search form's action, a
    年度报表 link) or a redirect hop to an internal address is refused, never asked."""
    policy = _POLICY.get()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                if policy is not None and (refused := policy.refusal(url)) is not None:
                    return {"status": None, "error": refused.kind, "detail": refused.reason}
                resp = requests.request(method, url, data=data, timeout=timeout, verify=False, stream=True,
                                        allow_redirects=False, headers={"User-Agent": ua.encode("utf-8")})  # type: ignore[dict-item]  # fmt: skip
                location = resp.headers.get("Location") if resp.is_redirect else None
                if location:
                    resp.close()
                    url, method, data = urljoin(url, location), "get", None
                    continue
                body = resp.raw.read(MAX_BYTES, decode_content=True)
                resp.close()
                return {"status": resp.status_code, "final_url": resp.url, "body": body,
                        "content_type": resp.headers.get("Content-Type")}  # fmt: skip
            return {"status": None, "error": "redirect_loop", "detail": "too many redirects"}
        except (requests.RequestException, ValueError, OSError) as exc:
            return {"status": None, "error": type(exc).__name__, "detail": str(exc)[:200]}


def _doc(answer: dict[str, Any]) -> Any:
    text, _ = decode_html(answer.get("body") or b"", answer.get("content_type"))
    return parse_html(text)


def _page_doc(html_dir: str | None, url: str) -> Any | None:
    data = read_spooled_html(html_dir, url) if html_dir else None
    return parse_html(decode_html(data)[0]) if data else None


def wanted_facts(site: Site, only: set[str] | None) -> set[str]:
    return {kind for check, kind in FACT_OF_CHECK.items()
            if check not in site.disable and (only is None or check in only)}  # fmt: skip


def gather(config: Config, site: Site, snapshot: Snapshot, html_dir: str | None, as_of: dt.date,
           only: set[str] | None = None) -> dict[str, dict[str, Any]]:  # fmt: skip
    """The site-wide facts of the kinds enabled checks read, by kind."""
    kinds = wanted_facts(site, only)
    crawl = config.crawl_for(site)
    trusted = [site.url, site.tls.https_url, site.tls.http_url, *(a.url for a in site.media), *proxy_urls()]
    _POLICY.set(FetchPolicy([u for u in trusted if u], crawl.allow_networks))
    timeout, ua = crawl.timeout, crawl.user_agent
    home = snapshot.homepage
    home_ok = home is not None and not is_failure(home.status, home.error)
    facts: dict[str, dict[str, Any]] = {}
    jobs = {
        "footer": lambda: _footer(site, snapshot, html_dir),
        "tls": lambda: _tls(site, snapshot, html_dir, timeout, ua),
        "ipv6": lambda: probe.probe_ipv6(site.url, timeout, ua),
        "search": lambda: _search(site, snapshot, html_dir, timeout, ua),
        "statement": lambda: _statement(site, snapshot, timeout, ua),
    }
    for kind, job in jobs.items():
        if kind in kinds and home_ok:
            try:
                facts[kind] = job()
            except Exception as exc:  # noqa: BLE001 - one probe's failure must not stop the others
                log.warning("site-wide %s of %s failed: %s", kind, site.name, exc)
                facts[kind] = {"failed": f"{type(exc).__name__}"}
    if "media" in kinds and (site.media or home_ok):
        try:
            facts["media"] = _media(site, snapshot, timeout, ua, as_of)
        except Exception as exc:  # noqa: BLE001 - as above
            log.warning("site-wide media of %s failed: %s", site.name, exc)
    return facts


def _footer(site: Site, snapshot: Snapshot, html_dir: str | None) -> dict[str, Any]:
    home = snapshot.homepage
    assert home is not None
    others = [p for p in snapshot.pages if p.role in ("column", "article") and same_origin(p.url, site.url)
              and not is_failure(p.status, p.error) and "html" in (p.content_type or "text/html")]  # fmt: skip
    others.sort(key=lambda p: p.role != "column")
    pages = []
    for page in [home, *others[: site.footer.sample]]:
        doc = _page_doc(html_dir, page.url)
        if doc is not None:
            pages.append({"url": page.url, "role": page.role, **extract_footer(doc).as_dict()})
    return {"pages": pages}


def _tls(site: Site, snapshot: Snapshot, html_dir: str | None, timeout: float, ua: str) -> dict[str, Any]:
    from urllib.parse import urlsplit

    parts = urlsplit(site.url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.scheme == "https":
        https_url = site.url
        http_url = site.tls.http_url or (f"http://{netloc}/" if parts.port is None else None)
    else:
        http_url = site.url
        https_url = site.tls.https_url or f"https://{netloc}/"
    policy = _POLICY.get()
    out = probe.probe_tls(https_url, http_url, timeout, ua, policy.refusal if policy is not None else None)
    mixed: list[dict[str, Any]] = []
    for page in snapshot.pages:
        if page.url.startswith("https://") and (doc := _page_doc(html_dir, page.url)) is not None:
            mixed.extend({"page": page.url, **m} for m in mixed_content(doc))
    out["mixed"] = mixed[:20]
    out["https_pages"] = sum(1 for p in snapshot.pages if p.url.startswith("https://"))
    return out


def _recent_titles(site: Site, snapshot: Snapshot, count: int) -> list[dict[str, str]]:
    items = [i for i in snapshot.items if i.column is not None and i.date is not None and len(i.title) >= 6
             and same_origin(i.url, site.url)]  # fmt: skip
    items.sort(key=lambda i: i.date, reverse=True)  # type: ignore[arg-type,return-value]
    out: list[dict[str, str]] = []
    for i in items:
        if i.title not in {o["title"] for o in out}:
            out.append({"title": i.title, "url": i.url, "date": i.date.isoformat()})  # type: ignore[union-attr]
        if len(out) >= count:
            break
    return out


def _search(site: Site, snapshot: Snapshot, html_dir: str | None, timeout: float, ua: str) -> dict[str, Any]:
    home = snapshot.homepage
    assert home is not None
    doc = _page_doc(html_dir, home.url)
    form = search_form(doc, home.final_url or home.url) if doc is not None else None
    template = site.search.url
    out: dict[str, Any] = {"form": form, "template": template, "tries": []}
    if form is None and template is None:
        return out
    for item in _recent_titles(site, snapshot, site.search.titles):
        method, url, data = search_request(form, template, item["title"])
        answer = _get(url, timeout, ua, method, data)
        tried: dict[str, Any] = {**item, "search_url": url, "status": answer.get("status"),
                                 "error": answer.get("error")}  # fmt: skip
        if answer.get("status") is not None and answer["status"] < 400:
            tried.update(result_lists(_doc(answer), item["title"], item["url"]))
        out["tries"].append(tried)
    out["undecided"] = not out["tries"]  # no titles to try (a recheck crawls no columns)
    found = next((t for t in out["tries"] if t.get("found")), None)
    if found is not None and len(found["title"]) >= 8:  # typo tolerance: one character left out
        words = found["title"][:3] + found["title"][4:]
        method, url, data = search_request(form, template, words)
        answer = _get(url, timeout, ua, method, data)
        if answer.get("status") is not None and answer["status"] < 400:
            out["tolerance"] = {"words": words, **result_lists(_doc(answer), found["title"], found["url"])}
    return out


def _statement(site: Site, snapshot: Snapshot, timeout: float, ua: str) -> dict[str, Any]:
    home = snapshot.homepage
    assert home is not None
    links = links_with(home.out_links or [], STATEMENT_WORDS)
    followed = []
    for link in links[:2]:  # a homepage entry to a 年度报表 list: read that list once
        if link["url"].startswith(("http://", "https://")) and not any(ch.isdigit() for ch in link["text"]):
            answer = _get(link["url"], timeout, ua)
            if answer.get("status") is not None and answer["status"] < 400:
                followed.extend(doc_links_with(_doc(answer), answer["final_url"], STATEMENT_WORDS))
            else:
                followed.append({"text": "", "url": link["url"], "failed": True})  # type: ignore[dict-item]
    column = site.annual_statement.column
    items = [{"text": i.title, "url": i.url, "date": i.date.isoformat() if i.date else None}
             for i in snapshot.column_items(column)] if column else []  # fmt: skip
    col_page = snapshot.column_page(column) if column else None
    column_read = col_page is not None and not is_failure(col_page.status, col_page.error)
    undecided = any(f.get("failed") for f in followed) or bool(column and not column_read)
    return {"homepage": links, "followed": followed, "column": column, "column_items": items,
            "column_read": column_read, "undecided": undecided}  # fmt: skip


def _account(account: MediaAccount, timeout: float, ua: str, as_of: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {"name": account.name, "platform": account.platform, "url": account.url}
    if not account.url:
        return out
    answer = _get(account.url, timeout, ua)
    out.update(status=answer.get("status"), error=answer.get("error"))
    if answer.get("status") is None or answer["status"] >= 400:
        return out
    doc = _doc(answer)
    dates = [i.date for i in extract_dated_links(doc, answer["final_url"], ref_date=as_of) if i.date]
    if not dates:
        dates = [m.date for m in find_dates(visible_text(doc, sep="\n"), ref=as_of) if m.date]
    dates = [d for d in dates if d <= as_of]
    out.update(newest=max(dates).isoformat() if dates else None, dates=len(dates))
    return out


def _media(site: Site, snapshot: Snapshot, timeout: float, ua: str, as_of: dt.date) -> dict[str, Any]:
    accounts = [_account(a, timeout, ua, as_of) for a in site.media]
    listed: list[str] = []
    page_url = None
    home = snapshot.homepage
    if home is not None and not is_failure(home.status, home.error):
        pages = links_with(home.out_links or [], MEDIA_PAGE_WORDS)
        if pages:
            page_url = pages[0]["url"]
            answer = _get(page_url, timeout, ua)
            if answer.get("status") is not None and answer["status"] < 400:
                listed = media_names(_doc(answer))
    return {"accounts": accounts, "site_page": page_url, "listed": listed}
