"""Turn the bytes of a Chinese government page into text.

Declared charsets on these sites are often wrong: a page says ``charset=utf-8`` and is GBK, or says
``gb2312`` and is UTF-8 (the CMS template was re-encoded, the declaration was not). The rules, in
order:

1. A byte-order mark decides (UTF-8, UTF-16).
2. Bytes that are (almost) valid UTF-8 are UTF-8, whatever is declared: GBK text is practically
   never valid UTF-8, while UTF-8 bytes very often *also* decode "cleanly" as GB18030 (as
   mojibake), so a GB declaration cannot be trusted merely because the bytes decode under it.
   A page declared UTF-8 (or declaring nothing) with some invalid bytes among mostly valid UTF-8
   stays UTF-8: the bad bytes are replaced, the page is not re-guessed whole.
3. Otherwise a declaration (HTTP ``Content-Type`` first, then an ``<?xml encoding=…?>``
   declaration, ``<meta charset>`` / ``<meta http-equiv>`` near the top) is trusted when the bytes
   decode under it (almost) cleanly. GB2312 and GBK are decoded as GB18030, their superset: pages declared GB2312 often
   contain GBK/GB18030-only characters.
4. Then GB18030; then UTF-8 or GB18030, whichever leaves fewer bad bytes, when they are under 5 %
   of the non-ASCII bytes; a statistical detector (charset_normalizer); at last UTF-8 with
   replacement.

"Almost": one undecodable byte per 200 non-ASCII bytes is tolerated (stray bytes, a body cut
short by a size cap, a character cut off at the end).

Never raises.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "normalize_encoding"]

_CHARSET_IN_CT = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.I,
)
#: How far into the document a <meta> charset is looked for. Browsers use 1024 bytes; browser-saved
#: and JSP-wrapped pages put scripts before <head>, so look a little further.
_META_SCAN_BYTES = 8192

_GB_FAMILY = {
    "gb2312",
    "gbk",
    "gb18030",
    "gb_2312",
    "gb_2312-80",
    "x-gbk",
    "cp936",
    "ms936",
    "euc-cn",
    "hz-gb-2312",
}
#: Declarations that cannot tell us anything about Chinese text (every byte decodes under them).
_SINGLE_BYTE = {"latin-1", "iso8859-1", "ascii", "cp1252", "windows-1252"}


def normalize_encoding(name: str | None) -> str | None:
    """Python codec name for a declared charset; GB2312/GBK/CP936 become ``gb18030``.

    Returns None for names Python does not know.
    """
    if not name:
        return None
    raw = name.strip().strip("\"'").lower()
    if raw in _GB_FAMILY or raw.startswith("gb2312") or raw.startswith("gbk"):
        return "gb18030"
    if raw in ("utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        return "utf-8"
    try:
        info = codecs.lookup(raw)
    except (LookupError, ValueError):
        return None
    if info.name in ("gb2312", "gbk"):
        return "gb18030"
    return info.name


def _declared(body: bytes, content_type: str | None) -> str | None:
    """The charset named by the HTTP header, else by a <meta> tag near the top of the document."""
    if content_type:
        m = _CHARSET_IN_CT.search(content_type.encode("latin-1", "ignore"))
        if m:
            enc = normalize_encoding(m.group(1).decode("ascii", "ignore"))
            if enc:
                return enc
    m = _XML_ENCODING.match(body[:512]) or _META_CHARSET.search(body[:_META_SCAN_BYTES])
    if m:
        return normalize_encoding(m.group(1).decode("ascii", "ignore"))
    return None


_ASCII_BYTES = bytes(range(128))
#: "mostly valid": at most one bad byte per MOSTLY non-ASCII bytes (GBK text read as UTF-8 has a
#: bad byte in nearly every character)
MOSTLY = 20


def _decode_tolerant(body: bytes, encoding: str, non_ascii: int, *, declared: bool = False) -> str | None:
    """Decode ``body``, accepting a few undecodable bytes; None when the bytes do not fit.

    Real pages carry the odd stray byte or a multi-byte character cut off at the end (a body
    truncated by a size cap); those must not push a UTF-8 page into a GB18030 mojibake decode.
    Accepted: a cut-off character at the very end, plus one bad byte per 200 non-ASCII bytes (one
    more when the page declares this encoding). Text in the wrong encoding produces errors on a
    large share of its non-ASCII bytes instead.
    """
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3:  # only the last character is cut off
            try:
                return body[: exc.start].decode(encoding) + "\ufffd"
            except UnicodeDecodeError:
                pass
    except LookupError:
        return None
    text = body.decode(encoding, errors="replace")
    if text.count("\ufffd") <= non_ascii // 200 + (1 if declared else 0):
        return text
    return None


def _detect(body: bytes) -> str | None:
    """Best guess of a statistical detector, or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is installed
        return None
    try:
        best = from_bytes(body[:200_000]).best()
    except Exception:  # pragma: no cover - a detector must never break extraction
        return None
    if best is None:
        return None
    return normalize_encoding(best.encoding)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; returns ``(text, encoding used)``. See the module docstring."""
    if not body:
        return "", "utf-8"
    if isinstance(body, str):  # tolerate callers that already hold text
        return body, "utf-8"
    # 1. byte-order marks
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if body.startswith(codecs.BOM_UTF16_LE) or body.startswith(codecs.BOM_UTF16_BE):
        return body.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"

    declared = _declared(body, content_type)
    if body.isascii():
        return body.decode("ascii"), declared or "utf-8"
    non_ascii = len(body.translate(None, _ASCII_BYTES))

    # 2. (almost) valid UTF-8 wins over any other declaration
    text = _decode_tolerant(body, "utf-8", non_ascii, declared=declared == "utf-8")
    if text is not None:
        return text, "utf-8"
    # 2b. a page declared UTF-8 (or declaring nothing) whose bytes are mostly valid UTF-8 is
    #     UTF-8 with a few bad bytes replaced — never re-guessed whole as GB18030 mojibake
    if declared in ("utf-8", None):
        text = body.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= non_ascii // MOSTLY:
            return text, "utf-8"

    # 3. a declaration the bytes agree with (single-byte Western declarations prove nothing)
    if declared and declared not in _SINGLE_BYTE and declared != "utf-8":
        text = _decode_tolerant(body, declared, non_ascii, declared=True)
        if text is not None:
            return text, declared

    # 4. GB18030; then whichever of UTF-8 / GB18030 has clearly fewer bad bytes; a detector;
    #    replacement
    text = _decode_tolerant(body, "gb18030", non_ascii)
    if text is not None:
        return text, "gb18030"
    scored = []
    for enc in ("utf-8", "gb18030"):
        candidate = body.decode(enc, errors="replace")
        scored.append((candidate.count("\ufffd"), enc, candidate))
    bad, enc, candidate = min(scored)
    if bad <= non_ascii // 20:
        return candidate, enc
    guess = _detect(body)
    if guess:
        try:
            return body.decode(guess, errors="replace"), guess
        except LookupError:  # pragma: no cover
            pass
    if declared:
        try:
            return body.decode(declared, errors="replace"), declared
        except LookupError:  # pragma: no cover
            pass
    return body.decode("utf-8", errors="replace"), "utf-8"
