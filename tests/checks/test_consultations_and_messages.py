"""consultation_period_short / consultation_feedback_missing / interaction_overdue on snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govaudit.workdays import add_workdays
from tests.checks.snapshots import BASE, Snap
from tests.conftest import make_config

D = dt.date
AS_OF = D(2026, 11, 20)


def test_consultations(tmp_path: Path) -> None:
    s = Snap(tmp_path, make_config(BASE, [{"name": "意见征集", "url": "/yjzj/", "kind": "consultation"}]))
    pages = [
        # still open: never a finding
        ("open", "关于公开征求《示范县养犬管理规定（征求意见稿）》意见的通知", D(2026, 11, 1),
         "征求意见时间：2026年11月1日至2026年12月5日", ()),
        # 20 days, with feedback: period_short only
        ("short", "关于公开征求《示范县城区占道经营管理办法（征求意见稿）》意见的通知", D(2026, 8, 1),
         "征求意见时间：2026-08-01 至 2026-08-20", ()),
        ("short-fb", "关于《示范县城区占道经营管理办法（征求意见稿）》征求意见采纳情况的说明", D(2026, 9, 1),
         "共收到意见5条，采纳3条。", ()),
        # 36 days, ended 107 days ago, no feedback
        ("nofb", "关于公开征求《示范县农贸市场管理办法（征求意见稿）》意见的通知", D(2026, 7, 1),
         "公开征求意见时间为2026年7月1日至8月5日。", ()),
        # feedback titled differently, found by its link
        ("linked", "关于征求示范县十五五规划编制意见建议的公告", D(2026, 6, 1),
         "征集时间：2026年6月1日—7月10日", ()),
        ("linked-fb", "意见征集结果反馈", D(2026, 7, 20), "感谢社会各界……", (("原公告", f"{BASE}/yjzj/linked.html"),)),
        # the result on the page itself
        ("inline", "关于征求示范县公交线路优化方案意见的公告", D(2026, 5, 1),
         "征求意见时间：2026-05-01 至 2026-06-05\n征集结果：共征集意见3条，采纳2条。", ()),
        # ended 10 days ago: feedback not due yet
        ("recent", "关于公开征求《示范县物业管理办法（征求意见稿）》意见的通知", D(2026, 10, 1),
         "截止日期：2026年11月10日", ()),
        # no readable window: a note, never a finding
        ("nowindow", "关于公开征求《示范县停车收费标准（征求意见稿）》意见的通知", D(2026, 6, 1), "欢迎提出意见。", ()),
    ]  # fmt: skip
    s.column("意见征集", [(t, f"{BASE}/yjzj/{k}.html", d) for k, t, d, _, _ in pages])
    for k, t, d, text, links in pages:
        s.article("意见征集", f"{BASE}/yjzj/{k}.html", t, d, text=text, links=links,
                  xxgk={"发布机构": "示范县司法局"} if k == "nofb" else None)  # fmt: skip
    findings, notes = s.check(AS_OF, "consultation_period_short", "consultation_feedback_missing")
    got = sorted((f.check, f.url.rsplit("/", 1)[1]) for f in findings)
    assert got == [
        ("consultation_feedback_missing", "nofb.html"),
        ("consultation_period_short", "short.html"),
    ]
    short = next(f for f in findings if f.check == "consultation_period_short")
    assert short.evidence["days"] == 20 and short.severity.value == "minor"
    assert "征求意见期限为 20 天（2026-08-01 至 2026-08-20），少于 30 天" in short.message
    nofb = next(f for f in findings if f.check == "consultation_feedback_missing")
    assert nofb.severity.value == "major" and nofb.evidence["end"] == "2026-08-05"
    assert nofb.unit == "县政府办公室" and nofb.unrouted  # 示范县司法局 is not a configured unit
    assert [n.url.rsplit("/", 1)[1] for n in notes] == ["nowindow.html"]


def _mail_site(tmp_path: Path) -> Snap:
    return Snap(tmp_path, make_config(BASE, [{"name": "县长信箱", "url": "/xzxx/", "kind": "interaction"}]))


def _mail(s: Snap, rows: list[list[str]], details: dict[str, str]) -> None:
    links = [{"url": f"{BASE}/xzxx/{k}.html", "text": t} for k, t in details.items()]
    header = ["标题", "留言时间", "回复时间", "状态"]
    s.column("县长信箱", [(r[0], f"{BASE}/xzxx/{k}.html", None) for r, k in zip(rows, details, strict=False)],
             tables=[{"name": "表1", "rows": [header, *rows]}], out_links=links)  # fmt: skip


def test_interaction_overdue(tmp_path: Path) -> None:
    s = _mail_site(tmp_path)
    rows = [
        ["咨询社保缴费问题", "2026-10-08", "2026-10-09", "已回复"],  # replied (decoy)
        ["关于小区路灯不亮的问题", "2026-10-28", "", "未回复"],  # overdue (minor)
        ["关于村道破损的问题", "2026-07-01", "", "办理中"],  # > 3 months: veto
        ["关于学校门口交通拥堵的问题", "2026-11-12", "", "未回复"],  # within 10 working days
        ["关于2025年供暖费的问题", "2025-06-01", "", "未回复"],
    ]  # older than a year
    details = {"m1": rows[0][0], "m2": rows[1][0], "m3": rows[2][0], "m4": rows[3][0], "m5": rows[4][0]}
    _mail(s, rows, details)  # fmt: skip
    s.article(
        "县长信箱",
        f"{BASE}/xzxx/m1.html",
        rows[0][0],
        None,
        text="留言时间：2026-10-08\n回复单位：示范县人力资源和社会保障局\n回复时间：2026-10-09\n回复内容：\n您好……",
    )
    s.article("县长信箱", f"{BASE}/xzxx/m2.html", rows[1][0], None,
              text="留言时间：2026-10-28 09:12\n承办单位：示范县教育局\n回复内容：暂无")  # fmt: skip
    findings, notes = s.check(AS_OF, "interaction_overdue")
    got = {f.url.rsplit("/", 1)[1]: f for f in findings}
    assert set(got) == {"m2.html", "m3.html"}
    m2, m3 = got["m2.html"], got["m3.html"]
    assert m2.severity.value == "minor" and m2.unit == "县教育局" and not m2.unrouted
    assert m2.evidence["due"] == add_workdays(D(2026, 10, 28), 10).isoformat() == "2026-11-11"
    assert "留言“关于小区路灯不亮的问题”（2026-10-28 提交）未回复" in m2.message
    assert m3.severity.value == "veto" and "单项否决" in m3.message and m3.evidence["state"] == "办理中"
    assert m3.unrouted and m3.unit == "县政府办公室"
    assert not notes


def test_interaction_deadline_across_national_day(tmp_path: Path) -> None:
    """Asked Mon 2026-09-28: 10 working days skip 10-01..10-07 and count Saturday 10-10 (调休)."""
    s = _mail_site(tmp_path)
    _mail(s, [["关于路灯的问题", "2026-09-28", "", "未回复"]], {"m1": "关于路灯的问题"})
    assert add_workdays(D(2026, 9, 28), 10) == D(2026, 10, 16)
    findings, _ = s.check(D(2026, 10, 16), "interaction_overdue")
    assert findings == []  # the last day of the limit
    findings, _ = s.check(D(2026, 10, 17), "interaction_overdue")
    assert [f.evidence["due"] for f in findings] == ["2026-10-16"]


def test_detail_page_wins_and_unknown_state_is_a_note(tmp_path: Path) -> None:
    s = _mail_site(tmp_path)
    # the list says 未回复 but the message page shows the reply: replied
    _mail(s, [["关于路灯的问题", "2026-09-01", "", "未回复"]], {"m1": "关于路灯的问题"})
    s.article(
        "县长信箱",
        f"{BASE}/xzxx/m1.html",
        "关于路灯的问题",
        None,
        text="留言时间：2026-09-01\n答复部门：示范县住建局\n答复时间：2026-09-03\n答复内容：已修复。",
    )
    # a message known only from a plain list entry, no state anywhere
    s.w.items([{"column": "县长信箱", "list_url": f"{BASE}/xzxx/", "position": 9, "url": f"{BASE}/xzxx/m9.html",
                "title": "关于噪音的问题", "date": D(2026, 9, 1)}])  # fmt: skip
    s.article("县长信箱", f"{BASE}/xzxx/m9.html", "关于噪音的问题", None, text="这里有一些文字")
    findings, notes = s.check(AS_OF, "interaction_overdue")
    assert findings == []
    assert len(notes) == 1 and "1 条留言未能读出" in notes[0].message


def test_interaction_deadline_on_a_sunday_workday(tmp_path: Path) -> None:
    """Sunday 2026-09-20 is a working day (调休 for 国庆): a 1-working-day limit from Friday 09-18 ends then."""
    s = Snap(tmp_path, make_config(BASE, [{"name": "县长信箱", "url": "/xzxx/", "kind": "interaction",
                                           "rules": {"interaction": {"reply_workdays": 1}}}]))  # fmt: skip
    _mail(s, [["关于路灯的问题", "2026-09-18", "", "未回复"]], {"m1": "关于路灯的问题"})
    assert add_workdays(D(2026, 9, 18), 1) == D(2026, 9, 20)
    assert s.check(D(2026, 9, 20), "interaction_overdue")[0] == []
    findings, _ = s.check(D(2026, 9, 21), "interaction_overdue")
    assert [(f.evidence["due"], f.evidence["limit_workdays"]) for f in findings] == [("2026-09-20", 1)]
