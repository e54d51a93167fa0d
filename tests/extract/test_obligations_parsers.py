"""Pure parsers of the 政务公开 checks: 文号, 《》 titles, consultation windows, messages, validity."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.crawler.extract.docrefs import (
    core_title,
    find_doc_numbers,
    is_interpretation_title,
    quoted_titles,
    referenced_title,
    same_title,
)
from govaudit.crawler.extract.messages import message_from_detail, messages_from_table, reply_state
from govaudit.crawler.extract.validity import is_provisional, stated_validity
from govaudit.crawler.extract.windows import feedback_summary, find_window

from tests.conftest import REALPAGES

D = dt.date


@pytest.mark.parametrize(("text", "normal"), [
    ("示政办发〔2026〕21号", "示政办发〔2026〕21号"),
    ("示政办发[2026]21号", "示政办发〔2026〕21号"),
    ("示政办发（２０２６）第021号", "示政办发〔2026〕21号"),
    ("示政办发 【2026】 21 号", "示政办发〔2026〕21号"),
    ("国发﹝2018﹞43号", "国发〔2018〕43号"),
])  # fmt: skip
def test_doc_numbers_normalised(text: str, normal: str) -> None:
    assert [str(n) for n in find_doc_numbers(text)] == [normal]


def test_doc_numbers_same_despite_run_on_prefix() -> None:
    (a,) = find_doc_numbers("根据示政办发〔2026〕21号文件精神")
    (b,) = find_doc_numbers("示政办发(2026)21号")
    (c,) = find_doc_numbers("示政发〔2026〕21号")
    assert a.same(b) and not c.same(b)
    assert not find_doc_numbers("2025-2026学年") and not find_doc_numbers("共征集意见3条")


def test_quoted_and_core_titles() -> None:
    assert quoted_titles("关于印发《示范县城区停车管理办法》的通知") == ["示范县城区停车管理办法"]
    assert core_title("关于印发《示范县城区停车管理办法（试行）》的通知") == "示范县城区停车管理办法（试行）"
    assert (
        core_title("示范县人民政府办公室关于印发示范县农村人居环境整治提升实施方案的通知")
        == "示范县农村人居环境整治提升实施方案"
    )
    assert core_title("示范县人民政府关于加强耕地保护的意见") == "关于加强耕地保护的意见"
    assert quoted_titles("无书名号") == []


@pytest.mark.parametrize("title", [
    "《示范县城区停车管理办法》政策解读", "一图读懂《示范县城区停车管理办法》", "图解：示范县城区停车管理办法",
    "《示范县城区停车管理办法》问答", "关于《示范县城区停车管理办法》的解读",
])  # fmt: skip
def test_interpretation_titles_name_their_document(title: str) -> None:
    assert is_interpretation_title(title)
    assert same_title(referenced_title(title), "关于印发《示范县城区停车管理办法》的通知")


def test_same_title_place_name_and_decoys() -> None:
    assert same_title("农村人居环境整治提升实施方案", "示范县农村人居环境整治提升实施方案")
    assert not same_title("示范县城区停车收费管理办法", "示范县城区停车管理办法")
    assert not same_title("实施方案", "实施方案")  # too short to name anything
    assert not is_interpretation_title("示范县城区停车管理办法")


@pytest.mark.parametrize(("text", "start", "end"), [
    ("征求意见时间：2024-03-06 至 2024-04-05", D(2024, 3, 6), D(2024, 4, 5)),
    ("征集期：2024年3月6日—4月5日", D(2024, 3, 6), D(2024, 4, 5)),
    ("征集部门:市中区政府办公室开始时间:2024-09-04 结束时间:2024-09-27", D(2024, 9, 4), D(2024, 9, 27)),
    ("征求意见起止时间:\n\n2024年9月4日至2024年9月27日。", D(2024, 9, 4), D(2024, 9, 27)),
    ("自2024年3月6日起至2024年4月5日止，公开征求社会各界意见。", D(2024, 3, 6), D(2024, 4, 5)),
    ("征求意见期限：2024年12月20日至1月19日", D(2024, 12, 20), D(2025, 1, 19)),
    ("截止日期：2024年4月5日", None, D(2024, 4, 5)),
    ("意见反馈截止时间：2024年4月5日17:00", None, D(2024, 4, 5)),
    ("请于2024年4月5日前将意见反馈至县司法局。", None, D(2024, 4, 5)),
])  # fmt: skip
def test_consultation_windows(text: str, start: dt.date | None, end: dt.date) -> None:
    w = find_window(text)
    assert w is not None and (w.start, w.end) == (start, end)


def test_window_decoys_and_days() -> None:
    assert find_window("本方案实施期为2024年1月1日至2026年12月31日。") is None
    assert find_window("") is None
    w = find_window("征求意见时间：2024-03-06 至 2024-04-05")
    assert w is not None and w.days == 31


def test_real_consultation_excerpts() -> None:
    notice = REALPAGES / "consultation" / "jinan_shizhong_yjzj_notice_2024_excerpt.txt"
    feedback = REALPAGES / "consultation" / "ahjinzhai_yjzj_adoption_feedback_2022_excerpt.txt"
    if not notice.exists():
        pytest.skip("realpages absent")
    w = find_window(notice.read_text(encoding="utf-8"))
    assert w is not None and (w.start, w.end) == (D(2024, 9, 4), D(2024, 9, 27))
    assert feedback_summary(feedback.read_text(encoding="utf-8")) == {"opinions": 3, "adopted": 2}
    assert feedback_summary("本次征求意见期间未收到意见建议。") == {"none_received": True}


def test_message_table_states_and_links() -> None:
    rows = [["序号", "标题", "留言时间", "回复时间", "状态"],
            ["1", "关于小区路灯不亮的问题", "2026-09-20", "", "未回复"],
            ["2", "咨询社保缴费", "2026-10-08", "2026-10-09", "已回复"],
            ["3", "学校门口交通拥堵", "2026-11-01", "", "办理中"],
            ["", "", "", "", ""]]  # fmt: skip
    msgs = messages_from_table(rows, [{"url": "http://x/1.html", "text": "关于小区路灯不亮的问题"}])
    assert [(m.title, m.state, m.url) for m in msgs] == [
        ("关于小区路灯不亮的问题", "unreplied", "http://x/1.html"), ("咨询社保缴费", "replied", None),
        ("学校门口交通拥堵", "processing", None),
    ]  # fmt: skip
    assert msgs[1].replied == D(2026, 10, 9)
    assert messages_from_table([["名称", "发布日期"], ["x", "2026-01-01"]]) == []
    assert (
        reply_state("已办结") == "replied"
        and reply_state("待回复") == "unreplied"
        and reply_state("") is None
    )


def test_message_detail_pages() -> None:
    m = message_from_detail("路灯", "留言时间：2026-09-20 10:00\n回复单位：示范县住房和城乡建设局\n"
                                    "回复时间：2026年9月25日\n回复内容：\n已安排维修。")  # fmt: skip
    assert (m.asked, m.replied, m.state, m.unit) == (
        D(2026, 9, 20),
        D(2026, 9, 25),
        "replied",
        "示范县住房和城乡建设局",
    )
    m = message_from_detail("路灯", "留言时间：2026-09-20\n回复内容：暂无")
    assert m.state == "unreplied" and m.replied is None
    m = message_from_detail(
        "路灯", "", [{"name": "表1", "rows": [["留言时间", "2026-09-20", "办理状态", "办理中"]]}]
    )
    assert (m.asked, m.state) == (D(2026, 9, 20), "processing")
    assert message_from_detail("x", "正文里没有任何标签").state is None


def test_stated_validity() -> None:
    v = stated_validity("本办法自2021年3月1日起施行，有效期5年。")
    assert v is not None and (v.years, v.start, v.until) == (5, D(2021, 3, 1), None)
    v = stated_validity("本办法有效期至2025年12月31日。")
    assert v is not None and v.until == D(2025, 12, 31)
    v = stated_validity("", {"有效期": "2026-01-01"})
    assert v is not None and v.until == D(2026, 1, 1)
    v = stated_validity("本办法自印发之日起施行，有效期两年。")
    assert v is not None and v.years == 2 and v.start is None
    assert stated_validity("本办法自印发之日起施行。") is None
    assert is_provisional("示范县养老服务补贴管理暂行办法") and not is_provisional(
        "示范县养老服务补贴管理办法"
    )
