"""serious_error: the office's rule lists, outdated agency names (2018 reform) and hidden links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.checks.content_helpers import SITE, check_snapshot
from tests.conftest import REALPAGES

RECENT = dt.date(2026, 11, 10)
OLD = dt.date(2016, 5, 20)


def _page(path: str, text: str, pub: dt.date | None, **extra: object) -> dict[str, object]:
    return {"url": SITE + path, "title": f"标题{path}", "text": text, "pub_date": pub, **extra}


def test_outdated_names_recent_old_and_historical(tmp_path: Path) -> None:
    pages = [
        _page("/a.html", "县国土资源局联合县环保局开展执法检查。", RECENT),
        _page("/b.html", "县国土资源局联合县环保局开展执法检查。", OLD),  # before the reform: fine
        _page("/c.html", "原县国土资源局的职责划入县自然资源和规划局。", RECENT),
        _page("/d.html", "2018年机构改革后，县环境保护局更名为市生态环境局示范分局。", RECENT),
        _page("/e.html", "依据《示范县国土资源局关于土地整治的通知》（示国土资〔2016〕3号）执行。", RECENT),
        _page("/f.html", "2017年，县安全生产监督管理局组织了演练。", RECENT),
        _page(
            "/g.html",
            "县市场监督管理局、县应急管理局、县卫生健康局、县生态环境分局、县自然资源和规划局联合检查。",
            RECENT,
        ),
        _page("/h.html", "县卫计局开展义诊活动。", None),  # no publication date: a note, no finding
        _page("/i.html", "县环境卫生局清扫街道，县煤矿安监局检查。", RECENT),  # guards
    ]
    findings, notes = check_snapshot(tmp_path, "serious_error", pages)
    assert [f.url.removeprefix(SITE) for f in findings] == ["/a.html"]
    f = findings[0]
    assert f.severity.value == "veto" and f.evidence["rule"] == "outdated_name"
    assert {i["old"]: i["current"] for i in f.evidence["matches"]} == {
        "国土资源局": "自然资源局",
        "环保局": "生态环境局",
    }
    assert (
        "2026-11-10 发布" in f.message
        and "“国土资源局”（现为“自然资源局”）、“环保局”（现为“生态环境局”）" in f.message
    )
    assert [n.url.removeprefix(SITE) for n in notes] == ["/h.html"] and "无发布日期" in notes[0].message


def test_reform_date_and_user_names(tmp_path: Path) -> None:
    pages = [_page("/a.html", "县扶贫办召开会议，县国土资源局参加。", dt.date(2019, 6, 1))]
    content = {"reform_date": "2020-01-01", "outdated_names": {"扶贫办": "乡村振兴局"}}
    findings, _ = check_snapshot(tmp_path, "serious_error", pages, content=content)
    assert findings == []  # published before the configured reform date
    (tmp_path / "b").mkdir()
    findings, _ = check_snapshot(tmp_path / "b", "serious_error", pages,
                                 content={"outdated_names": {"扶贫办": "乡村振兴局"}, "default_outdated_names": False})  # fmt: skip
    assert [i["old"] for i in findings[0].evidence["matches"]] == ["扶贫办"]


def test_wrong_names_and_forbidden_expressions(tmp_path: Path) -> None:
    pages = [
        _page("/a.html", "示范县县长张三主持会议。会议传达了中华人名共和国有关精神。", RECENT),
        _page("/b.html", "中华人民共和国。示范县县长李四出席。", RECENT),
    ]
    content = {
        "wrong_names": {"县长张三": "县长李四", "中华人名共和国": "中华人民共和国"},
        "forbidden": ["某某领导"],
    }
    pages.append(_page("/c.html", "某某领导出席。", OLD))
    findings, _ = check_snapshot(tmp_path, "serious_error", pages, content=content)
    got = {f.url.removeprefix(SITE): f for f in findings}
    assert set(got) == {"/a.html", "/c.html"}
    assert {i["wrong"]: i["correct"] for i in got["/a.html"].evidence["matches"]} == {
        "县长张三": "县长李四", "中华人名共和国": "中华人民共和国"}  # fmt: skip
    assert "不应使用的表述“某某领导”" in got["/c.html"].message


def _hidden(
    url: str, text: str, how: str = "内联样式 display:none", toggled: bool = False
) -> dict[str, object]:
    return {"url": url, "text": text, "how": how, "element": "div", "toggled": toggled}


def test_hidden_links(tmp_path: Path) -> None:
    pages = [
        _page("/a.html", "正文", RECENT, hidden_links=[_hidden("http://www.bet-example.com/", "澳门百家乐")]),
        _page("/b.html", "正文", RECENT, hidden_links=[_hidden("http://shop.example.com/x", "购物", "内联样式 left:-9999px")]),
        _page("/c.html", "正文", RECENT, hidden_links=[_hidden("http://www.zj.gov.cn/", "省政府", toggled=True),
                                                       _hidden("http://www.hz.gov.cn/", "市政府"),
                                                       _hidden("http://www.people.com.cn/", "人民网", toggled=True)]),
        _page("/d.html", "正文", RECENT, hidden_links=[_hidden("http://casino.example.org/", "友情链接", toggled=True)]),
        _page("/e.html", "正文", RECENT, hidden_links=[_hidden("http://cms-vendor.example.net/", "技术支持")]),
    ]  # fmt: skip
    findings, _ = check_snapshot(
        tmp_path, "serious_error", pages, content={"hidden_link_allow": ["cms-vendor.example.net"]}
    )
    got = {f.url.removeprefix(SITE): f for f in findings}
    assert set(got) == {"/a.html", "/b.html", "/d.html"}
    a = got["/a.html"]
    assert a.severity.value == "veto" and a.evidence["rule"] == "hidden_link"
    assert "疑似暗链" in a.message and "www.bet-example.com" in a.message and "设置为不显示" in a.message
    assert a.evidence["spam_word"] == "百家乐" and a.evidence["page_count"] == 1


def test_a_template_wide_hidden_link_is_one_finding(tmp_path: Path) -> None:
    spam = [_hidden("http://www.bet-example.com/", "澳门百家乐")]
    pages = [_page(f"/{i}.html", "正文", RECENT, hidden_links=spam) for i in range(5)]
    pages.append(
        {"url": SITE + "/", "role": "homepage", "column": None, "title": "首页", "hidden_links": spam}
    )
    findings, _ = check_snapshot(tmp_path, "serious_error", pages)
    assert len(findings) == 1
    f = findings[0]
    assert f.url == SITE + "/" and f.column is None  # shown at the homepage
    assert f.evidence["page_count"] == 6 and "等 6 个页面" in f.message


def test_registrable_domain() -> None:
    from govaudit.checks.serious_error import registrable_domain

    assert registrable_domain("http://www.shifan.gov.cn/a") == registrable_domain(
        "https://zwfw.shifan.gov.cn/"
    )
    assert registrable_domain("http://www.shifan.gov.cn/") != registrable_domain(
        "http://www.qingshan.gov.cn/"
    )
    assert registrable_domain("http://a.example.com.cn/") == "example.com.cn"
    assert (
        registrable_domain("http://127.0.0.1:8000/")
        == "127.0.0.1"
        != registrable_domain("http://localhost:8000/")
    )


def test_hidden_link_rules(tmp_path: Path) -> None:
    links = [
        _hidden("http://www.hanweb.com", "Produced By 大汉网络 大汉版通发布系统"),  # CMS signature: no
        _hidden("http://121.43.68.40/exposure/jiucuo.html", ""),  # a service by IP address: no
        _hidden("http://share.example.com/x", "分享到"),  # display:none, nothing suspect: no
        _hidden("http://www.lottery-example.com/", "澳门娱乐"),  # suspect words, non-government: yes
        _hidden("http://seo.example.com/", "SEO", "内联样式 font-size:0"),  # spam technique: yes
        _hidden(
            "http://ok.example.com/", "合作单位", "内联样式 text-indent:-9999px"
        ),  # allowed by config: no
        _hidden("http://www.hz.gov.cn/", "娱乐城", toggled=True),  # strong spam words on a gov domain: yes
    ]
    pages = [_page("/a.html", "正文", RECENT, hidden_links=links)]
    findings, _ = check_snapshot(
        tmp_path, "serious_error", pages, content={"hidden_link_allow": ["ok.example.com"]}
    )
    assert sorted(f.evidence["host"] for f in findings) == [
        "seo.example.com",
        "www.hz.gov.cn",
        "www.lottery-example.com",
    ]


@pytest.mark.realpages
def test_no_hidden_link_finding_on_real_pages() -> None:
    """Real county and provincial pages hide share widgets, footers, CMS signatures and menus:
    none of that is a 暗链."""
    from govaudit.checks.serious_error import _suspicious
    from govaudit.config.schema import ContentSettings
    from govaudit.crawler.extract import decode_html, parse_html
    from govaudit.crawler.extract.hidden_links import extract_hidden_links

    files = sorted(REALPAGES.glob("**/*.htm*"))
    if not files:
        pytest.skip("../shared/realpages not present")
    seen = 0
    for f in files:
        doc = parse_html(decode_html(f.read_bytes(), None)[0])
        for link in extract_hidden_links(doc, "http://www.example.invalid/a.html"):
            seen += 1
            assert _suspicious(link, ContentSettings(), "example.invalid") is None, (f.name, link)
    assert seen >= 10  # the real pages do hide outside links


@pytest.mark.realpages
def test_no_outdated_name_finding_on_real_pages(tmp_path: Path) -> None:
    """Real pages name old agencies only before the reform, or when citing a document of the time."""
    from govaudit.crawler.extract import decode_html, extract_page_info, parse_html
    from govaudit.crawler.extract.content import extract_content

    files = sorted(REALPAGES.glob("**/*.htm*"))
    if not files:
        pytest.skip("../shared/realpages not present")
    pages = []
    for i, f in enumerate(files):
        doc = parse_html(decode_html(f.read_bytes(), None)[0])
        info = extract_page_info(doc, SITE + f"/{i}.html", ref_date=RECENT)
        text = extract_content(doc, SITE + f"/{i}.html", []).text
        pages.append(_page(f"/{i}.html", text, info.pub_date or RECENT, title=info.title))
    findings, _ = check_snapshot(tmp_path, "serious_error", pages)
    assert findings == [], [
        (files[int(f.url.rsplit("/", 1)[1].split(".")[0])].name, f.message) for f in findings
    ]
