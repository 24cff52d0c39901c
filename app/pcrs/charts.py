"""Server-side SVG bar charts: geometry only, rendered by templates/readiness/_chart.html.

No JavaScript and no CDN. Charts are horizontal bars, each row with its label on the left and
its value written out on the right; series are told apart by fill pattern (solid, hatched,
dotted, cross-hatched) as well as colour, and targets are drawn as dashed markers whose values
are also written out, so a chart reads the same without colour. Every chart sits next to a
table of the same figures, which is also the CSV export.
"""
import math
from dataclasses import dataclass

LABEL_W = 230
PLOT_W = 330
VALUE_W = 300
LABEL_CHARS = 34
WIDTH = LABEL_W + PLOT_W + VALUE_W
ROW_H = 30
BAR_H = 18
TOP = 34
BOTTOM = 26
PATTERNS = ("solid", "diagonal", "dots", "cross")
TONES = ("blue", "orange", "green", "yellow", "red", "grey")


@dataclass(frozen=True)
class Series:
    """One kind of bar segment: its legend label, fill pattern and colour tone."""

    label: str
    pattern: str = "solid"
    tone: str = "blue"


@dataclass(frozen=True)
class RowSpec:
    label: str
    values: tuple  # one number per series (stacked)
    text: str  # what the row says in words and numbers, drawn right of the bar
    target: float | None = None
    tones: tuple | None = None  # per-segment tone overriding the series tone (status colours)
    patterns: tuple | None = None  # per-segment pattern overriding the series pattern


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: float
    fill: str  # "fill-<tone>" class for solid fills, or a pattern id


@dataclass(frozen=True)
class Row:
    y: float
    label: str  # shortened to fit; `full_label` is drawn as its tooltip and in the table
    full_label: str
    text: str
    segments: tuple
    target_x: float | None


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rows: tuple
    ticks: tuple
    legend: tuple  # (Series, fill, x) triples
    patterns: tuple  # (pattern id, pattern kind, tone) to define
    has_target: bool
    target_label: str
    target_legend_x: float = 0
    plot_x: int = LABEL_W
    plot_w: int = PLOT_W
    top: int = TOP
    bar_h: int = BAR_H

    @property
    def axis_y(self) -> float:
        return self.height - BOTTOM


def nice_max(value: float) -> float:
    """The smallest 1, 2, 4 or 8 x 10^k at or above `value`, and at least 4, so that the
    quarter ticks of small counts fall on whole numbers."""
    if value <= 4:
        return 4.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def count_tick(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "\u2026"


def _fill(chart_id: str, pattern: str, tone: str) -> str:
    return f"fill-{tone}" if pattern == "solid" else f"{chart_id}-{pattern}-{tone}"


def bar_chart(chart_id: str, title: str, description: str, series: list[Series],
              rows: list[RowSpec], *, max_value: float | None = None, target_label: str = "",
              tick_format=None) -> Chart:
    """Lay out stacked horizontal bars on a common scale that fits every bar and target."""
    biggest = max([sum(r.values) for r in rows] + [r.target or 0 for r in rows] + [0])
    top_value = max_value if max_value is not None else nice_max(biggest)
    scale = PLOT_W / top_value
    laid, used = [], {}
    for index, spec in enumerate(rows):
        x, segments = float(LABEL_W), []
        for i, value in enumerate(spec.values):
            tone = (spec.tones or [None] * len(spec.values))[i] or series[i].tone
            pattern = (spec.patterns or [None] * len(spec.values))[i] or series[i].pattern
            fill = _fill(chart_id, pattern, tone)
            if pattern != "solid":
                used[fill] = (fill, pattern, tone)
            width = max(0.0, min(value, top_value) * scale)
            segments.append(Segment(round(x, 1), round(width, 1), value, fill))
            x += width
        target_x = None if spec.target is None else round(LABEL_W + min(spec.target, top_value)
                                                          * scale, 1)
        laid.append(Row(TOP + index * ROW_H, short(spec.label), spec.label, spec.text,
                        tuple(segments), target_x))
    for s in series:
        if s.pattern != "solid":
            fill = _fill(chart_id, s.pattern, s.tone)
            used[fill] = (fill, s.pattern, s.tone)
    tick_format = tick_format or count_tick
    ticks = tuple(Tick(round(LABEL_W + PLOT_W * k / 4, 1), tick_format(top_value * k / 4))
                  for k in range(5))
    legend, x = [], 8
    for s in series:
        legend.append((s, _fill(chart_id, s.pattern, s.tone), x))
        x += 30 + 7 * len(s.label)
    return Chart(chart_id, title, description, WIDTH, TOP + len(rows) * ROW_H + BOTTOM,
                 tuple(laid), ticks, tuple(legend), tuple(used.values()),
                 any(r.target is not None for r in rows), target_label, x)


@dataclass(frozen=True)
class Table:
    """A chart's figures: column headings and rows of plain values (numbers stay numbers)."""

    columns: tuple
    rows: tuple
    tones: tuple = ()  # per row: green | yellow | red, shown as a coloured badge on the last cell


@dataclass(frozen=True)
class Panel:
    """One dashboard section: its charts, the table beside them, and the CSV export key."""

    key: str
    title: str
    intro: str
    charts: tuple
    table: Table
