"""kotograph's `/sparql` against `oxigraph serve` on the same quads, the same allocator and
the same CPU, both timed by the same client.

Baseline: `oxigraph serve --union-default-graph` over the N-Quads dump of kotograph's store
(`bench.national`), i.e. the same engine without kotograph's Python layer and without its
isolation of query evaluation (a forked child without network, killed at the timeout).
Both servers run on the allocator `make serve` gives kotograph (mimalloc when installed,
read back from each process's memory map) on CPU 1; the load generator runs on CPU 0.

kotograph is sent `Cache-Control: no-cache`, so every request is evaluated, as Oxigraph
evaluates every request. Its answers kept per store state (a repeated request is answered
from memory) are measured too, as information: no target is met by not evaluating.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from bench.common import percentile, ratio
from bench.load import LoadResult, Request, fetch, get, no_cache, run_block, sparql_get
from graph.sparql_text import prefixes

# (name, what it asks, its kind) — targets: the smallest ≤ 1.5× p50, analytic ≤ 1.1× p50,
# throughput ≥ 0.7× for both; `info` rows show the fixed cost per request.
SMALL, ANALYTIC, INFO = "smallest", "analytic", "information"
TARGETS = {SMALL: 1.5, ANALYTIC: 1.1}
THROUGHPUT_TARGET = 0.7
WHO = ("593", "Pieksämäki", "assessment")
_P = prefixes("kg", "cv", "skos", "dct")
_RESPONSIBLE = "<https://w3id.org/kotograph/ns/role/responsible>"
ANALYTIC_QUERIES = {
    "coverage": ("statutory services with a responsible body, per municipality", _P + f"""\
SELECT ?code ?name (COUNT(DISTINCT ?svc) AS ?services) (COUNT(DISTINCT ?p) AS ?responsibilities)
WHERE {{
  ?offer a kg:ServiceOffer ; kg:municipality ?m ; kg:serviceType ?svc ; cv:hasParticipation ?p .
  ?p cv:role {_RESPONSIBLE} .
  ?m dct:identifier ?code ; skos:prefLabel ?name . FILTER(LANG(?name) = "fi")
}} GROUP BY ?code ?name ORDER BY ?code"""),
    "missing": ("municipalities with no responsible body for a service 13 § requires", _P + f"""\
SELECT DISTINCT ?code ?name ?service WHERE {{
  ?doc a kg:ProgrammeDocument ; kg:covers ?m .
  ?m dct:identifier ?code ; skos:prefLabel ?name . FILTER(LANG(?name) = "fi")
  ?svc skos:inScheme kg:StatutoryServices ; kg:requiredBy13 true ; kg:key ?service .
  MINUS {{ ?offer kg:municipality ?m ; kg:serviceType ?svc ;
                 cv:hasParticipation/cv:role {_RESPONSIBLE} . }}
}} ORDER BY ?code ?service"""),
    "multi-municipality": ("organisations responsible in more than one municipality", _P + f"""\
