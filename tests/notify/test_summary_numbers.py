"""The summary mails' numbers agree with themselves: "本周新发现 N" in the headline, the subject's
text part and the trend's last bar are counted by one rule (issue 12: 32 new against a bar of 30,
the difference being issues the office had marked false alarms or waived)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from govaudit.issues import lifecycle as I
from govaudit.notify import mail
from govaudit.store import open_db

from tests.issues import seed
from tests.visible_text import html_text

WED = seed.MON + dt.timedelta(days=2)


@pytest.mark.parametrize("weekly", [True, False])
def test_new_and_rectified_agree_with_the_trend(tmp_path: Path, weekly: bool) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 's.db'}")
    cfg = seed.config(smtp_port=2525)
    seed.seed(sessions, cfg, as_of=WED)  # 4 issues found on Wednesday
    ids = [i.id for i in I.list_issues(sessions)]
    I.mark_false_alarm(sessions, ids[0], actor="办公室", reason="经核实不是问题")
    I.waive(sessions, ids[1], actor="办公室", reason="栏目已停用")
    summary = mail.summary_mail(sessions, cfg, WED, weekly=weekly)
    assert summary is not None
    html = html_text(summary.html)
    word = "本周" if weekly else "今日"
    headline = int(re.search(rf"{word}新发现\n(\d+)", html).group(1))  # type: ignore[union-attr]
    bars = [int(n) for n in re.findall(r"新发现 (\d+)", html)]
    listed = int(re.search(rf"{word}新发现（(\d+) 项）", html).group(1))  # type: ignore[union-attr]
    text_new = int(re.search(rf"{word}新发现 (\d+) 项", summary.text).group(1))  # type: ignore[union-attr]
    assert headline == bars[-1] == listed == text_new == 2
