"""The 主动公开事项目录 (catalog): read from XLSX/CSV and/or inline YAML rows, with a load report.

Header names vary between counties (事项名称, 公开时限要求, 发布渠道, 公开载体, 责任部门 …): each
column is matched tolerantly to a field and the report says which header was taken for which.
Each row's 公开时限 becomes a rule (config/timelimit.py); a phrase that is not understood is listed
by row and text, never dropped silently. Problems that make the catalog unusable (missing file, no
recognisable header) raise CatalogError.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govaudit.errors import ConfigError

from .schema import CatalogConfig, CatalogItemTuning
from .timelimit import RULE_WORDS, TimeRule, parse_time_limit

FIELDS = ("item", "content", "basis", "time_limit", "subject", "method", "channel", "unit")
FIELD_WORDS = {"item": "公开事项", "content": "公开内容", "basis": "公开依据", "time_limit": "公开时限",
               "subject": "公开主体", "method": "公开方式", "channel": "公开渠道/栏目", "unit": "责任单位"}  # fmt: skip
# Header words per field, most specific first: an exact match beats a containing one.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "item": ("公开事项", "事项名称", "二级事项", "具体事项", "公开事项名称", "信息名称", "主动公开事项",
             "事项", "名称", "一级事项"),
    "content": ("公开内容", "具体内容", "公开要素", "公开内容要素", "内容"),
    "basis": ("公开依据", "法律依据", "政策依据", "依据"),
    "time_limit": ("公开时限", "公开时限要求", "时限要求", "更新时限", "公开时间", "更新频率", "时限"),
    "subject": ("公开主体", "发布主体", "信息公开主体", "主体"),
    "method": ("公开方式", "公开形式", "方式"),
    "channel": ("公开渠道", "公开渠道/栏目", "公开栏目", "发布渠道", "发布栏目", "公开渠道和载体",
                "公开载体", "渠道", "栏目", "载体"),
    "unit": ("责任单位", "责任部门", "责任科室", "责任主体", "承办单位", "牵头单位", "责任人单位"),
}  # fmt: skip
_HEADER_SCAN_ROWS = 12


class CatalogError(ConfigError):
    """The catalog cannot be used at all (missing file, unreadable, no recognisable header)."""


@dataclass(frozen=True)
class CatalogItem:
    ref: str  # where the row came from: "目录.xlsx 第12行" / "inline 第3项"
    item: str
    content: str
    basis: str
    time_limit: str
    subject: str
    method: str
    channel: str
    unit: str | None
    rule: TimeRule | None
    keywords: tuple[str, ...] = ()  # configured keywords (empty: derived at audit time)
    column: str | None = None
    events: tuple[Any, ...] = ()
    disable: bool = False


@dataclass
class LoadReport:
    source: str
    header: dict[str, str] = field(default_factory=dict)  # field -> the header taken for it
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)  # (row ref, 公开时限 text)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # items read from this source


@dataclass
class Catalog:
    items: list[CatalogItem]
    reports: list[LoadReport]

    @property
    def rule_counts(self) -> Counter[str]:
        return Counter(i.rule.kind if i.rule else "unparsed" for i in self.items)

    def report_lines(self) -> list[str]:
        """The load report, in Chinese, one line each."""
        counts = self.rule_counts
        kinds = "，".join(f"{RULE_WORDS[k]} {counts[k]}" for k in RULE_WORDS if counts[k])
        unparsed = f"，未识别时限 {counts['unparsed']}" if counts["unparsed"] else ""
        lines = [f"主动公开事项目录：{len(self.items)} 项（{kinds or '无可识别时限'}{unparsed}）"]
        for r in self.reports:
            where = f"{r.source}（{r.rows} 项" + (f"，工作表：{'、'.join(r.sheets)}）" if r.sheets else "）")
            if r.header:
                mapping = "，".join(f"{FIELD_WORDS[f]}←“{h}”" for f, h in r.header.items())
                lines.append(f"  {where} 列对应：{mapping}")
            else:
                lines.append(f"  {where}")
            missing = [FIELD_WORDS[f] for f in FIELDS if r.header and f not in r.header]
            if missing:
                lines.append(f"  {where} 未找到的列：{'、'.join(missing)}")
            lines.extend(f"  跳过工作表“{s}”：未找到表头" for s in r.skipped_sheets)
            lines.extend(
                f"  警告：{r.source} {ref} 公开时限“{text}”无法识别，该项不判定" for ref, text in r.unparsed
            )
            lines.extend(f"  警告：{w}" for w in r.warnings)
        return lines


def _norm_header(text: str) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = re.sub(r"\s+", "", s)
    return re.sub(r"[（(][^）)]*[）)]$", "", s).strip("：:*")


def match_header(cells: list[str]) -> dict[str, int]:
    """field -> column index, each field and each column taken at most once."""
    scored: list[tuple[int, str, int]] = []
    for col, cell in enumerate(cells):
        h = _norm_header(cell)
        if not h or len(h) > 20:
            continue
        for f, words in _SYNONYMS.items():
            for rank, w in enumerate(words):
                if h == w:
                    scored.append((200 - rank, f, col))
                elif w in h and len(w) >= 2:
                    scored.append((100 - rank, f, col))
    taken: dict[str, int] = {}
    used: set[int] = set()
    for _, f, col in sorted(scored, key=lambda t: -t[0]):
        if f not in taken and col not in used:
            taken[f] = col
            used.add(col)
    return taken


def _usable(mapping: dict[str, int]) -> bool:
    return ("item" in mapping or "content" in mapping) and "time_limit" in mapping


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _xlsx_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """Every sheet's rows as text; merged cells carry their value into every cell they cover."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)  # not read_only: merged cells
    sheets = []
    for ws in wb.worksheets:
        grid = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            value = _cell(ws.cell(rng.min_row, rng.min_col).value)
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                row = grid[r]
                for c in range(rng.min_col - 1, rng.max_col):
                    if c < len(row):
                        row[c] = value
        sheets.append((ws.title, grid))
    return sheets


