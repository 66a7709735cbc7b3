"""kotograph benchmarks: `python -m bench.run` (what `make bench` runs) writes BENCHMARKS.md
from one run, every verdict against a baseline measured in that run (bench/run.py)."""
