"""The server writes one log line per request: method, path, status, duration."""

from __future__ import annotations

import io
import logging

from fastapi.testclient import TestClient


def test_the_server_writes_one_line_per_request(make_app) -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    log = logging.getLogger("kotograph.http")
    log.addHandler(handler)
    level = log.level
    log.setLevel(logging.INFO)
    try:
        with TestClient(make_app()) as client:
            client.get("/sparql", params={"query": "ASK {}"})
            client.post("/sparql", content="ASK {", headers={"Content-Type": "application/sparql-query"})
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    lines = out.getvalue().splitlines()
    assert [line.rsplit(" ", 1)[0] for line in lines] == [
        "method=GET path=/sparql status=200", "method=POST path=/sparql status=400"]
    assert all(line.rsplit(" ", 1)[1].startswith("duration_ms=") for line in lines)
