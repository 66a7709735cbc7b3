"""Programmes, not files: which documents are versions or copies of the same programme.

A programme's identity is the municipalities it covers and its title (years and
punctuation aside), never its file. Within one programme, a document is a *format copy*
of another when both record the same approvals, or, without approvals, when each one's
quoted sentences all stand in the other's text: the same programme as PDF and as HTML is
then counted once. The other documents are *versions*, ordered by their approval date, the
start of the validity stated in the title, or else the time they were first ingested. The
newest version of each programme is current for its municipalities, the one before it is
their previous version, and the older ones stay in the history.

The result is one derived named graph (`PROGRAMMES_GRAPH`). A write updates the part of it
the document can change (its programme, its municipalities) in the same transaction as the
document, so readers never see a document without its place in the history.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from rdflib import Graph, Literal, URIRef

from graph import iris
from graph.namespaces import DCTERMS, KG, PROGRAMMES_GRAPH, PROV, RDF, SKOS, STATUS, XSD
from graph.sparql_text import iri, prefixes
from graph.store import OxigraphStore, Store

# Preferred copy when one programme comes in several formats: a PDF's pages give the
# evidence links their page numbers.
FORMAT_RANK = {"application/pdf": 0,
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 1,
               "text/html": 2, "text/plain": 3}
_YEARS = re.compile(r"\b(20\d\d)\s*(?:[-–—]|\.\.)\s*(20\d\d)\b")


def normalise(text: str) -> str:
    """Letters and digits only, lower case, single spaces: what two renderings of one
    sentence share (hyphenation, bullets, line breaks and quotes marks aside)."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u00ad", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(re.findall(r"\w+", text))


def normalised_title(title: str) -> str:
    """The title as part of a programme's identity: without years and numbers."""
    return " ".join(w for w in normalise(title).split() if not w.isdigit())


@dataclass(frozen=True, slots=True)
class Version:
    """What the registry needs to know about one ingested document."""

    iri: str
    graph: str
    source: str
    media_type: str
    title: str
    municipalities: frozenset[str]
    approvals: frozenset[tuple[str, str]]  # (body, ISO date) of dated approvals
    first_ingested_at: str

    @property
    def identity(self) -> tuple[frozenset[str], str]:
        return self.municipalities, normalised_title(self.title)

    @property
    def dated(self) -> tuple[str, str]:
        """(ISO date, basis): the date this version is ordered by, and where it came from."""
        if self.approvals:
            return max(d for _, d in self.approvals), "approval"
        years = _YEARS.search(self.title)
        if years:
            return f"{years.group(1)}-01-01", "validity"
        # not the file's own date: a copy exported again would pass for a newer version
        return self.first_ingested_at[:10], "ingest"

    @property
    def order(self) -> tuple[str, str, str]:
        return self.dated[0], self.first_ingested_at, self.iri


def _rows_by_document(rows: list[dict[str, str]], key: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if key in r:
            found[r["doc"]].add(r[key])
    return found


def _values(var: str, terms: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(iri(t) for t in sorted(terms))} }}"


