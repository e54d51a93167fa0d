"""broken_link, meta_missing and metadata_incomplete on real local HTTP servers."""

from __future__ import annotations

import time
from pathlib import Path

from govaudit.checks.codes import org_code_check_char, uscc_check_char

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import SITE_META, article, article_meta, column_meta, column_page, days, page

USCC = "11331122MB1234567" + uscc_check_char("11331122MB1234567")
ORG = "00248573" + org_code_check_char("00248573")
BAD_ORG = "00248573" + ("1" if ORG[-1] == "0" else "0")


def test_broken_links_and_decoys(tmp_path: Path) -> None:
    big = b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024)  # 50 MB: must not be downloaded by a link check
    with SiteServer() as ext:
        ext.add("/ok.html", page("外部站点", "ok"))
        ext_base = ext.url
    # ext is stopped now: its port refuses connections (a dead external link)
    with SiteServer() as server:
        body = (
            '<a href="/files/fangan.pdf">附件：实施方案.pdf</a> <a href="/files/big.pdf">大附件.pdf</a>'
            '<a href="/old/">旧链接</a> <a href="/busy.html">限流页面</a> <img src="/img/missing.png" alt="配图">'
            f'<a href="{ext_base}/ok.html">已关闭的外部网站</a>'
        )
        base = serve(server, {
            "/": page("首页", '<a href="/zwyw/">政务要闻</a><a href="/gone-from-home.html">首页坏链</a>',
                      meta=column_meta("首页")),
            "/zwyw/": column_page("政务要闻", [("关于开展专项行动的通知", "/zwyw/a.html", days(AS_OF, 1).isoformat())]),
            "/zwyw/a.html": article("关于开展专项行动的通知", days(AS_OF, 1), body=body),
            "/files/big.pdf": Resp(big, content_type="application/pdf"),
            "/old/": Resp("", status=302, redirect="/zwyw/"),
            "/busy.html": Resp("slow down", status=429),
        })  # fmt: skip
        started = time.monotonic()
        result = run(
            make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news", "unit": "县教育局"}]),
            tmp_path,
        )
        elapsed = time.monotonic() - started
        assert server.hits["/busy.html"] >= 2  # 429 is retried
    found = {f.url: f for f in by_check(result, "broken_link")}
    assert set(found) == {base + "/files/fangan.pdf", base + "/img/missing.png", ext_base + "/ok.html",
                          base + "/gone-from-home.html"}  # fmt: skip
    pdf = found[base + "/files/fangan.pdf"]
    assert pdf.severity.value == "minor" and pdf.unit == "县教育局" and pdf.column == "政务要闻"
    assert pdf.evidence["source"] == base + "/zwyw/a.html" and pdf.evidence["text"] == "附件：实施方案.pdf"
    assert "HTTP 404" in pdf.message and "附件" in pdf.message
    assert "连接被拒绝" in found[ext_base + "/ok.html"].message
    assert found[base + "/gone-from-home.html"].severity.value == "major"  # on the homepage
    assert any("429" in n.message for n in result.notes)
    assert elapsed < 60