def _csv_rows(data: bytes) -> list[list[str]]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CatalogError("不是 UTF-8 或 GB18030 编码的文本")
    first = text.splitlines()[0] if text else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _rows_to_items(rows: list[list[str]], ref: str, report: LoadReport) -> list[CatalogItem] | None:
    header_at = None
    mapping: dict[str, int] = {}
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        m = match_header(row)
        if _usable(m) and len(m) > len(mapping):
            header_at, mapping = i, m
    if header_at is None:
        return None
    report.header = {
        f: rows[header_at][c] for f, c in sorted(mapping.items(), key=lambda t: FIELDS.index(t[0]))
    }
    header_row = [_norm_header(c) for c in rows[header_at]]
    items = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = {f: (row[c] if c < len(row) else "") for f, c in mapping.items()}
        if not any(values.values()) or [_norm_header(c) for c in row] == header_row:
            continue
        name = values.get("item") or values.get("content") or ""
        if not name:
            report.warnings.append(f"{ref}第{n}行没有公开事项，已跳过")
            continue
        items.append(_make_item(f"{ref}第{n}行", values, report))
    return items


def _make_item(ref: str, values: dict[str, str], report: LoadReport) -> CatalogItem:
    text = values.get("time_limit", "")
    rule = parse_time_limit(text)
    if rule is None:
        report.unparsed.append((ref, text or "（空）"))
    return CatalogItem(
        ref=ref, item=values.get("item") or values.get("content", ""), content=values.get("content", ""),
        basis=values.get("basis", ""), time_limit=text, subject=values.get("subject", ""),
        method=values.get("method", ""), channel=values.get("channel", ""), unit=values.get("unit") or None,
        rule=rule,
    )  # fmt: skip


def _tuned(item: CatalogItem, tuning: CatalogItemTuning | None) -> CatalogItem:
    if tuning is None:
        return item
    return replace(item, keywords=tuning.keywords, column=tuning.column, events=tuning.events,
                   disable=tuning.disable)  # fmt: skip