def versions_in(store: Store, codes: Iterable[str] | None = None) -> list[Version]:
    """The documents of the store (those covering one of `codes`, when given), with what
    the registry orders and groups them by."""
    pfx = prefixes("kg", "dct")
    docs_filter = ""
    if codes is not None:
        municipalities = [str(iris.municipality_iri(c)) for c in codes]
        found = store.select(pfx + "SELECT DISTINCT ?doc WHERE { " + _values("m", municipalities)
                             + " GRAPH ?g { ?doc a kg:ProgrammeDocument ; kg:covers ?m } }") if codes else []
        if not found:
            return []
        docs_filter = _values("doc", {r["doc"] for r in found})
    docs = store.select(pfx + "SELECT ?g ?doc ?source ?format ?title ?at WHERE { " + docs_filter + """
        GRAPH ?g { ?doc a kg:ProgrammeDocument ; kg:sourceName ?source ; kg:ingestedAt ?at .
        OPTIONAL { ?doc dct:format ?format } OPTIONAL { ?doc dct:title ?title } } }""")
    covers = _rows_by_document(store.select(
        pfx + "SELECT ?doc ?code WHERE { " + docs_filter + " GRAPH ?g { ?doc a kg:ProgrammeDocument ; "
              "kg:covers ?m } BIND(STRAFTER(STR(?m), '/municipality/') AS ?code) }"), "code")
    approvals = _rows_by_document(store.select(
        pfx + "SELECT ?doc ?a WHERE { " + docs_filter + " GRAPH ?g { ?doc kg:approval ?n . "
              "?n kg:approvedBy ?body ; dct:date ?date } "
              "BIND(CONCAT(STR(?date), '\\u001f', ?body) AS ?a) }"), "a")
    first = first_ingested(store, docs_filter)
    out = []
    for d in docs:
        dated = {tuple(reversed(a.split("\x1f", 1))) for a in approvals.get(d["doc"], ())}
        out.append(Version(
            iri=d["doc"], graph=d["g"], source=d["source"], media_type=d.get("format", ""),
            title=d.get("title") or d["source"], municipalities=frozenset(covers.get(d["doc"], ())),
            approvals=frozenset(dated),  # type: ignore[arg-type]
            first_ingested_at=first.get(d["doc"], d["at"]),
        ))
    return out


def first_ingested(store: Store, docs_filter: str = "") -> dict[str, str]:
    """When the registry first saw each document: kept across re-ingests of the same file,
    so re-reading an old version does not make it new."""
    return {r["doc"]: r["at"] for r in store.select(
        prefixes("kg") + f"SELECT ?doc ?at WHERE {{ {docs_filter} GRAPH {iri(str(PROGRAMMES_GRAPH))} "
                         "{ ?doc kg:firstIngestedAt ?at } }")}


def document_text(store: Store, graph_iri: str) -> tuple[frozenset[str], str]:
    """A document's quoted sentences and all the text the graph keeps of it (quotes,
    service descriptions), normalised: what tells a format copy from another version.
    The quotes are those of facts: a contact block's or a list's span depends on the
    layout more than on the words."""
    rows = store.select(prefixes("kg", "dct", "cv") + f"""SELECT ?text ?kind WHERE {{
      GRAPH {iri(graph_iri)} {{
        {{ ?p a cv:Participation ; kg:evidence/kg:quote ?text . BIND("q" AS ?kind) }}
        UNION {{ ?ev kg:quote ?text . BIND("t" AS ?kind) }}
        UNION {{ ?offer a kg:ServiceOffer ; dct:description ?text . BIND("d" AS ?kind) }} }} }}""")
    quotes = frozenset(q for q in (normalise(r["text"]) for r in rows if r["kind"] == "q") if q)
    return quotes, "\n".join(sorted(normalise(r["text"]) for r in rows))


def _same_text(a: tuple[frozenset[str], str], b: tuple[frozenset[str], str]) -> bool:
    """Every quote of each document stands in the other's text."""
    return all(q in b[1] for q in a[0]) and all(q in a[1] for q in b[0])


def _is_copy(a: Version, b: Version, text: TextOf) -> bool:
    if a.approvals or b.approvals:
        return a.approvals == b.approvals
    return _same_text(text(a), text(b))


class TextOf:
    """Document texts, read from the store (or the graph being written) on first use."""

    def __init__(self, store: Store, pending: Mapping[str, Store]) -> None:
        self.store = store
        self.pending = pending
        self._texts: dict[str, tuple[frozenset[str], str]] = {}

    def __call__(self, version: Version) -> tuple[frozenset[str], str]:
        if version.graph not in self._texts:
            source = self.pending.get(version.graph, self.store)
            self._texts[version.graph] = document_text(source, version.graph)
        return self._texts[version.graph]


