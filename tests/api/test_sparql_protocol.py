"""The /sparql endpoint in process: negotiation, every 4xx, the description, updates, limits.

Results are always parsed (JSON bindings, XML, CSV, RDF into rdflib), never compared as
strings. The real-server W3C suite is tests/test_w3c_protocol.py.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import quote

import anyio
import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from api.sparql_protocol import EXAMPLE_QUERIES
from api.state import MISSING, ResultCache, StoreStateCache
from extraction.model import ServiceKey
from graph.formats import (
    ASK_FORMATS,
    GRAPH_FORMATS,
    SELECT_FORMATS,
    add_using,
    limit_select,
    negotiate,
    query_form,
    tokenize,
)
from graph.ingest import ensure_base_graphs, write_document
from graph.namespaces import SD
from graph.service_description import result_format_iris
from graph.store import Dataset, OxigraphStore, QueryTimeout, RawResult
from tests.factories import sample_extraction
from tests.helpers.listener import loopback_listener

EX = "http://example.org/"
G1, G2 = f"{EX}graph/1", f"{EX}graph/2"
ADMIN = "admin-secret"
UPDATE = "update-secret"
SRX = "{http://www.w3.org/2005/sparql-results#}"

DATA = f"""
INSERT DATA {{
  GRAPH <{G1}> {{ <{EX}a> <{EX}p> "one" . <{EX}a> a <{EX}Thing> . }}
  GRAPH <{G2}> {{ <{EX}b> <{EX}p> "two"@fi . <{EX}b> a <{EX}Thing> . }}
}}"""


@pytest.fixture
def store(memory_store: OxigraphStore) -> OxigraphStore:
    memory_store.update(DATA)
    return memory_store


@pytest.fixture
def client(make_app, store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(make_app(store, admin_token=ADMIN)) as c:
        yield c


def bindings(response: httpx.Response) -> list[dict[str, str]]:
    """Rows of a SPARQL JSON result as variable → value."""
    assert response.status_code == 200, response.text
    data = json.loads(response.content)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def query(client: TestClient, text: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return client.get("/sparql", params={"query": text, **params}, headers=headers)


def post_query(client: TestClient, text: str, headers: dict[str, str] | None = None,
               params: list[tuple[str, str]] | None = None) -> httpx.Response:
    return client.post("/sparql", content=text.encode("utf-8"), params=params,
                       headers={"content-type": "application/sparql-query", **(headers or {})})


def post_update(client: TestClient, text: str, token: str | None = None,
                params: list[tuple[str, str]] | None = None) -> httpx.Response:
    headers = {"content-type": "application/sparql-update"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return client.post("/sparql", content=text.encode("utf-8"), params=params, headers=headers)


def form(client: TestClient, body: bytes | str, url_params: str = "",
         headers: dict[str, str] | None = None) -> httpx.Response:
    content = body.encode("utf-8") if isinstance(body, str) else body
    return client.post(f"/sparql{url_params}", content=content, headers={
        "content-type": "application/x-www-form-urlencoded", **(headers or {})})


# --------------------------------------------------------------------------------------
# Accept parsing and negotiation (a table)
# --------------------------------------------------------------------------------------

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"


@pytest.mark.parametrize(("accept", "expected"), [
    (None, JSON),
    ("", JSON),
    ("*/*", JSON),
    (JSON, JSON),
    (XML, XML),
    (CSV, CSV),
    (TSV, TSV),
    ("application/json", "application/json"),
    ("application/xml", "application/xml"),
    (f"{XML}, {JSON}", JSON),  # equal q: the server's order
    (f"{XML};q=0.5, {JSON}", JSON),
    ("text/*", CSV),  # the table's order among text/* types
    ("text/*;q=0.5, */*;q=0.1", CSV),
    ("text/*, text/tab-separated-values", TSV),  # the more specific range wins a q tie
    (f"*/*;q=0.1, {TSV};q=0.2", TSV),
    (f"*/*, {CSV};q=0", JSON),  # q=0 means "not this one"
    (f"{CSV};q=0, {TSV};q=0", None),
    (f"{CSV};q=0, text/*;q=0.9", TSV),  # the specific q=0 overrides text/*
    ("text/csv;charset=utf-8", CSV),
    ("text/csv;charset=iso-8859-1", None),
    ("text/csv;header=absent", None),  # a parameter the format does not have
    ('text/csv;foo="a,b";q=0.3, application/sparql-results+xml;q=0.2', XML),  # quoted comma
    ("TEXT/CSV", CSV),  # media types are case-insensitive
    ("image/png", None),
    ("text/html", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),
    ("application/sparql-results+json;q=1.0, */*;q=0.001", JSON),
    ("nonsense", JSON),  # wholly malformed: as if absent
    (f"{CSV};q=2, {TSV}", TSV),  # an invalid q drops that element only
])
def test_negotiate_select(accept: str | None, expected: str | None) -> None:
    chosen = negotiate(accept, SELECT_FORMATS)
    assert (chosen.media_type if chosen else None) == expected


@pytest.mark.parametrize(("accept", "table", "expected"), [
    ("*/*", GRAPH_FORMATS, "text/turtle"),
    ("application/n-triples", GRAPH_FORMATS, "application/n-triples"),
    ("application/rdf+xml;q=0.9, application/ld+json", GRAPH_FORMATS, "application/ld+json"),
    ("text/plain", GRAPH_FORMATS, "text/plain"),
    ("application/sparql-results+json", GRAPH_FORMATS, None),
    ("text/csv", ASK_FORMATS, None),
    ("application/*", ASK_FORMATS, JSON),
])
def test_negotiate_per_query_form(accept: str, table, expected: str | None) -> None:
    chosen = negotiate(accept, table)
    assert (chosen.media_type if chosen else None) == expected


# --------------------------------------------------------------------------------------
# The tokenizer
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * {}", "SELECT"),
    ("  ask {}", "ASK"),
    ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("PREFIX select: <http://x/ASK#>\nBASE <http://b/>\nDESCRIBE <x>", "DESCRIBE"),
    ("PREFIX : <http://x/>\n#c\nPREFIX ex: <http://e/> SELECT ?ask { ?ask :p ex:ask }", "SELECT"),
    ("INSERT DATA {}", None),
    ("", None),
])
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(tokenize(text)) == form


def test_add_using_puts_clauses_before_each_where() -> None:
    update = ('PREFIX f: <http://f/>\nCLEAR ALL ; INSERT DATA { <a> <b> "WHERE" } ;\n'
              'INSERT { GRAPH <t> { ?s a f:D } } WHERE { ?s a f:D } ;\n'
              "DELETE WHERE { ?s <p> ?o }")
    out = add_using(update, tokenize(update), [G1], [G2])
    store = OxigraphStore(None)
    store.update(out, base_iri="http://example.org/base")  # it parses
    assert out.count(f"USING <{G1}> USING NAMED <{G2}> WHERE") == 2
    assert '"WHERE"' in out and "INSERT DATA { <a> <b> \"WHERE\" }" in out


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * { ?s ?p ?o }", "SELECT * { ?s ?p ?o }\nLIMIT 11\n"),
    ("SELECT * { ?s ?p ?o } LIMIT 5", None),
    ("SELECT * { ?s ?p ?o } LIMIT 10", None),
    ("SELECT * { ?s ?p ?o } LIMIT 11", "SELECT * { ?s ?p ?o } LIMIT 11"),  # the cap + 1
    ("SELECT * { ?s ?p ?o } LIMIT 500 OFFSET 2", "SELECT * { ?s ?p ?o } LIMIT 11 OFFSET 2"),
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 500 } }",
     "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 500 } }\nLIMIT 11\n"),
    ("SELECT * { ?s ?p ?o } VALUES ?s { <a> }", "SELECT * { ?s ?p ?o } LIMIT 11\nVALUES ?s { <a> }"),
])
def test_limit_select(text: str, expected: str | None) -> None:
    """Lowered to one more than the cap of 10, so a cut result can be told from a full one."""
    assert limit_select(text, tokenize(text), 10) == expected


# --------------------------------------------------------------------------------------
# Queries: the three request shapes, formats, datasets
# --------------------------------------------------------------------------------------

SELECT_ALL = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"


def test_get_post_form_and_post_direct_answer_alike(client: TestClient) -> None:
    expected = [{"s": f"{EX}a", "o": "one"}, {"s": f"{EX}b", "o": "two"}]
    assert bindings(query(client, SELECT_ALL)) == expected
    assert bindings(form(client, "query=" + quote(SELECT_ALL))) == expected
    assert bindings(post_query(client, SELECT_ALL)) == expected
    # form bodies use + for spaces; a literal %25 stays a percent sign
    plus = "query=" + quote(SELECT_ALL).replace("%20", "+")
    assert bindings(form(client, plus)) == expected
    pct = form(client, "query=" + quote('SELECT ?x { BIND("100%" AS ?x) }'))
    assert bindings(pct) == [{"x": "100%"}]


def test_select_in_every_format(client: TestClient) -> None:
    r = query(client, SELECT_ALL, XML)
    assert media_type(r) == XML
    root = ET.fromstring(r.content)
    assert len(root.findall(f"{SRX}results/{SRX}result")) == 2

    r = query(client, SELECT_ALL, CSV)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(row["s"], row["o"]) for row in rows] == [(f"{EX}a", "one"), (f"{EX}b", "two")]

    r = query(client, SELECT_ALL, TSV)
    assert media_type(r) == TSV
    lines = r.text.strip().split("\n")
    assert lines[0].split("\t") == ["?s", "?o"] and len(lines) == 3

    r = query(client, SELECT_ALL, "application/json")
    assert media_type(r) == "application/json" and len(bindings(r)) == 2
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize(("name", "expected"), [
    ("json", JSON), ("xml", XML), ("csv", CSV), ("tsv", TSV), ("text/csv", CSV),
])
def test_format_parameter_overrides_accept(client: TestClient, name: str, expected: str) -> None:
    r = query(client, SELECT_ALL, "application/sparql-results+xml", format=name)
    assert r.status_code == 200 and media_type(r) == expected


def test_ask_json_and_xml(client: TestClient) -> None:
    r = query(client, f"ASK {{ <{EX}a> ?p ?o }}")
    assert media_type(r) == JSON and r.json()["boolean"] is True
    r = query(client, f"ASK {{ <{EX}zzz> ?p ?o }}", XML)
    assert ET.fromstring(r.content).find(f"{SRX}boolean").text == "false"


RDFLIB = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
          "application/ld+json": "json-ld", "text/plain": "nt"}


@pytest.mark.parametrize("accept", [*RDFLIB, None, "*/*"])
def test_construct_in_every_rdf_format(client: TestClient, accept: str | None) -> None:
    r = query(client, f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}", accept)
    assert r.status_code == 200, r.text
    got = Graph().parse(data=r.content, format=RDFLIB[media_type(r)])
    want = Graph()
    want.add((URIRef(f"{EX}a"), URIRef(f"{EX}q"), Literal("one")))
    want.add((URIRef(f"{EX}b"), URIRef(f"{EX}q"), Literal("two", lang="fi")))
    assert isomorphic(got, want)
    if accept in (None, "*/*"):
        assert media_type(r) == "text/turtle"


@pytest.mark.parametrize(("name", "parse_as"), [("ttl", "turtle"), ("nt", "nt"),
                                                ("rdfxml", "xml"), ("jsonld", "json-ld")])
def test_describe_with_format_parameter(client: TestClient, name: str, parse_as: str) -> None:
    r = query(client, f"DESCRIBE <{EX}a>", format=name)
    assert r.status_code == 200, r.text
    g = Graph().parse(data=r.content, format=parse_as)
    assert (URIRef(f"{EX}a"), RDF.type, URIRef(f"{EX}Thing")) in g


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    r = post_query(client, "CONSTRUCT { <s> <p> 1 } WHERE {}", {"accept": "application/n-triples"})
    g = Graph().parse(data=r.content, format="nt")
    assert (URIRef("http://testserver/s"), URIRef("http://testserver/p"), Literal(1)) in g


def test_protocol_dataset_overrides_from(client: TestClient) -> None:
    text = f"SELECT ?s FROM <{G2}> WHERE {{ ?s <{EX}p> ?o }}"
    assert bindings(query(client, text)) == [{"s": f"{EX}b"}]
    overridden = client.get("/sparql", params=[("query", text), ("default-graph-uri", G1)])
    assert bindings(overridden) == [{"s": f"{EX}a"}]
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    r = post_query(client, named, params=[("named-graph-uri", G2)])
    assert bindings(r) == [{"g": G2}]
    both = client.get("/sparql", params=[("query", text), ("default-graph-uri", G1),
                                         ("default-graph-uri", G2)])
    assert {b["s"] for b in bindings(both)} == {f"{EX}a", f"{EX}b"}


def test_from_and_from_named_are_honoured(client: TestClient) -> None:
    """The union default graph must not swallow a query's own dataset clauses."""
    text = (f"PREFIX g: <{EX}graph/>\nSELECT DISTINCT ?s ?g FROM g:1 FROM NAMED <{G2}> "
            f"WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ GRAPH ?g {{ ?x ?y ?z }} }} }}")
    assert bindings(query(client, text)) == [{"s": f"{EX}a", "g": G2}]
    only_named = "SELECT ?s WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params=[("query", only_named), ("named-graph-uri", G1)])
    assert bindings(r) == []  # the default graph of that dataset is empty
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", params=[("query", graphs), ("default-graph-uri", G1)])
    assert bindings(r) == []  # and this dataset has no named graphs


