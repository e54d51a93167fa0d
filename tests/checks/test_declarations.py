"""Each check declares its id, Chinese name, scope and evidence labels next to its code; the
config's check ids, the report labels and the recheck scopes are derived from that (issue 13)."""

from __future__ import annotations

import importlib
import re

import pytest
from govaudit.checks import REGISTRY
from govaudit.checks.base import SCOPES, SPECS, check
from govaudit.config import check_ids, parse_config
from govaudit.issues.judged import COLUMN_LEVEL, LINK_LEVEL, SITE_LEVEL
from govaudit.reports.labels import CHECK_NAMES, evidence_rows

from govaudit.errors import ConfigError
from tests.conftest import REPO

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_every_check_is_fully_declared(check_id: str) -> None:
    spec = SPECS[check_id]
    assert CJK.search(spec.name) and not re.search(r"[A-Za-z_]", spec.name), spec.name
    assert spec.scope in SCOPES
    assert spec.evidence, "a check declares the evidence it writes"
    for key, label in spec.evidence.items():
        assert CJK.search(label) and "_" not in label, (key, label)
    module = importlib.import_module(spec.fn.__module__)
    assert module.__doc__ and check_id in module.__doc__, "the module docstring names the check and its rule"
    assert module.__name__.rsplit(".", 1)[1] == check_id, "one module per check, named after its id"


def test_everything_derived_comes_from_the_declarations() -> None:
    assert check_ids() == frozenset(REGISTRY) == frozenset(SPECS)
    assert {cid: spec.name for cid, spec in SPECS.items()} == CHECK_NAMES
    assert {"site_unreachable", "homepage_stale"} <= SITE_LEVEL
    assert {"column_unreachable", "column_stale", "column_empty"} <= COLUMN_LEVEL
    assert {"broken_link"} == LINK_LEVEL
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"`{cid}`" in readme for cid in REGISTRY), "README's check table lists every check"


def test_config_knows_exactly_the_registered_ids() -> None:
    site = "sites: [{name: 县, url: 'http://127.0.0.1:1/', disable: [%s]}]\n"
    parse_config(site % "typo")
    with pytest.raises(ConfigError, match="没有编号为 'no_such_check' 的检查项"):
        parse_config(site % "no_such_check")


def test_evidence_is_labelled_as_its_check_declares() -> None:
    rows = dict(evidence_rows({"due": "2026-11-02", "workdays": 25}, "publication_late"))
    assert rows == {"应发布日期": "2026-11-02", "相隔工作日": 25}
    rows = dict(evidence_rows({"due": "2026-11-02"}, "interaction_overdue"))
    assert rows == {"应答复日期": "2026-11-02"}


def test_a_declaration_is_checked_when_registered() -> None:
    with pytest.raises(ValueError, match="unknown scope"):
        check("x_check", name="测试", scope="everything", evidence={})(lambda ctx: [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="duplicate check id"):
        check("typo", name="错别字", scope="page", evidence={})(lambda ctx: [])