@dataclass(frozen=True, slots=True)
class Registry:
    """Programmes and versions as plain data (`registry_graph` makes the RDF)."""

    versions: list[Version]
    copies: dict[str, str]  # copy document IRI → the document it copies
    programmes: dict[tuple, list[Version]]  # identity → its versions (copies aside), newest last

    def status(self, doc: str) -> str:
        if doc in self.copies:
            return "format-copy"
        return "current" if any(v[-1].iri == doc for v in self.programmes.values()) else "superseded"

    def of(self, code: str) -> list[list[Version]]:
        """The programmes covering a municipality, each as its versions, newest last."""
        return [versions for identity, versions in self.programmes.items() if code in identity[0]]


def build_registry(versions: Iterable[Version], text: TextOf) -> Registry:
    """Group documents into programmes, find the format copies, order the versions.

    Versions supersede each other within one programme; two programmes covering one
    municipality (a joint programme and the municipality's own annex, say) both stand.
    """
    versions = list(versions)
    groups: dict[tuple, list[Version]] = defaultdict(list)
    for v in versions:
        groups[v.identity].append(v)
    copies: dict[str, str] = {}
    ordered: dict[tuple, list[Version]] = {}
    for identity, members in groups.items():
        primaries: list[Version] = []
        # a total order, so every store and every write picks the same copy as primary
        for v in sorted(members, key=lambda v: (FORMAT_RANK.get(v.media_type, 9), v.first_ingested_at,
                                                v.iri)):
            original = next((p for p in primaries if _is_copy(v, p, text)), None)
            if original is None:
                primaries.append(v)
            else:
                copies[v.iri] = original.iri
        ordered[identity] = sorted(primaries, key=lambda v: v.order)
    return Registry(versions, copies, ordered)


def programme_iri(identity: tuple[frozenset[str], str]) -> URIRef:
    codes, title = identity
    return iris.ID[f"programme/{iris.short_hash(*sorted(codes), title, length=16)}"]


def registry_graph(registry: Registry, municipalities: Mapping[str, bool],
                   only: set[str] | None = None) -> Graph:
    """The registry as RDF; `municipalities` (code → outside the Act's scope) gets every
    municipality of the reference data its status (`only` these, when given)."""
    g = Graph()
    for identity, ordered in registry.programmes.items():
        programme = programme_iri(identity)
        g.add((programme, RDF.type, KG.Programme))
        g.add((programme, SKOS.prefLabel, Literal(ordered[-1].title)))
        for code in sorted(identity[0]):
            g.add((programme, KG.covers, iris.municipality_iri(code)))
        for older, newer in itertools.pairwise(ordered):
            g.add((URIRef(newer.iri), PROV.wasRevisionOf, URIRef(older.iri)))
    for v in registry.versions:
        doc, programme = URIRef(v.iri), programme_iri(v.identity)
        g.add((programme, DCTERMS.hasVersion, doc))
        g.add((doc, DCTERMS.isVersionOf, programme))
        g.add((doc, KG.versionStatus, STATUS[registry.status(v.iri)]))
        date, basis = v.dated
        g.add((doc, KG.versionDate, Literal(date, datatype=XSD.date)))
        g.add((doc, KG.versionDateBasis, Literal(basis)))
        g.add((doc, KG.firstIngestedAt, Literal(v.first_ingested_at, datatype=XSD.dateTime)))
        if v.iri in registry.copies:
            g.add((doc, DCTERMS.isFormatOf, URIRef(registry.copies[v.iri])))
    covered = {code for identity in registry.programmes for code in identity[0]}
    for code in sorted(only if only is not None else set(municipalities) | covered):
        node = iris.municipality_iri(code)
        programmes = registry.of(code)
        status = ("outside-scope" if municipalities.get(code) else
                  "programme-ingested" if programmes else "no-programme")
        g.add((node, KG.programmeStatus, STATUS[status]))
        for ordered in programmes:
            g.add((node, KG.currentDocument, URIRef(ordered[-1].iri)))
            if len(ordered) > 1:
                g.add((node, KG.previousDocument, URIRef(ordered[-2].iri)))
    return g


