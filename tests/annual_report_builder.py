"""Build 政府信息公开工作年度报告 fixtures (2021 format, 2019 trial format) as table rows, HTML, text,
DOCX and PDF — modelled on the national format and real reports, not copied from any."""

from __future__ import annotations

import html
import io
from collections.abc import Mapping

# (label cells, key) in the order and nesting of the 2021 format
T3_LAYOUT_2021: tuple[tuple[tuple[str, ...], str], ...] = (
    (("一、本年新收政府信息公开申请数量",), "new"),
    (("二、上年结转政府信息公开申请数量",), "carried_in"),
    (("三、本年度办理结果", "（一）予以公开"), "open"),
    (("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), "partial"),
    (("", "（三）不予公开", "1.属于国家秘密"), "deny_1"),
    (("", "", "2.其他法律行政法规禁止公开"), "deny_2"),
    (("", "", "3.危及“三安全一稳定”"), "deny_3"),
    (("", "", "4.保护第三方合法权益"), "deny_4"),
    (("", "", "5.属于三类内部事务信息"), "deny_5"),
    (("", "", "6.属于四类过程性信息"), "deny_6"),
    (("", "", "7.属于行政执法案卷"), "deny_7"),
    (("", "", "8.属于行政查询事项"), "deny_8"),
    (("", "（四）无法提供", "1.本机关不掌握相关政府信息"), "none_1"),
    (("", "", "2.没有现成信息需要另行制作"), "none_2"),
    (("", "", "3.补正后申请内容仍不明确"), "none_3"),
    (("", "（五）不予处理", "1.信访举报投诉类申请"), "reject_1"),
    (("", "", "2.重复申请"), "reject_2"),
    (("", "", "3.要求提供公开出版物"), "reject_3"),
    (("", "", "4.无正当理由大量反复申请"), "reject_4"),
    (("", "", "5.要求行政机关确认或重新出具已获取信息"), "reject_5"),
    (("", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"), "other_1"),
    (("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), "other_2"),
    (("", "", "3.其他"), "other_3"),
    (("", "（七）总计"), "total"),
    (("四、结转下年度继续办理",), "carried_out"),
)
T3_LAYOUT_2019 = (
    tuple(r for r in T3_LAYOUT_2021 if r[1] not in ("other_1", "other_2", "other_3"))[:20]
    + ((("", "（六）其他处理"), "other"),)
    + T3_LAYOUT_2021[-2:]
)


def row(
    natural: int, firms: int = 0, research: int = 0, ngo: int = 0, legal: int = 0, other: int = 0
) -> list[int]:
    vals = [natural, firms, research, ngo, legal, other]
    return [*vals, sum(vals)]


def consistent(
    new: int = 12, carried_in: int = 2, carried_out: int = 1, firms: int = 1
) -> dict[str, list[int]]:
    """A table 3 that adds up: new + carried_in = total + carried_out, in every column."""
    handled = new + carried_in - carried_out  # natural persons; firms all handled
    data = {k: row(0) for _, k in T3_LAYOUT_2021}
    data["new"] = row(new, firms)
    data["carried_in"] = row(carried_in)
    data["carried_out"] = row(carried_out)
    data["open"] = row(handled - 3, firms)
    data["partial"] = row(1)
    data["none_1"] = row(1)
    data["reject_2"] = row(1)
    data["total"] = row(handled, firms)
    return data


def t4(values: tuple[int, ...] = (1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0)) -> list[int]:
    return list(values)


def table3_rows(data: Mapping[str, list[int]], fmt: str = "2021") -> list[list[str]]:
    layout = T3_LAYOUT_2021 if fmt == "2021" else T3_LAYOUT_2019
    rows = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    for labels, key in layout:
        cells = [*labels, *[""] * (3 - len(labels))]
        values = (
            data[key]
            if key in data
            else [sum(v) for v in zip(*(data[f"other_{i}"] for i in (1, 2, 3)), strict=True)]
        )
        rows.append([*cells, *(str(v) for v in values)])
    return rows


def table4_rows(values: list[int]) -> list[list[str]]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        ["行政复议", "", "", "", "", "行政诉讼"],
        ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        heads + heads + heads,
        [str(v) for v in values],
    ]


def table2_rows() -> list[list[str]]:
    return [
        ["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"], ["行政规范性文件", "3", "1", "12"],
        ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "156"],
        ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", "41"], ["行政强制", "2"],
        ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "35"],
    ]  # fmt: skip


def _html_table(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table border="1">{body}</table>'


INTRO = ("本年度报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{y}年1月1日起至"
         "{y}年12月31日止。本年度共受理政府信息公开申请14件，均在法定期限内予以答复。")  # fmt: skip


def report_html_body(year: int, data: Mapping[str, list[int]], review: list[int], fmt: str = "2021") -> str:
    return (
        f"<p>{INTRO.format(y=year)}</p><p>一、总体情况</p><p>（一）主动公开。全年发布信息1234条。</p>"
        f"<p>二、主动公开政府信息情况</p>{_html_table(table2_rows())}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{_html_table(table3_rows(data, fmt))}"
        f"<p>四、因政府信息公开工作被申请行政复议、提起行政诉讼情况</p>{_html_table(table4_rows(review))}"
        "<p>五、政府信息公开工作存在的主要问题及改进情况</p><p>主动公开的及时性有待提高。</p>"
    )


def report_lines(year: int, data: Mapping[str, list[int]], review: list[int], fmt: str = "2021") -> list[str]:
    """The report as text lines, one table row a line (what a PDF's text layer gives)."""
    lines = [INTRO.format(y=year), "二、主动公开政府信息情况"]
    lines += [" ".join(c for c in r if c) for r in table2_rows()]
    lines.append("三、收到和处理政府信息公开申请情况")
    lines += [" ".join(c for c in r if c) for r in table3_rows(data, fmt)]
    lines.append("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
    lines += [" ".join(c for c in r if c) for r in table4_rows(review)]
    lines.append("五、政府信息公开工作存在的主要问题及改进情况")
    return lines


def report_docx(year: int, data: Mapping[str, list[int]], review: list[int]) -> bytes:
    """A DOCX with tables 3 and 4 in one Word table (cells padded to the widest row)."""
    from tests.attachments_helpers import make_docx

    rows = table3_rows(data) + table4_rows(review)
    width = max(len(r) for r in rows)
    return make_docx([INTRO.format(y=year)], [r + [""] * (width - len(r)) for r in rows])


def report_pdf(year: int, data: Mapping[str, list[int]], review: list[int], fmt: str = "2021") -> bytes:
    """A PDF with the report as text lines (long labels wrapped, as PDF layout does)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for line in report_lines(year, data, review, fmt):
        words = line.split(" ")
        cut = next((i for i, w in enumerate(words) if w.isdigit()), len(words))
        label, numbers = " ".join(words[:cut]), " ".join(words[cut:])
        # a long label wraps inside its cell: the numbers come on the label's last line
        parts = [label[i : i + 30] for i in range(0, len(label), 30)] or [""]
        parts[-1] = f"{parts[-1]} {numbers}".strip()
        for part in parts:
            c.setFont("STSong-Light", 9)
            c.drawString(40, y, part)
            y -= 14
            if y < 40:
                c.showPage()
                y = 800
    c.save()
    return buf.getvalue()


def report_pdf_grid(data: Mapping[str, list[int]], review: list[int]) -> bytes:
    """A PDF with table 3 and 4 as ruled tables with merged and wrapping cells (what a word
    processor exports): pdfplumber finds the tables, and its text interleaves wrapped cells."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6, leading=7)

    def table(rows: list[list[str]], widths: list[float], spans: list[tuple]) -> Table:
        width = len(widths)
        t = Table(
            [[Paragraph(c, style) for c in r + [""] * (width - len(r))] for r in rows], colWidths=widths
        )
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), *spans]))
        return t

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([
        Paragraph("三、收到和处理政府信息公开申请情况", style),
        table(table3_rows(data), [60, 60, 110] + [40] * 7,
              [("SPAN", (0, 0), (2, 2)), ("SPAN", (3, 0), (9, 0)), ("SPAN", (4, 1), (8, 1))]),
        Paragraph("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", style),
        table(table4_rows(review), [30] * 15, [("SPAN", (0, 0), (4, 0)), ("SPAN", (5, 0), (14, 0))]),
    ])  # fmt: skip
    return buf.getvalue()
