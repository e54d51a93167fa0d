"""A small polite fetcher for the column proposal (crawler/propose.py): plain GETs with requests,
honouring the config's limits — timeout, user agent, a pause between requests to one host
(`crawl.delay`), a body cap (`crawl.max_body_mb`) and a cap on the number of pages — and decoding
pages as the spider does (crawler/extract/encoding.py) — and the crawl's fetch policy
(crawler/policy.py: no private, loopback or reserved address but the site's own and
`crawl.allow_networks`, checked again at every redirect hop). Failures come back as data with a
Chinese reason, never as exceptions. (Audits use the Scrapy spider, not this.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from govaudit.config.schema import CrawlSettings

from .extract.encoding import decode_html
from .policy import FetchPolicy

MAX_REDIRECTS = 5


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int | None
    text: str  # the decoded HTML ("" when none)
    error: str | None  # Chinese, when the page could not be read

    @property
    def ok(self) -> bool:
        return self.error is None


class Fetcher:
    def __init__(self, crawl: CrawlSettings, *, max_pages: int = 60, site_url: str | None = None) -> None:
        self.crawl = crawl
        self.policy = FetchPolicy([site_url] if site_url else [], crawl.allow_networks)
        self.max_pages = max_pages
        self.count = 0
        self._last: dict[str, float] = {}
        self._session = requests.Session()
        self._session.headers["User-Agent"] = crawl.user_agent.encode("utf-8")  # type: ignore[assignment]

    def close(self) -> None:
        self._session.close()

    def get(self, url: str) -> Fetched:
        if self.count >= self.max_pages:
            return Fetched(url, url, None, "", f"已达到本次最多读取 {self.max_pages} 个页面的限制")
        self.count += 1
        host = urlsplit(url).netloc
        wait = self._last.get(host, 0) + self.crawl.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        cap = int(self.crawl.max_body_mb * (1 << 20))
        current = url
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                refused = self.policy.refusal(current)
                if refused is not None:
                    return Fetched(url, current, None, "", refused.reason)
                with self._session.get(
                    current, timeout=self.crawl.timeout, stream=True, allow_redirects=False
                ) as resp:
                    if resp.is_redirect and resp.headers.get("Location"):
                        current = requests.compat.urljoin(current, resp.headers["Location"])
                        continue
                    body = b""
                    for chunk in resp.iter_content(64 << 10):
                        body += chunk
                        if len(body) >= cap:
                            break
                    ctype = resp.headers.get("Content-Type")
                    status, final = resp.status_code, current
                    break
            else:
                return Fetched(url, current, None, "", "重定向次数过多")
        except requests.Timeout:
            return Fetched(url, url, None, "", f"超过 {self.crawl.timeout:g} 秒无响应")
        except (requests.RequestException, ValueError):
            return Fetched(url, url, None, "", "无法连接")
        finally:
            self._last[host] = time.monotonic()
        if status >= 400:
            return Fetched(url, final, status, "", f"无法访问（HTTP {status}）")
        if ctype and "html" not in ctype.lower() and "xml" not in ctype.lower():
            return Fetched(url, final, status, "", "不是网页")
        text, _encoding = decode_html(body, ctype)
        return Fetched(url, final, status, text, None)
