"""What an official actually reads, and the English/internal words that must not be in it.

`html_text` gives the visible text of an HTML page (text nodes outside script/style, plus the
attributes a person sees: title, alt, placeholder, button values); `xlsx_text` every cell value
of every sheet (hidden columns and hidden sheets excepted: a machine key kept there is fine);
`mail_text` the text and HTML parts of a mail. `leaks(text)` lists what must not show: snake_case
identifiers, check ids, evidence keys, English words of 3+ letters not on the allow-list, and
exception text. URLs, mail addresses and file names are taken out first: a person sees them and
they are not words of the interface.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from email.message import EmailMessage

from govaudit.checks.base import SPECS
from lxml import html as lxml_html

#: ASCII words an official may see: units, protocols, standard names, file types, the product
ALLOWED = {
    "http", "https", "html", "ipv6", "icp", "pdf", "kb", "mb", "gb", "doc", "docx", "xls", "xlsx",
    "wps", "csv", "json", "excel", "url", "govaudit", "utc", "dns", "ssl", "tls", "aaaa", "gov", "www", "com",
    # 指引2017 page metadata names: what the webmaster must add, named as the guideline names them
    "sitename", "sitedomain", "siteidcode", "columnname", "columndescription", "columnkeywords",
    "columntype", "articletitle", "pubdate", "contentsource", "meta", "yyyy", "hh",
}  # fmt: skip

_URL = re.compile(
    r"(?:https?|file|mailto)://[^\s<>\"'，。；、）)]+|(?:www\.)?[\w.-]+\.(?:gov\.cn|test|com|cn)\b"
)
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FILE = re.compile(
    r"[^\s\\:：（）()，。“”]+\.(?:html?|eml|xlsx?|docx?|pdf|csv|wps|txt|zip|ya?ml|json|png|jpe?g|md)\b", re.I
)
_PATH = re.compile(r"(?<![\w:])(?:/[\w.\-\u4e00-\u9fff]+){2,}/?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXCEPTION = re.compile(r"Traceback|\b[A-Z]\w*(?:Error|Exception|Failure)\b|<twisted|twisted\.")

CHECK_IDS = set(SPECS)
EVIDENCE_KEYS = {k for spec in SPECS.values() for k in spec.evidence}


def html_text(page: str | bytes) -> str:
    doc = lxml_html.fromstring(page if page else "<html></html>")
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    parts: list[str] = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("type") == "hidden" or el.get("hidden") is not None:
            continue
        for attr in ("title", "alt", "placeholder", "aria-label"):
            if el.get(attr):
                parts.append(el.get(attr))
        if (
            el.tag in ("input", "button")
            and el.get("type") in ("submit", "button", "reset")
            and el.get("value")
        ):
            parts.append(el.get("value"))
        if el.tag == "option" and el.text:
            parts.append(el.text)
            continue
        if el.text and el.tag not in ("option",):
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return "\n".join(p.strip() for p in parts if p and p.strip())


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    parts: list[str] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        parts.append(ws.title)
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or getattr(cell, "column_letter", "") in hidden:
                    continue
                parts.append(str(cell.value))
    return "\n".join(parts)


def mail_text(message: EmailMessage) -> str:
    parts = [str(message["Subject"] or "")]
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype == "text/plain":
            parts.append(part.get_content())
        elif ctype == "text/html":
            parts.append(html_text(part.get_content()))
        filename = part.get_filename()
        if filename:
            parts.append(filename)
    return "\n".join(parts)


def leaks(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The words in `text` an official must not see (empty when the text is clean)."""
    allow = ALLOWED | {a.lower() for a in allowed}
    found: list[str] = []
    for m in _EXCEPTION.finditer(text):
        found.append(f"exception text: {text[max(0, m.start() - 30) : m.end() + 30]!r}")
    cleaned = _PATH.sub(" ", _FILE.sub(" ", _URL.sub(" ", _MAIL.sub(" ", text))))
    for m in _WORD.finditer(cleaned):
        word = m.group()
        if word.lower() in allow:
            continue
        if word in CHECK_IDS:
            found.append(f"check id {word!r}")
        elif word in EVIDENCE_KEYS:
            found.append(f"evidence key {word!r}")
        elif "_" in word.strip("_"):
            found.append(f"identifier {word!r}")
        elif sum(c.isalpha() for c in word) >= 3:
            found.append(f"English word {word!r}")
    return found


def assert_chinese(text: str, where: str, allowed: Iterable[str] = ()) -> None:
    bad = leaks(text, allowed)
    if bad:
        context = sorted(set(bad))[:40]
        raise AssertionError(f"{where}: {len(bad)} English/internal words shown:\n  " + "\n  ".join(context))
