"""The benchmarks' verdicts and table (bench/verdicts.py) and their alternated pairs
(bench/pairs.py), on recorded figures: no benchmark runs here."""
import json

import pytest

from bench.pairs import Pairs, agreement, alternate, median_interval
from bench.verdicts import Recorder, Target, read, report, table, verdict


def figure(ratio=None, value=None, target=None, interval=None, **extra):
    return {"bench": "b", "name": "n", "unit": "s", "value": value, "baseline": None,
            "ratio": ratio, "spread": None, "interval": interval, "runs": 1,
            "target": target and {"op": target.op, "limit": target.limit, "of": target.of},
            "note": "", **extra}


@pytest.mark.parametrize("ratio, expected", [
    (1.25, "met"),          # exactly at the target
    (1.2504, "met"),        # printed as 1.25: judged as printed
    (1.251, "MISSED"),      # just over
    (1.2506, "MISSED"),     # printed as 1.251
    (0.8, "met"),
])
def test_ratio_at_most(ratio, expected):
    assert verdict(figure(ratio=ratio, target=Target("<=", 1.25))) == expected


@pytest.mark.parametrize("ratio, expected", [(0.5, "met"), (0.4999, "MISSED"), (0.49996, "met"),
                                             (0.53, "met")])
def test_throughput_at_least(ratio, expected):
    assert verdict(figure(ratio=ratio, target=Target(">=", 0.5))) == expected


@pytest.mark.parametrize("value, expected", [(499.9, "met"), (500, "MISSED"), (500.1, "MISSED")])
def test_strictly_under_a_value(value, expected):
    assert verdict(figure(value=value, target=Target("<", 500, of="value"))) == expected


def test_exact_counts_and_info_and_error():
    assert verdict(figure(value=0, target=Target("==", 0, of="value"))) == "met"
    assert verdict(figure(value=1, target=Target("==", 0, of="value"))) == "MISSED"
    assert verdict(figure(value=3.2, ratio=1.9)) == "info"
    assert verdict({"bench": "b", "name": "(run)", "error": "exit 1"}) == "ERROR"
    assert verdict(figure(ratio=None, target=Target("<=", 1.25))) == "ERROR"


def test_close_when_the_interval_straddles_the_limit():
    target = Target("<=", 1.25)
    assert verdict(figure(ratio=1.2, target=target, interval=[1.15, 1.24])) == "met"
    assert verdict(figure(ratio=1.2, target=target, interval=[1.15, 1.3])) == "met (close)"
    assert verdict(figure(ratio=1.3, target=target, interval=[1.2, 1.4])) == "MISSED (close)"
    assert verdict(figure(ratio=1.3, target=target, interval=[1.26, 1.4])) == "MISSED"


def test_bad_target_is_refused():
    with pytest.raises(ValueError):
        Target("=<", 1.25)
    with pytest.raises(ValueError):
        Target("<=", 1.25, of="median")


def test_median_interval_order_statistics():
    # 5 values: min-max covers the median with 1 - 2/32
    assert median_interval([5, 1, 4, 2, 3]) == (1, 5, 0.9375)
    # 11 values: x(3)..x(9), coverage 1 - 2 * P(Bin(11, 1/2) <= 2) = 1 - 2 * 67/2048
    low, high, coverage = median_interval(range(1, 12))
    assert (low, high) == (3, 9) and coverage == pytest.approx(1 - 134 / 2048)
    # too few for 90 %: min-max and its lower coverage
    assert median_interval([3, 1, 2]) == (1, 3, 0.75)
    assert median_interval([7]) == (7, 7, 0.0)
    with pytest.raises(ValueError):
        median_interval([])


def test_pairs_summary_uses_per_pair_ratios():
    pairs = Pairs([(2.0, 1.0), (1.0, 1.0), (9.0, 6.0)])  # ratios 2, 1, 1.5
    summary = pairs.summary()
    assert summary["ratio"] == 1.5 and summary["spread"] == [1.0, 2.0]
    # not the ratio of the medians (2.0 / 1.0)
    assert summary["value"] == 2.0 and summary["baseline"] == 1.0
    assert pairs.summary("value")["spread"] == [1.0, 9.0]


def _steps(ours_values, base_values, calls):
    ours, base = iter(ours_values), iter(base_values)

    def measure_ours():
        calls.append("ours")
        return next(ours)

    def measure_base():
        calls.append("base")
        return next(base)
    return measure_ours, measure_base