SELECT ?org ?name (COUNT(DISTINCT ?m) AS ?municipalities) WHERE {{
  ?p a cv:Participation ; cv:role {_RESPONSIBLE} ; cv:hasParticipant ?org ; kg:municipality ?m .
  OPTIONAL {{ ?org skos:prefLabel ?name . FILTER(LANG(?name) = "fi") }}
}} GROUP BY ?org ?name HAVING (COUNT(DISTINCT ?m) > 1) ORDER BY DESC(?municipalities) ?org"""),
}


class _Recorder:
    """A store that records the SELECTs sent to it and answers them from `inner`."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.sent = inner, []

    def select(self, query: str) -> list[dict[str, str]]:
        self.sent.append(query)
        return self.inner.select(query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def captured(store: Any) -> dict[str, list[str]]:
    """The SPARQL kotograph sends for the who-question: the REST route's queries, and the
    one that finds the answer (graph.queries.responsibilities)."""
    from extraction.model import ServiceKey
    from graph import queries

    rest = _Recorder(store)
    queries.who(rest, WHO[1], WHO[2])
    who = _Recorder(store)
    queries.responsibilities(who, queries.resolve_municipality(store, WHO[0]), ServiceKey(WHO[2]))
    return {"rest": rest.sent, "who": who.sent}


def _answer_query(sent: list[str]) -> str:
    """The query that finds the who-answer (the route also reads the municipality's reviews)."""
    return next(q for q in sent if "cv:hasParticipation" in q)


def questions(sent: dict[str, list[str]]) -> dict[str, tuple[str, str, str]]:
    label = (_P + "SELECT ?label WHERE { <https://w3id.org/kotograph/id/municipality/593> "
             "skos:prefLabel ?label }")
    return {
        "who": (SMALL, f"who is responsible ({WHO[1]}, {WHO[2]}): the query of the REST API "
                       "and `kotograph who`", _answer_query(sent["who"])),
        **{name: (ANALYTIC, what, text) for name, (what, text) in ANALYTIC_QUERIES.items()},
        "label": (INFO, "a municipality's labels: one index lookup", label),
        "ask": (INFO, "`ASK {}`: nothing to read, each server's fixed cost per request", "ASK {}"),
    }


def rows_of(body: bytes) -> list[str]:
    """A JSON result's bindings as sorted canonical strings (to compare two servers)."""
    data = json.loads(body)
    if "boolean" in data:
        return [str(data["boolean"])]
    return sorted(json.dumps({k: v.get("value") for k, v in sorted(b.items())}, ensure_ascii=False)
                  for b in data["results"]["bindings"])


def _summary(result: LoadResult) -> dict[str, Any]:
    lat = sorted(result.latencies_ms)
    return {"ops": result.ops, "errors": result.errors, "first_error": result.first_error,
            "p50_ms": percentile(lat, 50), "p99_ms": percentile(lat, 99),
            "throughput": result.throughput}


def compare(sides: dict[str, tuple[Any, Sequence[Request]]], clients: int, duration_s: float,
            blocks: int) -> dict[str, Any]:
    """The sides under the same load, `blocks` times (see `bench.load.run_block`); each side's
    figures over all its requests, and the ratios to the last side (the baseline) per block."""
    runs = [run_block(sides, clients, duration_s) for _ in range(blocks)]
    names = list(sides)
    out: dict[str, Any] = {"clients": clients}
    for name in names:
        merged = LoadResult(clients, sum(r[name].ops for r in runs), sum(r[name].errors for r in runs),
                            sum(r[name].elapsed_s for r in runs),
                            [x for r in runs for x in r[name].latencies_ms],
                            next((r[name].first_error for r in runs if r[name].first_error), None))
        out[name] = _summary(merged)
    base = names[-1]
    for name in names[:-1]:
        out[name]["p50_ratio"] = ratio(out[name]["p50_ms"], out[base]["p50_ms"])
        out[name]["p99_ratio"] = ratio(out[name]["p99_ms"], out[base]["p99_ms"])
        out[name]["throughput_ratio"] = ratio(out[name]["throughput"], out[base]["throughput"])
        per_block = [ratio(percentile(sorted(r[name].latencies_ms), 50),
                           percentile(sorted(r[base].latencies_ms), 50)) for r in runs]
        out[name]["p50_ratio_range"] = [min(per_block), max(per_block)]
    return out


def measure(kotograph: Any, oxigraph: Any, sent: dict[str, list[str]], *, clients: Sequence[int],
            duration_s: float, blocks: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Every question at every client count; the REST route (information) at the end."""
    results: dict[str, Any] = {}
    for name, (kind, what, text) in questions(sent).items():
        answers = {side: fetch(srv.host, srv.port, sparql_get(path, text))
                   for side, srv, path in (("kotograph", kotograph, "/sparql"),
                                           ("oxigraph", oxigraph, "/query"))}
        same = all(a.status == 200 for a in answers.values()) and \
            rows_of(answers["kotograph"].body) == rows_of(answers["oxigraph"].body)
        entry: dict[str, Any] = {"kind": kind, "what": what, "sparql": text, "same_answer": same,
                                 "rows": len(rows_of(answers["oxigraph"].body)), "configs": []}
        for c in clients:
            sides = {"evaluated": (kotograph, no_cache([sparql_get("/sparql", text)])),
                     "kept": (kotograph, [sparql_get("/sparql", text)]),
                     "oxigraph": (oxigraph, [sparql_get("/query", text)])}
            if kind != SMALL:
                del sides["kept"]
            r = compare(sides, c, duration_s, blocks)
            entry["configs"].append(r)
            log(f"sparql {name:<18} c={c:<2} kotograph {r['evaluated']['p50_ms']:8.2f} ms "
                f"{r['evaluated']['throughput']:8.1f}/s | oxigraph {r['oxigraph']['p50_ms']:8.2f} ms "
                f"{r['oxigraph']['throughput']:8.1f}/s | p50 {r['evaluated']['p50_ratio']:.2f}x "
                f"throughput {r['evaluated']['throughput_ratio']:.2f}x")
        results[name] = entry
    rest = get("/api/v1/responsibilities", {"municipality": WHO[1], "service": WHO[2]})
    results["rest"] = {"kind": INFO, "what": "`GET /api/v1/responsibilities` against the "
                       f"{len(sent['rest'])} queries the route sends, one after the other",
                       "configs": [compare({
                           "evaluated": (kotograph, no_cache([rest])), "kept": (kotograph, [rest]),
                           "oxigraph": (oxigraph, [sparql_get("/query", q) for q in sent["rest"]])},
                           c, duration_s, blocks) for c in (1, 32)]}
    return results


def verdicts(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per (query, clients) with a target: met or missed, both sides evaluated."""
    lines = []
    for name, entry in results.items():
        target = TARGETS.get(entry["kind"])
        if target is None:
            continue
        for config in entry["configs"]:
            k = config["evaluated"]
            met = (entry["same_answer"] and k["p50_ratio"] <= target
                   and k["throughput_ratio"] >= THROUGHPUT_TARGET and not k["errors"])
            lines.append({"query": name, "kind": entry["kind"], "clients": config["clients"],
                          "p50_ratio": k["p50_ratio"], "throughput_ratio": k["throughput_ratio"],
                          "target": target, "met": met})
    return lines