def test_default_graph_is_the_union(client: TestClient) -> None:
    r = query(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{EX}Thing> }}")
    assert bindings(r) == [{"n": "2"}]


# --------------------------------------------------------------------------------------
# Every 4xx
# --------------------------------------------------------------------------------------


def assert_problem(r: httpx.Response, status: int, word: str) -> None:
    assert r.status_code == status, r.text
    assert media_type(r) == "application/problem+json"
    body = r.json()
    assert body["status"] == status and word.lower() in (body["title"] + body["detail"]).lower()


def test_syntax_error_is_400_with_the_parsers_message(client: TestClient) -> None:
    r = query(client, "ASK {")
    assert r.status_code == 400
    assert media_type(r) == "text/plain"
    assert re.search(r"\b1:\d+\b", r.text)  # the parser's position, not a generic message
    r = post_update(client, "CLEAR XYZ", ADMIN)
    assert r.status_code == 400 and media_type(r) == "text/plain"
    assert re.search(r"\b1:\d+\b", r.text)


@pytest.mark.parametrize(("case", "status", "word"), [
    ("post_form_without_query", 400, "neither"),
    ("get_repeated_query", 400, "repeated"),
    ("form_repeated_query", 400, "repeated"),
    ("form_query_in_url_and_body", 400, "repeated"),
    ("direct_with_query_in_url", 400, "repeated"),
    ("form_repeated_update", 400, "repeated"),
    ("query_and_update", 400, "both"),
    ("empty_query", 400, "empty"),
    ("update_by_get", 400, "post"),
    ("non_utf8_direct", 400, "utf-8"),
    ("non_utf8_form", 400, "utf-8"),
    ("non_utf8_query_string", 400, "utf-8"),
    ("charset_utf16", 415, "charset"),
    ("wrong_content_type", 415, "content-type"),
    ("missing_content_type", 415, "no content-type"),
    ("missing_content_type_form_body", 415, "no content-type"),
    ("not_acceptable", 406, "accept"),
    ("ask_as_csv", 406, "accept"),
    ("format_for_other_form", 406, "format"),
    ("unknown_format", 400, "format"),
    ("relative_graph_iri", 400, "absolute"),
    ("using_on_a_query", 400, "does not apply"),
    ("default_graph_on_an_update", 400, "does not apply"),
    ("using_and_using_graph_uri", 400, "using"),
    ("with_and_using_named_graph_uri", 400, "with"),
])
def test_4xx(client: TestClient, case: str, status: int, word: str) -> None:
    ask = quote("ASK {}")
    auth = {"authorization": f"Bearer {ADMIN}"}
    requests = {
        "post_form_without_query": lambda: form(client, "default-graph-uri=" + quote(G1)),
        "get_repeated_query": lambda: client.get(f"/sparql?query={ask}&query={ask}"),
        "form_repeated_query": lambda: form(client, f"query={ask}&query={ask}"),
        "form_query_in_url_and_body": lambda: form(client, f"query={ask}", f"?query={ask}"),
        "direct_with_query_in_url": lambda: post_query(client, "ASK {}", params=[("query", "x")]),
        "form_repeated_update": lambda: form(client, "update=CLEAR+ALL&update=CLEAR+ALL",
                                             headers=auth),
        "query_and_update": lambda: form(client, f"query={ask}&update=CLEAR+ALL", headers=auth),
        "empty_query": lambda: client.get("/sparql?query="),
        "update_by_get": lambda: client.get("/sparql?update=CLEAR%20ALL", headers=auth),
        "non_utf8_direct": lambda: client.post("/sparql", content="ASK { FILTER(\"ä\") }".encode(
            "latin-1"), headers={"content-type": "application/sparql-query"}),
        "non_utf8_form": lambda: form(client, b"query=ASK%20%7B%7D%20%23%FF"),
        "non_utf8_query_string": lambda: client.get("/sparql?query=ASK%20%7B%7D%23%FF"),
        "charset_utf16": lambda: client.post("/sparql", content="ASK {}".encode("utf-16"), headers={
            "content-type": "application/sparql-query; charset=UTF-16"}),
        "wrong_content_type": lambda: client.post("/sparql", content=b"ASK {}",
                                                  headers={"content-type": "text/plain"}),
        "missing_content_type": lambda: client.post("/sparql", content=b"ASK {}"),
        "missing_content_type_form_body": lambda: client.post("/sparql", content=b"query=ASK+%7B%7D"),
        "not_acceptable": lambda: query(client, "SELECT * {}", "image/png"),
        "ask_as_csv": lambda: query(client, "ASK {}", "text/csv"),
        "format_for_other_form": lambda: query(client, "ASK {}", format="turtle"),
        "unknown_format": lambda: query(client, "ASK {}", format="yaml"),
        "relative_graph_iri": lambda: query(client, "ASK {}", **{"default-graph-uri": "g1"}),
        "using_on_a_query": lambda: query(client, "ASK {}", **{"using-graph-uri": G1}),
        "default_graph_on_an_update": lambda: post_update(client, "CLEAR ALL", ADMIN,
                                                          [("default-graph-uri", G1)]),
        "using_and_using_graph_uri": lambda: post_update(
            client, f"INSERT {{ <{EX}x> <{EX}y> ?o }} USING <{G1}> WHERE {{ ?s ?p ?o }}", ADMIN,
            [("using-graph-uri", G2)]),
        "with_and_using_named_graph_uri": lambda: post_update(
            client, f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", ADMIN,
            [("using-named-graph-uri", G2)]),
    }
    assert_problem(requests[case](), status, word)
    # nothing was written by any refused request
    assert bindings(query(client, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")) == [
        {"n": "4"}]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client: TestClient, method: str) -> None:
    r = client.request(method, "/sparql?query=ASK%20%7B%7D")
    assert_problem(r, 405, method)
    assert set(r.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


# --------------------------------------------------------------------------------------
# The service description and the query page
# --------------------------------------------------------------------------------------


def _description(r: httpx.Response, fmt: str) -> tuple[Graph, URIRef]:
    assert r.status_code == 200, r.text
    g = Graph().parse(data=r.content, format=fmt)
    service = next(g.subjects(RDF.type, SD.Service))
    return g, service


@pytest.mark.parametrize(("accept", "fmt"), [
    (None, "turtle"), ("*/*", "turtle"), ("text/turtle", "turtle"),
    ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"),
])
def test_service_description(client: TestClient, store: OxigraphStore, accept: str | None,
                             fmt: str) -> None:
    r = client.get("/sparql", headers={"accept": accept} if accept else {})
    g, service = _description(r, fmt)
    assert g.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert SD.UnionDefaultGraph in set(g.objects(service, SD.feature))
    formats = {str(o) for o in g.objects(service, SD.resultFormat)}
    assert formats == set(result_format_iris())
    assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
            "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD"} == {
        f.rsplit("/", 1)[-1] for f in formats}
    dataset = g.value(service, SD.defaultDataset)
    assert g.value(dataset, SD.defaultGraph) is not None
    names = {str(g.value(n, SD.name)) for n in g.objects(dataset, SD.namedGraph)}
    assert names == set(store.graph_names()) == {G1, G2}


