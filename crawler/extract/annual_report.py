"""政府信息公开工作年度报告: recognise the title, read tables 2–4 (pure functions).

Formats: 年报格式2021 (国办公开办函〔2021〕30号) and the 2019 trial format. Both have table 3
(收到和处理政府信息公开申请情况: rows × 7 applicant columns 自然人, 商业企业, 科研机构, 社会公益
组织, 法律服务机构, 其他, 总计) and table 4 (行政复议 / 未经复议直接起诉 / 复议后起诉, each 结果维持,
结果纠正, 其他结果, 尚未审结, 总计: 15 numbers). The 2019 format has no sub-rows under
（六）其他处理.

Reports come as HTML tables, as PDF/DOCX attachments whose table extraction is imperfect, or only
as text. Every source is read the same way: as a stream of tokens (cell texts, or text split on
blanks and `|`), in which a table row is label tokens followed by a run of integers. A row is
named by the last row label phrase its label contains (merged cells and wrapped PDF lines put
group headings such as “三、本年度办理结果” or “（三）不予公开” in front of the sub-row label).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

# Row keys of table 3 with their labels (as in the format) and the phrase that names them.
T3_ROWS: tuple[tuple[str, str, str], ...] = (
    ("new", "一、本年新收政府信息公开申请数量", r"本年新收"),
    ("carried_in", "二、上年结转政府信息公开申请数量", r"上年结转"),
    ("open", "（一）予以公开", r"予以公开"),
    ("partial", "（二）部分公开", r"部分公开"),
    ("deny_1", "（三）不予公开 1.属于国家秘密", r"国家秘密"),
    ("deny_2", "（三）不予公开 2.其他法律行政法规禁止公开", r"禁止公开"),
    ("deny_3", "（三）不予公开 3.危及“三安全一稳定”", r"三安全一稳定|三安全"),
    ("deny_4", "（三）不予公开 4.保护第三方合法权益", r"第三方合法权益"),
    ("deny_5", "（三）不予公开 5.属于三类内部事务信息", r"内部事务"),
    ("deny_6", "（三）不予公开 6.属于四类过程性信息", r"过程性信息"),
    ("deny_7", "（三）不予公开 7.属于行政执法案卷", r"执法案卷"),
    ("deny_8", "（三）不予公开 8.属于行政查询事项", r"行政查询"),
    ("none_1", "（四）无法提供 1.本机关不掌握相关政府信息", r"不掌握"),
    ("none_2", "（四）无法提供 2.没有现成信息需要另行制作", r"另行制作"),
    ("none_3", "（四）无法提供 3.补正后申请内容仍不明确", r"仍不明确"),
    ("reject_1", "（五）不予处理 1.信访举报投诉类申请", r"信访举报投诉"),
    ("reject_2", "（五）不予处理 2.重复申请", r"重复申请"),
    ("reject_3", "（五）不予处理 3.要求提供公开出版物", r"公开出版物"),
    ("reject_4", "（五）不予处理 4.无正当理由大量反复申请", r"大量反复"),
    ("reject_5", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息", r"重新出具|确认或"),
    ("other", "（六）其他处理", r"其他处理"),
    ("other_1", "（六）其他处理 1.申请人逾期不补正", r"不补正"),
    ("other_2", "（六）其他处理 2.申请人逾期未缴纳费用", r"缴纳费用|收费通知"),
    ("other_3", "（六）其他处理 3.其他", r"(?:^|[\d.、．）)])其他$"),
    ("total", "（七）总计", r"总计"),
    ("carried_out", "四、结转下年度继续办理", r"结转下年度"),
)
T3_LABELS = {k: label for k, label, _ in T3_ROWS}
_PATTERN = {k: pattern for k, _, pattern in T3_ROWS}
RESULT_ROWS = tuple(k for k, _, _ in T3_ROWS if k not in ("new", "carried_in", "total", "carried_out"))
RESULT_ROWS_2021 = tuple(k for k in RESULT_ROWS if k != "other")  # （六） has three sub-rows
RESULT_ROWS_2019 = tuple(k for k in RESULT_ROWS if not k.startswith("other_"))
REQUIRED_T3 = ("new", "carried_in", "total", "carried_out")
T4_GROUPS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T2_ROWS = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")

_INT = re.compile(r"^\d{1,9}$")
_SPLIT = re.compile(r"[\s|｜]+")
_T4_HEADER = re.compile(r"结果维持|尚未审结")  # table 4's column heads (not in the prose)

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_TITLE_REPORT = re.compile(r"(政府)?信息公开.{0,6}(年度报告|年报|工作报告)|政务公开.{0,4}年度报告")
_TITLE_NOT = re.compile(r"通知|报送|编制|解读|图解|读懂|格式|模板|征求|目录|指南|统计表")


def report_year(title: str) -> int | None:
    """The year a 政府信息公开工作年度报告 reports on, from its title; None when the title is not one.

    示范县2025年政府信息公开工作年度报告 -> 2025; XX局2025年度政府信息公开工作报告 -> 2025;
    关于报送2025年政府信息公开工作年度报告的通知 -> None (a notice about reports, not a report)."""
    t = unicodedata.normalize("NFKC", title or "")
    if not _TITLE_REPORT.search(t) or _TITLE_NOT.search(t):
        return None
    m = _TITLE_YEAR.search(t)
    return int(m.group(1)) if m else None


def report_owner(title: str) -> str:
    """The publisher named before the year: 示范县, XX局 ('' when the title starts with the year)."""
    t = unicodedata.normalize("NFKC", title or "").strip()
    m = _TITLE_YEAR.search(t)
    return t[: m.start()].strip("《》“” ") if m else ""


@dataclass
class Row:
    label: str
    numbers: list[int]


@dataclass
class ReportTables:
    source: str  # where it was read: 网页表格, 网页正文, 附件 x.pdf 表格 …
    t3: dict[str, list[int]] = field(default_factory=dict)  # row key -> 7 numbers
    t3_labels: dict[str, str] = field(default_factory=dict)  # row key -> label as written
    t4: list[int] | None = None  # 15 numbers
    t2: dict[str, list[int]] = field(default_factory=dict)

    @property
    def has_t3(self) -> bool:
        return all(k in self.t3 for k in REQUIRED_T3)


def _clean(token: str) -> str:
    """NFKC (full-width digits), and 1,234 written as 1234."""
    t = unicodedata.normalize("NFKC", token).strip()
    return t.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", t) else t


def tokens_of_text(text: str) -> list[str]:
    return [t for t in (_clean(x) for x in _SPLIT.split(text or "")) if t]


def tokens_of_rows(rows: Iterable[Sequence[object]]) -> list[str]:
    out: list[str] = []
    for row in rows:
        for cell in row:
            out.extend(tokens_of_text(str(cell)) if cell is not None else [])
    return out


def rows_of(tokens: Sequence[str]) -> list[Row]:
    """Label tokens followed by a run of integers = one row (a run with no label keeps '')."""
    rows: list[Row] = []
    label: list[str] = []
    nums: list[int] = []
    for tok in tokens:
        if _INT.match(tok):
            nums.append(int(tok))
            continue
        if nums:
            rows.append(Row("".join(label), nums))
            label, nums = [], []
        label.append(tok)
    if nums or label:
        rows.append(Row("".join(label), nums))
    return rows


def _t3_key(label: str, previous: str | None) -> str | None:
    best: tuple[int, str] | None = None
    for key, _, pattern in T3_ROWS:
        for m in re.finditer(pattern, label):
            if best is None or m.end() > best[0] or (m.end() == best[0] and key.startswith(best[1])):
                best = (m.end(), key)
    if best is None:
        return None
    key = best[1]
    if key == "other":  # a wrapped PDF line can put the group cell after its first sub-row's text
        key = next((k for k in ("other_1", "other_2") if re.search(_PATTERN[k], label)), key)
    if key == "other_3" and previous not in ("other_1", "other_2", "other"):
        return None  # a bare “其他” elsewhere is not the （六） sub-row
    return key


def parse_tables(tokens: Sequence[str], source: str) -> ReportTables:
    """Read tables 2, 3 and 4 out of one source's tokens."""
    out = ReportTables(source=source)
    rows = rows_of(tokens)
    previous: str | None = None
    in_t4 = False
    t4_numbers: list[int] = []
    for row in rows:
        label = row.label
        if _T4_HEADER.search(label) and not t4_numbers:
            in_t4 = True
        if in_t4 and len(t4_numbers) < 15:
            t4_numbers.extend(row.numbers)
            continue
        for name in T2_ROWS:
            if label.endswith(name) and row.numbers and name not in out.t2:
                out.t2[name] = row.numbers
        if len(row.numbers) != 7:
            continue
        key = _t3_key(label, previous)
        if key is None or key in out.t3:
            continue
        out.t3[key] = row.numbers
        out.t3_labels[key] = label[-40:]
        previous = key
    if len(t4_numbers) == 15:
        out.t4 = t4_numbers
    return out


def parse_report(sources: Sequence[tuple[str, list[str]]]) -> ReportTables | None:
    """The best reading of a report among its sources ((name, tokens) pairs): the one with the most
    of table 3, table 4 from wherever it was read. None when no source holds table 3."""
    parsed = [parse_tables(tokens, name) for name, tokens in sources]
    with_t3 = [p for p in parsed if p.has_t3]
    if not with_t3:
        return None
    best = max(with_t3, key=lambda p: (len(p.t3), p.t4 is not None))
    if best.t4 is None:
        best.t4 = next((p.t4 for p in parsed if p.t4 is not None), None)
    return best
