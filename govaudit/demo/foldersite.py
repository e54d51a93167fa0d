"""Folder sites of the local HTTP server (govaudit/demo/siteserver.py): the demo site, the test
sites and the benchmark's generated site are folders turned into routes.

Files ending ``.html``, ``.shtml``, ``.htm``, ``.jsp`` and ``.xml`` are Jinja2 templates rendered
with ``today`` and ``d(offset_days, fmt)``; ``_routes.yaml`` declares special routes; the Hanweb
JCMS list endpoint (``dataproxy.jsp``) is built in (:class:`HanwebProxy`).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import html
import logging
import mimetypes
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from govaudit import clock

from .siteserver import ERROR_PAGE, NOT_FOUND_PAGE, TEMPLATE_SUFFIXES, Request, Resp, Route, content_type_for

logger = logging.getLogger(__name__)


def _served_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(url path, file) for every servable file; names starting with '_' or '.' are skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        rel = Path(dirpath).relative_to(root)
        prefix = "/" if rel == Path(".") else "/" + rel.as_posix() + "/"
        for name in sorted(filenames):
            if name.startswith(("_", ".")) or name == "README.md":  # documentation, not the site
                continue
            yield prefix + name, Path(dirpath) / name
            if name == "index.html":
                yield prefix, Path(dirpath) / name


def make_date_formatter(today: dt.date) -> Callable[..., str]:
    """``d(offset_days, fmt="%Y-%m-%d")``: ``today + offset_days`` formatted.

    Besides strftime codes, ``%-m`` and ``%-d`` give month and day without a leading zero.
    """

    def d(offset_days: int = 0, fmt: str = "%Y-%m-%d") -> str:
        day = today + dt.timedelta(days=int(offset_days))
        fmt = fmt.replace("%-m", str(day.month)).replace("%-d", str(day.day))
        return day.strftime(fmt)

    return d


class HanwebProxy:
    """Hanweb JCMS ``/module/web/jpage/dataproxy.jsp``: one group of a column's records as XML.

    Records of column ``C`` come from ``<folder>/C.yaml``: a list of mappings with ``title``,
    ``url`` and either ``offset`` (days from today; ``date-offset`` and ``date_offset`` are
    accepted too) or ``date`` (ISO). Records keep the file's order (newest first, as Hanweb
    lists them). ``startrecord``/``endrecord`` are 1-based and inclusive.
    """

    def __init__(self, folder: Path, *, today: dt.date, render: Callable[[Path], str] | None = None):
        self.folder = folder
        self.today = today
        self._render = render or (lambda p: p.read_text(encoding="utf-8"))
        self._cache: dict[str, list[dict[str, str]]] = {}
        self._lock = threading.Lock()

    def records(self, columnid: str) -> list[dict[str, str]] | None:
        """The column's records as dicts with title, url, date (ISO); None if unknown."""
        columnid = str(columnid)
        with self._lock:
            if columnid in self._cache:
                return self._cache[columnid]
        if not columnid.replace("-", "").replace("_", "").isalnum():
            return None
        file = self.folder / f"{columnid}.yaml"
        if not file.is_file():
            return None
        raw = yaml.safe_load(self._render(file)) or []
        out: list[dict[str, str]] = []
        for rec in raw:
            offset = rec.get("offset", rec.get("date-offset", rec.get("date_offset")))
            if offset is not None:
                date = (self.today + dt.timedelta(days=int(offset))).isoformat()
            else:
                date = str(rec.get("date", ""))
            out.append({"title": str(rec["title"]), "url": str(rec["url"]), "date": date})
        with self._lock:
            self._cache[columnid] = out
        return out

    @staticmethod
    def record_html(rec: Mapping[str, str]) -> str:
        """One list entry as Hanweb templates write it inside ``<record><![CDATA[…]]>``."""
        title = html.escape(rec["title"])
        return (
            f'<li><a href="{html.escape(rec["url"])}" title="{title}" target="_blank">{title}</a>'
            f"<span>{html.escape(rec['date'])}</span></li>"
        )

    def record_markup(self, columnid: str | int, start: int, end: int) -> list[Markup]:
        """Jinja global ``hanweb_records(columnid, start, end)``: record HTML, 1-based inclusive."""
        recs = self.records(str(columnid)) or []
        return [Markup(self.record_html(r)) for r in recs[max(int(start), 1) - 1 : int(end)]]

    def __call__(self, request: Request) -> Resp:
        columnid = request.arg("columnid") or ""
        recs = self.records(columnid)
        if recs is None:
            return Resp(NOT_FOUND_PAGE, status=404)
        perpage = _int(request.arg("perpage"), 15)
        start = max(_int(request.arg("startrecord"), 1), 1)
        end = _int(request.arg("endrecord"), start + perpage - 1)
        chosen = recs[start - 1 : end]
        nextgroup = (
            f'<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;webid=1&amp;path=/&amp;columnid={columnid}'
            f'&amp;unitid=1&amp;permissiontype=0"></a>'
        )
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f"<datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>",
            f"<totalrecord>{len(recs)}</totalrecord><recordset>",
        ]
        parts.extend(f"<record><![CDATA[{self.record_html(r)}]]></record>" for r in chosen)
        parts.append("</recordset></datastore>")
        return Resp("\n".join(parts), content_type="text/xml;charset=UTF-8")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


