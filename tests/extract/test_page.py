"""extract_page_info: title and publication date priority."""

from __future__ import annotations

import datetime as dt

from govaudit.crawler.extract import extract_page_info, parse_html

REF = dt.date(2025, 1, 5)
D = dt.date.fromisoformat


def info(html: str, url: str = "http://www.example.gov.cn/a/b.html"):
    return extract_page_info(parse_html(html), url, ref_date=REF)


XXGK = """<table><tr><td>索引号</td><td>X/2024-1</td><td>发布机构</td><td>县政府</td></tr>
<tr><td>成文日期</td><td>2024-06-20</td><td>发布日期</td><td>2024-06-28</td></tr></table>"""


def test_priority_xxgk_label_meta_url():
    head = '<head><meta name="PubDate" content="2024-07-01 09:00"><title>示范县关于做好防汛工作的通知 - 示范县人民政府</title></head>'
    url = "http://www.example.gov.cn/zwgk/202407/t20240702_5.html"
    i = info(f"<html>{head}<body>{XXGK}<div class='info'>发布时间：2024-06-30</div></body></html>", url)
    assert (i.pub_date, i.pub_date_source) == (D("2024-06-28"), "xxgk")
    assert i.dates == {"xxgk": "2024-06-28", "label": "2024-06-30", "meta": "2024-07-01", "url": "2024-07-02"}
    i = info(f"<html>{head}<body><div class='info'>发布时间：2024-06-30</div></body></html>", url)
    assert (i.pub_date, i.pub_date_source) == (D("2024-06-30"), "label")
    i = info(f"<html>{head}<body><p>正文</p></body></html>", url)
    assert (i.pub_date, i.pub_date_source) == (D("2024-07-01"), "meta")
    i = info("<html><body><p>正文</p></body></html>", url)
    assert (i.pub_date, i.pub_date_source) == (D("2024-07-02"), "url")
    i = info("<html><body><p>正文</p></body></html>", "http://www.example.gov.cn/a/content_5353307.htm")
    assert i.pub_date is None and i.pub_date_source is None and i.dates == {}


def test_meta_pubdate_formats():
    for value, expected in [
        ("2019-09-18 06:23", "2019-09-18"),
        ("2020年08月02日", "2020-08-02"),
        ("2018-03-14 11:30:00", "2018-03-14"),
    ]:
        i = info(f'<head><meta name="PubDate" content="{value}"></head><body></body>')
        assert i.pub_date == D(expected)
    i = info('<head><meta name="firstpublishedtime" content="2007-08-20-23:59:59"></head><body></body>')
    assert i.pub_date == D("2007-08-20")


def test_chengwen_label_and_body_prose_are_not_the_pub_date():
    html = """<body><h1>关于印发示范县安全生产工作要点的通知</h1><div>成文日期：2024-06-01</div>
    <div class="content"><p>各乡镇人民政府，县政府各部门：现将《示范县安全生产工作要点》印发给你们，请结合实际认真贯彻落实。
    本要点自2024年5月1日起施行。各单位要于2024年5月20日前报送落实情况，逾期未报的予以通报，并纳入年度安全生产目标责任考核。</p></div></body>"""
    i = info(html, "http://www.example.gov.cn/x/detail.html")
    assert i.pub_date is None


def test_unlabelled_date_below_the_headline_and_month_folder():
    html = """<body><div class="title">示范县召开2024年第一季度经济运行分析会</div>
    <div class="sub">示范县人民政府网 2024-04-12 10:30 打印本页</div><div class="content"><p>正文2023年12月31日</p></div></body>"""
    i = info(html, "http://www.example.gov.cn/x/detail.html")
    assert (i.pub_date, i.pub_date_source) == (D("2024-04-12"), "text")
    assert i.title == "示范县召开2024年第一季度经济运行分析会"
    i = info("<body><p>正文</p></body>", "http://www.example.gov.cn/x/202008/2032457.shtml")
    assert (i.pub_date, i.pub_date_source) == (D("2020-08-01"), "url")


def test_titles():
    i = info(
        '<head><meta name="ArticleTitle" content="元标题"><title>别的 - 站点</title></head><body><h1>页面标题</h1></body>'
    )
    assert i.title == "元标题"
    i = info("<head><title>关于开展2025-2026学年工作的通知-湖北省市场监督管理局</title></head><body></body>")
    assert i.title == "关于开展2025-2026学年工作的通知"
    i = info("<head><title>载人航天工程全线备战_中国载人航天官方网站</title></head><body></body>")
    assert i.title == "载人航天工程全线备战"
    i = info(
        "<head><title>标题甲乙丙丁</title></head><body><div class='nav'><h1>网站名称</h1></div><h1>标题甲乙丙丁</h1></body>"
    )
    assert i.title == "标题甲乙丙丁"


def test_news_page_has_meta_and_no_xxgk():
    i = info(
        '<head><meta name="SiteName" content="示范县"></head><body><div>发布日期：2022-02-11 08:52 来源：示范日报</div></body>'
    )
    assert i.meta == {"SiteName": "示范县"}
    assert i.xxgk == {}
    assert i.pub_date == D("2022-02-11")
