"""Shared helpers: paths, machine and version facts, statistics, processes."""

from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RESULTS_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent  # the venv's bin: kotograph, oxigraph
# The servers run where the load generator does not: equal budgets for both servers, and
# the Python client never takes cycles from the server it measures.
CLIENT_CPUS, SERVER_CPUS = {0}, {1}


def tool(name: str) -> str:
    """A console script of the running venv (kotograph, oxigraph), else the one on PATH."""
    path = BIN / name
    return str(path) if path.exists() else name


def mimalloc() -> str | None:
    """Debian's libmimalloc2.0, which `make serve` preloads (the Makefile's MIMALLOC)."""
    found = sorted(Path("/usr/lib").glob("*/libmimalloc.so.2")) + sorted(
        Path("/usr/lib").glob("libmimalloc.so.2"))
    return str(found[0]) if found else None


def allocator_of(pid: int) -> str:
    """The allocator process `pid` runs on, read from its memory map."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text(errors="replace")
    except OSError:
        return "unknown"
    return "mimalloc" if "libmimalloc.so" in maps else "glibc"


@dataclass(frozen=True, slots=True)
class Run:
    """A finished command: wall time, CPU of it and its children, peak RSS, output."""

    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


def run(argv: Sequence[str], *, env: dict[str, str] | None = None, timeout_s: float = 3600,
        ok: Sequence[int] = (0,)) -> Run:
    """Run `argv` from the checkout as a user would start it, to its end; raise if it fails.
    CPU and peak RSS (the largest process of its tree) come from os.wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        killer = threading.Timer(timeout_s, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        done = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   os.waitstatus_to_exitcode(status), out.read().decode(), err.read().decode())
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited with {done.returncode}:\n"
                           f"{done.stderr[-2000:]}")
    return done


def machine_info() -> dict[str, object]:
    text = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M)
    release = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    name = re.search(r'^PRETTY_NAME="?([^"\n]+)', release, re.M)
    return {"cpu_model": found.group(1).strip() if found else "unknown", "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)),
            "ram_gib": round(int(kib.group(1)) / 1024 / 1024, 1) if kib else None,
            "kernel": platform.release(), "os": name.group(1) if name else platform.system()}


VERSIONED = ("pyoxigraph", "oxigraph", "spacy", "spacy-fi-experimental-web-md", "pdfminer.six",
             "pyshacl", "rdflib", "fastapi", "starlette", "uvicorn")


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


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of already sorted values."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return float(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo))


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def ratio(value: float | None, baseline: float | None) -> float:
    if not value or not baseline or value != value or baseline != baseline:
        return float("nan")
    return value / baseline


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
