"""Logging in and out."""

from __future__ import annotations

import secrets
import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash
from werkzeug.wrappers.response import Response as BaseResponse

from .context import console

bp = Blueprint("auth", __name__)
FAILED_LOGIN_PAUSE = 0.5  # seconds


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse:
    if request.method == "POST":
        user = console().users.get(request.form.get("login", "").strip())
        password = request.form.get("password", "")
        if user is not None and check_password_hash(user.password_hash, password):
            session.clear()
            session.permanent = True
            session["login"] = user.login
            session["csrf"] = secrets.token_urlsafe(32)
            target = request.args.get("next") or ""
            return redirect(
                target if target.startswith("/") and not target.startswith("//") else "/dashboard"
            )
        time.sleep(FAILED_LOGIN_PAUSE)  # slows password guessing; other requests go on
        flash("用户名或密码不正确。", "error")
    return render_template("login.html")


@bp.post("/logout")
def logout() -> BaseResponse:
    session.clear()
    return redirect(url_for("auth.login"))
