"""What changed in a municipality's programme between its previous and current version.

A fact is a body in a role for a service and a target group (its participation IRI is
the same in every version, `graph.iris.participation_iri`); each version's facts are
those whose evidence it holds. Per service and target group, a body that only the new
version names was added, one only the old names was removed, and a role whose bodies were
replaced (one removed, another added) changed.

The same comparison is one SPARQL query (`CHANGES_QUERY`, an example on the /sparql page):
the registry links each version to the one it revises (`prov:wasRevisionOf`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from extraction.model import ServiceKey
from graph.namespaces import PROGRAMMES_GRAPH, SERVICE_SCHEME_IRI, TARGET_GROUP_SCHEME_IRI
from graph.queries import DEFAULT_MIN_CONFIDENCE, MunicipalityRef
from graph.sparql_text import iri, prefixes
from graph.store import Store

# The example query: facts added to and removed from each municipality's programme by its
# newest version (compare with GET /api/v1/municipalities/{code}/changes).
CHANGES_QUERY = """\
SELECT ?municipality ?change ?service ?targetGroup ?role ?organisation ?quote WHERE {
  {
    GRAPH <%(registry)s> { ?m kg:currentDocument ?new . ?new prov:wasRevisionOf ?old }
    ?p kg:municipality ?m ; kg:evidence ?ev . ?ev prov:wasDerivedFrom ?new ; kg:quote ?quote .
    FILTER NOT EXISTS { ?p kg:evidence/prov:wasDerivedFrom ?old }
    BIND("added" AS ?change)
  } UNION {
    GRAPH <%(registry)s> { ?m kg:currentDocument ?new . ?new prov:wasRevisionOf ?old }
    ?p kg:municipality ?m ; kg:evidence ?ev . ?ev prov:wasDerivedFrom ?old ; kg:quote ?quote .
    FILTER NOT EXISTS { ?p kg:evidence/prov:wasDerivedFrom ?new }
    BIND("removed" AS ?change)
  }
  ?m skos:prefLabel ?municipality FILTER(LANG(?municipality) = "fi")
  ?offer cv:hasParticipation ?p ; kg:serviceType/kg:key ?service .
  ?p cv:role/kg:key ?role ; kg:targetGroup/kg:key ?targetGroup ; cv:hasParticipant ?org .
  ?org skos:prefLabel ?organisation FILTER(LANG(?organisation) = "fi")
}
ORDER BY ?municipality ?service ?targetGroup ?change""".replace("%(registry)s", str(PROGRAMMES_GRAPH))


def revisions(store: Store, m: MunicipalityRef) -> list[tuple[str, str]]:
    """(previous, current) document IRIs of each programme of `m` that has a previous version."""
    rows = store.select(prefixes("kg", "prov") + f"""SELECT ?new ?old WHERE {{
        GRAPH {iri(str(PROGRAMMES_GRAPH))} {{ {iri(m.iri)} kg:currentDocument ?new .
                                             ?new prov:wasRevisionOf ?old }} }}""")
    return sorted((r["old"], r["new"]) for r in rows)


def _facts(store: Store, m: MunicipalityRef, docs: tuple[str, ...],
           min_confidence: float) -> dict[str, dict[tuple[str, str, str], dict[str, Any]]]:
    """document → (service, target group, role) → organisation IRI → its quote and page."""
    rows = store.select(prefixes("kg", "cv", "prov") + f"""SELECT ?doc ?svc ?tg ?role ?org ?quote ?page
        ?confidence WHERE {{
          VALUES ?doc {{ {" ".join(iri(d) for d in docs)} }}
          ?p kg:municipality {iri(m.iri)} ; kg:evidence ?ev .
          ?ev prov:wasDerivedFrom ?doc ; kg:quote ?quote ; kg:page ?page .
          ?offer cv:hasParticipation ?p ; kg:serviceType ?svc .
          ?p cv:role ?role ; kg:targetGroup ?tg ; cv:hasParticipant ?org .
          OPTIONAL {{ ?ev kg:confidence ?confidence }}
          FILTER(!BOUND(?confidence) || ?confidence >= {float(min_confidence)})
        }} ORDER BY ?page""")
    found: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = {d: defaultdict(dict) for d in docs}
    for r in rows:
        key = (r["svc"].removeprefix(SERVICE_SCHEME_IRI), r["tg"].removeprefix(TARGET_GROUP_SCHEME_IRI),
               r["role"].rsplit("/", 1)[-1])
        found[r["doc"]][key].setdefault(r["org"], {"quote": r["quote"], "page": int(r["page"])})
    return found


def _services(store: Store, m: MunicipalityRef, doc: str) -> set[str]:
    rows = store.select(prefixes("kg") + f"""SELECT ?svc WHERE {{
        ?offer kg:municipality {iri(m.iri)} ; kg:describedIn {iri(doc)} ; kg:serviceType ?svc }}""")
    return {r["svc"].removeprefix(SERVICE_SCHEME_IRI) for r in rows}


def compare(store: Store, m: MunicipalityRef, old: str, new: str,
            min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[dict[str, Any]]:
    """The differences for `m` between two versions, by service, target group and role."""
    facts = _facts(store, m, (old, new), min_confidence)
    before, after = facts[old], facts[new]
    services_before, services_after = _services(store, m, old), _services(store, m, new)
    order = {k.value: n for n, k in enumerate(ServiceKey)}
    roles = {"responsible": 0, "provider": 1, "partner": 2}
    out: list[dict[str, Any]] = []
    for service in sorted(services_after - services_before, key=lambda s: order.get(s, 99)):
        out.append({"kind": "service-added", "service": service})
    for service in sorted(services_before - services_after, key=lambda s: order.get(s, 99)):
        out.append({"kind": "service-removed", "service": service})
    keys = sorted(set(before) | set(after),
                  key=lambda k: (order.get(k[0], 99), k[1], roles.get(k[2], 9)))
    for service, group, role in keys:
        was, now = before.get((service, group, role), {}), after.get((service, group, role), {})
        added, removed = sorted(set(now) - set(was)), sorted(set(was) - set(now))
        base = {"service": service, "target_group": group, "role": role}
        if added and removed:
            out.append({**base, "kind": "changed", "before": removed, "after": added,
                        "evidence": now[added[0]]})
            continue
        out += [{**base, "kind": "added", "organisation": o, "evidence": now[o]} for o in added]
        out += [{**base, "kind": "removed", "organisation": o, "evidence": was[o]} for o in removed]
    return out


def changes(store: Store, m: MunicipalityRef) -> list[dict[str, Any]]:
    """For each programme of `m` with an earlier version: the versions and what changed."""
    return [{"from": old, "to": new, "changes": compare(store, m, old, new)}
            for old, new in revisions(store, m)]
