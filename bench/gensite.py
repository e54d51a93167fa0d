"""Generate a large, realistic county-government site for the benchmark, as static files.

``python bench/gensite.py OUT_DIR [--articles 10000]`` writes the site and ``_manifest.json``
(what a complete crawl must reach). :func:`serve` serves it with :class:`SiteServer`.

The site uses the CMS list patterns of real county sites (see ../shared/realpages/SOURCES.md):

- ``trs``: TRS WCM static pages ``index.html``, ``index_1.html`` … paged only by the script call
  ``createPageHTML(pages, current, "index", "html")``;
- ``trs_table``: the same paging with a 名称/索引号/发布机构/发布日期 table;
- ``hanweb``: Hanweb JCMS, first group of records inside ``<script type="text/xml"><datastore>``
  (3 pages x 15), further groups from ``/module/web/jpage/dataproxy.jsp`` (startrecord/endrecord/
  perpage, columnid in the POST body);
- ``query``: a dynamic list ``list.jsp?page=N`` with 下一页 links (pre-rendered, served by a route);
- ``query_table``: the same with a table;
- ``comment``: the site-cluster list kept inside an HTML comment, 20 items a page, paged by
  ``createPageHTML('page_div', pages, current, 'index', 'shtml', records)`` (page n ≥ 2 is
  ``index_n.shtml``).

Articles are 15–30 KB of HTML (header, a 30-link navigation, footer, body paragraphs; policy
columns carry a 政府信息公开 metadata table). Links: three related articles, one or two images,
an attachment on about one article in five, two links to "external" sites (``http://localhost:PORT``,
a different host name for the same server), and a small share of broken ones (missing attachments,
a missing internal page, a missing external page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitemodel as model  # noqa: E402
import sitewords as words  # noqa: E402
from sitemodel import SITE_NAME  # noqa: E402, F401  (used by the benchmarks)
from siteserve import BenchSite, serve  # noqa: E402, F401  (the benchmarks' entry points)


def generate(root: Path, n_articles: int = 10_000, *, ext_base: str, seed: int = 20260628,
             fresh: int = 0) -> dict[str, Any]:  # fmt: skip
    """Write the site into ``root`` (emptied first); returns the manifest (also in _manifest.json).

    ``fresh``: a day's changes — that many new articles dated today at the top of the first
    columns' lists (and the homepage); every other article page is byte for byte the one the same
    seed gives without them (bench/daily.py)."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    w = model.Writer(root)
    pages = model.Pages(ext_base, rng)
    today = dt.date.today()

    # articles per column, newest first, dates spread over about three years
    total_w = sum(c.weight for c in model.COLUMNS)
    arts: dict[str, list[model.Article]] = {}
    next_id = 10001
    counts = [int(n_articles * c.weight / total_w) for c in model.COLUMNS]
    counts[0] += n_articles - sum(counts)
    for col, count in zip(model.COLUMNS, counts, strict=True):
        days = sorted((rng.randint(0, 3 * 365) for _ in range(count)), reverse=False)
        days[:1] = [rng.randint(0, 3)] if days else []
        items = []
        for k in sorted(days):
            a = model.Article(col, next_id, model.title(rng), today - dt.timedelta(days=k))
            a.path = model.article_path(a)
            next_id += 1
            items.append(a)
        arts[col.key] = items

    # attachments (one in five) and the small share of broken links
    all_arts = [a for items in arts.values() for a in items]
    broken: list[str] = []
    for a in all_arts:
        if rng.random() < 0.2:
            a.attachment = f"/attach/{a.col.key}/{a.id}.pdf"
            a.attachment_missing = rng.random() < 0.02
    ext_pages = [f"/ext/{h}/{i}.html" for h in words.EXT_SITES for i in range(20)]
    ext_missing = set(rng.sample(ext_pages, 3))
    pdf = (Path(__file__).resolve().parent.parent / "govaudit/demo/site/attach/0/a17f3c2e9b.pdf").read_bytes()

    # articles
    for items in arts.values():
        for idx, a in enumerate(items):
            w.write(a.path, _article_html(a, items, idx, pages, rng, ext_pages, ext_base))
            if a.attachment and not a.attachment_missing:
                w.write(a.attachment, pdf)
            elif a.attachment:
                broken.append(a.attachment)
    broken_internal = sorted(
        {f"/{a.col.key}/202001/t20200101_{a.id}.html" for a in all_arts if a.id % 97 == 0}
    )
    if fresh:  # after every draw of the seed's generator: the other pages stay as they were
        day_rng = random.Random(seed + 1)
        for j in range(fresh):
            col = model.COLUMNS[j % 3]
            a = model.Article(col, 900001 + j, model.title(day_rng), today)
            a.path = model.article_path(a)
            arts[col.key].insert(0, a)
            all_arts.append(a)
            w.write(a.path, _article_html(a, arts[col.key], 0, pages, day_rng, ext_pages, ext_base))
    broken += broken_internal + sorted(ext_missing)

    # list pages
    list_targets: dict[str, list[str]] = {}
    hanweb_records: dict[str, int] = {}
    for col in model.COLUMNS:
        list_targets[col.key] = _write_lists(col, arts[col.key], w, pages, root)
        if col.pattern == "hanweb":
            hanweb_records[col.key] = len(arts[col.key])

    # homepage, assets, external pages, plain pages
    home = "".join(
        f'<div class="block"><h2><a href="{c.url}">{c.name}</a></h2><ul>'
        + "".join(model.li(a) for a in arts[c.key][:7])
        + "</ul></div>\n"
        for c in model.COLUMNS
    )
    w.write("/", pages.page(SITE_NAME, home))
    w.write("/jiucuo/", pages.page("我为政府网站找错", "<p>欢迎反映本网站存在的问题。</p>"))
    w.write("/search/", pages.page("站内搜索", "<p>请输入关键字。</p>"))
    w.write("/css/style.css", "body{font:14px/1.8 sans-serif}.nav li{display:inline-block}\n")
    w.write("/js/common.js", "function noop(){}\n")
    w.write("/module/jslib/jquery/jquery.js", "/* jquery stand-in */\n")
    w.write("/module/jslib/jquery/jpage/jquery.jpage.js", "/* jpage stand-in */\n")
    png = (Path(__file__).resolve().parent.parent / "govaudit/demo/site/images/ga.png").read_bytes()
    for name in ("logo", "red", "jiucuo"):
        w.write(f"/images/{name}.png", png)
    for i in range(200):
        w.write(f"/images/pool/img_{i}.png", png)
    for h in words.EXT_SITES:
        w.write(f"/ext/{h}/", f"<html><body><h1>{h}</h1></body></html>")
    for p in ext_pages:
        if p not in ext_missing:
            w.write(p, f"<html><body><p>{p}</p></body></html>")

    manifest: dict[str, Any] = {
        "generated": today.isoformat(),
        "articles": len(all_arts),
        "ext_base": ext_base,
        "columns": [
            {
                "key": c.key,
                "name": c.name,
                "kind": c.kind,
                "pattern": c.pattern,
                "url": c.url,
                "colid": c.colid,
                "articles": len(arts[c.key]),
                "list_targets": list_targets[c.key],
                "hanweb_records": hanweb_records.get(c.key, 0),
            }
            for c in model.COLUMNS
        ],
        "article_paths": [a.path for a in all_arts],
        "attachments": sum(1 for a in all_arts if a.attachment),
        "broken": broken,
        "files": w.files,
        "bytes": w.bytes,
    }
    (root / "_manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest


def _article_html(
    a: model.Article,
    items: list[model.Article],
    idx: int,
    pages: model.Pages,
    rng: random.Random,
    ext_pages: list[str],
    ext_base: str,
) -> str:
    target = rng.randint(15_000, 30_000)
    meta = (
        f'<meta name="ColumnName" content="{a.col.name}">\n<meta name="ArticleTitle" content="{html.escape(a.title)}">\n'
        f'<meta name="PubDate" content="{a.date:%Y-%m-%d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}">\n'
        '<meta name="ContentSource" content="基准县人民政府办公室">\n'
    )
    parts = [
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{a.col.url}">{a.col.name}</a> &gt; 正文</div>',
        '<div class="article">',
    ]
    if a.col.policy:
        parts.append(
            '<table class="xxgk-meta">'
            f"<tr><th>索 引 号：</th><td>{model.index_no(a)}</td><th>主题分类：</th><td>综合政务</td></tr>"
            f"<tr><th>发布机构：</th><td>基准县人民政府办公室</td><th>成文日期：</th><td>{a.date - dt.timedelta(days=3):%Y-%m-%d}</td></tr>"
            f"<tr><th>文　　号：</th><td>基政办发〔{a.date.year}〕{a.id % 90 + 1}号</td><th>发布日期：</th><td>{a.date:%Y-%m-%d}</td></tr>"
            f"<tr><th>名　　称：</th><td colspan=3>{html.escape(a.title)}</td></tr>"
            "<tr><th>有 效 性：</th><td>有效</td><th>公开方式：</th><td>主动公开</td></tr></table>"
        )
    parts.append(f"<h1>{html.escape(a.title)}</h1>")
    parts.append(f'<div class="info">发布日期：{a.date:%Y-%m-%d}　　来源：基准县人民政府办公室</div>')
    parts.append('<div class="TRS_Editor" id="zoom">')
    img = rng.randrange(200)
    parts.append(f'<p style="text-align:center"><img src="/images/pool/img_{img}.png" alt="图片"></p>')
    if rng.random() < 0.5:
        parts.append(
            f'<p style="text-align:center"><img src="/images/pool/img_{(img + 7) % 200}.png" alt="图片"></p>'
        )
    base = sum(len(p.encode()) for p in parts) + 9_000  # layout and the rest
    while base < target:
        para = "".join(rng.choice(words.SENTENCES) for _ in range(rng.randint(2, 5)))
        parts.append(f"<p>{para}</p>")
        base += len(para.encode()) + 7
    parts.append("</div>")
    if a.attachment:
        parts.append(
            f'<div class="attach">附件：<a href="{a.attachment}">{html.escape(a.title)}.pdf</a></div>'
        )
    related = [items[j] for j in (idx - 1, idx + 1, idx + 2) if 0 <= j < len(items)]
    if a.id % 97 == 0:
        parts.append(f'<p>原文：<a href="/{a.col.key}/202001/t20200101_{a.id}.html">旧版链接</a></p>')
    parts.append(
        '<div class="related"><h3>相关文章</h3><ul>' + "".join(model.li(r) for r in related) + "</ul></div>"
    )
    ext = rng.sample(ext_pages, 2)
    parts.append(
        '<div class="links">相关链接：'
        + " ".join(f'<a href="{ext_base}{p}" target="_blank">{p.split("/")[2]}</a>' for p in ext)
        + "</div>"
    )
    parts.append("</div>")
    return pages.page(f"{a.title}_{SITE_NAME}", "\n".join(parts), meta=meta)


def _write_lists(
    col: model.Column, items: list[model.Article], w: model.Writer, pages: model.Pages, root: Path
) -> list[str]:
    """Write the list pages of one column; returns the request targets a full crawl reaches."""
    per = model.PER_PAGE[col.pattern]
    meta = pages.column_meta(col)
    crumb = (
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{col.url}">{col.name}</a></div>\n'
    )
    targets: list[str] = []
    if col.pattern in ("trs", "trs_table"):
        chunks = model.chunks(items, per)
        for i, chunk in enumerate(chunks):
            lst = (
                model.table(chunk)
                if col.pattern == "trs_table"
                else "<ul>" + "".join(model.li(a) for a in chunk) + "</ul>"
            )
            body = (
                crumb
                + lst
                + (
                    f'\n<div class="page"><script>createPageHTML({len(chunks)}, {i}, "index", "html");</script></div>'
                )
            )
            path = f"/{col.key}/" if i == 0 else f"/{col.key}/index_{i}.html"
            w.write(path, pages.page(f"{col.name}_{SITE_NAME}", body, meta, model.TRS_PAGER_JS))
            targets.append(path)
    elif col.pattern == "comment":
        chunks = model.chunks(items, per)
        for i, chunk in enumerate(chunks, 1):
            lis = "".join(
                f'\n<li>\n<a target="_blank" href="{a.path}" title="{html.escape(a.title)}">'
                f"{html.escape(a.title)}</a>\n<b>{a.date:%Y-%m-%d}</b>\n</li>"
                for a in chunk
            )
            body = crumb + (
                f"<ul class=\"xxgk-list\">\n<!--{lis}\n<script>createPageHTML('page_div',{len(chunks)}, {i},"
                f"'index','shtml',{len(items)});</script>-->\n</ul>\n<div id=\"page_div\"></div>"
            )
            path = f"/{col.key}/index.shtml" if i == 1 else f"/{col.key}/index_{i}.shtml"
            w.write(path, pages.page(f"{col.name}_{SITE_NAME}", body, meta))
            targets.append(path)
    elif col.pattern.startswith("query"):
        chunks = model.chunks(items, per)
        for i, chunk in enumerate(chunks, 1):
            lst = (
                model.table(chunk)
                if col.pattern == "query_table"
                else "<ul>"
                + "".join(
                    f'<li><span>[{a.date:%Y-%m-%d}]</span><a href="{a.path}">{html.escape(a.title)}</a></li>'
                    for a in chunk
                )
                + "</ul>"
            )
            nav = f"共{len(items)}条 第{i}/{len(chunks)}页 "
            if i > 1:
                nav += f'<a href="list.jsp?page=1">首页</a> <a href="list.jsp?page={i - 1}">上一页</a> '
            if i < len(chunks):
                nav += f'<a href="list.jsp?page={i + 1}">下一页</a> <a href="list.jsp?page={len(chunks)}">尾页</a>'
            body = crumb + lst + f'\n<div class="pagination">{nav}</div>'
            w.write(f"/_pages/{col.key}/{i}.html", pages.page(f"{col.name}_{SITE_NAME}", body, meta))
            targets.append(f"/{col.key}/list.jsp" + ("" if i == 1 else f"?page={i}"))
    elif col.pattern == "hanweb":
        group = per * model.HANWEB_GROUP
        records = "".join(f"<record><![CDATA[\n{model.li(a)}]]></record>\n" for a in items[:group])
        body = crumb + (
            f'<div id="{col.colid}"><script type="text/xml"><datastore>\n<column><![CDATA[{col.colid}]]></column>\n'
            f"<totalrecord><![CDATA[{len(items)}]]></totalrecord>\n<totalpage><![CDATA[{-(-len(items) // per)}]]></totalpage>\n"
            f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid={col.colid}'
            f'&unitid=4471&permissiontype=0"></a>]]></nextgroup>\n<recordset>\n{records}</recordset>\n</datastore></script></div>\n'
            "<script>$(document).ready(function(){$('#"
            + str(col.colid)
            + "').jpage({dataStore: dataStore, perPage: "
            f"{per}, totalRecord: {len(items)}, groupSize: {model.HANWEB_GROUP}, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
            f"ajaxParam: {{col: 1, appid: 1, webid: 1, path: '/', columnid: {col.colid}, unitid: 4471, permissiontype: 0}}}});}});</script>"
        )
        head = (
            '<script src="/module/jslib/jquery/jquery.js"></script>\n'
            '<script src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>\n'
        )
        w.write(col.url, pages.page(f"{col.name}_{SITE_NAME}", body, meta, head))
        targets.append(col.url)
        recs = "".join(
            f"- {{title: {json.dumps(a.title, ensure_ascii=False)}, url: {a.path}, date: '{a.date:%Y-%m-%d}'}}\n"
            for a in items
        )
        hw = root / "_hanweb"
        hw.mkdir(exist_ok=True)
        (hw / f"{col.colid}.yaml").write_text(recs, encoding="utf-8")
        for start in range(group + 1, len(items) + 1, group):
            targets.append(f"dataproxy:{col.colid}:{start}")
    return targets


def main() -> None:
    ap = argparse.ArgumentParser(description="Generate the benchmark site.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--ext-base", default="http://localhost:8000")
    args = ap.parse_args()
    m = generate(args.out, args.articles, ext_base=args.ext_base)
    print(f"{m['articles']} articles, {m['files']} files, {m['bytes'] / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
