"""Hostile SPARQL against a real server: nothing crashes it, stalls it or makes it connect.

Each test sends what an attacker or a careless client would, then checks what a user relies
on: `/health` still answers, the loopback listener saw no connection, the store's content is
byte for byte what it was, and the CPU goes quiet after a timeout.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from graph.sparql_limits import DEFAULT_MAX_BYTES
from tests.hostile.conftest import MAX_ROWS, ROOT, TIMEOUT_S, UPDATE_TOKEN, Listener, Server

pytestmark = pytest.mark.server

DEEP = 3_000  # the depth that crashed the server
NESTED = {
    "groups": "SELECT * WHERE " + "{" * DEEP + "}" * DEEP,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }",
    "negations": "SELECT * WHERE { FILTER(" + "!" * DEEP + "true) }",
    "optional": "SELECT * WHERE { " + "OPTIONAL { " * DEEP + "}" * DEEP + " }",
    "union": "SELECT * WHERE " + "{ {} UNION " * DEEP + "{}" + " }" * DEEP,
    "closing first": "SELECT * WHERE " + "}" * DEEP + "{" * DEEP,
}


@pytest.mark.parametrize("text", NESTED.values(), ids=NESTED.keys())
def test_deep_nesting_is_refused_and_the_server_lives(server: Server, text: str) -> None:
    before = server.dump()
    r = server.query(text)
    assert r.status_code == 400 and "KOTOGRAPH_MAX_QUERY_DEPTH" in r.text, r.text[:300]
    update = text.replace("SELECT *", "DELETE { ?s ?p ?o }")
    r = server.update("INSERT DATA { <http://e/a> <http://e/b> 1 } ; " + update)
    assert r.status_code == 400
    server.health()
    assert server.dump() == before


def test_a_flat_chain_as_long_as_allowed_does_not_crash(server: Server) -> None:
    """`1 + 1 + …` nests in the parser's tree without brackets: the length bound and the
    evaluator's large stack must hold it (10,000 terms crashed an 8 MB stack)."""
    head, tail = "SELECT * WHERE { FILTER(1", ") }"
    terms = (DEFAULT_MAX_BYTES - len(head) - len(tail)) // 2
    text = head + "+1" * terms + tail
    assert len(text) <= DEFAULT_MAX_BYTES
    r = server.query(text)
    assert r.status_code in (200, 503), r.text[:300]
    server.health()


def _outbound_queries(url: str) -> dict[str, str]:
    host = url.rsplit("/", 1)[0] + "/"
    service = f"SERVICE <{url}> {{ ?s ?p ?o }}"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "after \\u0041#": f"SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?x) {service} }}",
        "after \\u0041'": f"SELECT * WHERE {{ BIND(<http://x/\\u0041'> AS ?x) {service} }}",
        "SERVICESILENT": f"SELECT * WHERE {{ SERVICESILENT <{url}> {{ ?s ?p ?o }} }}",
        "SERVICEr:query": f"PREFIX r: <{host}> SELECT * WHERE {{ SERVICEr:sparql {{ ?s ?p ?o }} }}",
        "lower case": f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "in a comment's shadow": f"SELECT * WHERE {{ BIND('#' AS ?c) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "FROM remote": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED remote": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    }


def _outbound_updates(url: str) -> dict[str, str]:
    return {
        "LOAD": f"LOAD <{url}>",
        "LOADSILENT": f"LOADSILENT <{url}>",
        "LOAD INTO": f"LOAD <{url}> INTO GRAPH <http://e/g>",
        "after \\u0041#": f"DELETE DATA {{ <http://x/\\u0041#> <http://e/p> 1 }} ; LOAD <{url}>",
        "SERVICE in WHERE": f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICESILENT <{url}> {{ ?s ?p ?o }} }}",
    }


def test_no_query_makes_the_server_connect(server: Server, listener: Listener) -> None:
    before = server.dump()
    for name, text in _outbound_queries(listener.url).items():
        r = server.query(text)
        assert r.status_code < 500, (name, r.status_code, r.text[:300])
        r = server.client.get(f"{server.base}/sparql", params={
            "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": listener.url,
            "named-graph-uri": listener.url})
        assert r.status_code == 200
    time.sleep(0.3)
    assert listener.connections == [], "the server connected to the listener"
    server.health()
    assert server.dump() == before


def test_no_update_makes_the_server_connect(server: Server, listener: Listener) -> None:
    before = server.dump()
    for name, text in _outbound_updates(listener.url).items():
        r = server.update(text)
        assert r.status_code in (204, 400), (name, r.status_code, r.text[:300])
        if r.status_code == 400:
            assert "not allowed" in r.text, (name, r.text)
    time.sleep(0.3)
    assert listener.connections == [], "the server connected to the listener"
    # LOADSILENT / SERVICESILENT may succeed as no-ops; nothing remote came in.
    assert server.dump() == before


