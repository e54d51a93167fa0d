"""Extraction on real government pages (../shared/realpages, see SOURCES.md there).

Expected values were read off the files by hand (counting the <li>/<tr> entries a person sees,
the dates next to the first and last one, the pager) and checked against the dataset
annotations JSON where one exists.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from govaudit.crawler.extract import (
    extract_dated_links,
    extract_links,
    extract_list,
    extract_meta,
    extract_page_info,
    extract_xxgk,
)

from tests.extract.extract_helpers import real_doc, real_path

pytestmark = pytest.mark.realpages

REF = dt.date(2025, 11, 30)  # after every page's own dates


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


# --- list pages ----------------------------------------------------------------------------------


def test_gansu_list_kept_inside_an_html_comment():
    doc = real_doc("list/gansu_jyt_list_items_in_html_comment.html")
    base = "http://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml"
    r = extract_list(doc, base, ref_date=REF)
    assert r.source == "comment"
    assert len(r.items) == 20
    assert r.items[0].date == D("2025-11-17")
    assert r.items[0].url == "http://jyt.gansu.gov.cn/jyt/c110634/202511/174240943.shtml"
    assert r.items[0].title == "关于开展2024年全域全员全过程使用智慧教育平台专项研究课题结项工作的通知"
    assert r.items[-1].date == D("2025-06-09")
    assert all(i.date is not None and not i.yearless for i in r.items)
    # createPageHTML('page_div', 10, 1, 'zwgklist', 'shtml', 200): pages 2..10 of 10, 200 records
    assert [f.url for f in r.follow] == [
        f"http://jyt.gansu.gov.cn/jyt/c110634/zwgklist_{n}.shtml" for n in range(2, 11)
    ]
    assert r.total_pages == 10
    assert r.total_records == 200
    assert r.placeholder is None and r.unreadable is None
    # the left navigation (政策法规, 政府文件 …) is not the list
    assert not any("c110311" in i.url for i in r.items)


def test_handan_trs_table_list_trimmed_to_one_row():
    doc = real_doc("list/handan_xxgk_trs_list_browser_saved.jsp.html")
    base = "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html"
    r = extract_list(doc, base, ref_date=REF)
    assert r.source == "dom"
    assert len(r.items) == 1
    item = r.items[0]
    assert item.date == D("2020-08-05")  # not the 索引号 000014348/2020-35428
    assert item.url == "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html"
    assert item.title == "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知"
    # inline TRS pager script (countPage=56) and its rendered links agree: index_1 … index_55
    assert [f.url for f in r.follow] == [
        f"http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_{n}.html" for n in range(1, 56)
    ]
    assert r.total_pages == 56
    assert r.total_records == 6348  # var countnum= 6348


def test_handan_pagination_from_the_directory_url():
    doc = real_doc("list/handan_xxgk_trs_list_browser_saved.jsp.html")
    r = extract_list(doc, "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/", ref_date=REF)
    assert len(r.follow) == 55  # index.html is the page itself


@pytest.mark.parametrize(
    ("name", "column", "first", "last", "pages", "records"),
    [
        ("nmpa_ypgg_list.html", "ypggtg", "2025-10-14", "2025-07-28", 1227, 24539),
        ("nmpa_ypjgdt_list.html", "ypjgdt", "2025-10-13", "2025-07-11", 39, 768),
    ],
)
def test_nmpa_lists_with_dates_in_parentheses(name, column, first, last, pages, records):
    doc = real_doc(f"list/{name}")
    base = f"https://www.nmpa.gov.cn/yaopin/{column}/index.html"
    r = extract_list(doc, base, ref_date=REF)
    assert r.source == "dom"
    assert len(r.items) == 20
    assert r.items[0].date == D(first)
    assert r.items[0].date_text == f"({first})"
    assert r.items[-1].date == D(last)
    assert all(i.url.startswith("https://www.nmpa.gov.cn/") for i in r.items)
    assert r.total_pages == pages
    assert r.total_records == records
    # every page enumerated from 末页 (index_{pages-1}) / 共N页, not only 下一页 (the first 1,000:
    # the crawler reads no more list pages of a column, pagination/patterns.py MAX_FOLLOW)
    expected = [f"https://www.nmpa.gov.cn/yaopin/{column}/index_{n}.html" for n in range(1, min(pages, 1001))]
    if pages > 1001:  # and the 末页 link itself
        expected.append(f"https://www.nmpa.gov.cn/yaopin/{column}/index_{pages - 1}.html")
    assert [f.url for f in r.follow] == expected
    assert all(f.method == "GET" and f.kind == "page" for f in r.follow)


def test_nmpa_first_item_title_from_title_attribute():
    doc = real_doc("list/nmpa_ypgg_list.html")
    r = extract_list(doc, "https://www.nmpa.gov.cn/yaopin/ypggtg/index.html", ref_date=REF)
    assert r.items[0].title == "国家药监局关于修订人纤维蛋白原说明书的公告（2025年第101号）"
    assert r.items[0].url == "https://www.nmpa.gov.cn/xxgk/ggtg/ypggtg/ypshmshxdgg/20251014104752137.html"


def test_jiangxi_interpretation_list_from_json_listdata():
    doc = real_doc("interpretation/jiangxi_sthjt_zcjd_list.html")
    base = "https://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html"
    r = extract_list(doc, base, ref_date=REF)
    assert r.source == "json"
    # var listData = {articleList: [...]} holds 50 records (the page shows them 15 per page,
    # paged in the browser); the channel tree (channelsTagParent) is not a list of articles
    assert len(r.items) == 50
    first, last = r.items[0], r.items[-1]
    assert first.title == "《江西省生态环境分类执法监管办法》政策解读"
    assert first.date == D("2025-07-29")
    assert (
        first.url
        == "https://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/content/content_1951206363677671424.html"
    )
    assert last.date == D("2022-12-16")
    assert r.unreadable is None  # the records are read even though loadPageData renders them
    assert r.follow == []


def test_gansu_homepage_dated_links_across_blocks():
    doc = real_doc("other/gansu_scjg_homepage_multi_lists.html")
    links = extract_dated_links(doc, "http://scjg.gansu.gov.cn/", ref_date=REF)
    # four search results (title link + source link to the same URL, date in p.time) and one
    # "相似文章" entry; the script's lastVisitTime is not a link
    assert [(i.url.rsplit("/", 1)[-1], i.date) for i in links] == [
        ("2032457.shtml", D("2022-05-06")),
        ("dad6a66c7040455fa63fc6d7f045dc58.shtml", D("2020-11-27")),
        ("bbb75b4f044d4766b63ff63287d6da05.shtml", D("2019-11-22")),
        ("1899799.shtml", D("2021-11-26")),
        ("87ecc503f7164f5ea9ab28f3036c6012.shtml", D("2021-04-02")),
    ]
    # the title comes from the result's title link, not from its "甘肃省市场监督管理局" source link
    assert links[0].title == "甘肃省市场监督管理局国产保健食品备案信息查询"
    assert max(i.date for i in links) == D("2022-05-06")


def test_list_pages_dated_links_match_their_lists():
    doc = real_doc("list/nmpa_ypgg_list.html")
    links = extract_dated_links(doc, "https://www.nmpa.gov.cn/yaopin/ypggtg/index.html", ref_date=REF)
    assert len(links) == 20
    doc = real_doc("list/gansu_jyt_list_items_in_html_comment.html")
    links = extract_dated_links(doc, "http://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml", ref_date=REF)
    assert len(links) == 20
    doc = real_doc("interpretation/jiangxi_sthjt_zcjd_list.html")
    links = extract_dated_links(
        doc, "https://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html", ref_date=REF
    )
    assert len(links) == 50


def test_shanxi_detail_pager_call_gives_no_follow():
    doc = real_doc("detail/shanxi_gov_trs_news_detail.html")
    r = extract_list(doc, "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml", ref_date=REF)
    assert r.follow == []  # createPageHTML(1,0,"t20190918_693227","shtml") and the function definition


# --- detail pages --------------------------------------------------------------------------------

DETAILS = {
    # file: (page URL, pub_date, pub_date_source)
    "lishui_gov_xxgk_detail_zjzwfw.html": (
        "http://www.lishui.gov.cn/art/2023/10/23/art_1229283449_2493752.html",
        "2023-10-23",
        "xxgk",
    ),
    "jl_gov_xxgk_notice_detail.html": ("http://xxgk.jl.gov.cn/", "2022-01-28", "xxgk"),
    "wuhan_gsj_trs_xxgk_detail.html": (
        "http://gsj.wuhan.gov.cn:9091/zwgk/whgszwgk/zwgk/zcfg/fl/201803/t20180314_224599.html",
        "2018-01-01",
        "xxgk",
    ),
    "hubei_scjg_xxgk_detail.html": ("http://scjg.hubei.gov.cn/", "2023-08-28", "meta"),
    "govcn_zhengce_2018_metadata_table_fragment.html": (
        "http://www.gov.cn/zhengce/content/2018-12/29/content_5353307.htm",
        "2018-12-29",
        "xxgk",
    ),
    "govcn_zhengce_1981doc_published2018_metadata_fragment.html": (
        "http://www.gov.cn/zhengce/content/2018-12/04/content_5345639.htm",
        "2018-12-04",
        "xxgk",
    ),
    "handan_xxgk_trs_detail_browser_saved.jsp.html": (
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
        "2020-08-02",
        "xxgk",
    ),
    "shanxi_gov_trs_news_detail.html": (
        "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml",
        "2019-09-18",
        "label",
    ),
    "zjdpc_hanweb_jcms_detail_browser_saved.html": (
        "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html",
        "2016-11-22",
        "label",
    ),
    "gansu_scjg_detail.html": (
        "http://scjg.gansu.gov.cn/scjg/c110159/202205/2032457.shtml",
        "2022-05-06",
        "label",
    ),
    "nmg_gov_news_detail.html": ("https://www.nmg.gov.cn/", "2022-02-11", "label"),
    "bayannur_gov_trs_news_detail.html": ("http://www.bynr.gov.cn/", "2022-02-11", "meta"),
    "cmse_trs_news_detail.html": ("http://www.cmse.gov.cn/", "2021-01-05", "label"),
    "govcn_gongbao_detail_2023template.html": (
        "http://www.gov.cn/gongbao/content/2007/content_1.htm",
        "2007-08-20",
        "meta",
    ),
    "nfra_spa_rendered_penalty_detail.html": ("https://www.nfra.gov.cn/", "2024-07-12", "label"),
}


@pytest.mark.parametrize("name", sorted(DETAILS))
def test_detail_pub_date(name):
    url, expected, source = DETAILS[name]
    info = extract_page_info(real_doc(f"detail/{name}"), url, ref_date=REF)
    assert info.pub_date == D(expected)
    assert info.pub_date_source == source
    assert info.dates[source] == expected
    assert info.title


def test_detail_dates_agree_with_dataset_annotations():
    annotations = json.loads(real_path("detail/immortal-autumn_dataset_annotations.json").read_text("utf-8"))
    labels = annotations["annotations"]
    for rel in ("detail/nmg_gov_news_detail.html", "detail/bayannur_gov_trs_news_detail.html"):
        info = extract_page_info(real_doc(rel), "https://www.example.gov.cn/", ref_date=REF)
        assert info.pub_date == D(labels[rel]["date"][:10])
    # the dataset labels the jl notice with its 成文日期; we publish 发布日期 and keep 成文日期
    info = extract_page_info(
        real_doc("detail/jl_gov_xxgk_notice_detail.html"), "http://xxgk.jl.gov.cn/", ref_date=REF
    )
    assert labels["detail/jl_gov_xxgk_notice_detail.html"]["date"] == "2022-01-27"
    assert info.xxgk["成文日期"] == "2022年01月27日"
    assert info.pub_date == D("2022-01-28")


def test_conflicting_dates_are_all_recorded():
    info = extract_page_info(
        real_doc("detail/wuhan_gsj_trs_xxgk_detail.html"),
        "http://gsj.wuhan.gov.cn:9091/zwgk/whgszwgk/zwgk/zcfg/fl/201803/t20180314_224599.html",
        ref_date=REF,
    )
    assert info.dates == {"xxgk": "2018-01-01", "meta": "2018-03-14", "url": "2018-03-14"}
    info = extract_page_info(
        real_doc("detail/gansu_scjg_detail.html"), "http://scjg.gansu.gov.cn/", ref_date=REF
    )
    assert info.dates["label"] == "2022-05-06"
    assert info.dates["meta"] == "2023-04-18"
    # the body table's "2018 年 03 月 08 日" dates are prose, not candidates
    assert "2018-03-08" not in info.dates.values()


def test_lishui_xxgk_table():
    x = extract_xxgk(real_doc("detail/lishui_gov_xxgk_detail_zjzwfw.html"))
    # SOURCES.md abbreviates the 索引号 as …/2023-4388; the page says …/2023-43887
    assert x["索引号"] == "113325000026455663/2023-43887"
    assert x["成文日期"] == "2023-10-16"
    assert x["文号"] == "丽政发〔2023〕30号"
    assert x["发布机构"] == "市政府"
    assert x["主题分类"] == "市政府文件"  # 组配分类
    assert x["公开方式"] == "主动公开"
    assert x["发布日期"] == "2023-10-23 08:59"  # 发布时间：… below the title
    assert x["信息来源"] == "市府办"


def test_jl_xxgk_table_with_spaced_labels():
    x = extract_xxgk(real_doc("detail/jl_gov_xxgk_notice_detail.html"))
    assert x["索引号"] == "11220000013544357T/2022-00426"  # "索 &nbsp;引 号："
    assert x["发布机构"] == "吉林省人民政府"  # 发文机关
    assert x["成文日期"] == "2022年01月27日"
    assert x["发布日期"] == "2022年01月28日"
    assert x["文号"] == "吉政明电〔2022〕1号"  # 发文字号
    assert x["主题分类"] == "环境监测、保护与治理;通告"  # "分&nbsp;&nbsp;类："
    assert x["名称"].startswith("吉林省人民政府关于禁止")  # "标&nbsp;…题："
    # 有效性 exists only in a commented-out row and in a script that writes the row only when the
    # value is not 有效 (`if("有效" != "有效")`): a reader sees no 有效性, so it is not present
    assert "有效性" not in x
    assert "主题词" not in x  # commented-out row


def test_wuhan_xxgk_table_with_spaced_label_and_empty_values():
    x = extract_xxgk(real_doc("detail/wuhan_gsj_trs_xxgk_detail.html"))
    assert x["索引号"] == "Whgs-16-02-010"  # "索 引 号"
    assert x["发布日期"] == "2018-01-01"  # 公开日期 (with a comment inside the label cell)
    assert x["发布机构"] == "武汉市工商局"
    assert x["名称"] == "中华人民共和国反不正当竞争法"
    assert x["文号"] == ""  # empty cell: the label is there, the value is not
    assert x["主题分类"] == ""  # 信息分类


def test_hubei_xxgk_labels_padded_with_entities():
    x = extract_xxgk(real_doc("detail/hubei_scjg_xxgk_detail.html"))
    assert x["文号"] == "便函"  # 文&ensp;&ensp;&ensp;&ensp;号
    assert x["有效性"] == "有效"  # 有<span>&ensp;</span>效<span>&ensp;</span>性
    assert x["主题分类"] == "市场监管、安全生产监管;其他"  # 分<span>&ensp;…</span>类
    assert x["索引号"] == "MB1686999/2023-21597"
    assert x["成文日期"] == "2023-08-25"  # 发文日期
    assert x["发布机构"] == "湖北省市场监督管理局"
    assert "发布日期" not in x


@pytest.mark.parametrize(
    ("name", "index", "written", "published", "number"),
    [
        (
            "govcn_zhengce_2018_metadata_table_fragment.html",
            "000014349/2018-00222",
            "2018年12月21日",
            "2018年12月29日",
            "国发〔2018〕43号",
        ),
        (
            "govcn_zhengce_1981doc_published2018_metadata_fragment.html",
            "000014349/1981-00021",
            "1981年05月23日",
            "2018年12月04日",
            "国发〔1981〕88号",
        ),
    ],
)
def test_govcn_fragments(name, index, written, published, number):
    x = extract_xxgk(real_doc(f"detail/{name}"))
    assert x["索引号"] == index
    assert x["成文日期"] == written
    assert x["发布日期"] == published
    assert x["文号"] == number  # 发文字号
    assert x["发布机构"] == "国务院"  # 发文机关
    assert x["名称"]  # "标　　题" (full-width spaces)
    assert "\\" in x["主题分类"]  # 卫生、体育\医药管理
    assert x["主题词"] == ""


def test_handan_detail_xxgk_paragraphs_and_commented_fields():
    doc = real_doc("detail/handan_xxgk_trs_detail_browser_saved.jsp.html")
    x = extract_xxgk(doc)
    assert x["索引号"] == "000014348/2020-35147"
    assert x["发布机构"] == "邯郸市教育局"
    assert x["文号"] == "无"  # kept as written
    assert x["主题分类"] == "教育"
    assert x["发布日期"] == "2020年08月02日"
    assert "成文日期" not in x  # <!--<p><strong>成文日期</strong>…</p>-->
    assert "有效期" not in x and "主题词" not in x
    info = extract_page_info(
        doc, "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html", ref_date=REF
    )
    assert info.meta["PubDate"] == "2020年08月02日"
    assert info.dates["meta"] == "2020-08-02"


@pytest.mark.parametrize(
    "name",
    [
        "nmg_gov_news_detail.html",
        "cmse_trs_news_detail.html",
        "shanxi_gov_trs_news_detail.html",
        "bayannur_gov_trs_news_detail.html",
        "zjdpc_hanweb_jcms_detail_browser_saved.html",
    ],
)
def test_news_pages_have_no_xxgk_block(name):
    assert extract_xxgk(real_doc(f"detail/{name}")) == {}


def test_meta_first_occurrence_wins_and_values_as_written():
    meta = extract_meta(real_doc("detail/shanxi_gov_trs_news_detail.html"))
    assert meta["PubDate"] == "2019-09-18 06:23"
    assert meta["SiteName"] and meta["SiteIDCode"]
    wuhan = extract_meta(real_doc("detail/wuhan_gsj_trs_xxgk_detail.html"))
    assert wuhan["ArticleTitle"] == "中华人民共和国反不正当竞争法"  # single-quoted value
    assert wuhan["PubDate"] == "2018-03-14 11:30"
    zj = extract_meta(real_doc("detail/zjdpc_hanweb_jcms_detail_browser_saved.html"))
    assert zj["SiteDomain"] == "fgw.zj.gov.cn,www.zjdpc.gov.cn"
    assert zj["SiteIDCode"] == ""


def test_titles():
    def title(rel: str) -> str | None:
        return extract_page_info(real_doc(rel), "http://www.example.gov.cn/", ref_date=REF).title

    assert title("detail/shanxi_gov_trs_news_detail.html") == "山西品牌丝路行（南美站）正式启动"
    assert (
        title("detail/cmse_trs_news_detail.html") == "载人航天工程全线备战空间站建造任务"
    )  # no meta: headline
    assert title("detail/wuhan_gsj_trs_xxgk_detail.html") == "中华人民共和国反不正当竞争法"  # generic <title>
    # ArticleTitle holding markup: tags stripped
    assert (
        title("detail/bayannur_gov_trs_news_detail.html")
        == "为现代化巴彦淖尔建设凝聚强大智慧和力量——热烈祝贺市政协五届一次会议开幕"
    )
    assert title("detail/govcn_gongbao_detail_2023template.html").endswith("年末国债余额限额的决议")


def test_other_pages_pub_dates():
    info = extract_page_info(
        real_doc("other/ccgp_gov_cn_procurement_result_detail.html"), "http://www.ccgp.gov.cn/", ref_date=REF
    )
    assert info.pub_date == D("2021-06-10")  # <span id="pubTime">2021年06月10日 17:35</span>
    url = "http://www.ccgp-hebei.gov.cn/cd/cd_wc/cggg/zhbggAAAA/202110/t20211011_1485252.html"
    info = extract_page_info(
        real_doc("other/ccgp_hebei_award_notice_detail_browser_saved.html"), url, ref_date=REF
    )
    assert info.pub_date == D("2021-10-11")


def test_links_of_a_real_page():
    url = "http://www.lishui.gov.cn/art/2023/10/23/art_1229283449_2493752.html"
    links = extract_links(real_doc("detail/lishui_gov_xxgk_detail_zjzwfw.html"), url)
    urls = [link.url for link in links]
    assert len(urls) == len(set(urls))
    pdf = [link for link in links if "downfile.jsp" in link.url]
    assert len(pdf) == 1 and pdf[0].kind == "attachment" and pdf[0].tag == "a"
    assert any(link.tag == "script" for link in links)
    assert any(link.tag == "link" for link in links)
    assert all(link.url.startswith("http") and "#" not in link.url for link in links)
