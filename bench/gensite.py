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
import collections
import dataclasses
import datetime as dt
import html
import json
import random
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govaudit.demo.siteserver import HanwebProxy, Request, Resp, SiteServer  # noqa: E402

SITE_NAME = "基准县人民政府"
PER_PAGE = {"trs": 20, "trs_table": 20, "hanweb": 15, "query": 20, "query_table": 20, "comment": 20}
HANWEB_GROUP = 3  # pages of records inlined in the column page


@dataclasses.dataclass
class Column:
    """One column of the generated site."""

    key: str
    name: str
    kind: str  # govaudit column kind
    pattern: str  # list pattern, see the module docstring
    weight: float  # share of the articles
    colid: int = 0  # Hanweb column id
    policy: bool = False  # articles carry the 政府信息公开 metadata table

    @property
    def url(self) -> str:
        """The column's list URL (path)."""
        if self.pattern == "hanweb":
            return f"/col/col{self.colid}/index.html"
        if self.pattern.startswith("query"):
            return f"/{self.key}/list.jsp"
        if self.pattern == "comment":
            return f"/{self.key}/index.shtml"
        return f"/{self.key}/"


COLUMNS = [
    Column("zwyw", "政务要闻", "news", "trs", 0.16),
    Column("bmdt", "部门动态", "news", "hanweb", 0.14, colid=1229),
    Column("xzdt", "乡镇动态", "news", "query", 0.12),
    Column("tzgg", "通知公告", "notice", "comment", 0.08),
    Column("zcwj", "政策文件", "policy", "trs_table", 0.07, policy=True),
    Column("gfxwj", "规范性文件", "policy", "query_table", 0.05, policy=True),
    Column("zcjd", "政策解读", "interpretation", "trs", 0.06),
    Column("rsxx", "人事信息", "personnel", "trs", 0.06),
    Column("ghjh", "规划计划", "planning", "hanweb", 0.06, colid=1301),
    Column("czzj", "财政资金", "other", "trs_table", 0.08, policy=True),
    Column("yjzj", "意见征集", "consultation", "query", 0.04),
    Column("jyxx", "教育信息", "news", "trs", 0.08),
]

_TOPICS = [
    "安全生产",
    "营商环境",
    "乡村振兴",
    "耕地保护",
    "防汛防台",
    "文明城市",
    "项目建设",
    "民生实事",
    "数字政府",
    "生态环境",
    "食品安全",
    "就业创业",
    "医疗保障",
    "教育发展",
    "养老服务",
    "交通建设",
    "河湖治理",
    "森林防火",
    "基层治理",
    "政务公开",
]
_ACTORS = [
    "县政府",
    "县发展和改革局",
    "县教育局",
    "县财政局",
    "县人力社保局",
    "县自然资源和规划局",
    "县住建局",
    "县交通运输局",
    "县农业农村局",
    "县水利局",
    "县卫生健康局",
    "县应急管理局",
    "县市场监管局",
    "青山镇",
    "白石乡",
    "溪口镇",
    "城关街道",
]
_ACTIONS = [
    "召开",
    "部署",
    "开展",
    "推进",
    "举办",
    "督查",
    "调研",
    "召开专题会议研究",
    "组织开展",
    "全面推进",
]
_ENDINGS = [
    "工作会议",
    "专项行动",
    "推进会",
    "培训班",
    "宣传活动",
    "检查",
    "座谈会",
    "工作",
    "攻坚行动",
    "试点工作",
]
_SENTENCES = [
    "会议强调，要坚持以人民为中心的发展思想，把各项工作抓细抓实，切实增强人民群众的获得感、幸福感、安全感。",
    "各单位要进一步压实工作责任，细化工作举措，建立问题清单、责任清单、整改清单，实行销号管理。",
    "据了解，此次活动覆盖全县各乡镇（街道），累计发放宣传资料3000余份，现场解答群众咨询400余人次。",
    "下一步，相关部门将持续跟踪问效，推动工作常态化、长效化，确保各项决策部署落地见效。",
    "活动中，工作人员结合典型案例，用通俗易懂的语言向群众讲解相关政策，并现场受理群众反映的问题。",
    "近年来，我县坚持把项目建设作为推动高质量发展的重要抓手，全力推进要素保障，持续优化服务。",
    "检查组一行深入现场，详细了解工作推进情况，对发现的问题逐一反馈，并提出具体整改意见。",
    "与会人员围绕主题进行了深入交流，一致表示要以更加务实的作风推动各项工作取得新成效。",
    "要聚焦群众急难愁盼问题，完善工作机制，创新服务方式，不断提升公共服务水平。",
    "今年以来，全县累计组织开展相关活动60余场次，惠及群众1.2万余人次，相关工作走在全市前列。",
    "要加强统筹协调，形成工作合力，坚持问题导向，聚焦重点难点，扎实推进各项任务落实。",
    "会议听取了有关情况汇报，研究部署了下一阶段重点工作，并对有关事项作出具体安排。",
]
_EXT_SITES = ["www.zjzwfw.example", "ggzy.example", "tjj.example", "xxgk.example", "rmw.example"]


