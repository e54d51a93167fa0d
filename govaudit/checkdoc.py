"""`govaudit check-doc FILE…`: the pre-publication check (保密审查) of drafts.

Each file (DOCX, PDF, XLSX, XLS, CSV, TXT, HTML) is read in memory and screened by
privacy_leak, typo and serious_error's rules (checks/draft.py); every hit is printed with its
place, masked. Nothing of the drafts is stored. Exit 0: nothing found; 1: something found;
2: a file could not be used (one Chinese line on stderr for it; the other files are still checked).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govaudit import clock
from govaudit.checks.draft import DraftHit, screen
from govaudit.config.schema import ContentSettings
from govaudit.crawler.extract.draftdoc import DraftError, read_draft

MAX_BYTES = 50 * 1024 * 1024


def add_command(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser(
        "check-doc", help="发布前检查（保密审查）：检查文稿中的个人信息、错别字和严重表述错误，不保存文稿"
    )
    c.add_argument(
        "files", nargs="+", metavar="文件", help="DOCX、PDF、XLSX、XLS、CSV、HTML 文档或纯文本文件"
    )
    c.add_argument("--config", metavar="配置文件", help="配置文件（YAML），使用其中本单位的错别字和表述词表")


def check_bytes(name: str, data: bytes, content: ContentSettings) -> list[DraftHit]:
    """Hits of one draft (raises DraftError when it cannot be read)."""
    return screen(read_draft(name, data), content, clock.today())


def format_hits(hits: list[DraftHit]) -> list[str]:
    return [
        f"  [{h.kind_name}] {h.place}：{h.what}" + (f" —— “{h.context}”" if h.context else "") for h in hits
    ]


def cmd_check_doc(args: argparse.Namespace) -> int:
    content = ContentSettings()
    if args.config:
        from govaudit.config import load_config

        content = load_config(args.config).content
    unusable = found = 0
    for name in args.files:
        path = Path(name)
        try:
            if not path.is_file():
                raise DraftError("文件不存在")
            if path.stat().st_size > MAX_BYTES:
                raise DraftError("文件超过 50 MB")
            hits = check_bytes(path.name, path.read_bytes(), content)
        except DraftError as exc:
            print(f"govaudit: 无法检查 {name}：{exc}", file=sys.stderr)
            unusable += 1
            continue
        except OSError as exc:
            print(f"govaudit: 无法检查 {name}：无法读取文件（{exc.strerror or '读取错误'}）", file=sys.stderr)
            unusable += 1
            continue
        print(f"{name}：" + (f"发现 {len(hits)} 处问题" if hits else "未发现问题"))
        for line in format_hits(hits):
            print(line)
        found += len(hits)
    if unusable:
        return 2
    return 1 if found else 0
