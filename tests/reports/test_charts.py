"""Server-drawn SVG charts: well-formed, escaped, the numbers readable in their <title>s; and
where they are used (the HTML report, the summary mail)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from govaudit.issues.trends import weekly
from govaudit.notify import mail
from govaudit.reports import charts
from govaudit.store import open_db

from tests.issues import seed

NS = "{http://www.w3.org/2000/svg}"


def _titles(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(NS + "title")]


def test_bars_and_line() -> None:
    svg = charts.bars("各单位<问题>", [("县教育局", [3, 1]), ("县<发改>局", [0, 0])], ["未办结", "逾期"])
    titles = _titles(svg)
    assert titles[0] == "各单位<问题>" and "县教育局 未办结：3" in titles and "县<发改>局 逾期：0" in titles
    line = charts.line("整改率", [("11/1", None), ("11/8", 50.0), ("11/15", 75.5)], unit="%", y_max=100)
    root = ET.fromstring(line)
    assert len(list(root.iter(NS + "circle"))) == 2 and len(list(root.iter(NS + "polyline"))) == 1
    assert "11/15：75.5%" in _titles(line)
    assert "a：0天" in _titles(charts.line("x", [("a", 0.0)], unit="天"))  # all zero: drawn, no division by 0
    assert "暂无数据" in charts.line("x", [("a", None)]) and "暂无数据" in charts.bars("x", [], ["a"])


def test_weekly_trend_and_uses(tmp_path: Path) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 'c.db'}")
    cfg = seed.config(smtp_port=2525)
    seed.seed(sessions, cfg)
    seed.audit_run(sessions, cfg, seed.MON + dt.timedelta(days=8), seed.findings()[1:])  # one rectified
    from govaudit.issues import lifecycle as I

    rows = I.list_issues(sessions)
    weeks = weekly(rows, seed.MON + dt.timedelta(days=9))
    assert weeks[-1].end == seed.MON + dt.timedelta(days=9) and weeks[-1].rate == 25.0
    assert weeks[-1].days_to_fix == 8.0 and weeks[-3].rate is None
    summary = mail.summary_mail(sessions, cfg, seed.MON + dt.timedelta(days=9), weekly=True)
    assert summary is not None and "<svg" in summary.html and "整改率趋势（按周）" in summary.html
