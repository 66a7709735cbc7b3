"""The questions the REST API, CLI and UI ask, as SPARQL over any `Store`.

Each function returns plain dicts/lists (no rdflib terms), so `api/` never sees RDF.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from extraction.model import ServiceKey, TargetGroup
from graph import iris, reviews
from graph.build import service_label
from graph.namespaces import (
    PROGRAMMES_GRAPH,
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


def municipality_index(store: Store, codes: Collection[str] | None = None) -> list[dict[str, str]]:
    """Every municipality of the reference data (or those of `codes`): names, areas (keys
    and names, fi and sv), programme status (graph.programmes) and current document,
    ordered by Finnish name.

    The areas' keys and names are read once per area (96) and not once per municipality:
    in one query their OPTIONALs took half the time of the matrix's data."""
    if codes is not None and not codes:
        return []
    pfx = prefixes("kg", "skos", "dct")
    values = "" if codes is None else _municipality_values(codes)
    rows = store.select(pfx + """SELECT ?m ?code ?name ?name_sv ?status ?outside ?doc ?w ?e ?r ?v WHERE {
          """ + values + """
          ?m a kg:Municipality ; dct:identifier ?code ; skos:prefLabel ?name FILTER(LANG(?name) = "fi")
          OPTIONAL { ?m skos:prefLabel ?name_sv FILTER(LANG(?name_sv) = "sv") }
          OPTIONAL { ?m kg:programmeStatus/kg:key ?status }
          OPTIONAL { ?m kg:outsideActScope true BIND("yes" AS ?outside) }
          OPTIONAL { ?m kg:currentDocument ?doc }
          OPTIONAL { ?m kg:welfareArea ?w } OPTIONAL { ?m kg:employmentArea ?e }
          OPTIONAL { ?m kg:region ?r } OPTIONAL { ?m kg:elinvoimakeskus ?v }
        }""")
    areas: dict[str, dict[str, str]] = {}
    for a in store.select(pfx + """SELECT ?a ?key ?code ?name ?name_sv WHERE {
          { SELECT DISTINCT ?a WHERE { """ + values + """
            ?m kg:welfareArea|kg:employmentArea|kg:region|kg:elinvoimakeskus ?a } }
          ?a skos:prefLabel ?name FILTER(LANG(?name) = "fi")
          OPTIONAL { ?a kg:key ?key } OPTIONAL { ?a dct:identifier ?code }
          OPTIONAL { ?a skos:prefLabel ?name_sv FILTER(LANG(?name_sv) = "sv") } }"""):
        areas.setdefault(a["a"], a)
    found: dict[str, dict[str, str]] = {}
    for r in rows:  # one row per municipality (a label repeated in two graphs is one row)
        if r["code"] in found:
            continue
        r.setdefault("status", "outside-scope" if r.get("outside") == "yes" else
                     "programme-ingested" if r.get("doc") else "no-programme")
        found[r["code"]] = r
        for var, id_field, key_name in _AREAS:
            node = r.pop(var, "")
            area = areas.get(node, {})
            key = area.get(id_field) if id_field else node.partition("/elinvoimakeskus-")[2]
            if not area or key is None:  # an area is shown with its key and Finnish name, or not at all
                continue
            if var in ("w", "e"):  # their nodes are asked for (organisation_options)
                r[var] = node
            r[key_name], r[f"{var}name"] = key, area["name"]
            if "name_sv" in area:
                r[f"{var}name_sv"] = area["name_sv"]
    return sorted(found.values(), key=lambda r: (r["name"], r["code"]))


def _municipality_values(codes: Collection[str]) -> str:
    return f"VALUES ?m {{ {' '.join(iri(str(iris.municipality_iri(c))) for c in sorted(codes))} }}"


# municipality_index's areas: variable, the field that keys it (an elinvoimakeskus: its IRI's
# end), the row's key
_AREAS = (("w", "key", "wkey"), ("e", "key", "ekey"), ("r", "code", "rcode"), ("v", None, "vkey"))


