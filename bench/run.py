"""Benchmark: govaudit against LinkChecker on a generated 10,000-article county site.

    python bench/run.py [--articles 10000] [--skip-govaudit] [--skip-linkchecker]

Generates the site (bench/gensite.py), serves it with SiteServer on 127.0.0.1, then runs each
tool as a subprocess and measures: wall time; CPU seconds of the whole process tree (user + sys
from ``os.wait4``, which includes every descendant the tool waited for, e.g. govaudit's crawl
process); peak RSS (sampled every 0.1 s with psutil, summed over the tree, and the largest
single process) and ``ru_maxrss``; requests (the server's hit counter during the run); and what
each tool reached: article pages, list pages (TRS script pagination, list.jsp?page=N, pages kept
in comments) and Hanweb record groups. Figures are printed and written to bench/out/.

LinkChecker's own throttle is lifted as far as it allows: ``maxrequestspersecond`` very high and
the site answers with a ``LinkChecker`` header (LinkChecker only drops its 0.1–0.6 s per-host
wait for servers that send it). The exact settings are in the JSON and printed.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psutil
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gensite  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent / "out"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_rss(root: psutil.Process) -> list[int]:
    """RSS of each live process of the tree rooted at ``root`` (vanished ones skipped)."""
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    rss = []
    for p in procs:
        with contextlib.suppress(psutil.Error):
            rss.append(p.memory_info().rss)
    return rss


def installed_env() -> dict[str, str]:
    """The environment of a tool run as installed: bytecode caches are read and written (a
    development shell's PYTHONDONTWRITEBYTECODE would make every process compile govaudit's
    modules again; pip-installed LinkChecker has its caches either way)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def precompile() -> None:
    """Bytecode of govaudit's packages (pyproject's package-dir), as `pip install` writes it."""
    import compileall
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    for folder in set(project["tool"]["setuptools"]["package-dir"].values()):
        compileall.compile_dir(str(root / folder), quiet=1)  # up-to-date files are skipped


def measure(cmd: list[str], site: gensite.BenchSite, *, cwd: Path, log: Path) -> dict[str, Any]:
    """Run ``cmd`` to its end; wall, CPU, memory and request figures."""
    before = collections.Counter(site.server.hit_targets)
    before_paths = collections.Counter(site.server.hits)
    before_groups = collections.Counter(site.hanweb.groups)
    self_cpu0 = sum(os.times()[:2])
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=installed_env())
    root = psutil.Process(proc.pid)
    peak_tree = peak_proc = 0
    status = 0
    rusage = None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = _tree_rss(root)
        peak_tree = max(peak_tree, sum(rss))
        peak_proc = max([peak_proc, *rss])
        time.sleep(0.1)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert rusage is not None
    targets = site.server.hit_targets - before
    paths = site.server.hits - before_paths
    groups = site.hanweb.groups - before_groups
    requests = sum(targets.values())
    cpu = rusage.ru_utime + rusage.ru_stime
    return {
        "exit": proc.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "cpu_user_s": round(rusage.ru_utime, 2),
        "cpu_sys_s": round(rusage.ru_stime, 2),
        "requests": requests,
        "cpu_ms_per_request": round(1000 * cpu / requests, 3) if requests else None,
        "peak_rss_tree_mb": round(peak_tree / 2**20, 1),
        "peak_rss_process_mb": round(peak_proc / 2**20, 1),
        "ru_maxrss_mb": round(rusage.ru_maxrss / 1024, 1),
        "bench_process_cpu_s": round(sum(os.times()[:2]) - self_cpu0, 2),  # site server + sampler
        "coverage": coverage(site.manifest, paths, targets, groups),
        "log": str(log),
    }


