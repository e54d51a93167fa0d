"""A small county site for the site-wide checks, built by the test (modelled on real county
homepages: a TRS-style footer with 主办, 网站标识码, ICP/公安备案, the 党政机关标识 and 找错 entry)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from govaudit.demo.siteserver import Request, Resp, SiteServer

VALID_FOOTER = (
    '<div class="footer"><div class="dzjg"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=1A2B" '
    'target="_blank"><img src="/images/red.png" alt="党政机关"></a></div>'
    '<p>主办：测试县人民政府办公室　承办：测试县大数据中心　联系电话：0531-12345678</p>'
    '<p><a href="https://beian.miit.gov.cn/">鲁ICP备05001234号-1</a>　'
    '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=37010202000123">鲁公网安备 37010202000123号</a>'
    '　网站标识码：3701000099</p>'
    '<script id="_jiucuo_" sitecode="3701000099" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>'
)  # fmt: skip
SEARCH_FORM = ('<form action="/search/" method="get" name="searchform"><input type="hidden" name="siteid" value="3">'
               '<input type="text" name="q" placeholder="请输入关键字"><button>搜索</button></form>')  # fmt: skip
TITLES = ["测试县召开2026年冬季安全生产工作会议", "测试县启动农村人居环境整治提升行动"]


def page(title: str, body: str, footer: str = VALID_FOOTER) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body><div class="header"><a href="/">首页</a></div><div class="main">{body}</div>{footer}</body></html>')  # fmt: skip


def county_site(server: SiteServer, as_of: dt.date, *, footer: str = VALID_FOOTER, search: str = "works",
                home_extra: str = "") -> str:  # fmt: skip
    """Serve the site on `server`: homepage (search form, a news column, `home_extra`), the column,
    two articles and /search/ (`works`, `empty`: 没有找到, `script`: results built by a script, `placeholder`: its 共0条/暂无数据 before the script runs, `strict`: exact words only,
    `missing`: 404)."""
    days = [as_of - dt.timedelta(days=n) for n in (1, 3)]
    rows = "".join(f'<li><a href="/zwyw/{i}.html">{t}</a><span>{d.isoformat()}</span></li>'
                   for i, (t, d) in enumerate(zip(TITLES, days, strict=True)))  # fmt: skip
    server.add(
        "/",
        page(
            "测试县人民政府", f'{SEARCH_FORM}<a href="/zwyw/">政务要闻</a><ul>{rows}</ul>{home_extra}', footer
        ),
    )
    server.add("/zwyw/", page("政务要闻", f'<ul class="news-list">{rows}</ul>', footer))
    for i, (t, d) in enumerate(zip(TITLES, days, strict=True)):
        server.add(
            f"/zwyw/{i}.html", page(t, f"<h1>{t}</h1><p>发布日期：{d.isoformat()}</p><p>正文。</p>", footer)
        )
    server.add("/search/", _search(search))
    return server.url


def _search(mode: str) -> Callable[[Request], Resp]:
    def answer(req: Request) -> Resp:
        q = req.arg("q") or ""
        if mode == "missing":
            return Resp("<html><body>404</body></html>", status=404)
        if mode == "empty":
            return Resp(page("检索结果", f"<p>抱歉，没有找到与“{html.escape(q)}”相关的结果。</p>"))
        if mode == "script":
            return Resp(page("检索结果", '<div id="results"></div><script src="/s.js"></script>'))
        if mode == "placeholder":  # what a script-built result page shows before its script runs
            return Resp(
                page(
                    "检索结果",
                    '<p>共<span id="total">0</span>条</p><table><tr><td>暂无数据</td></tr></table>',
                )
            )
        tolerant = mode == "works"  # `strict`: exact words only
        hits = [f'<li><a href="/zwyw/{i}.html">{t.replace(q, f"<em>{q}</em>")}</a></li>'
                for i, t in enumerate(TITLES) if q and (q in t or (tolerant and t[:3] == q[:3]))]  # fmt: skip
        return Resp(page("检索结果", f"<p>共找到 {len(hits)} 条结果</p><ul>{''.join(hits)}</ul>"))

    return answer
