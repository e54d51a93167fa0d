"""The web pages in headless Chromium (Debian's chromium + chromedriver, driven by selenium):
a unit logs in, gives feedback, requests a recheck; the recheck is processed (the scheduler's
function, on the real local site, which has been fixed meanwhile); the unit sees the issue
rectified. Skipped when chromium or chromedriver is not installed (.ci/run installs them)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.scheduler.recheck import process_pending
from govaudit.web import create_app
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, make_config, run
from tests.issues.test_loop import _site

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
PW = "bgs-密码-2026"

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason="chromium / chromedriver not installed",
)


@contextmanager
def chromium(tmp_path: Path, page_timeout: int = 30) -> Iterator[Any]:
    """Debian's headless Chromium driven by selenium, with its own profile folder."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'chrome-profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(page_timeout)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path) as driver:
        yield driver


def _wait(b: Any, text: str, element: str | None = None) -> str:
    """Wait until the page (or an element by id) shows `text` (a click does not wait for the
    next page); returns the text found."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(d: Any) -> str | bool:
        try:
            got = d.find_element(By.ID, element).text if element else d.find_element(By.TAG_NAME, "body").text
        except WebDriverException:  # not there yet, stale, or its document replaced meanwhile
            return False
        return got if text in got else False

    return str(WebDriverWait(b, 15).until(shown))


def test_unit_feedback_recheck_rectified_in_chromium(
    browser: Any, server: SiteServer, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    base = _site(server)
    data = yaml.safe_load(make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
                                             {"name": "通知公告", "url": "/tzgg/", "kind": "notice", "unit": "县教育局"}]))  # fmt: skip
    data["issues"] = {"auto_assign": True}
    data["sites"][0]["disable"] += ["meta_missing"]
    data["web"] = {
        "users": [{"login": "bgs", "unit": "县政府办公室", "password_hash": generate_password_hash(PW)}]
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    config = parse_config(text, "c.yaml")
    db = f"sqlite:///{tmp_path / 'loop.db'}"
    run(text, tmp_path, db=db)
    sessions = __import__("govaudit.store", fromlist=["open_db"]).open_db(db)
    (mine,) = [i for i in I.list_issues(sessions, state="open") if i.unit == "县政府办公室"]
    assert mine.check == "broken_link" and mine.state == "assigned"
    theirs = [i for i in I.list_issues(sessions, state="open") if i.unit == "县教育局"]
    assert theirs and theirs[0].check == "column_stale"

    web = make_server("127.0.0.1", 0, create_app(config, db, today=lambda: AS_OF), threaded=True)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{web.server_port}"
    try:
        b = browser
        b.get(url + "/issues")
        assert "/login" in b.current_url  # not logged in yet
        b.find_element(By.ID, "login").send_keys("bgs")
        b.find_element(By.ID, "password").send_keys(PW)
        b.find_element(By.ID, "submit").click()
        table = _wait(b, "链接不可用", "issues")
        assert "链接不可用" in table and "通知公告" not in table  # its own issues only
        b.find_element(By.LINK_TEXT, str(mine.id)).click()
        _wait(b, "已交办", "state")

        b.find_element(By.ID, "kind-fixed").click()
        b.find_element(By.ID, "note").send_keys("已恢复年度计划附件")
        b.find_element(By.ID, "submit-feedback").click()
        _wait(b, "反馈已提交")
        _wait(b, "已反馈", "state")

        b.find_element(By.ID, "request-recheck").click()
        _wait(b, "复核申请已提交")
        _wait(b, "等待系统重新检查", "recheck-pending")

        # the unit fixed the page; the scheduler's recheck job processes the request
        server.add("/files/plan.pdf", Resp(b"%PDF-1.4 plan", content_type="application/pdf"))
        assert process_pending(config, db, as_of=AS_OF) == 1
        b.refresh()
        _wait(b, "已整改", "state")
        history = _wait(b, "已反馈 → 已整改", "history")
        assert "县政府办公室·bgs" in history
        b.get(url + "/stats")
        _wait(b, "100%", "stats")
        b.find_element(By.ID, "logout").click()
        _wait(b, "登录", "submit")
        assert "/login" in b.current_url
    finally:
        web.shutdown()
    assert I.get_issue(sessions, mine.id).state == "rectified"
    assert I.get_issue(sessions, theirs[0].id).state == "assigned"  # untouched