def test_a_timed_out_query_stops_using_the_cpu(server: Server) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    threads = server.threads()
    for _ in range(3):
        started = time.monotonic()
        r = server.query(heavy, **{"x": str(time.monotonic())})  # no cached answer
        assert r.status_code == 503, r.text[:300]
        assert time.monotonic() - started < TIMEOUT_S + 3
    time.sleep(0.5)
    cpu = server.cpu_seconds()
    time.sleep(2.0)
    assert server.cpu_seconds() - cpu < 0.3, "the server kept computing after the timeouts"
    assert server.threads() <= threads + 2
    started = time.monotonic()
    assert server.query("ASK { ?s ?p ?o }").status_code == 200
    assert time.monotonic() - started < 1.5


def test_a_huge_body_is_refused_before_it_is_read(server: Server) -> None:
    rss = server.rss_mb()
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                    b"\r\nContent-Length: %d\r\n\r\nSELECT" % (200 * 1024 * 1024))
        head = raw.recv(4096)  # answered without the client sending the 200 MB
    assert head.startswith(b"HTTP/1.1 413"), head[:200]

    def chunks():
        block = b"SELECT * WHERE { " + b" " * (1024 * 1024)
        for _ in range(200):
            yield block

    try:
        r = httpx.post(f"{server.base}/sparql", content=chunks(), timeout=60,
                       headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 413
    except httpx.TransportError:
        pass  # the server may close the connection while the client is still sending
    assert server.rss_mb() - rss < 100
    server.health()


def test_a_long_query_does_not_stall_other_clients(server: Server) -> None:
    text = "SELECT * WHERE { " + "?s ?p ?o . " * 700_000 + "}"  # 7.7 MB
    done: list[float] = []

    def send() -> None:
        r = httpx.post(f"{server.base}/sparql", content=text.encode(), timeout=60,
                       headers={"Content-Type": "application/sparql-query"})
        done.append(r.status_code)

    thread = threading.Thread(target=send)
    thread.start()
    worst = 0.0
    while thread.is_alive():
        started = time.monotonic()
        server.health()
        worst = max(worst, time.monotonic() - started)
    thread.join()
    assert done == [413]
    assert worst < 1.0


def test_query_forms_glued_to_the_next_keyword(server: Server) -> None:
    r = server.query("SELECTDISTINCT ?s WHERE { ?s ?p ?o }")
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    for accept in ("text/turtle", "*/*"):
        r = server.query("CONSTRUCTWHERE { ?s a ?o } ", accept)
        assert r.status_code == 200, r.text[:300]
        assert r.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("limit", [MAX_ROWS - 1, MAX_ROWS, MAX_ROWS + 1, MAX_ROWS + 2])
def test_the_row_cap_has_no_off_by_one(server: Server, limit: int) -> None:
    r = server.query(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {limit}")
    assert len(r.json()["results"]["bindings"]) == min(limit, MAX_ROWS)
    assert ("x-sparql-maxrows" in r.headers) == (limit > MAX_ROWS)


def test_from_named_alone_leaves_the_default_graph_empty(server: Server) -> None:
    graph = "http://e/hostile-named"
    assert server.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <http://e/s> <http://e/p> 1 }} }}"
                         ).status_code == 204
    r = server.query(f"SELECT * FROM NAMED <{graph}> WHERE {{ ?s ?p ?o }}")
    assert r.json()["results"]["bindings"] == []
    r = server.query("SELECT * WHERE { ?s ?p ?o }", **{"named-graph-uri": graph})
    assert r.json()["results"]["bindings"] == []
    r = server.query(f"SELECT ?s FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [b["s"]["value"] for b in r.json()["results"]["bindings"]] == ["http://e/s"]
    assert server.update(f"DROP GRAPH <{graph}>", UPDATE_TOKEN).status_code == 204


def test_the_cli_refuses_deep_nesting_with_a_message(tmp_path, listener: Listener) -> None:
    """`kotograph query` died with exit code 139 on 3,000 nested groups."""
    done = subprocess.run([sys.executable, "-m", "api.cli", "--store", str(tmp_path / "store"),
                           "query", NESTED["groups"]], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "KOTOGRAPH_MAX_QUERY_DEPTH" in done.stderr
    done = subprocess.run([sys.executable, "-m", "api.cli", "--store", str(tmp_path / "store"),
                           "query", f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and "SERVICE and LOAD are not allowed" in done.stderr, done.stderr
    assert listener.connections == []