def test_service_description_lists_update_when_enabled(make_app, store: OxigraphStore) -> None:
    with TestClient(make_app(store, enable_update=True, update_token=UPDATE)) as c:
        g, service = _description(c.get("/sparql"), "turtle")
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}


def test_service_description_uses_public_url(make_app, store: OxigraphStore) -> None:
    with TestClient(make_app(store, public_url="https://kg.example.fi/")) as c:
        g, service = _description(c.get("/sparql"), "turtle")
    assert g.value(service, SD.endpoint) == URIRef("https://kg.example.fi/sparql")


def test_service_description_406(client: TestClient) -> None:
    assert_problem(client.get("/sparql", headers={"accept": "application/pdf"}), 406, "accept")


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def test_browser_gets_the_query_page(client: TestClient) -> None:
    r = client.get("/sparql", headers={"accept": BROWSER})
    assert r.status_code == 200 and media_type(r) == "text/html"
    page = BeautifulSoup(r.text, "html.parser")
    scripts = {s.get("src") for s in page.find_all("script") if s.get("src")}
    assert "/static/yasgui/yasgui.min.js" in scripts
    assert page.find("link", href="/static/yasgui/yasgui.min.css") is not None
    assert not any("//" in (s or "") for s in scripts), "no CDN"
    # without YASGUI the plain form still sends GET /sparql?query=
    plain = page.find("form", id="plain")
    assert plain["method"].lower() == "get" and plain["action"].endswith("/sparql")
    assert plain.find("textarea", attrs={"name": "query"}) is not None
    examples = json.loads(page.find("script", id="example-queries").string)
    assert [e["title"] for e in examples] == [t for t, _ in EXAMPLE_QUERIES]
    buttons = page.find_all("button", attrs={"data-example": True})
    assert len(buttons) == len(EXAMPLE_QUERIES)