class _QueryTemplate:
    """A template route rendered per distinct query string (``per_query: true``), cached."""

    max_cached = 512

    def __init__(self, render: Callable[[dict[str, str]], Resp]):
        self._render = render
        self._cache: collections.OrderedDict[tuple[tuple[str, str], ...], Resp] = collections.OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Resp:
        args = {k: v[0] for k, v in sorted(request.query.items()) if v}
        key = tuple(args.items())
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        resp = self._render(args)
        with self._lock:
            self._cache[key] = resp
            while len(self._cache) > self.max_cached:
                self._cache.popitem(last=False)
        return resp


class DirSite:
    """Reads a site folder: its files, its templates and its ``_routes.yaml``."""

    def __init__(self, root: Path, *, today: dt.date | None, templated: bool):
        if not root.is_dir():
            raise FileNotFoundError(f"site folder not found: {root}")
        if templated and today is None:
            raise ValueError("from_dir(templated=True) needs today=")
        self.root = root
        self.today = today or clock.today()
        self.templated = templated
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root)),
            autoescape=jinja2.select_autoescape(["html", "htm", "shtml", "jsp", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.hanweb = HanwebProxy(
            root / "_hanweb", today=self.today, render=self._render_text if templated else None
        )
        data_file = root / "_data.yaml"
        data = yaml.safe_load(data_file.read_text(encoding="utf-8")) if data_file.is_file() else {}
        self.env.globals.update(
            today=self.today,
            d=make_date_formatter(self.today),
            hanweb_records=self.hanweb.record_markup,
            data=data or {},
            args={},
        )

    def files(self) -> Iterator[tuple[str, Path]]:
        return _served_files(self.root)

    def _render_text(self, file: Path) -> str:
        """Render a non-HTML file (YAML) of the folder as a template."""
        name = file.relative_to(self.root).as_posix()
        return self.env.get_template(name).render()

    def _render(self, name: str, context: Mapping[str, Any] | None = None) -> str:
        try:
            return self.env.get_template(name).render(**(context or {}))
        except jinja2.TemplateError as exc:
            raise ValueError(f"template {name}: {exc}") from exc

    def render_files(self) -> dict[str, Route]:
        """Every servable file as a ready Resp (templates rendered now)."""
        out: dict[str, Route] = {}
        for path, file in self.files():
            rel = file.relative_to(self.root).as_posix()
            if file.suffix.lower() in TEMPLATE_SUFFIXES:
                out[path] = Resp(self._render(rel).encode("utf-8"), content_type=content_type_for(file.name))
            else:
                out[path] = Resp(file.read_bytes(), content_type=content_type_for(file.name))
        return out

    def special_routes(self) -> dict[str, Route]:
        """Routes declared in ``_routes.yaml`` (rendered as a template first when templated)."""
        spec_file = self.root / "_routes.yaml"
        if not spec_file.is_file():
            return {}
        text = self._render_text(spec_file) if self.templated else spec_file.read_text(encoding="utf-8")
        specs = yaml.safe_load(text) or {}
        out: dict[str, Route] = {}
        for path, spec in specs.items():
            route = self._route_from_spec(str(path), spec or {})
            out[str(path)] = route
            if str(path).endswith("/") and f"{path}index.html" not in specs:
                out[f"{path}index.html"] = route
        return out

    def _route_from_spec(self, path: str, spec: Mapping[str, Any]) -> Route:
        """One ``_routes.yaml`` entry. Keys:

        ``status``, ``redirect``, ``delay``, ``drop``, ``headers``, ``body`` (literal text),
        ``file`` (a file under root, rendered when it is a template, even if its name starts
        with ``_``), ``context`` (extra template variables), ``per_query`` (render once per
        distinct query string; the template sees ``args``), ``encoding`` (how the text is
        encoded), ``content_type`` (what is declared; default from the file name and
        ``encoding``), ``hanweb`` (a records folder: the Hanweb dataproxy endpoint).
        """
        if "hanweb" in spec:
            folder = self.root / str(spec["hanweb"])
            if folder == self.hanweb.folder:
                return self.hanweb
            return HanwebProxy(folder, today=self.today, render=self._render_text if self.templated else None)
        encoding = str(spec.get("encoding", "utf-8"))
        charset = "gbk" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
        file = spec.get("file")
        proto = Resp(
            status=int(spec.get("status", 200)),
            headers={str(k): str(v) for k, v in (spec.get("headers") or {}).items()},
            encoding=encoding,
            delay=float(spec.get("delay", 0.0)),
            drop=bool(spec.get("drop", False)),
            redirect=spec.get("redirect"),
        )
        if file is None:
            body = spec.get("body")
            if body is None and proto.status >= 400:  # an error answer looks like the server's own
                return dataclasses.replace(proto, body=NOT_FOUND_PAGE if proto.status == 404 else ERROR_PAGE)
            ctype = spec.get("content_type") or (
                content_type_for(path, charset)
                if mimetypes.guess_type(path)[0]
                else f"text/html; charset={charset}"
            )
            return dataclasses.replace(proto, body=str(body or ""), content_type=ctype)
        name = str(file)
        source = self.root / name
        if not source.is_file():
            raise FileNotFoundError(f"_routes.yaml: {path}: file not found: {name}")
        ctype = spec.get("content_type") or content_type_for(name, charset)
        context = dict(spec.get("context") or {})
        if not (self.templated and source.suffix.lower() in TEMPLATE_SUFFIXES):
            return dataclasses.replace(proto, body=source.read_bytes(), content_type=ctype)

        def render(args: dict[str, str] | None = None) -> Resp:
            text = self._render(name, {**context, "args": args or {}})
            return dataclasses.replace(
                proto, body=text.encode(encoding, errors="xmlcharrefreplace"), content_type=ctype
            )

        return _QueryTemplate(render) if spec.get("per_query") else render()
