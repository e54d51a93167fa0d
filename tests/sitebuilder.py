"""Small builders for fixture pages, modelled on real county CMS pages (not copies of them)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping

SITE_META = {"SiteName": "测试县人民政府", "SiteDomain": "127.0.0.1", "SiteIDCode": "1234000001"}


def meta_tags(meta: Mapping[str, str]) -> str:
    return "".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in meta.items())


def page(title: str, body: str, *, meta: Mapping[str, str] | None = None, charset: str = "utf-8") -> str:
    m = dict(SITE_META) if meta is None else dict(meta)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title>{meta_tags(m)}</head>'
        '<body><div class="header"><a href="/">首页</a></div>'
        f'<div class="main">{body}</div>'
        '<div class="footer">主办：测试县人民政府办公室 网站标识码：1234000001</div></body></html>'
    )


def column_meta(name: str, **extra: str) -> dict[str, str]:
    return {**SITE_META, "ColumnName": name, "ColumnDescription": f"{name}栏目", "ColumnKeywords": name,
            "ColumnType": "列表", **extra}  # fmt: skip


def article_meta(title: str, pub: str, **extra: str) -> dict[str, str]:
    return {
        **SITE_META,
        "ArticleTitle": title,
        "PubDate": pub,
        "ContentSource": "测试县人民政府办公室",
        **extra,
    }


def ul_list(items: Iterable[tuple[str, str, str]], *, pager: str = "") -> str:
    """<ul> list: (title, href, date text) entries, the date in a <span> after the link."""
    rows = "".join(
        f'<li><a href="{h}" title="{html.escape(t)}">{html.escape(t)}</a><span>{d}</span></li>'
        for t, h, d in items
    )
    return f'<div class="list"><ul class="news-list">{rows}</ul>{pager}</div>'


def column_page(
    name: str,
    items: Iterable[tuple[str, str, str]],
    *,
    pager: str = "",
    meta: Mapping[str, str] | None = None,
) -> str:
    return page(name, f'<h2 class="col-title">{name}</h2>' + ul_list(items, pager=pager),
                meta=column_meta(name) if meta is None else meta)  # fmt: skip


def article(title: str, date: dt.date, *, body: str = "", meta: Mapping[str, str] | None = None,
            xxgk: Mapping[str, str] | None = None) -> str:  # fmt: skip
    table = ""
    if xxgk:
        cells = "".join(f"<tr><th>{k}：</th><td>{html.escape(v)}</td></tr>" for k, v in xxgk.items())
        table = f'<table class="xxgk-meta">{cells}</table>'
    m = article_meta(title, f"{date.isoformat()} 09:30") if meta is None else meta
    text = body or "<p>为进一步做好相关工作，现将有关事项通知如下。</p>" * 3
    return page(
        title,
        f'{table}<h1 class="title">{html.escape(title)}</h1><div class="info">发布日期：{date.isoformat()}　来源：测试县人民政府办公室</div>'
        f'<div class="content">{text}</div>',
        meta=m,
    )


def days(as_of: dt.date, n: int) -> dt.date:
    return as_of - dt.timedelta(days=n)