@dataclasses.dataclass
class Article:
    """One generated article."""

    col: Column
    id: int
    title: str
    date: dt.date
    path: str = ""
    attachment: str | None = None
    attachment_missing: bool = False


def _title(rng: random.Random) -> str:
    return f"{rng.choice(_ACTORS)}{rng.choice(_ACTIONS)}{rng.choice(_TOPICS)}{rng.choice(_ENDINGS)}"


def _article_path(a: Article) -> str:
    d = a.date
    if a.col.pattern == "hanweb":
        return f"/art/{d.year}/{d.month}/{d.day}/art_{a.col.colid}_{a.id}.html"
    if a.col.pattern.startswith("trs"):
        return f"/{a.col.key}/{d:%Y%m}/t{d:%Y%m%d}_{a.id}.html"
    return f"/{a.col.key}/{d:%Y%m}/{a.id}.html"


class _Writer:
    """Writes the files of the site (paths are URL paths)."""

    def __init__(self, root: Path):
        self.root = root
        self.files = 0
        self.bytes = 0

    def write(self, path: str, data: str | bytes) -> None:
        file = self.root / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        file.write_bytes(raw)
        self.files += 1
        self.bytes += len(raw)


class _Pages:
    """HTML of the site: layout shared by every page."""

    def __init__(self, ext_base: str, rng: random.Random):
        self.ext_base = ext_base
        self.rng = rng
        nav = "".join(f'<li><a href="{c.url}">{c.name}</a></li>' for c in COLUMNS)
        sub = "".join(
            f'<li><a href="{c.url}">{c.name}</a></li>' for c in COLUMNS for _ in range(1) if c.kind != "news"
        )
        friends = "".join(
            f'<a href="{ext_base}/ext/{h}/" target="_blank">{h.split(".")[0]}</a> ' for h in _EXT_SITES
        )
        self.head_tpl = (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f'<meta name="SiteName" content="{SITE_NAME}">\n<meta name="SiteDomain" content="www.jizhun.gov.cn.invalid">\n'
            '<meta name="SiteIDCode" content="3399000099">\n{meta}'
            '<link rel="stylesheet" href="/css/style.css">\n<script src="/js/common.js"></script>\n{extra_head}</head>\n'
        )
        self.top = (
            '<body>\n<div class="topbar"><div class="w1200"><span>欢迎访问基准县人民政府门户网站</span>'
            '<span class="toplinks"><a href="/">网站首页</a> | <a href="/jiucuo/">我为政府网站找错</a> | '
            '<a href="javascript:void(0)">无障碍浏览</a> | <a href="javascript:void(0)">长者模式</a></span></div></div>\n'
            '<div class="header"><div class="w1200"><a class="logo" href="/"><img src="/images/logo.png" alt="基准县人民政府"></a>'
            '<form class="search" action="/search/" method="get"><input name="q" type="text" placeholder="请输入关键字">'
            '<button type="submit">搜索</button></form></div></div>\n'
            f'<div class="nav"><ul class="w1200"><li><a href="/">首页</a></li>{nav}</ul></div>\n'
            f'<div class="subnav w1200"><ul>{sub}</ul></div>\n'
        )
        self.footer = (
            f'<div class="friends w1200">友情链接：{friends}</div>\n'
            '<div class="footer"><div class="w1200"><span id="_ideConac"><img src="/images/red.png" alt="党政机关标识"></span>'
            '<a href="/jiucuo/"><img src="/images/jiucuo.png" alt="政府网站找错"></a>'
            "<p>主办单位：基准县人民政府办公室　　承办单位：基准县大数据发展中心</p>"
            "<p>地址：基准县人民大道1号　　联系电话：0579-81234567</p>"
            "<p>网站标识码：3399000099　　示ICP备20269999号-1　　示公网安备 33990102009999号</p>"
            "</div></div>\n</body>\n</html>\n"
        )

    def page(self, title: str, body: str, meta: str = "", extra_head: str = "") -> str:
        """A whole page."""
        return (
            self.head_tpl.format(title=html.escape(title), meta=meta, extra_head=extra_head)
            + self.top
            + f'<div class="main w1200">\n{body}\n</div>\n'
            + self.footer
        )

    def column_meta(self, col: Column) -> str:
        return (
            f'<meta name="ColumnName" content="{col.name}">\n<meta name="ColumnDescription" content="{col.name}">\n'
            f'<meta name="ColumnKeywords" content="{col.name}">\n<meta name="ColumnType" content="{col.name}">\n'
        )


