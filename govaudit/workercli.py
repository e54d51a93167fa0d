"""`govaudit worker` and the `--executor` option (README "A province: many sites on many machines")."""

from __future__ import annotations

import argparse

from govaudit.config import Config
from govaudit.errors import ConfigError


def with_executor(config: Config, kind: str | None) -> Config:
    """The config with `executor.kind` set from the command line (None: as configured)."""
    if kind is None or kind == config.executor.kind:
        return config
    if kind == "celery" and not config.executor.broker:
        raise ConfigError(
            "使用 --executor celery 需要在配置中填写 executor.broker（例如 redis://127.0.0.1:6379/0）"
        )
    return config.model_copy(update={"executor": config.executor.model_copy(update={"kind": kind})})


def add_worker_command(sub: argparse._SubParsersAction) -> None:
    w = sub.add_parser(
        "worker", help="分布式工作进程：执行检查命令或常驻服务发来的网站检查（配置项 executor.kind）"
    )
    w.add_argument(
        "--config", required=True, metavar="配置文件", help="配置文件（YAML，含网站与 executor.broker）"
    )
    w.add_argument(
        "--concurrency",
        type=int,
        metavar="数量",
        help="同时检查的网站数（默认：配置的 executor.concurrency）",
    )


def cmd_worker(args: argparse.Namespace) -> int:
    from govaudit.config import load_config
    from govaudit.scheduler.workers import start_worker

    config = load_config(args.config)
    if not config.executor.broker:
        raise ConfigError(
            f"{args.config}：运行工作进程需要在配置中填写 executor.broker（例如 redis://127.0.0.1:6379/0）"
        )
    start_worker(config, concurrency=args.concurrency, loglevel="INFO")
    return 0
