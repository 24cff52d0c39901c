"""Load tests on 127.0.0.1 (bench/load/run.sh)."""
