"""The bundled demo site serves exactly the problems its README promises, and nothing else.

A small link walker reads every page of the site (links found anywhere in the raw HTML,
including inside comments and Hanweb CDATA records) and checks what answers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import yaml

from govaudit.demo.siteserver import SiteServer

SITE = Path(str(resources.files("govaudit.demo") / "site"))
DEMO_YAML = Path(str(resources.files("govaudit.demo") / "demo.yaml"))
TODAY = dt.date(2026, 1, 5)  # early January: yearless dates and URLs cross a year boundary
LINK = re.compile(r'(?:href|src)\s*=\s*"([^"#]*)"')
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SITE_META = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_META = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE_META = ("ArticleTitle", "PubDate", "ContentSource")


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer.from_dir(SITE, today=TODAY) as s:
        yield s


@pytest.fixture(scope="module")
def config(server: SiteServer) -> dict:
    text = DEMO_YAML.read_text(encoding="utf-8")
    return yaml.safe_load(text.replace("{{base}}", server.url).replace("{{dead}}", "http://127.0.0.1:9"))


def _decode(resp: requests.Response) -> str:
    try:
        return resp.content.decode("utf-8")
    except UnicodeDecodeError:
        return resp.content.decode("gbk")


@pytest.fixture(scope="module")
def walk(server: SiteServer, config: dict) -> dict[str, object]:
    """Every URL reachable on the demo server: url -> status code, or "drop"."""
    base = server.url
    todo = [base + "/", base + "/kfq/"] + [c["url"] for s in config["sites"] for c in s["columns"]]
    seen: dict[str, object] = {}
    with requests.Session() as session:
        while todo:
            url = todo.pop()
            if url in seen or not url.startswith(base):
                continue
            try:
                resp = session.get(url, timeout=5)
            except requests.ConnectionError:
                seen[url] = "drop"
                continue
            seen[url] = resp.status_code
            if resp.ok and ("html" in resp.headers.get("Content-Type", "") or "dataproxy.jsp" in url):
                for href in LINK.findall(_decode(resp)):
                    if href.startswith(("javascript:", "mailto:")):
                        continue
                    todo.append(urljoin(resp.url, href.replace("&amp;", "&")))
            pager = re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', resp.text)
            if pager:  # follow the TRS static pages as the pager script writes them
                todo.extend(urljoin(url, f"index_{i}.html") for i in range(1, int(pager.group(1))))
            # follow the Hanweb groups as the jpage plugin does
            if "<datastore>" in resp.text and "dataproxy.jsp" not in url:
                colid = re.search(r"columnid=(\d+)", resp.text)
                assert colid
                for start in (16, 31):
                    todo.append(
                        f"{base}/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={start + 14}"
                        f"&perpage=15&columnid={colid.group(1)}"
                    )
    return seen


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_only_the_promised_links_fail(walk: dict[str, object]) -> None:
    failing = {_path(u): status for u, status in walk.items() if status not in (200, 301, 302)}
    assert failing == {"/attach/0/b28e4d1f0c.pdf": 404, "/ggzy/": "drop", "/rsxx/": 404}


def test_every_article_is_reached(walk: dict[str, object]) -> None:
    data = yaml.safe_load((SITE / "_data.yaml").read_text(encoding="utf-8"))
    total = sum(len(c["articles"]) for c in data["columns"].values())
    pages = [u for u in walk if re.search(r"/(t\d{8}_\d+|art_1229_\d+|\d{4})\.s?html$", u)]
    assert total == 127  # 103 + 17 of the 政务公开 columns (issue 3) + 7 of 公示公告 (content checks)
    assert len(pages) == total


def test_columns_answer_as_configured(server: SiteServer, config: dict) -> None:
    for site in config["sites"][::2]:
        for col in site["columns"]:
            status = requests.get(col["url"], timeout=5).status_code
            assert status == (404 if col["name"] == "人事信息" else 200), col["name"]
    assert {u["name"] for u in config["units"]} >= {
        c.get("unit", s["unit"]) for s in config["sites"] for c in s["columns"]
    }


def _metas(html: str) -> set[str]:
    return set(re.findall(r'<meta name="(\w+)" content="[^"]+"', html))


def test_meta_tags_missing_only_in_xzdt(walk: dict[str, object], config: dict) -> None:
    columns = {urlsplit(c["url"]).path for s in config["sites"] for c in s["columns"]} - {"/rsxx/"}
    with requests.Session() as session:
        for url, status in walk.items():
            path = urlsplit(url).path
            if status != 200 or not re.search(r"(/|\.s?html)$", path):
                continue
            metas = _metas(_decode(session.get(url, timeout=5)))
            in_xzdt = path.startswith("/xzdt/")
            expected = set(SITE_META)
            if path in columns:
                expected |= set(COLUMN_META)
            if re.search(r"/(t\d{8}_\d+|art_1229_\d+|\d{4})\.s?html$", path):
                expected |= set(ARTICLE_META)
            missing = expected - metas
            if in_xzdt and path == "/xzdt/":
                assert missing == {"SiteIDCode", "ColumnDescription"}, url
            elif in_xzdt:
                assert missing == {"PubDate"}, url
            else:
                assert not missing, (url, missing)


def _uscc_ok(code: str) -> bool:
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], weights, strict=True))
    org_w = [3, 7, 9, 10, 5, 8, 4, 2]
    org = code[8:17]
    org_sum = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org[:8], org_w, strict=True))
    org_check = {10: "X", 11: "0"}.get(11 - org_sum % 11, str(11 - org_sum % 11))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17] and org_check == org[8]


def test_policy_metadata(server: SiteServer, walk: dict[str, object]) -> None:
    docs = [u for u in walk if re.search(r"/zcwj/\d{6}/t\d{8}_\d+\.html$", u)]
    assert len(docs) == 5
    no_wh = []
    for url in docs:
        html = requests.get(url, timeout=5).text
        index_no = re.search(r"索 引 号：</th><td>([^<]*)</td>", html).group(1)  # type: ignore[union-attr]
        code, _, rest = index_no.partition("/")
        assert _uscc_ok(code) and re.fullmatch(r"\d{4}-\d{5}", rest), index_no
        written = re.search(r"成文日期：</th><td>([\d-]+)<", html).group(1)  # type: ignore[union-attr]
        published = re.search(r"发布日期：</th><td>([\d-]+)<", html).group(1)  # type: ignore[union-attr]
        assert written < published <= TODAY.isoformat()
        assert rest.startswith(published[:4])
        if re.search(r"文　　号：</th><td></td>", html):
            no_wh.append(url)
        assert "有 效 性：</th><td>有效</td>" in html
    assert len(no_wh) == 1 and no_wh[0].endswith("_5003.html")


def test_newest_dates_per_column(server: SiteServer) -> None:
    def newest(path: str, pattern: str, encoding: str = "utf-8") -> str:
        text = requests.get(server.url + path, timeout=5).content.decode(encoding)
        return max(re.findall(pattern, text))

    iso = r"(\d{4}-\d{2}-\d{2})"
    d = lambda n: (TODAY + dt.timedelta(days=n)).isoformat()  # noqa: E731
    assert newest("/zwyw/", r"<span>" + iso) == d(-1)
    assert newest("/zwyw/index_2.html", r"<span>" + iso) == d(-23)
    assert newest("/col/col1229/index.html", r"<span>" + iso) == d(-1)
    assert newest("/tzgg/", r"<b>" + iso) == d(-100)
    assert newest("/fgdt/", r'"date">' + iso) == d(-45)
    assert newest("/kfq/", r'"date">' + iso) == d(-40)
    assert newest("/xxdt/", r'"date">\(' + iso, "gbk") == d(-1)
    jyxx = requests.get(server.url + "/jyxx/", timeout=5)
    assert jyxx.headers["Content-Type"] == "text/html; charset=gbk"
    assert f"{(TODAY - dt.timedelta(days=2)).year}年" in jyxx.content.decode("gbk")
    xzdt = requests.get(server.url + "/xzdt/", timeout=5).text
    assert "[01-03]" in xzdt and "[12-31]" in xzdt and '<a href="?page=2">下一页</a>' in xzdt
    assert requests.get(server.url + "/xzdt/?page=2", timeout=5).text.count('<span class="date">') == 3
    assert "暂无信息" in requests.get(server.url + "/yshj/", timeout=5).text


def test_renders_for_today() -> None:
    with SiteServer.from_dir(SITE, today=dt.date.today()) as s:
        assert requests.get(s.url + "/", timeout=5).status_code == 200