def _read_file(path: Path, sheet: str | None) -> tuple[list[CatalogItem], LoadReport]:
    report = LoadReport(source=path.name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{path}: 文件不存在") from None
    except OSError as exc:
        raise CatalogError(f"{path}: 无法读取：{exc.strerror}") from None
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            sheets = _xlsx_sheets(data)
        elif suffix in (".csv", ".txt", ".tsv"):
            sheets = [(path.stem, _csv_rows(data))]
        else:
            raise CatalogError(
                f"{path}: 不支持的目录文件格式 {suffix!r}（应为 .xlsx 或 .csv；.xls 请另存为 .xlsx）"
            )
    except CatalogError:
        raise
    except Exception:  # a corrupt file may fail anywhere inside the reader
        raise CatalogError(f"{path}: 不是可读取的表格文件") from None
    if sheet is not None:
        chosen = [s for s in sheets if s[0] == sheet]
        if not chosen:
            raise CatalogError(
                f"{path}: 没有名为 {sheet!r} 的工作表（现有：{'、'.join(s[0] for s in sheets)}）"
            )
        sheets = chosen
    items: list[CatalogItem] = []
    for name, rows in sheets:
        ref = f"工作表“{name}”" if suffix != ".csv" and len(sheets) > 1 else ""
        got = _rows_to_items(rows, ref, report)
        if got is None:
            report.skipped_sheets.append(name)
            continue
        if suffix in (".xlsx", ".xlsm"):
            report.sheets.append(name)
        items.extend(got)
    if len(report.skipped_sheets) == len(sheets):
        raise CatalogError(f"{path}: 未找到表头（前 {_HEADER_SCAN_ROWS} 行中应有“公开事项”“公开时限”等列）")
    report.rows = len(items)
    return items, report


def load_catalog(spec: CatalogConfig, base_dir: Path | None = None) -> Catalog:
    """Read the catalog a site's config describes. Raises CatalogError when it is unusable."""
    items: list[CatalogItem] = []
    reports: list[LoadReport] = []
    if spec.file:
        path = Path(spec.file)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        file_items, report = _read_file(path, spec.sheet)
        items.extend(_tuned(i, spec.overrides.get(i.item)) for i in file_items)
        known = {i.item for i in file_items}
        report.warnings.extend(
            f"overrides 中的“{k}”不是目录中的公开事项" for k in spec.overrides if k not in known
        )
        reports.append(report)
    if spec.items:
        report = LoadReport(source="配置文件内联目录")
        for n, row in enumerate(spec.items, start=1):
            values = {f: getattr(row, f) or "" for f in FIELDS}
            items.append(_tuned(_make_item(f"第{n}项", values, report), row))
        report.rows = len(spec.items)
        reports.append(report)
    return Catalog(items=items, reports=reports)


_CACHE: dict[tuple[str, float], Catalog] = {}


def catalog_for_audit(spec: CatalogConfig) -> Catalog:
    """The catalog at audit time, read once per file version. The config loader has already made
    `spec.file` absolute and proved it readable; raises CatalogError if it has gone since."""
    try:
        mtime = Path(spec.file).stat().st_mtime if spec.file else 0.0
    except OSError:
        raise CatalogError(f"{spec.file}: 文件不存在") from None
    key = (spec.model_dump_json(), mtime)
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = load_catalog(spec)
    return _CACHE[key]


# Words that say nothing about which publication is meant: cut from the ends of a keyword.
_GENERIC_END = ("相关信息", "有关信息", "信息", "情况", "事项", "内容", "公开", "工作", "等", "的", "文件")
_GENERIC_START = ("主动公开", "公开", "有关", "相关", "关于", "本单位", "本部门", "本机关", "各类", "年度")
# Two-character heads too common to stand for an item on their own (财政预算 -> 预算 is kept as a
# keyword; 统计数据 -> 数据 is not).
_GENERIC_HEADS = frozenset(["数据", "信息", "情况", "工作", "公告", "通知", "报告", "名单", "文件", "项目", "管理", "建设", "服务", "公开", "计划", "方案", "结果", "公示", "政策", "制度", "标准", "清单", "目录", "动态", "活动", "会议", "要闻", "专栏", "栏目", "资金", "事项"])  # fmt: skip
_KEYWORD_SPLIT = re.compile(r"[、，,；;/／\s（）()“”\"《》【】\[\]:：。及和与或暨]+")


def _trim(word: str) -> str:
    changed = True
    while changed and word:
        changed = False
        for g in _GENERIC_START:
            if word.startswith(g) and len(word) > len(g):
                word, changed = word[len(g) :], True
        for g in _GENERIC_END:
            if word.endswith(g) and len(word) > len(g):
                word, changed = word[: -len(g)], True
    return word


def default_keywords(item: CatalogItem) -> tuple[str, ...]:
    """Title keywords from the 公开事项 (else the 公开内容): its parts, generic words cut off, and the
    two-character head of a longer part (人事任免 -> 任免: titles say 职务任免) unless it is generic.
    Any one keyword matching a title counts (lenient on purpose: a missed item is better than a
    false alarm); 预决算 stands for 预算 and 决算."""
    for source in (item.item, item.content):
        words: list[str] = []
        for part in _KEYWORD_SPLIT.split(unicodedata.normalize("NFKC", source or "")):
            w = _trim(part)
            if len(w) < 2 or w in _GENERIC_END or w in _GENERIC_START:
                continue
            variants = [w.replace("预决算", "预算"), w.replace("预决算", "决算")] if "预决算" in w else [w]
            for v in variants:
                heads = [v[-2:]] if len(v) >= 4 and v[-2:] not in _GENERIC_HEADS else []
                words.extend(k for k in (v, *heads) if k not in words)
        if words:
            return tuple(words)
    return ()


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def title_matches(title: str, keywords: tuple[str, ...]) -> bool:
    """A keyword is in the title, or (keywords of 4+ characters) 3/4 of its character pairs are."""
    t = unicodedata.normalize("NFKC", title or "")
    for k in keywords:
        if k in t:
            return True
        grams = _bigrams(k)
        if len(k) >= 4 and grams and len(grams & _bigrams(t)) >= 0.75 * len(grams):
            return True
    return False