def _index_no(a: Article) -> str:
    return f"11339901002500121W/{a.date.year}-{a.id % 100000:05d}"


def _li(a: Article, date_fmt: str = "%Y-%m-%d") -> str:
    t = html.escape(a.title)
    return f'<li><a href="{a.path}" target="_blank" title="{t}">{t}</a><span>{a.date.strftime(date_fmt)}</span></li>'


def _table(arts: list[Article]) -> str:
    rows = "".join(
        f'<tr><td><a href="{a.path}" target="_blank" title="{html.escape(a.title)}">{html.escape(a.title)}</a></td>'
        f"<td>{_index_no(a)}</td><td>基准县人民政府办公室</td><td>{a.date:%Y-%m-%d}</td></tr>\n"
        for a in arts
    )
    return (
        '<table class="xxgk-table"><tr><th>名称</th><th>索引号</th><th>发布机构</th><th>发布日期</th></tr>\n'
        f"{rows}</table>"
    )


_TRS_PAGER_JS = (
    '<script type="text/javascript">\nfunction createPageHTML(n, cur, name, ext) {\n'
    "  if (n <= 1) return; var out = [];\n"
    '  for (var i = 0; i < n; i++) { var f = i == 0 ? name + "." + ext : name + "_" + i + "." + ext;\n'
    '    out.push(i == cur ? "<span>" + (i + 1) + "</span>" : "<a href=\\"" + f + "\\">" + (i + 1) + "</a>"); }\n'
    '  document.write(out.join(" "));\n}\n</script>\n'
)


