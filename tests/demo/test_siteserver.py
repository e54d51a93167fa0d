"""SiteServer over real HTTP: routes, failure modes, folder sites, Hanweb dataproxy."""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from govaudit.demo.siteserver import Request, Resp, SiteServer

TODAY = dt.date(2026, 6, 30)


def _boom(request: Request) -> Resp:
    raise RuntimeError("handler bug")


def _echo(request: Request) -> Resp:
    return Resp(
        f"{request.method} {request.path} q={request.query} f={request.form} id={request.arg('id')}",
        content_type="text/plain; charset=utf-8",
    )


@pytest.fixture
def server() -> Iterator[SiteServer]:
    routes = {
        "/": "<html><body>首页</body></html>",
        "/bytes": b"raw bytes",
        "/resp": Resp("<p>teapot</p>", status=418, headers={"X-Demo": "1"}),
        "/echo": _echo,
        "/boom": _boom,
        "/moved": Resp(redirect="/"),
        "/perm": Resp(status=301, redirect="/bytes"),
        "/loop/a": Resp(redirect="/loop/b"),
        "/loop/b": Resp(redirect="/loop/a"),
        "/slow": Resp("late", delay=1.5),
        "/bit-slow": Resp("ok", delay=0.2),
        "/drop": Resp(drop=True),
        "/gbk-lie": Resp("教育信息", encoding="gbk", content_type="text/html; charset=utf-8"),
        "/dir/": "folder index",
        "/busy": Resp(status=503),
    }
    with SiteServer(routes) as s:
        yield s


