"""One table from fetch failures to error kinds, their Chinese wording and how checks treat them.

The spider records a failed fetch as data (page/link row with `error` = a kind below); checks
and reports word it through `describe()`. No other module interprets Twisted/Scrapy exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorKind:
    label: str  # Chinese, shown to officials
    transient: bool  # a server that may answer later (rate limit, busy): never "broken" at once
    blocked: bool = False  # not fetched by our fetch policy (crawler/policy.py): a note, never a finding


ERROR_KINDS: dict[str, ErrorKind] = {
    "dns": ErrorKind("域名无法解析", False),
    "refused": ErrorKind("连接被拒绝", False),
    "timeout": ErrorKind("访问超时", False),
    "connection_lost": ErrorKind("连接中断", False),
    "redirect_loop": ErrorKind("重定向循环或次数过多", False),
    "tls": ErrorKind("HTTPS 证书或加密连接错误", False),
    "too_large": ErrorKind("文件过大", False),
    "bad_response": ErrorKind("服务器应答不合规范", False),
    "other": ErrorKind("无法访问", False),
    # refused by the fetch policy (crawler/policy.py): what was not fetched is never judged
    "unsafe_scheme": ErrorKind("不是网页地址（如本机文件），出于安全原因未访问", False, True),
    "private_address": ErrorKind("指向本机、内网或保留地址，出于安全原因未访问", False, True),
    "bad_url": ErrorKind("链接地址无法解析，未访问", False, True),
    "bad_encoding": ErrorKind("服务器返回多重压缩的内容，出于安全原因未读取", False, True),
}

# HTTP statuses that mean "try later", not "broken" (CHECKS.md: 429/503 are retried later).
TRANSIENT_STATUSES = frozenset({429, 503})


def classify(exc: BaseException) -> tuple[str, str]:
    """Map an exception from the download stack to (kind, short detail)."""
    refusal = getattr(exc, "refusal", None)  # crawler/guard.py FetchRefused
    if refusal is not None:
        return refusal.kind, refusal.reason
    name = type(exc).__name__
    text = str(exc) or name
    low = (name + " " + text).lower()
    if "dnslookup" in low or "no address associated" in low or "name or service not known" in low:
        kind = "dns"
    elif "connectionrefused" in low or "connection refused" in low:
        kind = "refused"
    elif "timeout" in low or "timed out" in low or "took longer than" in low:
        kind = "timeout"
    elif "max redirections" in low or "redirect" in low:
        kind = "redirect_loop"
    elif "ssl" in low or "tls" in low or "certificate" in low:
        kind = "tls"
    elif "maxsize" in low or "larger than download max size" in low or "cancelled" in low and "size" in low:
        kind = "too_large"
    elif (
        "connectionlost" in low
        or "connectiondone" in low
        or "connection was closed" in low
        or "responsenevereceived" in low
        or "connection lost" in low
    ):
        kind = "connection_lost"
    elif "responsefailed" in low or "badstatusline" in low or "parse" in low:
        kind = "bad_response"
    else:
        kind = "other"
    return kind, f"{name}: {text}"[:300]


def describe(status: int | None, error: str | None) -> str:
    """Chinese wording of a fetch outcome: 'HTTP 404', '连接被拒绝', ..."""
    if error:
        return ERROR_KINDS.get(error, ERROR_KINDS["other"]).label
    if status is None:
        return "未获取"
    return f"HTTP {status}"


def because(status: int | None, error: str | None) -> str:
    """The reason to put after "无法访问": '（HTTP 404）', '（连接被拒绝）', or nothing when the
    failure has no more specific wording than 无法访问 itself (never "无法访问（无法访问）")."""
    reason = describe(status, error)
    return "" if reason in (ERROR_KINDS["other"].label, "未获取") else f"（{reason}）"


def is_failure(status: int | None, error: str | None) -> bool:
    """True when a fetch failed (no answer, or HTTP >= 400)."""
    return bool(error) or (status is not None and status >= 400)


def is_blocked(error: str | None) -> bool:
    """True when the fetch policy refused the fetch: nothing was fetched, nothing is judged."""
    return bool(error) and ERROR_KINDS.get(error or "", ERROR_KINDS["other"]).blocked


def is_transient(status: int | None, error: str | None) -> bool:
    if error:
        return ERROR_KINDS.get(error, ERROR_KINDS["other"]).transient
    return status in TRANSIENT_STATUSES
