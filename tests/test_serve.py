"""One process owns the embedded store: while `kotograph serve` runs, the CLI goes through it."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import free_port, run_server

ROOT = Path(__file__).resolve().parent.parent
KOTOGRAPH = [sys.executable, "-m", "api.cli"]

pytestmark = [pytest.mark.server, pytest.mark.model]


def test_ingest_while_serving_is_visible_without_restart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "KOTOGRAPH_STORE": str(store),
           "KOTOGRAPH_EXTRA_REFERENCE": json.dumps([str(ROOT / "examples" / "reference")])}
    port = free_port()
    with run_server([*KOTOGRAPH, "serve", "--port", str(port)], port, env=env, cwd=ROOT,
                    ready_path="/health") as url:
        server_file = Path(str(store) + ".server.json")
        assert server_file.exists() and oct(server_file.stat().st_mode & 0o777) == "0o600"
        ingested = {"status": "programme-ingested"}
        assert httpx.get(f"{url}/api/v1/municipalities", params=ingested).json() == []

        # Straight to the server, whatever proxy the environment names for other traffic.
        proxied = {**env, "http_proxy": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""}
        done = subprocess.run([*KOTOGRAPH, "ingest", "--json",
                               str(ROOT / "examples" / "jarvela-kotoutumisohjelma.pdf")],
                              env=proxied, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ingested"][0]["municipalities"][0]["code"] == "993"
        # The server extracted it, with the model it had loaded (the CLI only sent the file).
        documents = httpx.get(f"{url}/api/v1/documents").json()
        assert [d["ingested_by"] for d in documents] == ["kotograph ingest (CLI)"]

        broken = tmp_path / "rikki-ohjelma-ŝ.pdf"  # a name beyond Latin-1 travels intact
        broken.write_bytes(b"%PDF-1.7\nnot really a PDF")
        refused = subprocess.run([*KOTOGRAPH, "ingest", str(broken)], env=env, cwd=ROOT,
                                 capture_output=True, text=True, timeout=300)
        assert refused.returncode == 1 and "rikki-ohjelma-ŝ.pdf" in refused.stderr
        other = subprocess.run([*KOTOGRAPH, "ingest", "--reference", str(tmp_path), str(broken)],
                               env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert other.returncode == 1 and "KOTOGRAPH_EXTRA_REFERENCE" in other.stderr

        answer = httpx.get(f"{url}/api/v1/responsibilities",
                           params={"municipality": "Järvelä", "service": "assessment"}).json()
        assert any(r["role"] == "responsible" for r in answer["results"])
        listed = httpx.get(f"{url}/api/v1/municipalities", params=ingested).json()
        assert [m["code"] for m in listed] == ["993"]

        # Reads through the server too.
        who = subprocess.run([*KOTOGRAPH, "who", "993", "assessment", "--json"], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        assert who.returncode == 0, who.stderr
        assert json.loads(who.stdout) == answer

        # The dumps are written again after the ingest, with the document's graph in them.
        graph = json.loads(done.stdout)["ingested"][0]["graph"]
        assert _dump_with(url, graph), f"no dump with {graph} within 60 s"
    assert not server_file.exists()


def _dump_with(url: str, graph: str, timeout_s: float = 60.0) -> bool:
    """Poll /dumps/kotograph.nq.gz until it holds `graph` and matches its checksum."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        dump = httpx.get(f"{url}/dumps/kotograph.nq.gz")
        if dump.status_code == 200 and f"<{graph}> .".encode() in gzip.decompress(dump.content):
            sums = httpx.get(f"{url}/dumps/SHA256SUMS").text
            if f"{hashlib.sha256(dump.content).hexdigest()}  kotograph.nq.gz" in sums:
                return True
        time.sleep(0.5)
    return False


@pytest.mark.server
def test_serve_answers_keep_alive_requests_of_every_shape(tmp_path: Path) -> None:
    """`kotograph serve` over HTTP: several responses on one connection, a 204 without a
    body, HEAD, a POST body, a large response."""
    env = {**os.environ, "KOTOGRAPH_STORE": str(tmp_path / "store")}
    port = free_port()
    with run_server([*KOTOGRAPH, "serve", "--port", str(port)], port, env=env, cwd=ROOT,
                    ready_path="/health") as url, httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(3):
            r = client.get("/sparql", params={"query": "ASK {}"},
                           headers={"accept": "application/sparql-results+json"})
            assert r.status_code == 200 and r.json()["boolean"] is True
        assert client.options("/sparql").status_code == 204
        head = client.head("/sparql", params={"query": "ASK {}"})
        assert head.status_code == 200 and head.content == b""
        posted = client.post("/sparql", content="SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s ?p ?o }",
                             headers={"content-type": "application/sparql-query",
                                      "accept": "text/csv"})
        assert posted.status_code == 200 and posted.text.startswith("n\r\n")
        n = int(posted.text.split()[1])
        assert n > 1000  # the ontology and reference data loaded at start
        big = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                         headers={"accept": "application/n-triples"})
        assert big.status_code == 200 and big.text.count("\n") == n


