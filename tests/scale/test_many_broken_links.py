"""Scale (issue 10 item 4): one page with a huge number of broken links — 10,000 by default,
GOVAUDIT_SCALE_LINKS=100000 for the full figure — audited end to end with `govaudit audit`: at most
limits.findings_per_page findings for the page (the rest one finding with the count), one issue
each, an HTML report under 5 MB that opens in headless Chromium, a morning mail of bounded size.
The link targets are on a closed local port, so each fails at once."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from govaudit.config import load_config
from govaudit.notify.mail import build_daily_mails
from govaudit.store import open_db
from govaudit.store.loop_tables import IssueRow
from sqlalchemy import func, select

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config
from tests.sitebuilder import page
from tests.web.test_browser import CHROMEDRIVER, CHROMIUM, chromium

LINKS = int(os.environ.get("GOVAUDIT_SCALE_LINKS", "10000"))
PER_PAGE = 50
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _open_in_chromium(path: Path, tmp_path: Path) -> str:
    """The report's visible text as headless Chromium renders it."""
    from selenium.webdriver.common.by import By

    with chromium(tmp_path, page_timeout=60) as driver:
        driver.get(path.as_uri())
        assert "政府网站检查报告" in driver.title
        return str(driver.find_element(By.TAG_NAME, "body").text)


def test_a_page_with_many_broken_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    body = "".join(f'<li><a href="{dead}/dead/{i}.html">失效链接{i}</a></li>' for i in range(LINKS))
    with SiteServer() as server:
        server.add("/", page("测试县人民政府", f"<ul>{body}</ul>"))
        data = yaml.safe_load(make_config(server.url, [], crawl={
            "retries": 0, "concurrency": 64, "concurrency_per_host": 64, "max_body_mb": 64, "timeout": 5,
            "time_limit": 3000}))  # fmt: skip
        data["units"][0]["email"] = "office@example.test"
        data["issues"] = {"auto_assign": True}
        data["sites"][0]["disable"] = ["meta_missing"]
        cfg = tmp_path / "c.yaml"
        cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'scale.db'}"
        started = time.monotonic()
        res = subprocess.run(
            [sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg), "--as-of", AS_OF.isoformat(),
             "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"), "--db", db],
            capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        elapsed = time.monotonic() - started
    assert res.returncode == 0, res.stderr
    findings = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    broken = [f for f in findings if f["check"] == "broken_link"]
    assert len(broken) == PER_PAGE + 1
    (summary,) = [f for f in broken if "more_count" in f["evidence"]]
    assert summary["evidence"]["more_count"] == LINKS - PER_PAGE
    assert "更多内容请在网页控制台查看" in summary["message"]
    with open_db(db)() as s:
        assert s.scalar(
            select(func.count()).select_from(IssueRow).where(IssueRow.check == "broken_link")
        ) == (PER_PAGE + 1)
    report = tmp_path / "r.html"
    size = report.stat().st_size
    assert size < 5 * 1024 * 1024
    if shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER):
        text = _open_in_chromium(report, tmp_path)
        assert f"另有 {LINKS - PER_PAGE} 个目标" in text
    mails = build_daily_mails(open_db(db), load_config(cfg), AS_OF)
    mail_bytes = max(len(m.html.encode()) + len(m.text.encode()) + sum(len(a.data) for a in m.attachments)
                     for m in mails)  # fmt: skip
    assert mails and mail_bytes < 1024 * 1024
    with capsys.disabled():
        print(
            f"\n{LINKS} broken links: audit {elapsed:.0f} s, {len(findings)} findings, "
            f"HTML report {size / 1024:.0f} KB, largest mail {mail_bytes / 1024:.0f} KB"
        )
