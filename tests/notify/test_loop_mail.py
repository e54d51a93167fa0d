"""The whole loop with a real SMTP server (aiosmtpd) on a real local site: audit → issues assigned
→ a mail per unit with its XLSX 交办单 → the site is fixed → recheck → rectified (tomorrow's
mail no longer lists it, the summary counts it) → the problem comes back → reopened and mailed
again; a waived issue stays waived and is mailed to nobody."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import yaml
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.notify import mail, outbox
from govaudit.scheduler.recheck import recheck
from govaudit.store import open_db
from openpyxl import load_workbook

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, make_config, run
from tests.issues.test_loop import _site
from tests.smtpserver import SmtpServer


def test_loop_with_mail(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    with SmtpServer() as srv:
        data = yaml.safe_load(make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
                                                 {"name": "通知公告", "url": "/tzgg/", "kind": "notice", "unit": "县教育局"}]))  # fmt: skip
        data["units"] = [{"name": "县政府办公室", "email": "bgs@example.test"},
                         {"name": "县教育局", "email": "jyj@example.test"}]  # fmt: skip
        data["issues"] = {"auto_assign": True}
        data["sites"][0]["disable"] += ["meta_missing"]
        data["smtp"] = {"port": srv.port, "sender": "govaudit@example.test", "office_email": "zwgk@example.test",
                        "base_url": "http://127.0.0.1:8080"}  # fmt: skip
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        config = parse_config(text, "c.yaml")
        db = f"sqlite:///{tmp_path / 'audit.db'}"
        sessions = open_db(db)

        def morning(day: dt.date) -> dict[str, object]:
            srv.handler.received.clear()
            mail.queue_daily_mails(sessions, config, day)
            assert outbox.deliver(sessions, config)[1] == 0
            return {r.key: r.message for r in srv.handler.received}

        run(text, tmp_path, db=db)
        link = next(i for i in I.list_issues(sessions) if i.check == "broken_link")
        stale = next(i for i in I.list_issues(sessions) if i.check == "column_stale")
        assert link.state == stale.state == "assigned"

        got = morning(AS_OF)
        day = AS_OF.isoformat()
        assert set(got) == {f"daily:县政府办公室:{day}", f"daily:县教育局:{day}", f"summary:{day}"}
        bgs = got[f"daily:县政府办公室:{day}"]
        assert bgs["To"] == "bgs@example.test"  # type: ignore[index]
        html = bgs.get_body(("html",)).get_content()  # type: ignore[attr-defined]
        assert "/files/plan.pdf" in html and "通知公告" not in html
        (att,) = list(bgs.iter_attachments())  # type: ignore[attr-defined]
        ws = load_workbook(io.BytesIO(att.get_content()))["交办单"]
        assert ws["A5"].value == 1 and "plan.pdf" in ws["D5"].value

        # the office waives the stale column; the unit fixes the link, says so, and it is rechecked
        I.waive(sessions, stale.id, actor="办公室", reason="栏目已停用，经批准豁免")
        I.give_feedback(sessions, link.id, actor="县政府办公室", kind="fixed", note="已重新上传附件")
        server.add("/files/plan.pdf", Resp(b"%PDF-1.4 plan", content_type="application/pdf"))
        (outcome,) = recheck(config, db, [link.id], as_of=AS_OF)
        assert outcome.state == "rectified"

        nxt = AS_OF + dt.timedelta(days=1)
        got = morning(nxt)
        assert set(got) == {f"summary:{nxt.isoformat()}"}  # nobody has anything open
        summary = got[f"summary:{nxt.isoformat()}"].get_body(("html",)).get_content()  # type: ignore[attr-defined]
        assert '未整改<br><b style="font-size:22px">0</b>' in summary

        # the problem comes back: reopened, and in that day's mail again; the waived one stays out
        server.add("/files/plan.pdf", Resp("gone again", status=404))
        later = AS_OF + dt.timedelta(days=4)  # Tuesday 24th
        run(text, tmp_path, as_of=later, db=db)
        assert I.get_issue(sessions, link.id).state == "reopened"
        assert I.get_issue(sessions, stale.id).state == "waived"
        got = morning(later)
        assert set(got) == {f"daily:县政府办公室:{later.isoformat()}", f"summary:{later.isoformat()}"}
        html = got[f"daily:县政府办公室:{later.isoformat()}"].get_body(("html",)).get_content()  # type: ignore[attr-defined]
        assert "重新打开" in html and "已重新打开 1 次" in html
