"""footer_missing, search_broken, annual_statement_missing, media_stale and media_unreachable
on real local sites: each with a site that has the problem and a decoy that does not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.crawler.extract import decode_html, parse_html
from govaudit.crawler.extract.footer import extract_footer

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, REALPAGES, by_check, make_config, run
from tests.sitewide.countysite import TITLES, VALID_FOOTER, county_site, page

ALL = ("footer_missing", "tls_problem", "ipv6_missing", "search_broken", "annual_statement_missing",
       "media_stale", "media_unreachable")  # fmt: skip


def _only(*checks: str) -> list[str]:
    return [c for c in ALL if c not in checks]


def _audit(
    tmp_path: Path, sites: list[tuple[str, str, dict]], checks: tuple[str, ...], as_of: dt.date = AS_OF
):
    (name, url, extra), *others = sites
    text = make_config(url, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}], sitewide=True,
                       site={"name": name, "disable": _only(*checks), **extra}, crawl={"check_links": False},
                       extra_sites=[{"name": n, "url": u + "/", "disable": _only(*checks), **x,
                                     "columns": [{"name": "政务要闻", "url": u + "/zwyw/", "kind": "news"}]}
                                    for n, u, x in others])  # fmt: skip
    return run(text, tmp_path, as_of=as_of)


def test_footer_missing_items_and_malformed_ones_and_a_valid_footer(tmp_path: Path) -> None:
    partial = '<div class="footer"><p>主办：某县人民政府办公室</p><p>网站标识码：37010000 浙ICP备字第A12号</p></div>'
    with SiteServer() as bad, SiteServer() as good, SiteServer() as scripted:
        county_site(bad, AS_OF, footer=partial)
        county_site(good, AS_OF)
        county_site(scripted, AS_OF, footer='<div id="footer"></div><script src="/footer.js"></script>')
        result = _audit(tmp_path, [("坏县", bad.url, {}), ("好县", good.url, {"footer": {"site_code": "3701000099"}}),
                                   ("脚本县", scripted.url, {})], ("footer_missing",))  # fmt: skip
    found = by_check(result, "footer_missing")
    assert [f.site for f in found] == ["坏县"]
    ev = found[0].evidence
    assert ev["missing"] == ["党政机关标识", "公安机关备案号", "联系方式", "“我为政府网站找错”入口"]
    assert "网站标识码“37010000”应为10位" in ev["malformed"] and any(
        "ICP备案号" in m for m in ev["malformed"]
    )
    assert any(
        n.site == "脚本县" and "页脚" in n.message for n in result.notes
    )  # unreadable: a note, not a finding


def test_a_configured_site_code_must_match() -> None:
    from tests.sitewide.helpers import judge

    footer = extract_footer(parse_html(page("首页", "", VALID_FOOTER))).as_dict()
    findings, _ = judge({"url": "http://x.test/", "footer": {"site_code": "3701000001"}},
                        {"footer": {"pages": [{"url": "http://x.test/", "role": "homepage", **footer}]}}, AS_OF,
                        "footer_missing")  # fmt: skip
    assert [f.evidence["malformed"] for f in findings] == [
        ["网站标识码“3701000099”与本网站标识码“3701000001”不符"]
    ]


@pytest.mark.skipif(not REALPAGES.exists(), reason="../shared/realpages not present")
@pytest.mark.parametrize(
    "name",
    [
        "detail/shanxi_gov_trs_news_detail.html",
        "detail/wuhan_gsj_trs_xxgk_detail.html",
        "other/gansu_scjg_homepage_multi_lists.html",
        "detail/bayannur_gov_trs_news_detail.html",
    ],
)
def test_real_footers_are_read_in_full(name: str) -> None:
    facts = extract_footer(parse_html(decode_html((REALPAGES / name).read_bytes())[0]))
    assert all(facts.present().values()), facts.as_dict()
    assert len(facts.site_codes[0]) == 10 and facts.icp_malformed is None and facts.police_malformed is None


@pytest.mark.parametrize(("mode", "finding", "note"), [
    ("works", False, None), ("strict", False, "不支持容错"), ("empty", True, None), ("missing", True, None),
    ("script", False, "结果可能由脚本加载"), ("placeholder", False, "结果可能由脚本加载"),
])  # fmt: skip
def test_search(tmp_path: Path, mode: str, finding: bool, note: str | None) -> None:
    with SiteServer() as server:
        county_site(server, AS_OF, search=mode)
        result = _audit(tmp_path, [("测试县人民政府", server.url, {})], ("search_broken",))
        asked = sorted(k for k in server.hit_targets if k.startswith("/search/"))
    found = by_check(result, "search_broken")
    assert bool(found) is finding
    assert any(TITLES[0][:6] in k or "%E6%B5%8B" in k for k in asked)  # it searched for the crawled titles
    if finding:
        assert [t["title"] for t in found[0].evidence["tries"]] == TITLES
    notes = [n.message for n in result.notes if "搜索" in n.message]
    assert (note is None and not notes) or (note is not None and any(note in n for n in notes)), notes


def test_a_configured_search_template_is_used(tmp_path: Path) -> None:
    with SiteServer() as server:
        county_site(server, AS_OF, search="empty")
        server.add("/s2/", lambda req: Resp(page("结果", f"<a href='/zwyw/0.html'>{req.arg('kw')}</a>")))
        result = _audit(tmp_path, [("测试县人民政府", server.url, {"search": {"url": server.url + "/s2/?kw={q}"}})],
                        ("search_broken",))  # fmt: skip
    assert by_check(result, "search_broken") == []


def test_annual_statement_on_the_homepage_or_its_list(tmp_path: Path) -> None:
    link = '<a href="/ndbb/2025.html">测试县人民政府网站2025年政府网站工作年度报表</a>'
    entry = '<a href="/ndbb/">政府网站工作年度报表</a>'
    with SiteServer() as none, SiteServer() as direct, SiteServer() as listed, SiteServer() as old:
        county_site(none, AS_OF)
        county_site(direct, AS_OF, home_extra=link)
        county_site(listed, AS_OF, home_extra=entry)
        listed.add("/ndbb/", page("年度报表", f"<ul><li>{link}</li></ul>"))
        county_site(old, AS_OF, home_extra=link.replace("2025", "2024"))
        result = _audit(tmp_path, [("无报表县", none.url, {}), ("首页县", direct.url, {}), ("列表县", listed.url, {}),
                                   ("旧报表县", old.url, {})], ("annual_statement_missing",))  # fmt: skip
        early = _audit(tmp_path / "jan", [("无报表县", none.url, {}), ("首页县", direct.url, {})],
                       ("annual_statement_missing",), as_of=dt.date(2027, 1, 20))  # fmt: skip
    found = by_check(result, "annual_statement_missing")
    assert sorted(f.site for f in found) == ["无报表县", "旧报表县"]
    assert found[0].evidence["year"] == 2025 and found[0].severity.value == "major"
    # 2026's is due only by 2027-01-31: until then 2025's (due 2026-01-31) is the one judged
    assert [(f.site, f.evidence["year"]) for f in by_check(early, "annual_statement_missing")] == [
        ("无报表县", 2025)
    ]


def test_media_accounts(tmp_path: Path) -> None:
    def posts(*ages: int) -> str:
        rows = "".join(f'<li><a href="/p/{a}.html">发布{a}</a><span>{(AS_OF - dt.timedelta(days=a)).isoformat()}</span></li>'
                       for a in ages)  # fmt: skip
        return page("文章列表", f"<ul>{rows}</ul>")

    with SiteServer() as server:
        county_site(server, AS_OF, home_extra='<a href="/xmt/">政务新媒体</a>')
        server.add("/xmt/", page("政务新媒体", "<ul><li>微信公众号：测试县发布</li><li>微博：测试县教育</li>"
                                             "<li>抖音号：测试县文旅</li></ul>"))  # fmt: skip
        server.add("/wx/", posts(3, 10, 40))
        server.add("/wb/", posts(20, 33))
        server.add("/none/", page("空", "<p>暂无内容</p>"))
        base = server.url
        media = [
            {"platform": "微信公众号", "name": "测试县发布", "unit": "县政府办公室", "url": base + "/wx/"},
            {"platform": "微博", "name": "测试县教育", "unit": "县教育局", "url": base + "/wb/"},
            {"platform": "头条号", "name": "测试县融媒", "url": base + "/gone/"},
            {"platform": "视频号", "name": "测试县视频", "url": base + "/none/"},
            {"platform": "小程序", "name": "测试县办事"},
        ]
        result = _audit(
            tmp_path, [("测试县人民政府", base, {"media": media})], ("media_stale", "media_unreachable")
        )
    stale = by_check(result, "media_stale")
    assert [(f.evidence["account"], f.evidence["days"], f.unit) for f in stale] == [
        ("测试县教育", 20, "县教育局")
    ]
    gone = by_check(result, "media_unreachable")
    assert [(f.evidence["account"], f.evidence["status"], f.url) for f in gone] == [
        ("测试县融媒", 404, base + "/gone/")
    ]
    notes = " ".join(n.message for n in result.notes)
    assert "测试县视频" in notes and "未读到发布日期" in notes and "测试县办事" in notes
    assert "测试县文旅" in notes and "未在配置中" in notes  # listed on the site's own page, not configured


@pytest.mark.skipif(not REALPAGES.exists(), reason="../shared/realpages not present")
@pytest.mark.parametrize(("name", "field", "method"), [
    ("detail/shanxi_gov_trs_news_detail.html", "sword", "post"),
    ("detail/zjdpc_hanweb_jcms_detail_browser_saved.html", "q", "get"),
    ("detail/bayannur_gov_trs_news_detail.html", "content", "get"),
])  # fmt: skip
def test_real_search_forms_are_found(name: str, field: str, method: str) -> None:
    from govaudit.crawler.extract.sitepages import search_form, search_request

    doc = parse_html(decode_html((REALPAGES / name).read_bytes())[0])
    form = search_form(doc, "http://www.county.gov.cn/art/1.html")
    assert form is not None and (form["field"], form["method"]) == (field, method)
    how, url, data = search_request(form, None, "冬季安全生产")
    assert how == method and ("冬季安全生产" in (data or {}).values() or "%E5%86%AC" in url)


def test_a_search_form_pointing_inside_is_not_asked(tmp_path: Path) -> None:
    """The fetch policy (crawler/policy.py) holds for the site-wide facts too: a search form whose
    action is an internal address is never asked (a note, not a finding)."""
    from tests.sitewide.countysite import SEARCH_FORM

    inside = SEARCH_FORM.replace('action="/search/"', 'action="http://169.254.169.254/latest/"')
    with SiteServer() as server:
        county_site(server, AS_OF)
        home = page("测试县人民政府", f'{inside}<a href="/zwyw/">政务要闻</a>')
        server.add("/", home.replace("</body>", f"{_home_rows()}</body>"))
        result = _audit(tmp_path, [("测试县人民政府", server.url, {})], ("search_broken",))
    assert by_check(result, "search_broken") == []
    assert any("内网或保留地址" in n.message for n in result.notes)


def _home_rows() -> str:
    days = [AS_OF - dt.timedelta(days=n) for n in (1, 3)]
    return "".join(f'<li><a href="/zwyw/{i}.html">{t}</a><span>{d.isoformat()}</span></li>'
                   for i, (t, d) in enumerate(zip(TITLES, days, strict=True)))  # fmt: skip
