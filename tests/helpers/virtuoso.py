"""A real OpenLink Virtuoso server for a test: its own database in a temporary folder.

    with run_virtuoso() as base_url:   # SPARQL 1.1 endpoint at f"{base_url}/sparql"
        ...

Debian's `virtuoso-opensource` (`make setup` installs it) is started in the foreground on
two free loopback ports (HTTP and SQL), prepared with `docs/virtuoso/setup.sql` (the file the
deployment notes tell operators to run) through `isql-vt`, and stopped afterwards. A
missing package fails the test with that reason.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.server import free_port, run_server

ROOT = Path(__file__).resolve().parents[2]
SETUP_SQL = ROOT / "docs" / "virtuoso" / "setup.sql"

_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
MaxSortedTopRows = 1000001

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binaries() -> tuple[str, str]:
    """`virtuoso-t` and `isql-vt`, or the test fails saying how to get them."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not isql:
        pytest.fail("OpenLink Virtuoso is not installed (Debian package virtuoso-opensource; "
                    "make setup installs it)", pytrace=False)
    return server, isql


@contextmanager
def run_virtuoso() -> Iterator[str]:
    """Start a fresh Virtuoso, prepare it for kotograph, yield its base URL."""
    server, isql = virtuoso_binaries()
    with tempfile.TemporaryDirectory(prefix="virtuoso-") as tmp:
        http_port, sql_port = free_port(), free_port()
        ini = Path(tmp) / "virtuoso.ini"
        ini.write_text(_INI.format(db=tmp, sql_port=sql_port, http_port=http_port), "utf-8")
        with run_server([server, "-f", "-c", str(ini)], http_port, ready_path="/sparql?query=ASK%7B%7D",
                        timeout_s=120, cwd=tmp) as base:
            done = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", str(SETUP_SQL)],
                                  capture_output=True, text=True, timeout=60)
            if done.returncode != 0 or "Error" in done.stdout + done.stderr:
                raise RuntimeError(f"{SETUP_SQL} failed:\n{done.stdout}\n{done.stderr}")
            yield base


__all__ = ["SETUP_SQL", "run_virtuoso", "virtuoso_binaries"]
