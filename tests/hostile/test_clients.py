"""Real SPARQL clients against a real server: SPARQLWrapper in every return format by GET
and by POST, and rdflib's SPARQLStore (which parses the XML results)."""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.hostile.conftest import ROOT, Server

pytestmark = pytest.mark.server

SELECT = "SELECT ?m ?label WHERE { ?m a <https://w3id.org/kotograph/ns#Municipality> ; " \
         "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } LIMIT 3"
CONSTRUCT = "CONSTRUCT { ?m ?p ?o } WHERE { ?m a <https://w3id.org/kotograph/ns#Municipality> ; " \
            "?p ?o } LIMIT 5"


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(server: Server, method: str, fmt: str) -> None:
    client = SPARQLWrapper(f"{server.base}/sparql")
    client.setQuery(SELECT)
    client.setMethod(method)
    client.setReturnFormat(fmt)
    result = client.query()
    assert result.response.status == 200
    converted = result.convert()
    if fmt == JSON:
        assert len(converted["results"]["bindings"]) == 3
    elif fmt == XML:
        assert len(converted.getElementsByTagName("result")) == 3
    else:
        assert len(converted.decode().strip().splitlines()) == 4


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [RDFXML, XML, TURTLE, N3, JSONLD, JSON])
def test_sparqlwrapper_construct(server: Server, method: str, fmt: str) -> None:
    client = SPARQLWrapper(f"{server.base}/sparql")
    client.setQuery(CONSTRUCT)
    client.setMethod(method)
    client.setReturnFormat(fmt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # its own note on */* for JSON
        result = client.query()
    assert result.response.status == 200
    converted = result.convert()
    if isinstance(converted, Graph):
        graph = converted
    else:  # the text of Turtle / JSON-LD, or JSON-LD already decoded
        data = converted if isinstance(converted, bytes | str) else json.dumps(converted)
        media = result.response.headers["Content-Type"].split(";")[0]
        graph = Graph().parse(data=data, format={"text/turtle": "turtle",
                                                 "application/ld+json": "json-ld"}[media])
    assert len(graph) == 5


def test_rdflib_sparqlstore(server: Server) -> None:
    graph = Graph(SPARQLStore(f"{server.base}/sparql", returnFormat="xml"))
    rows = list(graph.query(SELECT))
    assert len(rows) == 3 and all(len(str(label)) > 0 for _, label in rows)
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


NODE = shutil.which("node")
COMUNICA = ROOT / "node_modules" / "@comunica" / "query-sparql"


@pytest.mark.skipif(NODE is None or not COMUNICA.is_dir(),
                    reason="Node or Comunica (npm, `make setup`) is not installed")
def test_comunica_from_npm(server: Server) -> None:
    """A client from outside Python: Comunica's SPARQL source against /sparql."""
    done = subprocess.run([NODE, str(Path(__file__).with_name("comunica_query.mjs")),
                           f"{server.base}/sparql", SELECT], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(done.stdout)
    assert len(rows) == 3 and all(r["m"].startswith("https://w3id.org/kotograph/id/") for r in rows)
