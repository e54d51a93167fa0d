"""Config: the CHECKS.md keys work as written; broken configs give one line per problem, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from govaudit.config import load_config, parse_config

from govaudit.errors import ConfigError

CONTRACT_EXAMPLE = """
units:                                   # responsible units (责任单位)
  - name: 县政府办公室
    email: office@example.test
sites:
  - name: 示范县人民政府
    url: http://127.0.0.1:8000/          # homepage
    unit: 县政府办公室                   # default responsible unit for the site
    columns:
      - name: 政务要闻
        url: http://127.0.0.1:8000/zwyw/
        kind: news                       # see kinds below
        max_age_days: 14                 # optional; default by kind
        unit: 县政府办公室               # optional; else the site's unit
"""


def test_contract_example_loads() -> None:
    config = parse_config(CONTRACT_EXAMPLE)
    site = config.sites[0]
    assert site.name == "示范县人民政府"
    assert site.columns[0].kind == "news"
    assert site.columns[0].effective_max_age == 14
    assert config.units[0].email == "office@example.test"


def test_defaults_by_kind_and_overrides() -> None:
    config = parse_config("""
crawl: {concurrency_per_host: 3, timeout: 20}
sites:
  - name: A
    url: https://a.example.gov.cn/
    crawl: {timeout: 5}
    thresholds: {homepage_stale_days: 7}
    columns:
      - {name: 通知公告, url: "https://a.example.gov.cn/tzgg/", kind: notice}
      - {name: 其他, url: "https://a.example.gov.cn/qt/"}
      - {name: 年报, url: "https://a.example.gov.cn/nb/", kind: annual_report}
""")
    site = config.sites[0]
    assert [c.effective_max_age for c in site.columns] == [180, 365, None]
    crawl = config.crawl_for(site)
    assert (crawl.timeout, crawl.concurrency_per_host) == (5, 3)
    assert config.thresholds_for(site).homepage_stale_days == 7
    assert config.thresholds_for(site).homepage_warn_days == 10


BROKEN = [
    ("sites: [{name: A, url: 'http://a/', colour: red}]", "c.yaml: sites[0].colour: 不认识的配置项"),
    ("sites: [{name: A}]", "c.yaml: sites[0].url: 缺少（必填）"),
    (
        "sites: [{name: A, url: 'http://a/', columns: [{name: x, url: 'http://a/x', kind: blog}]}]",
        "c.yaml: sites[0].columns[0].kind: 栏目类型 'blog' 无效",
    ),
    (
        "sites: [{name: A, url: 'http://a/', columns: [{name: x, url: 'http://a/1'}, {name: x, url: 'http://a/2'}]}]",
        "c.yaml: sites[0].columns[1].name: 栏目名称 'x' 重复",
    ),
    (
        "sites: [{name: A, url: 'http://a/', columns: [{name: x, url: 'http://a/1', opened: 2024-02-30}]}]",
        "c.yaml: sites[0].columns[0].opened: 日期 '2024-02-30' 无效",
    ),
    ("sites: [{name: A, url: 'www.a.gov.cn'}]", "c.yaml: sites[0].url: 不是有效的网址"),
    (
        "units: [{name: U}]\nsites: [{name: A, url: 'http://a/', unit: V}]",
        "c.yaml: sites[0].unit: 单位 'V' 不在 units 单位名单中",
    ),
    ("sites: []", "c.yaml: sites: 至少要配置一个网站"),
    ("units: []", "c.yaml: sites: 缺少（必填）"),
    (
        "sites: [{name: A, url: 'http://a/'}, {name: A, url: 'http://b/'}]",
        "c.yaml: sites[1].name: 网站名称 'A' 重复",
    ),
    ("sites:\n  - name: A\n    name: B\n", "c.yaml: 第 3 行: YAML 格式错误：重复的键 'name'"),
    ("sites: [", "c.yaml: 第 1 行: YAML 格式错误"),
    ("", "c.yaml: 文件是空的"),
    ("- a\n- b\n", "c.yaml: （顶层）: 应为“键: 值”的映射"),
    ("crawl: {timeout: -1}\nsites: [{name: A, url: 'http://a/'}]", "c.yaml: crawl.timeout:"),
    (
        "sites: [{name: A, url: 'http://a/', disable: [no_such_check]}]",
        "c.yaml: sites[0].disable: 没有编号为 'no_such_check' 的检查项",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_config_names_file_key_and_problem(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, "c.yaml")
    first = str(err.value).splitlines()[0]
    assert first.startswith(expected), first


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="文件不存在"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage\x81")
    with pytest.raises(ConfigError, match="不是 UTF-8"):
        load_config(bad)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govaudit.cli", *args], capture_output=True, text=True, timeout=60
    )


def test_check_config_cli(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    res = _cli("check-config", str(good))
    assert res.returncode == 0, res.stderr
    assert "OK" in res.stdout

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sites: [{name: A, url: 'http://a/', columns: [{name: x, url: 'http://a/x', kind: blog}, {name: y}]}]"
    )
    res = _cli("check-config", str(bad))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert f"{bad}: sites[0].columns[0].kind: 栏目类型 'blog' 无效" in lines[0]
    assert f"{bad}: sites[0].columns[1].url: 缺少（必填）" in lines[1]


def test_audit_with_broken_config_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sites: [{name: A, url: 'http://a/', columns: [{name: x, url: 'http://a/x', kind: blog}, {name: y}]}]"
    )
    res = _cli("audit", "--config", str(bad), "--json", str(tmp_path / "o.json"))
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert "栏目类型 'blog' 无效" in res.stderr and "另有 1 处问题" in res.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--as-of", "2024-13-01"], "日期 '2024-13-01' 无效"),
        (["--site", "无此网站"], "没有名为“无此网站”的网站"),
        (["--db", "nosuchdialect://x"], "无法使用数据库"),
    ],
)
def test_audit_bad_arguments(tmp_path: Path, args: list[str], needle: str) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    res = _cli("audit", "--config", str(good), "--json", str(tmp_path / "o.json"), *args)
    assert res.returncode == 2, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert needle in res.stderr


def test_config_pickles_for_crawl_processes() -> None:
    import pickle

    config = parse_config(
        CONTRACT_EXAMPLE.replace(
            "    unit: 县政府办公室                   #", "    crawl: {timeout: 5}\n    unit: 县政府办公室  #"
        )
    )
    site = pickle.loads(pickle.dumps(config.sites[0]))
    assert site == config.sites[0] and site.crawl.timeout == 5