def test_meta_missing_per_template(server: SiteServer, tmp_path: Path) -> None:
    no_id = {k: v for k, v in column_meta("通知公告").items() if k not in ("SiteIDCode", "ColumnDescription")}
    # an entry hosted on another site (the city's platform) without metadata: not this site's template
    city = SiteServer({"/art/1.html": article("市政府召开常务会议", days(AS_OF, 2), meta={})}).start()
    base = serve(server, {
        "/": page("首页", "", meta=SITE_META),
        "/zwyw/": column_page("政务要闻", [("全县召开三级干部大会", "/zwyw/a.html", days(AS_OF, 1).isoformat()),
                                        ("市政府召开常务会议", city.url + "/art/1.html", days(AS_OF, 2).isoformat())]),
        "/zwyw/a.html": article("全县召开三级干部大会", days(AS_OF, 1)),
        "/tzgg/": column_page("通知公告", [("关于做好冬季供暖保障工作的通知", "/tzgg/a.html", days(AS_OF, 1).isoformat()),
                                        ("关于开展消防安全大检查的通知", "/tzgg/b.html", days(AS_OF, 2).isoformat())], meta=no_id),
        "/tzgg/a.html": article("关于做好冬季供暖保障工作的通知", days(AS_OF, 1), meta={**article_meta("关于做好冬季供暖保障工作的通知", ""), "PubDate": ""}),
        "/tzgg/b.html": article("关于开展消防安全大检查的通知", days(AS_OF, 2), meta=article_meta("关于开展消防安全大检查的通知", "2026年11月18日")),
    })  # fmt: skip
    config = make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
                                {"name": "通知公告", "url": "/tzgg/", "kind": "notice"}])  # fmt: skip
    try:
        result = run(config, tmp_path)
    finally:
        city.stop()
    assert city.hits["/art/1.html"] == 1  # fetched (its date counts for freshness), not judged
    found = by_check(result, "meta_missing")
    column = [f for f in found if f.evidence["role"] == "column"]
    articles = [f for f in found if f.evidence["role"] == "article"]
    assert [(f.column, f.evidence["missing"]) for f in column] == [
        ("通知公告", ["SiteIDCode", "ColumnDescription"])
    ]
    assert len(articles) == 1 and articles[0].column == "通知公告" and articles[0].evidence["pages"] == 2
    assert articles[0].evidence["missing"] == ["PubDate"] and articles[0].evidence["malformed"] == ["PubDate"]
    assert not [f for f in found if f.column == "政务要闻" or f.evidence["role"] == "homepage"]


def test_metadata_incomplete_cases_and_decoys(server: SiteServer, tmp_path: Path) -> None:
    def xxgk(n: int, **changes: str) -> dict[str, str]:
        base = {"索引号": f"{USCC}/2026-{n:05d}", "发布机构": "测试县人民政府办公室", "成文日期": days(AS_OF, 10).isoformat(),
                "发布日期": days(AS_OF, 8).isoformat(), "文号": f"测政办发〔2026〕{n}号", "有效性": "有效"}  # fmt: skip
        base.update(changes)
        return {k: v for k, v in base.items() if v != "-"}

    docs = {
        "ok1": ("关于印发测试县优化营商环境若干措施的通知", xxgk(1)),
        "ok2": ("关于调整部分行政事业性收费的通知", xxgk(2, 索引号=f"{ORG}/2026-00002", 文号="无")),
        "nowh": ("关于做好秋冬季森林防火工作的通知", xxgk(3, 文号="-")),
        "late": (
            "关于公布第一批权责清单的通知",
            xxgk(4, 成文日期=days(AS_OF, 2).isoformat(), 发布日期=days(AS_OF, 5).isoformat()),
        ),
        "future": ("关于开展2027年度预算编制工作的通知", xxgk(5, 发布日期="2026-12-25")),
        "badidx": ("关于印发测试县节能降碳行动方案的通知", xxgk(6, 索引号=f"{BAD_ORG}/2026-00006")),
    }
    routes = {"/": page("首页", ""), "/zfwj/": column_page("政府文件", [
        (t, f"/zfwj/{k}.html", days(AS_OF, 8).isoformat()) for k, (t, _) in docs.items()])}  # fmt: skip
    for k, (t, fields) in docs.items():
        routes[f"/zfwj/{k}.html"] = article(t, days(AS_OF, 8), xxgk=fields)
    # a news article without any metadata block is not a 政府信息公开 article: decoy
    routes["/zwyw/"] = column_page(
        "政务要闻", [("全县召开三级干部大会", "/zwyw/a.html", days(AS_OF, 1).isoformat())]
    )
    routes["/zwyw/a.html"] = article("全县召开三级干部大会", days(AS_OF, 1))
    base = serve(server, routes)
    config = make_config(base, [{"name": "政府文件", "url": "/zfwj/", "kind": "policy", "unit": "县发展和改革局"},
                                {"name": "政务要闻", "url": "/zwyw/", "kind": "news"}])  # fmt: skip
    result = run(config, tmp_path)
    found = {
        f.url.rsplit("/", 1)[-1].removesuffix(".html"): f for f in by_check(result, "metadata_incomplete")
    }
    assert set(found) == {"nowh", "late", "future", "badidx"}
    assert found["nowh"].evidence["missing"] == ["文号"] and found["nowh"].unit == "县发展和改革局"
    assert "晚于发布日期" in found["late"].message and found["late"].severity.value == "minor"
    assert found["future"].severity.value == "veto" and "日期造假风险" in found["future"].message
    assert "校验位错误" in found["badidx"].message