def municipality_counts(store: Store) -> dict[str, dict[str, int]]:
    """Per municipality code: documents (every file covering it), versions (copies aside),
    described services and facts of its current document."""
    pfx = prefixes("kg", "dct", "cv", "prov", "kgst")
    facts = store.select(pfx + """SELECT ?code (COUNT(DISTINCT ?offer) AS ?services)
        (COUNT(DISTINCT ?p) AS ?facts) WHERE {
          ?m kg:currentDocument ?doc ; dct:identifier ?code .
          ?offer kg:municipality ?m ; kg:describedIn ?doc .
          OPTIONAL { ?offer cv:hasParticipation ?p . ?p prov:wasDerivedFrom ?doc }
        } GROUP BY ?code""")
    docs = store.select(pfx + """SELECT ?code (COUNT(DISTINCT ?doc) AS ?documents)
        (COUNT(DISTINCT ?version) AS ?versions) WHERE {
          ?doc a kg:ProgrammeDocument ; kg:covers ?m . ?m dct:identifier ?code .
          OPTIONAL { ?doc kg:versionStatus ?s FILTER(?s != kgst:format-copy) BIND(?doc AS ?version) }
        } GROUP BY ?code""")
    out: dict[str, dict[str, int]] = {}
    for r in docs:
        out[r["code"]] = {"documents": int(r["documents"]), "versions": int(r["versions"]),
                          "services": 0, "facts": 0}
    for r in facts:
        out.setdefault(r["code"], {"documents": 0, "versions": 0})
        out[r["code"]].update(services=int(r["services"]), facts=int(r["facts"]))
    return out


def municipalities(store: Store) -> list[dict[str, object]]:
    """Every municipality with its status, areas and the counts of its current programme."""
    counts = municipality_counts(store)
    return [
        {"code": r["code"], "name": r["name"], "name_sv": r.get("name_sv"), "iri": r["m"],
         "status": r["status"],
         "welfare_area": r.get("wkey"), "employment_area": r.get("ekey"), "region": r.get("rcode"),
         "elinvoimakeskus": r.get("vkey"),
         **{k: 0 for k in ("documents", "versions", "services", "facts")}, **counts.get(r["code"], {})}
        for r in municipality_index(store)
    ]


def covered_municipalities(store: Store) -> list[dict[str, object]]:
    """Municipalities whose programme is ingested, with service and fact counts."""
    return [m for m in municipalities(store) if m["status"] == "programme-ingested"]


def service_info(key: ServiceKey) -> dict[str, str]:
    return {"key": key.value, "label": service_label(key), "iri": str(SERVICE[key.value])}


# Statements below this confidence (restatements of the law, plans, options) are left out
# of answers unless asked for: the tool abstains rather than guesses.
DEFAULT_MIN_CONFIDENCE = 0.5


