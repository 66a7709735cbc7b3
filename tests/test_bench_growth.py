"""The growth benchmark's arithmetic, memory accounting and its BENCHMARKS.md section (no ingest)."""

from __future__ import annotations

import sys

import pytest

from bench import growth
from bench.report import render


def _point(fraction: float, scale: float) -> dict[str, object]:
    """A measured point whose every cost is proportional to `scale`."""
    return {
        "fraction": fraction, "documents": round(13 * scale), "municipalities": round(29 * scale),
        "pages": round(60 * scale), "expected_results": round(3 * scale),
        "ingest": {"wall_s": 10.0 * scale, "pages": round(60 * scale), "pages_per_s": 6.0,
                   "cores_busy": 1.9, "max_rss_mib": 450.0, "tree_rss_mib": 1100.0, "loadavg_before": 0.1,
                   "runs_s": [10.0 * scale]},
        "floor": {"wall_s": 2.0 * scale},
        "store": {"quads": round(30000 * scale), "graphs": round(15 * scale), "disk_mib": 10.0 * scale,
                  "disk_after_ingest_mib": 30.0 * scale, "wal_after_ingest_mib": 20.0 * scale},
        "shacl": {"total_s": 1.5 * scale, "per_municipality_ms": 50.0, "one_municipality_ms": 90.0,
                  "results": round(4 * scale), "violations": 1, "warnings": 3,
                  "municipalities": round(29 * scale),
                  "results_by_shape": {"ResponsibleBodyShape": 3}},
        "ui": {"first_request_s": 2.0 * scale, "cold_server_ms": 100.0 * scale,
               "cached_server_ms": 8.0 * scale, "municipalities_server_ms": 10.0 * scale,
               "matrix_rows": round(29 * scale)},
        "matrix_baseline": {"sparql_queries": 3, "sparql_ms": 80.0 * scale, "municipalities_sparql_ms": 9.0},
        "queries": {"who": {"ms": 2.0}, "coverage": {"ms": 20.0 * scale}},
        "reingest": {"wall_s": 4.0},
    }


@pytest.fixture
def section() -> dict[str, object]:
    points = [_point(0.1, 1.0), _point(0.5, 5.0), _point(1.0, 10.0)]
    for p in points:
        p["ratios"] = growth.ratios(p, points[0], 5.0)
    return {"seed": 1, "jobs": 2, "quick": False, "repeats": 7,
            "corpus": {"documents": 130, "municipalities": 290, "generated_s": None, "omissions": 0.1},
            "one_document": {"file": "079-x.pdf", "change": "line 8: added a sentence",
                             "fresh_ingest": {"wall_s": 5.0}},
            "target_reingest_s": 60.0, "target_reingest_vs_fresh": 1.5, "meets_reingest_target": True,
            "points": points, "curve": growth.curve(points), "rss_method": "wait4", "seconds": 400.0,
            "plot": "bench/growth.png", "run_date": "2026-01-01T00:00:00+00:00"}


def test_linear_costs_have_exponent_one(section: dict) -> None:
    by_key = {c["key"]: c for c in section["curve"]}
    assert by_key["shacl_s"]["growth"] == pytest.approx(10.0)
    assert by_key["shacl_s"]["exponent"] == pytest.approx(1.0, abs=0.01)
    assert by_key["ingest_s"]["sizes"] == [60, 300, 600]  # ingest grows with pages
    assert by_key["who_ms"]["exponent"] == pytest.approx(0.0)
    assert section["points"][-1]["ratios"]["ingest_vs_floor"] == pytest.approx(5.0)
    assert section["points"][-1]["ratios"]["reingest_vs_full_ingest"] == pytest.approx(0.04)


def test_report_renders_the_growth_section(section: dict) -> None:
    meta = {"date": "2026-01-01T00:00:00+00:00", "command": "python -m bench.run --only growth",
            "machine": {"cpu_model": "x", "cores": 2, "usable_cores": 2, "ram_gib": 4, "os": "y",
                        "kernel": "z"},
            "versions": {"python": "3.11"}, "loadavg_start": [0.0, 0.0, 0.0], "loadavg_end": [0.0, 0.0, 0.0]}
    text = render({"meta": meta, "growth": section})
    assert "## 4. Growth: 10 %, 50 % and 100 % of the national corpus" in text
    assert "![cost against the number of municipalities](bench/growth.png)" in text
    assert "| re-ingest of one changed document, 100 % (290 municipalities) store |" in text
    assert "| SHACL, whole store | 1.50 s | 7.50 s | 15.0 s | 10.00× | 1.00 |" in text
    assert "Faster than the corpus grows" not in text  # every cost here is linear


def test_peak_memory_counts_grandchildren() -> None:
    """ru_maxrss from wait4 covers the whole tree: a grandchild's 80 MB shows."""
    child = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
             "'x = bytearray(80_000_000); x[::4096] = b\"1\" * len(x[::4096])'], check=True)")
    m = growth.run_measured([sys.executable, "-c", child])
    assert m.returncode == 0
    assert m.max_rss_mib > 75
    assert m.wall_s > 0 and m.cpu_s > 0
