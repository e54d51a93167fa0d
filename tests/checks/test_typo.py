"""typo: the shipped dictionary, its guards, the user's entries and allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest
from govaudit.checks.wordlists import WordMatcher, shipped_typos

from tests.checks.content_helpers import SITE, check_snapshot
from tests.conftest import REALPAGES

PLANTED = {"部暑": "部署", "贯撤": "贯彻", "再接再励": "再接再厉", "截止目前": "截至目前", "迫不急待": "迫不及待",
           "勿庸置疑": "毋庸置疑", "各抒已见": "各抒己见", "按装": "安装", "既往不究": "既往不咎"}  # fmt: skip

CORRECT_TEXT = (
    "县政府召开常务会议，研究部署安全生产工作。会议要求，各部门要认真贯彻落实上级决策部署，再接再厉，"
    "截至目前已完成年度任务的九成。毋庸置疑，这项工作迫不及待，与会人员各抒己见。既往不咎不适用于失职渎职。"
    "教育部暑期社会实践活动按装修标准验收，公布署名文章。坚持以经济建设为中心，自己经常学习，一如既往，"
    "按部就班，各行其是，名副其实，迫在眉睫，川流不息，蛛丝马迹，美轮美奂，脍炙人口，竣工验收，候选人。"
)


def test_dictionary_is_sound() -> None:
    entries, guards = shipped_typos()
    assert len(entries) >= 300
    assert all(w != c and w and c for w, c in entries.items())
    correct = set(entries.values())
    # a wrong form inside a correct form of the list would be silenced there: allowed only when it is
    # really correct text, so list none by mistake
    inside = {w for w in entries for c in correct if w in c}
    assert inside == set(), inside
    assert all(any(w in g for w in entries) for g in guards)  # every guard protects some wrong form


def test_each_planted_typo_is_found_with_its_suggestion(tmp_path: Path) -> None:
    text = "。".join(f"第{i}段：我们{w}相关工作" for i, w in enumerate(PLANTED)) + "。"
    pages = [{"url": SITE + "/tzgg/a.html", "title": "关于做好年终工作的通知", "text": text}]
    findings, _ = check_snapshot(tmp_path, "typo", pages)
    assert len(findings) == 1  # one finding per page
    f = findings[0]
    assert f.severity.value == "minor" and f.column == "通知公告"
    assert {t["wrong"]: t["correct"] for t in f.evidence["typos"]} == PLANTED
    assert all(t["wrong"] in t["context"] for t in f.evidence["typos"])
    assert "“部暑”应为“部署”" in f.message and f"等 {len(PLANTED)} 处" in f.message


def test_correct_text_gives_nothing(tmp_path: Path) -> None:
    pages = [{"url": SITE + "/tzgg/a.html", "title": "县政府召开常务会议", "text": CORRECT_TEXT}]
    findings, _ = check_snapshot(tmp_path, "typo", pages)
    assert findings == []


def test_user_entries_and_allow_list(tmp_path: Path) -> None:
    text = "示范县青山镇召开部暑会。县里的按装村是地名。会上表扬了工作人员“小张”。"
    pages = [{"url": SITE + "/tzgg/a.html", "title": "通知", "text": text}]
    findings, _ = check_snapshot(
        tmp_path, "typo", pages, content={"typos": {"小张": "小章"}, "typo_allow": ["按装村"]}
    )
    got = {t["wrong"] for t in findings[0].evidence["typos"]}
    assert got == {"部暑", "小张"}
    # per site: the site's allow-list replaces the global one
    (tmp_path / "x").mkdir()
    findings, _ = check_snapshot(
        tmp_path / "x", "typo", pages, site_content={"typo_allow": ["部暑会", "按装村"]}
    )
    assert findings == []


def test_excerpt_stays_in_its_paragraph_and_masks_numbers() -> None:
    from govaudit.checks.wordlists import excerpt

    text = "【字体：大 中 小】\n会议研究部暑了工作，联系电话13912345678。\n下一段"
    i = text.index("部暑")
    ex = excerpt(text, i, i + 2)
    assert ex.startswith("会议研究部暑") and "字体" not in ex and "下一段" not in ex
    assert "13912345678" not in ex and "139****5678" in ex


def test_matcher_guards_overlaps() -> None:
    m = WordMatcher({"部暑": "部署", "布署": "部署"}, guards=["部暑期"])
    assert [x.wrong for x in m.find("教育部暑期活动；请认真部暑；公布署名")] == ["部暑", "布署"]
    m = WordMatcher({"部暑": "部署", "布署": "部署"}, guards=["部暑期", "布署名"])
    assert [x.wrong for x in m.find("教育部暑期活动；请认真部暑；公布署名")] == ["部暑"]
    assert WordMatcher({}).find("任何文字") == []


@pytest.mark.realpages
def test_no_typo_on_real_pages() -> None:
    """Published government pages (well proofread) meet no wrong form of the dictionary."""
    from govaudit.crawler.extract import decode_html, parse_html

    files = sorted(REALPAGES.glob("**/*.htm*"))
    if not files:
        pytest.skip("../shared/realpages not present")
    entries, guards = shipped_typos()
    matcher = WordMatcher(entries, guards=guards)
    for f in files:
        text = parse_html(decode_html(f.read_bytes(), None)[0]).text_content()
        assert matcher.find(text) == [], f.name
