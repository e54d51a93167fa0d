"""`govaudit demo`: serve the bundled demo county site on 127.0.0.1, audit it, write the reports.

The embedded default that shows a newcomer everything working with no setup: no config to
write, no database server (SQLite in the output folder), no network beyond loopback.
"""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

from govaudit.cli import run_audit

from .siteserver import SiteServer

DEMO_DIR = Path(__file__).resolve().parent
SITE_DIR = DEMO_DIR / "site"
CONFIG = DEMO_DIR / "demo.yaml"


def closed_port() -> int:
    """A loopback port with nothing listening (for the demo's unreachable site)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def demo_config(base: str, dead: str) -> str:
    return CONFIG.read_text(encoding="utf-8").replace("{{base}}", base).replace("{{dead}}", dead)


def run_demo(out: Path, *, as_of: dt.date | None = None, quiet: bool = False, verbose: int = 0) -> int:
    as_of = as_of or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    db = out / "govaudit.db"
    with SiteServer.from_dir(SITE_DIR, today=as_of) as server:
        print(f"示范县网站已在 {server.url}/ 启动，开始检查（基准日期 {as_of}）…")
        text = demo_config(server.url, f"http://127.0.0.1:{closed_port()}")
        (out / "demo-config.yaml").write_text(text, encoding="utf-8")
        return run_audit(
            str(out / "demo-config.yaml"), text, site=None, as_of=as_of,
            json_out=str(out / "report.json"), html_out=str(out / "report.html"),
            db=f"sqlite:///{db.resolve()}", quiet=quiet, verbose=verbose,
        )  # fmt: skip