def test_the_plain_form_round_trips(client: TestClient) -> None:
    """What the page's form submits (query + format) gets results."""
    r = client.get("/sparql", params={"query": SELECT_ALL, "format": "csv"},
                   headers={"accept": BROWSER})
    assert media_type(r) == "text/csv" and len(list(csv.DictReader(io.StringIO(r.text)))) == 2


def test_example_queries_answer_on_a_programme(make_app, memory_store: OxigraphStore) -> None:
    """On a store with two versions of a programme (one service and one body changed) and a
    review, every example answers; the page names a municipality the store holds."""
    from graph import reviews

    ensure_base_graphs(memory_store)
    write_document(memory_store, sample_extraction(services=(ServiceKey.ASSESSMENT,)))
    write_document(memory_store, sample_extraction(sha="b" * 64, services=(ServiceKey.INTEGRATION_PLAN,)))
    reviews.record(memory_store, reviews.NewReview("resolve", "593", "maija", "Tarkistettu",
                                                   shape="ContactPointShape"))
    with TestClient(make_app(memory_store)) as c:
        page = BeautifulSoup(c.get("/sparql", headers={"accept": BROWSER}).text, "html.parser")
        examples = json.loads(page.find("script", id="example-queries").string)
        assert '"593"' in examples[0]["query"]
        for example in examples:
            rows = bindings(query(c, example["query"]))
            assert rows, example["title"]


