"""What a page's footer shows (指引2017): 网站标识码, 党政机关标识, ICP备案, 公安机关备案, 主办单位,
联系方式, 我为政府网站找错. Pure: (HTML tree) -> FooterFacts; nothing is judged here.

The whole page is read (its visible text, and the attributes of links, images and scripts),
since footers are written in many ways: a TRS block, a table cell, a script that writes the
党政机关标识 (dcs.conac.cn) or the 找错 button (jiucuo.js with its sitecode).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml.html import HtmlElement

from .htmldoc import collapse_ws, visible_text

ITEMS = ("site_code", "conac", "icp", "police", "sponsor", "contact", "jiucuo")
ITEM_NAMES = {
    "site_code": "网站标识码", "conac": "党政机关标识", "icp": "ICP备案号", "police": "公安机关备案号",
    "sponsor": "主办单位", "contact": "联系方式", "jiucuo": "“我为政府网站找错”入口",
}  # fmt: skip
_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新港澳台"
_CODE_TEXT = re.compile(r"标识码\s*[：:]?\s*([0-9A-Za-z]{1,20})")
_CODE_ATTR = re.compile(r"site_?code\s*[=:]\s*['\"]?([0-9A-Za-z]{1,20})", re.I)
_ICP_ANY = re.compile(r"ICP\s*备", re.I)
_ICP = re.compile(rf"[{_PROVINCES}]\s*ICP\s*备\s*\d{{6,10}}\s*号?(?:\s*-\s*\d{{1,3}})?", re.I)
_ICP_LIKE = re.compile(r"\S{0,3}ICP\s*备\s*[0-9A-Za-z\-]*\s*号?", re.I)
_POLICE = re.compile(rf"[{_PROVINCES}]?\s*公网安备\s*(\d+)\s*号?")
_POLICE_WORDS = ("公网安备", "公安机关备案", "公安备案")
_SPONSOR_WORDS = ("主办", "版权所有", "承办单位", "Copyright", "©")
_CONTACT_WORDS = ("联系电话", "电话", "联系我们", "邮箱", "地址", "E-mail", "Email")


@dataclass
class FooterFacts:
    site_codes: list[str] = field(default_factory=list)  # every 网站标识码 written on the page
    conac: bool = False
    icp: str | None = None  # the ICP number as written (valid pattern)
    icp_malformed: str | None = None  # an ICP text not matching the pattern
    police: str | None = None
    police_malformed: str | None = None
    sponsor: bool = False
    contact: bool = False
    jiucuo: bool = False

    def present(self) -> dict[str, bool]:
        return {
            "site_code": bool(self.site_codes), "conac": self.conac, "icp": bool(self.icp or self.icp_malformed),
            "police": bool(self.police or self.police_malformed), "sponsor": self.sponsor,
            "contact": self.contact, "jiucuo": self.jiucuo,
        }  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _attrs(doc: HtmlElement) -> str:
    parts = []
    for el in doc.iter("a", "img", "script", "iframe", "span", "div"):
        for name in ("href", "src", "onclick", "sitecode", "site_code", "alt", "title", "id"):
            value = el.get(name)
            if value:
                parts.append(f"{name}={value}")
    for el in doc.iter("script"):
        script = (el.text or "").lower()
        if any(w in script for w in ("site_code", "sitecode", "conac.cn", "jiucuo")):
            parts.append(script[:5000])
    return "\n".join(parts)


def extract_footer(doc: HtmlElement) -> FooterFacts:
    body = doc.find("body")
    text = collapse_ws(visible_text(body if body is not None else doc, sep=" "))
    attrs = _attrs(doc)
    facts = FooterFacts()
    codes = [m.group(1) for m in _CODE_TEXT.finditer(text)] + [m.group(1) for m in _CODE_ATTR.finditer(attrs)]
    facts.site_codes = list(dict.fromkeys(codes))
    low = attrs.lower()
    # the conac.cn link or script, its embed span (id _ideConac), or the image named as such
    facts.conac = "conac.cn" in low or "id=_ideconac" in low or "alt=党政机关" in low
    if m := _ICP.search(text):
        facts.icp = collapse_ws(m.group(0))
    elif _ICP_ANY.search(text):
        facts.icp_malformed = collapse_ws((_ICP_LIKE.search(text) or _ICP_ANY.search(text)).group(0))  # type: ignore[union-attr]
    if m := _POLICE.search(text):
        number = m.group(1)
        if len(number) == 14:
            facts.police = collapse_ws(m.group(0))
        else:
            facts.police_malformed = collapse_ws(m.group(0))
    elif any(w in text for w in _POLICE_WORDS) or "beian.gov.cn/portal/registersysteminfo" in low:
        facts.police = next((w for w in _POLICE_WORDS if w in text), "公安备案链接")
    facts.sponsor = any(w in text for w in _SPONSOR_WORDS)
    facts.contact = any(w in text for w in _CONTACT_WORDS)
    facts.jiucuo = "jiucuo" in low or "找错" in text
    return facts
