"""validity_missing / publication_late on snapshots, and the unrouted count in the reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govaudit.reports import html_report, json_report

from govaudit.models import AuditResult, SiteResult
from govaudit.workdays import is_workday, workdays_between
from tests.checks.snapshots import BASE, Snap
from tests.conftest import make_config

D = dt.date
AS_OF = D(2026, 11, 20)


def _site(tmp_path: Path) -> Snap:
    return Snap(tmp_path, make_config(BASE, [{"name": "规范性文件", "url": "/gfxwj/", "kind": "policy"},
                                             {"name": "政策文件", "url": "/zcwj/", "kind": "policy"}]))  # fmt: skip


def _doc(s: Snap, key: str, title: str, written: D, published: D, *, valid: str | None = "有效", text: str = "",
         column: str = "规范性文件", extra: dict[str, str] | None = None) -> None:  # fmt: skip
    """``valid=None``: no 有效性 field; ``""``: the field shown with no value (present but empty)."""
    xxgk = {"索引号": "x", "发布机构": "示范县人民政府办公室", "成文日期": written.isoformat(),
            "发布日期": published.isoformat(), "文号": "示政办发〔2026〕1号", **(extra or {})}  # fmt: skip
    if valid is not None:
        xxgk["有效性"] = valid
    s.article(column, f"{BASE}/gfxwj/{key}.html", title, published, text=text, xxgk=xxgk)


def test_validity(tmp_path: Path) -> None:
    s = _site(tmp_path)
    _doc(s, "novalid", "示范县城乡环境卫生管理办法", D(2026, 3, 1), D(2026, 3, 5), valid=None)
    _doc(s, "blank", "示范县城区停车管理办法", D(2026, 3, 1), D(2026, 3, 5), valid="")
    _doc(
        s,
        "until",
        "示范县河道采砂管理办法",
        D(2021, 1, 4),
        D(2021, 1, 8),
        text="本办法有效期至2025年12月31日。",
    )
    _doc(
        s,
        "years",
        "示范县城区绿化管理办法",
        D(2021, 3, 1),
        D(2021, 3, 3),
        text="本办法自2021年3月1日起施行，有效期5年。",
    )
    _doc(s, "field", "示范县物业管理办法", D(2022, 1, 4), D(2022, 1, 8), extra={"有效期": "2026-06-30"})
    # decoys: still valid; 失效 documents; a period only by default (a note)
    _doc(s, "valid", "示范县养犬管理办法", D(2023, 1, 3), D(2023, 1, 5), text="自印发之日起施行，有效期5年。")
    _doc(
        s, "expired", "示范县旧城改造管理办法", D(2015, 1, 3), D(2015, 1, 5), valid="失效", text="有效期5年。"
    )
    _doc(
        s,
        "default",
        "示范县养老服务补贴管理暂行办法",
        D(2023, 6, 1),
        D(2023, 6, 5),
        text="本办法自印发之日起施行。",
    )
    _doc(
        s,
        "plain",
        "示范县人民政府关于加强农田水利建设的通知",
        D(2026, 3, 1),
        D(2026, 3, 5),
        valid="",
        column="政策文件",
    )  # not a 规范性文件: metadata_incomplete's business at most
    findings, notes = s.check(AS_OF, "validity_missing")
    got = {f.url.rsplit("/", 1)[1]: f for f in findings}
    assert set(got) == {"novalid.html", "blank.html", "until.html", "years.html", "field.html"}
    assert got["novalid.html"].message == "规范性文件“示范县城乡环境卫生管理办法”未标注有效性"
    # present but empty: said so, the same key (one issue whether the template shows it blank or not)
    assert got["blank.html"].message == "规范性文件“示范县城区停车管理办法”的有效性一栏为空"
    assert got["blank.html"].key == got["novalid.html"].key == "missing"
    assert got["years.html"].evidence["valid_until"] == "2026-02-28"
    assert "有效期已于 2025-12-31 届满" in got["until.html"].message
    assert all(f.severity.value == "major" for f in findings)
    assert [n.url.rsplit("/", 1)[1] for n in notes] == ["default.html"]
    assert "1 件文件标注为有效但未写明有效期" in notes[0].message
    assert "按暂行/试行文件通常 2 年推算已于 2025-05-31 届满" in notes[0].message


def test_publication_late(tmp_path: Path) -> None:
    s = _site(tmp_path)
    _doc(s, "late", "示范县城乡环境卫生管理办法", D(2026, 9, 1), D(2026, 10, 20))
    # 29 calendar days but 16 working days: 国庆 (10-01..10-07) off, Saturday 10-10 worked
    assert workdays_between(D(2026, 9, 22), D(2026, 10, 21)) == 16 and is_workday(D(2026, 10, 10))
    _doc(s, "holiday", "示范县物业管理办法", D(2026, 9, 22), D(2026, 10, 21))
    # a 1981 document first put online now: not judged (成文日期 outside the recent window)
    _doc(s, "old", "国务院关于棉粮、糖粮挂钩奖售粮几个问题的通知", D(1981, 5, 23), D(2026, 11, 4))
    _doc(s, "inverted", "示范县养犬管理办法", D(2026, 10, 2), D(2026, 9, 1))  # metadata_incomplete's
    findings, _ = s.check(AS_OF, "publication_late")
    assert [(f.url.rsplit("/", 1)[1], f.evidence["workdays"]) for f in findings] == [("late.html", 31)]
    f = findings[0]
    assert f.severity.value == "minor" and f.unit == "县政府办公室"
    assert f.message == ("“示范县城乡环境卫生管理办法”成文日期 2026-09-01，发布日期 2026-10-20，"
                         "相隔 31 个工作日（要求 20 个工作日内公开）")  # fmt: skip


def test_unrouted_in_reports(tmp_path: Path) -> None:
    s = _site(tmp_path)
    _doc(s, "a", "示范县城乡环境卫生管理办法", D(2026, 3, 1), D(2026, 3, 5), valid="",
         extra={"发布机构": "示范县财政局"})  # fmt: skip
    _doc(s, "b", "示范县物业管理办法", D(2026, 3, 1), D(2026, 3, 5), valid="")
    findings, notes = s.check(AS_OF, "validity_missing")
    assert sorted(f.unrouted for f in findings) == [False, True]
    now = dt.datetime(2026, 11, 20, 8)
    result = AuditResult(as_of=AS_OF, started=now, finished=now, sites=[
        SiteResult(site=s.site, run_id=1, status="done", pages=3, requests=3, findings=findings, notes=notes)])  # fmt: skip
    data = json_report.build(result)
    assert data["run"]["unrouted"] == 1 and data["run"]["sites"][0]["unrouted"] == 1
    assert all("unrouted" not in f for f in data["findings"])  # the CHECKS.md finding shape is kept
    html = html_report.render(result)
    assert "其中 <b>1</b> 个问题未能按栏目或发布机构明确责任单位" in html


def test_hostile_pages_never_raise(tmp_path: Path) -> None:
    """Odd stored values (no title, no text, numbers as fields, ragged tables, broken links) give
    no traceback from any 政务公开 check."""
    cols = [{"name": n, "url": f"/{k}/", "kind": kind} for n, k, kind in (
        ("政策文件", "zcwj", "policy"), ("政策解读", "zcjd", "interpretation"), ("意见征集", "yjzj", "consultation"),
        ("县长信箱", "xzxx", "interaction"))]  # fmt: skip
    s = Snap(tmp_path, make_config(BASE, cols))
    weird_tables = [{"name": "表1", "rows": [["标题", "留言时间", "状态"], ["只有标题"], [], ["x", "2026-02-30", "未回复"]]},
                    {"rows": []}]  # fmt: skip
    for n, c in enumerate(("政策文件", "政策解读", "意见征集", "县长信箱")):
        s.column(
            c, [("", f"{BASE}/{n}/a.html", None)], tables=weird_tables, out_links=[{"text": "无地址"}, {}]
        )
        s.w.page(url=f"{BASE}/{n}/a.html", role="article", column=c, status=200, title=None, text=None,
                 xxgk={"有效性": "有效", "成文日期": "2026-13-45", "发布日期": "", "文号": "〔〕号", "有效期": "长期"},
                 out_links=[{"url": None}, {"text": "一图读懂"}], tables=weird_tables)  # fmt: skip
        s.w.page(
            url=f"{BASE}/{n}/b.html", role="article", column=c, status=None, error="timeout", title="《》"
        )
        s.article(c, f"{BASE}/{n}/c.html", "《" * 50 + "征求意见" + "》" * 3, D(2026, 1, 1),
                  text="征求意见时间：2026年2月30日至2026年13月1日\n留言时间：\n回复内容：\n" + "《" * 2000)  # fmt: skip
    findings, notes = s.check(AS_OF, "interpretation_missing", "interpretation_late", "consultation_period_short",
                              "consultation_feedback_missing", "interaction_overdue", "validity_missing",
                              "publication_late")  # fmt: skip
    assert all(f.message for f in findings) and all(n.message for n in notes)