# --------------------------------------------------------------------------------------
# Updates and their permissions
# --------------------------------------------------------------------------------------

INSERT = f"INSERT DATA {{ GRAPH <{EX}graph/new> {{ <{EX}n> <{EX}p> \"new\" }} }}"


def has_new(c: TestClient) -> bool:
    return query(c, f"ASK {{ <{EX}n> ?p ?o }}").json()["boolean"]


def test_updates_disabled_by_default(client: TestClient) -> None:
    assert_problem(post_update(client, INSERT), 403, "disabled")
    assert_problem(post_update(client, INSERT, "guess"), 403, "disabled")
    assert_problem(form(client, "update=" + quote(INSERT)), 403, "disabled")
    assert not has_new(client)


def test_update_token_alone_does_not_enable_updates(make_app, store: OxigraphStore) -> None:
    with TestClient(make_app(store, update_token=UPDATE)) as c:
        assert_problem(post_update(c, INSERT, UPDATE), 403, "disabled")
        assert not has_new(c)


def test_enabled_updates_need_the_token(make_app, store: OxigraphStore) -> None:
    with TestClient(make_app(store, enable_update=True, update_token=UPDATE)) as c:
        r = post_update(c, INSERT)
        assert_problem(r, 401, "bearer")
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert_problem(post_update(c, INSERT, "wrong"), 403, "token")
        r = c.post("/sparql", content=INSERT.encode(), headers={
            "content-type": "application/sparql-update",
            "authorization": "Bearer wrong-but-å".encode()})
        assert_problem(r, 403, "token")
        assert not has_new(c)
        r = post_update(c, INSERT, UPDATE)
        assert r.status_code == 204 and r.content == b""
        assert has_new(c)
        r = form(c, "update=" + quote(f"DROP GRAPH <{EX}graph/new>"),
                 headers={"authorization": f"Bearer {UPDATE}"})
        assert r.status_code == 204 and not has_new(c)


