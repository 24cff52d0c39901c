"""Figures, targets and verdicts shared by every benchmark, and the one table they print.

Each benchmark records its figures (name, value, baseline, ratio, spread, runs, target) as JSON
lines in one results file (BENCH_RESULTS, default bench/out/results.jsonl), then a line saying it
finished. `make bench` and `make load` (bench/suite.py) print the table of the whole file:

    .venv/bin/python -m bench.verdicts [RESULTS] [--agreement]

A verdict judges the figure as printed, to 4 significant digits: a ratio of 1.25 meets
"<= 1.25", 1.251 misses it. It is "close" when the interval of the median (bench/pairs.py)
straddles the limit: a repeat may then give the other verdict. Exit status 1 when any figure
misses its target or any benchmark failed to finish.
"""
import argparse
import json
import operator
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import OUT

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = OUT / "results.jsonl"
DIGITS = 4  # significant digits, shown and judged
OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt,
       "==": operator.eq}


def shown(x: float) -> float:
    """The value as the table prints it (4 significant digits)."""
    return float(f"{x:.{DIGITS}g}")


@dataclass(frozen=True)
class Target:
    """A limit on a figure's ratio to its baseline ("ratio") or on its own value ("value")."""
    op: str
    limit: float
    of: str = "ratio"

    def __post_init__(self):
        if self.op not in OPS or self.of not in ("ratio", "value"):
            raise ValueError(f"bad target {self}")

    def met(self, x: float) -> bool:
        return OPS[self.op](shown(x), self.limit)

    def label(self, unit: str = "") -> str:
        if self.of == "ratio":
            return f"{self.op} {self.limit:g}x"
        return f"{self.op} {self.limit:g} {unit}".rstrip()


def verdict(figure: dict) -> str:
    """"met", "MISSED" (either one "(close)" when a repeat may differ), "info" or "ERROR"."""
    if figure.get("error"):
        return "ERROR"
    if not figure.get("target"):
        return "info"
    target = Target(**figure["target"])
    judged = figure["ratio"] if target.of == "ratio" else figure["value"]
    if judged is None:
        return "ERROR"
    word = "met" if target.met(judged) else "MISSED"
    interval = figure.get("interval")
    if interval and target.met(interval[0]) != target.met(interval[1]):
        word += " (close)"
    return word


def failed(figure: dict) -> bool:
    return verdict(figure).startswith(("MISSED", "ERROR"))


class Recorder:
    """One benchmark's figures, appended to the results file as they come."""

    def __init__(self, bench: str, path: str | Path | None = None):
        self.bench = bench
        self.path = Path(path or os.environ.get("BENCH_RESULTS") or DEFAULT_RESULTS)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.figures: list[dict] = []

    def add(self, name: str, *, value=None, unit: str = "s", target: Target | None = None,
            note: str = "", pairs=None, of: str | None = None, **fields) -> dict:
        """Record a figure: from alternated `pairs` (bench.pairs.Pairs: medians, per-pair ratio,
        spread, interval of what the target judges), or from `value` and explicit fields."""
        figure = {"bench": self.bench, "name": name, "unit": unit, "value": value,
                  "baseline": None, "ratio": None, "spread": None, "interval": None, "runs": 1,
                  "target": asdict(target) if target else None, "note": note}
        if pairs is not None:
            figure.update(pairs.summary(of or (target.of if target else "ratio")))
        figure.update(fields)
        self._write(figure)
        self.figures.append(figure)
        print(f"{self.bench}: {format_row(figure)}")
        return figure

    def error(self, name: str, message: str) -> dict:
        figure = {"bench": self.bench, "name": name, "error": message}
        self._write(figure)
        self.figures.append(figure)
        return figure

    def finish(self) -> int:
        """Mark the benchmark finished, print its table (unless a suite prints them all at the
        end); 1 if any of its figures failed."""
        self._write({"bench": self.bench, "finished": True})
        if not os.environ.get("BENCH_SUITE"):
            print(table(self.figures))
        return 1 if any(failed(f) for f in self.figures) else 0

    def _write(self, record: dict) -> None:
        with open(self.path, "a") as out:
            out.write(json.dumps(record) + "\n")