def coverage(
    manifest: dict[str, Any],
    paths: collections.Counter[str],
    targets: collections.Counter[str],
    groups: collections.Counter[tuple[str, int]],
) -> dict[str, Any]:
    """What part of the site a run reached."""
    query_pages: set[tuple[str, str]] = set()
    for target in targets:
        parts = urlsplit(target)
        page = parse_qs(parts.query).get("page", ["1"])[0]
        query_pages.add((parts.path, page))
    columns = {}
    for col in manifest["columns"]:
        reached = 0
        for t in col["list_targets"]:
            if t.startswith("dataproxy:"):
                _, colid, start = t.split(":")
                reached += (colid, int(start)) in groups
            elif "?page=" in t or t.endswith("list.jsp"):
                path, _, page = t.partition("?page=")
                reached += (path, page or "1") in query_pages
            else:
                reached += paths[t] > 0
        columns[col["key"]] = {
            "pattern": col["pattern"],
            "list_pages": f"{reached}/{len(col['list_targets'])}",
        }
    articles = manifest["article_paths"]
    fetched = sum(1 for p in articles if paths[p] > 0)
    return {"articles_fetched": fetched, "articles_total": len(articles), "columns": columns}


def run_govaudit(site: gensite.BenchSite, work: Path, base: str) -> dict[str, Any]:
    """govaudit audit over the site (CHECKS.md command contract), measured."""
    config = {
        "units": [{"name": "县政府办公室", "email": "office@example.test"}],
        "sites": [
            {
                "name": gensite.SITE_NAME,
                "url": base + "/",
                "unit": "县政府办公室",
                "columns": [
                    {"name": c["name"], "url": base + c["url"], "kind": c["kind"]}
                    for c in site.manifest["columns"]
                ],
            }
        ],
        # throttles lifted as for LinkChecker: no per-host delay, no AutoThrottle, no list-page cap
        "crawl": {
            "concurrency": 16,
            "concurrency_per_host": 16,
            "autothrottle": False,
            "delay": 0,
            "max_list_pages": 0,
        },
    }
    cfg = work / "govaudit.yaml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = work / "govaudit.json"
    exe = shutil.which("govaudit")
    cmd = [exe] if exe else [sys.executable, "-m", "govaudit"]
    cmd += ["audit", "--config", str(cfg), "--as-of", dt.date.today().isoformat()]
    cmd += ["--json", str(out), "--db", f"sqlite:///{work / 'govaudit.sqlite'}"]
    res = measure(cmd, site, cwd=work, log=work / "govaudit.log")
    res["command"] = cmd
    res["config"] = config
    if out.is_file():
        report = json.loads(out.read_text(encoding="utf-8"))
        res["pages_reported"] = report.get("run", {}).get("pages")
        res["findings"] = dict(collections.Counter(f["check"] for f in report.get("findings", [])))
    return res


LINKCHECKER_RC = """\
[checking]
threads=16
timeout=15
recursionlevel=-1
maxrequestspersecond={rps}
robotstxt=0
resultcachesize=1000000
[filtering]
checkextern=1
[output]
warnings=0
status=0
"""


def run_linkchecker(site: gensite.BenchSite, work: Path, base: str, rps: float) -> dict[str, Any]:
    """LinkChecker over the same site, measured."""
    rc = work / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC.format(rps=rps), encoding="utf-8")
    rc.chmod(0o644)
    csv = work / "linkchecker.csv"
    exe = shutil.which("linkchecker") or "linkchecker"
    cmd = [exe, "-f", str(rc), "--no-warnings", "--no-status", "--check-extern", "--no-robots"]
    cmd += ["-o", "none", "-F", f"csv/utf-8/{csv}", base + "/"]
    res = measure(cmd, site, cwd=work, log=work / "linkchecker.log")
    res["command"] = cmd
    res["config"] = rc.read_text(encoding="utf-8")
    if csv.is_file():
        bad = set()
        for line in csv.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("#") or line.startswith("urlname;"):
                continue
            cells = line.split(";")
            if len(cells) > 7 and cells[6] == "False":
                bad.add(cells[7])
        res["broken_urls_reported"] = len(bad)
    return res