def test_enabled_without_a_token_nobody_may_write(make_app, store: OxigraphStore) -> None:
    with TestClient(make_app(store, enable_update=True)) as c:
        assert_problem(post_update(c, INSERT, "anything"), 403, "token")


def test_admin_token_always_writes(client: TestClient) -> None:
    r = post_update(client, INSERT, ADMIN)
    assert r.status_code == 204 and has_new(client)


def test_update_with_using_graph_uri(client: TestClient) -> None:
    update = f"INSERT {{ GRAPH <{EX}graph/out> {{ ?s a <{EX}Seen> }} }} WHERE {{ ?s a <{EX}Thing> }}"
    r = post_update(client, update, ADMIN, [("using-graph-uri", G2)])
    assert r.status_code == 204, r.text
    seen = bindings(query(client, f"SELECT ?s {{ ?s a <{EX}Seen> }}"))
    assert seen == [{"s": f"{EX}b"}]


def test_update_resolves_relative_iris_against_the_endpoint(client: TestClient) -> None:
    r = post_update(client, f"INSERT DATA {{ GRAPH <{EX}graph/base> {{ <{EX}s> <{EX}p> <rel> }} }}",
                    ADMIN)
    assert r.status_code == 204
    assert bindings(query(client, f"SELECT ?o {{ <{EX}s> <{EX}p> ?o }}")) == [
        {"o": "http://testserver/rel"}]


# --------------------------------------------------------------------------------------
# No outbound connections: SERVICE, FROM <remote>, LOAD
# --------------------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local TCP listener; the list collects every connection it sees."""
    with loopback_listener() as found:
        yield f"http://127.0.0.1:{found.port}/", found.connections


