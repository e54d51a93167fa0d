"""单位与账号 (the office): the responsible units (name, email, other names) and the web logins
(the office's, and one or more per unit). Passwords are stored as hashes only; every change
saves a new config version in the database (config/dbcopy.py)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from govaudit.config import dbcopy
from werkzeug.security import generate_password_hash
from werkzeug.wrappers.response import Response as BaseResponse

from govaudit.errors import ConfigError

from .context import console, office_only, viewer

bp = Blueprint("units", __name__)
log = logging.getLogger(__name__)
LOGIN_RE = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,40}$")
MIN_PASSWORD = 8


@bp.before_request
def _office() -> None:
    office_only()


@bp.get("/units")
def unit_list() -> str:
    c = console()
    return render_template("units.html", unit_rows=c.config.units, users=c.config.web.users)


def _save(change: Callable[[dict[str, Any]], None], note: str, done: str) -> BaseResponse:
    c = console()
    try:
        c.use(dbcopy.edit(c.sessions, change, actor=viewer().actor, note=note, current=c.config))
        flash(done, "ok")
    except ConfigError as exc:
        log.warning("config not saved: %s", exc)
        flash("配置校验未通过，未保存。请检查名称是否重复、单位是否仍被网站或栏目使用。", "error")
    return redirect(url_for("units.unit_list"))


def _split(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[,，、;；\s]+", text) if x.strip()]


@bp.post("/units/save")
def save_unit() -> BaseResponse:
    name = request.form.get("name", "").strip()
    original = request.form.get("original", "").strip()
    if not name:
        flash("请填写单位名称。", "error")
        return redirect(url_for("units.unit_list"))
    unit: dict[str, Any] = {"name": name}
    if request.form.get("email", "").strip():
        unit["email"] = request.form["email"].strip()
    if _split(request.form.get("aliases", "")):
        unit["aliases"] = _split(request.form["aliases"])

    def change(data: dict[str, Any]) -> None:
        units = data.setdefault("units", [])
        old = next((u for u in units if u.get("name") == (original or name)), None)
        if original and old is None:
            raise ConfigError("unit gone")
        if not original and old is not None:
            raise ConfigError("duplicate unit")
        if old is None:
            units.append(unit)
        else:
            units[units.index(old)] = unit

    return _save(change, f"单位“{name}”", f"已保存单位“{name}”。")


@bp.post("/units/logins")
def save_login() -> BaseResponse:
    login = request.form.get("login", "").strip()
    password = request.form.get("password", "")
    unit = request.form.get("unit", "")
    if not LOGIN_RE.match(login):
        flash("用户名应为 2–40 个字母、数字或汉字。", "error")
        return redirect(url_for("units.unit_list"))
    if len(password) < MIN_PASSWORD:
        flash(f"密码至少 {MIN_PASSWORD} 位。", "error")
        return redirect(url_for("units.unit_list"))
    user: dict[str, Any] = {"login": login, "password_hash": generate_password_hash(password)}
    if unit:
        user["unit"] = unit
    else:
        user["role"] = "office"

    def change(data: dict[str, Any]) -> None:
        users = data.setdefault("web", {}).setdefault("users", [])
        old = next((u for u in users if u.get("login") == login), None)
        if old is None:
            users.append(user)
        else:
            users[users.index(old)] = user

    who = unit or "政务公开办公室"
    return _save(change, f"账号“{login}”", f"已保存账号“{login}”（{who}），请将密码告知使用人。")


@bp.post("/units/logins/delete")
def delete_login() -> BaseResponse:
    login = request.form.get("login", "")
    if login == viewer().login:
        flash("不能删除当前登录的账号。", "error")
        return redirect(url_for("units.unit_list"))

    def change(data: dict[str, Any]) -> None:
        users = data.setdefault("web", {}).setdefault("users", [])
        users[:] = [u for u in users if u.get("login") != login]

    return _save(change, f"删除账号“{login}”", f"已删除账号“{login}”。")
