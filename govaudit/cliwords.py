"""argparse in Chinese: the words it prints itself (usage, headings, its error messages).

argparse looks its words up through the module-level `_` (gettext) each time it prints, so one
table installed at start-up turns `usage:` into `用法：` and "the following arguments are
required" into "缺少必需的参数" for every parser of the `govaudit` command.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "取值 %(value)r 无效（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "取值 %(value)r 无效",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开文件“%(filename)s”：%(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _translate(text: str) -> str:
    return WORDS.get(text, text)


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]
