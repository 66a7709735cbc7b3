"""13 § validation: do the ingested programmes describe the minimum content of the Act?

`validate` reads what the shapes need out of a `Store` (one CONSTRUCT over the union graph,
restricted to one municipality when asked, plus the ontology graph), runs pySHACL with
shapes/kotograph-13.ttl and turns the SHACL report into plain dataclasses: per
municipality the required services covered and missing, and every finding with its
severity, message in Finnish, Swedish and English, service and law section.

pySHACL is CPU-bound and synchronous: call `validate` from a worker thread
(`asyncio.to_thread`, Starlette's `run_in_threadpool`), never on an event loop. It refuses
to run on a thread that has a running loop.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from typing import Any

import pyoxigraph as ox
import pyshacl
from oxrdflib import OxigraphStore
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SH

from graph import iris, reviews
from graph.namespaces import (
    CV,
    DCTERMS,
    KG,
    ONTOLOGY_GRAPH,
    RDF,
    RDFS,
    ROLE,
    SERVICE,
    SKOS,
    TARGET_GROUP,
    ontology_graph,
)
from graph.sparql_text import iri, prefixes
from graph.store import Store

LANGS = ("fi", "sv", "en")
SHAPES_FILE = "kotograph-13.ttl"
SHAPES_IRI = URIRef("https://w3id.org/kotograph/shapes/13")
SECTION_13 = URIRef("http://data.finlex.fi/eli/sd/2023/681/luku/2/pykala/13")
_SHAPES_NS = "https://w3id.org/kotograph/shapes/13#"
_MISSING_SERVICE_SHAPE = URIRef(_SHAPES_NS + "MinimumContentShape")
_EXCLUDED_SERVICE_SHAPE = URIRef(_SHAPES_NS + "ExcludedRequiredServiceShape")
# Findings about a required service as a whole (13 § 1 mom. point N), not its bodies.
_SERVICE_SHAPES = (_MISSING_SERVICE_SHAPE, _EXCLUDED_SERVICE_SHAPE)
_TARGET_GROUP_SHAPE = URIRef(_SHAPES_NS + "ResponsibleTargetGroupShape")
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_TEMPLATE_VAR = re.compile(r"\{[?$](\w+)\}")


class ValidationError(RuntimeError):
    """The shapes could not be evaluated (a broken shape, not a non-conforming graph)."""


# --------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequiredItem:
    """One service that 13 § 1 mom. requires the programme to contain."""

    key: str  # service key, e.g. "assessment"
    labels: dict[str, str]  # fi / sv / en
    point: int  # 13 § 1 mom. point (1–6)
    section: dict[str, str]  # "681/2023 13 § 1 mom. 1 k." in fi / sv / en
    section_iri: str  # ELI of 13 §
    provision_iri: str  # 13 § 1 mom. point as a fragment of the section IRI
    legal_resources: tuple[str, ...]  # the sections the service itself rests on (14 §, …)


@dataclass(frozen=True, slots=True)
class Finding:
    """One SHACL validation result, in plain terms."""

    severity: str  # "Violation" | "Warning"
    shape: str  # local name of the source shape, e.g. "ResponsibleBodyShape"
    municipality_code: str
    messages: dict[str, str]  # fi / sv / en
    service_key: str | None
    target_group: str | None  # for a responsible body missing for one target group
    section: dict[str, str]
    section_iri: str
    provision_iri: str
    focus_node: str
    value_node: str | None
    # a supervisor's resolution (graph.reviews): by, at, note; a resolved finding is listed
    # but not counted
    resolved: dict[str, str] | None = None


@dataclass(slots=True)
class MunicipalityReport:
    code: str
    name: str
    name_sv: str | None
    iri: str
    covered: list[RequiredItem] = field(default_factory=list)
    missing: list[RequiredItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" and not f.resolved for f in self.findings)

    def count(self, severity: str) -> int:
        """Open findings of `severity` (resolved ones are not counted)."""
        return sum(1 for f in self.findings if f.severity == severity and not f.resolved)


@dataclass(slots=True)
class ValidationReport:
    conforms: bool  # no Violation (warnings allowed)
    municipalities: list[MunicipalityReport]
    required: list[RequiredItem]
    graph: Graph  # the SHACL report, messages language-tagged, results annotated
    timings: dict[str, float] = field(default_factory=dict)

    def municipality(self, code: str) -> MunicipalityReport | None:
        return next((m for m in self.municipalities if m.code == code), None)

    @property
    def findings(self) -> list[Finding]:
        return [f for m in self.municipalities for f in m.findings]

    def only(self, code: str) -> ValidationReport:
        """The report of one municipality, as if it alone had been validated: its findings,
        and in the graph its SHACL results (each with all it says: messages, paths, the
        law's sections) under a report that conforms when it has no Violation."""
        found = self.municipality(code)
        kept = [found] if found else []
        conforms = found is None or found.conforms
        g = Graph()
        for prefix, namespace in self.graph.namespaces():
            g.bind(prefix, namespace, override=True)
        node = BNode()
        g.add((node, RDF.type, SH.ValidationReport))
        g.add((node, SH.conforms, Literal(conforms)))
        if found is not None:
            for result in self.graph.subjects(SH.focusNode, URIRef(found.iri)):
                g.add((node, SH.result, result))
                g += self.graph.cbd(result)
        return ValidationReport(conforms, kept, self.required, g, dict(self.timings))

    def replaced(self, codes: Collection[str], fresh: ValidationReport) -> ValidationReport:
        """This report with its part on the municipalities `codes` taken from `fresh`, a
        validation of just those (one that `fresh` lacks is no longer covered).

        The graph is a new one: whoever holds this report keeps it unchanged."""
        municipalities = sorted([m for m in self.municipalities if m.code not in codes]
                                + fresh.municipalities, key=lambda m: (m.name, m.code))
        conforms = all(m.conforms for m in municipalities)
        gone = {iris.municipality_iri(code) for code in codes}
        root = self.graph.value(predicate=RDF.type, object=SH.ValidationReport)
        dropped = set()
        for result in self.graph.objects(root, SH.result):
            if self.graph.value(result, SH.focusNode) in gone:
                dropped.add((root, SH.result, result))
                dropped.update(self.graph.cbd(result))
        g = Graph()
        for prefix, namespace in self.graph.namespaces():
            g.bind(prefix, namespace, override=True)
        # one pass over the report: copying it whole, then removing, took twice as long
        g.addN((s, p, o, g) for s, p, o in self.graph if (s, p, o) not in dropped)
        fresh_root = fresh.graph.value(predicate=RDF.type, object=SH.ValidationReport)
        for result in fresh.graph.objects(fresh_root, SH.result):
            g += fresh.graph.cbd(result)
            g.add((root, SH.result, result))
        g.set((root, SH.conforms, Literal(conforms)))
        return ValidationReport(conforms, municipalities, fresh.required, g, dict(fresh.timings))


# --------------------------------------------------------------------------------------
# Shapes and data
# --------------------------------------------------------------------------------------


def shapes_text() -> str:
    return files("shapes").joinpath(SHAPES_FILE).read_text(encoding="utf-8")


@cache
def shapes_graph() -> Graph:
    """The 13 § shapes, parsed once. Read only: pySHACL gets a copy (it adds triples)."""
    return Graph().parse(data=shapes_text(), format="turtle")


def _one_line(query: str) -> str:
    """`query` on one line, without its comment lines.

    pySHACL checks a query's text for MINUS and SERVICE again for every focus node, with
    patterns whose cost grows with the number of lines times the length: on one line
    they cost a tenth (half of pySHACL's time for 23 municipalities). A '#' left within a
    line may start a comment, which would then run to the end: such a query stays as
    written."""
    lines = [line.strip() for line in query.splitlines() if not line.lstrip().startswith("#")]
    if any("#" in line for line in lines):
        return query
    return " ".join(line for line in lines if line)


@cache
def _pyshacl_shapes() -> tuple[tuple[Any, Any, Any], ...]:
    """The shapes' triples as pySHACL gets them: each SPARQL query on one line."""
    return tuple((s, p, Literal(_one_line(str(o)), lang=o.language, datatype=o.datatype)
                  if p == SH.select and isinstance(o, Literal) else o)
                 for s, p, o in shapes_graph())


def _shapes_copy() -> Graph:
    """A graph of the shapes for one pySHACL run (it adds triples to it)."""
    copy = Graph()
    for triple in _pyshacl_shapes():
        copy.add(triple)
    return copy


def _data_query(municipalities: Collection[URIRef] | None) -> str:
    """Only the triples the shapes look at, of each municipality's current programme
    document (graph.programmes), for every municipality or for some. Municipalities
    outside the Act's scope (Åland) are not checked.

    Each branch of the UNION starts from the municipalities: one VALUES outside it was
    joined after the union had read every offer of the store (250 ms against 4 ms for one
    municipality at national scale).

    A document's facts are read in its own graph (GRAPH ?g, the OPTIONAL part too): offers
    and participations have the same IRIs in every version of a programme, so in the
    union of graphs each pattern matched once per version kept, and the rows multiplied
    (23 municipalities of a joint programme with one older version: 1.45 s against
    0.19 s; the same triples either way).
    """
    values = ""
    if municipalities is not None:
        values = "VALUES ?m { " + " ".join(iri(str(m)) for m in sorted(municipalities)) + " } "
    m = values + "?m kg:currentDocument ?doc . FILTER NOT EXISTS { ?m kg:outsideActScope true }"
    return prefixes("kg", "cv", "skos", "dct", "prov") + f"""CONSTRUCT {{
  ?doc a kg:ProgrammeDocument ; kg:covers ?m ; kg:draftingPartner ?partner ; cv:contactPoint ?cp .
  ?cp a cv:ContactPoint ; kg:municipality ?m .
  ?m skos:prefLabel ?label ; dct:identifier ?code .
  ?offer a kg:ServiceOffer ; kg:municipality ?m ; kg:serviceType ?service ;
         cv:hasParticipation ?p ; kg:exclusion ?exclusion .
  ?p cv:role ?role ; kg:targetGroup ?group .
  ?exclusion kg:notArrangedBy ?declining .
}} WHERE {{
  {{ {m} OPTIONAL {{ ?doc kg:draftingPartner ?partner }} }}
  UNION {{ {m} ?doc cv:contactPoint ?cp . ?cp a cv:ContactPoint ; kg:municipality ?m }}
  UNION {{ {m} ?m skos:prefLabel ?label }}
  UNION {{ {m} ?m dct:identifier ?code }}
  UNION {{ {m} GRAPH ?g {{ ?offer kg:municipality ?m ; kg:describedIn ?doc ; a kg:ServiceOffer ;
                             kg:serviceType ?service }} }}
  UNION {{ {m} GRAPH ?g {{ ?offer kg:municipality ?m ; kg:describedIn ?doc ; kg:exclusion ?exclusion .
                         ?exclusion prov:wasDerivedFrom ?doc }}
           OPTIONAL {{ GRAPH ?g {{ ?exclusion kg:notArrangedBy ?declining }} }} }}
  UNION {{ {m} GRAPH ?g {{ ?offer kg:municipality ?m ; a kg:ServiceOffer ; cv:hasParticipation ?p .
                         ?p prov:wasDerivedFrom ?doc ; cv:role ?role }}
           OPTIONAL {{ GRAPH ?g {{ ?p kg:targetGroup ?group }} }} }}
}}"""


def _apply_reviews(store: Store, data: Graph) -> dict[str, reviews.Applied]:
    """The facts as supervisors reviewed them: rejected and corrected ones out, the facts
    corrections and additions state in (graph.reviews); the shapes then see those."""
    codes = {str(data.value(m, DCTERMS.identifier) or str(m).rsplit("/", 1)[-1]): m
             for m in set(data.objects(None, KG.covers))}
    extracted: dict[str, set[str]] = defaultdict(set)
    for offer, p in data.subject_objects(CV.hasParticipation):
        code = str(offer).split("/municipality/", 1)[-1].split("/", 1)[0]
        extracted[code].add(str(p))
    applied = reviews.applied_for(store, codes, extracted=extracted)
    for code, a in applied.items():
        for p in a.removed:
            data.remove((None, CV.hasParticipation, URIRef(p)))
        for r in a.added:
            offer, p = iris.service_offer_iri(code, str(r.service)), URIRef(str(r.generated or r.target))
            data.add((offer, RDF.type, KG.ServiceOffer))
            data.add((offer, KG.municipality, codes[code]))
            data.add((offer, KG.serviceType, SERVICE[str(r.service)]))
            data.add((offer, CV.hasParticipation, p))
            data.add((p, CV.role, ROLE[str(r.role)]))
            data.add((p, KG.targetGroup, TARGET_GROUP[str(r.target_group)]))
    return applied


def _resolve(report: ValidationReport, applied: dict[str, reviews.Applied]) -> None:
    """Mark the findings a supervisor resolved (with the note), so they are not counted."""
    for m in report.municipalities:
        a = applied.get(m.code)
        if a is None or not a.resolved:
            continue
        for n, f in enumerate(m.findings):
            r = a.resolved.get((f.shape, f.service_key or "", f.target_group or ""))
            if r is not None:
                m.findings[n] = replace(f, resolved=r.as_dict())
    report.conforms = all(m.conforms for m in report.municipalities)


class _DataStore(OxigraphStore):
    """An in-memory Oxigraph store behind an rdflib graph (oxrdflib), its size kept.

    pySHACL runs every SHACL-SPARQL constraint once per focus node: Oxigraph answers each
    in a fraction of a millisecond, where rdflib's own engine took 5-15 ms. pySHACL also
    takes the data graph's truth value (its size) three times for every result it
    describes, and Oxigraph counts by reading every quad (a fifth of a validation of the
    whole country): the count is kept until the next write. The store holds one graph, so
    its quads are the graph's triples.
    """

    def __init__(self) -> None:
        self.data = ox.Store()
        self._size: int | None = None
        super().__init__(store=self.data)

    def __len__(self, context: Any = None) -> int:
        if self._size is None:
            self._size = len(self.data)
        return self._size

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self._size = None
        super().add(triple, context, quoted)

    def addN(self, quads: Any) -> None:
        self._size = None
        super().addN(quads)

    def remove(self, triple: Any, context: Any = None) -> None:
        self._size = None
        super().remove(triple, context)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._size = None
        super().update(*args, **kwargs)


def _construct(store: Store, query: str) -> Graph:
    """The CONSTRUCT result, as an rdflib graph whose queries Oxigraph evaluates."""
    backing = _DataStore()
    backing.data.bulk_load(store.construct(query),
                           ox.RdfFormat.N_TRIPLES)
    return Graph(store=backing, identifier=DATASET_DEFAULT_GRAPH_ID)


def _store_ontology(store: Store) -> Graph:
    """The ontology graph the store holds; the packaged ontology when it holds none."""
    g = _construct(store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    return g if len(g) else ontology_graph()


def _vocabulary(ontology: Graph) -> Graph:
    """The SKOS concepts (services, target groups, roles): all the shapes' SPARQL reads
    of the ontology (labels, keys, notations, `kg:requiredBy13` flags).

    pySHACL gets no `ont_graph`: it would mix the ontology's RDFS/OWL axioms into the data
    graph, which no shape reads (no inference, no sh:class).
    """
    g = Graph()
    for concept in set(ontology.subjects(RDF.type, SKOS.Concept)):
        for p, o in ontology.predicate_objects(concept):
            g.add((concept, p, o))
    return g


# --------------------------------------------------------------------------------------
# Required items (from the ontology)
# --------------------------------------------------------------------------------------


def _labels(g: Graph, node: URIRef) -> dict[str, str]:
    found = {o.language: str(o) for o in g.objects(node, SKOS.prefLabel)
             if isinstance(o, Literal) and o.language in LANGS}
    fallback = found.get("fi") or str(g.value(node, KG.key) or node)
    return {lang: found.get(lang, fallback) for lang in LANGS}


def _section_labels(subsection: int, point: int | None = None) -> dict[str, str]:
    if point is None:
        return {"fi": f"681/2023 13 § {subsection} mom.",
                "sv": f"681/2023 13 § {subsection} mom.",
                "en": f"Act 681/2023, section 13({subsection})"}
    return {"fi": f"681/2023 13 § {subsection} mom. {point} k.",
            "sv": f"681/2023 13 § {subsection} mom. {point} punkten",
            "en": f"Act 681/2023, section 13({subsection})({point})"}


def _point(notation: str) -> int:
    match = re.match(r"13\.1\.(\d+)", notation)
    return int(match.group(1)) if match else 0


@cache
def required_service_keys() -> frozenset[str]:
    """The keys of the services 13 § 1 mom. requires (the packaged ontology's flags)."""
    return frozenset(item.key for item in required_items(ontology_graph()))


def required_items(ontology: Graph) -> list[RequiredItem]:
    """The services marked `kg:requiredBy13 true`, in the order of 13 § 1 mom."""
    items = []
    for concept in set(ontology.subjects(KG.requiredBy13, Literal(True))):
        notation = str(ontology.value(concept, SKOS.notation) or "")
        point = _point(notation)
        items.append((notation, RequiredItem(
            key=str(ontology.value(concept, KG.key) or str(concept).rsplit("/", 1)[-1]),
            labels=_labels(ontology, concept),
            point=point,
            section=_section_labels(1, point),
            section_iri=str(SECTION_13),
            provision_iri=f"{SECTION_13}#m1k{point}",
            legal_resources=tuple(sorted(str(o) for o in ontology.objects(concept, CV.hasLegalResource))),
        )))
    return [item for _, item in sorted(items, key=lambda x: x[0])]


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


def _refuse_event_loop() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(
        "graph.validate.validate() blocks for seconds: run it in a worker thread "
        "(asyncio.to_thread / run_in_threadpool), not on the event loop"
    )


def validate(store: Store, municipality_code: str | None = None) -> ValidationReport:
    """Validate every covered municipality (or only `municipality_code`) against 13 §.

    A municipality that no ingested programme covers yields a report without municipalities;
    a code that cannot be part of an IRI raises ValueError.
    """
    return validate_municipalities(store, None if not municipality_code else [municipality_code])


def validate_municipalities(store: Store, codes: Collection[str] | None) -> ValidationReport:
    """Validate the covered municipalities among `codes` (all covered ones for None).

    The shapes look at one municipality at a time (its current document, its offers and
    contact points, its reviews), so a municipality's findings are the same whichever
    others are validated with it.
    """
    _refuse_event_loop()
    t0 = time.perf_counter()
    municipalities = None if codes is None else {
        iris.municipality_iri(c.zfill(3) if c.isdigit() else c) for c in codes}
    ontology = _store_ontology(store)
    data = _construct(store, _data_query(municipalities))
    applied = _apply_reviews(store, data)
    data += _vocabulary(ontology)
    t1 = time.perf_counter()
    # inplace: the data graph is ours alone.
    conforms, report_graph, _text = pyshacl.validate(
        data, shacl_graph=_shapes_copy(), inference="none",
        advanced=True, allow_warnings=True, inplace=True,
    )
    t2 = time.perf_counter()
    if not isinstance(report_graph, Graph):  # pySHACL reports a broken shape this way
        raise ValidationError(f"pySHACL could not run the 13 § shapes: {report_graph}")
    report = _build_report(bool(conforms), report_graph, data, ontology)
    _resolve(report, applied)
    report.timings = {"query_s": t1 - t0, "shacl_s": t2 - t1,
                      "report_s": time.perf_counter() - t2, "data_triples": float(len(data))}
    report.timings["total_s"] = time.perf_counter() - t0
    return report


# --------------------------------------------------------------------------------------
# SHACL report → dataclasses
# --------------------------------------------------------------------------------------


def _template_regex(template: str) -> re.Pattern[str]:
    """A regex matching a message produced from `template`, one named group per variable."""
    parts: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in _TEMPLATE_VAR.finditer(template):
        parts.append(re.escape(template[pos:m.start()]))
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.DOTALL)


@cache
def _templates(constraint: URIRef) -> tuple[tuple[str, re.Pattern[str]], ...]:
    sg = shapes_graph()
    return tuple((o.language or "", _template_regex(str(o)))
                 for o in sg.objects(constraint, SH.message) if isinstance(o, Literal))


def _restore_messages(
    g: Graph, result: BNode, constraint: URIRef | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Language-tag the result's messages again; also return the variables they carried."""
    messages: dict[str, str] = {}
    variables: dict[str, str] = {}
    templates = _templates(constraint) if isinstance(constraint, URIRef) else ()
    for msg in list(g.objects(result, SH.resultMessage)):
        text = str(msg)
        lang = msg.language if isinstance(msg, Literal) else None
        for template_lang, pattern in templates:
            match = pattern.fullmatch(text)
            if match:
                lang = lang or template_lang
                variables.update({k: v for k, v in match.groupdict().items() if v is not None})
                break
        if lang and isinstance(msg, Literal) and msg.language != lang:
            g.remove((result, SH.resultMessage, msg))
            g.add((result, SH.resultMessage, Literal(text, lang=lang)))
        messages[lang or "und"] = text
    return messages, variables


def _group_key(ontology: Graph, variables: dict[str, str]) -> str | None:
    label = variables.get("groupLabel")
    if not label:
        return None
    for concept in ontology.subjects(SKOS.prefLabel, Literal(label, lang="fi")):
        key = ontology.value(concept, KG.key)
        if key is not None:
            return str(key)
    return None


def _service_of(data: Graph, value: Any) -> URIRef | None:
    if value is None:
        return None
    if (value, KG.requiredBy13, None) in data:
        return value
    service = data.value(value, KG.serviceType)
    return service if isinstance(service, URIRef) else None


def _local(node: Any) -> str:
    return str(node).rsplit("#", 1)[-1]


def _finding(
    g: Graph, result: BNode, data: Graph, ontology: Graph, codes: dict[URIRef, str]
) -> Finding:
    shape = g.value(result, SH.sourceShape)
    constraint = g.value(result, SH.sourceConstraint)
    focus = g.value(result, SH.focusNode)
    value = g.value(result, SH.value)
    messages, variables = _restore_messages(g, result, constraint)
    sg = shapes_graph()
    section_iri = (sg.value(constraint, RDFS.seeAlso) or sg.value(shape, RDFS.seeAlso)
                   or SECTION_13)
    service = _service_of(data, value)
    if shape in _SERVICE_SHAPES:
        point = int(variables.get("point") or _point(str(data.value(service, SKOS.notation) or "")))
        section, provision = _section_labels(1, point), f"{SECTION_13}#m1k{point}"
    else:
        section, provision = _section_labels(3), f"{SECTION_13}#m3"
    g.add((result, RDFS.seeAlso, URIRef(str(section_iri))))
    g.add((result, DCTERMS.references, URIRef(provision)))
    return Finding(
        severity=_SEVERITIES.get(g.value(result, SH.resultSeverity), "Violation"),
        shape=_local(shape),
        municipality_code=codes.get(focus, _local(focus).rsplit("/", 1)[-1]),
        messages=messages,
        service_key=str(data.value(service, KG.key)) if service is not None else None,
        target_group=_group_key(ontology, variables) if shape == _TARGET_GROUP_SHAPE else None,
        section=section,
        section_iri=str(section_iri),
        provision_iri=provision,
        focus_node=str(focus),
        value_node=str(value) if value is not None and value != focus else None,
    )


def _municipalities(data: Graph) -> dict[URIRef, MunicipalityReport]:
    out: dict[URIRef, MunicipalityReport] = {}
    for m in set(data.objects(None, KG.covers)):
        if not isinstance(m, URIRef):
            continue
        labels = {o.language: str(o) for o in data.objects(m, SKOS.prefLabel)
                  if isinstance(o, Literal)}
        code = str(data.value(m, DCTERMS.identifier) or str(m).rsplit("/", 1)[-1])
        out[m] = MunicipalityReport(code=code, name=labels.get("fi") or code,
                                    name_sv=labels.get("sv"), iri=str(m))
    return out


def _finding_order(f: Finding, order: dict[str, int]) -> tuple:
    return (_SEVERITY_ORDER.get(f.severity, 9), order.get(f.service_key or "", 99), f.shape,
            f.target_group or "", f.service_key or "")


def _build_report(conforms: bool, g: Graph, data: Graph, ontology: Graph) -> ValidationReport:
    required = required_items(ontology)
    by_key = {item.key: item for item in required}
    order = {item.key: n for n, item in enumerate(required)}
    municipalities = _municipalities(data)
    codes = {node: m.code for node, m in municipalities.items()}
    missing: dict[str, set[str]] = defaultdict(set)
    for result in list(g.subjects(RDF.type, SH.ValidationResult)):
        finding = _finding(g, result, data, ontology, codes)
        report = municipalities.get(URIRef(finding.focus_node))
        if report is None:  # cannot happen: every target is a covered municipality
            continue
        report.findings.append(finding)
        if g.value(result, SH.sourceShape) in _SERVICE_SHAPES and finding.service_key:
            missing[report.code].add(finding.service_key)
    for report in municipalities.values():
        report.findings.sort(key=lambda f: _finding_order(f, order))
        report.missing = [by_key[k] for k in by_key if k in missing[report.code]]
        report.covered = [by_key[k] for k in by_key if k not in missing[report.code]]
    for prefix, ns in (("sh", SH), ("rdfs", RDFS), ("dct", DCTERMS),
                       ("kgsh", _SHAPES_NS), ("kg", str(KG))):
        g.bind(prefix, ns)
    return ValidationReport(
        conforms=conforms,
        municipalities=sorted(municipalities.values(), key=lambda m: (m.name, m.code)),
        required=required,
        graph=g,
    )


# --------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------

_TEXT = {
    "fi": {"title": "Kotoutumisohjelman vähimmäissisältö (laki 681/2023 13 §)",
           "ok": "kunnossa", "not_ok": "puutteita", "none": "Yksikään ohjelma ei kata kuntaa.",
           "missing": "Puuttuvat palvelut",
           "Violation": "VIRHE", "Warning": "VAROITUS", "Info": "HUOM", "resolved": "kuitattu",
           "summary": "{covered}/{total} palvelua kuvattu; virheitä {v}, varoituksia {w}"},
    "sv": {"title": "Integrationsprogrammets minimiinnehåll (lag 681/2023 13 §)",
           "ok": "i ordning", "not_ok": "brister", "none": "Inget program gäller kommunen.",
           "missing": "Tjänster som saknas",
           "Violation": "FEL", "Warning": "VARNING", "Info": "OBS", "resolved": "kvitterad",
           "summary": "{covered}/{total} tjänster beskrivna; fel {v}, varningar {w}"},
    "en": {"title": "Minimum content of the integration programme (Act 681/2023, section 13)",
           "ok": "conforms", "not_ok": "does not conform",
           "none": "No programme covers the municipality.",
           "missing": "Services missing",
           "Violation": "VIOLATION", "Warning": "WARNING", "Info": "INFO", "resolved": "resolved",
           "summary": "{covered}/{total} services described; violations {v}, warnings {w}"},
}


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r} (use one of {', '.join(LANGS)})")
    return lang


def _name(m: MunicipalityReport, lang: str) -> str:
    return (m.name_sv or m.name) if lang == "sv" else m.name


def _message(f: Finding, lang: str) -> str:
    return f.messages.get(lang) or f.messages.get("en") or next(iter(f.messages.values()), "")


def report_text(report: ValidationReport, lang: str = "fi") -> str:
    """A plain-text report for the CLI and logs."""
    t = _TEXT[_check_lang(lang)]
    lines = [f"{t['title']}: {t['ok'] if report.conforms else t['not_ok']}"]
    if not report.municipalities:
        lines.append(t["none"])
    for m in report.municipalities:
        summary = t["summary"].format(covered=len(m.covered), total=len(report.required),
                                      v=m.count("Violation"), w=m.count("Warning"))
        lines += ["", f"{_name(m, lang)} ({m.code}): {t['ok'] if m.conforms else t['not_ok']}"
                  f" – {summary}"]
        if m.missing:
            lines.append(f"  {t['missing']}:")
            lines += [f"    - {i.labels[lang]} ({i.section[lang]})" for i in m.missing]
        lines += [f"  {t[f.severity]}: {_message(f, lang)}"
                  + (f" [{t['resolved']}: {f.resolved['note']}]" if f.resolved else "") for f in m.findings]
    return "\n".join(lines) + "\n"


def _item_json(item: RequiredItem, lang: str) -> dict[str, object]:
    return {"key": item.key, "label": item.labels[lang], "point": item.point,
            "section": item.section[lang], "section_iri": item.section_iri,
            "provision_iri": item.provision_iri, "legal_resources": list(item.legal_resources)}


def report_json(report: ValidationReport, lang: str = "fi") -> dict[str, object]:
    """The report as JSON-ready data, labels and messages in `lang`."""
    _check_lang(lang)
    return {
        "conforms": report.conforms,
        "language": lang,
        "shapes": str(SHAPES_IRI),
        "section_iri": str(SECTION_13),
        "required": [_item_json(i, lang) for i in report.required],
        "municipalities": [
            {
                "code": m.code, "name": _name(m, lang), "iri": m.iri, "conforms": m.conforms,
                "violations": m.count("Violation"), "warnings": m.count("Warning"),
                "covered": [_item_json(i, lang) for i in m.covered],
                "missing": [_item_json(i, lang) for i in m.missing],
                "findings": [
                    {"severity": f.severity, "shape": f.shape, "message": _message(f, lang),
                     "service": f.service_key, "target_group": f.target_group,
                     "section": f.section[lang], "section_iri": f.section_iri,
                     "provision_iri": f.provision_iri, "focus_node": f.focus_node,
                     "value_node": f.value_node, "resolved": f.resolved}
                    for f in m.findings
                ],
            }
            for m in report.municipalities
        ],
    }


def report_turtle(report: ValidationReport) -> str:
    """The SHACL validation report graph as Turtle."""
    return report.graph.serialize(format="turtle")


__all__ = [
    "LANGS", "SECTION_13", "SHAPES_IRI", "Finding", "MunicipalityReport", "RequiredItem",
    "ValidationError", "ValidationReport", "report_json", "report_text", "report_turtle",
    "required_items", "required_service_keys", "shapes_graph", "validate", "validate_municipalities",
]
