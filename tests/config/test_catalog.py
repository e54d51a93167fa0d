"""The 主动公开事项目录: 公开时限 phrases, a real-looking county catalog XLSX, CSV, inline rows, and the
load report `govaudit check-config` prints."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from govaudit.config import load_config
from govaudit.config.catalog import CatalogItem, default_keywords, load_catalog, match_header, title_matches
from govaudit.config.schema import CatalogConfig, CatalogRow
from govaudit.config.timelimit import parse_time_limit

from govaudit.cli import main

PHRASES = [
    ("信息形成或变更之日起20个工作日内", ("event", 20, True)),
    ("自该信息形成或者变更之日起二十个工作日内", ("event", 20, True)),
    ("自批准之日起10日内", ("event", 10, False)),
    ("收到文件后7个工作日内", ("event", 7, True)),
    ("每年1月31日前", ("yearly", 1, 31)),
    ("每年3月底前", ("yearly", 3, 31)),
    ("每年第一季度", ("yearly", 3, 31)),
    ("每年6月30日前公开上年度决算", ("yearly", 6, 30)),
    ("每年上半年", ("yearly", 6, 30)),
    ("每月", ("periodic", "month", None)),
    ("每月10日前", ("periodic", "month", 10)),
    ("每季度", ("periodic", "quarter", None)),
    ("按季度公开", ("periodic", "quarter", None)),
    ("每季度结束后15日内", ("periodic", "quarter", 15)),
    ("每半年", ("periodic", "half", None)),
    ("每年", ("periodic", "year", None)),
    ("实时", ("immediate",)),
    ("及时公开", ("immediate",)),
    ("即时更新", ("immediate",)),
    ("长期公开", ("standing",)),
    ("动态更新", ("standing",)),
]


def _shape(rule: object) -> tuple:
    assert rule is not None
    r = rule  # type: ignore[assignment]
    if r.kind == "event":
        return (r.kind, r.days, r.workdays)
    if r.kind == "yearly":
        return (r.kind, r.month, r.day)
    if r.kind == "periodic":
        return (r.kind, r.period, r.lag_days)
    return (r.kind,)


@pytest.mark.parametrize(("phrase", "expected"), PHRASES)
def test_time_limit_phrases(phrase: str, expected: tuple) -> None:
    assert _shape(parse_time_limit(phrase)) == expected


@pytest.mark.parametrize("phrase", ["", "按规定时限", "依法公开", "视情况"])
def test_phrases_not_understood(phrase: str) -> None:
    assert parse_time_limit(phrase) is None


def test_header_matching_is_tolerant() -> None:
    got = match_header(["序号", "事项名称", "公开内容（要素）", "公开依据", "公开时限要求", "公开主体", "公开方式",
                        "发布渠道", "责任部门"])  # fmt: skip
    assert got == {"item": 1, "content": 2, "basis": 3, "time_limit": 4, "subject": 5, "method": 6,
                   "channel": 7, "unit": 8}  # fmt: skip
    assert match_header(["公开事项", "公开时限", "公开载体", "公开渠道", "责任科室"]) == {
        "item": 0, "time_limit": 1, "channel": 3, "unit": 4
    }  # 公开渠道 is preferred over 公开载体  # fmt: skip


# Rows of a county catalog (示范县 2026 版), modelled on published county catalogs.
COUNTY_ROWS = [
    # 一级事项, 事项名称, 公开内容, 公开依据, 公开时限要求, 公开主体, 公开方式, 发布渠道, 责任部门
    ("机构职能", "机构职能", "部门职责、内设机构、联系方式", "《条例》第二十条", "信息形成或变更之日起20个工作日内",
     "县政府办公室", "主动公开", "政府网站“机构职能”栏目", "县政府办公室"),
    ("机构职能", "领导信息", "领导姓名、职务、分工", "《条例》第二十条", "信息形成或变更之日起20个工作日内",
     "县政府办公室", "主动公开", "政府网站“领导信息”栏目", "县政府办公室"),
    ("政策文件", "规范性文件", "县政府及办公室规范性文件", "《条例》第二十条", "自文件印发之日起20个工作日内",
     "县政府办公室", "主动公开", "政策文件", "县政府办公室"),
    ("政策文件", "政策解读", "解读材料", "国办发〔2016〕80号", "文件公开后3个工作日内", "县政府办公室", "主动公开",
     "政策解读", "县政府办公室"),
    ("规划信息", "国民经济和社会发展规划", "规划全文", "《条例》第二十条", "信息形成之日起20个工作日内",
     "县发展和改革局", "主动公开", "规划计划", "县发展和改革局"),
    ("财政信息", "财政预决算", "县级预算、决算报告及报表", "《预算法》第十四条", "每年3月底前", "县财政局",
     "主动公开", "财政预决算", "县财政局"),
    ("财政信息", "部门预算", "部门预算报告", "《预算法》第十四条", "批复后20日内", "各部门", "主动公开",
     "财政预决算", "县财政局"),
    ("财政信息", "部门决算", "部门决算报告", "《预算法》第十四条", "每年6月30日前", "各部门", "主动公开",
     "财政预决算", "县财政局"),
    ("财政信息", "政府债务", "债务限额、余额", "财预〔2018〕209号", "每年第一季度", "县财政局", "主动公开",
     "财政预决算", "县财政局"),
    ("统计信息", "统计数据", "主要经济指标", "《统计法》", "每季度", "县统计局", "主动公开", "统计信息",
     "县统计局"),
    ("统计信息", "统计公报", "国民经济和社会发展统计公报", "《统计法》", "每年4月底前", "县统计局", "主动公开",
     "统计信息", "县统计局"),
    ("统计信息", "月度数据", "规上工业增加值等", "《统计法》", "每月15日前", "县统计局", "主动公开", "统计信息",
     "县统计局"),
    ("政务动态", "政务要闻", "县政府重要会议、活动", "《条例》", "实时", "县政府办公室", "主动公开", "政务要闻",
     "县政府办公室"),
    ("政务动态", "通知公告", "各类通知公告", "《条例》", "及时", "县政府办公室", "主动公开", "通知公告",
     "县政府办公室"),
    ("政务动态", "应急管理", "突发事件应对", "《突发事件应对法》", "即时", "县应急管理局", "主动公开",
     "应急管理", "县应急管理局"),
    ("人事信息", "人事任免", "任免决定", "《条例》", "信息形成之日起20个工作日内", "县人社局", "主动公开",
     "人事信息", "县人社局"),
    ("人事信息", "公务员招考", "招考公告、拟录用名单", "《公务员法》", "按招考进度及时公开", "县人社局",
     "主动公开", "人事信息", "县人社局"),
    ("重点领域", "重大建设项目", "批准、实施信息", "国办发〔2017〕94号", "信息形成或变更之日起20个工作日内",
     "县发展和改革局", "主动公开", "重大建设项目", "县发展和改革局"),
    ("重点领域", "公共资源配置", "交易公告、结果", "国办发〔2017〕97号", "即时公开", "县公共资源交易中心",
     "主动公开", "公共资源配置", "县发展和改革局"),
    ("重点领域", "社会救助", "低保、特困人员救助", "《社会救助暂行办法》", "每季度", "县民政局", "主动公开",
     "社会救助", "县民政局"),
    ("重点领域", "义务教育", "招生政策、划片范围", "《义务教育法》", "每年5月底前", "县教育局", "主动公开",
     "教育信息", "县教育局"),
    ("重点领域", "环境保护", "环境质量状况", "《环境保护法》", "每月", "市生态环境局示范分局", "主动公开",
     "环境保护", "市生态环境局示范分局"),
    ("重点领域", "食品安全", "抽检信息", "《食品安全法》", "每月", "县市场监管局", "主动公开", "食品安全",
     "县市场监管局"),
    ("重点领域", "安全生产", "事故调查报告", "《安全生产法》", "按规定时限", "县应急管理局", "主动公开",
     "应急管理", "县应急管理局"),
    ("重点领域", "乡村振兴", "衔接资金项目", "财农〔2021〕22号", "每半年", "县农业农村局", "主动公开",
     "乡村振兴", "县农业农村局"),
    ("政务公开", "政府信息公开指南", "公开指南", "《条例》第十二条", "长期公开", "县政府办公室", "主动公开",
     "政府信息公开指南", "县政府办公室"),
    ("政务公开", "政府信息公开年报", "年度报告", "《条例》第四十九条", "每年1月31日前", "县政府办公室",
     "主动公开", "政府信息公开年报", "县政府办公室"),
    ("政务公开", "政府工作报告", "报告全文", "《条例》", "每年", "县政府办公室", "主动公开", "政府工作报告",
     "县政府办公室"),
    ("政务公开", "建议提案办理", "办理复文", "国办发〔2014〕46号", "每年年底前", "县政府办公室", "主动公开",
     "建议提案", "县政府办公室"),
    ("政务公开", "权责清单", "权力清单、责任清单", "中办发〔2015〕21号", "动态调整", "县委编办", "主动公开",
     "权责清单", "县委编办"),
    ("政务公开", "行政许可", "许可决定", "《行政许可法》", "作出决定之日起7个工作日内", "各部门", "主动公开",
     "行政执法公示", "县司法局"),
    ("政务公开", "行政处罚", "处罚决定", "国办发〔2018〕118号", "作出决定之日起7个工作日内", "各部门", "主动公开",
     "行政执法公示", "县司法局"),
    ("政务公开", "重大决策预公开", "征求意见稿", "国办发〔2016〕80号", "视工作需要", "各部门", "主动公开",
     "意见征集", "县政府办公室"),
    ("政务公开", "新闻发布会", "发布会实录", "国办发〔2016〕61号", "会后", "县政府办公室", "主动公开", "新闻发布",
     "县政府办公室"),
]  # fmt: skip
HEADER = ["序号", "一级事项", "事项名称", "公开内容（要素）", "公开依据", "公开时限要求", "公开主体", "公开方式",
          "发布渠道", "责任部门"]  # fmt: skip
UNPARSED = {"按规定时限", "视工作需要", "会后"}


def write_county_catalog(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "主动公开事项目录"
    ws.append(["示范县主动公开基本目录（2026年版）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(["填报单位：示范县人民政府办公室", "", "", "", "", "", "", "", "更新日期：2026-01-10"])
    ws.append(HEADER)
    start = 4
    for i, r in enumerate(COUNTY_ROWS, start=1):
        ws.append([i, *r])
    # 一级事项 merged down its rows, as offices keep it
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(COUNTY_ROWS):
        groups.setdefault(r[0], []).append(start + i)
    for rows in groups.values():
        for rr in rows[1:]:
            ws.cell(rr, 2).value = None
        if len(rows) > 1:
            ws.merge_cells(start_row=rows[0], start_column=2, end_row=rows[-1], end_column=2)
    ws.append([])  # a trailing blank row and a notes row
    ws.append(["备注：时限未注明的按《条例》第二十六条执行"])
    notes = wb.create_sheet("填表说明")
    notes.append(["本表由各责任单位每年更新一次。"])
    wb.save(path)
    return path


def test_county_catalog_xlsx_load_report(tmp_path: Path) -> None:
    path = write_county_catalog(tmp_path / "示范县主动公开目录.xlsx")
    catalog = load_catalog(CatalogConfig(file=str(path)))
    assert len(catalog.items) == len(COUNTY_ROWS) == 34  # title, blank and 备注 rows are not items
    counts = catalog.rule_counts
    assert counts == {"event": 10, "yearly": 7, "periodic": 7, "immediate": 5, "standing": 2, "unparsed": 3}
    report = catalog.reports[0]
    assert report.header == {"item": "事项名称", "content": "公开内容（要素）", "basis": "公开依据",
                             "time_limit": "公开时限要求", "subject": "公开主体", "method": "公开方式",
                             "channel": "发布渠道", "unit": "责任部门"}  # fmt: skip
    assert report.sheets == ["主动公开事项目录"] and report.skipped_sheets == ["填表说明"]
    unparsed = dict(report.unparsed)
    assert set(unparsed.values()) == UNPARSED
    assert (
        unparsed["工作表“主动公开事项目录”第27行"] == "按规定时限"
    )  # row 27 of the sheet: 安全生产 (header on row 3)
    first = catalog.items[0]
    assert (first.item, first.unit, first.channel) == ("机构职能", "县政府办公室", "政府网站“机构职能”栏目")
    assert catalog.items[5].rule is not None and catalog.items[5].rule.describe() == "每年 3 月 31 日前"


def test_check_config_prints_load_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_county_catalog(tmp_path / "catalog.xlsx")
    cfg = tmp_path / "county.yaml"
    site = {"name": "示范县人民政府", "url": "http://127.0.0.1:1/", "unit": "县政府办公室",
            "columns": [{"name": "财政预决算", "url": "http://127.0.0.1:1/czyjs/"}],
            "catalog": {"file": "catalog.xlsx", "immediate_days": 3,
                        "overrides": {"财政预决算": {"keywords": ["预算", "决算"]}}}}  # fmt: skip
    cfg.write_text(yaml.safe_dump({"sites": [site]}, allow_unicode=True), encoding="utf-8")
    assert main(["check-config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert (
        "主动公开事项目录：34 项（事件触发 10，每年定期 7，周期性 7，实时/及时 5，长期公开 2，未识别时限 3）"
        in out
    )
    assert "公开事项←“事项名称”" in out and "公开渠道/栏目←“发布渠道”" in out and "责任单位←“责任部门”" in out
    assert "第27行 公开时限“按规定时限”无法识别" in out
    assert "跳过工作表“填表说明”" in out
    loaded = load_config(cfg)
    assert loaded.sites[0].catalog is not None and Path(loaded.sites[0].catalog.file or "").is_absolute()


def test_catalog_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "county.yaml"

    def write(catalog: dict) -> None:
        site = {"name": "示范县人民政府", "url": "http://127.0.0.1:1/", "catalog": catalog}
        cfg.write_text(yaml.safe_dump({"sites": [site]}, allow_unicode=True), encoding="utf-8")

    write({"file": "missing.xlsx"})
    assert main(["check-config", str(cfg)]) == 2
    assert "sites[0].catalog.file" in capsys.readouterr().err
    (tmp_path / "noheader.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    write({"file": "noheader.csv"})
    assert main(["check-config", str(cfg)]) == 2
    assert "未找到表头" in capsys.readouterr().err
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    write({"file": "broken.xlsx"})
    assert main(["check-config", str(cfg)]) == 2
    assert "不是可读取的表格文件" in capsys.readouterr().err
    (tmp_path / "nul.csv").write_bytes("公开事项,公开时限\n财政\x00预算,每年\n".encode())
    write({"file": "nul.csv"})
    assert main(["check-config", str(cfg)]) == 0  # a stray NUL byte is read, not a traceback
    capsys.readouterr()
    write({"file": "目录.xls"})
    (tmp_path / "目录.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["check-config", str(cfg)]) == 2
    assert ".xls 请另存为 .xlsx" in capsys.readouterr().err
    write({"items": [{"item": "财政预决算", "time_limit": "每年3月底前", "bogus": 1}]})
    assert main(["check-config", str(cfg)]) == 2
    assert "sites[0].catalog.items[0].bogus: 不认识的配置项" in capsys.readouterr().err


def test_csv_gbk_tab_separated_and_inline(tmp_path: Path) -> None:
    text = "公开事项\t公开时限\t公开栏目\t责任科室\n统计数据\t每季度\t统计信息\t县统计局\n安全生产\t依法\t应急管理\t\n"
    (tmp_path / "c.csv").write_bytes(text.encode("gb18030"))
    spec = CatalogConfig(file=str(tmp_path / "c.csv"),
                         items=(CatalogRow(item="政府信息公开指南", time_limit="长期公开", channel="公开指南"),))  # fmt: skip
    catalog = load_catalog(spec)
    assert [(i.item, i.rule.kind if i.rule else None) for i in catalog.items] == [
        ("统计数据", "periodic"), ("安全生产", None), ("政府信息公开指南", "standing")
    ]  # fmt: skip
    assert catalog.reports[0].header == {"item": "公开事项", "time_limit": "公开时限", "channel": "公开栏目",
                                         "unit": "责任科室"}  # fmt: skip
    assert catalog.reports[0].unparsed == [("第3行", "依法")]


def _item(name: str, content: str = "") -> CatalogItem:
    return CatalogItem(ref="", item=name, content=content, basis="", time_limit="", subject="", method="",
                       channel="", unit=None, rule=None)  # fmt: skip


def test_default_keywords_and_matching() -> None:
    assert default_keywords(_item("财政预决算")) == ("财政预算", "预算", "财政决算", "决算")
    assert default_keywords(_item("人事任免信息")) == ("人事任免", "任免")
    assert default_keywords(_item("统计数据信息")) == ("统计数据",)
    assert default_keywords(_item("政府工作报告")) == ("政府工作报告",)
    assert default_keywords(_item("低保、特困人员救助情况")) == ("低保", "特困人员救助", "救助")
    assert title_matches("示范县2026年财政预算公开", ("财政预算", "财政决算"))
    assert title_matches("2026年第三季度全县统计数据发布", ("统计数据",))
    assert title_matches("示范县2026年政府工作报告全文", ("政府工作报告",))
    assert not title_matches("全县安全生产工作会议召开", ("统计数据",))
    assert title_matches(
        "2026年第三季度特困人员供养救助名单公示", ("特困人员救助",)
    )  # 3 of 4 character pairs
