"""Every benchmark creates what it needs: run on an empty database, as `make bench` runs it (a
process of its own), each fills it and records its figures and its "finished" line. Tiny sizes
and one pair: this checks the harness, not the figures."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.verdicts import read, verdict

ROOT = Path(__file__).resolve().parents[3]


def run_bench(tmp_path, script: str, *args: str) -> list[dict]:
    env = dict(os.environ, BENCH_OUT=str(tmp_path / "out"), BENCH_SUITE="1",
               BENCH_RESULTS=str(tmp_path / "results.jsonl"))
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures, finished = read(tmp_path / "results.jsonl")
    bench = script.removesuffix(".py").removesuffix("_bench")
    assert bench in finished
    return [f for f in figures if f["bench"] == bench]


def test_readiness_bench_fills_a_fresh_file(tmp_path):
    path = tmp_path / "readiness.db"
    figures = run_bench(tmp_path, "readiness_bench.py", "--db", str(path),
                        "--completions", "20000", "--min-pairs", "1", "--max-pairs", "1")
    assert path.is_file()
    assert [f["name"] for f in figures] == [
        "readiness of one unit, 850 people x 10 standards", "readiness matrix partial, rendered"]
    assert all(verdict(f) == "info" and f["value"] > 0 for f in figures)


@pytest.mark.postgres
def test_dashboard_and_status_list_benches_fill_a_fresh_database(tmp_path, empty_database_url):
    figures = run_bench(tmp_path, "dashboard_bench.py", "--database-url", empty_database_url,
                        "--scale", "0.0005", "--min-pairs", "1", "--max-pairs", "1")
    assert len(figures) == 18  # 9 measures as UN staff and as one state's staff
    assert {verdict(f) for f in figures} == {"met"}  # well under 2 s at this size
    assert {f["name"] for f in figures} >= {"dashboard as UN: whole page",
                                            "dashboard as state: partnerships",
                                            "dashboard as UN: individuals"}
    # the status list reuses the database the dashboards filled, at the same scale
    figures = run_bench(tmp_path, "status_list_bench.py", "--database-url", empty_database_url,
                        "--scale", "0.0005", "--min-pairs", "1", "--max-pairs", "1")
    assert [f["name"] for f in figures] == [
        "status list built from the database",
        "status list built without the (status, serial) index"]
    assert "(0 added now)" not in figures[0]["note"]
