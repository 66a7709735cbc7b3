"""The command line as a user runs it: ingest the examples, ask, validate, query, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REFERENCE = EXAMPLES / "reference"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> Path:
    """A store with every example document ingested once for the module."""
    path = tmp_path_factory.mktemp("cli") / "store"
    result = runner.invoke(app, ["--store", str(path), "ingest", "--reference", str(REFERENCE),
                                 "--json", *map(str, sorted(EXAMPLES.glob("*.pdf")))])
    assert result.exit_code == 0, result.output
    return path


def invoke(runner: CliRunner, store: Path, *args: str):
    return runner.invoke(app, ["--store", str(store), *args])


def test_ingest_reports_every_example(runner: CliRunner, store: Path) -> None:
    result = invoke(runner, store, "query", "--format", "json",
                    "PREFIX kg: <https://w3id.org/kotograph/ns#> "
                    "SELECT ?name WHERE { ?d a kg:ProgrammeDocument ; kg:sourceName ?name }")
    names = {b["name"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert names == {p.name for p in EXAMPLES.glob("*.pdf")}


@pytest.mark.parametrize("municipality", ["Järvelä", "järvelä", "993", "Kivijoki", "Strandby",
                                          "Korpimaa"])
def test_who_json_names_a_responsible_body_with_evidence(
    runner: CliRunner, store: Path, municipality: str
) -> None:
    result = invoke(runner, store, "who", municipality, "assessment", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == {"municipality", "service", "status", "document", "results", "exclusions"}
    assert answer["status"] == "described" and answer["document"].endswith(".pdf")
    responsible = [r for r in answer["results"] if r["role"] == "responsible"]
    assert responsible, answer
    for r in responsible:
        assert r["evidence"]["quote"] and r["evidence"]["page"] >= 1
        assert r["evidence"]["document"].endswith(".pdf")


def test_who_unknown_values_exit_2_and_list_valid_ones(runner: CliRunner, store: Path) -> None:
    result = invoke(runner, store, "who", "Atlantis", "assessment")
    assert result.exit_code == 2
    assert "Järvelä (993)" in result.output
    result = invoke(runner, store, "who", "Järvelä", "astrology")
    assert result.exit_code == 2
    assert "civic-orientation" in result.output


def test_bad_input_is_named_and_leaves_the_store_as_it_was(
    runner: CliRunner, store: Path, tmp_path: Path
) -> None:
    before = invoke(runner, store, "export", "--format", "nquads").stdout_bytes
    broken = tmp_path / "rikki.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a pdf at all")
    result = invoke(runner, store, "ingest", str(broken))
    assert result.exit_code == 1
    assert "rikki.pdf" in result.output
    assert "Traceback" not in result.output
    after = invoke(runner, store, "export", "--format", "nquads").stdout_bytes
    assert after == before


def test_export_trig_keeps_one_graph_per_document(runner: CliRunner, store: Path) -> None:
    result = invoke(runner, store, "export", "--format", "trig")
    ds = Dataset()
    ds.parse(data=result.stdout, format="trig")
    doc_graphs = [g for g in ds.graphs() if "/graph/document/" in str(g.identifier)]
    assert len(doc_graphs) == len(list(EXAMPLES.glob("*.pdf")))


def test_query_csv(runner: CliRunner, store: Path) -> None:
    result = invoke(runner, store, "query", "--format", "csv",
                    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    header, value = result.stdout.strip().splitlines()
    assert header == "n" and int(value) > 1000


@pytest.mark.parametrize(("municipality", "status"), [("Pajuvesi", "excluded"), ("Kivijoki", "described"),
                                                      ("Saarela", "no-programme")])
def test_an_explicit_exclusion_is_not_a_silence(runner: CliRunner, store: Path, municipality: str,
                                                status: str) -> None:
    """"Pajuvesi: Ei sisälly ohjelmaan": excluded, while Saarela, whose programme is not
    ingested, has no programme to ask."""
    result = invoke(runner, store, "who", municipality, "family-integration-plan", "--json")
    assert json.loads(result.stdout)["status"] == status
    text = invoke(runner, store, "who", municipality, "family-integration-plan").stdout
    if status != "described":
        assert {"excluded": "states that this service is not part of it",
                "no-programme": "No programme of this municipality"}[status] in text
