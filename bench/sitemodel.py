"""The model of the benchmark's generated site (bench/gensite.py): its columns and their CMS list
patterns, its articles, and the helpers that write files and list markup."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import random
from pathlib import Path

import sitewords as words

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


def title(rng: random.Random) -> str:
    return f"{rng.choice(words.ACTORS)}{rng.choice(words.ACTIONS)}{rng.choice(words.TOPICS)}{rng.choice(words.ENDINGS)}"


def article_path(a: Article) -> str:
    d = a.date
    if a.col.pattern == "hanweb":
        return f"/art/{d.year}/{d.month}/{d.day}/art_{a.col.colid}_{a.id}.html"
    if a.col.pattern.startswith("trs"):
        return f"/{a.col.key}/{d:%Y%m}/t{d:%Y%m%d}_{a.id}.html"
    return f"/{a.col.key}/{d:%Y%m}/{a.id}.html"


class Writer:
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


class Pages:
    """HTML of the site: layout shared by every page."""

    def __init__(self, ext_base: str, rng: random.Random):
        self.ext_base = ext_base
        self.rng = rng
        nav = "".join(f'<li><a href="{c.url}">{c.name}</a></li>' for c in COLUMNS)
        sub = "".join(
            f'<li><a href="{c.url}">{c.name}</a></li>' for c in COLUMNS for _ in range(1) if c.kind != "news"
        )
        friends = "".join(
            f'<a href="{ext_base}/ext/{h}/" target="_blank">{h.split(".")[0]}</a> ' for h in words.EXT_SITES
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


def index_no(a: Article) -> str:
    return f"11339901002500121W/{a.date.year}-{a.id % 100000:05d}"


def li(a: Article, date_fmt: str = "%Y-%m-%d") -> str:
    t = html.escape(a.title)
    return f'<li><a href="{a.path}" target="_blank" title="{t}">{t}</a><span>{a.date.strftime(date_fmt)}</span></li>'


def table(arts: list[Article]) -> str:
    rows = "".join(
        f'<tr><td><a href="{a.path}" target="_blank" title="{html.escape(a.title)}">{html.escape(a.title)}</a></td>'
        f"<td>{index_no(a)}</td><td>基准县人民政府办公室</td><td>{a.date:%Y-%m-%d}</td></tr>\n"
        for a in arts
    )
    return (
        '<table class="xxgk-table"><tr><th>名称</th><th>索引号</th><th>发布机构</th><th>发布日期</th></tr>\n'
        f"{rows}</table>"
    )


TRS_PAGER_JS = (
    '<script type="text/javascript">\nfunction createPageHTML(n, cur, name, ext) {\n'
    "  if (n <= 1) return; var out = [];\n"
    '  for (var i = 0; i < n; i++) { var f = i == 0 ? name + "." + ext : name + "_" + i + "." + ext;\n'
    '    out.push(i == cur ? "<span>" + (i + 1) + "</span>" : "<a href=\\"" + f + "\\">" + (i + 1) + "</a>"); }\n'
    '  document.write(out.join(" "));\n}\n</script>\n'
)


def chunks(items: list[Article], size: int) -> list[list[Article]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]
