"""Helpers for the site-wide checks' tests: HTTPS servers with certificates made by the test
(trustme), judging gathered facts with the real checks."""

from __future__ import annotations

import datetime as dt
import ssl
from typing import Any

import yaml
from govaudit.checks import Context, run_checks
from govaudit.config import parse_config
from govaudit.store import Snapshot
from govaudit.store.schema import Run

from govaudit.demo.siteserver import Route, SiteServer
from govaudit.models import Finding, Note


def https_server(cert: Any, routes: dict[str, Route], *, chain: bool = True) -> SiteServer:
    """A started HTTPS server on 127.0.0.1 presenting `cert` (a trustme LeafCert); chain=False
    sends the leaf alone (an incomplete chain when an intermediate CA issued it)."""
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if chain:
        cert.configure_cert(ctx)
    else:
        import tempfile

        with tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False) as leaf, \
                tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False) as key:  # fmt: skip
            leaf.write(cert.cert_chain_pems[0].bytes())
            key.write(cert.private_key_pem.bytes())
        ctx.load_cert_chain(leaf.name, key.name)
    server = SiteServer(ssl_context=ctx)
    for path, route in routes.items():
        server.add(path, route)
    return server.start()


def judge(site: dict[str, Any], facts: dict[str, dict[str, Any]], as_of: dt.date,
          *only: str) -> tuple[list[Finding], list[Note]]:  # fmt: skip
    """Run `only` checks over a snapshot holding nothing but the homepage's site-wide facts."""
    config = parse_config(yaml.safe_dump({"sites": [{"name": "测试县人民政府", **site}]}, allow_unicode=True))
    s = config.sites[0]
    run = Run(id=1, site=s.name, site_url=s.url, as_of=as_of, status="done", stats={})
    snapshot = Snapshot(run=run, facts=facts)
    return run_checks(Context(config=config, site=s, snapshot=snapshot, as_of=as_of), only=only)
