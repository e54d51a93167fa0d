"""Snapshots written through the real store (SQLite) for the content checks' unit tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from govaudit.checks import Context, run_checks
from govaudit.config import parse_config
from govaudit.store import SnapshotWriter, load_snapshot, open_db
from govaudit.store.runs import create_run

from govaudit.models import Finding, Note
from tests.conftest import AS_OF

SITE = "http://127.0.0.1:8000"


def config_text(
    content: Mapping[str, Any] | None = None, site_content: Mapping[str, Any] | None = None
) -> str:
    site: dict[str, Any] = {"name": "测试县人民政府", "url": SITE + "/", "unit": "县政府办公室",
                            "columns": [{"name": "通知公告", "url": SITE + "/tzgg/", "kind": "notice"}]}  # fmt: skip
    if site_content:
        site["content"] = dict(site_content)
    data: dict[str, Any] = {"units": [{"name": "县政府办公室"}], "sites": [site]}
    if content:
        data["content"] = dict(content)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def check_snapshot(tmp_path: Path, check_id: str, pages: Iterable[Mapping[str, Any]],
                   attachments: Iterable[Mapping[str, Any]] = (), *, content: Mapping[str, Any] | None = None,
                   site_content: Mapping[str, Any] | None = None,
                   as_of: dt.date = AS_OF) -> tuple[list[Finding], list[Note]]:  # fmt: skip
    """Write `pages` and `attachments` as a run's snapshot, load it back, run one check."""
    config = parse_config(config_text(content, site_content), "test.yaml")
    sessions = open_db(f"sqlite:///{tmp_path / 'snap.db'}")
    run_id = create_run(sessions, config.sites[0].name, SITE + "/", as_of)
    w = SnapshotWriter(sessions, run_id)
    for p in pages:
        w.page(**{"role": "article", "column": "通知公告", "status": 200, **p})
    for a in attachments:
        w.attachment(**{"column": "通知公告", "status": 200, "readable": True, **a})
    w.flush()
    ctx = Context(config=config, site=config.sites[0], snapshot=load_snapshot(sessions, run_id), as_of=as_of)
    return run_checks(ctx, only=[check_id])


def dumped(findings: Iterable[Finding], notes: Iterable[Note] = ()) -> str:
    """Everything a report could print of these findings and notes."""
    return json.dumps([f.to_json() for f in findings] + [n.message for n in notes], ensure_ascii=False)


def id18(first17: str) -> str:
    """An ID number with its GB 11643 check character (computed here, independently of the check)."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


def luhn(prefix: str) -> str:
    """`prefix` + the Luhn check digit."""
    for d in "0123456789":
        digits = [int(c) for c in prefix + d][::-1]
        total = sum(n if i % 2 == 0 else (n * 2 - 9 if n > 4 else n * 2) for i, n in enumerate(digits))
        if total % 10 == 0:
            return prefix + d
    raise AssertionError


def not_luhn(prefix: str) -> str:
    good = luhn(prefix)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


# Planted personal data (fictional; valid check characters)
ID_A = id18("37032219900307123")  # 山东 1990-03-07
ID_B = id18("33072519851120004")  # 浙江 1985-11-20
ID_C = id18("44030420010615213")  # 广东 2001-06-15
ID_15 = "320102780512123"  # 江苏 1978-05-12, legacy 15 digits
MOBILE_A = "13912345678"
MOBILE_B = "18657901234"
CARD_A = luhn("622202120300123456")  # 19 digits
CARD_B = luhn("621700000012345")  # 16 digits
