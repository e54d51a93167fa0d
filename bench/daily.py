"""Benchmark of daily audits: a first audit, a second of the unchanged site, one after a day's
changes — and LinkChecker over the same site in the same run.

    python bench/daily.py [--articles 20000] [--fresh 20] [--skip-linkchecker] [--full-check]

The site is bench/gensite.py's (12 columns, real CMS list patterns, PDFs, broken links), served
with ETags (a conditional GET may be answered 304). govaudit runs as `govaudit audit` with the
throttles lifted as in bench/run.py (16 in flight, no delay, no list-page cap), one database for
the three audits, as-of today, tomorrow and the day after. Per audit: requests and bytes the
server sent, wall, CPU of the process tree, peak RSS (tree and largest process), findings by
check. `--full-check` also runs a full audit (`--full`, a fresh database) after the day's
changes and compares its findings with the incremental one's.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gensite  # noqa: E402
import run as bench  # noqa: E402


def audit(site: gensite.BenchSite, work: Path, base: str, as_of: dt.date, db: str, name: str,
          full: bool = False) -> dict[str, Any]:  # fmt: skip
    config = {
        "units": [{"name": "县政府办公室", "email": "office@example.test"}],
        "sites": [{"name": gensite.SITE_NAME, "url": base + "/", "unit": "县政府办公室",
                   "columns": [{"name": c["name"], "url": base + c["url"], "kind": c["kind"]}
                               for c in site.manifest["columns"]]}],
        "crawl": {"concurrency": 16, "concurrency_per_host": 16, "autothrottle": False, "delay": 0,
                  "max_list_pages": 0},
        "monitor": {"reference_urls": []},
    }  # fmt: skip
    cfg = work / "govaudit.yaml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = work / f"{name}.json"
    cmd = [
        sys.executable,
        "-m",
        "govaudit.cli",
        "audit",
        "--config",
        str(cfg),
        "--as-of",
        as_of.isoformat(),
        "--json",
        str(out),
        "--db",
        db,
    ]
    cmd += ["--full"] if full else []
    bytes0 = site.server.bytes_sent
    res = bench.measure(cmd, site, cwd=work, log=work / f"{name}.log")
    res["bytes"] = site.server.bytes_sent - bytes0
    report = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    res["findings"] = dict(collections.Counter(f["check"] for f in report.get("findings", [])))
    res["finding_keys"] = sorted(
        f"{f['check']} {f['url']} {f['message']}" for f in report.get("findings", [])
    )
    return res


def serve(work: Path, n: int, port: int, fresh: int) -> gensite.BenchSite:
    gensite.generate(work / "site", n, ext_base=f"http://localhost:{port}", fresh=fresh)
    site = gensite.serve(work / "site", port=port, headers={"LinkChecker": "benchmark-site"})
    site.server.start()
    return site


def row(name: str, r: dict[str, Any]) -> str:
    return (f"| {name} | {r['requests']:,} | {r['bytes'] / 1e6:,.1f} | {r['wall_s']} | {r['cpu_s']} | "
            f"{r['cpu_ms_per_request']} | {r['peak_rss_tree_mb']} | {r['peak_rss_process_mb']} |")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description="daily audits: first, unchanged, after a day's changes")
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--fresh", type=int, default=20, help="new articles on the third day")
    ap.add_argument("--skip-linkchecker", action="store_true")
    ap.add_argument("--full-check", action="store_true", help="compare with a full audit after the changes")
    args = ap.parse_args()
    bench.precompile()
    work = Path(tempfile.mkdtemp(prefix="govaudit-incr-"))
    work.chmod(0o777)
    port = bench.free_port()
    today = dt.date.today()
    db = f"sqlite:///{work / 'govaudit.sqlite'}"
    results: dict[str, dict[str, Any]] = {}
    t0 = time.perf_counter()
    site = serve(work, args.articles, port, 0)
    print(f"generated {site.manifest['articles']} articles in {time.perf_counter() - t0:.0f} s", flush=True)
    base = site.server.url
    try:
        print("first audit ...", flush=True)
        results["first"] = audit(site, work, base, today, db, "first")
        if not args.skip_linkchecker:
            print("LinkChecker ...", flush=True)
            bytes0 = site.server.bytes_sent
            results["linkchecker"] = bench.run_linkchecker(site, work, base, 100_000.0)
            results["linkchecker"]["bytes"] = site.server.bytes_sent - bytes0
        print("second audit (unchanged) ...", flush=True)
        results["unchanged"] = audit(site, work, base, today + dt.timedelta(days=1), db, "unchanged")
    finally:
        site.server.stop()
    site = serve(work, args.articles, port, args.fresh)
    try:
        print(f"audit after a day's changes ({args.fresh} new articles) ...", flush=True)
        results["changed"] = audit(site, work, base, today + dt.timedelta(days=2), db, "changed")
        if args.full_check:
            print("full audit of the changed site (fresh database) ...", flush=True)
            results["full"] = audit(site, work, base, today + dt.timedelta(days=2),
                                    f"sqlite:///{work / 'full.sqlite'}", "full", full=True)  # fmt: skip
    finally:
        site.server.stop()
    print(
        "\n| audit | requests | MB sent | wall s | CPU s | CPU ms/request | peak RSS tree MB | largest process MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(row(name, r))
    first = results["first"]
    for name in ("unchanged", "changed"):
        r = results[name]
        print(f"{name}: {100 * r['bytes'] / first['bytes']:.1f} % of the first audit's bytes, "
              f"{100 * r['requests'] / first['requests']:.1f} % of its requests; findings {r['findings']}")  # fmt: skip
    print(f"first findings {first['findings']}")
    if "full" in results:
        same = results["full"]["finding_keys"] == results["changed"]["finding_keys"]
        print(f"full audit after the changes: findings identical to the incremental audit's: {same}")
    if "linkchecker" in results:
        ratio = first["cpu_ms_per_request"] / results["linkchecker"]["cpu_ms_per_request"]
        print(f"CPU per request, first audit vs LinkChecker: {ratio:.2f}x")
    bench.OUT_DIR.mkdir(exist_ok=True)
    out = bench.OUT_DIR / f"incremental-{args.articles}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    for r in results.values():
        r.pop("finding_keys", None)
    out.write_text(json.dumps({"machine": {"cpus": os.cpu_count()}, "results": results}, ensure_ascii=False,
                              indent=2), encoding="utf-8")  # fmt: skip
    print(f"written {out}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
