"""Chart geometry: scales, stacked segments, targets, patterns for reading without colour."""
from app.pcrs.charts import (LABEL_W, PLOT_W, RowSpec, Series, bar_chart, count_tick,
                                  nice_max, short)


def test_nice_max_gives_whole_quarter_ticks():
    assert nice_max(0) == 4
    assert nice_max(3) == 4
    assert nice_max(12_000) == 20_000
    assert nice_max(4_000) == 4_000
    assert nice_max(41) == 80
    assert [count_tick(nice_max(7) * k / 4) for k in range(5)] == ["0", "2", "4", "6", "8"]


def test_stacked_segments_and_target_on_one_scale():
    chart = bar_chart("c", "T", "D", [Series("Troops"), Series("Police", "diagonal", "orange")],
                      [RowSpec("L3", (6000, 2000), "8,000", target=12_000),
                       RowSpec("L1", (0, 0), "0")])
    top = nice_max(12_000)
    first, second = chart.rows[0].segments
    assert first.x == LABEL_W and first.width == round(6000 * PLOT_W / top, 1)
    assert second.x == round(LABEL_W + 6000 * PLOT_W / top, 1)
    assert chart.rows[0].target_x == round(LABEL_W + 12_000 * PLOT_W / top, 1)
    assert chart.rows[1].target_x is None
    assert first.fill == "fill-blue"
    assert second.fill == "c-diagonal-orange"
    assert ("c-diagonal-orange", "diagonal", "orange") in chart.patterns
    assert chart.has_target
    assert chart.height > chart.rows[-1].y


def test_status_tones_and_patterns_override_per_row():
    chart = bar_chart("g", "T", "D", [Series("a")],
                      [RowSpec("x", (1,), "1", tones=("red",), patterns=("cross",))])
    assert chart.rows[0].segments[0].fill == "g-cross-red"


def test_long_labels_are_shortened_but_kept_whole_for_the_tooltip():
    label = "Democratic Republic of the Congo — staff officers and observers"
    chart = bar_chart("c", "T", "D", [Series("a")], [RowSpec(label, (1,), "1")])
    assert chart.rows[0].label == short(label) and chart.rows[0].label.endswith("\u2026")
    assert chart.rows[0].full_label == label
