"""Benchmarks run against a real server; results go to bench/results/."""
