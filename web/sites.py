"""网站与栏目 in the browser (the office): add a site by its homepage, confirm or edit the columns
govaudit proposes (crawler/propose.py), edit a site's columns later, start an audit now.

Every change saves a new version of the config in the database (config/dbcopy.py), validated
as a file would be; the console uses it at once, `govaudit serve`'s jobs from their next run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from govaudit.config import dbcopy
from govaudit.config.schema import COLUMN_KINDS, DEFAULT_MAX_AGE, Site, _http_url
from govaudit.crawler.propose import KIND_NAMES, Proposal, ProposedColumn, propose
from werkzeug.wrappers.response import Response as BaseResponse

from govaudit.errors import ConfigError

from .context import console, office_only, viewer

bp = Blueprint("sites", __name__)
log = logging.getLogger(__name__)
_AUDITS: dict[str, threading.Thread] = {}
_AUDIT_LOCK = threading.Lock()


@bp.before_request
def _office() -> None:
    office_only()


@bp.get("/sites")
def site_list() -> str:
    c = console()
    running = {name for name, t in _AUDITS.items() if t.is_alive()}
    return render_template("sites.html", site_rows=c.config.sites, kind_names=KIND_NAMES, running=running,
                           default_age=DEFAULT_MAX_AGE)  # fmt: skip


def _existing_columns(site: Site) -> list[ProposedColumn]:
    return [ProposedColumn(name=col.name, url=col.url, kind=col.kind, why="已配置的栏目", unit=col.unit)
            for col in site.columns]  # fmt: skip


@bp.post("/sites/propose")
def propose_columns() -> str | BaseResponse:
    """Read the homepage and propose columns (an existing site: its columns first, then new ones)."""
    c = console()
    homepage = request.form.get("homepage", "").strip()
    try:
        _http_url(homepage)
    except ValueError:
        flash("请填写网站首页地址，以 http:// 或 https:// 开头。", "error")
        return redirect(url_for("sites.site_list"))
    found = propose(homepage, c.config.crawl, c.config.units, as_of=c.today())
    if found.error:
        flash(f"无法识别栏目：{found.error}。请检查网址后重试。", "error")
        return redirect(url_for("sites.site_list"))
    existing = next((s for s in c.config.sites if s.url.rstrip("/") == homepage.rstrip("/")), None)
    columns = _existing_columns(existing) if existing else []
    known = {col.url for col in columns}
    columns += [col for col in found.columns if col.url not in known]
    return render_template(
        "propose.html", p=found, columns=columns, existing=existing, configured=known,
        site_name=existing.name if existing else (request.form.get("name") or found.site_name or ""),
        site_unit=existing.unit if existing else request.form.get("unit", ""), homepage=homepage,
        kinds=COLUMN_KINDS, kind_names=KIND_NAMES,
    )  # fmt: skip


@bp.get("/sites/<int:index>/columns")
def edit_columns(index: int) -> str:
    c = console()
    if not 0 <= index < len(c.config.sites):
        abort(404, "网站不存在。")
    site = c.config.sites[index]
    columns = _existing_columns(site)
    return render_template(
        "propose.html", p=Proposal(homepage=site.url, site_name=site.name), columns=columns, existing=site,
        configured={col.url for col in columns}, site_name=site.name, site_unit=site.unit or "",
        homepage=site.url, kinds=COLUMN_KINDS, kind_names=KIND_NAMES,
    )  # fmt: skip


def _submitted_columns() -> list[dict[str, Any]]:
    out = []
    for n in range(int(request.form.get("count", "0") or 0)):
        if not request.form.get(f"accept-{n}"):
            continue
        col: dict[str, Any] = {
            "name": request.form.get(f"name-{n}", "").strip(),
            "url": request.form.get(f"url-{n}", "").strip(),
            "kind": request.form.get(f"kind-{n}", "other"),
        }
        if request.form.get(f"unit-{n}"):
            col["unit"] = request.form[f"unit-{n}"]
        out.append(col)
    return out


@bp.post("/sites/accept")
def accept() -> BaseResponse:
    """Save the site with the ticked columns (an existing site keeps each column's other settings)."""
    c = console()
    name, homepage = request.form.get("site_name", "").strip(), request.form.get("homepage", "").strip()
    unit = request.form.get("site_unit") or None
    columns = _submitted_columns()
    names = [col["name"] for col in columns]
    problem = next((f"栏目名称“{x}”重复，请修改后再保存。" for x in names if names.count(x) > 1), None)
    if not name:
        problem = "请填写网站名称。"
    if any(col["kind"] not in COLUMN_KINDS or not col["name"] for col in columns):
        problem = "栏目名称不能为空。"
    original = request.form.get("original", "")
    if any(s.name == name for s in c.config.sites) and name != original:
        problem = f"已有名为“{name}”的网站，请换一个名称。"
    if problem:
        flash(problem, "error")
        return redirect(url_for("sites.site_list"))

    def change(data: dict[str, Any]) -> None:
        sites = data.setdefault("sites", [])
        old = next((s for s in sites if s.get("name") == (original or name)), None)
        before = {col.get("url"): col for col in (old or {}).get("columns", [])}
        merged = []
        for col in columns:
            kept = dict(before.get(col["url"], {}))
            kept.update(col)
            if "unit" not in col:
                kept.pop("unit", None)
            merged.append(kept)
        site = dict(old or {})
        site.update({"name": name, "url": homepage, "columns": merged})
        if unit:
            site["unit"] = unit
        else:
            site.pop("unit", None)
        if old is None:
            sites.append(site)
        else:
            sites[sites.index(old)] = site

    return _save(change, f"网站“{name}”的栏目", f"已保存网站“{name}”，共 {len(columns)} 个栏目。",
                 "配置校验未通过，未保存。请检查网址是否完整、名称是否重复。")  # fmt: skip


def _save(change: Callable[[dict[str, Any]], None], note: str, done: str, refused: str) -> BaseResponse:
    """Save the edited config as a new copy and use it at once; an invalid edit saves nothing."""
    c = console()
    try:
        c.use(dbcopy.edit(c.sessions, change, actor=viewer().actor, note=note, current=c.config))
        flash(done, "ok")
    except ConfigError as exc:
        log.warning("config not saved: %s", exc)
        flash(refused, "error")
    return redirect(url_for("sites.site_list"))


@bp.post("/sites/<int:index>/delete")
def delete_site(index: int) -> BaseResponse:
    """Stop monitoring a site (its issues and reports are kept); needs the confirmation box."""
    c = console()
    if not 0 <= index < len(c.config.sites):
        abort(404, "网站不存在。")
    name = c.config.sites[index].name
    if request.form.get("confirm") != "1":
        flash(f"请勾选“确认不再监测”后再删除网站“{name}”。", "error")
        return redirect(url_for("sites.site_list"))
    if len(c.config.sites) == 1:
        flash("至少需要保留一个网站。", "error")
        return redirect(url_for("sites.site_list"))

    def change(data: dict[str, Any]) -> None:
        data["sites"] = [s for s in data.get("sites", []) if s.get("name") != name]

    return _save(change, f"删除网站“{name}”", f"已不再监测网站“{name}”（已有问题和检查报告保留）。",
                 "配置校验未通过，未保存。")  # fmt: skip


@bp.post("/sites/<int:index>/audit")
def audit_now(index: int) -> BaseResponse:
    """Start an audit of the site in the background (one at a time); its report appears under 检查报告."""
    from govaudit.scheduler.audit import audit_site

    c = console()
    if not 0 <= index < len(c.config.sites):
        abort(404, "网站不存在。")
    site, config, as_of = c.config.sites[index], c.config, c.today()
    with _AUDIT_LOCK:
        if any(t.is_alive() for t in _AUDITS.values()):
            flash("已有检查正在进行，请稍后再试。", "error")
            return redirect(url_for("sites.site_list"))

        def run() -> None:
            from govaudit.scheduler.jobs import AUDIT_LOCK

            try:
                with AUDIT_LOCK:  # under `serve`: after a scheduled audit in progress, never beside it
                    audit_site(config, site, as_of, c.db_url)
            except Exception:  # noqa: BLE001 - a failed audit must not kill the console
                log.exception("audit of %s from the web failed", site.name)

        thread = threading.Thread(target=run, name=f"web-audit:{site.name}", daemon=True)
        _AUDITS[site.name] = thread
        thread.start()
    flash(f"已开始检查“{site.name}”，完成后可在概览和检查报告中查看结果。", "ok")
    return redirect(url_for("sites.site_list"))
