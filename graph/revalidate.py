"""Keep the 13 § report current by validating only the municipalities whose data changed.

The shapes look at one municipality at a time: its current programme document (the
programme registry's `kg:currentDocument`), that document's offers and contact points, and
the supervisors' reviews of the municipality. Stamps of all three are compared between the
state a report was computed for and the store as it is now:

* every document is one named graph written whole and stamped with its ingest time
  (`kg:ingestedAt`): a graph added, removed or rewritten changes the municipalities it
  speaks of (covered by the document, or named by its offers and contact points);
* the registry (`PROGRAMMES_GRAPH`) names each municipality's current documents;
* the reviews (`REVIEWS_GRAPH`) are kept per municipality.

Only the municipalities whose stamps differ are validated again and their part of the
report replaced. The ontology and reference graphs carry a digest of their content
(`kg:contentDigest`); a change there, or a graph of any other kind coming, going or
without a digest, validates everything again: nothing here knows which municipalities it
touches.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.namespaces import PROGRAMMES_GRAPH, REVIEWS_GRAPH
from graph.sparql_text import iri, prefixes
from graph.store import Store
from graph.validate import ValidationReport, validate, validate_municipalities


@dataclass(frozen=True, slots=True)
class Stamps:
    """What identifies each graph's content, and the municipalities of each document graph."""

    documents: dict[str, tuple[str, frozenset[str]]]  # graph → (ingest time, municipality codes)
    current: dict[str, frozenset[str]]  # municipality code → its current documents
    reviews: dict[str, frozenset[str]]  # municipality code → its reviews
    others: dict[str, str | None]  # graph → content digest (None: a graph without one)


def _per_municipality(store: Store, graph: object, pattern: str) -> dict[str, frozenset[str]]:
    """code → the ?x of `pattern` (about ?m) in `graph`."""
    found: dict[str, set[str]] = {}
    for r in store.select(prefixes("kg") + f"SELECT ?m ?x WHERE {{ GRAPH {iri(str(graph))} "
                                           f"{{ {pattern} }} }}"):
        found.setdefault(r["m"].rsplit("/", 1)[-1], set()).add(r["x"])
    return {code: frozenset(xs) for code, xs in found.items()}


def read_stamps(store: Store, before: Stamps | None = None) -> Stamps:
    """The store's graphs as they are now: five queries, 25 ms at national scale.

    With `before`, an earlier reading, a document graph with the ingest time it had then
    keeps the municipalities it had (a graph is written whole): only new graphs are read
    for theirs, which was most of the time."""
    pfx = prefixes("kg", "cv")
    ingested = {r["g"]: r["at"] for r in store.select(
        pfx + "SELECT ?g ?at WHERE { GRAPH ?g { ?d a kg:ProgrammeDocument ; kg:ingestedAt ?at } }")}
    known = {g: before.documents[g][1] for g, at in ingested.items()
             if before is not None and before.documents.get(g, ("",))[0] == at}
    codes: dict[str, set[str]] = {g: set() for g in ingested if g not in known}
    if codes:
        values = "" if before is None else "VALUES ?g { " + " ".join(map(iri, sorted(codes))) + " }"
        for r in store.select(pfx + "SELECT DISTINCT ?g ?m WHERE { " + values + """ GRAPH ?g {
                { ?d a kg:ProgrammeDocument ; kg:covers ?m }
                UNION { ?x a kg:ServiceOffer ; kg:municipality ?m }
                UNION { ?x a cv:ContactPoint ; kg:municipality ?m } } }"""):
            if r["g"] in codes:
                codes[r["g"]].add(r["m"].rsplit("/", 1)[-1])
    digests = {r["g"]: r["d"] for r in store.select(
        pfx + "SELECT ?g ?d WHERE { GRAPH ?g { ?g kg:contentDigest ?d } }")}
    derived = {str(PROGRAMMES_GRAPH), str(REVIEWS_GRAPH)}
    others = {g: digests.get(g) for g in store.graph_names() if g not in ingested and g not in derived}
    documents = {g: (at, known[g] if g in known else frozenset(codes[g])) for g, at in ingested.items()}
    return Stamps(documents,
                  _per_municipality(store, PROGRAMMES_GRAPH, "?m kg:currentDocument ?x"),
                  _per_municipality(store, REVIEWS_GRAPH, "?x a kg:Review ; kg:municipality ?m"),
                  others)


def changed_municipalities(before: Stamps, now: Stamps) -> set[str] | None:
    """The codes of municipalities whose findings may differ between the two states; None
    when any may (a graph that is not a document changed)."""
    if before.others != now.others or None in now.others.values():
        return None
    changed: set[str] = set()
    for graph in before.documents.keys() | now.documents.keys():
        old, new = before.documents.get(graph), now.documents.get(graph)
        if old != new:
            changed |= (old[1] if old else frozenset()) | (new[1] if new else frozenset())
    for per_municipality in ("current", "reviews"):
        old_m, new_m = getattr(before, per_municipality), getattr(now, per_municipality)
        changed |= {code for code in old_m.keys() | new_m.keys() if old_m.get(code) != new_m.get(code)}
    return changed


def revalidate(store: Store, report: ValidationReport | None, stamps: Stamps | None,
               now: Stamps | None = None) -> tuple[ValidationReport, Stamps]:
    """The report of the store as it is now, from `report` (computed when the store had
    `stamps`): only what changed is validated. Without a report, everything is.

    The stamps (`now`, if they have just been read) are read before validating, so a write
    meanwhile is seen the next time.
    """
    now = read_stamps(store) if now is None else now
    changed = None if report is None or stamps is None else changed_municipalities(stamps, now)
    if changed is None:
        return validate(store), now
    if not changed:
        return report, now
    return report.replaced(changed, validate_municipalities(store, changed)), now


__all__ = ["Stamps", "changed_municipalities", "read_stamps", "revalidate"]
