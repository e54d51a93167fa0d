"""How the crawler fetches (`crawl:`): politeness, caps, time limits, the networks it may reach."""

from __future__ import annotations

from pydantic import Field

from .base import Network, _Model


class CrawlSettings(_Model):
    """Politeness and scope of a crawl. Defaults a real government site tolerates."""

    concurrency: int = Field(8, ge=1, le=256)  # requests in flight in all
    concurrency_per_host: int = Field(2, ge=1, le=256)
    autothrottle: bool = True  # adapt the pace to the server's latency (Scrapy AutoThrottle)
    delay: float = Field(0.25, ge=0)  # seconds between requests to one host (AutoThrottle's floor)
    timeout: float = Field(15, gt=0)  # seconds; 指标2019 counts no answer in 15 s as unreachable
    retries: int = Field(2, ge=0, le=10)  # for timeouts, connection errors, 5xx, 429
    user_agent: str = "Mozilla/5.0 (compatible; govaudit/0.1; +政府网站监测)"
    obey_robots: bool = False  # an office auditing its own sites is not a search engine
    max_list_pages: int = Field(20, ge=0)  # list pages per column (0 = no cap; at most 1,000)
    max_articles: int = Field(0, ge=0)  # article pages fetched per column (0 = no cap; at most 50,000)
    check_links: bool = True  # check every link found on crawled pages
    check_external: bool = True  # ... including links to other hosts
    max_body_mb: float = Field(8, gt=0)  # pages larger than this are cut off and recorded
    time_limit: int = Field(3600, ge=10)  # seconds for one site's crawl before it is stopped
    attachments: bool = True  # download attachments linked from articles and read their text
    attachment_max_mb: float = Field(5, gt=0)  # larger attachments are not downloaded nor read
    attachment_timeout: float = Field(30, gt=0)  # seconds to read one attachment's text
    max_attachments: int = Field(1000, ge=0)  # attachments downloaded per site (0 = no cap)
    # a homepage that failed is tried again after this pause before the site is declared unreachable
    unreachable_retry_seconds: float = Field(60, ge=0)
    # sites side by side (scheduler/parallel.py): requests in flight to one IP address across every
    # site crawled at once (a provincial platform hosting many county sites), and sites crawled at
    # once (None: twice the cores, fewer when memory is short)
    concurrency_per_ip: int = Field(8, ge=1, le=256)
    max_sites_parallel: int | None = Field(None, ge=1, le=256)
    # incremental audits (crawler/incremental.py, crawler/reuse.py): an article or attachment read
    # in an earlier run is re-read when its list entry changed or it is this many days old (each
    # one on its own day of the cycle); link targets that worked are re-checked after link_ttl_days
    # (failures every day)
    refetch_days: int = Field(7, ge=1, le=365)
    link_ttl_days: int = Field(7, ge=0, le=365)
    # private/intranet networks (CIDR) that may be fetched besides the sites' own addresses
    # (crawler/policy.py); e.g. [10.20.0.0/16] for a county intranet
    allow_networks: tuple[Network, ...] = ()
