"""Supervisors' reviews: stored apart from the extracted facts, applied when facts are read.

A review is a `kg:Review` (a `prov:Activity`) in its own named graph (`REVIEWS_GRAPH`):
who (`prov:wasAssociatedWith` a `kg:Supervisor`), when (`prov:endedAtTime`), why
(`rdfs:comment`), what (`kg:reviewAction`: confirm, correct, reject, add, resolve), the
fact it concerns (`prov:used` / `prov:invalidated` the extracted `cv:Participation`), the
fact it states instead (`prov:generated`, a participation of the same service offer) and
the sentence it rests on (`kg:evidence`). A resolved 13 § finding is named by its shape,
service and target group.

Reviews are matched, never copied into the document graphs, so they survive a re-ingest of
the same or a newer version: a fact's IRI is its meaning (municipality, service, role,
target group, body: `graph.iris.participation_iri`), and a review applies while its quote
still stands in the text of the municipality's current programme. When the quote is gone
the review is flagged and changes nothing; a later review of the same fact or finding
supersedes an earlier one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rdflib import Graph, Literal, URIRef

from extraction.model import Role, ServiceKey, TargetGroup
from graph import iris
from graph.namespaces import (
    CV,
    DCTERMS,
    FOAF,
    ID,
    KG,
    ORG,
    ORG_KIND,
    PROGRAMMES_GRAPH,
    PROV,
    RDF,
    RDFS,
    REVIEW_ACTION,
    REVIEW_ACTION_SCHEME_IRI,
    REVIEWS_GRAPH,
    ROLE,
    SERVICE,
    SERVICE_SCHEME_IRI,
    SKOS,
    TARGET_GROUP,
    TARGET_GROUP_SCHEME_IRI,
    XSD,
)
from graph.programmes import normalise
from graph.sparql_text import iri, literal, prefixes
from graph.store import Store

ACTIONS = ("confirm", "correct", "reject", "add", "resolve")
FACT_ACTIONS = ("confirm", "correct", "reject")
SHAPES_NS = "https://w3id.org/kotograph/shapes/13#"


class ReviewError(ValueError):
    """A review that cannot be recorded; the message says why."""


@dataclass(frozen=True, slots=True)
class NewReview:
    """What a supervisor asks to record."""

    action: str
    municipality: str  # code
    user: str
    note: str = ""
    participation: str | None = None  # the fact reviewed (confirm, correct, reject)
    service: str | None = None  # service key (add, resolve)
    role: str | None = None  # the fact as it should be (correct, add)
    target_group: str | None = None
    organisation: str | None = None  # a body's IRI, or
    organisation_name: str | None = None  # its name (a body the graph does not know yet)
    quote: str | None = None  # the sentence (add; the reviewed fact's quote otherwise)
    page: int | None = None
    shape: str | None = None  # resolve: the finding's shape, e.g. "ResponsibleBodyShape"


@dataclass(frozen=True, slots=True)
class Review:
    """A recorded review, with the meaning of the fact it concerns."""

    iri: str
    action: str
    municipality: str
    user: str
    at: str
    note: str
    service: str | None
    target: str | None  # the participation reviewed
    generated: str | None  # the participation stated instead (correct, add)
    role: str | None  # of the generated fact, or else of the target
    target_group: str | None
    organisation: str | None
    quote: str | None
    page: int | None
    document: str | None
    shape: str | None
    target_role: str | None = None  # the reviewed fact's meaning
    target_target_group: str | None = None
    target_organisation: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        """What a later review of the same thing replaces."""
        if self.action == "resolve":
            return ("finding", self.shape or "", self.service or "", self.target_group or "")
        return ("fact", self.target or self.generated or self.iri)

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "action": self.action, "by": self.user, "at": self.at, "note": self.note}


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _fact_of(store: Store, code: str, participation: str, quote: str | None) -> dict[str, str]:
    """The reviewed fact as the municipality's current programme (or an applied review)
    states it, with its evidence."""
    m = iri(str(iris.municipality_iri(code)))
    rows = store.select(prefixes("kg", "cv", "prov", "dct") + f"""
        SELECT ?svc ?role ?tg ?org ?quote ?page ?doc WHERE {{
          ?offer cv:hasParticipation {iri(participation)} ; kg:serviceType ?svc .
          {iri(participation)} kg:municipality {m} ; cv:role ?role ; kg:targetGroup ?tg ;
                               cv:hasParticipant ?org ; kg:evidence ?ev .
          ?ev kg:quote ?quote ; kg:page ?page .
          OPTIONAL {{ ?ev prov:wasDerivedFrom|dct:source ?doc }}
          FILTER(!BOUND(?doc) || EXISTS {{
            GRAPH {iri(str(PROGRAMMES_GRAPH))} {{ {m} kg:currentDocument ?doc }} }})
        }}""")
    if not rows:
        raise ReviewError(f"{participation} is not a fact of municipality {code}'s current programme")
    wanted = normalise(quote) if quote else None
    return next((r for r in rows if wanted is None or normalise(r["quote"]) == wanted), rows[0])


def _organisation(store: Store, r: NewReview, g: Graph) -> URIRef:
    """The body a correction or addition names: a known IRI, a known name, or a new body."""
    if r.organisation:
        if not store.ask(prefixes("skos") + f"ASK {{ {iri(r.organisation)} skos:prefLabel ?name }}"):
            raise ReviewError(f"unknown organisation {r.organisation}")
        return URIRef(r.organisation)
    name = (r.organisation_name or "").strip()
    if not name:
        raise ReviewError("name the organisation (organisation or organisation_name)")
    rows = store.select(prefixes("skos", "foaf") + f"""SELECT ?org WHERE {{
        ?org a foaf:Agent ; skos:prefLabel ?l
        FILTER(LCASE(STR(?l)) = {literal(name.lower())}) }} LIMIT 1""")
    if rows:
        return URIRef(rows[0]["org"])
    node = ID[f"organisation/{iris.slug(name)}"]
    for t in (FOAF.Agent, ORG.Organization):
        g.add((node, RDF.type, t))
    g.add((node, SKOS.prefLabel, Literal(name, lang="fi")))
    g.add((node, KG.organisationKind, ORG_KIND.other))
    return node


def _check(r: NewReview) -> None:
    if r.action not in ACTIONS:
        raise ReviewError(f"unknown action {r.action!r} (use one of {', '.join(ACTIONS)})")
    if r.action in FACT_ACTIONS and not r.participation:
        raise ReviewError(f"{r.action} needs the fact (participation) it reviews")
    if r.action == "add" and not (r.service and r.role and r.target_group and (r.quote or "").strip()):
        raise ReviewError("add needs service, role, target_group, the organisation and a quote")
    if r.action == "resolve" and not (r.shape and r.note.strip()):
        raise ReviewError("resolve needs the finding (shape) and a note saying why")
    for value, valid, what in ((r.role, Role, "role"), (r.target_group, TargetGroup, "target group"),
                               (r.service, ServiceKey, "service")):
        if value is not None and value not in {m.value for m in valid}:
            raise ReviewError(f"unknown {what} {value!r} (use one of {', '.join(m.value for m in valid)})")


def record(store: Store, r: NewReview, now: datetime | None = None) -> str:
    """Check a review against the store and write it to the reviews graph; its IRI."""
    _check(r)
    if not store.ask(f"ASK {{ {iri(str(iris.municipality_iri(r.municipality)))} ?p ?o }}"):
        raise ReviewError(f"unknown municipality {r.municipality!r}")
    g = Graph()
    node = ID[f"review/{uuid.uuid4()}"]
    agent = ID[f"supervisor/{iris.slug(r.user)}"]
    municipality = iris.municipality_iri(r.municipality)
    g.add((node, RDF.type, KG.Review))
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, KG.reviewAction, REVIEW_ACTION[r.action]))
    g.add((node, KG.municipality, municipality))
    g.add((node, PROV.wasAssociatedWith, agent))
    g.add((node, PROV.endedAtTime, Literal((now or datetime.now(UTC)).isoformat(), datatype=XSD.dateTime)))
    g.add((agent, RDF.type, KG.Supervisor))
    g.add((agent, FOAF.name, Literal(r.user)))
    if r.note.strip():
        g.add((node, RDFS.comment, Literal(r.note.strip())))
    service, quote, page, document = r.service, r.quote, r.page, None
    if r.action in FACT_ACTIONS:
        fact = _fact_of(store, r.municipality, str(r.participation), r.quote)
        service = fact["svc"].removeprefix(SERVICE_SCHEME_IRI)
        quote, page, document = fact["quote"], int(fact["page"]), fact.get("doc")
        g.add((node, PROV.invalidated if r.action in ("correct", "reject") else PROV.used,
               URIRef(str(r.participation))))
        if r.action == "correct":
            role, group = r.role or fact["role"].rsplit("/", 1)[-1], r.target_group or \
                fact["tg"].removeprefix(TARGET_GROUP_SCHEME_IRI)
            named = r.organisation or r.organisation_name
            org = _organisation(store, r, g) if named else URIRef(fact["org"])
            if (str(ROLE[role]), str(TARGET_GROUP[group]), str(org)) == (fact["role"], fact["tg"],
                                                                         fact["org"]):
                raise ReviewError("the correction changes nothing: give another body, role or target group")
            _generated(g, node, r.municipality, str(service), role, group, org)
    elif r.action == "add":
        document = _current_document(store, r.municipality)
        _generated(g, node, r.municipality, str(service), str(r.role), str(r.target_group),
                   _organisation(store, r, g))
    if service:
        g.add((node, KG.serviceType, SERVICE[service]))
    if r.action == "resolve":
        g.add((node, KG.resolvedShape, URIRef(SHAPES_NS + str(r.shape))))
        if r.target_group:
            g.add((node, KG.targetGroup, TARGET_GROUP[r.target_group]))
    if quote:
        ev = URIRef(f"{node}/evidence")
        g.add((node, KG.evidence, ev))
        g.add((ev, RDF.type, KG.Evidence))
        g.add((ev, KG.quote, Literal(quote.strip())))
        if page:
            g.add((ev, KG.page, Literal(int(page), datatype=XSD.integer)))
        if document:  # not prov:wasDerivedFrom: that marks the facts extracted from a document
            g.add((ev, DCTERMS.source, URIRef(document)))
        for p in g.objects(node, PROV.generated):
            g.add((p, KG.evidence, ev))
    store.update(f"INSERT DATA {{ GRAPH {iri(str(REVIEWS_GRAPH))} {{\n{g.serialize(format='nt')}\n}} }}")
    return str(node)


def _current_document(store: Store, code: str) -> str | None:
    rows = store.select(prefixes("kg") + f"""SELECT ?doc WHERE {{ GRAPH {iri(str(PROGRAMMES_GRAPH))} {{
        {iri(str(iris.municipality_iri(code)))} kg:currentDocument ?doc }} }} ORDER BY ?doc LIMIT 1""")
    return rows[0]["doc"] if rows else None


def _generated(g: Graph, review: URIRef, code: str, service: str, role: str, group: str,
               org: URIRef) -> None:
    """The fact a correction or addition states: a participation of the service offer."""
    p = URIRef(f"{review}/participation")
    offer = iris.service_offer_iri(code, service)
    g.add((review, PROV.generated, p))
    g.add((p, RDF.type, CV.Participation))
    g.add((p, PROV.wasGeneratedBy, review))
    g.add((offer, CV.hasParticipation, p))
    g.add((p, CV.role, ROLE[role]))
    g.add((p, KG.targetGroup, TARGET_GROUP[group]))
    g.add((p, CV.hasParticipant, org))
    g.add((p, KG.municipality, iris.municipality_iri(code)))


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def reviews_for(store: Store, codes: Iterable[str] | None = None, service: str | None = None) -> list[Review]:
    """The recorded reviews (of `codes`, of `service`), oldest first."""
    values = ""
    if codes is not None:
        terms = [iri(str(iris.municipality_iri(c))) for c in codes]
        if not terms:
            return []
        values = f"VALUES ?m {{ {' '.join(terms)} }}"
    service_filter = f"?r kg:serviceType {iri(str(SERVICE[service]))} ." if service else ""
    rows = store.select(prefixes("kg", "prov", "rdfs", "foaf", "cv", "dct") + f"""
        SELECT ?r ?action ?m ?user ?at ?note
          ?svc ?target ?gen ?role ?tg ?org ?quote ?page ?doc ?shape ?rtg WHERE {{
          {values}
          GRAPH {iri(str(REVIEWS_GRAPH))} {{
            ?r a kg:Review ; kg:reviewAction ?action ; kg:municipality ?m ; prov:endedAtTime ?at ;
               prov:wasAssociatedWith/foaf:name ?user .
            {service_filter}
            OPTIONAL {{ ?r rdfs:comment ?note }} OPTIONAL {{ ?r kg:serviceType ?svc }}
            OPTIONAL {{ ?r prov:used|prov:invalidated ?target }}
            OPTIONAL {{ ?r prov:generated ?gen .
                       ?gen cv:role ?role ; kg:targetGroup ?tg ; cv:hasParticipant ?org }}
            OPTIONAL {{ ?r kg:evidence ?ev . ?ev kg:quote ?quote OPTIONAL {{ ?ev kg:page ?page }}
                       OPTIONAL {{ ?ev dct:source ?doc }} }}
            OPTIONAL {{ ?r kg:resolvedShape ?shape }} OPTIONAL {{ ?r kg:targetGroup ?rtg }}
          }}
        }}""")
    meaning = _meanings(store, {r["target"] for r in rows if "target" in r})
    found: dict[str, Review] = {}
    for r in rows:
        if r["r"] in found:
            continue
        trole, ttg, torg = meaning.get(r.get("target", ""), (None, None, None))
        found[r["r"]] = Review(
            iri=r["r"], action=r["action"].removeprefix(REVIEW_ACTION_SCHEME_IRI),
            municipality=r["m"].rsplit("/", 1)[-1], user=r["user"], at=r["at"], note=r.get("note", ""),
            service=r["svc"].removeprefix(SERVICE_SCHEME_IRI) if "svc" in r else None,
            target=r.get("target"), generated=r.get("gen"),
            role=(r.get("role") or "").rsplit("/", 1)[-1] or trole,
            target_group=(r.get("tg") or r.get("rtg") or "").removeprefix(TARGET_GROUP_SCHEME_IRI) or ttg,
            organisation=r.get("org") or torg, quote=r.get("quote"),
            page=int(r["page"]) if r.get("page") else None, document=r.get("doc"),
            shape=r["shape"].removeprefix(SHAPES_NS) if "shape" in r else None,
            target_role=trole, target_target_group=ttg, target_organisation=torg,
        )
    return sorted(found.values(), key=lambda v: (v.at, v.iri))


def _meanings(store: Store, facts: set[str]) -> dict[str, tuple[str, str, str]]:
    """Participation → (role, target group, body) keys, wherever the fact is stated."""
    if not facts:
        return {}
    rows = store.select(prefixes("kg", "cv") + f"""SELECT ?p ?role ?tg ?org WHERE {{
        VALUES ?p {{ {' '.join(iri(p) for p in sorted(facts))} }}
        ?p cv:role ?role ; kg:targetGroup ?tg ; cv:hasParticipant ?org }}""")
    return {r["p"]: (r["role"].rsplit("/", 1)[-1], r["tg"].removeprefix(TARGET_GROUP_SCHEME_IRI), r["org"])
            for r in rows}


def current_texts(store: Store, codes: Iterable[str]) -> dict[str, str]:
    """Municipality code → the normalised text the graph keeps of its current programme
    documents (every quote and service description), where a review's quote must stand."""
    terms = [iri(str(iris.municipality_iri(c))) for c in codes]
    if not terms:
        return {}
    rows = store.select(prefixes("kg", "dct") + f"""SELECT ?m ?text WHERE {{
          VALUES ?m {{ {' '.join(terms)} }}
          GRAPH {iri(str(PROGRAMMES_GRAPH))} {{ ?m kg:currentDocument ?doc }}
          {{ ?ev kg:quote ?text ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }}
          UNION {{ ?offer kg:describedIn ?doc ; dct:description ?text }}
        }}""")
    texts: dict[str, list[str]] = {}
    for r in rows:
        texts.setdefault(r["m"].rsplit("/", 1)[-1], []).append(normalise(r["text"]))
    return {code: "\n".join(parts) for code, parts in texts.items()}


