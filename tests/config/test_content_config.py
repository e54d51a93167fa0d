"""The `content:` block of the content checks: defaults, per-site overrides, one-line errors."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.config import parse_config

from govaudit.errors import ConfigError

BASE = """
sites:
  - name: 甲县
    url: http://127.0.0.1:8000/
    content: {reform_date: 2020-01-01, typo_allow: [按装村]}
  - name: 乙县
    url: http://127.0.0.1:8001/
content:
  typos: {小张: 小章}
  typo_allow: [某词]
"""


def test_defaults_and_site_overrides() -> None:
    config = parse_config(BASE, "c.yaml")
    a, b = (config.content_for(s) for s in config.sites)
    assert (
        a.reform_date == dt.date(2020, 1, 1) and a.typo_allow == ("按装村",) and a.typos == {"小张": "小章"}
    )
    assert b.reform_date == dt.date(2019, 1, 1) and b.typo_allow == ("某词",)
    assert b.default_outdated_names is True and b.privacy_allow == ()


@pytest.mark.parametrize(("text", "where"), [
    ("content: {typoz: {}}", "content.typoz"),
    ("content: {reform_date: 2019-13-01}", "content.reform_date"),
    ("content: {typos: [a, b]}", "content.typos"),
])  # fmt: skip
def test_errors_are_one_line_with_the_key_path(text: str, where: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config("sites:\n  - {name: 甲县, url: 'http://127.0.0.1/'}\n" + text, "c.yaml")
    assert "\n" not in str(err.value) and where in str(err.value)
