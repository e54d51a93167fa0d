"""Lists split over sibling blocks of one shape are one list (crawler/extract/lists/blocks.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.crawler.extract import extract_list, parse_html

from tests.templates import fujian_trs_static_blocks, overview_boxes

REF = dt.date(2026, 11, 20)
BASE = "http://127.0.0.1/ghxx/gzjzqk/"


def _entries(n: int, prefix: str = "区公安局第{}批双随机抽查工作情况") -> list[tuple[str, str, dt.date]]:
    return [(prefix.format(i + 1), f"./2026{11 - i // 40:02d}/t2026_{9000 - i}.htm",
             REF - dt.timedelta(days=2 * i + 1)) for i in range(n)]  # fmt: skip


@pytest.mark.parametrize("n", [15, 75])
def test_fujian_static_blocks_are_read_in_full(n: int) -> None:
    """Modelled on changwu/pingtan-gov-zwgk-archive · pingtan/zwgk/ghxx/gzjzqk/_lists/index.html:
    five rows per ``$showStatic(k)`` wrapper, 15 per script page, up to 75 on the page."""
    entries = _entries(n)
    doc = parse_html(fujian_trs_static_blocks("工作进展情况", entries, record_count=107))
    result = extract_list(doc, BASE, ref_date=REF)
    assert len(result.items) == n
    assert [it.title for it in result.items] == [t for t, _, _ in entries]
    assert [it.date for it in result.items] == [d for _, _, d in entries]
    assert result.total_records == 107  # pageChnlInfo.recordCount: more than the page holds
    assert result.unreadable is None  # items were read: list2.trsapi is not a reason here


@pytest.mark.parametrize("wrap", [
    "<div class='grp'><ul>{rows}</ul></div>",
    "<table class='t'><tbody>{trs}</tbody></table>",
    "<div class='pg' style='display:none'><div class='in'><ul>{rows}</ul></div></div>",
    "<div class='month'><h4>2026年{k}月</h4><ul>{rows}</ul></div>",
])  # fmt: skip
def test_block_shapes(wrap: str) -> None:
    entries = _entries(15)
    blocks = []
    for k in range(3):
        part = entries[k * 5 : k * 5 + 5]
        rows = "".join(f"<li><a href='{h}'>{t}</a><span>{d}</span></li>" for t, h, d in part)
        trs = "".join(f"<tr><td><a href='{h}'>{t}</a></td><td>{d}</td></tr>" for t, h, d in part)
        blocks.append(wrap.format(rows=rows, trs=trs, k=11 - k))
    side = "".join(f"<li><a href='/rd/{i}.html'>热点新闻第{i}条标题文字</a><span>2026-11-0{i}</span></li>"
                   for i in range(1, 4))  # fmt: skip
    page = (f"<html><head><title>工作进展情况_测试县</title></head><body><div class='side'><ul>{side}</ul></div>"
            f"<div class='list'>{''.join(blocks)}</div></body></html>")  # fmt: skip
    result = extract_list(parse_html(page), BASE, ref_date=REF)
    assert len(result.items) == 15


def test_decoy_headed_boxes_stay_separate_lists() -> None:
    """An overview page of sub-columns (each box headed, with its own 更多): never one list."""
    boxes = [(name, f"/{i}/", _entries(5, name + "第{}条工作信息标题")) for i, name in
             enumerate(["通知公告", "政策文件", "工作动态"])]  # fmt: skip
    result = extract_list(parse_html(overview_boxes("政务公开", boxes)), BASE, ref_date=REF)
    assert len(result.items) == 5
