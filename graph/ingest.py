"""Writing documents into a store: one named graph per document, swapped atomically."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from extraction.model import DocumentExtraction
from extraction.reference_data import load_reference_folder
from graph import iris, programmes
from graph.build import build_document_graph
from graph.namespaces import (
    DCTERMS,
    FOAF,
    KG,
    ONTOLOGY_GRAPH,
    REFERENCE_GRAPH,
    ontology_text,
)
from graph.reference import build_reference_graph
from graph.sparql_text import literal, prefixes
from graph.store import Store

# One writer at a time in this process: the registry is computed from the store as it is
# and written with the document (graph.programmes.stale catches writers of other processes).
_WRITER = threading.Lock()


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did, for the CLI's table and the upload API's answer."""

    source_name: str
    sha256: str
    graph: str
    document: str
    language: str
    pages: int
    municipalities: list[tuple[str, str]]
    services: int
    facts: int
    triples: int
    replaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    version_status: str = "current"  # current | superseded | format-copy (graph.programmes)
    supersedes: list[str] = field(default_factory=list)  # documents this version replaced
    copy_of: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source_name, "sha256": self.sha256, "graph": self.graph,
            "document": self.document, "language": self.language, "pages": self.pages,
            "municipalities": [{"code": c, "name": n} for c, n in self.municipalities],
            "services": self.services, "facts": self.facts, "triples": self.triples,
            "replaced_graphs": self.replaced, "warnings": self.warnings,
            "version_status": self.version_status, "supersedes": self.supersedes,
            "copy_of": self.copy_of,
        }


def previous_graphs(store: Store, sha256: str) -> list[str]:
    """Graphs of the same content (a re-ingest replaces them). A different file, even under
    the same name, is another version or copy of its programme (graph.programmes): the
    older ones stay in the history."""
    rows = store.select(
        prefixes("kg")
        + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a kg:ProgrammeDocument ; "
        + f"kg:sha256 {literal(sha256)} }} }}"
    )
    return sorted(r["g"] for r in rows)


def described_in_reference(store: Store, graph: Graph) -> set[URIRef]:
    """The agents of `graph` that a reference graph of the store already describes."""
    agents = sorted({s for s in graph.subjects(RDF.type, FOAF.Agent) if isinstance(s, URIRef)})
    if not agents:
        return set()
    rows = store.select(
        "SELECT DISTINCT ?o WHERE { VALUES ?o { " + " ".join(f"<{a}>" for a in agents) + " } "
        f"GRAPH ?g {{ ?o a ?type }} FILTER(STRSTARTS(STR(?g), {literal(str(REFERENCE_GRAPH))})) }}"
    )
    return {URIRef(r["o"]) for r in rows}


def drop_reference_descriptions(store: Store, graph: Graph) -> None:
    """Leave organisations the reference graphs describe (Kela, ELY-keskus …) undescribed.

    Oxigraph's union default graph returns a triple once per graph that holds it, so a
    label repeated in every document graph made each query that joins labels read one
    copy per document: the who-query took 200 ms instead of 0.8 ms at national scale.
    """
    for node in described_in_reference(store, graph):
        graph.remove((node, None, None))


def write_document(store: Store, ex: DocumentExtraction, ingested_by: str | None = None,
                   ingested_at: datetime | None = None) -> IngestSummary:
    """Write the document and the programme registry it changes in one transaction;
    nothing is written on failure."""
    graph = build_document_graph(ex, ingested_at=ingested_at, ingested_by=ingested_by)
    drop_reference_descriptions(store, graph)
    graph_iri = str(iris.document_graph_iri(ex.sha256))
    old = previous_graphs(store, ex.sha256)
    nt = graph.serialize(format="nt")
    with _WRITER:
        update, registry = programmes.update_for(store, graph_iri, nt, dropped=old)
        store.replace_graphs({graph_iri: nt}, drop=old, also=update)
    doc = iris.document_iri(ex.sha256)
    return IngestSummary(
        source_name=ex.source_name,
        sha256=ex.sha256,
        graph=graph_iri,
        document=str(iris.document_iri(ex.sha256)),
        language=ex.language,
        pages=ex.page_count,
        municipalities=[(m.code, m.name_fi) for m in ex.municipalities],
        services=len({(c, s.service) for s in ex.services for c in s.municipalities}),
        facts=len(ex.facts),
        triples=len(graph),
        replaced=[g for g in old if g != graph_iri],
        warnings=list(ex.warnings),
        version_status=str(registry.value(doc, KG.versionStatus)).rsplit("/", 1)[-1],
        supersedes=sorted({str(registry.value(m, KG.previousDocument))
                           for m in registry.subjects(KG.currentDocument, doc)
                           if registry.value(m, KG.previousDocument) is not None}),
        copy_of=str(registry.value(doc, DCTERMS.isFormatOf) or "") or None,
    )


def repair_programmes(store: Store) -> bool:
    """Rebuild the programme registry if a document has no place in it (writers of two
    processes raced, or the store predates the registry); True when it was rebuilt."""
    with _WRITER:
        return programmes.refresh(store)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reference_graph_iri(folder: Path | None) -> URIRef:
    """The national reference graph, or one graph per extra folder (e.g. the examples')."""
    if folder is None:
        return REFERENCE_GRAPH
    resolved = folder.resolve()
    return URIRef(f"{REFERENCE_GRAPH}/{iris.slug(resolved.name)}-{iris.short_hash(resolved, length=8)}")


@lru_cache(maxsize=16)
def _base_graphs(extra_dirs: tuple[Path, ...]) -> dict[str, tuple[str, str]]:
    """Graph IRI → (digest, N-Triples) for the ontology and every reference table folder."""
    sources = {str(ONTOLOGY_GRAPH): Graph().parse(data=ontology_text(), format="turtle")}
    for folder in (None, *extra_dirs):
        sources[str(reference_graph_iri(folder))] = build_reference_graph(load_reference_folder(folder))
    out = {}
    for iri, graph in sources.items():
        # Sorted: rdflib's N-Triples order varies between processes (hash seeds), and the
        # digest must not, or every start would rewrite the same graphs.
        nt = "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
        digest = _digest(nt)
        out[iri] = (digest, nt + f'<{iri}> <{KG.contentDigest}> "{digest}" .\n')
    return out


def ensure_base_graphs(store: Store, extra_dirs: tuple[Path, ...] = ()) -> list[str]:
    """Load the ontology and reference graphs that are missing or changed; one ASK each.

    Each extra reference folder has its own graph, so ingesting without a folder never
    removes what an earlier ingest with it loaded. Returns the graphs written.
    """
    stale = {
        iri: nt for iri, (digest, nt) in _base_graphs(extra_dirs).items()
        if not store.ask(f'ASK {{ GRAPH <{iri}> {{ <{iri}> <{KG.contentDigest}> "{digest}" }} }}')
    }
    if stale:
        store.replace_graphs(stale)
    with _WRITER:  # new reference data: new municipalities need their status
        programmes.refresh(store, force=bool(stale))
    return sorted(stale)