def read(path: Path) -> tuple[list[dict], set[str]]:
    """(figures, names of the benchmarks that finished) from a results file."""
    figures, finished = [], set()
    for line in Path(path).read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("finished"):
                finished.add(record["bench"])
            else:
                figures.append(record)
    return figures, finished


def _num(x, unit: str = "") -> str:
    """4 significant digits and the unit; seconds under one as milliseconds."""
    if x is None:
        return "—"
    if unit == "s" and abs(x) < 1:
        x, unit = x * 1000, "ms"
    return f"{shown(x):g}{(' ' + unit) if unit else ''}"


def _cells(f: dict) -> list[str]:
    if f.get("error"):
        return [f["bench"], f["name"], "—", "—", "—", "—", "—", "—", "ERROR", f["error"]]
    target = Target(**f["target"]) if f.get("target") else None
    of = target.of if target else ("ratio" if f.get("ratio") is not None else "value")
    spread = f.get("spread")
    if not spread or f.get("runs", 1) < 2:
        spread_text = "—"
    elif of == "ratio":
        spread_text = f"{shown(spread[0]):g}–{shown(spread[1]):g}x"
    else:
        spread_text = f"{_num(spread[0], f['unit'])}–{_num(spread[1], f['unit'])}"
    return [f["bench"], f["name"], _num(f.get("value"), f["unit"]),
            _num(f.get("baseline"), f["unit"]),
            "—" if f.get("ratio") is None else f"{shown(f['ratio']):g}x", spread_text,
            str(f.get("runs", 1)), target.label(f["unit"]) if target else "—", verdict(f),
            f.get("note", "")]


HEADERS = ["benchmark", "figure", "ours", "baseline", "ratio", "spread", "n", "target",
           "verdict", "note"]


def format_row(f: dict) -> str:
    return "  ".join(c for c in _cells(f)[1:] if c)


def table(figures: list[dict]) -> str:
    """Every figure, one row each, with its target, verdict and spread; then a count."""
    rows = [HEADERS] + [_cells(f) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  ----")
    verdicts = [verdict(f) for f in figures]
    counts = {word: sum(v.startswith(word) for v in verdicts)
              for word in ("met", "MISSED", "info", "ERROR")}
    close = sum("(close)" in v for v in verdicts)
    lines.append(f"{len(figures)} figure{'s' * (len(figures) != 1)}: "
                 + ", ".join(f"{n} {w}" for w, n in counts.items())
                 + (f"; {close} close to the target (a repeat may differ)" if close else ""))
    return "\n".join(line.rstrip() for line in lines)


def report(path: Path, expected=()) -> tuple[str, int]:
    """(the table of a results file, exit status), with an ERROR row for each benchmark in
    `expected` that recorded no "finished" line."""
    figures, finished = read(path) if Path(path).exists() else ([], set())
    for bench in expected:
        if bench not in finished:
            figures.append({"bench": bench, "name": "(run)", "error": "did not finish"})
    status = 1 if not figures or any(failed(f) for f in figures) else 0
    return table(figures), status


def agreement_lines(figures: list[dict], counts=(5, 10, 20, 40, 80)) -> list[str]:
    """For each figure measured in pairs against a target: how often a repeat with n pairs
    would agree with its verdict (bootstrap over the recorded pairs)."""
    from bench.pairs import Pairs, agreement

    lines = []
    for f in figures:
        if f.get("error") or not f.get("target") or len(f.get("pairs") or ()) < 2:
            continue
        target = Target(**f["target"])
        values = Pairs([tuple(p) for p in f["pairs"]]).of(target.of)
        shares = ", ".join(f"{n} pairs {agreement(values, target, n):.0%}" for n in counts)
        lines.append(f"{f['bench']} / {f['name']}: {shares}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Print the table of a benchmark results file.")
    parser.add_argument("results", nargs="?", default=str(DEFAULT_RESULTS))
    parser.add_argument("--expect", nargs="*", default=(), help="benchmarks that must finish")
    parser.add_argument("--agreement", action="store_true",
                        help="also estimate how often a repeat with n pairs gives the same verdict")
    args = parser.parse_args(argv)
    text, status = report(Path(args.results), args.expect)
    print(text)
    if args.agreement:
        print("\nRepeat agreement (bootstrap over the recorded pairs):")
        print("\n".join(agreement_lines(read(Path(args.results))[0])) or "  (no pairs)")
    return status


if __name__ == "__main__":
    sys.exit(main())
