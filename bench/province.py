"""A province on Celery workers: many county sites served locally on many ports, audited by 1, 2
and 4 `govaudit worker` processes (Redis broker, PostgreSQL store).

    python bench/province.py [--sites 100] [--articles 2000] [--workers 1,2,4] [--concurrency 2]
                             [--polite]

By default the per-site throttle is lifted (no delay, 4 requests in flight per site, as in
bench/run.py): the sites are local, and at the polite pace (about 2.5 pages a second per site) a
2,000-article site takes about 14 minutes, which makes 100 of them a day of site-time. `--polite`
keeps the default politeness.

Each site, on its own loopback address: a homepage, one news column paged 20 to a page (?page=N),
its articles. Each worker
count gets a fresh database and runs `govaudit audit --executor celery` once; figures: wall
time, site audits per minute, pages per second per worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from govaudit.demo.siteserver import Request, Resp, SiteServer  # noqa: E402
from tests.sitebuilder import article, column_meta, page  # noqa: E402

PER = 20


def county(n_articles: int, today: dt.date, host: str) -> SiteServer:
    server = SiteServer(host=host)
    entries = [(f"关于开展第{i}项重点工作的通知", f"/xw/{i}.html", today - dt.timedelta(days=i % 300))
               for i in range(n_articles)]  # fmt: skip
    n_pages = max(1, (n_articles + PER - 1) // PER)
    lists: dict[int, str] = {}
    for p in range(1, n_pages + 1):
        rows = "".join(f'<li><a href="{u}">{t}</a><span>{d.isoformat()}</span></li>'
                       for t, u, d in entries[(p - 1) * PER : p * PER])  # fmt: skip
        nxt = f'<a href="?page={p + 1}">下一页</a>' if p < n_pages else ""
        lists[p] = page("新闻动态", f'<ul class="list">{rows}</ul><div class="pager">第{p}页 共{n_pages}页 {nxt}</div>',
                        meta=column_meta("新闻动态"))  # fmt: skip

    def listing(request: Request) -> Resp:  # /xw/?page=N
        n = request.arg("page", "1") or "1"
        return Resp(lists[int(n)]) if n.isdigit() and int(n) in lists else Resp("暂无信息", status=404)

    server.add("/xw/", listing)
    first = "".join(f'<li><a href="{u}">{t}</a><span>{d.isoformat()}</span></li>' for t, u, d in entries[:8])
    server.add("/", page("县人民政府", f'<a href="/xw/">新闻动态</a><ul>{first}</ul>'))
    for t, u, d in entries:
        server.add(u, article(t, d))
    return server.start()


def _finished_runs(db: str) -> str:
    """'done/all' runs of the database: every site audited to its end?"""
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.connect() as c:
        done = c.execute(text("SELECT count(*) FROM runs WHERE status = 'done'")).scalar()
        total = c.execute(text("SELECT count(*) FROM runs")).scalar()
    engine.dispose()
    return f"{done}/{total}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=100)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--concurrency", type=int, default=2, help="site audits per worker at once")
    ap.add_argument("--broker", default="redis://127.0.0.1:6379/0")
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--polite", action="store_true", help="keep the default politeness")
    args = ap.parse_args()
    today = dt.date.today()
    # each county on its own loopback address, as counties are on their own servers (one address
    # would share one concurrency_per_ip budget: a provincial platform)
    servers = [county(args.articles, today, f"127.0.{1 + i // 250}.{1 + i % 250}") for i in range(args.sites)]
    work = Path(tempfile.mkdtemp(prefix="govaudit-province-"))
    print(f"{args.sites} sites x {args.articles} articles served", flush=True)
    from sqlalchemy import create_engine, text

    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    rows = []
    try:
        for n in [int(x) for x in args.workers.split(",")]:
            queue = f"govaudit-province-{uuid.uuid4().hex[:8]}"
            dbname = f"govaudit_province_{n}_{uuid.uuid4().hex[:6]}"
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{dbname}"'))
            db = args.pg.rsplit("/", 1)[0] + "/" + dbname
            config = {
                "units": [{"name": "县政府办公室"}],
                "sites": [{"name": f"第{i}县人民政府", "url": s.url + "/", "unit": "县政府办公室",
                           "columns": [{"name": "新闻动态", "url": s.url + "/xw/", "kind": "news"}]}
                          for i, s in enumerate(servers)],
                "crawl": {"max_list_pages": 0, "unreachable_retry_seconds": 5,
                          **({} if args.polite else {"delay": 0, "autothrottle": False, "concurrency_per_host": 4})},
                "monitor": {"reference_urls": []},
                "executor": {"kind": "celery", "broker": args.broker, "queue": queue},
                "db": db,
            }  # fmt: skip
            cfg = work / f"province-{n}.yaml"
            cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            workers = [subprocess.Popen([sys.executable, "-m", "govaudit.cli", "worker", "--config", str(cfg),
                                         "--concurrency", str(args.concurrency)],
                                        stdout=(work / f"w{n}-{i}.log").open("wb"), stderr=subprocess.STDOUT,
                                        env=env, cwd=work) for i in range(n)]  # fmt: skip
            served0 = sum(sum(s.hits.values()) for s in servers)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg), "--quiet",
                                   "--json", str(work / f"p{n}.json")], env=env, cwd=work,
                                  capture_output=True, text=True)  # fmt: skip
            wall = time.perf_counter() - t0
            for w in workers:
                w.terminate()
            for w in workers:
                w.wait(30)
            pages = sum(sum(s.hits.values()) for s in servers) - served0  # requests the sites answered
            runs = _finished_runs(db)
            rows.append((n, wall, args.sites / wall * 60, pages / wall / n, done.returncode, pages, runs))
            print(f"{n} worker(s): {wall:.0f} s, {args.sites / wall * 60:.1f} sites/min, "
                  f"{pages / wall / n:.1f} pages/s per worker (exit {done.returncode})", flush=True)  # fmt: skip
            print(
                done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr[-500:], flush=True
            )
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE "{dbname}" WITH (FORCE)'))
    finally:
        for s in servers:
            s.stop()
    print("\n| workers | wall s | requests | runs done | site audits / min | requests / s per worker |")
    print("|---|---|---|---|---|---|")
    for n, wall, spm, pps, _, pages, runs in rows:
        print(f"| {n} | {wall:.0f} | {pages:,} | {runs} | {spm:.1f} | {pps:.1f} |")


if __name__ == "__main__":
    main()
