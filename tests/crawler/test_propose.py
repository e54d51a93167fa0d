"""The column proposal on the bundled demo site (served for real on 127.0.0.1): every column the
demo config lists is found, with the right kind for at least 80 % of them; units from 发布机构;
another site's homepage, plain pages and dead links handled; and through the web pages: the
office proposes, ticks, saves, and the database's config holds the site."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from govaudit.config import dbcopy, parse_config
from govaudit.crawler.fetch import Fetcher
from govaudit.crawler.propose import candidates, guess_kind, propose
from govaudit.store import open_db
from govaudit.web import create_app

from govaudit.demo.run import SITE_DIR, demo_config
from govaudit.demo.siteserver import SiteServer
from tests.web.test_web import csrf, login

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def demo() -> Iterator[SiteServer]:
    with SiteServer.from_dir(SITE_DIR, today=TODAY) as s:
        yield s


def test_demo_columns_all_found_kinds_mostly_right(demo: SiteServer) -> None:
    config = parse_config(demo_config(demo.url, "http://127.0.0.1:9"))
    listed = right = 0
    for site in config.sites[0], config.sites[2]:
        p = propose(site.url, config.crawl, config.units, as_of=TODAY)
        assert p.error is None and p.site_name
        got = {c.url: c for c in p.columns}
        for col in site.columns:
            listed += 1
            assert col.url in got, f"{site.name} · {col.name} not proposed"
            assert got[col.url].name == col.name
            right += got[col.url].kind == col.kind
        assert {c.url for c in p.columns} == {c.url for c in site.columns}  # nothing else proposed
    assert listed == 20 and right / listed >= 0.8, (right, listed)
    main = propose(config.sites[0].url, config.crawl, config.units, as_of=TODAY)
    by_name = {c.name: c for c in main.columns}
    assert by_name["乡镇动态"].unit == "青山镇人民政府" and by_name["教育信息"].unit == "县教育局"
    assert by_name["发改动态"].unit == "县发展和改革局"
    assert by_name["人事信息"].problem == "栏目页无法访问（HTTP 404）" and not by_name["人事信息"].suggested
    assert "暂无信息" in (by_name["优化营商环境"].problem or "")
    skipped = {name: why for name, _, why in main.skipped}
    assert "另一个网站" in skipped["示范县经济开发区"] and "不是栏目页" in skipped["政务服务"]
    assert main.pages_read <= 150


def test_guesses_and_link_filter() -> None:
    assert guess_kind("县长信箱", [])[0] == "interaction"
    assert guess_kind("政府信息公开年报", [])[0] == "annual_report"
    assert guess_kind("专栏", ["关于印发某办法的通知", "关于某事项的公告"])[0] == "notice"
    assert guess_kind("专栏X", ["一图读懂某政策", "某政策解读"])[0] == "interpretation"
    assert guess_kind("杂项", ["甲", "乙"])[0] == "other"
    html = ('<a href="/">首页</a><a href="/a/">工作动态</a><a href="/a/t20240101_1.html">某条新闻标题</a>'
            '<a href="http://other.test/b/">外部网站</a><a href="/c/">更多&gt;&gt;</a><a href="/d/">English</a>'
            '<div><h2>通知公告</h2><a href="/e/">更多&gt;&gt;</a></div><a href="/f.pdf">附件下载</a>')  # fmt: skip
    got = candidates(html, "http://x.test/", "http://x.test/")
    assert got == [("工作动态", "http://x.test/a/"), ("通知公告", "http://x.test/e/")]


def test_fetcher_limits(demo: SiteServer) -> None:
    config = parse_config(demo_config(demo.url, "http://127.0.0.1:9"))
    f = Fetcher(config.crawl, max_pages=2)
    assert f.get(demo.url + "/").ok and f.get(demo.url + "/nothing-here/").error == "无法访问（HTTP 404）"
    assert "最多读取 2 个页面" in (f.get(demo.url + "/").error or "")
    assert Fetcher(config.crawl).get("http://127.0.0.1:9/").error == "无法连接"


def form_fields(page: str, form_id: str) -> dict[str, str]:
    """What a browser would submit from the form: inputs, ticked boxes, selected options."""
    import lxml.html

    form = lxml.html.fromstring(page).get_element_by_id(form_id)
    out: dict[str, str] = {}
    for el in form.iter("input", "select", "textarea"):
        name = el.get("name")
        if not name or (el.get("type") == "checkbox" and el.get("checked") is None):
            continue
        if el.tag == "select":
            chosen = [o for o in el.iter("option") if o.get("selected") is not None] or list(
                el.iter("option")
            )[:1]
            out[name] = chosen[0].get("value", chosen[0].text_content()) if chosen else ""
        else:
            out[name] = el.get("value", "")
    return out


def test_office_adds_the_demo_site_in_the_web(demo: SiteServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from werkzeug.security import generate_password_hash

    hashed = generate_password_hash("办公室-密码-1")
    users = f"web:\n  users:\n    - {{login: bgs, role: office, password_hash: '{hashed}'}}\nsites:"
    text = demo_config(demo.url, "http://127.0.0.1:9").replace("sites:", users, 1)
    config = parse_config(text)
    config = config.model_copy(update={"sites": config.sites[1:2]})  # only the dead town site configured
    db = f"sqlite:///{tmp_path / 'p.db'}"
    client = create_app(config, db, today=lambda: TODAY).test_client()
    login(client, "bgs", "办公室-密码-1")
    page = client.get("/sites").get_data(as_text=True)
    page = client.post(
        "/sites/propose", data={"homepage": demo.url + "/", "csrf_token": csrf(page)}
    ).get_data(as_text=True)
    assert "识别出 19 个栏目" in page and "县长信箱" in page and "互动交流" in page
    form = form_fields(page, "accept-form")
    ticked = [k for k in form if k.startswith("accept-")]
    assert len(ticked) == 17  # not the 404 column nor the one saying 暂无信息
    form["site_unit"] = "县政府办公室"
    resp = client.post("/sites/accept", data=form, follow_redirects=True).get_data(as_text=True)
    assert "已保存网站“示范县人民政府”，共 17 个栏目" in resp, re.findall(r'class="flash[^>]*>([^<]*)', resp)
    stored = dbcopy.load(open_db(db))
    assert stored is not None and [s.name for s in stored.sites] == ["示范县青山镇人民政府", "示范县人民政府"]
    site = stored.site("示范县人民政府")
    assert site.unit == "县政府办公室" and {c.name: c.kind for c in site.columns}["县长信箱"] == "interaction"
    # the dead town site is dropped: only with the confirmation box ticked
    page = client.get("/sites").get_data(as_text=True)
    resp = client.post("/sites/0/delete", data={"csrf_token": csrf(page)}, follow_redirects=True)
    assert "请勾选“确认不再监测”" in resp.get_data(as_text=True)
    resp = client.post(
        "/sites/0/delete", data={"csrf_token": csrf(page), "confirm": "1"}, follow_redirects=True
    )
    assert "已不再监测网站“示范县青山镇人民政府”" in resp.get_data(as_text=True)
    stored = dbcopy.load(open_db(db))
    assert stored is not None and [s.name for s in stored.sites] == ["示范县人民政府"]


REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "realpages"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realpages not present")
def test_real_pages_navigation_links() -> None:
    """Real government pages' navigation (saved pages, ../shared/realpages): column links kept by
    their names; article links (dated folders, hashed names), pagers, search and logout left out."""
    jyt = (REAL / "list" / "gansu_jyt_list_items_in_html_comment.html").read_text(encoding="utf-8")
    got = {
        url: name for name, url in candidates(jyt, "https://jyt.gansu.gov.cn/", "https://jyt.gansu.gov.cn/")
    }
    names = set(got.values())
    assert {"政策解读", "通知公告", "人事工作", "决策草案意见征集", "政府文件", "新闻动态"} <= names
    assert not names & {"退出", "高级搜索"} and all("/20" not in u.split("/c")[-1][:8] for u in got)
    kinds = {n: guess_kind(n, [])[0] for n in names}
    assert kinds["政策解读"] == "interpretation" and kinds["决策草案意见征集"] == "consultation"
    assert (
        kinds["人事工作"] == "personnel" and kinds["通知公告"] == "notice" and kinds["政府文件"] == "policy"
    )
    nmpa = (REAL / "list" / "nmpa_ypgg_list.html").read_text(encoding="utf-8")
    names = [
        n
        for n, _ in candidates(
            nmpa, "https://www.nmpa.gov.cn/yaopin/ypggtg/index.html", "https://www.nmpa.gov.cn/"
        )
    ]
    assert {"公告通告", "政策解读", "人事信息", "统计信息"} <= set(names) and "末页" not in names
    scjg = (REAL / "other" / "gansu_scjg_homepage_multi_lists.html").read_text(encoding="utf-8")
    assert candidates(scjg, "https://scjg.gansu.gov.cn/", "https://scjg.gansu.gov.cn/") == []  # only articles


def test_fetcher_follows_the_fetch_policy() -> None:
    """The proposal's fetcher obeys crawler/policy.py: the site's own address is fetched; a
    redirect to another loopback address (an intranet or metadata address in real life) is
    refused at that hop, with the Chinese reason."""
    from govaudit.config.schema import CrawlSettings

    from govaudit.demo.siteserver import Resp

    with SiteServer() as s:
        s.add("/", "<html><body><a href='/a/'>工作动态</a></body></html>")
        s.add("/away/", Resp(b"", status=302, redirect="http://127.0.0.2:9/secret"))
        f = Fetcher(CrawlSettings(delay=0), site_url=s.url + "/")
        assert f.get(s.url + "/").ok
        got = f.get(s.url + "/away/")
        assert got.error is not None and "出于安全原因未访问" in got.error and "127.0.0.2" in got.error
        assert "出于安全原因未访问" in (Fetcher(CrawlSettings(delay=0)).get(s.url + "/").error or "")
