"""Label/value reading that generalises: the 政务公开 block, letter pages, list rows of a 信箱,
consultation windows (issue 9 item 2). Each rule with a decoy."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.crawler.extract import extract_xxgk, parse_html
from govaudit.crawler.extract.messages import message_from_detail, messages_from_list_text
from govaudit.crawler.extract.windows import find_window

D = dt.date


@pytest.mark.parametrize("li", [
    "<li>{label}：<font>{value}</font></li>",  # value in a child element
    "<li><span>{label}：</span><span>{value}</span></li>",  # in the next sibling
    "<tr><td>{label}：<span>{value}</span></td></tr>",  # a cell holding both
    "<dl><dt>{label}</dt><dd>{value}</dd></dl>",  # dt / dd
    "<p><b>{label}</b>：<a href='#'>{value}</a></p>",  # label element, colon in its tail, value after
])  # fmt: skip
def test_value_in_child_sibling_or_following_element(li: str) -> None:
    fields = {"索&ensp;引&ensp;号": "11339901002500121W/2026-00040", "责任部门": "测试县人民政府办公室",
              "生成日期": "2026-10-08", "发文日期": "", "文&emsp;&emsp;号": "测政办发〔2026〕40号",
              "有　效　性": "有效"}  # fmt: skip
    rows = "".join(li.format(label=k, value=v) for k, v in fields.items())
    wrap = "table" if li.startswith("<tr>") else "div"
    got = extract_xxgk(parse_html(f"<html><body><{wrap} class='xxgk'>{rows}</{wrap}></body></html>"))
    assert got["索引号"] == "11339901002500121W/2026-00040"
    assert got["发布机构"] == "测试县人民政府办公室"  # 责任部门
    assert got["成文日期"] == "2026-10-08"  # 生成日期 (the empty 发文日期 does not erase it)
    assert got["文号"] == "测政办发〔2026〕40号"
    assert got["有效性"] == "有效"


def test_empty_value_is_present_but_empty() -> None:
    html = ("<html><body><ul><li>索引号：<font>x/2026-1</font></li><li>发布机构：<font>测试县司法局</font></li>"
            "<li>有&ensp;效&ensp;性：<font></font></li></ul></body></html>")  # fmt: skip
    got = extract_xxgk(parse_html(html))
    assert got["有效性"] == ""  # shown with no value: present, empty
    decoy = extract_xxgk(parse_html(html.replace("<li>有&ensp;效&ensp;性：<font></font></li>", "")))
    assert "有效性" not in decoy  # not shown at all: missing


def test_news_line_is_not_a_block() -> None:
    """Decoy: a news page's 发布日期/来源 line (no core field) is no 政务公开 block."""
    html = "<html><body><div class='info'>发布日期：<span>2026-10-08</span> 来源：<span>测试县融媒体中心</span></div></body></html>"
    assert extract_xxgk(parse_html(html)) == {}


@pytest.mark.parametrize(("text", "end"), [
    ("征求意见时间：从即日起至2020年12月30日。", D(2020, 12, 30)),
    ("公开征求社会各界意见，自发布之日起至二〇二〇年十二月三十日止。", D(2020, 12, 30)),
    ("意见反馈截至2020年12月30日止，请通过电子邮件反馈意见。", D(2020, 12, 30)),
    ("公示期：自公告之日起至2020年12月30日。", D(2020, 12, 30)),
])  # fmt: skip
def test_open_start_windows(text: str, end: dt.date) -> None:
    window = find_window(text)
    assert window is not None and window.start is None and window.end == end


def test_open_start_decoy_outside_a_consultation() -> None:
    assert find_window("自即日起至2021年3月31日，在全县开展城区违章建筑专项整治行动。") is None


def test_list_rows_of_spans_and_dl() -> None:
    text = ("县长信箱\n关于路灯不亮的问题 留言时间：2026-10-01 回复时间：— 状态 办理中\n"
            "关于校车时间的咨询 留言时间：2026-09-20 回复时间：2026-09-25 状态 已回复\n"
            "关于办理居住证的咨询\n留言时间：2026-10-20\n状态：未回复")  # fmt: skip
    entries = [
        ("关于路灯不亮的问题", "u1", None),
        ("关于校车时间的咨询", "u2", None),
        ("关于办理居住证的咨询", "u3", None),
    ]
    got = {m.url: m for m in messages_from_list_text(text, entries)}
    assert (got["u1"].asked, got["u1"].state, got["u1"].replied) == (D(2026, 10, 1), "processing", None)
    assert (got["u2"].state, got["u2"].replied) == ("replied", D(2026, 9, 25))
    assert (got["u3"].asked, got["u3"].state) == (
        D(2026, 10, 20),
        "unreplied",
    )  # 办理 in the title is no state


def test_list_of_plain_news_gives_no_messages() -> None:
    """Decoy: a news list (titles and dates, no labelled fields, no status) is not a mailbox."""
    text = "工作动态\n测试县召开安全生产工作会议 2026-10-01\n测试县开展消防演练 2026-09-20"
    entries = [
        ("测试县召开安全生产工作会议", "a", D(2026, 10, 1)),
        ("测试县开展消防演练", "b", D(2026, 9, 20)),
    ]
    assert messages_from_list_text(text, entries) == []


@pytest.mark.parametrize(("text", "state", "replied"), [
    ("留言时间：2026-10-01 09:00\n回复时间：\n答复内容：正在办理中", "processing", None),
    ("留 言 时 间\n2026-10-01\n回 复 时 间\n答 复 单 位\n答 复 内 容\n正在办理中", "processing", None),
    ("留言时间：2026-10-01\n回复时间：—\n答复内容：", "unreplied", None),
    ("留 言 时 间\n2026-10-01\n回 复 时 间\n2026-10-09\n答复内容\n已安排维修，感谢您的监督。", "replied", D(2026, 10, 9)),
])  # fmt: skip
def test_letter_pages(text: str, state: str, replied: dt.date | None) -> None:
    msg = message_from_detail("关于路灯", text)
    assert (msg.asked, msg.state, msg.replied) == (D(2026, 10, 1), state, replied)