def test_alternate_swaps_the_order_and_stops_when_firm():
    calls = []
    ours, base = _steps([1.0] * 50, [1.0] * 50, calls)
    pairs = alternate(ours, base, min_pairs=5, max_pairs=40, targets=[Target("<=", 1.25)])
    assert len(pairs.pairs) == 5  # every ratio 1.0: firm at the minimum
    assert calls[:6] == ["ours", "base", "base", "ours", "ours", "base"]


def test_alternate_goes_on_while_close_up_to_the_maximum():
    calls = []
    ratios = [1.1, 1.4] * 30  # half under, half over 1.25: never firm
    ours, base = _steps(ratios, [1.0] * 60, calls)
    pairs = alternate(ours, base, min_pairs=5, max_pairs=12, targets=[Target("<=", 1.25)])
    assert len(pairs.pairs) == 12
    figure_ = figure(target=Target("<=", 1.25), **{k: v for k, v in pairs.summary().items()
                                                  if k in ("ratio", "interval")})
    assert verdict(figure_).endswith("(close)")


def test_alternate_without_targets_takes_the_minimum():
    ours, base = _steps([2.0] * 9, [1.0] * 9, [])
    assert len(alternate(ours, base, min_pairs=3, max_pairs=9).pairs) == 3


def test_agreement_is_certain_far_from_the_target_and_uncertain_at_it():
    target = Target("<=", 1.25)
    assert agreement([1.0, 1.02, 0.98, 1.01, 0.99], target, n=5) == 1.0
    near = [1.2, 1.3, 1.22, 1.28, 1.24, 1.26, 1.25, 1.27, 1.23]
    assert 0.3 < agreement(near, target, n=5) < 0.95


def test_recorded_figures_make_one_table_and_exit_status(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_SUITE", "1")
    results = tmp_path / "bench.jsonl"
    single = Recorder("cert_issue", results)
    single.add("one certificate", pairs=Pairs([(0.125, 0.1)] * 6), target=Target("<=", 1.25))
    assert single.finish() == 0
    bulk = Recorder("cert_bulk", results)
    bulk.add("bulk", pairs=Pairs([(40.0, 32.0), (40.2, 32.0), (41.0, 32.0)]),
             target=Target("<=", 1.25))
    assert bulk.finish() == 1  # 1.256x: just over
    Recorder("dashboard", results).add("never finished", value=0.1)

    figures, finished = read(results)
    assert finished == {"cert_issue", "cert_bulk"}
    assert [json.loads(line).get("finished") for line in results.read_text().splitlines()] \
        == [None, True, None, True, None]
    text, status = report(results, expected=["cert_issue", "cert_bulk", "dashboard"])
    assert status == 1
    rows = {line.split()[0] + " " + line.split()[1]: line for line in text.splitlines()[2:-1]}
    assert "1.25x" in rows["cert_issue one"] and rows["cert_issue one"].endswith(" met")
    # 1.256x, just over; its lowest pair (1.25x) meets the target: a repeat may differ
    assert "1.256x" in rows["cert_bulk bulk"] and rows["cert_bulk bulk"].endswith(
        " MISSED (close)")
    assert "1.25–1.281x" in rows["cert_bulk bulk"]  # the spread of the per-pair ratios
    assert rows["dashboard never"].endswith(" info")
    assert " ERROR " in rows["dashboard (run)"] and "did not finish" in rows["dashboard (run)"]
    assert text.splitlines()[-1] == ("4 figures: 1 met, 1 MISSED, 1 info, 1 ERROR; "
                                     "1 close to the target (a repeat may differ)")


def test_all_met_exits_zero_and_nothing_recorded_fails(tmp_path):
    results = tmp_path / "r.jsonl"
    results.write_text(json.dumps(figure(ratio=0.5, target=Target(">=", 0.5))) + "\n")
    assert report(results)[1] == 0
    results.write_text("")
    assert report(results)[1] == 1


def test_table_columns_line_up():
    text = table([figure(ratio=1.0, value=0.09, target=Target("<=", 1.25)),
                  figure(value=37.3, target=Target("<", 60, of="value"))])
    header, rule, *rows, total = text.splitlines()
    assert header.split()[:9] == ["benchmark", "figure", "ours", "baseline", "ratio", "spread",
                                  "n", "target", "verdict"]
    assert "90 ms" in rows[0] and "37.3 s" in rows[1] and "< 60 s" in rows[1]
    assert header.index("verdict") == rows[0].index("met") == rows[1].index("met")
