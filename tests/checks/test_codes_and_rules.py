"""Pure rules: identifier check characters, and check logic on hand-built snapshots (no network)."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.checks import Context, run_checks
from govaudit.checks.codes import index_number_problem, org_code_valid, uscc_valid
from govaudit.config import parse_config
from govaudit.store import Snapshot
from govaudit.store.schema import Item, Page, Run

AS_OF = dt.date(2026, 11, 20)


def test_real_identifiers() -> None:
    assert uscc_valid("113325000026455663")  # 丽水市人民政府, from a real 索引号
    assert org_code_valid("000014349")  # 国务院办公厅 (gov.cn 索引号 prefix)
    assert not org_code_valid("000014348")
    assert index_number_problem("113325000026455663/2023-4388", 2027) is None
    assert index_number_problem("Whgs-16-02-010", 2027) == "格式不符合“机构代码/年份-序号”"
    assert index_number_problem("113325000026455664/2023-4388", 2027) == "机构代码校验位错误"
    assert index_number_problem("113325000026455663/2031-1", 2027) == "年份 2031 不合理"


def _ctx(columns: str, pages: list[Page], items: list[Item], thresholds: str = "") -> Context:
    config = parse_config(f"""
{thresholds}
sites:
  - name: 县
    url: http://x/
    unit: 办公室
    columns:
{columns}
""")
    run = Run(
        id=1, site="县", site_url="http://x/", as_of=AS_OF, started=dt.datetime(2026, 11, 20), status="done"
    )
    return Context(
        config=config, site=config.sites[0], snapshot=Snapshot(run=run, pages=pages, items=items), as_of=AS_OF
    )


def _col(name: str, url: str, **kw: object) -> Page:
    return Page(url=url, role="column", column=name, status=200, meta={}, **kw)


def test_empty_veto_line_and_placeholders() -> None:
    cols = "\n".join(f"      - {{name: c{i}, url: 'http://x/c{i}/', kind: other}}" for i in range(5))
    pages = [Page(url="http://x/", role="homepage", status=200, meta={})]
    pages += [
        _col(f"c{i}", f"http://x/c{i}/", list_placeholder="暂无信息", list_source="none") for i in range(5)
    ]
    findings, _ = run_checks(_ctx(cols, pages, []), only=["column_empty"])
    assert len(findings) == 5 and all(f.severity.value == "veto" for f in findings)


@pytest.mark.parametrize(("opened", "expected"), [("2026-11-15", 0), ("2025-01-01", 1)])
def test_opened_column_not_judged_early(opened: str, expected: int) -> None:
    cols = f"      - {{name: 要闻, url: 'http://x/a/', kind: news, opened: {opened}}}"
    items = [Item(column="要闻", list_url="http://x/a/", position=0, url="http://x/a/1.html", title="t",
                  date=dt.date(2026, 10, 1), yearless=False)]  # fmt: skip
    findings, _ = run_checks(
        _ctx(cols, [_col("要闻", "http://x/a/", list_source="dom")], items), only=["column_stale"]
    )
    assert len(findings) == expected


def test_future_dated_items_do_not_count_as_updates() -> None:
    cols = "      - {name: 要闻, url: 'http://x/a/', kind: news}"
    items = [Item(column="要闻", list_url="http://x/a/", position=i, url=f"http://x/a/{i}.html", title="t", date=d, yearless=False)
             for i, d in enumerate([dt.date(2027, 1, 1), dt.date(2026, 9, 1)])]  # fmt: skip
    findings, _ = run_checks(
        _ctx(cols, [_col("要闻", "http://x/a/", list_source="dom")], items), only=["column_stale"]
    )
    assert (
        findings
        and findings[0].evidence["latest"] == "2026-09-01"
        and findings[0].evidence["future_dated_items"] == 1
    )


def test_disabled_check_is_silent() -> None:
    cols = "      - {name: 要闻, url: 'http://x/a/', kind: news, disable: [column_stale]}"
    items = [Item(column="要闻", list_url="http://x/a/", position=0, url="http://x/a/1.html", title="t",
                  date=dt.date(2026, 1, 1), yearless=False)]  # fmt: skip
    findings, _ = run_checks(_ctx(cols, [_col("要闻", "http://x/a/", list_source="dom")], items))
    assert not [f for f in findings if f.check == "column_stale"]