def test_service_is_refused_without_connecting(client: TestClient, listener) -> None:
    url, seen = listener
    r = query(client, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert_problem(r, 400, "service")
    r = query(client, f"SELECT * WHERE {{ ?s ?p ?o # comment\n service silent <{url}> {{ }} }}")
    assert_problem(r, 400, "service")
    r = post_update(client, f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                    ADMIN)
    assert_problem(r, 400, "service")
    time.sleep(0.3)
    assert seen == []


def test_load_is_refused_without_connecting(client: TestClient, listener) -> None:
    url, seen = listener
    for update in (f"LOAD <{url}data.ttl>", f"load silent <{url}data.ttl> INTO GRAPH <{G1}>"):
        assert_problem(post_update(client, update, ADMIN), 400, "load")
    time.sleep(0.3)
    assert seen == []


def test_from_a_remote_iri_reads_only_the_store(client: TestClient, listener) -> None:
    url, seen = listener
    r = query(client, f"SELECT * FROM <{url}> FROM NAMED <{url}x> WHERE {{ ?s ?p ?o }}")
    assert bindings(r) == []
    r = client.get("/sparql", params=[("query", "SELECT * { ?s ?p ?o }"),
                                      ("default-graph-uri", url)])
    assert bindings(r) == []
    time.sleep(0.3)
    assert seen == []


def test_the_word_service_elsewhere_is_fine(client: TestClient) -> None:
    text = ('PREFIX service: <http://example.org/service#>\n'
            'SELECT ?service WHERE { BIND("SERVICE <http://x/> {}" AS ?service) '
            '# SERVICE <http://x/> {}\n FILTER(?service != service:SERVICE) }')
    assert bindings(query(client, text)) == [{"service": "SERVICE <http://x/> {}"}]
    ok = post_update(client, f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}x> <{EX}p> "LOAD" }} }}', ADMIN)
    assert ok.status_code == 204


# --------------------------------------------------------------------------------------
# Limits: rows and time, and the event loop stays free
# --------------------------------------------------------------------------------------


@pytest.fixture
def many(memory_store: OxigraphStore) -> OxigraphStore:
    triples = " ".join(f'<{EX}s{n}> <{EX}p> "{n}" .' for n in range(10))
    memory_store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ {triples} }} }}")
    return memory_store


def _rows(r: httpx.Response) -> int:
    kind = media_type(r)
    if kind == JSON:
        return len(r.json()["results"]["bindings"])
    if kind == XML:
        return len(ET.fromstring(r.content).findall(f"{SRX}results/{SRX}result"))
    if kind == CSV:
        return len(list(csv.reader(io.StringIO(r.text)))) - 1
    return len(r.text.strip().split("\n")) - 1


@pytest.mark.parametrize("accept", [JSON, XML, CSV, TSV])
def test_select_is_truncated_at_max_result_rows(make_app, many, accept: str) -> None:
    with TestClient(make_app(many, max_result_rows=3)) as c:
        r = query(c, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s", accept)
        assert r.status_code == 200 and _rows(r) == 3
        assert r.headers["x-sparql-maxrows"] == "3"
        r = query(c, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2", accept)
        assert _rows(r) == 2 and "x-sparql-maxrows" not in r.headers
        r = query(c, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", accept)
        assert _rows(r) == 3 and "x-sparql-maxrows" not in r.headers
        r = query(c, "SELECT ?s WHERE { ?s ?p ?o } OFFSET 8", accept)
        assert _rows(r) == 2 and "x-sparql-maxrows" not in r.headers


class RecordingStore:
    """Wraps a store: records the queries, can block in raw_query, can raise."""

    def __init__(self, inner: OxigraphStore) -> None:
        self.inner = inner
        self.queries: list[str] = []
        self.block: threading.Event | None = None
        self.raise_timeout = False

    def raw_query(self, text: str, media_type: str, dataset: Dataset | None = None,
                  base_iri: str | None = None) -> RawResult:
        self.queries.append(text)
        if self.raise_timeout:
            raise QueryTimeout("query exceeded 0.1 s")
        if self.block is not None:
            self.block.wait(10)
        return self.inner.raw_query(text, media_type, dataset or Dataset(), base_iri)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def test_the_store_is_asked_for_at_most_cap_plus_one_rows(make_app, many) -> None:
    spy = RecordingStore(many)
    with TestClient(make_app(spy, max_result_rows=3)) as c:
        query(c, "SELECT * WHERE { ?s ?p ?o }")
    assert spy.queries[-1].rstrip().endswith("LIMIT 4")
    got = many.select(spy.queries[-1])
    assert len(got) == 4


def test_store_timeout_is_503(make_app, many) -> None:
    spy = RecordingStore(many)
    spy.raise_timeout = True
    with TestClient(make_app(spy)) as c:
        r = query(c, "SELECT * { ?s ?p ?o }")
    assert_problem(r, 503, "timeout")
    assert "retry-after" in r.headers


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_wall_time_cap_and_the_loop_stays_free(make_app, many) -> None:
    """A stuck store call ends in 503 after query_timeout_s; meanwhile other requests run."""
    spy = RecordingStore(many)
    spy.block = threading.Event()
    app = make_app(spy, query_timeout_s=1.0)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            results: dict[str, tuple[float, httpx.Response]] = {}
            started = time.monotonic()

            async def slow() -> None:
                r = await c.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
                results["slow"] = (time.monotonic() - started, r)

            async def fast() -> None:
                await anyio.sleep(0.1)
                r = await c.get("/sparql", headers={"accept": "text/turtle"})
                results["fast"] = (time.monotonic() - started, r)

            async with anyio.create_task_group() as tg:
                tg.start_soon(slow)
                tg.start_soon(fast)
    finally:
        spy.block.set()
    slow_at, slow_r = results["slow"]
    fast_at, fast_r = results["fast"]
    assert slow_r.status_code == 503, slow_r.text
    assert 0.9 < slow_at < 5
    assert fast_r.status_code == 200 and fast_at < 0.9


def test_answers_follow_writes_to_the_store(client: TestClient, store: OxigraphStore) -> None:
    """A repeated query may be answered from memory, never with data older than the store."""
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}n> ?p ?o }}"
    assert bindings(query(client, text)) == [{"n": "0"}]
    assert bindings(query(client, text)) == [{"n": "0"}]
    store.update(INSERT)  # as an ingest writes: through the store, not the endpoint
    assert bindings(query(client, text)) == [{"n": "1"}]


