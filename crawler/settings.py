"""Scrapy settings built from a site's `crawl:` config (politeness defaults in config/schema.py)."""

from __future__ import annotations

from typing import Any

from govaudit.config import CrawlSettings


def scrapy_settings(crawl: CrawlSettings, log_level: str = "ERROR") -> dict[str, Any]:
    return {
        "BOT_NAME": "govaudit",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "DOWNLOADER": "govaudit.crawler.downloader.PoliteDownloader",  # keeps the per-host concurrency
        "DOWNLOAD_DELAY": crawl.delay,
        "RANDOMIZE_DOWNLOAD_DELAY": crawl.delay > 0,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.delay, 0.5),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_host),
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": min(crawl.timeout, 15),
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        # 429/503 are "try later": retried at a lower priority, after the rest of the queue
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "RETRY_PRIORITY_ADJUST": -5,
        "REDIRECT_MAX_TIMES": 10,
        "METAREFRESH_ENABLED": True,
        "COOKIES_ENABLED": True,  # some government WAFs set a cookie on the first answer
        "DOWNLOAD_MAXSIZE": 0,  # bodies are capped by the spider (kept, marked truncated)
        "DOWNLOAD_WARNSIZE": 0,
        "HTTPERROR_ALLOW_ALL": True,  # statuses are data: callbacks record them
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",  # the spider dedupes by role
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_ENABLED": True,
        "LOGSTATS_INTERVAL": 0,
        "STATS_DUMP": False,
        "REACTOR_THREADPOOL_MAXSIZE": 10,
        # per-response overhead trimmed: few outputs per callback (Scrapy starts CONCURRENT_ITEMS
        # tasks for each), no statistics kept, no depth bookkeeping, no HTTP auth
        "CONCURRENT_ITEMS": 4,
        "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector",
        "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.depth.DepthMiddleware": None},
        "CLOSESPIDER_TIMEOUT": crawl.time_limit,
        "MEMUSAGE_ENABLED": False,
        # the fetch policy (crawler/policy.py) on every request, redirect hop, meta refresh and
        # connection; content decoded up to the size caps (crawler/decompress.py)
        "DOWNLOADER_MIDDLEWARES": {
            "govaudit.crawler.guard.FetchGuard": 45,
            "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "govaudit.crawler.decompress.BoundedDecompression": 590,
            # conditional GET of list pages, earlier copies of attachments (incremental audits)
            "govaudit.crawler.incremental.IncrementalMiddleware": 585,
        },
        "TWISTED_DNS_RESOLVER": "govaudit.crawler.guard.GuardedResolver",
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "s3": None, "ftp": None},
        "GOVAUDIT_MAX_BODY": int(crawl.max_body_mb * 1024 * 1024),
        "GOVAUDIT_MAX_ATTACHMENT": int(crawl.attachment_max_mb * 1024 * 1024),
    }
