"""The hostile site's routes: every attack of issue 10 on one county site."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from .server import (
    HostileSite,
    article,
    chunked,
    double_gzip_bomb,
    encoded,
    entries,
    gzip_bomb,
    page,
    redirect,
)

COLUMNS = [
    ("文件条目", "/files/"), ("压缩炸弹", "/bomb/"), ("双层压缩", "/bomb2/"), ("跳转条目", "/redir/"),
    ("跳转栏目", "/colredir/"), ("附件栏目", "/atts/"), ("乱码栏目", "/mixed/"), ("栏目甲", "/cola/"),
    ("无尽翻页", "/endless/"), ("栏目乙", "/colb/"),
]  # fmt: skip
MIXED_TITLE = "关于印发示范县乡村振兴实施方案的通知"


def _endless(h: BaseHTTPRequestHandler) -> None:
    n = int((h.query().get("page") or ["1"])[0])  # type: ignore[attr-defined]
    pager = (f'<div class="page"><a href="/endless/?page=1">首页</a> <a href="/endless/?page={max(n - 1, 1)}">上一页</a>'
             f' <span>第{n}页</span> <a href="/endless/?page={n + 1}">下一页</a></div>')  # fmt: skip
    body = entries([("无尽列表中的通知公告", "/endless/a.html")]) + pager
    h.send(page("无尽翻页", body))  # type: ignore[attr-defined]


def build(site: HostileSite) -> None:
    internal = site.internal_url + "/secret"
    good = [
        ("关于开展安全生产大检查的通知", "/files/a.html"),
        ("关于做好冬季供暖工作的通知", "/files/b.html"),
    ]
    site.add("/", page("测试县人民政府", "".join(f'<a href="{u}">{n}</a>' for n, u in COLUMNS)
                       + '<a href="file:///etc/passwd">本机文件</a><a href="/stacked.html">双层压缩链接</a>'))  # fmt: skip
    # 1. file:// entries and pager links, jav&#x09;ascript, an unparseable URL; the good ones still read
    site.add("/files/", page("文件条目", entries([
        good[0], ("本机密码文件的通知", "file:///etc/passwd"), ("无尽零字节的通知", "file:///dev/zero"),
        ("脚本条目的通知公告", "jav&#x09;ascript:alert(1)"), ("坏地址条目的通知", "http://[::1"), good[1],
    ]) + '<div class="page"><a href="/files/">首页</a> <span>第1页</span> '
                               '<a href="file:///dev/zero">下一页</a></div>'))  # fmt: skip
    for title, url in good:
        site.add(url, article(title))
    # 2. compression bombs: one gzip layer (cut at max_body_mb), two layers (refused)
    head = page("压缩炸弹", entries([("关于压缩炸弹栏目的通知", "/bomb/a.html")]) + "<p>")
    site.add("/bomb/", encoded(gzip_bomb(head), "gzip"))
    site.add("/bomb/a.html", article("关于压缩炸弹栏目的通知"))
    site.add("/bomb2/", encoded(double_gzip_bomb(head), "gzip, gzip"))
    site.add("/stacked.html", encoded(double_gzip_bomb(head), "gzip, gzip"))  # only link-checked
    # 3. redirects to internal addresses: 302 and meta refresh, from entries and from a column page
    site.add("/redir/", page("跳转条目", entries([
        ("跳转到内网的通知", "/redir/r302.html"), ("刷新到元数据服务的通知", "/redir/meta.html"),
        ("刷新到内网的通知", "/redir/meta2.html"),
        ("跳转到本机文件的通知", "/redir/rfile.html"),
        ("刷新到本机文件的通知", "/redir/metafile.html"), ("直接内网地址的通知", internal),
    ])))  # fmt: skip
    site.add("/redir/r302.html", redirect(internal))
    site.add("/redir/meta.html", b'<html><head><meta http-equiv="refresh" content="0;url='
             b'http://169.254.169.254/latest/meta-data/"></head><body>x</body></html>')  # fmt: skip
    site.add("/redir/meta2.html", f'<html><head><meta http-equiv="refresh" content="0; url={internal}">'
             "</head><body>x</body></html>".encode())  # fmt: skip
    site.add("/redir/rfile.html", redirect("file:///etc/passwd"))
    site.add("/redir/metafile.html", b'<html><head><meta http-equiv="refresh" content="0;url=file:///etc/passwd">'
             b"</head><body>x</body></html>")  # fmt: skip
    site.add("/colredir/", redirect(internal))
    # 4. attachments: a gzip bomb and a chunked answer without Content-Length
    site.add("/atts/", page("附件栏目", entries([("关于公布附件的通知", "/atts/a.html")])))
    site.add("/atts/a.html", article("关于公布附件的通知", '<a href="/atts/bomb.docx">附件一.docx</a>'
                                     '<a href="/atts/chunked.txt">附件二.txt</a>'))  # fmt: skip
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    site.add("/atts/bomb.docx", encoded(gzip_bomb(b"PK"), "gzip", ctype=docx))
    site.add("/atts/chunked.txt", chunked("附件正文：关于公布附件的通知。\n".encode() * 2000, "text/plain"))
    # 5. a UTF-8 page with invalid bytes in it
    site.add("/mixed/", page("乱码栏目", entries([(MIXED_TITLE, "/mixed/a.html")])))
    bad = article(MIXED_TITLE, "<p>" + "正文内容" * 20 + "</p>").replace(
        "的正文".encode(), b"\xff\xfe\xc3\x28" * 3
    )
    site.add("/mixed/a.html", bad)
    # 6. a column whose URL another column lists
    site.add("/cola/", page("栏目甲", entries([("栏目乙", "/colb/"), ("关于栏目甲的通知", "/cola/a.html")])))
    site.add("/cola/a.html", article("关于栏目甲的通知"))
    site.add("/colb/", page("栏目乙", entries([("关于栏目乙独有事项的通知", "/colb/only.html")])))
    site.add("/colb/only.html", article("关于栏目乙独有事项的通知"))
    # 7. an endless pager
    site.add("/endless/", _endless)
    site.add("/endless/a.html", article("无尽列表中的通知公告"))
