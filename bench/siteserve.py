"""Serving the benchmark's generated site (bench/gensite.py) with the local SiteServer: files read
per request, the ``list.jsp?page=N`` lists routed, the Hanweb dataproxy endpoint counting the
record groups asked for."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govaudit.demo.foldersite import HanwebProxy  # noqa: E402
from govaudit.demo.siteserver import Request, Resp, SiteServer  # noqa: E402


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
