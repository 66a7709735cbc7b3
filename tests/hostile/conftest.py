"""A real `kotograph serve` process for the hostile tests, and what they watch it with.

Everything hostile is built by the tests themselves; nothing here is a fixture file. The
server runs on its own on-disk store in a temporary folder, with updates and uploads
enabled behind tokens (so the refusals of authenticated requests are tested too), a short
query timeout and a small row cap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers.listener import Listener, loopback_listener
from tests.helpers.server import free_port

ROOT = Path(__file__).resolve().parents[2]
UPDATE_TOKEN = "hostile-update-token"
UPLOAD_TOKEN = "hostile-upload-token"
TIMEOUT_S = 2.0
MAX_ROWS = 5
CLK_TCK = os.sysconf("SC_CLK_TCK")
# One row (the row cap does not cut it): every quad as a line, with datatype and language.
DUMP = """SELECT (GROUP_CONCAT(?line; separator="\\n") AS ?all) WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(CONCAT(STR(?g), " ", COALESCE(STR(?s), "_"), " ", STR(?p), " ", COALESCE(STR(?o), "_"),
              " ", COALESCE(STR(DATATYPE(?o)), ""), " ", COALESCE(LANG(?o), "")) AS ?line)
}"""

pytestmark = pytest.mark.server


@dataclass
class Server:
    base: str
    pid: int
    store: Path
    log: Path
    client: httpx.Client

    def health(self) -> dict:
        r = self.client.get(f"{self.base}/health", timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    def query(self, text: str, accept: str = "application/sparql-results+json",
              **params: str) -> httpx.Response:
        return self.client.post(f"{self.base}/sparql", data={"query": text, **params},
                                headers={"Accept": accept}, timeout=30)

    def update(self, text: str, token: str = UPDATE_TOKEN) -> httpx.Response:
        return self.client.post(f"{self.base}/sparql", content=text.encode(), timeout=30,
                                headers={"Content-Type": "application/sparql-update",
                                         "Authorization": f"Bearer {token}"})

    def wait_warm(self, limit_s: float = 30.0) -> None:
        """Until the server has brought its 13 § report and matrix up to date after the last
        write: that work shares the process with queries, and under a loaded machine it can
        hold the harness's own whole-store read past the hostile query timeout."""
        deadline = time.monotonic() + limit_s
        while not self.health()["warm"]:
            assert time.monotonic() < deadline, "the server did not finish its re-check"
            time.sleep(0.1)

    def dump(self) -> bytes:
        """Every quad of the store, sorted: equal bytes mean an unchanged store."""
        self.wait_warm()
        r = self.query(DUMP, "application/sparql-results+json")
        assert r.status_code == 200, r.text
        lines = r.json()["results"]["bindings"][0]["all"]["value"].split("\n")
        return "\n".join(sorted(lines)).encode()

    def cpu_seconds(self) -> float:
        """CPU time of the server process and of its reaped children, in seconds."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / CLK_TCK

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def threads(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/task"))


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("hostile")
    store, log = tmp / "store", tmp / "server.log"
    port = free_port()
    env = {**os.environ, "KOTOGRAPH_STORE": str(store), "KOTOGRAPH_ENABLE_UPDATE": "true",
           "KOTOGRAPH_UPDATE_TOKEN": UPDATE_TOKEN, "KOTOGRAPH_UPLOAD_TOKEN": UPLOAD_TOKEN,
           "KOTOGRAPH_QUERY_TIMEOUT_S": str(TIMEOUT_S), "KOTOGRAPH_MAX_RESULT_ROWS": str(MAX_ROWS),
           "KOTOGRAPH_DOCUMENTS_DIR": str(tmp / "documents"),
           "KOTOGRAPH_EXTRA_REFERENCE": json.dumps([str(ROOT / "examples" / "reference")])}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                                env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client() as client:
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, log.read_text(errors="replace")[-4000:]
                try:
                    if client.get(f"{base}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-4000:]
                time.sleep(0.2)
            pid = json.loads(store.with_name("store.server.json").read_text())["pid"]
            yield Server(base, pid, store, log, client)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def listener() -> Iterator[Listener]:
    with loopback_listener() as found:
        yield found