def print_table(results: dict[str, dict[str, Any]], manifest: dict[str, Any]) -> None:
    """The summary tables."""
    print()
    head = f"{'tool':<12} {'exit':>4} {'requests':>9} {'wall s':>8} {'CPU s':>8} {'CPU ms/req':>10} "
    head += f"{'peak RSS MB':>11} {'max proc MB':>11} {'ru_maxrss MB':>12}"
    print(head)
    print("-" * len(head))
    for tool, r in results.items():
        print(
            f"{tool:<12} {r['exit']:>4} {r['requests']:>9} {r['wall_s']:>8} {r['cpu_s']:>8} "
            f"{r['cpu_ms_per_request'] or 0:>10} {r['peak_rss_tree_mb']:>11} {r['peak_rss_process_mb']:>11} "
            f"{r['ru_maxrss_mb']:>12}"
        )
    print()
    print(
        f"site: {manifest['articles']} articles, {manifest['files']} files, {manifest['bytes'] / 1e6:.0f} MB, "
        f"{len(manifest['broken'])} broken link targets"
    )
    for tool, r in results.items():
        cov = r["coverage"]
        print(f"\n{tool}: article pages fetched {cov['articles_fetched']}/{cov['articles_total']}")
        for key, c in cov["columns"].items():
            print(f"  {key:<6} {c['pattern']:<12} list pages/groups reached {c['list_pages']}")
        if "findings" in r:
            print(f"  findings: {r['findings']}")
        if "broken_urls_reported" in r:
            print(f"  broken URLs reported: {r['broken_urls_reported']}")


def main() -> None:
    ap = argparse.ArgumentParser(description="govaudit vs LinkChecker on a generated site.")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--skip-govaudit", action="store_true")
    ap.add_argument("--skip-linkchecker", action="store_true")
    ap.add_argument(
        "--linkchecker-rps", type=float, default=100_000.0, help="LinkChecker maxrequestspersecond"
    )
    ap.add_argument("--keep", action="store_true", help="keep the work folder (site, configs, logs)")
    args = ap.parse_args()

    precompile()
    work = Path(tempfile.mkdtemp(prefix="govaudit-bench-"))
    work.chmod(0o777)  # LinkChecker drops root privileges to 'nobody' and must write its CSV here
    port = free_port()
    ext_base = f"http://localhost:{port}"  # another host name for the same server: "external" links
    t0 = time.perf_counter()
    gensite.generate(work / "site", args.articles, ext_base=ext_base)
    print(f"generated in {time.perf_counter() - t0:.1f} s into {work / 'site'}")
    site = gensite.serve(work / "site", port=port, headers={"LinkChecker": "benchmark-site"})
    site.server.start()
    base = site.server.url
    results: dict[str, dict[str, Any]] = {}
    try:
        if not args.skip_govaudit:
            print("running govaudit ...", flush=True)
            results["govaudit"] = run_govaudit(site, work, base)
        if not args.skip_linkchecker:
            print("running LinkChecker ...", flush=True)
            results["linkchecker"] = run_linkchecker(site, work, base, args.linkchecker_rps)
    finally:
        site.server.stop()
    print_table(results, site.manifest)
    OUT_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    summary = {
        "when": stamp,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "site": {
            **{k: v for k, v in site.manifest.items() if k not in ("article_paths", "broken", "columns")},
            "broken_targets": len(site.manifest["broken"]),
            "columns": [
                {
                    **{k: v for k, v in c.items() if k != "list_targets"},
                    "list_targets": len(c["list_targets"]),
                }
                for c in site.manifest["columns"]
            ],
        },
        "results": results,
    }
    out = OUT_DIR / f"bench-{args.articles}-{stamp}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten {out}")
    for r in results.values():
        if r["exit"] != 0:
            print(f"note: a tool exited {r['exit']}; see {r['log']}")
    if args.keep:
        print(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