def responsibilities(
    store: Store, municipality: MunicipalityRef, service: ServiceKey,
    target_group: TargetGroup = TargetGroup.ALL, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    lang: str | None = None, rejected: bool = False,
) -> list[dict[str, object]]:
    """Who is responsible for / provides / partners in `service` in `municipality`, as its
    current programme document says (graph.programmes: older versions and copies aside)
    and as supervisors have reviewed it (graph.reviews: rejected and corrected facts out,
    corrections and additions in, each reviewed fact with its review).

    Facts stated for all target groups also answer a question about one group. Each
    result carries its evidence's confidence; those below `min_confidence` are left out.
    Bodies are named in `lang`, or else in the language of the document. `rejected`
    keeps the facts a review took out, marked so (for the pages that show them struck).
    """
    offer = iris.service_offer_iri(municipality.code, service.value)
    group_filter = ""
    if target_group is not TargetGroup.ALL:
        group_filter = (f"FILTER(?tg IN ({iri(str(TARGET_GROUP[target_group.value]))}, "
                        f"{iri(str(TARGET_GROUP['all']))}))")
    rows = store.select(
        prefixes("kg", "cv", "skos", "dct", "org", "prov")
        + f"""SELECT DISTINCT ?p ?role ?tgkey ?org ?name ?name_sv ?kindkey ?unit ?doc ?source ?lang ?page
               ?quote ?confidence
        WHERE {{
          {iri(str(offer))} cv:hasParticipation ?p .
          ?p cv:role ?r ; kg:targetGroup ?tg ; cv:hasParticipant ?org ; kg:evidence ?ev .
          {group_filter}
          ?r kg:key ?role . ?tg kg:key ?tgkey .
          ?ev kg:quote ?quote ; kg:page ?page ; prov:wasDerivedFrom ?doc .
          # the current version only: inside the registry's graph (faster than the union)
          GRAPH {iri(str(PROGRAMMES_GRAPH))} {{ {iri(municipality.iri)} kg:currentDocument ?doc }}
          ?doc kg:sourceName ?source .
          # OPTIONALs last: required patterns after them would form a group that the
          # engine evaluates over every evidence node before joining (800 ms vs 0.5 ms).
          # The document's language too (every document has one): required, it made the
          # engine start from all documents' languages (6.1 vs 0.8 ms at national scale).
          OPTIONAL {{ ?doc dct:language ?lang }}
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
        # a body is named in the language asked for, else in that of the document that says
        # what it does
        name = (r.get("name_sv") if (lang or r.get("lang")) == "sv" else None) or r.get("name", r["org"])
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
            "participation": r["p"], "review": None,
        })
    applied = reviews.applied_for(store, [municipality.code], service.value,
                                  {municipality.code: {str(r["participation"]) for r in results}})
    if municipality.code in applied:
        groups = None if target_group is TargetGroup.ALL else {target_group.value, "all"}
        results = _with_reviews(store, results, applied[municipality.code], groups, lang, rejected)
    results.sort(key=lambda x: (_ROLE_ORDER.get(str(x["role"]), 9), str(x["target_group"])))
    return results


def exclusions(store: Store, municipality: MunicipalityRef, service: ServiceKey) -> list[dict[str, object]]:
    """What the current programme says is not arranged: by a body, or (no organisation) at all."""
    offer = iris.service_offer_iri(municipality.code, service.value)
    rows = store.select(
        prefixes("kg", "skos", "dct", "prov")
        + f"""SELECT DISTINCT ?org ?name ?source ?page ?quote WHERE {{
          {iri(str(offer))} kg:exclusion ?x .
          ?x kg:evidence ?ev . ?ev kg:quote ?quote ; kg:page ?page ; prov:wasDerivedFrom ?doc .
          GRAPH {iri(str(PROGRAMMES_GRAPH))} {{ {iri(municipality.iri)} kg:currentDocument ?doc }}
          ?doc kg:sourceName ?source .
          OPTIONAL {{ ?x kg:notArrangedBy ?org .
                      OPTIONAL {{ ?org skos:prefLabel ?name FILTER(LANG(?name) = "fi") }} }}
        }} ORDER BY ?source ?page ?quote"""
    )
    return [{"organisation": {"name": r.get("name", r["org"]), "iri": r["org"]} if r.get("org") else None,
             "evidence": {"document": r["source"], "page": int(r["page"]), "quote": r["quote"]}}
            for r in rows]
_ROLE_ORDER = {"responsible": 0, "provider": 1, "partner": 2}


def _with_reviews(store: Store, results: list[dict[str, object]], applied: reviews.Applied,
                  groups: set[str] | None, lang: str | None, rejected: bool) -> list[dict[str, object]]:
    """The facts as reviewed: taken out, confirmed, and the facts reviews state added."""
    out = []
    for r in results:
        p = str(r["participation"])
        if p in applied.removed:
            if rejected:
                out.append({**r, "review": _review_json(applied.removed[p], applied), "rejected": True})
            continue
        if p in applied.confirmed:
            r = {**r, "review": _review_json(applied.confirmed[p], applied)}
        out.append(r)
    added = [a for a in applied.added if groups is None or a.target_group in groups]
    if not added:
        return out
    names = _labels(store, {str(a.organisation) for a in added}
                    | {str(a.document) for a in added if a.document})
    # the quote stands in the current programme (or the review would not apply): cite that
    current = next((r["evidence"] for r in results), None)
    for a in added:
        org = names.get(str(a.organisation), {})
        out.append({
            "role": a.role, "target_group": a.target_group,
            "organisation": {"name": (org.get("sv") if lang == "sv" else None) or org.get("fi")
                             or a.organisation,
                             "unit": None, "kind": org.get("kind"), "iri": a.organisation},
            "evidence": {"document": current["document"] if current else
                         names.get(str(a.document), {}).get("source"), "page": a.page, "quote": a.quote},
            "confidence": None, "participation": a.generated or a.target, "review": _review_json(a, applied),
        })
    return out


def _review_json(r: reviews.Review, applied: reviews.Applied) -> dict[str, object]:
    return {**r.as_dict(), "state": applied.state.get(r.iri, "applied")}


def _labels(store: Store, nodes: set[str]) -> dict[str, dict[str, str]]:
    """Names (fi, sv), kind and file name of a few organisations and documents."""
    if not nodes:
        return {}
    rows = store.select(prefixes("kg", "skos") + f"""
        SELECT ?n ?label (LANG(?label) AS ?lang) ?kind ?source WHERE {{
          VALUES ?n {{ {' '.join(iri(n) for n in sorted(nodes))} }}
          OPTIONAL {{ ?n skos:prefLabel ?label }} OPTIONAL {{ ?n kg:organisationKind/kg:key ?kind }}
          OPTIONAL {{ ?n kg:sourceName ?source }} }}""")
    found: dict[str, dict[str, str]] = {}
    for r in rows:
        entry = found.setdefault(r["n"], {})
        if r.get("label") and r.get("lang") in ("fi", "sv"):
            entry[r["lang"]] = r["label"]
        for key in ("kind", "source"):
            if r.get(key):
                entry[key] = r[key]
    return found


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
        valid = [f"{m['name']} ({m['code']})" for m in municipality_index(store)]
        raise UnknownValue("municipality", name_or_code, valid)
    return found


def resolve_service(key: str) -> ServiceKey:
    try:
        return ServiceKey(key.strip().lower())
    except ValueError:
        raise UnknownValue("service", key, [s.value for s in ServiceKey]) from None


# What an answer without results means: no programme ingested is not "the programme does
# not describe it".
SERVICE_STATUSES = ("described", "not-described", "excluded", "no-programme", "outside-scope")


def service_status(store: Store, m: MunicipalityRef, service: ServiceKey) -> dict[str, str | None]:
    """Whether the municipality's current programme describes `service`, leaves it out
    explicitly, does not describe it, or whether there is no programme to ask (with the
    current document's file name)."""
    offer = iri(str(iris.service_offer_iri(m.code, service.value)))
    rows = store.select(prefixes("kg", "prov") + f"""SELECT ?status ?outside ?source ?described ?excluded
        WHERE {{
          OPTIONAL {{ {iri(m.iri)} kg:programmeStatus/kg:key ?status }}
          OPTIONAL {{ {iri(m.iri)} kg:outsideActScope true BIND("yes" AS ?outside) }}
          OPTIONAL {{ {iri(m.iri)} kg:currentDocument ?doc . ?doc kg:sourceName ?source
            OPTIONAL {{ {offer} kg:describedIn ?doc BIND(true AS ?described) }}
            OPTIONAL {{ {offer} kg:exclusion ?x . ?x prov:wasDerivedFrom ?doc
                        FILTER NOT EXISTS {{ ?x kg:notArrangedBy ?body }} BIND(true AS ?excluded) }} }}
        }} LIMIT 1""")
    r = rows[0] if rows else {}
    if r.get("outside") == "yes":
        status = "outside-scope"
    elif not r.get("source"):
        status = "no-programme"
    else:
        status = "excluded" if r.get("excluded") else "described" if r.get("described") else "not-described"
    return {"status": status, "document": r.get("source")}


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
        **service_status(store, m, s),
        "results": responsibilities(store, m, s, target_group, min_confidence),
        "exclusions": exclusions(store, m, s),
    }


def documents(store: Store) -> list[dict[str, object]]:
    rows = store.select(
        prefixes("kg", "dct", "prov")
        + """SELECT ?g ?doc ?source ?title ?sha ?lang ?pages ?at ?by ?status ?vdate ?copyof
               (COUNT(DISTINCT ?m) AS ?municipalities) (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
          GRAPH ?g { ?doc a kg:ProgrammeDocument ; kg:sourceName ?source ; kg:sha256 ?sha ;
                       dct:language ?lang ; kg:pageCount ?pages ; kg:ingestedAt ?at .
                     OPTIONAL { ?doc dct:title ?title } OPTIONAL { ?doc kg:covers ?m }
                     OPTIONAL { ?doc kg:ingestedBy ?by }
                     OPTIONAL { ?fact prov:wasDerivedFrom ?doc ; kg:targetGroup ?tg } }
          OPTIONAL { ?doc kg:versionStatus/kg:key ?status } OPTIONAL { ?doc kg:versionDate ?vdate }
          OPTIONAL { ?doc dct:isFormatOf ?copyof }
        } GROUP BY ?g ?doc ?source ?title ?sha ?lang ?pages ?at ?by ?status ?vdate ?copyof
          ORDER BY ?source ?g"""
    )
    return [
        {"graph": r["g"], "iri": r["doc"], "source": r["source"], "title": r.get("title"),
         "sha256": r["sha"], "language": r["lang"], "pages": int(r["pages"]),
         "ingested_at": r["at"], "ingested_by": r.get("by"),
         "municipalities": int(r["municipalities"]), "facts": int(r["facts"]),
         "version_status": r.get("status", "current"), "version_date": r.get("vdate"),
         "copy_of": r.get("copyof")}
        for r in rows
    ]


def municipality_names(store: Store) -> list[str]:
    """Every municipality name known to the store (for error messages listing valid values)."""
    return [r["name"] for r in municipality_index(store)]


def current_graphs(store: Store) -> dict[str, set[str]]:
    """Municipality code → the named graphs of its current documents (graph.programmes:
    the newest version of each programme covering it; usually one)."""
    rows = store.select(prefixes("kg") + f"""SELECT ?m ?doc WHERE {{ GRAPH {iri(str(PROGRAMMES_GRAPH))} {{
        ?m kg:currentDocument ?doc }} }}""")
    found: dict[str, set[str]] = {}
    for r in rows:
        found.setdefault(r["m"].rsplit("/", 1)[-1], set()).add(str(iris.graph_of_document(r["doc"])))
    return found


@dataclass(slots=True)
class Coverage:
    """What the current programmes say per municipality and service, for the matrix."""

    # code → service key → "responsible:<group>" → organisation IRIs; the service key is
    # present when the current programme describes the service
    cells: dict[str, dict[str, dict[str, list[str]]]]
    excluded: set[tuple[str, str]]  # (code, service) the programme explicitly leaves out
    names: dict[str, dict[str, str]]  # organisation IRI → language → name
    reviewed: set[tuple[str, str]] = field(default_factory=set)  # (code, service) a review changed

    def name(self, org: str, lang: str) -> str:
        labels = self.names.get(org, {})
        return labels.get(lang) or labels.get("fi") or org

    def organisations(self, codes: Collection[str] | None = None) -> set[str]:
        """Every organisation a cell (of `codes`) names."""
        return {org for code, services in self.cells.items() if codes is None or code in codes
                for cell in services.values() for orgs in cell.values() for org in orgs}

    def replaced(self, codes: Collection[str], fresh: Coverage) -> Coverage:
        """This coverage with its part on `codes` taken from `fresh`, a coverage of just
        those (the names: of both)."""
        def kept(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
            return {p for p in pairs if p[0] not in codes}
        cells = {code: c for code, c in self.cells.items() if code not in codes} | fresh.cells
        return Coverage(cells, kept(self.excluded) | fresh.excluded, self.names | fresh.names,
                        kept(self.reviewed) | fresh.reviewed)


def coverage(store: Store, codes: Collection[str] | None = None) -> Coverage:
    """Per municipality (of `codes`, or every one) and service, the responsible
    organisations per target group as the municipality's current document states them and
    supervisors reviewed them. Flat queries joined here: one query with the joins (and the
    key and label lookups) in SPARQL read every participation through four more index
    lookups, 3× as long at national scale. With `codes`, only the graphs of their current
    documents are read (graph.matrix_data: the rows a write changed).

    The offers and participations are read inside `GRAPH ?g` (a row counts only when ?g is
    the municipality's current document's graph) and bare: their IRIs say the municipality,
    service, role and target group (graph.iris), so no join reads those again. The store
    joins them into one string per graph (offers) or per graph and organisation
    (participations: 7,500 at national scale in 730 rows), since reading a term out of the
    store costs more than the query's joins.
    """
    pfx = prefixes("kg", "cv")
    current = current_graphs(store)
    graphs = ""  # with `codes`: only their current documents' graphs are read
    if codes is not None:
        codes = set(codes)
        graphs = "VALUES ?g { " + " ".join(iri(g) for g in sorted(
            {g for code in codes for g in current.get(code, ())})) + " }"
    offers = store.select(pfx + "SELECT ?g (GROUP_CONCAT(STR(?offer); separator=' ') AS ?offers) WHERE { "
                                f"{graphs} GRAPH ?g {{ ?offer a kg:ServiceOffer }} }} GROUP BY ?g")
    # The few exclusions apart: as an OPTIONAL on every offer they doubled its time.
    leaving = {(r["g"], r["offer"]) for r in store.select(
        pfx + f"SELECT ?g ?offer WHERE {{ {graphs} GRAPH ?g {{ ?offer kg:exclusion ?ex "
              "FILTER NOT EXISTS { ?ex kg:notArrangedBy ?body } } }")}
    # Two sub-selects, so that Oxigraph joins them as two lists rather than looking up each
    # responsible participation's participant (-25 %).
    parts = store.select(pfx + f"""SELECT ?g ?org (GROUP_CONCAT(STR(?p); separator=" ") AS ?ps) WHERE {{
        {{ SELECT ?g ?p WHERE {{ {graphs} GRAPH ?g {{ ?p cv:role {iri(str(ROLE['responsible']))} }} }} }}
        {{ SELECT ?g ?p ?org WHERE {{ {graphs} GRAPH ?g {{ ?p cv:hasParticipant ?org }} }} }}
        }} GROUP BY ?g ?org""")
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    excluded: set[tuple[str, str]] = set()
    for r in offers:
        for offer in r["offers"].split(" "):  # an IRI has no space
            code, service = iris.offer_parts(offer)
            if r["g"] not in current.get(code, ()) or (codes is not None and code not in codes):
                continue
            out.setdefault(code, {}).setdefault(service, {})
            if (r["g"], offer) in leaving:
                excluded.add((code, service))
    # code → (service, target group, organisation, participation)
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    documents = {g for graphs in current.values() for g in graphs}
    for r in parts:
        g, org = r["g"], r["org"]
        if g not in documents:  # older versions, and the reviews' own facts (not a document's IRIs)
            continue
        for p in r["ps"].split(" "):
            code, service, _role, group = iris.participation_parts(p)
            if g in current.get(code, ()) and service in out.get(code, ()):
                found.setdefault(code, []).append((service, group, org, p))
    extracted = {code: [f[3] for f in facts] for code, facts in found.items()}
    # without `codes`, every municipality's reviews: sending the 300 codes cost more than
    # reading a few others
    applied = reviews.applied_for(store, codes, extracted=extracted)
    reviewed: set[tuple[str, str]] = set()
    for code, a in applied.items():
        if code not in out and code not in current:
            continue
        facts = found.get(code, [])
        reviewed |= {(code, f[0]) for f in facts if f[3] in a.removed}
        facts = [f for f in facts if f[3] not in a.removed]
        for r in a.added:
            if r.role == "responsible" and r.service:
                facts.append((r.service, str(r.target_group), str(r.organisation), str(r.generated)))
                out.setdefault(code, {}).setdefault(r.service, {})
                reviewed.add((code, r.service))
        found[code] = facts
        reviewed |= {(code, r.service) for r in a.confirmed.values() if r.service}
    for code, facts in found.items():
        for service, group, org, _p in facts:
            cell = out[code][service].setdefault(f"responsible:{group}", [])
            if org not in cell:
                cell.append(org)
    orgs = {f[2] for facts in found.values() for f in facts}
    return Coverage(out, excluded, organisation_names(store, orgs), reviewed)


def organisation_names(store: Store, only: Collection[str] | None = None) -> dict[str, dict[str, str]]:
    """Organisation IRI → language (fi, sv) → name, for every labelled agent (or those `only`)."""
    names: dict[str, dict[str, str]] = {}
    if only is not None and not only:
        return names
    values = f"VALUES ?org {{ {' '.join(iri(o) for o in sorted(only))} }}" if only is not None else ""
    for r in store.select(prefixes("skos") + f'SELECT ?org ?name (LANG(?name) AS ?lang) WHERE {{ {values} '
                          '?org skos:prefLabel ?name FILTER(LANG(?name) IN ("fi", "sv")) }'):
        names.setdefault(r["org"], {})[r["lang"]] = r["name"]
    return names


def current_facts(store: Store, codes: set[str] | None = None,
                  min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[dict[str, object]]:
    """Every fact of the municipalities' current documents (of `codes`, or all), in one
    pass: for exports and area reports, where one query per service would be thousands.
    Each row: code, service, role, target group, organisation IRI, evidence."""
    current = current_graphs(store)
    rows = store.select(prefixes("kg", "cv", "prov") + """SELECT ?g ?offer ?svc ?p ?role ?tg ?org ?quote
          ?page ?source ?confidence WHERE { GRAPH ?g {
          ?offer cv:hasParticipation ?p ; kg:serviceType ?svc .
          ?p cv:role ?role ; kg:targetGroup ?tg ; cv:hasParticipant ?org ; kg:evidence ?ev .
          ?ev kg:quote ?quote ; kg:page ?page ; prov:wasDerivedFrom ?doc .
          ?doc kg:sourceName ?source .
          OPTIONAL { ?ev kg:confidence ?confidence } } }""")
    out = []
    for r in rows:
        code = r["offer"].split("/municipality/", 1)[-1].split("/", 1)[0]
        if (codes is not None and code not in codes) or r["g"] not in current.get(code, ()):
            continue
        confidence = float(r["confidence"]) if "confidence" in r else None
        if confidence is not None and confidence < min_confidence:
            continue
        out.append({"code": code, "service": r["svc"].removeprefix(SERVICE_SCHEME_IRI),
                    "participation": r["p"], "role": r["role"].rsplit("/", 1)[-1],
                    "target_group": r["tg"].removeprefix(TARGET_GROUP_SCHEME_IRI), "organisation": r["org"],
                    "evidence": {"document": r["source"], "page": int(r["page"]), "quote": r["quote"]},
                    "confidence": confidence, "review": None})
    extracted: dict[str, set[str]] = {}
    for f in out:
        extracted.setdefault(str(f["code"]), set()).add(str(f["participation"]))
    applied = reviews.applied_for(store, codes if codes is not None else current.keys(), extracted=extracted)
    for f in out:  # rejected facts stay in the list, marked by their review
        a = applied.get(str(f["code"]))
        review = a and (a.removed.get(str(f["participation"])) or a.confirmed.get(str(f["participation"])))
        if a and review:
            f["review"] = _review_json(review, a)
    for code, a in applied.items():
        docs = _labels(store, {str(r.document) for r in a.added if r.document})
        out += [{"code": code, "service": r.service, "participation": r.generated or r.target, "role": r.role,
                 "target_group": r.target_group, "organisation": r.organisation,
                 "evidence": {"document": docs.get(str(r.document), {}).get("source"), "page": r.page,
                              "quote": r.quote},
                 "confidence": None, "review": _review_json(r, a)} for r in a.added]
    order = {k.value: n for n, k in enumerate(ServiceKey)}
    out.sort(key=lambda f: (f["code"], order.get(str(f["service"]), 99), _ROLE_ORDER.get(str(f["role"]), 9),
                            str(f["target_group"]), str(f["organisation"])))
    return out


def document_versions(store: Store, m: MunicipalityRef) -> list[dict[str, object]]:
    """Every document covering the municipality, newest version first: status (current,
    superseded, format copy), version date and its basis, approvals."""
    rows = store.select(prefixes("kg", "dct") + f"""SELECT ?doc ?source ?title ?sha ?format ?lang ?status
          ?vdate ?basis ?first ?docdate ?copyof ?current WHERE {{
          ?doc kg:covers {iri(m.iri)} ; kg:sourceName ?source ; kg:sha256 ?sha .
          OPTIONAL {{ ?doc dct:title ?title }} OPTIONAL {{ ?doc dct:format ?format }}
          OPTIONAL {{ ?doc dct:language ?lang }} OPTIONAL {{ ?doc kg:documentDate ?docdate }}
          OPTIONAL {{ ?doc kg:versionStatus/kg:key ?status }}
          OPTIONAL {{ ?doc kg:versionDate ?vdate }} OPTIONAL {{ ?doc kg:versionDateBasis ?basis }}
          OPTIONAL {{ ?doc kg:firstIngestedAt ?first }} OPTIONAL {{ ?doc dct:isFormatOf ?copyof }}
          OPTIONAL {{ {iri(m.iri)} kg:currentDocument ?doc BIND(true AS ?current) }}
        }}""")
    approvals = store.select(prefixes("kg", "dct") + f"""SELECT ?doc ?body ?date ?quote ?page WHERE {{
          ?doc kg:covers {iri(m.iri)} ; kg:approval ?a . ?a kg:approvedBy ?body .
          OPTIONAL {{ ?a dct:date ?date }}
          OPTIONAL {{ ?a kg:evidence ?ev . ?ev kg:quote ?quote ; kg:page ?page }}
        }} ORDER BY ?date""")
    found: dict[str, dict[str, object]] = {}
    for r in rows:
        found.setdefault(r["doc"], {
            "iri": r["doc"], "source": r["source"], "title": r.get("title"), "sha256": r["sha"],
            "format": r.get("format"), "language": r.get("lang"),
            "status": r.get("status", "current"), "current": "current" in r,
            "version_date": r.get("vdate"), "version_date_basis": r.get("basis"),
            "document_date": r.get("docdate"), "first_ingested_at": r.get("first"),
            "copy_of": r.get("copyof"), "approvals": [],
        })
    for a in approvals:
        doc = found.get(a["doc"])
        entry = {"body": a["body"], "date": a.get("date"), "quote": a.get("quote"),
                 "page": int(a["page"]) if a.get("page") else None}
        if doc is not None and entry not in doc["approvals"]:
            doc["approvals"].append(entry)  # type: ignore[union-attr]
    ordered = sorted(found.values(), reverse=True,
                     key=lambda d: (str(d["version_date"] or ""), str(d["first_ingested_at"] or "")))
    ordered.sort(key=lambda d: (not d["current"], d["status"] == "format-copy"))  # stable
    return ordered


def municipality_detail(store: Store, m: MunicipalityRef, lang: str | None = None) -> dict[str, object]:
    """What the municipality's current programme says, per service, with its documents."""
    # One query per service: each names its offer's IRI, which keeps the engine on one
    # offer (0.4 ms each); a single query over kg:municipality took 500 ms at national scale.
    services = {key: {**service_info(key), **service_status(store, m, key),
                      "results": responsibilities(store, m, key, lang=lang, rejected=True)}
                for key in ServiceKey}
    contacts = store.select(
        prefixes("kg", "cv", "dct", "foaf")
        + f"""SELECT DISTINCT ?cp ?title ?name ?email ?phone WHERE {{
          {iri(m.iri)} kg:currentDocument ?doc . ?doc cv:contactPoint ?cp .
          ?cp a cv:ContactPoint ; kg:municipality {iri(m.iri)} .
          OPTIONAL {{ ?cp dct:title ?title }} OPTIONAL {{ ?cp foaf:name ?name }}
          OPTIONAL {{ ?cp cv:email ?email }} OPTIONAL {{ ?cp cv:telephone ?phone }} }}"""
    )
    return {
        "municipality": m.as_dict(),
        "documents": document_versions(store, m),
        "contact_points": [{k: c.get(k) for k in ("title", "name", "email", "phone")}
                           for c in contacts],
        "services": list(services.values()),
    }


def organisation_detail(store: Store, org_iri: str) -> dict[str, object] | None:
    """What an organisation is responsible for, provides or partners in, and where."""
    rows = store.select(
        prefixes("kg", "cv", "skos", "dct", "prov")
        + f"""SELECT DISTINCT ?name ?name_sv ?kind ?code ?mname ?service ?role ?tg WHERE {{
          {iri(org_iri)} skos:prefLabel ?name FILTER(LANG(?name) = "fi")
          OPTIONAL {{ {iri(org_iri)} skos:prefLabel ?name_sv FILTER(LANG(?name_sv) = "sv") }}
          OPTIONAL {{ {iri(org_iri)} kg:organisationKind/kg:key ?kind }}
          OPTIONAL {{
            ?p cv:hasParticipant {iri(org_iri)} ; cv:role/kg:key ?role ; kg:targetGroup/kg:key ?tg ;
               kg:municipality ?m ; prov:wasDerivedFrom ?doc .
            ?m kg:currentDocument ?doc .
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
    return {"iri": org_iri, "name": rows[0]["name"], "name_sv": rows[0].get("name_sv"),
            "kind": rows[0].get("kind"),
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
          FILTER EXISTS {{ ?current kg:currentDocument ?doc }}
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
    "Coverage",
    "MunicipalityRef",
    "UnknownValue",
    "coverage",
    "covered_municipalities",
    "current_facts",
    "current_graphs",
    "document_versions",
    "documents",
    "find_municipality",
    "municipalities",
    "municipality_counts",
    "municipality_detail",
    "municipality_index",
    "municipality_names",
    "organisation_detail",
    "organisation_names",
    "resolve_municipality",
    "resolve_service",
    "responsibilities",
    "search_evidence",
    "service_info",
    "service_status",
    "who",
]