def test_result_cache_stays_within_its_budget() -> None:
    cache = ResultCache(max_bytes=800)
    for n in range(20):
        cache.put(n, (bytes(90), False), 90)
    assert cache.get(19) == (bytes(90), False)
    assert cache.get(0) is None  # the oldest went first
    assert sum(len(body) for (body, _), _ in cache._entries.values()) <= 800
    cache.put("big", (bytes(101), False), 101)  # over an eighth of the budget: not kept
    assert cache.get("big") is None
    off = ResultCache(max_bytes=0)
    off.put("q", (b"x", False), 1)
    assert off.get("q") is None


class CountingStore:
    """The store, counting the queries that reach it."""

    def __init__(self, inner: OxigraphStore) -> None:
        self.inner, self.asked = inner, 0

    def raw_query(self, *args, **kwargs) -> RawResult:
        self.asked += 1
        return self.inner.raw_query(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def test_repeats_skip_the_store_unless_the_client_says_no_cache(make_app, store: OxigraphStore) -> None:
    counting = CountingStore(store)
    with TestClient(make_app(counting)) as c:
        text = f"SELECT ?s WHERE {{ ?s a <{EX}Thing> }}"
        first = query(c, text)
        assert query(c, text).content == first.content and counting.asked == 1
        again = c.get("/sparql", params={"query": text}, headers={"cache-control": "no-cache"})
        assert again.content == first.content and counting.asked == 2
        query(c, text, accept="text/csv")  # another format is another answer
        assert counting.asked == 3
        for volatile in ("SELECT (NOW() AS ?t) {}", "SELECT (RAND() AS ?r) {}", "SELECT (UUID() AS ?u) {}"):
            asked = counting.asked
            query(c, volatile), query(c, volatile)
            assert counting.asked == asked + 2, volatile  # evaluated every time
    with TestClient(make_app(CountingStore(store), result_cache_mb=0)) as c:
        query(c, text), query(c, text)
        assert c.app.state.kg.store.asked == 2


def test_kept_answers_are_bounded(store: OxigraphStore) -> None:
    """Clients choose the keys (any spelling of a name), so the kept answers are capped."""
    cache = StoreStateCache(max_entries=3)
    for n in range(10):
        assert cache.get(store, ("who", str(n)), lambda n=n: n) == n
    assert cache.peek(store, ("who", "9")) == 9
    assert cache.peek(store, ("who", "0")) is MISSING
    assert len(cache._values) == 3


def test_the_endpoint_answers_browsers_with_cors_headers(client: TestClient) -> None:
    """/sparql runs on a short lane past FastAPI's stack; CORS must still apply there."""
    r = client.get("/sparql", params={"query": "ASK {}"},
                   headers={"Origin": "https://yasgui.example", "Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "X-SPARQL-MaxRows" in r.headers["access-control-expose-headers"]
    pre = client.options("/sparql", headers={"Origin": "https://yasgui.example",
                                             "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_the_endpoint_is_counted_and_logged(client: TestClient, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="kotograph.http"):
        client.get("/sparql", params={"query": "ASK {}"})
        client.post("/sparql", content="ASK {", headers={"Content-Type": "application/sparql-query"})
    text = client.get("/metrics").text
    assert 'kotograph_requests_total{method="GET",route="/sparql",status="200"} 1' in text
    assert 'kotograph_requests_total{method="POST",route="/sparql",status="400"} 1' in text
    assert any("path=/sparql status=400" in m for m in caplog.messages)


def test_an_unexpected_failure_is_a_500_not_a_dropped_connection(make_app, store) -> None:
    class Broken(type(store)):
        def content_version(self) -> int:
            raise KeyError("boom")

    broken = Broken(None)
    with TestClient(make_app(broken), raise_server_exceptions=False) as c:
        r = c.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 500
