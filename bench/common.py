"""Shared helpers: paths, machine and version facts, statistics, CPU pinning."""

from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLES_REFERENCE = EXAMPLES / "reference"
CORPUS_PDF = Path(os.environ.get("KOTOGRAPH_BENCH_CORPUS", "/work/shared/corpus/pdf"))
RESULTS_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent  # the venv's bin: kotograph, oxigraph


def tool(name: str) -> str:
    """A console script of the running venv (kotograph, oxigraph), else the one on PATH."""
    path = BIN / name
    return str(path) if path.exists() else name


def process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of process `pid` and all its threads so far (Linux), or
    None where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------------------
# Machine and versions
# --------------------------------------------------------------------------------------


def machine_info() -> dict[str, object]:
    cpu_model = "unknown"
    try:
        text = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        cpu_model = found.group(1).strip() if found else cpu_model
    except OSError:
        pass
    mem_gib = None
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M).group(1))
        mem_gib = round(kib / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    return {
        "cpu_model": cpu_model,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gib": mem_gib,
        "kernel": platform.release(),
        "os": _os_name(),
    }


def _os_name() -> str:
    try:
        text = Path("/etc/os-release").read_text()
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', text, re.M)
        return found.group(1) if found else platform.system()
    except OSError:
        return platform.system()


VERSIONED = ("pyoxigraph", "oxigraph", "spacy", "spacy-fi-experimental-web-md", "pdfminer.six",
             "rdflib", "fastapi", "starlette", "uvicorn", "httpx")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of already sorted values."""
    if not sorted_values:
        return float("nan")
    if len(sorted_values) == 1:
        return float(sorted_values[0])
    pos = (len(sorted_values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return float(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo))


def median(values: Iterable[float]) -> float:
    vals = [v for v in values if v == v]  # drop NaN
    return float(statistics.median(vals)) if vals else float("nan")


def ratio(value: float, baseline: float) -> float:
    if not baseline or baseline != baseline or value != value:
        return float("nan")
    return value / baseline


# --------------------------------------------------------------------------------------
# Processes, ports, CPUs
# --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_split(pin: bool) -> tuple[set[int] | None, set[int] | None]:
    """(load generator CPUs, server CPUs): on ≥2 CPUs the client gets one, servers the rest.

    Both servers under test get the same CPUs, so a ratio compares equal budgets and the
    Python load generator never steals cycles from the server it measures.
    """
    cpus = sorted(os.sched_getaffinity(0))
    if not pin or len(cpus) < 2:
        return None, None
    return {cpus[0]}, set(cpus[1:])


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
