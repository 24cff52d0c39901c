"""Benchmarks and the shared data generator (bench/datagen.py). Not part of the app."""
