"""Benchmarks and the shared data generator (bench/datagen.py). Not part of the app.

OUT is where every benchmark keeps what it writes (results, sign-ins, tokens, keys, local
databases): bench/out/, or BENCH_OUT."""
import os
from pathlib import Path

OUT = Path(os.environ.get("BENCH_OUT") or Path(__file__).resolve().parent / "out")
