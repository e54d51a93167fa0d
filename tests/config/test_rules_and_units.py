"""The `rules:` block (top level, per site, per column) and matching 发布机构 names to units."""

from __future__ import annotations

import pytest
from govaudit.config import parse_config
from govaudit.config.schema import Unit
from govaudit.config.units import match_unit

from govaudit.errors import ConfigError

CONFIG = """
units:
  - {name: 县政府办公室, aliases: [县政府办]}
  - {name: 县教育局}
  - {name: 青山镇人民政府}
  - {name: 县人民政府}
rules:
  interaction: {reply_workdays: 7}
  consultation: {min_days: 20}
sites:
  - name: 示范县人民政府
    url: http://127.0.0.1:1/
    unit: 县政府办公室
    rules:
      interaction: {veto_days: 60}
    columns:
      - {name: 县长信箱, url: "http://127.0.0.1:1/xzxx/", kind: interaction,
         rules: {interaction: {reply_workdays: 5}}}
      - {name: 留言板, url: "http://127.0.0.1:1/lyb/", kind: interaction}
"""


def test_rules_merge_top_site_column() -> None:
    config = parse_config(CONFIG)
    site = config.sites[0]
    mail, board = site.columns
    assert config.rules_for(site, mail).interaction.reply_workdays == 5
    assert config.rules_for(site, board).interaction.reply_workdays == 7
    assert config.rules_for(site, board).interaction.veto_days == 60
    assert config.rules_for(site).consultation.min_days == 20
    assert config.rules_for(site).consultation.feedback_days == 30  # default kept
    assert config.rules_for(site).interpretation.late_workdays == 3


@pytest.mark.parametrize(("patch", "where"), [
    ("rules:\n  interaction: {reply_days: 7}", "rules.interaction.reply_days: 不认识的配置项"),
    ("rules:\n  interaction: {reply_workdays: 0}", "rules.interaction.reply_workdays"),
    ("rules:\n  nonsense: {}", "rules.nonsense: 不认识的配置项"),
])  # fmt: skip
def test_rules_errors_are_one_line_with_key_path(patch: str, where: str) -> None:
    text = CONFIG.replace("rules:\n  interaction: {reply_workdays: 7}\n  consultation: {min_days: 20}", patch)
    with pytest.raises(ConfigError) as exc:
        parse_config(text, "c.yaml")
    assert where in str(exc.value) and "Traceback" not in str(exc.value)


def test_unit_matching() -> None:
    units = [Unit(name="县政府办公室", aliases=("县政府办",)), Unit(name="县教育局"), Unit(name="青山镇人民政府"),
             Unit(name="县人民政府")]  # fmt: skip
    assert match_unit(units, "县政府办") == "县政府办公室"
    assert match_unit(units, "示范县人民政府办公室") == "县政府办公室"
    assert match_unit(units, "示范县教育局") == "县教育局"
    assert match_unit(units, "示范县 教育局") == "县教育局"
    assert match_unit(units, "示范县教育局、示范县财政局") == "县教育局"
    assert match_unit(units, "示范县青山镇人民政府") == "青山镇人民政府"
    assert match_unit(units, "示范县人民政府") == "县人民政府"
    assert match_unit(units, "示范县财政局") is None
    assert match_unit(units, "") is None and match_unit(units, None) is None
