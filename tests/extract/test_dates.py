"""Dates as written on pages and in URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.crawler.extract import find_dates, parse_date
from govaudit.crawler.extract.dates import date_from_url, infer_year, pure_date, year_from_url

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-28", "2024-06-28"),
        ("2024/06/28", "2024-06-28"),
        ("2024.06.28", "2024-06-28"),
        ("2024年6月28日", "2024-06-28"),
        ("2018 年 03 月 08 日", "2018-03-08"),
        ("2024-6-8", "2024-06-08"),
        ("2007-08-20-23:59:59", "2007-08-20"),
        ("发布时间：2019-09-18 06:23", "2019-09-18"),
        ("2018-03-14 11:30:00", "2018-03-14"),
        ("(2025-10-14)", "2025-10-14"),
        ("2020年08月02日", "2020-08-02"),
        ("二〇二四年六月二十八日", "2024-06-28"),
        ("二〇一九年十月一日", "2019-10-01"),
        ("签发于2024年6月28号", "2024-06-28"),
    ],
)
def test_formats(text, expected):
    assert parse_date(text) == D(expected)


@pytest.mark.parametrize(
    "text",
    [
        "2024-13-40",
        "2024-02-30",
        "000014348/2020-35428",  # 索引号
        "2024-35428",
        "〔2022〕1号",  # 文号
        "0931-8826049",  # phone
        "13800138000",
        "2025-2026学年",
        "2018-05/03",  # mixed separators
        "v2.2024.1.1",
        "共1,227页",
        "12:30",
        "",
    ],
)
def test_not_dates(text):
    assert find_dates(text, ref=dt.date(2025, 1, 5)) == []


def test_first_date_and_spans():
    text = "成文日期：2024年6月20日 发布日期：2024-06-28"
    found = find_dates(text)
    assert [m.date for m in found] == [D("2024-06-20"), D("2024-06-28")]
    assert text[found[1].start : found[1].end] == "2024-06-28"
    assert parse_date(text) == D("2024-06-20")


def test_time_is_kept_in_the_matched_text():
    (m,) = find_dates("2022-02-11 08:52:25")
    assert m.text == "2022-02-11 08:52:25"


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("[06-28]", "2024-07-01", "2024-06-28"),
        ("(06-28)", "2024-07-01", "2024-06-28"),
        ("06-28", "2024-07-01", "2024-06-28"),
        ("[12-30]", "2025-01-05", "2024-12-30"),  # across the year boundary
        ("[01-05]", "2025-01-05", "2025-01-05"),  # the reference day itself
        ("[01-06]", "2025-01-05", "2024-01-06"),  # never after the reference date
        ("[1-5]", "2025-01-05", "2025-01-05"),  # single digits only in brackets
        ("6月28日", "2024-07-01", "2024-06-28"),
        ("02-29", "2025-03-01", "2024-02-29"),  # back to the latest leap year
    ],
)
def test_yearless(text, ref, expected):
    (m,) = find_dates(text, ref=D(ref))
    assert m.date == D(expected)
    assert m.yearless


def test_yearless_needs_a_reference_date():
    assert find_dates("[06-28]") == []
    assert parse_date("[06-28]") is None
    assert find_dates("1-2", ref=D("2025-01-05")) == []  # not bracketed, not two digits


def test_bracketed_text_as_written():
    (m,) = find_dates("【2024-06-28】")
    assert m.text == "【2024-06-28】"


def test_infer_year():
    assert infer_year(12, 30, D("2025-01-05")) == D("2024-12-30")
    assert infer_year(13, 1, D("2025-01-05")) is None


def test_pure_date():
    assert pure_date("[06-28]", ref=D("2024-07-01")).date == D("2024-06-28")
    assert pure_date("发布时间：2024-06-28 10:00").date == D("2024-06-28")
    assert pure_date("2024-06-28 关于开展") is None
    assert pure_date("2024-06-20 2024-06-28") is None


@pytest.mark.parametrize(
    ("url", "expected", "precision"),
    [
        ("http://x.gov.cn/col/202406/t20240628_1.html", "2024-06-28", "day"),
        ("http://www.lishui.gov.cn/art/2023/10/23/art_1229283449_2493752.html", "2023-10-23", "day"),
        ("http://www.gov.cn/zhengce/content/2018-12/29/content_5353307.htm", "2018-12-29", "day"),
        ("https://www.nmpa.gov.cn/xxgk/ggtg/20251014104752137.html", "2025-10-14", "day"),
        ("https://shanghai.gov.cn/nw12344/20230331/4a03b5fa.html", "2023-03-31", "day"),
        ("http://scjg.gansu.gov.cn/scjg/c110159/202205/2032457.shtml", "2022-05-01", "month"),
    ],
)
def test_dates_in_urls(url, expected, precision):
    assert date_from_url(url) == (D(expected), precision)


def test_urls_without_dates():
    assert date_from_url("http://www.gov.cn/zhengce/content_5353307.htm") is None
    assert date_from_url("http://x.gov.cn/col/col42150/content/content_1951206363677671424.html") is None
    assert year_from_url("http://x.gov.cn/col/col42150/index.html") is None
    assert year_from_url("http://x.gov.cn/art/2024/6/28/art_1_2.html") == 2024
    assert year_from_url("http://x.gov.cn/2024-06/28/content_1.htm") == 2024
    assert year_from_url("http://x.gov.cn/news/2023/list.html") == 2023
