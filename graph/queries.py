"""The questions the REST API, CLI and UI ask, as SPARQL over any `Store`.

Each function returns plain dicts/lists (no rdflib terms), so `api/` never sees RDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from extraction.model import ServiceKey, TargetGroup
from graph import iris
from graph.build import service_label
from graph.namespaces import (
    ROLE,
    SERVICE,
    SERVICE_SCHEME_IRI,
    TARGET_GROUP,
    TARGET_GROUP_SCHEME_IRI,
)
from graph.sparql_text import iri, literal, prefixes
from graph.store import Store


@dataclass(frozen=True, slots=True)
class MunicipalityRef:
    code: str
    name: str
    name_sv: str | None
    iri: str

    def as_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "code": self.code, "iri": self.iri}


def find_municipality(store: Store, name_or_code: str) -> MunicipalityRef | None:
    """A municipality by 3-digit code, or by Finnish or Swedish name in any letter case."""
    needle = name_or_code.strip()
    if needle.isdigit():
        condition = f"?m dct:identifier {literal(needle.zfill(3))} ."
    else:
        condition = f"?m skos:prefLabel ?any . FILTER(LCASE(STR(?any)) = {literal(needle.lower())})"
    # Bound first, OPTIONAL last: the engine then looks at one municipality, not all.
    rows = store.select(
        prefixes("kg", "skos", "dct")
        + "SELECT ?m ?code ?fi ?sv WHERE { GRAPH ?g { "
        + condition
        + ' ?m a kg:Municipality ; dct:identifier ?code ; skos:prefLabel ?fi . FILTER(LANG(?fi) = "fi")'
        + ' OPTIONAL { ?m skos:prefLabel ?sv FILTER(LANG(?sv) = "sv") } '
        + " } } LIMIT 1"
    )
    if not rows:
        return None
    r = rows[0]
    return MunicipalityRef(r["code"], r["fi"], r.get("sv"), r["m"])


def covered_municipalities(store: Store) -> list[dict[str, object]]:
    """Municipalities that some ingested document covers, with service and fact counts."""
    rows = store.select(
        prefixes("kg", "skos", "dct", "cv")
        + """SELECT ?m ?code ?name (COUNT(DISTINCT ?doc) AS ?documents)
               (COUNT(DISTINCT ?offer) AS ?services) (COUNT(DISTINCT ?p) AS ?facts)
        WHERE {
          ?doc kg:covers ?m .
          ?m dct:identifier ?code ; skos:prefLabel ?name . FILTER(LANG(?name) = "fi")
          OPTIONAL { ?offer kg:municipality ?m ; a kg:ServiceOffer .
                     OPTIONAL { ?offer cv:hasParticipation ?p } }
        } GROUP BY ?m ?code ?name ORDER BY ?name"""
    )
    return [
        {"code": r["code"], "name": r["name"], "iri": r["m"], "documents": int(r["documents"]),
         "services": int(r["services"]), "facts": int(r["facts"])}
        for r in rows
    ]


def service_info(key: ServiceKey) -> dict[str, str]:
    return {"key": key.value, "label": service_label(key), "iri": str(SERVICE[key.value])}


# Statements below this confidence (restatements of the law, plans, options) are left out
# of answers unless asked for: the tool abstains rather than guesses.
DEFAULT_MIN_CONFIDENCE = 0.5


def responsibilities(
    store: Store, municipality: MunicipalityRef, service: ServiceKey,
    target_group: TargetGroup = TargetGroup.ALL, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[dict[str, object]]:
    """Who is responsible for / provides / partners in `service` in `municipality`.

    Facts stated for all target groups also answer a question about one group. Each
    result carries its evidence's confidence; those below `min_confidence` are left out.
    """
    offer = iris.service_offer_iri(municipality.code, service.value)
    group_filter = ""
    if target_group is not TargetGroup.ALL:
        group_filter = (f"FILTER(?tg IN ({iri(str(TARGET_GROUP[target_group.value]))}, "
                        f"{iri(str(TARGET_GROUP['all']))}))")
    rows = store.select(
        prefixes("kg", "cv", "skos", "dct", "org", "prov")
        + f"""SELECT DISTINCT ?role ?tgkey ?org ?name ?name_sv ?kindkey ?unit ?doc ?source ?lang ?page
               ?quote ?confidence
        WHERE {{
          {iri(str(offer))} cv:hasParticipation ?p .
          ?p cv:role ?r ; kg:targetGroup ?tg ; cv:hasParticipant ?org ; kg:evidence ?ev .
          {group_filter}
          ?r kg:key ?role . ?tg kg:key ?tgkey .
          ?ev kg:quote ?quote ; kg:page ?page ; prov:wasDerivedFrom ?doc .
          ?doc kg:sourceName ?source ; dct:language ?lang .
          # OPTIONALs last: required patterns after them would form a group that the
          # engine evaluates over every evidence node before joining (800 ms vs 0.5 ms).
          OPTIONAL {{ ?org skos:prefLabel ?name FILTER(LANG(?name) = "fi") }}
          OPTIONAL {{ ?org skos:prefLabel ?name_sv FILTER(LANG(?name_sv) = "sv") }}
          OPTIONAL {{ ?org kg:organisationKind/kg:key ?kindkey }}
          OPTIONAL {{ ?org kg:unitName ?unit }}
          OPTIONAL {{ ?ev kg:confidence ?confidence }}
          FILTER(!BOUND(?confidence) || ?confidence >= {float(min_confidence)})
        }} ORDER BY ?role ?tgkey ?name ?page ?source ?quote"""  # a total order: any engine, same answer
    )
    results: list[dict[str, object]] = []
    seen: set[tuple] = set()
    for r in rows:
        unit_name = r.get("unit")
        # a body is named in the language of the document that says what it does
        name = (r.get("name_sv") if r.get("lang") == "sv" else None) or r.get("name", r["org"])
        if unit_name:  # a unit's label is "<organisation>, <unit>"
            name = name.removesuffix(f", {unit_name}")
        key = (r["role"], r["tgkey"], r["org"], r["doc"], r["page"], r["quote"])
        if key in seen:
            continue
        seen.add(key)
        results.append({
            "role": r["role"],
            "target_group": r["tgkey"],
            "organisation": {"name": name, "unit": unit_name,
                             "kind": r.get("kindkey"), "iri": r["org"]},
            "evidence": {"document": r["source"], "page": int(r["page"]), "quote": r["quote"]},
            "confidence": float(r["confidence"]) if r.get("confidence") else None,
        })
    _ROLE_ORDER = {"responsible": 0, "provider": 1, "partner": 2}
    results.sort(key=lambda x: (_ROLE_ORDER.get(str(x["role"]), 9), str(x["target_group"])))
    return results


def exclusions(store: Store, municipality: MunicipalityRef, service: ServiceKey) -> list[dict[str, object]]:
    """What the programme says is not arranged: by a body, or (no organisation) at all."""
    offer = iris.service_offer_iri(municipality.code, service.value)
    rows = store.select(
        prefixes("kg", "skos", "dct", "prov")
        + f"""SELECT DISTINCT ?org ?name ?source ?page ?quote WHERE {{
          {iri(str(offer))} kg:exclusion ?x .
          ?x kg:evidence ?ev . ?ev kg:quote ?quote ; kg:page ?page ; prov:wasDerivedFrom ?doc .
          ?doc kg:sourceName ?source .
          OPTIONAL {{ ?x kg:notArrangedBy ?org .
                      OPTIONAL {{ ?org skos:prefLabel ?name FILTER(LANG(?name) = "fi") }} }}
        }} ORDER BY ?source ?page ?quote"""
    )
    return [{"organisation": {"name": r.get("name", r["org"]), "iri": r["org"]} if r.get("org") else None,
             "evidence": {"document": r["source"], "page": int(r["page"]), "quote": r["quote"]}}
            for r in rows]


class UnknownValue(LookupError):
    """A municipality or service the graph does not know; `valid` lists what it knows."""

    def __init__(self, what: str, value: str, valid: list[str]) -> None:
        super().__init__(f"unknown {what} {value!r}")
        self.what = what
        self.value = value
        self.valid = valid


def resolve_municipality(store: Store, name_or_code: str) -> MunicipalityRef:
    found = find_municipality(store, name_or_code)
    if found is None:
        valid = [f"{m['name']} ({m['code']})" for m in covered_municipalities(store)]
        raise UnknownValue("municipality", name_or_code, valid)
    return found


def resolve_service(key: str) -> ServiceKey:
    try:
        return ServiceKey(key.strip().lower())
    except ValueError:
        raise UnknownValue("service", key, [s.value for s in ServiceKey]) from None


def who(
    store: Store, municipality: str, service: str, target_group: TargetGroup = TargetGroup.ALL,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> dict[str, object]:
    """The answer object of `GET /api/v1/responsibilities` and `kotograph who --json`."""
    m = resolve_municipality(store, municipality)
    s = resolve_service(service)
    return {
        "municipality": m.as_dict(),
        "service": service_info(s),
        "results": responsibilities(store, m, s, target_group, min_confidence),
        "exclusions": exclusions(store, m, s),
    }


def documents(store: Store) -> list[dict[str, object]]:
    rows = store.select(
        prefixes("kg", "dct", "prov")
        + """SELECT ?g ?doc ?source ?title ?sha ?lang ?pages ?at ?by
               (COUNT(DISTINCT ?m) AS ?municipalities) (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
          GRAPH ?g { ?doc a kg:ProgrammeDocument ; kg:sourceName ?source ; kg:sha256 ?sha ;
                       dct:language ?lang ; kg:pageCount ?pages ; kg:ingestedAt ?at .
                     OPTIONAL { ?doc dct:title ?title } OPTIONAL { ?doc kg:covers ?m }
                     OPTIONAL { ?doc kg:ingestedBy ?by }
                     OPTIONAL { ?fact prov:wasDerivedFrom ?doc ; kg:targetGroup ?tg } }
        } GROUP BY ?g ?doc ?source ?title ?sha ?lang ?pages ?at ?by ORDER BY ?source"""
    )
    return [
        {"graph": r["g"], "iri": r["doc"], "source": r["source"], "title": r.get("title"),
         "sha256": r["sha"], "language": r["lang"], "pages": int(r["pages"]),
         "ingested_at": r["at"], "ingested_by": r.get("by"),
         "municipalities": int(r["municipalities"]), "facts": int(r["facts"])}
        for r in rows
    ]


def municipality_names(store: Store) -> list[str]:
    """Every municipality name known to the store (for error messages listing valid values)."""
    return [r["name"] for r in covered_municipalities(store)]


def municipality_areas(store: Store) -> dict[str, dict[str, str]]:
    """Covered municipalities (IRI, name) with their welfare area, employment area and region
    (keys and names): the matrix's rows, without counting each one's documents and facts."""
    rows = store.select(
        prefixes("kg", "skos", "dct")
        + """SELECT DISTINCT ?m ?code ?name ?wkey ?wname ?ekey ?ename ?rcode ?rname WHERE {
          ?doc kg:covers ?m . ?m dct:identifier ?code ; skos:prefLabel ?name FILTER(LANG(?name) = "fi")
          OPTIONAL { ?m kg:welfareArea ?w . ?w kg:key ?wkey ; skos:prefLabel ?wname
                     FILTER(LANG(?wname) = "fi") }
          OPTIONAL { ?m kg:employmentArea ?e . ?e kg:key ?ekey ; skos:prefLabel ?ename
                     FILTER(LANG(?ename) = "fi") }
          OPTIONAL { ?m kg:region ?r . ?r dct:identifier ?rcode ; skos:prefLabel ?rname
                     FILTER(LANG(?rname) = "fi") }
        }"""
    )
    return {r["code"]: r for r in rows}


def coverage(store: Store) -> dict[str, dict[str, dict[str, list[str]]]]:
    """municipality code → service key → target group/role cell → organisation names.

    Cells hold the responsible organisations per target group ("jobseekers", "others",
    "all") and the described services (key present). Three flat queries joined here: one
    query with the joins (and the key and label lookups) in SPARQL read every participation
    through four more index lookups, 3× as long at national scale (BENCHMARKS.md).

    The offers and participations are read inside `GRAPH ?g`: a document's graph holds
    whole offers with their participations (`graph.build`), and matching there skips the
    union of all graphs: 225 → 170 ms and 88 → 73 ms at national scale, the same rows.
    """
    pfx = prefixes("kg", "skos", "dct", "cv")
    offers = store.select(pfx + "SELECT ?offer ?svc ?id WHERE { GRAPH ?g { ?offer a "
                                "kg:ServiceOffer ; kg:serviceType ?svc ; dct:identifier ?id } }")
    parts = store.select(pfx + "SELECT ?offer ?tg ?org WHERE { GRAPH ?g { ?p cv:role "
                               f"{iri(str(ROLE['responsible']))} ; kg:targetGroup ?tg ; "
                               "cv:hasParticipant ?org . ?offer cv:hasParticipation ?p } }")
    names = {r["org"]: r["name"] for r in store.select(
        pfx + 'SELECT ?org ?name WHERE { ?org skos:prefLabel ?name FILTER(LANG(?name) = "fi") }')}
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    cells: dict[str, dict[str, list[str]]] = {}
    for r in offers:
        code = r["id"].split("/", 1)[0]
        service = r["svc"].removeprefix(SERVICE_SCHEME_IRI)
        cells[r["offer"]] = out.setdefault(code, {}).setdefault(service, {})
    for r in parts:
        cell, name = cells.get(r["offer"]), names.get(r["org"])
        if cell is None or name is None:
            continue
        group = r["tg"].removeprefix(TARGET_GROUP_SCHEME_IRI)
        found = cell.setdefault(f"responsible:{group}", [])
        if name not in found:
            found.append(name)
    return out


def municipality_detail(store: Store, m: MunicipalityRef) -> dict[str, object]:
    """Everything the programme documents say about one municipality, per service."""
    # One query per service: each names its offer's IRI, which keeps the engine on one
    # offer (0.4 ms each); a single query over kg:municipality took 500 ms at national scale.
    services = {key: {**service_info(key), "results": responsibilities(store, m, key)}
                for key in ServiceKey}
    docs = store.select(
        prefixes("kg", "dct")
        + f"""SELECT DISTINCT ?doc ?source ?title ?sha WHERE {{
          ?doc kg:covers {iri(m.iri)} ; kg:sourceName ?source ; kg:sha256 ?sha .
          OPTIONAL {{ ?doc dct:title ?title }} }} ORDER BY ?source"""
    )
    contacts = store.select(
        prefixes("kg", "cv", "dct", "foaf")
        + f"""SELECT DISTINCT ?cp ?title ?name ?email ?phone WHERE {{
          ?cp a cv:ContactPoint ; kg:municipality {iri(m.iri)} .
          OPTIONAL {{ ?cp dct:title ?title }} OPTIONAL {{ ?cp foaf:name ?name }}
          OPTIONAL {{ ?cp cv:email ?email }} OPTIONAL {{ ?cp cv:telephone ?phone }} }}"""
    )
    return {
        "municipality": m.as_dict(),
        "documents": [{"iri": d["doc"], "source": d["source"], "title": d.get("title"),
                       "sha256": d["sha"]} for d in docs],
        "contact_points": [{k: c.get(k) for k in ("title", "name", "email", "phone")}
                           for c in contacts],
        "services": list(services.values()),
    }


def organisation_detail(store: Store, org_iri: str) -> dict[str, object] | None:
    """What an organisation is responsible for, provides or partners in, and where."""
    rows = store.select(
        prefixes("kg", "cv", "skos", "dct")
        + f"""SELECT DISTINCT ?name ?kind ?code ?mname ?service ?role ?tg WHERE {{
          {iri(org_iri)} skos:prefLabel ?name FILTER(LANG(?name) = "fi")
          OPTIONAL {{ {iri(org_iri)} kg:organisationKind/kg:key ?kind }}
          OPTIONAL {{
            ?p cv:hasParticipant {iri(org_iri)} ; cv:role/kg:key ?role ; kg:targetGroup/kg:key ?tg ;
               kg:municipality ?m .
            ?offer cv:hasParticipation ?p ; kg:serviceType/kg:key ?service .
            ?m dct:identifier ?code ; skos:prefLabel ?mname FILTER(LANG(?mname) = "fi")
          }}
        }} ORDER BY ?mname ?service ?role"""
    )
    if not rows:
        return None
    roles = [
        {"municipality": {"code": r["code"], "name": r["mname"]}, "service": r["service"],
         "role": r["role"], "target_group": r["tg"]}
        for r in rows if "service" in r
    ]
    return {"iri": org_iri, "name": rows[0]["name"], "kind": rows[0].get("kind"),
            "municipalities": sorted({x["municipality"]["name"] for x in roles}),
            "roles": roles}


def search_evidence(store: Store, terms: list[str], limit: int = 50) -> list[dict[str, object]]:
    """Evidence quotes containing every term (terms are lower-cased stems)."""
    if not terms:
        return []
    filters = " ".join(f"FILTER(CONTAINS(LCASE(?quote), {literal(t.lower())}))" for t in terms)
    rows = store.select(
        prefixes("kg", "cv", "dct", "skos")
        + f"""SELECT DISTINCT ?quote ?page ?source ?code ?mname ?service ?role ?tg WHERE {{
          ?ev kg:quote ?quote ; kg:page ?page ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
          {filters}
          ?doc kg:sourceName ?source .
          OPTIONAL {{ ?p kg:evidence ?ev ; cv:role/kg:key ?role ; kg:targetGroup/kg:key ?tg ;
                      kg:municipality ?m . ?offer cv:hasParticipation ?p ;
                      kg:serviceType/kg:key ?service .
                      ?m dct:identifier ?code ; skos:prefLabel ?mname FILTER(LANG(?mname) = "fi") }}
        }} ORDER BY ?source ?page ?quote ?code ?service ?role ?tg LIMIT {int(limit)}"""
    )
    return [
        {"quote": r["quote"], "document": r["source"], "page": int(r["page"]),
         "municipality": ({"code": r["code"], "name": r["mname"]} if "code" in r else None),
         "service": r.get("service"), "role": r.get("role"), "target_group": r.get("tg")}
        for r in rows
    ]


__all__ = [
    "MunicipalityRef",
    "UnknownValue",
    "coverage",
    "covered_municipalities",
    "documents",
    "find_municipality",
    "municipality_areas",
    "municipality_detail",
    "municipality_names",
    "organisation_detail",
    "resolve_municipality",
    "resolve_service",
    "responsibilities",
    "search_evidence",
    "service_info",
    "who",
]