@dataclass(slots=True)
class Applied:
    """What a municipality's reviews do to its facts and findings, as they stand now."""

    state: dict[str, str] = field(default_factory=dict)  # review IRI → applied | quote-gone | superseded
    removed: dict[str, Review] = field(default_factory=dict)  # participation → reject/correct review
    confirmed: dict[str, Review] = field(default_factory=dict)  # participation → confirm review
    added: list[Review] = field(default_factory=list)  # facts stated by corrections and additions
    resolved: dict[tuple[str, str, str], Review] = field(default_factory=dict)  # finding → review
    reviews: list[Review] = field(default_factory=list)

    def review_of(self, participation: str) -> Review | None:
        return self.confirmed.get(participation)

    def flagged(self) -> list[Review]:
        return [r for r in self.reviews if self.state.get(r.iri) == "quote-gone"]


def apply(reviews: list[Review], text: str, extracted: Iterable[str] = ()) -> Applied:
    """Apply one municipality's reviews (oldest first) to the facts `extracted` from its
    current programme, whose normalised text is `text`."""
    out = Applied(reviews=list(reviews))
    latest: dict[tuple[str, ...], Review] = {}
    for r in reviews:
        if r.key in latest:
            out.state[latest[r.key].iri] = "superseded"
        latest[r.key] = r
    present = set(extracted)
    for r in latest.values():
        if r.action != "resolve" and r.quote and normalise(r.quote) not in text:
            out.state[r.iri] = "quote-gone"
            continue
        out.state[r.iri] = "applied"
        if r.action == "resolve":
            out.resolved[(r.shape or "", r.service or "", r.target_group or "")] = r
        elif r.action in ("reject", "correct"):
            out.removed[str(r.target)] = r
        elif r.action == "confirm" and r.target in present:
            out.confirmed[str(r.target)] = r
        if r.action in ("correct", "add") or (r.action == "confirm" and r.target not in present):
            out.added.append(r)
    out.added = [r for r in out.added if (r.generated or r.target) not in out.removed]
    return out


def applied_for(store: Store, codes: Iterable[str] | None, service: str | None = None,
                extracted: Mapping[str, Iterable[str]] | None = None) -> dict[str, Applied]:
    """Per municipality of `codes` (None: every municipality) that has reviews: what they do now."""
    reviews = reviews_for(store, codes, service)
    if not reviews:
        return {}
    by_code: dict[str, list[Review]] = {}
    for r in reviews:
        by_code.setdefault(r.municipality, []).append(r)
    texts = current_texts(store, by_code)
    return {code: apply(found, texts.get(code, ""), (extracted or {}).get(code, ()))
            for code, found in by_code.items()}


__all__ = ["ACTIONS", "Applied", "NewReview", "Review", "ReviewError", "applied_for", "apply",
           "current_texts", "record", "reviews_for"]
