"""Benchmarks: ``python bench/run.py``; ``bench.generate`` makes the large package they measure."""
