"""`govaudit demo --serve`: the demo site and the web console together, so that a newcomer can
click through the loop in a browser — 交办 (office) → 反馈 with proof (unit) → 复核 → 已整改.

The demo site is audited afresh (as `demo --loop` does, logins printed), then served with the
console on 127.0.0.1 until Ctrl-C. Recheck requests are processed every few seconds (what
`govaudit serve` does on its schedule). To see a recheck succeed, the demo site's broken
政策文件 attachment can be "repaired" by opening /_demo/fix on the demo site (as the unit would
upload the missing file); until then a recheck finds the problem still there.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

from govaudit import clock

from .run import SITE_DIR, audit_demo, run_loop
from .siteserver import Request, Resp, SiteServer

log = logging.getLogger(__name__)
BROKEN_ATTACHMENT = "/attach/0/b28e4d1f0c.pdf"
RECHECK_SECONDS = 5


def _fix_route(server: SiteServer) -> None:
    def fix(_req: Request) -> Resp:
        server.add(BROKEN_ATTACHMENT, Resp(b"%PDF-1.4\n% demo: the attachment uploaded again\n",
                                           content_type="application/pdf"))  # fmt: skip
        return Resp("<!DOCTYPE html><html><head><meta charset='utf-8'><title>已模拟整改</title></head><body>"
                    "<p>已模拟整改：政策文件中失效的附件已重新上传。回到网页控制台申请复核，数秒后问题将变为“已整改”。</p>"
                    "</body></html>")  # fmt: skip

    server.add("/_demo/fix", fix)


def run_serve(out: Path, *, as_of: dt.date | None = None, port: int = 8080, quiet: bool = False,
              verbose: int = 0) -> int:  # fmt: skip
    from werkzeug.serving import make_server

    from govaudit.config import dbcopy
    from govaudit.scheduler.recheck import process_pending
    from govaudit.store import open_db
    from govaudit.web import create_app

    as_of = as_of or clock.today()
    with SiteServer.from_dir(SITE_DIR, today=as_of) as server:
        code, text, db_url = audit_demo(server, out, as_of, quiet=quiet, verbose=verbose)
        if code:
            return code
        run_loop(text, db_url, out / "mail", as_of)
        _fix_route(server)
        config = dbcopy.load(open_db(db_url))
        assert config is not None  # run_loop stored it with the logins
        try:
            web = make_server(
                "127.0.0.1", port, create_app(config, db_url, today=lambda: as_of), threaded=True
            )
        except OSError as exc:
            print(f"govaudit: error: 端口 {port} 无法使用（{exc.strerror or exc}），请用 --port 换一个端口")
            return 2
        stop = threading.Event()

        def rechecks() -> None:
            while not stop.wait(RECHECK_SECONDS):
                try:
                    current = dbcopy.load(open_db(db_url)) or config
                    process_pending(current, db_url, as_of=as_of)
                except Exception:  # noqa: BLE001 - the demo goes on; the request stays visible
                    log.exception("demo recheck failed")

        threading.Thread(target=rechecks, name="demo-rechecks", daemon=True).start()
        print(f"网页控制台：http://127.0.0.1:{web.server_port}/ （用上面的账号登录）")
        print(f"示范网站：{server.url}/ ；模拟单位整改失效附件：{server.url}/_demo/fix")
        print("演示步骤：办公室账号在“问题清单”批量交办 → 单位账号打开问题、上传佐证并反馈、申请复核 → "
              "打开上面的模拟整改地址 → 数秒后刷新，问题变为“已整改”。按 Ctrl-C 结束。", flush=True)  # fmt: skip
        try:
            web.serve_forever()
        except KeyboardInterrupt:
            print("演示已结束。")
        finally:
            stop.set()
            web.server_close()
    return 0
