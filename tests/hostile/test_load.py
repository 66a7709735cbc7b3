"""64 clients mixing municipality pages, REST, SPARQL and /health for 30 s against a real
server holding the examples: no request may fail or time out. The figures go to
tests/artifacts/load.json (docs/hardening-measurements.md quotes runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import get, run_load, sparql_get
from tests.hostile.conftest import ROOT, Server

pytestmark = [pytest.mark.server, pytest.mark.model]

CLIENTS, DURATION_S = 64, 30.0
WHO = """PREFIX kg: <https://w3id.org/kotograph/ns#>
PREFIX kgs: <https://w3id.org/kotograph/ns/service/>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?municipality ?organisation WHERE {
  ?offer kg:serviceType kgs:assessment ; kg:municipality/skos:prefLabel ?municipality ;
         cv:hasParticipation/cv:hasParticipant/skos:prefLabel ?organisation .
}"""


def test_64_clients_mixing_pages_rest_and_sparql_get_no_errors(server: Server) -> None:
    ingest = subprocess.run([sys.executable, "-m", "api.cli", "--store", str(server.store),
                             "ingest", str(ROOT / "examples")], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    host, port = server.base.removeprefix("http://").split(":")
    op = [
        get("/municipality/993", accept="text/html"),
        get("/api/v1/responsibilities", {"municipality": "993", "service": "assessment"}),
        sparql_get("/sparql", WHO),
        get("/health"),
    ]
    result = run_load(host, int(port), op, clients=CLIENTS, duration_s=DURATION_S,
                      warmup_s=2.0, timeout_s=30.0)
    summary = result.summary()
    out = Path(ROOT / "tests" / "artifacts")
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary))
    assert result.errors == 0, summary["first_error"]
    assert result.ops > CLIENTS
    server.health()
