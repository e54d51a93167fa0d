"""Read a YAML config into typed objects, or fail with one line naming file, key path and problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from govaudit.clock import use_timezone
from govaudit.errors import ConfigError

from .catalog import CatalogError, load_catalog
from .schema import COLUMN_KINDS, Config, reference_errors


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键 {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings here: pydantic parses them and reports a bad one by its key path (PyYAML
# would raise a bare ValueError for 2024-13-01).
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _path(loc: tuple[int | str, ...], data: Any) -> str:
    """('sites', 0, 'columns', 2, 'kind') -> 'sites[0].columns[2].kind'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith("function-"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "（顶层）"


#: pydantic error types in Chinese (ctx values filled in); others keep pydantic's wording
_TYPE_WORDS = {
    "greater_than_equal": "应不小于 {ge}", "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}", "less_than": "应小于 {lt}",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
    "string_type": "应为文字", "list_type": "应为列表", "tuple_type": "应为列表",
    "dict_type": "应为“键: 值”的映射", "model_type": "应为“键: 值”的映射",
    "model_attributes_type": "应为“键: 值”的映射",
    "literal_error": "取值无效（可选：{expected}）", "enum": "取值无效（可选：{expected}）",
    "string_too_short": "不能为空", "too_short": "至少要有 {min_length} 项",
}  # fmt: skip


def _describe(err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return "不认识的配置项"
    if kind == "missing":
        return "缺少（必填）"
    if kind == "literal_error" and err["loc"] and err["loc"][-1] == "kind":
        return f"栏目类型 {value!r} 无效（可选：{', '.join(COLUMN_KINDS)}）"
    if kind.startswith("date"):
        return f"日期 {value!r} 无效（应为 YYYY-MM-DD）"
    if kind in _TYPE_WORDS:
        try:
            msg = _TYPE_WORDS[kind].format(**(err.get("ctx") or {}))
        except (KeyError, IndexError):
            msg = str(err.get("msg", kind))
        if not isinstance(value, dict | list):
            msg += f"（现为 {value!r}）"
        return msg
    msg = str(err.get("msg", kind))
    return msg.removeprefix("Value error, ")


def format_validation_error(source: str, exc: ValidationError, data: Any) -> list[str]:
    """One line per error: 'FILE: key.path: what is wrong'."""
    lines = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
        lines.append(f"{source}: {_path(loc, data)}: {_describe(err)}")
    return lines


def parse_config(text: str, source: str = "<config>", base_dir: Path | None = None) -> Config:
    """Parse YAML text. Raises ConfigError whose message lists every problem, one per line.

    Files the config names (a site's catalog) are read relative to `base_dir` (the config file's
    folder; default: the working directory)."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行" if mark else "?"
        raise ConfigError(f"{source}: {where}: YAML 格式错误：{exc.problem or exc.context}") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise ConfigError(
            f"{source}: YAML 错误：{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    if data is None:
        raise ConfigError(f"{source}: 文件是空的（应包含 units、sites 等配置项）")
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: （顶层）: 应为“键: 值”的映射（units、sites 等配置项）")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError("\n".join(format_validation_error(source, exc, data))) from None
    problems = reference_errors(config)
    config = _with_catalog_paths(config, base_dir or Path.cwd())
    problems += catalog_errors(config)
    if problems:
        raise ConfigError("\n".join(f"{source}: {path}: {msg}" for path, msg in problems))
    return config


def _with_catalog_paths(config: Config, base_dir: Path) -> Config:
    """Catalog file paths made absolute (relative ones are relative to the config file)."""
    sites = []
    for s in config.sites:
        if s.catalog is not None and s.catalog.file and not Path(s.catalog.file).is_absolute():
            catalog = s.catalog.model_copy(update={"file": str((base_dir / s.catalog.file).resolve())})
            s = s.model_copy(update={"catalog": catalog})
        sites.append(s)
    return config.model_copy(update={"sites": tuple(sites)})


def catalog_errors(config: Config) -> list[tuple[str, str]]:
    """Catalogs that cannot be used at all (missing file, no header): (key path, problem)."""
    errors = []
    for i, s in enumerate(config.sites):
        if s.catalog is None:
            continue
        try:
            load_catalog(s.catalog)
        except CatalogError as exc:
            errors.append((f"sites[{i}].catalog.file", str(exc)))
    return errors


def load_config(path: str | Path) -> Config:
    """Read and validate a config file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{p}: 无法读取：文件不存在") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: 无法读取：不是 UTF-8 编码的文本") from None
    except OSError as exc:
        raise ConfigError(f"{p}: 无法读取：{exc.strerror}") from None
    config = parse_config(text, str(p), p.parent)
    use_timezone(config.schedule.timezone)  # the process's clock (govaudit/clock.py)
    return config
