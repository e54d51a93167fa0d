"""A local county site with planted content problems and their decoys (privacy_leak, typo,
serious_error), served over HTTP by the tests; attachments generated with the libraries offices use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from govaudit.demo.siteserver import Resp, SiteServer
from tests.attachments_helpers import make_docx, make_pdf, make_xlsx
from tests.checks.content_helpers import CARD_A, CARD_B, ID_15, ID_A, ID_B, ID_C, MOBILE_A, MOBILE_B
from tests.conftest import AS_OF, serve
from tests.sitebuilder import article, column_meta, column_page, days, page, ul_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OLD = dt.date(2016, 5, 20)
ID_D = "11010519491231002X"  # a valid ID whose check character is X
PLANTED = (ID_A, ID_B, ID_C, ID_D, ID_15, MOBILE_A, MOBILE_B, CARD_A, CARD_B)
COLUMNS: list[dict[str, Any]] = [{"name": "公示公告", "url": "/gsgg/", "kind": "notice"},
                                 {"name": "工作动态", "url": "/gzdt/", "kind": "news"}]  # fmt: skip
HIDDEN = "http://www.bet-example.com/"
TEMPLATE_HIDDEN = "http://www.casino-example.com/"  # in the homepage's and a column page's template
VISIBLE = "http://www.partner-example.com/"


def _att(name: str) -> str:
    return f'<p><a href="/att/{name}">附件：{name}</a></p>'


def content_site(server: SiteServer) -> str:
    d1, d2, d3 = days(AS_OF, 1), days(AS_OF, 2), days(AS_OF, 3)
    leak = (
        f"<p>经审核，张三（身份证号：{ID_A}，联系电话：{MOBILE_A}）符合条件，予以公示。</p>"
        f"<table><tr><th>姓名</th><th>银行卡号</th><th>开户行</th></tr>"
        f"<tr><td>张三</td><td>{CARD_A}</td><td>示范县农商银行</td></tr></table>"
        "<p>监督电话：0579-81230123，12345政务服务热线，客服 400-800-1234。</p>"
    )
    masked = (
        "<p>经审核，下列人员符合条件（身份证号、手机号已脱敏）。</p>"
        "<table><tr><th>姓名</th><th>身份证号</th><th>联系电话</th></tr>"
        "<tr><td>王五</td><td>370322********1234</td><td>139****1234</td></tr>"
        "<tr><td>赵六</td><td>3703221990****1234</td><td>186****5678</td></tr></table>"
        "<p>索引号：11339901002500121W/2026-00036；统一社会信用代码：11339901002500121W。</p>"
        "<p>详见 http://www.example.gov.cn/gs?id=13912345678 。</p>"
    )
    files = {
        "补贴名单.xlsx": Resp(make_xlsx({"发放名单": [["序号", "姓名", "身份证号码", "银行卡号"],
                                                     [1, "李四", ID_B, CARD_B], [2, "钱七", ID_D, ""]]}),
                              content_type=XLSX),
        "联系表.docx": Resp(make_docx(["附件2 联系人名单"], [["姓名", "手机"], ["孙八", MOBILE_B]]), content_type=DOCX),
        "审核表.pdf": Resp(make_pdf([["第一页 审核情况说明"], [f"周九 身份证号 {ID_C}", f"老证 {ID_15}"]]),
                           content_type="application/pdf"),
    }  # fmt: skip
    hidden_box = (
        f'<div style="position:absolute;left:-9999px;top:-9999px"><a href="{HIDDEN}">澳门百家乐</a></div>'
        '<ul class="nav"><li onmouseover="show()"><a href="/">网站群</a>'
        '<ul id="zqlist" style="display:none"><li><a href="http://www.zj.gov.cn/">省政府门户网站</a></li></ul></li></ul>'
        "<script>function show(){document.getElementById('zqlist').style.display='block';}</script>"
    )
    injected = f'<style>.yqlj{{display:none}}</style><div class="yqlj"><a href="{TEMPLATE_HIDDEN}">真人视讯</a></div>'
    gsgg_items = [("关于发放困难群众补贴的公示", "/gsgg/a.html", d1.isoformat()),
                  ("关于低保对象的公示", "/gsgg/b.html", d2.isoformat())]  # fmt: skip
    routes = {
        "/": f"<html><body><a href='/gsgg/'>公示公告</a><a href='/gzdt/'>工作动态</a>{injected}</body></html>",
        "/gsgg/": page("公示公告", '<h2 class="col-title">公示公告</h2>' + ul_list(gsgg_items) + injected,
                       meta=column_meta("公示公告")),
        "/gsgg/a.html": article("关于发放困难群众补贴的公示", d1, body=leak),
        "/gsgg/b.html": article("关于低保对象的公示", d2, body=masked + "".join(_att(n) for n in files)),
        "/gzdt/": column_page("工作动态", [
            ("县政府召开安全生产工作会议", "/gzdt/c.html", d1.isoformat()),
            ("县自然资源部门开展执法检查", "/gzdt/d.html", d2.isoformat()),
            ("县领导调研农村人居环境整治", "/gzdt/e.html", d3.isoformat()),
            ("县国土资源局开展土地执法检查", "/gzdt/f.html", OLD.isoformat()),
        ]),
        "/gzdt/c.html": article("县政府召开安全生产工作会议", d1,
                                body="<p>会议研究部暑了安全生产工作，要求各部门再接再励，贯彻落实上级要求。</p>"),
        "/gzdt/d.html": article("县自然资源部门开展执法检查", d2,
                                body="<p>县国土资源局联合县环保局开展土地执法检查。原县安监局的职责已划入县应急管理局。</p>"
                                     + hidden_box),
        "/gzdt/e.html": article("县领导调研农村人居环境整治", d3,
                                body=f'<p>研究部署相关工作。</p><p>相关链接：<a href="{VISIBLE}">合作单位网站</a></p>'),
        "/gzdt/f.html": article("县国土资源局开展土地执法检查", OLD, body="<p>县国土资源局开展土地执法检查。</p>"),
    }  # fmt: skip
    routes.update({f"/att/{n}": r for n, r in files.items()})
    return serve(server, routes)
