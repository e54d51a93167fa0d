"""The config's common ground: the strict frozen model base and the validated URL and network types."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"不是有效的网址（应以 http:// 或 https:// 开头）：{value!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


def _network(value: str) -> str:
    import ipaddress

    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(f"not a network in CIDR form (10.0.0.0/8): {value!r}") from None
    return value


Network = Annotated[str, AfterValidator(_network)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
