"""Check characters of Chinese organisation identifiers used in 索引号 (index numbers).

- GB 32100-2015 统一社会信用代码: 18 characters, the last a mod-31 check character.
- GB 11714-1997 组织机构代码: 8 characters + a mod-11 check character (X for 10), often
  written with a hyphen (12345678-9).
索引号 (政府信息公开): `<organisation code>/<year>-<serial>` (e.g. 113325000026455663/2023-4388).
"""

from __future__ import annotations

import re

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
INDEX_NO_RE = re.compile(r"^(?P<code>[0-9A-Z]{18}|[0-9A-Z]{8}-?[0-9X])/(?P<year>\d{4})-(?P<serial>\d{1,10})$")


def uscc_valid(code: str) -> bool:
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17.upper(), _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - ord("A") + 10

    total = sum(value(c) * w for c, w in zip(first8.upper(), _ORG_WEIGHTS, strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def org_code_valid(code: str) -> bool:
    code = code.upper().replace("-", "")
    if len(code) != 9 or not code[:8].isalnum():
        return False
    return org_code_check_char(code[:8]) == code[8]


def index_number_problem(value: str, max_year: int) -> str | None:
    """None when the 索引号 is well formed, else a Chinese description of the problem."""
    v = re.sub(r"\s+", "", value)
    m = INDEX_NO_RE.match(v)
    if not m:
        return "格式不符合“机构代码/年份-序号”"
    code = m.group("code")
    ok = uscc_valid(code) if len(code) == 18 else org_code_valid(code)
    if not ok:
        return "机构代码校验位错误"
    year = int(m.group("year"))
    if not 1949 <= year <= max_year:
        return f"年份 {year} 不合理"
    return None
