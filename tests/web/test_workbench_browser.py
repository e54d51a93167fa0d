"""The office's workbench in headless Chromium (a real server, a real SQLite database, the demo
county site served on 127.0.0.1):

the office adds the site by its homepage and accepts proposed columns, starts an audit, sees
the dashboard with its charts, bulk-assigns issues to a unit; the unit logs in, uploads proof
with its feedback, requests a recheck and sees it recorded (the scheduler's recheck function
runs on the repaired site); the office sees the proof and exports the issue list as XLSX.

With GOVAUDIT_SCREENSHOTS=1 the dashboard, an issue page and the column proposal page are saved
to docs/*.png (README links them).
"""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.scheduler.recheck import process_pending
from govaudit.store import open_db
from govaudit.web import create_app
from openpyxl import load_workbook
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from govaudit.demo.run import SITE_DIR
from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture

DOCS = Path(__file__).resolve().parents[2] / "docs"
PW = {"bgs": "办公室-密码-2026", "jyj": "教育局-密码-2026", "jyj2": "教育局-新账号-2026"}
KEEP = ("政务要闻", "通知公告", "政策文件", "发改动态", "优化营商环境")  # the columns kept: a short crawl
pytestmark = pytest.mark.slow


def _wait(b: Any, text: str, element: str | None = None, seconds: float = 30) -> str:
    """Wait until the page (or an element by id) shows `text`; a page being replaced while it is
    read (a click's navigation) is read again."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(d: Any) -> str | bool:
        try:
            got = d.find_element(By.ID, element).text if element else d.find_element(By.TAG_NAME, "body").text
        except WebDriverException:  # not there yet, stale, or its document replaced meanwhile
            return False
        return got if text in got else False

    return str(WebDriverWait(b, seconds).until(shown))


def _shot(b: Any, name: str) -> None:
    if os.environ.get("GOVAUDIT_SCREENSHOTS") != "1":
        return
    height = b.execute_script("return document.documentElement.scrollHeight")
    b.set_window_size(1280, min(max(900, height + 40), 4000))
    DOCS.mkdir(exist_ok=True)
    b.save_screenshot(str(DOCS / name))
    b.set_window_size(1280, 900)


def _login(b: Any, url: str, who: str) -> None:
    from selenium.webdriver.common.by import By

    b.get(url + "/login")
    b.find_element(By.ID, "login").send_keys(who)
    b.find_element(By.ID, "password").send_keys(PW[who])
    b.find_element(By.ID, "submit").click()
    _wait(b, "概览")


def _logout(b: Any) -> None:
    from selenium.webdriver.common.by import By

    b.find_element(By.ID, "logout").click()
    _wait(b, "登录", "submit")


def _config(site_url: str) -> str:
    data = {
        "units": [{"name": "县政府办公室", "email": "office@example.test"}, {"name": "县教育局"},
                  {"name": "青山镇人民政府"}],
        "crawl": {"delay": 0, "autothrottle": False, "timeout": 5, "unreachable_retry_seconds": 1,
                  "concurrency_per_host": 8, "attachments": False},
        "monitor": {"reference_urls": [site_url + "/"]},
        "sites": [{"name": "示范县青山镇人民政府", "url": "http://127.0.0.1:9/", "unit": "青山镇人民政府"}],
        "web": {"users": [{"login": "bgs", "role": "office", "password_hash": generate_password_hash(PW["bgs"])},
                          {"login": "jyj", "unit": "县教育局", "password_hash": generate_password_hash(PW["jyj"])}]},
    }  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_office_and_unit_workbench_in_chromium(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    db = f"sqlite:///{tmp_path / 'w.db'}"
    with SiteServer.from_dir(SITE_DIR, today=AS_OF) as site:
        config = parse_config(_config(site.url))
        app = create_app(config, db, today=lambda: AS_OF)
        web = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=web.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{web.server_port}"
        b = browser
        b.set_window_size(1280, 900)
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        b.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        try:
            # -- the office adds the site from its homepage and accepts the proposed columns
            _login(b, url, "bgs")
            b.find_element(By.LINK_TEXT, "网站与栏目").click()
            b.find_element(By.ID, "homepage").send_keys(site.url + "/")
            Select(b.find_element(By.ID, "site-unit")).select_by_visible_text("县政府办公室")
            b.find_element(By.ID, "propose").click()
            summary = _wait(b, "识别出 19 个栏目", "proposal-summary")
            assert "已读取" in summary
            table = b.find_element(By.ID, "proposal").text
            assert (
                'value="县长信箱"' in b.page_source
                and "互动交流" in table
                and "无法访问（HTTP 404）" in table
            )
            _shot(b, "column-proposal.png")
            rows = b.find_elements(By.CSS_SELECTOR, "#proposal tr")[1:]
            for row in rows:
                box = row.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
                name = row.find_element(By.CSS_SELECTOR, "input[name^=name-]").get_attribute("value")
                if box.is_selected() != (name in KEEP):
                    box.click()
            b.find_element(By.ID, "accept").click()
            _wait(b, f"已保存网站“示范县人民政府”，共 {len(KEEP)} 个栏目")

            # -- starts an audit and sees the dashboard with charts
            b.find_element(By.ID, "audit-1").click()
            _wait(b, "已开始检查“示范县人民政府”")
            deadline = time.monotonic() + 180
            while True:
                b.get(url + "/dashboard")
                runs = b.find_element(By.ID, "latest-runs").text
                if "示范县人民政府 " + AS_OF.isoformat() + " 完成" in runs:
                    break
                assert time.monotonic() < deadline, runs
                time.sleep(2)
            assert len(b.find_elements(By.CSS_SELECTOR, "#charts svg, #trends svg")) == 4
            assert "单项否决风险" in b.find_element(By.ID, "tiles").text
            assert "示范县人民政府" in b.find_element(By.ID, "charts").get_attribute("innerHTML")
            _shot(b, "dashboard.png")

            # -- bulk-assigns the site's issues to the unit (filter → select → unit + deadline)
            b.get(url + "/issues?site=示范县人民政府")
            picks = b.find_elements(By.CSS_SELECTOR, "input[name=ids]")
            assert len(picks) >= 2
            for p in picks:
                p.click()
            Select(b.find_element(By.ID, "bulk-unit")).select_by_visible_text("县教育局")
            b.execute_script("document.getElementById('bulk-deadline').value = '2026-12-04'")
            b.find_element(By.ID, "bulk-assign").click()
            _wait(b, f"已批量交办 {len(picks)} 个问题给县教育局")
            sessions = open_db(db)
            mine = I.list_issues(sessions, unit="县教育局", state="open")
            assert len(mine) == len(picks) and all(str(i.deadline) == "2026-12-04" for i in mine)
            broken = next(i for i in mine if i.check == "broken_link" and i.url.endswith("b28e4d1f0c.pdf"))

            # -- gives the unit an email and a new login (units and logins in the browser)
            b.find_element(By.LINK_TEXT, "单位与账号").click()
            email = b.find_elements(By.CSS_SELECTOR, "#units input[name=email]")[1]  # 县教育局's row
            email.clear()
            email.send_keys("jyj@example.test")
            b.find_elements(By.CSS_SELECTOR, "#units button")[1].click()
            _wait(b, "已保存单位“县教育局”")
            b.find_element(By.ID, "new-login").send_keys("jyj2")
            b.find_element(By.ID, "new-password").send_keys(PW["jyj2"])
            Select(b.find_element(By.ID, "new-login-unit")).select_by_visible_text("县教育局")
            b.find_element(By.ID, "save-login").click()
            _wait(b, "已保存账号“jyj2”（县教育局）")
            assert app.extensions["govaudit"].config.units[1].email == "jyj@example.test"
            _logout(b)

            # -- the unit logs in, uploads proof and feedback, requests a recheck
            _login(b, url, "jyj2")
            assert "概览（县教育局）" in b.find_element(By.TAG_NAME, "h1").text
            b.get(url + "/issues")
            b.find_element(By.LINK_TEXT, str(broken.id)).click()
            _wait(b, "已交办", "state")
            proof = tmp_path / "整改后截图.png"
            proof.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
            b.find_element(By.ID, "proof").send_keys(str(proof))
            b.find_element(By.ID, "note").send_keys("已重新上传失效附件")
            b.find_element(By.ID, "submit-feedback").click()
            _wait(b, "反馈已提交（附佐证材料 1 个）")
            assert "整改后截图.png" in b.find_element(By.ID, "proofs").text
            b.find_element(By.ID, "request-recheck").click()
            _wait(b, "等待系统重新检查", "recheck-pending")
            site.add("/attach/0/b28e4d1f0c.pdf", Resp(b"%PDF-1.4 restored", content_type="application/pdf"))
            assert (
                process_pending(app.extensions["govaudit"].config, db, as_of=AS_OF) == 1
            )  # the scheduler's job
            b.refresh()
            trail = [(e.to_state, e.note) for e in I.history(sessions, broken.id)]
            assert I.get_issue(sessions, broken.id).state == "rectified", trail
            _wait(b, "已整改", "state")
            history = _wait(b, "已反馈 → 已整改", "history")
            assert "县教育局·jyj2" in history and "批量交办" in history
            _shot(b, "issue.png")
            _logout(b)

            # -- the office sees the proof and exports the issue list as XLSX
            _login(b, url, "bgs")
            b.get(f"{url}/issues/{broken.id}")
            link = b.find_element(By.LINK_TEXT, "整改后截图.png").get_attribute("href")
            assert f"/issues/{broken.id}/proofs/" in (link or "")
            b.get(url + "/issues?state=")
            b.find_element(By.ID, "export-xlsx").click()
            deadline = time.monotonic() + 30
            while not list(downloads.glob("*.xlsx")):
                assert time.monotonic() < deadline, "no XLSX downloaded"
                time.sleep(0.5)
            (xlsx,) = downloads.glob("*.xlsx")
            rows = list(
                load_workbook(io.BytesIO(xlsx.read_bytes())).active.iter_rows(min_row=2, values_only=True)
            )
            assert {r[0] for r in rows} >= {broken.id} and len(rows) == len(I.list_issues(sessions))
        finally:
            web.shutdown()
