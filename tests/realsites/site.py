"""Serving a template site on 127.0.0.1 and running the real audit over it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govaudit.store import load_snapshot, open_db

from govaudit.demo.siteserver import Request, Resp, Route, SiteServer
from govaudit.models import AuditResult
from tests.conftest import AS_OF, make_config, run, serve
from tests.realsites.lists import shell

#: the pages every template's header, footer and side boxes link to
FURNITURE = ("/zwgk/", "/hdjl/", "/bsfw/", "/wzdt/", "/lxwm/", "/xx/add", "/ksk/1.html", "/ksk/2.html",
             *(f"/zwgk/c{i}/" for i in range(1, 7)))  # fmt: skip


def ago(n: int) -> dt.date:
    return AS_OF - dt.timedelta(days=n)


def gbk(text: str) -> Resp:
    return Resp(text.encode("gbk"), content_type="text/html; charset=gbk")


def by_query(param: str, pages: Mapping[str, str | Resp], first: str = "1") -> Route:
    """One path answering by a query parameter (``?pageNum=2``, ``cur_page=3``, ``moveTo=1``);
    the page without it is ``pages[first]``."""

    def answer(request: Request) -> Resp:
        page = pages.get(request.arg(param, first) or first)
        if page is None:
            return Resp("<html><body>404</body></html>", status=404)
        return page if isinstance(page, Resp) else Resp(page)

    return answer


def audit_site(server: SiteServer, tmp_path: Path, routes: Mapping[str, Route], columns: list[dict[str, Any]],
               **site: Any) -> tuple[AuditResult, str, Any]:  # fmt: skip
    """Serve ``routes`` (plus the furniture pages and a homepage linking every column), audit the
    site with ``columns``; returns the result, the base URL and the run's snapshot.

    meta_missing is off: the templates as modelled carry no GB/T 33476 meta tags, so that finding
    would be true here (it is tested on its own elsewhere)."""
    site = {"disable": ["meta_missing", *site.pop("disable", [])], **site}
    all_routes: dict[str, Route] = {p: shell("栏目", "<p>本栏目介绍。</p>") for p in FURNITURE}
    links = "".join(f'<a href="{c["url"]}">{c["name"]}</a>' for c in columns)
    all_routes["/"] = shell("测试县人民政府", f'<div class="nav">{links}</div>')
    all_routes.update(routes)
    base = serve(server, all_routes)
    result = run(make_config(base, columns, site=site), tmp_path)
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    return result, base, snap


def findings(result: AuditResult, *, column: str | None = None) -> list[tuple[str, str]]:
    return [(f.check, f.message) for f in result.findings if column is None or f.column == column]
