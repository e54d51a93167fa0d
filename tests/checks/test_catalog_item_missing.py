"""catalog_item_missing on a local HTTP site: a catalog phrase of each rule type, met and missing,
late, and the decoys that must give a note or nothing (unparsed, unmapped channel, short list)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from govaudit.checks.catalog_item_missing import periodic_window, yearly_window
from govaudit.config.timelimit import parse_time_limit

from govaudit.demo.siteserver import SiteServer
from govaudit.workdays import add_workdays
from tests.config.test_catalog import write_county_catalog
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import article, column_page, page

EVENT = dt.date(2026, 9, 25)  # 20 working days later is 2026-10-29: 国庆 and its 调休 counted
ON_TIME = add_workdays(EVENT, 20)

COLUMNS: dict[str, tuple[str, str | None, list[tuple[str, str]]]] = {
    # path: (column name, unit, [(title, date)])
    "czyjs": ("财政预决算", None, [("示范县2026年财政预算公开", "2026-03-20"),
                                   ("示范县2025年度县级部门决算公开", "2026-07-15"),
                                   ("示范县2025年财政预算公开", "2025-03-15")]),
    "tjxx": ("统计信息", "县发展和改革局", [("2026年10月全县月度数据", "2026-11-10"),
                                          ("示范县2025年国民经济和社会发展统计公报", "2026-04-20"),
                                          ("2026年一季度统计数据", "2026-05-10"),
                                          ("2025年四季度统计数据", "2026-01-12")]),
    "rsxx": ("人事信息", None, [("关于张三等同志职务任免的通知", ON_TIME.isoformat()),
                               ("关于李四同志职务任免的通知", "2026-06-01")]),
    "zdxm": ("重大建设项目", None, [("示范县城南污水处理厂项目批准信息", "2026-11-06"),
                                  ("示范县2025年重大建设项目名单", "2025-03-01")]),
    "yjgl": ("应急管理", None, [("县应急管理局关于11月2日突发事件的处置通报", "2026-11-04"),
                               ("全县安全生产工作会议召开", "2026-06-01")]),
    "jyxx": ("教育信息", "县教育局", [("关于2026年城区义务教育学校招生划片范围的公告", "2026-05-20"),
                                   ("2026年义务教育工作会议召开", "2025-11-01")]),
    "shjz": ("社会救助", None, [("关于开展冬季送温暖活动的通知", "2026-10-15")]),
    "gkzn": ("政府信息公开指南", None, [("示范县人民政府信息公开指南", "2024-01-10")]),
}  # fmt: skip

CATALOG = [
    {"item": "财政预决算", "time_limit": "每年3月底前", "channel": "政府网站“财政预决算”栏目", "unit": "财政局"},
    {"item": "政府债务", "time_limit": "每年第一季度", "channel": "财政预决算", "unit": "财政局"},
    {"item": "部门决算", "time_limit": "每年6月30日前", "channel": "财政预决算", "unit": "财政局"},
    {"item": "统计数据", "time_limit": "每季度", "channel": "统计信息"},
    {"item": "月度数据", "time_limit": "每月15日前", "channel": "统计信息"},
    {"item": "统计公报", "time_limit": "每年4月底前", "channel": "统计信息"},
    {"item": "人事任免", "time_limit": "信息形成之日起20个工作日内", "channel": "人事信息", "events": [EVENT.isoformat()]},
    {"item": "重大建设项目批准", "content": "批准信息", "time_limit": "信息形成或变更之日起20个工作日内",
     "channel": "重大建设项目", "keywords": ["批准信息"], "events": ["2026-10-09"]},
    {"item": "应急管理", "time_limit": "即时", "channel": "应急管理", "events": ["2026-11-02"]},
    {"item": "义务教育", "time_limit": "每年5月底前", "channel": "教育信息", "keywords": ["招生", "划片"]},
    {"item": "社会救助", "time_limit": "每季度", "channel": "社会救助"},
    {"item": "政府信息公开指南", "time_limit": "长期公开", "channel": "政府信息公开指南"},
    {"item": "安全生产", "time_limit": "按规定时限", "channel": "应急管理"},
    {"item": "政务新媒体", "time_limit": "每月", "channel": "县政府微信公众号"},
    {"item": "领导信息", "time_limit": "信息形成或变更之日起20个工作日内", "channel": "人事信息"},
]  # fmt: skip


def _site(server: SiteServer) -> str:
    routes: dict[str, Any] = {"/": page("首页", "")}
    for path, (name, _, items) in COLUMNS.items():
        rows = [(t, f"/{path}/t{i}.html", d) for i, (t, d) in enumerate(items)]
        routes[f"/{path}/"] = column_page(name, rows)
        routes.update({u: article(t, dt.date.fromisoformat(d)) for t, u, d in rows})
    return serve(server, routes)


def _config(base: str, catalog: dict[str, Any]) -> str:
    cols = [{"name": name, "url": f"/{path}/", "kind": "other", **({"unit": unit} if unit else {})}
            for path, (name, unit, _) in COLUMNS.items()]  # fmt: skip
    data = yaml.safe_load(make_config(base, cols, site={"catalog": catalog}))
    data["units"].append({"name": "县财政局", "aliases": ["财政局"]})
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_catalog_items_over_http(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    result = run(_config(base, {"items": CATALOG, "immediate_days": 3}), tmp_path)
    found = {f.evidence["item"]: f for f in by_check(result, "catalog_item_missing")}
    assert set(found) == {"政府债务", "部门决算", "统计数据", "重大建设项目批准"}
    debt = found["政府债务"]
    assert (
        debt.message
        == "目录事项“政府债务”（每年第一季度）在栏目“财政预决算”中未见2026年的相关信息（时限 2026-03-31）"
    )
    assert debt.unit == "县财政局" and debt.column == "财政预决算" and debt.url == base + "/czyjs/"
    assert debt.evidence["catalog_row"] == "第2项" and debt.evidence["keywords"] == ["政府债务", "债务"]
    late = found["部门决算"]
    assert (
        "于 2026-07-15 发布，晚于时限 2026-06-30" in late.message
        and late.evidence["published"] == "2026-07-15"
    )
    quarter = found["统计数据"]
    assert quarter.unit == "县发展和改革局" and quarter.evidence["period"] == "2026年第3季度"
    assert "未见2026年第3季度的相关信息" in quarter.message
    project = found["重大建设项目批准"]
    assert project.evidence["deadline"] == add_workdays(dt.date(2026, 10, 9), 20).isoformat() == "2026-11-05"
    assert "于 2026-11-06 发布，晚于时限 2026-11-05" in project.message
    # decoys: met on the last working day (国庆 counted), 即时 within 3 working days, the list of
    # 社会救助 does not reach back to July, unparsed phrase, unmapped channel, no event date
    notes = [n.message for n in result.notes]
    assert any("社会救助" in n and "列表只读到 2026-10-15" in n for n in notes)
    assert any("安全生产" in n and "按规定时限" in n and "无法识别" in n for n in notes)
    assert any("1 项的公开渠道未对应" in n and "政务新媒体（县政府微信公众号）" in n for n in notes)
    assert any("1 项按事件触发" in n and "领导信息" in n for n in notes)


def test_catalog_from_xlsx_file_and_tuning(server: SiteServer, tmp_path: Path) -> None:
    """The county catalog spreadsheet: only rows whose channel is a configured column are judged;
    a row can be switched off or given keywords by its 公开事项."""
    base = _site(server)
    path = write_county_catalog(tmp_path / "目录.xlsx")
    catalog = {"file": str(path), "overrides": {"统计数据": {"keywords": ["统计数据"], "disable": True}}}
    result = run(_config(base, catalog), tmp_path)
    found = {f.evidence["item"]: f for f in by_check(result, "catalog_item_missing")}
    # 财政预决算 (3月底前) met; 政府债务 (每年第一季度) missing; 部门决算 late; 统计数据 switched off;
    # 统计公报 (4月底前) met; 月度数据 (每月15日前) met; 社会救助: list too short (note)
    assert set(found) == {"政府债务", "部门决算"}
    assert found["政府债务"].unit == "县财政局" and found["政府债务"].evidence["catalog_row"].endswith(
        "第12行"
    )


def test_windows() -> None:
    rule = parse_time_limit("每季度结束后15日内")
    assert rule is not None
    assert periodic_window(rule, dt.date(2026, 10, 10)).start == dt.date(2026, 4, 1)  # Q3 lag still runs
    assert periodic_window(rule, dt.date(2026, 10, 16)).start == dt.date(2026, 7, 1)
    month = parse_time_limit("每月")
    assert month is not None and periodic_window(month, dt.date(2026, 1, 5)).label == "2025年12月"
    yearly = parse_time_limit("每年3月底前")
    assert yearly is not None
    assert yearly_window(yearly, dt.date(2026, 3, 31)).deadline == dt.date(2025, 3, 31)  # not yet due
    assert yearly_window(yearly, dt.date(2026, 4, 1)).deadline == dt.date(2026, 3, 31)
    assert AS_OF.year == 2026
