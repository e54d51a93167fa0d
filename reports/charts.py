"""Charts as SVG text, drawn on the server (no script, no CDN): the web console's dashboard, the
HTML report and the mails embed the same strings. Every label is escaped; the charts carry a
<title> and per-bar/point <title> so a screen reader (and a test) can read the numbers.

- `bars`: horizontal grouped bars, one row per label (e.g. 未办结 and 逾期 per unit);
- `line`: one series over time (整改率 by week, 平均整改天数 by week); None = no data that week.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#6b7c93", "#b4262a", "#d9822b", "#2e7d32")
FONT = 'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT} font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bars(title: str, rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str],
         *, width: int = 560, colors: Sequence[str] = PALETTE) -> str:  # fmt: skip
    """Grouped horizontal bars: `rows` = (label, one value per series)."""
    label_w, bar_h, gap, top = 150, 12, 10, 34
    group_h = bar_h * len(series) + gap
    height = top + max(1, len(rows)) * group_h + 10
    top_value = max([v for _, vals in rows for v in vals] + [1])
    scale = (width - label_w - 50) / top_value
    body = [f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>']
    for i, name in enumerate(series):  # the legend
        x = label_w + i * 90
        body.append(f'<rect x="{x}" y="20" width="10" height="10" fill="{colors[i % len(colors)]}"/>'
                    f'<text x="{x + 14}" y="29">{escape(name)}</text>')  # fmt: skip
    if not rows:
        body.append(f'<text x="{label_w}" y="{top + 12}" fill="#777">暂无数据</text>')
    for r, (label, values) in enumerate(rows):
        y = top + r * group_h
        short = label if len(label) <= 11 else label[:10] + "…"
        body.append(f'<text x="{label_w - 6}" y="{y + bar_h * len(series) / 2 + 4}" text-anchor="end">'
                    f"<title>{escape(label)}</title>{escape(short)}</text>")  # fmt: skip
        for i, value in enumerate(values):
            by = y + i * bar_h
            w = max(value * scale, 1 if value else 0)
            body.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" fill="{colors[i % len(colors)]}">'
                f"<title>{escape(label)} {escape(series[i])}：{_fmt(value)}</title></rect>"
                f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}" font-size="10">{_fmt(value)}</text>'
            )
    return _svg(width, height, title, body)


def line(title: str, points: Sequence[tuple[str, float | None]], *, unit: str = "", width: int = 560,
         height: int = 200, y_max: float | None = None, color: str = PALETTE[1]) -> str:  # fmt: skip
    """One series: (x label, value or None); the axis starts at 0 (up to `y_max` or the data)."""
    left, right, top, bottom = 44, 16, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, v in points if v is not None]
    top_value = y_max or (max(max(values) * 1.15, 1) if values else 4)  # all zero: still a scale
    body = [f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>']
    for k in range(5):  # grid and y labels
        tick = top_value * k / 4
        y = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                    f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">'
                    f"{_fmt(tick)}{escape(unit)}</text>")  # fmt: skip
    step = plot_w / max(1, len(points) - 1)
    coords = []
    for i, (label, value) in enumerate(points):
        x = left + i * step if len(points) > 1 else left + plot_w / 2
        body.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" font-size="10">{escape(label)}</text>'
        )
        if value is None:
            continue
        y = top + plot_h - plot_h * min(value, top_value) / top_value
        coords.append(f"{x:.1f},{y:.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}">'
                    f"<title>{escape(label)}：{_fmt(value)}{escape(unit)}</title></circle>")  # fmt: skip
    if len(coords) > 1:
        body.insert(
            1, f'<polyline points="{" ".join(coords)}" fill="none" stroke="{color}" stroke-width="2"/>'
        )
    if not values:
        body.append(f'<text x="{left + 10}" y="{top + plot_h / 2}" fill="#777">暂无数据</text>')
    return _svg(width, height, title, body)