def test_url_has_real_port_and_no_trailing_slash(server: SiteServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert not server.url.endswith("/")
    assert server.port > 0


def test_str_bytes_resp_and_callable_routes(server: SiteServer) -> None:
    r = requests.get(server.url + "/", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.text == "<html><body>首页</body></html>"
    assert requests.get(server.url + "/bytes", timeout=5).content == b"raw bytes"
    r = requests.get(server.url + "/resp", timeout=5)
    assert (r.status_code, r.headers["X-Demo"], r.text) == (418, "1", "<p>teapot</p>")
    r = requests.get(server.url + "/echo?id=7&x=1&x=2", timeout=5)
    assert r.text == "GET /echo q={'id': ['7'], 'x': ['1', '2']} f={} id=7"


def test_post_form_reaches_callable(server: SiteServer) -> None:
    r = requests.post(server.url + "/echo?a=1", data={"columnid": "1229", "id": "9"}, timeout=5)
    assert r.text == "POST /echo q={'a': ['1']} f={'columnid': ['1229'], 'id': ['9']} id=9"


def test_unknown_path_is_404_html(server: SiteServer) -> None:
    r = requests.get(server.url + "/nope.html", timeout=5)
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("text/html")
    assert "404" in r.text


def test_query_is_ignored_for_matching(server: SiteServer) -> None:
    assert requests.get(server.url + "/bytes?page=3", timeout=5).content == b"raw bytes"


def test_redirects(server: SiteServer) -> None:
    r = requests.get(server.url + "/moved", timeout=5)
    assert r.status_code == 200 and r.history[0].status_code == 302
    assert r.history[0].headers["Location"] == "/"
    r = requests.get(server.url + "/perm", timeout=5, allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (301, "/bytes")
    with pytest.raises(requests.TooManyRedirects):
        requests.get(server.url + "/loop/a", timeout=5)


def test_missing_trailing_slash_redirects_to_folder(server: SiteServer) -> None:
    r = requests.get(server.url + "/dir?x=1", timeout=5, allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (301, "/dir/?x=1")
    assert requests.get(server.url + "/dir", timeout=5).text == "folder index"


def test_delay_gives_client_timeouts(server: SiteServer) -> None:
    with pytest.raises(requests.Timeout):
        requests.get(server.url + "/slow", timeout=0.3)
    assert requests.get(server.url + "/bit-slow", timeout=5).text == "ok"


def test_drop_closes_without_answer(server: SiteServer) -> None:
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url + "/drop", timeout=5)
    assert requests.get(server.url + "/bytes", timeout=5).status_code == 200


def test_gbk_body_with_wrong_declaration(server: SiteServer) -> None:
    r = requests.get(server.url + "/gbk-lie", timeout=5)
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.content == "教育信息".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")


def test_head_sends_headers_only(server: SiteServer) -> None:
    r = requests.head(server.url + "/", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Length"] == str(len("<html><body>首页</body></html>".encode()))
    assert r.content == b""
    assert requests.head(server.url + "/nope", timeout=5).status_code == 404


def test_hits_counter(server: SiteServer) -> None:
    for _ in range(3):
        requests.get(server.url + "/bytes?page=1", timeout=5)
    requests.head(server.url + "/", timeout=5)
    requests.get(server.url + "/nope", timeout=5)
    assert server.hits["/bytes"] == 3
    assert server.hits["/"] == 1
    assert server.hits["/nope"] == 1
    assert server.hit_targets["/bytes?page=1"] == 3
    server.reset_hits()
    assert sum(server.hits.values()) == 0


def test_handler_exception_is_500_and_server_survives(server: SiteServer) -> None:
    r = requests.get(server.url + "/boom", timeout=5)
    assert r.status_code == 500
    assert requests.get(server.url + "/", timeout=5).status_code == 200


def test_keep_alive_serves_many_requests_on_one_connection(server: SiteServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    sock_ids = set()
    for _ in range(5):
        conn.request("GET", "/bytes")
        resp = conn.getresponse()
        assert resp.read() == b"raw bytes"
        assert resp.getheader("Connection") != "close"
        sock_ids.add(id(conn.sock))
    conn.close()
    assert len(sock_ids) == 1


def test_503_is_served_as_is(server: SiteServer) -> None:
    assert requests.get(server.url + "/busy", timeout=5).status_code == 503


def test_add_route_while_running(server: SiteServer) -> None:
    server.add("/late", "added")
    assert requests.get(server.url + "/late", timeout=5).text == "added"


def test_stop_refuses_new_connections() -> None:
    s = SiteServer({"/": "x"}).start()
    port = s.port
    assert requests.get(s.url + "/", timeout=5).text == "x"
    s.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


# -- folder sites ---------------------------------------------------------------------------


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        {
            "index.html": "<p>{{ today }} {{ d(-1) }} {{ d(-3, '%Y年%-m月%-d日') }} [{{ d(0, '%m-%d') }}]</p>",
            "news/index.html": "{% extends '_tpl/base.html' %}{% block main %}news {{ data.title }}{% endblock %}",
            "news/t1.shtml": "<h1>{{ data.title }}</h1>",
            "_tpl/base.html": "<html>{% block main %}{% endblock %}</html>",
            "_data.yaml": "title: 示范\n",
            "_secret.html": "never served",
            "files/doc.pdf": b"%PDF-1.4 tiny",
            "files/pic.png": b"\x89PNG fake",
            "gbk/index.html": '<meta charset="gbk"><p>教育 {{ d(-2) }}</p>',
            "list.jsp": "page={{ args.page | default('1') }}",
            "col/index.html": (
                '<script type="text/xml"><datastore><totalrecord>{{ hanweb_records(77, 1, 100) | length }}'
                "</totalrecord><recordset>{% for r in hanweb_records(77, 1, 2) %}<record><![CDATA[{{ r }}]]>"
                "</record>{% endfor %}</recordset></datastore></script>"
            ),
            "_hanweb/77.yaml": """\
                {% for i in range(1, 6) %}
                - {title: "动态{{ i }}", url: "/art/{{ i }}.html", offset: {{ -i }}}
                {% endfor %}
                - {title: "旧闻", url: "/art/old.html", date: "2020-01-02"}
                """,
            "_routes.yaml": """\
                "/gone.pdf": {status: 404}
                "/loop/a": {redirect: /loop/b}
                "/loop/b": {redirect: /loop/a}
                "/slow/": {delay: 0.2, body: slow}
                "/busy": {status: 503}
                "/gbk/": {file: gbk/index.html, encoding: gbk, content_type: "text/html; charset=utf-8"}
                "/pages/": {file: list.jsp, per_query: true}
                "/hidden/": {file: _tpl/base.html}
                "/module/web/jpage/dataproxy.jsp": {hanweb: _hanweb}
                "/drop": {drop: true}
                "/gen-{{ d(-1, '%Y%m%d') }}.html": {body: generated}
                """,
        },
    )
    return tmp_path


@pytest.fixture
def dir_server(site_dir: Path) -> Iterator[SiteServer]:
    with SiteServer.from_dir(site_dir, today=TODAY) as s:
        yield s


def test_from_dir_renders_templates_with_today(dir_server: SiteServer) -> None:
    r = requests.get(dir_server.url + "/", timeout=5)
    assert r.text == "<p>2026-06-30 2026-06-29 2026年6月27日 [06-30]</p>"
    assert requests.get(dir_server.url + "/index.html", timeout=5).text == r.text


def test_from_dir_folders_inheritance_and_data(dir_server: SiteServer) -> None:
    assert requests.get(dir_server.url + "/news/", timeout=5).text == "<html>news 示范</html>"
    assert requests.get(dir_server.url + "/news/index.html", timeout=5).text == "<html>news 示范</html>"
    assert requests.get(dir_server.url + "/news/t1.shtml", timeout=5).text == "<h1>示范</h1>"
    assert requests.get(dir_server.url + "/news", timeout=5).url.endswith("/news/")


def test_from_dir_hides_underscore_names(dir_server: SiteServer) -> None:
    for path in ("/_secret.html", "/_tpl/base.html", "/_data.yaml", "/_routes.yaml", "/_hanweb/77.yaml"):
        assert requests.get(dir_server.url + path, timeout=5).status_code == 404, path
    assert requests.get(dir_server.url + "/hidden/", timeout=5).text == "<html></html>"


def test_from_dir_binary_files_and_types(dir_server: SiteServer) -> None:
    r = requests.get(dir_server.url + "/files/doc.pdf", timeout=5)
    assert (r.content, r.headers["Content-Type"]) == (b"%PDF-1.4 tiny", "application/pdf")
    assert requests.get(dir_server.url + "/files/pic.png", timeout=5).headers["Content-Type"] == "image/png"


def test_from_dir_special_routes(dir_server: SiteServer) -> None:
    url = dir_server.url
    assert requests.get(url + "/gone.pdf", timeout=5).status_code == 404
    with pytest.raises(requests.TooManyRedirects):
        requests.get(url + "/loop/a", timeout=5)
    assert requests.get(url + "/slow/", timeout=5).text == "slow"
    with pytest.raises(requests.Timeout):
        requests.get(url + "/slow/", timeout=0.05)
    assert requests.get(url + "/busy", timeout=5).status_code == 503
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/drop", timeout=5)
    assert requests.get(url + "/gen-20260629.html", timeout=5).text == "generated"


def test_from_dir_gbk_route(dir_server: SiteServer) -> None:
    for path in ("/gbk/", "/gbk/index.html"):
        r = requests.get(dir_server.url + path, timeout=5)
        assert r.headers["Content-Type"] == "text/html; charset=utf-8"
        assert r.content == '<meta charset="gbk"><p>教育 2026-06-28</p>'.encode("gbk")


def test_from_dir_per_query_template(dir_server: SiteServer) -> None:
    assert requests.get(dir_server.url + "/pages/", timeout=5).text == "page=1"
    assert requests.get(dir_server.url + "/pages/?page=3", timeout=5).text == "page=3"


def test_hanweb_records_in_page(dir_server: SiteServer) -> None:
    text = requests.get(dir_server.url + "/col/", timeout=5).text
    assert "<totalrecord>6</totalrecord>" in text
    assert text.count("<record>") == 2
    assert (
        '<li><a href="/art/1.html" title="动态1" target="_blank">动态1</a><span>2026-06-29</span></li>'
        in text
    )


def test_hanweb_dataproxy_get_and_post(dir_server: SiteServer) -> None:
    proxy = dir_server.url + "/module/web/jpage/dataproxy.jsp"
    r = requests.get(
        proxy, params={"startrecord": 2, "endrecord": 3, "perpage": 2, "columnid": 77}, timeout=5
    )
    assert r.headers["Content-Type"].startswith("text/xml")
    assert r.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert r.text.count("<record>") == 2
    assert "动态2" in r.text and "动态3" in r.text and "动态1" not in r.text
    assert "<nextgroup><![CDATA[" in r.text and "<totalrecord>6</totalrecord>" in r.text
    r = requests.post(
        proxy + "?startrecord=5&endrecord=10&perpage=5",
        data={"col": 1, "appid": 1, "webid": 1, "path": "/", "columnid": 77, "unitid": 1},
        timeout=5,
    )
    assert r.text.count("<record>") == 2
    assert "<span>2020-01-02</span>" in r.text and "<span>2026-06-25</span>" in r.text
    assert requests.get(proxy, params={"columnid": 999}, timeout=5).status_code == 404


def test_from_dir_untemplated_serves_files_as_is(site_dir: Path) -> None:
    (site_dir / "_routes.yaml").write_text('"/gone.pdf": {status: 404}\n', encoding="utf-8")
    with SiteServer.from_dir(site_dir, templated=False) as s:
        assert requests.get(s.url + "/news/t1.shtml", timeout=5).text == "<h1>{{ data.title }}</h1>"
        assert requests.get(s.url + "/files/doc.pdf", timeout=5).content == b"%PDF-1.4 tiny"
        assert requests.get(s.url + "/gone.pdf", timeout=5).status_code == 404
        assert requests.get(s.url + "/_secret.html", timeout=5).status_code == 404
        assert requests.get(s.url + "/news/", timeout=5).status_code == 200


def test_from_dir_needs_today_when_templated(site_dir: Path) -> None:
    with pytest.raises(ValueError):
        SiteServer.from_dir(site_dir)