def reference_municipalities(store: Store, codes: Iterable[str] | None = None) -> dict[str, bool]:
    """Code → outside the Act's scope, for every municipality of the reference graphs (or
    for `codes`)."""
    values = "" if codes is None else _values("m", (str(iris.municipality_iri(c)) for c in codes))
    rows = store.select(prefixes("kg", "dct") + "SELECT DISTINCT ?code ?outside WHERE { " + values + """
        ?m a kg:Municipality ; dct:identifier ?code .
        OPTIONAL { ?m kg:outsideActScope true BIND("yes" AS ?outside) } }""")
    # matched on the literal, not its lexical form: Virtuoso writes xsd:boolean true as "1"
    return {r["code"]: r.get("outside") == "yes" for r in rows}


def registry_after(store: Store) -> Graph:
    """The whole registry of the store, rebuilt from every document graph."""
    registry = build_registry(versions_in(store), TextOf(store, {}))
    return registry_graph(registry, reference_municipalities(store))


def update_for(store: Store, graph_iri: str, nt: str, dropped: Iterable[str] = ()) -> tuple[str, Graph]:
    """The SPARQL Update that brings the registry up to date for a document graph being
    written (its N-Triples `nt`, with the graphs `dropped` gone), and the registry triples
    it writes. Only what the document can change is recomputed: its programme's versions
    and the municipalities it covers, so a write costs about the same in an empty store
    as in a national one."""
    scratch = OxigraphStore(None)
    scratch.replace_graphs({graph_iri: nt})
    (new,) = versions_in(scratch)
    registry_iri = iri(str(PROGRAMMES_GRAPH))
    pointing = store.select(prefixes("kg") + f"""SELECT DISTINCT ?m WHERE {{ GRAPH {registry_iri} {{
        {{ ?m kg:currentDocument {iri(new.iri)} }} UNION {{ ?m kg:previousDocument {iri(new.iri)} }} }} }}""")
    codes = set(new.municipalities) | {r["m"].rsplit("/", 1)[-1] for r in pointing}
    gone = set(dropped) | {graph_iri}
    versions = [v for v in versions_in(store, codes) if v.graph not in gone]
    first = first_ingested(store, _values("doc", [new.iri])).get(new.iri, new.first_ingested_at)
    versions.append(replace(new, first_ingested_at=first))
    registry = build_registry(versions, TextOf(store, {graph_iri: scratch}))
    fragment = registry_graph(registry, reference_municipalities(store, codes), codes)
    subjects = ({v.iri for v in versions} | {str(programme_iri(i)) for i in registry.programmes}
                | {str(iris.municipality_iri(c)) for c in codes})
    parts = [f"DELETE WHERE {{ GRAPH {registry_iri} {{ {iri(s)} ?p ?o }} }}" for s in sorted(subjects)]
    parts.append(f"INSERT DATA {{ GRAPH {registry_iri} {{\n{fragment.serialize(format='nt')}\n}} }}")
    return " ;\n".join(parts), fragment


def stale(store: Store) -> bool:
    """True when a document graph has no place in the registry (e.g. two writers raced, or
    the store predates the registry)."""
    return store.ask(prefixes("kg") + f"""ASK {{ GRAPH ?g {{ ?doc a kg:ProgrammeDocument }}
        FILTER NOT EXISTS {{ GRAPH {iri(str(PROGRAMMES_GRAPH))} {{ ?doc kg:versionStatus ?s }} }} }}""")


def refresh(store: Store, force: bool = False) -> bool:
    """Rebuild the registry when it is stale (or when `force`d); True when it was written."""
    if not force and not stale(store):
        return False
    store.replace_graphs({str(PROGRAMMES_GRAPH): registry_after(store).serialize(format="nt")})
    return True
