"""Throughput of SiteServer for small static pages: ``python bench/serverload.py [--clients 4]``.

The server runs in this process; the clients are separate processes (``http.client``
keep-alive connections, one request at a time per connection), so they compete with the
server for the CPU as a crawler on the same machine would. The figure is therefore a lower
bound of what the server alone can do.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govaudit.demo.siteserver import SiteServer  # noqa: E402


def page(kb: float) -> str:
    """An HTML page of about ``kb`` kilobytes."""
    para = "<p>示范县政务要闻</p>"
    n = max(1, int(kb * 1024 / len(para.encode())))
    return "<!DOCTYPE html><html><head><title>t</title></head><body>" + para * n + "</body></html>"


def _client(port: int, seconds: float, conns: int, out: mp.Queue) -> None:
    """Send GETs over ``conns`` keep-alive connections, round robin, for ``seconds``."""
    pool = [http.client.HTTPConnection("127.0.0.1", port) for _ in range(conns)]
    done = errors = 0
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end:
        c = pool[i % conns]
        i += 1
        try:
            c.request("GET", f"/p{i % 50}.html")
            r = c.getresponse()
            r.read()
            done += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            c.close()
    for c in pool:
        c.close()
    out.put((done, errors))


def measure(clients: int, seconds: float, kb: float = 1.0) -> tuple[float, int]:
    """Requests per second and error count with ``clients`` client processes."""
    body = page(kb).encode()
    routes = {f"/p{i}.html": body for i in range(50)}
    with SiteServer(routes) as server:
        q: mp.Queue = mp.Queue()
        procs = [mp.Process(target=_client, args=(server.port, seconds, 2, q)) for _ in range(clients)]
        start = time.perf_counter()
        for p in procs:
            p.start()
        results = [q.get() for _ in procs]
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - start
        served = sum(server.hits.values())
    errors = sum(e for _, e in results)
    return served / elapsed, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--page-kb", type=float, default=1.0, help="size of the pages served")
    args = ap.parse_args()
    print(f"page size {len(page(args.page_kb).encode())} bytes")
    for n in args.clients:
        rate, errors = measure(n, args.seconds, args.page_kb)
        print(f"{n:3d} client processes x 2 connections: {rate:8.0f} req/s  errors {errors}")


if __name__ == "__main__":
    main()