def _chunks(items: list[Article], size: int) -> list[list[Article]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


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
    w = _Writer(root)
    pages = _Pages(ext_base, rng)
    today = dt.date.today()

    # articles per column, newest first, dates spread over about three years
    total_w = sum(c.weight for c in COLUMNS)
    arts: dict[str, list[Article]] = {}
    next_id = 10001
    counts = [int(n_articles * c.weight / total_w) for c in COLUMNS]
    counts[0] += n_articles - sum(counts)
    for col, count in zip(COLUMNS, counts, strict=True):
        days = sorted((rng.randint(0, 3 * 365) for _ in range(count)), reverse=False)
        days[:1] = [rng.randint(0, 3)] if days else []
        items = []
        for k in sorted(days):
            a = Article(col, next_id, _title(rng), today - dt.timedelta(days=k))
            a.path = _article_path(a)
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
    ext_pages = [f"/ext/{h}/{i}.html" for h in _EXT_SITES for i in range(20)]
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
            col = COLUMNS[j % 3]
            a = Article(col, 900001 + j, _title(day_rng), today)
            a.path = _article_path(a)
            arts[col.key].insert(0, a)
            all_arts.append(a)
            w.write(a.path, _article_html(a, arts[col.key], 0, pages, day_rng, ext_pages, ext_base))
    broken += broken_internal + sorted(ext_missing)

    # list pages
    list_targets: dict[str, list[str]] = {}
    hanweb_records: dict[str, int] = {}
    for col in COLUMNS:
        list_targets[col.key] = _write_lists(col, arts[col.key], w, pages, root)
        if col.pattern == "hanweb":
            hanweb_records[col.key] = len(arts[col.key])

    # homepage, assets, external pages, plain pages
    home = "".join(
        f'<div class="block"><h2><a href="{c.url}">{c.name}</a></h2><ul>'
        + "".join(_li(a) for a in arts[c.key][:7])
        + "</ul></div>\n"
        for c in COLUMNS
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
    for h in _EXT_SITES:
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
            for c in COLUMNS
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
    a: Article,
    items: list[Article],
    idx: int,
    pages: _Pages,
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
            f"<tr><th>索 引 号：</th><td>{_index_no(a)}</td><th>主题分类：</th><td>综合政务</td></tr>"
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
        para = "".join(rng.choice(_SENTENCES) for _ in range(rng.randint(2, 5)))
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
        '<div class="related"><h3>相关文章</h3><ul>' + "".join(_li(r) for r in related) + "</ul></div>"
    )
    ext = rng.sample(ext_pages, 2)
    parts.append(
        '<div class="links">相关链接：'
        + " ".join(f'<a href="{ext_base}{p}" target="_blank">{p.split("/")[2]}</a>' for p in ext)
        + "</div>"
    )
    parts.append("</div>")
    return pages.page(f"{a.title}_{SITE_NAME}", "\n".join(parts), meta=meta)


def _write_lists(col: Column, items: list[Article], w: _Writer, pages: _Pages, root: Path) -> list[str]:
    """Write the list pages of one column; returns the request targets a full crawl reaches."""
    per = PER_PAGE[col.pattern]
    meta = pages.column_meta(col)
    crumb = (
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{col.url}">{col.name}</a></div>\n'
    )
    targets: list[str] = []
    if col.pattern in ("trs", "trs_table"):
        chunks = _chunks(items, per)
        for i, chunk in enumerate(chunks):
            lst = (
                _table(chunk)
                if col.pattern == "trs_table"
                else "<ul>" + "".join(_li(a) for a in chunk) + "</ul>"
            )
            body = (
                crumb
                + lst
                + (
                    f'\n<div class="page"><script>createPageHTML({len(chunks)}, {i}, "index", "html");</script></div>'
                )
            )
            path = f"/{col.key}/" if i == 0 else f"/{col.key}/index_{i}.html"
            w.write(path, pages.page(f"{col.name}_{SITE_NAME}", body, meta, _TRS_PAGER_JS))
            targets.append(path)
    elif col.pattern == "comment":
        chunks = _chunks(items, per)
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
        chunks = _chunks(items, per)
        for i, chunk in enumerate(chunks, 1):
            lst = (
                _table(chunk)
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
        group = per * HANWEB_GROUP
        records = "".join(f"<record><![CDATA[\n{_li(a)}]]></record>\n" for a in items[:group])
        body = crumb + (
            f'<div id="{col.colid}"><script type="text/xml"><datastore>\n<column><![CDATA[{col.colid}]]></column>\n'
            f"<totalrecord><![CDATA[{len(items)}]]></totalrecord>\n<totalpage><![CDATA[{-(-len(items) // per)}]]></totalpage>\n"
            f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid={col.colid}'
            f'&unitid=4471&permissiontype=0"></a>]]></nextgroup>\n<recordset>\n{records}</recordset>\n</datastore></script></div>\n'
            "<script>$(document).ready(function(){$('#"
            + str(col.colid)
            + "').jpage({dataStore: dataStore, perPage: "
            f"{per}, totalRecord: {len(items)}, groupSize: {HANWEB_GROUP}, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
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


class CountingHanweb(HanwebProxy):
    """The Hanweb dataproxy endpoint, counting the groups asked for: (columnid, startrecord)."""

    def __init__(self, folder: Path, *, today: dt.date):
        super().__init__(folder, today=today)
        self.groups: collections.Counter[tuple[str, int]] = collections.Counter()
        self._count_lock = threading.Lock()

    def __call__(self, request: Request) -> Resp:
        key = (request.arg("columnid") or "", int(request.arg("startrecord") or 1))
        with self._count_lock:
            self.groups[key] += 1
        return super().__call__(request)


@dataclasses.dataclass
class BenchSite:
    """A served generated site."""

    server: SiteServer
    hanweb: CountingHanweb
    manifest: dict[str, Any]


def serve(root: Path, *, port: int = 0, headers: dict[str, str] | None = None) -> BenchSite:
    """A SiteServer for a generated site (files read per request, ``list.jsp?page=N`` routed)."""
    server = SiteServer.from_dir(root, templated=False, port=port, headers=headers)
    hanweb = CountingHanweb(root / "_hanweb", today=dt.date.today())
    server.add("/module/web/jpage/dataproxy.jsp", hanweb)
    manifest = json.loads((root / "_manifest.json").read_text(encoding="utf-8"))
    for col in manifest["columns"]:
        if col["pattern"].startswith("query"):
            server.add(col["url"], _QueryPages(root / "_pages" / col["key"]))
    return BenchSite(server, hanweb, manifest)


class _QueryPages:
    """Serves pre-rendered ``list.jsp?page=N`` pages from a folder of N.html files."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __call__(self, request: Request) -> Resp:
        page = request.arg("page") or "1"
        file = self.folder / f"{page}.html"
        if not page.isdigit() or not file.is_file():
            return Resp("<html><body>暂无信息</body></html>", status=404)
        return Resp(file.read_bytes())


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
