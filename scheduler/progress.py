"""Progress of long runs on a terminal (rich); silent when output is not a terminal (logs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .audit import ProgressFn


def end_word(data: dict[str, Any]) -> str:
    """How a site's crawl ended: a crawl that ended because nothing answered is not 完成."""
    if data.get("outage"):
        return "未完成（监测端网络故障，本次不作判定）"
    if data.get("answered") is False:
        return "未完成（网站无应答，重试后仍无法访问）"
    return "完成"


@contextmanager
def progress_display(enabled: bool, sites: list[str]) -> Iterator[ProgressFn | None]:
    if not enabled:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(finished_text="✓"), TextColumn("[bold]{task.description}"), TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(), transient=False,
    ) as bar:  # fmt: skip
        tasks = {name: bar.add_task(name, total=None, status="等待") for name in sites}

        def update(site: str, data: dict[str, Any]) -> None:
            task = tasks.get(site)
            if task is None:
                return
            status = (f"已抓取页面 {data.get('pages', 0)} · 请求 {data.get('responses', 0)} · "
                      f"队列 {data.get('queued', 0)} · 链接 {data.get('links', 0)} · 访问失败 {data.get('link_errors', 0)}")  # fmt: skip
            if "findings" in data:
                status += f" · 发现问题 {data['findings']} 项 · " + end_word(data)
            if "findings" in data:
                bar.update(task, status=status, total=1, completed=1)
            else:
                bar.update(task, status=status)

        yield update
