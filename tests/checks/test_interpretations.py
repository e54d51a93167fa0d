"""interpretation_missing / interpretation_late on snapshots as the crawler stores them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.checks.snapshots import BASE, Snap
from tests.conftest import make_config

D = dt.date
AS_OF = D(2026, 11, 20)
COLUMNS = [
    {"name": "政策文件", "url": "/zcwj/", "kind": "policy"},
    {"name": "政策解读", "url": "/zcjd/", "kind": "interpretation"},
    {"name": "部门动态", "url": "/bmdt/", "kind": "news", "unit": "县教育局"},
]


def _doc(snap: Snap, n: int, title: str, date: D, *, wh: str = "", org: str = "示范县人民政府办公室",
         links: tuple[tuple[str, str], ...] = (), valid: str = "有效") -> str:  # fmt: skip
    url = f"{BASE}/zcwj/t{n}.html"
    snap.article("政策文件", url, title, date, links=links, text="各乡镇人民政府，县政府各部门：……",
                 xxgk={"索引号": "x", "发布机构": org, "成文日期": date.isoformat(), "发布日期": date.isoformat(),
                       "文号": wh, "有效性": valid})  # fmt: skip
    return url


def _site(tmp_path: Path, **rules: object) -> Snap:
    site = {"rules": {"interpretation": rules}} if rules else None
    return Snap(tmp_path, make_config(BASE, COLUMNS, site=site))


def test_pairs_by_link_title_and_number(tmp_path: Path) -> None:
    s = _site(tmp_path)
    # the navigation's link to the 政策解读 column is not an interpretation
    a = _doc(s, 1, "示范县人民政府办公室关于印发示范县城乡环境卫生管理办法的通知", D(2026, 10, 12),
             links=(("政策解读", f"{BASE}/zcjd/"), ("图解政策", f"{BASE}/tj/")))  # fmt: skip
    b = _doc(s, 2, "示范县人民政府办公室关于印发示范县中小学生校外培训管理办法的通知", D(2026, 9, 29))
    c = _doc(s, 3, "关于印发《示范县城区停车管理办法（试行）》的通知", D(2026, 11, 2))
    _doc(s, 4, "示范县人民政府关于印发示范县就业创业扶持政策的通知", D(2026, 10, 20), wh="示政发〔2026〕30号")
    _doc(
        s, 5, "示范县人民政府办公室关于印发示范县河道管理办法的通知", D(2024, 3, 1)
    )  # older than the horizon
    _doc(s, 6, "示范县人民政府关于王某某等同志职务任免的通知", D(2026, 10, 9), valid="")  # needs none
    _doc(s, 7, "示范县人民政府办公室关于印发示范县养犬管理办法的通知", D(2026, 11, 18))  # not due yet
    _doc(
        s,
        8,
        "示范县人民政府办公室关于印发示范县粮食储备管理办法的通知",
        D(2026, 10, 14),
        links=(("【一图读懂】粮食储备这样管", f"{BASE}/other-site/jd.html"),),
    )  # linked, not crawled
    s.column("政策文件", [])
    jd = [
        # an excerpt names A: a candidate, never a match
        ("《示范县城乡环境卫生管理办法》要点摘抄", f"{BASE}/zcjd/j1.html", D(2026, 10, 12), "", ()),
        # title-only match (no link), 6 working days late
        ("《示范县城区停车管理办法（试行）》政策解读", f"{BASE}/zcjd/j3.html", D(2026, 11, 10), "", ()),
        # 文号 in the text only
        (
            "图解：支持就业创业十条",
            f"{BASE}/zcjd/j4.html",
            D(2026, 10, 20),
            "根据示政发〔2026〕30号文件……",
            (),
        ),
    ]
    s.column("政策解读", [(t, u, d) for t, u, d, _, _ in jd])
    for t, u, d, text, links in jd:
        s.article("政策解读", u, t, d, text=text, links=links)
    # an interpretation in another column that links back; published across 国庆 (3 working days)
    s.column("部门动态", [("一图读懂：校外培训这样管", f"{BASE}/bmdt/y1.html", D(2026, 10, 9))])
    s.article("部门动态", f"{BASE}/bmdt/y1.html", "一图读懂：校外培训这样管", D(2026, 10, 9),
              links=(("原文链接：示范县中小学生校外培训管理办法", b),))  # fmt: skip
    findings, notes = s.check(AS_OF, "interpretation_missing", "interpretation_late")
    missing = [f for f in findings if f.check == "interpretation_missing"]
    assert [f.url for f in missing] == [a]
    f = missing[0]
    assert f.severity.value == "major" and f.unit == "县政府办公室" and not f.unrouted
    assert f.message.startswith(
        "政策文件《示范县城乡环境卫生管理办法》（2026-10-12 发布）未找到对应的政策解读"
    )
    assert "要点摘抄" in f.message and f.evidence["candidates"][0].endswith(f"{BASE}/zcjd/j1.html")
    late = [f for f in findings if f.check == "interpretation_late"]
    assert [(f.url, f.evidence["workdays"], f.evidence["paired_by"]) for f in late] == [
        (f"{BASE}/zcjd/j3.html", 6, "解读标题含文件名称")
    ]
    assert late[0].severity.value == "minor" and "晚于文件 6 个工作日（要求 3 个工作日内）" in late[0].message
    assert c and not notes


def test_late_limit_is_configurable_and_counts_holidays(tmp_path: Path) -> None:
    s = _site(tmp_path, late_workdays=2)
    b = _doc(s, 2, "示范县人民政府办公室关于印发示范县中小学生校外培训管理办法的通知", D(2026, 9, 29))
    s.column("政策文件", [])
    s.column("政策解读", [("《示范县中小学生校外培训管理办法》解读", f"{BASE}/zcjd/j.html", D(2026, 10, 9))])
    s.article("政策解读", f"{BASE}/zcjd/j.html", "《示范县中小学生校外培训管理办法》解读", D(2026, 10, 9),
              links=(("原文", b),))  # fmt: skip
    findings, _ = s.check(AS_OF, "interpretation_late")
    # 09-30, 10-08, 10-09: three working days (国庆 10-01..10-07 off), over a limit of two
    assert [(f.evidence["workdays"], f.evidence["limit_workdays"]) for f in findings] == [(3, 2)]


def test_incomplete_interpretation_column_gives_a_note(tmp_path: Path) -> None:
    s = _site(tmp_path)
    _doc(s, 1, "示范县人民政府办公室关于印发示范县城乡环境卫生管理办法的通知", D(2026, 10, 12))
    s.column("政策文件", [])
    s.column("政策解读", [], list_unreadable="列表由脚本从接口读取")
    findings, notes = s.check(AS_OF, "interpretation_missing")
    assert findings == []
    assert len(notes) == 1 and "未作判定" in notes[0].message and "列表无法读取" in notes[0].message


def test_no_interpretation_column_configured_gives_a_note(tmp_path: Path) -> None:
    s = Snap(tmp_path, make_config(BASE, COLUMNS[:1]))
    _doc(s, 1, "示范县人民政府办公室关于印发示范县城乡环境卫生管理办法的通知", D(2026, 10, 12))
    s.column("政策文件", [])
    findings, notes = s.check(AS_OF, "interpretation_missing")
    assert findings == [] and "未配置政策解读栏目" in notes[0].message


def test_routing_by_publisher_and_unrouted(tmp_path: Path) -> None:
    s = _site(tmp_path)
    _doc(s, 1, "示范县教育局关于印发示范县中小学课后服务管理办法的通知", D(2026, 10, 12), org="示范县教育局")
    _doc(s, 2, "示范县财政局关于印发示范县政府采购管理办法的通知", D(2026, 10, 12), org="示范县财政局")
    s.column("政策文件", [])
    s.column("政策解读", [])
    findings, _ = s.check(AS_OF, "interpretation_missing")
    assert sorted((f.unit, f.unrouted) for f in findings) == [("县政府办公室", True), ("县教育局", False)]
