"""BENCHMARKS.md from the results dict of `bench.run` (ratios first, raw numbers beside them)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

INFORMATIONAL = ("who-reordered", "ask-floor")


def _num(x: Any, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = float(x)
    if abs(x) >= 1000:
        return f"{x:,.0f}".replace(",", " ")
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def _ratio(x: Any) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{float(x):.2f}×"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**MISSED**")


def _clients(n: int) -> str:
    return f"{n} client" + ("" if n == 1 else "s")


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _ms(x: Any) -> str:
    return "–" if _nan(x) else _num(x) + " ms"


def _worst(x: Any, high_is_bad: bool = True) -> float:
    """A ratio for ranking; a NaN ratio (every request failed) ranks worst."""
    if _nan(x):
        return math.inf if high_is_bad else -math.inf
    return float(x)


def _error_text(side: dict) -> str:
    err = side.get("first_error") or ""
    if isinstance(err, str) and err[:3].isdigit() and '"title":"' in err:
        title = err.split('"title":"', 1)[1].split('"', 1)[0]
        detail = err.split('"detail":"', 1)[1].split('"', 1)[0] if '"detail":"' in err else ""
        err = f"HTTP {err[:3]} {title}: {detail}".rstrip(": ")
    return err[:200].rstrip(".")


def _failed(side: dict) -> str:
    """Table cell suffix when requests failed: how many, and of how many."""
    if not side.get("errors"):
        return ""
    total = side["errors"] + side["ops"]
    return f" ({side['errors']} of {total} failed)"


def _from_run(section: dict, meta: dict) -> str:
    when = section.get("run_date")
    if when and when != meta.get("date"):
        return f"\n*This section comes from an earlier run ({when}); it was not re-run this time.*\n"
    return ""


# --------------------------------------------------------------------------------------


def _summary(results: dict) -> list[str]:
    rows = ["| what | baseline (same run) | target | result | verdict |", "|---|---|---|---|---|"]
    ing = results.get("ingest")
    if ing:
        rows.append(
            f"| extraction pipeline cost per page | pdfminer `extract_text` on the same PDFs | "
            f"≤ {ing['target_cost_ratio']:.0f}× | {_ratio(ing['cost_ratio'])} "
            f"({_num(ing['pipeline']['pages_per_s'])} vs {_num(ing['floor']['pages_per_s'])} pages/s) | "
            f"{_verdict(ing['meets_target'])} |")
    q = results.get("query")
    if q:
        rows += _query_summary(q, "", "")
        rows += _query_summary(q, "fresh_", ", `no-cache` (evaluated every time)")
    r = results.get("rest")
    if r and r.get("who"):
        c32 = next((c for c in r["who"]["configs"] if c["clients"] == 32), None)
        for prefix, side, label in (("", "kotograph", ""), ("fresh_", "kotograph_fresh", ", `no-cache`")):
            if c32 and side in c32:
                rows.append(
                    f"| REST who-query p99, 32 clients{label} | its {r['who']['sparql_per_request']} "
                    f"SPARQL queries on `oxigraph serve`: p99 {_ms(c32['oxigraph']['p99_ms'])} | "
                    f"< {r['target_p99_ms']:.0f} ms | {_ms(c32[side]['p99_ms'])} "
                    f"({_ratio(c32[prefix + 'p99_ratio'])} the baseline) | "
                    f"{_verdict(c32[prefix + 'meets_p99_target'])} |")
    if r and r.get("home"):
        h = r["home"]
        steady = h.get("steady")
        if steady and "server_p50_ms" in steady.get("kotograph", {}):
            k, f = steady["kotograph"], steady["kotograph_fresh"]
            rows.append(
                f"| matrix page `/`, server time, all municipalities | its {h['sparql_per_request']} "
                f"SPARQL queries on `oxigraph serve`: {_ms(steady['oxigraph']['p50_ms'])} | < 300 ms | "
                f"{_ms(k['server_p50_ms'])} as served between ingests; {_ms(f['server_p50_ms'])} "
                f"computed (`no-cache`, {_ratio(f['server_p50_ratio'])} the baseline) | "
                f"{_verdict(k['server_p50_ms'] < 300)} / {_verdict(f['server_p50_ms'] < 300)} |")
        else:
            rows.append(f"| home page `/` | – | none | first request: {h.get('first_request_status')} "
                        f"after {_num(h.get('first_request_s'))} s | **FAILED** |")
    return rows + _growth_summary(results.get("growth"))


def _query_summary(q: dict, prefix: str, label: str) -> list[str]:
    """The `/sparql` rows of the summary, for one kotograph side (`prefix` of its ratios)."""
    configs = [(name, c) for name, e in q["queries"].items() if name not in INFORMATIONAL
               for c in e["configs"] if f"{prefix}p50_ratio" in c]
    if not configs:
        return []
    lat_ok = sum(1 for _, c in configs if c[f"{prefix}meets_latency_target"])
    thr_ok = sum(1 for _, c in configs if c[f"{prefix}meets_throughput_target"])
    worst_lat = max(configs, key=lambda nc: max(_worst(nc[1][f"{prefix}p50_ratio"]),
                                                _worst(nc[1][f"{prefix}p99_ratio"])))
    worst_thr = min(configs, key=lambda nc: _worst(nc[1][f"{prefix}throughput_ratio"], high_is_bad=False))
    wl = max(_worst(worst_lat[1][f"{prefix}p50_ratio"]), _worst(worst_lat[1][f"{prefix}p99_ratio"]))
    wl_text = "every request failed" if math.isinf(wl) else _ratio(wl)
    return [
        f"| `/sparql` latency (p50 and p99){label} | `oxigraph serve` `/query`, same data and CPUs | "
        f"≤ {q['target_latency_ratio']}× | met in {lat_ok} of {len(configs)} configurations; worst: "
        f"{wl_text} ({worst_lat[0]}, {_clients(worst_lat[1]['clients'])}) | "
        f"{_verdict(lat_ok == len(configs))} |",
        f"| `/sparql` throughput{label} | `oxigraph serve` `/query` | ≥ {q['target_throughput_ratio']}× | "
        f"met in {thr_ok} of {len(configs)} configurations; worst: "
        f"{_ratio(worst_thr[1][f'{prefix}throughput_ratio'])} ({worst_thr[0]}, "
        f"{_clients(worst_thr[1]['clients'])}) | {_verdict(thr_ok == len(configs))} |"]


def _ingest(ing: dict, meta: dict) -> list[str]:
    f, p = ing["floor"], ing["pipeline"]
    out = ["## 1. Ingest: extraction pipeline vs pdfminer", _from_run(ing, meta),
           f"{ing['files']} PDFs ({ing['pages']} pages): the real corpus PDFs and the example "
           "PDFs. Baseline: `pdfminer.high_level.extract_text` (default layout analysis, the same "
           "pdfminer work the pipeline's reader does) — the floor no extractor can go below. "
           f"Pipeline: `extraction.pipeline.extract_file`, in a fresh process, alternating with "
           f"the floor file by file (so other load on the machine hits both); medians of "
           f"{ing['repeats']} passes over all files, after one unmeasured pass. Peak RSS: each "
           "side alone in its own fresh process.", "",
           "| | pdfminer floor | extraction pipeline | ratio |", "|---|---|---|---|",
           f"| pages/s | {_num(f['pages_per_s'])} | {_num(p['pages_per_s'])} | "
           f"**{_ratio(ing['cost_ratio'])} cost** (target ≤ {ing['target_cost_ratio']:.0f}×: "
           f"{_verdict(ing['meets_target'])}) |",
           f"| seconds per pass (median) | {_num(f['median_pass_s'])} | {_num(p['median_pass_s'])} | |",
           f"| all passes, s | {', '.join(_num(x) for x in f['pass_seconds'])} | "
           f"{', '.join(_num(x) for x in p['pass_seconds'])} | |",
           *([f"| floor alone in its own process, s | "
              f"{', '.join(_num(x) for x in f['own_process_pass_seconds'])} | | |"]
             if f.get("own_process_pass_seconds") else []),
           f"| peak RSS (ru_maxrss) | {_num(f['peak_rss_mib'])} MiB | {_num(p['peak_rss_mib'])} MiB | "
           f"{_ratio(ing['rss_ratio'])} |", "",
           "Once per process, not in the pages/s above: importing the pipeline "
           f"{_num(p['import_seconds'])} s, loading the spaCy model {_num(p['model_load_seconds'])} s; "
           f"the first pass (lazy gazetteer, Voikko) took {_num(p['first_pass_seconds'])} s.", "",
           "| file | pages | floor s | pipeline s | ratio | facts |", "|---|---|---|---|---|---|"]
    for r in ing["per_file"]:
        facts = r["facts"] if r["facts"] is not None else f"error: {r.get('error')}"
        out.append(f"| {r['file']} ({r['source']}) | {r['pages']} | {_num(r['floor_s'])} | "
                   f"{_num(r['pipeline_s'])} | {_ratio(r['ratio'])} | {facts} |")
    b = p.get("breakdown") or {}
    if b.get("error"):
        out += ["", f"Stage breakdown not available: {b['error']}"]
    if b.get("stages"):
        total = b["pass_seconds"]
        nested = b.get("nested") or {}
        out += ["", "Where a pass goes (one instrumented pass, timers around the pipeline's own "
                "steps; no profiler):", "", "| stage | s | share |", "|---|---|---|"]
        for name, sec in b["stages"].items():
            if name in nested:
                continue
            out.append(f"| {name} | {_num(sec)} | {100 * sec / total:.0f} % |")
            for child, parent in nested.items():
                if parent == name:
                    sub = b["stages"][child]
                    out.append(f"| ↳ of which {child} | {_num(sub)} | {100 * sub / total:.0f} % |")
        comps = b.get("spacy_components") or {}
        if comps:
            parsed = (f"{b['spacy_texts']} of {b['blocks']} blocks were parsed"
                      if b.get("blocks") else f"{b['spacy_texts']} texts")
            out += ["", f"spaCy components on the same texts ({parsed}, {b['spacy_chars']} "
                    "characters), run one after the other: "
                    + ", ".join(f"{k} {_num(v)} s" for k, v in comps.items()) + "."]
    return out


def _query(q: dict, meta: dict) -> list[str]:
    d = q.get("dataset", {})
    ex = d.get("examples") or {}
    syn = d.get("synthetic") or {}
    ex_text = (f"the examples ({ex.get('documents')} documents through `kotograph ingest`, "
               f"{ex.get('facts')} facts)" if ex.get("documents") else
               f"no examples ({ex.get('error', 'not requested')})")
    out = ["## 2. SPARQL: kotograph `/sparql` vs Oxigraph server", _from_run(q, meta),
           f"Dataset: {ex_text} plus a synthetic national scale-up: {syn.get('documents')} "
           f"programmes, one per municipality of `ontology/reference/municipalities.csv` "
           f"({syn.get('facts')} facts), built as `DocumentExtraction`s and written with "
           f"`graph.ingest.write_document` ({_num(syn.get('write_ms_per_document'))} ms per document). "
           f"**{d.get('quads')} quads in {d.get('graphs')} named graphs.** Baseline: the N-Quads "
           "dump of that store loaded with `oxigraph load` into a fresh store and served by "
           "`oxigraph serve --union-default-graph`; both servers answered "
           f"`COUNT(*)` identically: {_quad_check(q.get('checks', {}))}.", "",
           *_layout(d.get("layout"), q.get("checks", {})),
           _method(q), "",
           "Load generator ceiling (`ASK {}` on `oxigraph serve`): "
           + ", ".join(f"{c} client{'s' if c != '1' else ''} {_num(v['throughput'])}/s"
                       for c, v in q.get("client_ceiling", {}).items())
           + ". Rates well below these are the servers', not the client's.", ""]
    for name, e in q["queries"].items():
        chk = e["check"]
        same = ("same rows from both" if chk.get("identical") else
                f"**answers differ**: {chk}")
        out += [f"### `{name}` — {e['description']}", "",
                f"{chk.get('kotograph_rows', '?')} row{'s' if chk.get('kotograph_rows') != 1 else ''}, "
                f"{same}.", "",
                "| clients | kotograph | p50 | p99 | req/s | oxigraph p50 | p99 | req/s | p50 ratio | "
                "p99 ratio | throughput ratio | targets (≤ 1.3× / ≥ 0.7×) |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        errors = []
        for c in e["configs"]:
            o = c["oxigraph"]
            for side_name, prefix, label in (("kotograph", "", "as served"),
                                             ("kotograph_fresh", "fresh_", "`no-cache`")):
                k = c.get(side_name)
                if k is None:
                    continue
                verdict = ("informational" if name in INFORMATIONAL else
                           f"{_verdict(c[prefix + 'meets_latency_target'])} / "
                           f"{_verdict(c[prefix + 'meets_throughput_target'])}")
                out.append(
                    f"| {c['clients']} | {label} | {_ms(k['p50_ms'])} | {_ms(k['p99_ms'])} | "
                    f"{_num(k['throughput'])}{_failed(k)} | {_ms(o['p50_ms'])} | {_ms(o['p99_ms'])} | "
                    f"{_num(o['throughput'])}{_failed(o)} | {_spread(c, prefix + 'p50_ratio')} | "
                    f"{_spread(c, prefix + 'p99_ratio')} | {_spread(c, prefix + 'throughput_ratio')} | "
                    f"{verdict} |")
            for side_name in ("kotograph", "kotograph_fresh", "oxigraph"):
                side = c.get(side_name) or {}
                if side.get("errors"):
                    errors.append(f"{side_name}, {c['clients']} clients: {side['errors']} of "
                                  f"{side['errors'] + side['ops']} requests failed — {_error_text(side)}")
        n = [c["kotograph"]["ops"] for c in e["configs"]]
        out += ["", f"Successful requests measured (kotograph side, all runs): {', '.join(map(str, n))}."]
        out += _server_cpu(e["configs"])
        out += [f"Failed: {x}." for x in errors]
        out += [""]
        out += ["<details><summary>SPARQL</summary>", "", "```sparql", e["sparql"].strip(), "```",
                "", "</details>", ""]
    return out + _allocators(q.get("allocators"), q.get("checks", {}))


_ALLOCATOR_SIDES = (("kotograph_mimalloc", "kotograph `/sparql`, `no-cache`, default settings (mimalloc)"),
                    ("kotograph_system", "kotograph `/sparql`, `no-cache`, `KOTOGRAPH_ALLOCATOR=system`"),
                    ("oxigraph", "`oxigraph serve` as shipped (the baseline above)"),
                    ("oxigraph_mimalloc", "`oxigraph serve`, mimalloc preloaded"))


def _allocators(a: dict | None, checks: dict) -> list[str]:
    """The allocator control (bench.allocators): the four server/allocator combinations."""
    if not a:
        return []
    out = ["### Allocators: how much of the `no-cache` ratio is the memory allocator", "",
           f"kotograph's server ran on {checks.get('kotograph_allocator', '?')} "
           "(`api.allocator`: `serve` re-executes once with Debian's libmimalloc2.0 "
           "preloaded); `oxigraph serve` as its package ships runs on glibc's malloc. The "
           f"who-query at {a['clients']} clients, evaluated every time, on all four combinations "
           "(the two extra servers on copies of the same stores, the four sides taking turns as "
           "above; allocator read from each process's memory map):", "",
           "| server | allocator | p50 | p99 | req/s | server CPU per request | ratio to the "
           "baseline (CPU / p50) | peak RSS |", "|---|---|---|---|---|---|---|---|"]
    for key, label in _ALLOCATOR_SIDES:
        side = a[key]
        out.append(f"| {label} | {side['allocator']} | {_ms(side['p50_ms'])} | {_ms(side['p99_ms'])} | "
                   f"{_num(side['throughput'])} | {_ms(side['server_cpu_ms_per_op'])} | "
                   f"{_ratio(side['cpu_ratio'])} / {_ratio(side['p50_ratio'])} | "
                   f"{_num(side['peak_rss_mib'])} MiB |")
    return [*out, "", f"On the same allocator, {_same_allocator(a)}.", ""]


def _same_allocator(a: dict) -> str:
    """kotograph's CPU per request against Oxigraph's server when both run on one allocator."""
    same = a["same_allocator_cpu_ratio"]
    return (f"kotograph's server costs {_ratio(same['glibc'])} (both on glibc) and "
            f"{_ratio(same['mimalloc'])} (both on mimalloc) of Oxigraph's server CPU per "
            f"evaluated who-query ({a['clients']} clients): the Python layer's share, which the "
            "allocator does not remove")


def _server_cpu(configs: list[dict]) -> list[str]:
    """Each server's CPU time per request, where it was measured (the turns of more than
    one client): with the server's CPU the limit, the latency and throughput ratios follow
    from it (Little's law)."""
    parts = []
    for c in configs:
        k, f, o = (c.get(side, {}).get("server_cpu_ms_per_op")
                   for side in ("kotograph", "kotograph_fresh", "oxigraph"))
        if None in (k, f, o):
            continue
        parts.append(f"{c['clients']} clients: kotograph {_ms(k)} as served, {_ms(f)} `no-cache` "
                     f"({_num(c['fresh_cpu_ratio'])}×), oxigraph {_ms(o)}")
    if not parts:
        return []
    return ["Server CPU time per request (user + system of the server process during its "
            "turns): " + "; ".join(parts) + "."]


def _layout(layout: dict | None, checks: dict) -> list[str]:
    if not layout or "as_served_ms" not in layout:
        return []
    names = list(layout["as_served_ms"])
    base = layout["bulk_loaded_ms"]
    rows = [("kotograph's store as served in this run", layout["as_served_ms"]),
            (f"a copy of it after `Store.optimize()` ({_num(layout['optimize_seconds'])} s)",
             layout["optimized_ms"]),
            ("the baseline's store (`oxigraph load`)", base)]
    digests = checks.get("base_graph_digests", {})
    rewritten = "" if digests.get("identical", True) else (
        " The servers' ontology/reference graphs carry different content digests although "
        "their quads are the same: kotograph rewrote them when it started (see Findings).")
    out = ["Store layout: the same quads, queried in-process by pyoxigraph after the servers "
           "stopped (no HTTP; median ms, ratio to the bulk-loaded store). A difference here is "
           "the store's, and it is inside the `/sparql` ratios below (kotograph's store is served "
           "as `kotograph ingest` leaves it: compacted once after the batch, "
           "`api.ingest.finish_batch`)." + rewritten, "",
           "| store | " + " | ".join(f"`{n}`" for n in names) + " |",
           "|---|" + "---|" * len(names)]
    for label, values in rows:
        out.append(f"| {label} | " + " | ".join(
            f"{_num(values[n])} ({_ratio(values[n] / base[n])})" for n in names) + " |")
    return [*out, ""]


def _quad_check(checks: dict) -> str:
    c = checks.get("quad_count", {})
    if c.get("identical"):
        return f"yes ({c.get('kotograph_rows')} row, same count)"
    return f"**NO** ({c})"


def _method(section: dict) -> str:
    return (f"Method: closed-loop clients on keep-alive connections (asyncio, raw HTTP/1.1); a "
            f"1-client warm-up on each server first. The sides (kotograph as served, kotograph "
            f"`no-cache`, the baseline) take turns so that they meet the same machine: with one "
            f"client request by request, with more clients in slices of {section.get('slice_s')} s "
            f"(or one round of requests, if longer), rotating which side goes first; "
            f"{section.get('repeats')} blocks of about {section.get('duration_s')} s per side "
            f"(at most {section.get('max_ops')} requests per block or slice). p50 and p99 are "
            "over all of a side's requests, throughput is its requests over the time it ran; "
            "a ratio's range in brackets is the lowest and highest of the blocks' own ratios. "
            + (f"Servers pinned to CPU {section.get('server_cpus')}, the load generator to CPU "
               f"{section.get('client_cpus')} (equal budgets; the client never steals the "
               "servers' cycles)." if section.get("server_cpus") else "No CPU pinning."))


def _spread(config: dict, key: str) -> str:
    """A ratio with the range of its blocks' own ratios, where there were several."""
    blocks = [b for b in config.get(key + "_blocks", []) if b == b]
    if len(blocks) < 2:
        return _ratio(config[key])
    return f"{_ratio(config[key])} ({min(blocks):.2f}–{max(blocks):.2f})"


def _rest(r: dict, meta: dict) -> list[str]:
    out = ["## 3. REST API and home page", _from_run(r, meta), _method(r), ""]
    w = r.get("who")
    if w:
        out += [f"`GET {w['request']}` ({w['response_bytes']} bytes). Baseline: the "
                f"{w['sparql_per_request']} SPARQL queries this route sends to its store "
                f"(captured by {', '.join(r.get('captured_by') or ['?'])}), sent one after the "
                "other to `oxigraph serve`.", "",
                "| clients | kotograph | p50 | p99 | req/s | raw SPARQL p50 | p99 | "
                "req/s | p50 ratio | p99 ratio | throughput ratio | p99 < 20 ms |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for c in w["configs"]:
            o = c["oxigraph"]
            for side_name, prefix, label in (("kotograph", "", "as served"),
                                             ("kotograph_fresh", "fresh_", "`no-cache`")):
                k = c.get(side_name)
                if k is None:
                    continue
                out.append(
                    f"| {c['clients']} | {label} | {_ms(k['p50_ms'])} | {_ms(k['p99_ms'])} | "
                    f"{_num(k['throughput'])}{_failed(k)} | "
                    f"{_ms(o['p50_ms'])} | {_ms(o['p99_ms'])} | {_num(o['throughput'])} | "
                    f"{_spread(c, prefix + 'p50_ratio')} | {_spread(c, prefix + 'p99_ratio')} | "
                    f"{_spread(c, prefix + 'throughput_ratio')} | "
                    f"{_verdict(c[prefix + 'meets_p99_target']) if c['clients'] == 32 else '–'} |")
        out += ["", "Server time (logged `duration_ms`, both kotograph rows together) p50 / p99: "
                + "; ".join(f"{_clients(c['clients'])} {_ms(c['kotograph_server_p50_ms'])} / "
                            f"{_ms(c['kotograph_server_p99_ms'])}" for c in w["configs"]) + ".", ""]
    h = r.get("home")
    if h:
        out += [f"`GET /`: the first request, sent as soon as the server answered, took "
                f"**{_num(h['first_request_s'])} s** (status {h['first_request_status']}; while the "
                "SHACL report is computed in the background the page shows … for its counts); the "
                f"report was ready after {_num(h.get('validation_ready_s'))} s, and the benchmarks "
                "wait for it, so nothing computed at start overlaps a measurement.", ""]
        if h.get("per_query"):
            out += ["The page's queries, each alone on `oxigraph serve` (best of 3):", "",
                    "| query | rows | distinct rows | ms |", "|---|---|---|---|"]
            out += [f"| `{x['query']}…` | {x['rows']} | {x.get('distinct_rows', '–')} | "
                    f"{_num(x['best_ms'])} |" for x in h["per_query"]]
            out.append("")
        s = h.get("steady")
        if s and "server_p50_ms" in s.get("kotograph", {}):
            k, f, o = s["kotograph"], s["kotograph_fresh"], s["oxigraph"]
            out += ["Steady state, one client. Baseline: the page's "
                    f"{h['sparql_per_request']} SPARQL queries, one after the other, on `oxigraph serve`. "
                    "kotograph as served between ingests (the matrix is kept per store state) and "
                    "with `Cache-Control: no-cache` (the matrix computed again; the SHACL report, "
                    "recomputed only when the store changes, is not).",
                    "", "| | kotograph `/` | `/` with `no-cache` | the page's SPARQL on oxigraph | "
                    "ratios |", "|---|---|---|---|---|",
                    f"| client latency p50 | {_ms(k['p50_ms'])} | {_ms(f['p50_ms'])} | {_ms(o['p50_ms'])} | "
                    f"{_ratio(s['p50_ratio'])} / {_ratio(s['fresh_p50_ratio'])} |",
                    f"| client latency p99 | {_ms(k['p99_ms'])} | {_ms(f['p99_ms'])} | {_ms(o['p99_ms'])} | "
                    f"{_ratio(s['p99_ratio'])} / {_ratio(s['fresh_p99_ratio'])} |",
                    f"| server time p50 (logged `duration_ms`) | {_ms(k['server_p50_ms'])} | "
                    f"{_ms(f['server_p50_ms'])} | {_ms(o['p50_ms'])} | {_ratio(k['server_p50_ratio'])} / "
                    f"{_ratio(f['server_p50_ratio'])} |",
                    f"| page size | {_num(s['response_bytes'])} bytes | | | |", ""]
        elif h.get("skipped"):
            out += [f"Steady state not measured: {h['skipped']}.", ""]
    return out


def _findings(results: dict) -> list[str]:
    """Plain statements derived from the numbers: every missed target, the biggest gaps."""
    out = []
    ing = results.get("ingest")
    if ing and not ing["meets_target"]:
        bd = ing["pipeline"].get("breakdown") or {}
        stages = {k: v for k, v in (bd.get("stages") or {}).items() if k not in (bd.get("nested") or {})}
        top = max(stages.items(), key=lambda kv: kv[1]) if stages else None
        out.append(f"- **Ingest misses its target**: the pipeline costs {_ratio(ing['cost_ratio'])} "
                   f"the pdfminer floor (target ≤ {ing['target_cost_ratio']:.0f}×)"
                   + (f"; the largest stage is {top[0]} "
                      f"({100 * top[1] / bd['pass_seconds']:.0f} % of a pass)." if top else "."))
    q = results.get("query")
    if q:
        for name, e in q["queries"].items():
            if name in INFORMATIONAL:
                continue
            for side, prefix, label in (("kotograph", "", ""),
                                        ("kotograph_fresh", "fresh_", " evaluated every time (`no-cache`)")):
                bad = [c for c in e["configs"] if side in c
                       and not (c[prefix + "meets_latency_target"] and c[prefix + "meets_throughput_target"])]
                if bad:
                    out.append(f"- **`/sparql`{label} misses a target for `{name}`** at " + ", ".join(
                        f"{_clients(c['clients'])} (" + (
                            f"every request failed: {_error_text(c[side])}" if not c[side]["ops"]
                            else f"p50 {_ratio(c[prefix + 'p50_ratio'])}, "
                                 f"p99 {_ratio(c[prefix + 'p99_ratio'])}, "
                                 f"throughput {_ratio(c[prefix + 'throughput_ratio'])}"
                                 + (f", server CPU per request {_ratio(c[prefix + 'cpu_ratio'])}"
                                    if prefix + "cpu_ratio" in c else "")) + ")"
                        for c in bad) + ".")
        a = q.get("allocators")
        if a:
            out.append("- **The `no-cache` ratios compare kotograph on mimalloc with Oxigraph's "
                       "server on glibc's malloc** (each as it ships). On the same allocator, "
                       f"{_same_allocator(a)}.")
        who, fixed = q["queries"].get("who"), q["queries"].get("who-reordered")
        if who and fixed:
            a, b = who["configs"][0]["oxigraph"]["p50_ms"], fixed["configs"][0]["oxigraph"]["p50_ms"]
            if a > 5 * b:
                out.append(
                    f"- **The who-query itself is slow on any server**: {_ms(a)} p50 on Oxigraph's own "
                    f"server with one client, against {_ms(b)} for the same query with its OPTIONAL "
                    "blocks moved after the required patterns (same rows). The required triple "
                    "patterns that follow the OPTIONALs in `graph/queries.py: responsibilities` form "
                    "a separate group that Oxigraph evaluates over every evidence node in the store "
                    "before joining. See `who-reordered`.")
        layout = (q.get("dataset") or {}).get("layout") or {}
        if layout.get("as_served_ms"):
            served, base = layout["as_served_ms"], layout["bulk_loaded_ms"]
            worst = max(served, key=lambda n: served[n] / base[n])
            if served[worst] / base[worst] > 1.1:
                out.append(
                    f"- **kotograph's store reads slower than the same quads bulk-loaded**: `{worst}` "
                    f"takes {_ratio(served[worst] / base[worst])} as long in-process, "
                    f"{_ratio(layout['optimized_ms'][worst] / base[worst])} after `Store.optimize()` "
                    f"({_num(layout['optimize_seconds'])} s). This part of the `/sparql` ratios is the "
                    "store, not the HTTP layer.")
        digests = q.get("checks", {}).get("base_graph_digests", {})
        if digests and not digests.get("identical", True):
            out.append(
                "- **kotograph rewrites its ontology and reference graphs every time a process "
                "starts** (`serve`, `ingest`): the same quads got a new content digest, so "
                "`graph.ingest.ensure_base_graphs` found them stale and replaced them (delete + "
                "insert, leaving tombstones in the store).")
        floor = q["queries"].get("ask-floor")
        if floor and floor["configs"] and "kotograph_fresh" in floor["configs"][0]:
            one = floor["configs"][0]
            side = {s: max(c[s]["throughput"] for c in floor["configs"])
                    for s in ("kotograph", "kotograph_fresh", "oxigraph")}
            out.append(
                f"- **Fixed cost per request** (`ASK {{}}`, nothing to read, one client): "
                f"{_ms(one['kotograph']['p50_ms'])} p50 on `/sparql` answered from kept answers, "
                f"{_ms(one['kotograph_fresh']['p50_ms'])} evaluated (`no-cache`: one worker-thread "
                f"hop to the store), {_ms(one['oxigraph']['p50_ms'])} on Oxigraph's server; peak "
                f"{_num(side['kotograph'])}, {_num(side['kotograph_fresh'])} and "
                f"{_num(side['oxigraph'])} requests/s. A closed loop of N clients waits N ÷ "
                "throughput per request (Little's law).")
        if fixed:
            c32 = next((c for c in fixed["configs"] if c["clients"] == 32), None)
            if c32:
                out.append(
                    f"- Even with the who-query fixed (`who-reordered`), `/sparql` with 32 clients gives "
                    f"p50 {_ms(c32['kotograph']['p50_ms'])}, p99 {_ms(c32['kotograph']['p99_ms'])} at "
                    f"{_num(c32['kotograph']['throughput'])} requests/s (Oxigraph's server: "
                    f"{_num(c32['oxigraph']['throughput'])}/s): the per-request cost above, not the "
                    "query, is then the limit.")
    r = results.get("rest")
    if r and r.get("who"):
        c32 = next((c for c in r["who"]["configs"] if c["clients"] == 32), None)
        for side, prefix, label in (("kotograph", "", ""),
                                    ("kotograph_fresh", "fresh_", " evaluated every time (`no-cache`)")):
            if c32 and side in c32 and not c32[prefix + "meets_p99_target"]:
                base_p99 = c32["oxigraph"]["p99_ms"]
                out.append(
                    f"- **REST who-query{label} misses p99 < {r['target_p99_ms']:.0f} ms** with 32 "
                    f"clients: {_ms(c32[side]['p99_ms'])} at {_num(c32[side]['throughput'])} "
                    f"requests/s (its raw SPARQL on Oxigraph: p99 {_ms(base_p99)} at "
                    f"{_num(c32['oxigraph']['throughput'])}/s)"
                    + (". Even the baseline misses it on the same CPU: with 32 clients in a closed "
                       "loop, running the queries for every request cannot meet it on one core."
                       if base_p99 >= r["target_p99_ms"] else "."))
    if r and r.get("home") and r["home"].get("first_request_s", 0) > 5:
        out.append(f"- **The first `/` after start took {_num(r['home']['first_request_s'])} s.**")
    steady = (r or {}).get("home", {}).get("steady")
    fresh = (steady or {}).get("kotograph_fresh", {})
    if fresh.get("server_p50_ms", 0) > 300:
        heavy = max(r["home"].get("per_query") or [{}], key=lambda x: x.get("best_ms", 0))
        out.append(f"- **Computing the matrix page costs {_ms(fresh['server_p50_ms'])} of server time** "
                   f"(`no-cache`, or the first view after an ingest), most of it its SPARQL "
                   f"({_ms(steady['oxigraph']['p50_ms'])} on Oxigraph's server)"
                   + (f"; the heaviest query returns {heavy['rows']} rows "
                      + (f"({heavy['distinct_rows']} distinct) " if heavy.get("distinct_rows") else "")
                      + f"in {_ms(heavy['best_ms'])}: `{heavy['query'][:90]}…`"
                      if heavy.get("query") else "") + ".")
    out += _growth_findings(results.get("growth"))
    return out or ["- Every target was met in this run."]


# --------------------------------------------------------------------------------------
# 4. Growth
# --------------------------------------------------------------------------------------


def _pct(point: dict) -> str:
    return f"{point['fraction'] * 100:g} %"


def _with_unit(x: Any, unit: str) -> str:
    if _nan(x):
        return _num(x)
    text = f"{int(x):,}".replace(",", " ") if not unit and float(x).is_integer() else _num(x)
    return f"{text} {unit}" if unit else text


def _growth_summary(g: dict | None) -> list[str]:
    if not g or not g.get("points"):
        return []
    p, first = g["points"][-1], g["points"][0]
    r, at = p.get("ratios", {}), f"{_pct(p)} ({p['municipalities']} municipalities)"
    rows = []
    if p.get("ingest"):
        i = p["ingest"]
        rows.append(
            f"| ingest of the synthetic national corpus, {at}, `kotograph ingest --jobs {g['jobs']}` | "
            f"pdfminer `extract_text`, Pool({g['jobs']}), same PDFs: {_num(p['floor']['wall_s'])} s | none | "
            f"{_num(i['wall_s'])} s, {_ratio(r.get('ingest_vs_floor'))} ({i['pages']} pages, "
            f"{_num(i['pages_per_s'])} pages/s, {_num(i['cores_busy'])} cores busy; peak RSS "
            f"{_num(i['tree_rss_mib'])} MiB for the process tree) | – |")
    if p.get("reingest"):
        rows.append(
            f"| re-ingest of one changed document, {at} store | full ingest {_num(p['ingest']['wall_s'])} s; "
            f"the same document into a fresh store {_num(g['one_document']['fresh_ingest']['wall_s'])} s | "
            f"≤ {g['target_reingest_s']:.0f} s and ≤ {g['target_reingest_vs_fresh']:.1f}× the fresh one "
            "(no rebuild) | "
            f"{_num(p['reingest']['wall_s'])} s ({_ratio(r.get('reingest_vs_full_ingest'))} the full "
            f"ingest, {_ratio(r.get('reingest_vs_fresh_single'))} the fresh one) | "
            f"{_verdict(g.get('meets_reingest_target'))} |")
    if p.get("shacl") and first.get("shacl"):
        s = p["shacl"]
        rows.append(
            f"| SHACL over the whole graph, {at} | the same at {_pct(first)}: "
            f"{_num(first['shacl']['total_s'])} s | none | {_num(s['total_s'])} s "
            f"({_ratio(r.get('shacl_vs_smallest'))}; {_num(s['per_municipality_ms'])} ms per municipality, "
            f"{s['results']} results) | – |")
    if p.get("ui") and p.get("matrix_baseline"):
        u = p["ui"]
        rows.append(
            f"| matrix page `/`, all {u['matrix_rows']} municipalities, server time | its "
            f"{p['matrix_baseline']['sparql_queries']} SPARQL queries in-process: "
            f"{_ms(p['matrix_baseline']['sparql_ms'])} | none | cold {_ms(u['cold_server_ms'])} "
            f"({_ratio(r.get('matrix_cold_vs_sparql'))}), cached {_ms(u['cached_server_ms'])}; first "
            f"request after start {_num(u['first_request_s'])} s, SHACL report ready after "
            f"{_num(u.get('validation_ready_s'))} s | – |")
    return rows


def _growth(g: dict, meta: dict) -> list[str]:
    points = g["points"]
    one = g["one_document"]
    heads = [f"{_pct(p)}: {p['municipalities']} municipalities, {p['documents']} PDFs"
             + (f", {p['pages']} pages" if p.get("pages") else "") for p in points]
    first, last = _pct(points[0]), _pct(points[-1])
    plot = g.get("plot")
    shares = [_pct(p) for p in points]
    title = ", ".join(shares[:-1]) + (" and " if len(shares) > 1 else "") + shares[-1]
    out = [f"## 4. Growth: {title} of the national corpus", _from_run(g, meta),
           f"Corpus: `python -m bench.corpus --seed {g['seed']}` — {g['corpus']['documents']} synthetic "
           f"programme PDFs for the {g['corpus']['municipalities']} mainland municipalities (a share "
           f"{g['corpus']['omissions']:g} with a known defect); a fraction is the documents of that share of "
           "the employment areas (`corpus.selected_areas`), so each point holds the previous one's "
           "documents. Points: " + "; ".join(heads) + ".", "",
           f"Per point: `kotograph ingest --jobs {g['jobs']} --json` into a fresh on-disk store (the CLI "
           "path: spawned extraction workers, one writer, `optimize()` at the end), against bare "
           f"pdfminer `extract_text` over the same PDFs in a fresh process with a spawn `Pool({g['jobs']})` "
           "just before and just after each ingest (their mean, so other load hits both sides); ingest ran "
           + ", ".join(f"{len(p['ingest']['runs_s'])}× at {_pct(p)}" for p in points if p.get("ingest"))
           + " (the median where more than once). The who-query and "
           "the coverage query, SHACL (`graph.validate.validate`, what `kotograph validate` runs) and "
           "the matrix's SPARQL in-process on the store (pyoxigraph); then `kotograph serve` on it: the "
           "first `GET /` (it does not wait for the SHACL report the server starts: counts show …), "
           "the time until that report is ready, cold renders of the matrix (`Cache-Control: "
           "no-cache`: computed again, the SHACL report kept), cached renders and "
           "`GET /api/v1/municipalities`, "
           "server time from the request log. Last, the re-ingest of one changed document "
           f"(`{one['file']}`, {one['change']}) into the store, against the same file into a fresh "
           f"store (once per run: {_num(one['fresh_ingest']['wall_s'])} s). Medians of {g['repeats']} "
           f"runs for queries and page views. Memory: {g['rss_method']}.", ""]
    if plot:
        out += [f"![cost against the number of municipalities]({plot})", ""]
    out += ["Each figure at each point; the growth from the first point to the last; and the exponent b "
            "of cost ∝ size^b between them (b = 1: linear; size = pages ingested for the ingest figures, "
            "municipalities covered for the others).", "",
            "| figure | " + " | ".join(shares) + f" | {last} ÷ {first} | b |",
            "|---|" + "---|" * (len(points) + 2)]
    for c in g["curve"]:
        out.append(f"| {c['label']} | " + " | ".join(_with_unit(v, c["unit"]) for v in c["values"])
                   + f" | {_ratio(c['growth'])} | {_num(c['exponent'])} |")
    labels = (("ingest_vs_floor", "ingest ÷ pdfminer floor (wall time, both 2 processes)"),
              ("reingest_vs_full_ingest", "re-ingest of one changed document ÷ the full ingest"),
              ("reingest_vs_fresh_single", "re-ingest ÷ the same document into a fresh store"),
              ("matrix_cold_vs_sparql", "matrix cold render (server) ÷ its SPARQL in-process"),
              ("matrix_cached_vs_cold", "matrix cached ÷ cold render (server time)"),
              ("municipalities_vs_sparql", "`GET /api/v1/municipalities` (server) ÷ its SPARQL in-process"),
              ("shacl_vs_smallest", f"SHACL ÷ SHACL at {first}"))
    out += ["", "Against the baselines of the same run:", "",
            "| ratio | " + " | ".join(_pct(p) for p in points) + " |", "|---|" + "---|" * len(points)]
    for key, label in labels:
        out.append(f"| {label} | " + " | ".join(_ratio(p.get("ratios", {}).get(key)) for p in points) + " |")
    out += ["", "SHACL results against what the corpus manifest expects from a correct extraction:", "",
            "| point | municipalities in the graph / in the corpus | results | violations | warnings | "
            "expected (manifest) | by shape |", "|---|---|---|---|---|---|---|"]
    for p in points:
        s = p.get("shacl")
        if s:
            shapes = ", ".join(f"{k} {v}" for k, v in s.get("results_by_shape", {}).items())
            out.append(f"| {_pct(p)} | {s['municipalities']} / {p['municipalities']} | {s['results']} | "
                       f"{s['violations']} | {s['warnings']} | "
                       f"{p['expected_results']} | {shapes or '–'} |")
    for p in points:
        for phase, error in (p.get("errors") or {}).items():
            out += ["", f"**{_pct(p)}: {phase} failed** — `{error[:300]}`"]
    loads = ", ".join(f"{_num(p['ingest']['loadavg_before'])}" for p in points if p.get("ingest"))
    generated = g["corpus"].get("generated_s")
    out += ["", f"The growth run took {_num(g['seconds'])} s"
            + (f" (corpus generated in {_num(generated)} s)" if generated else " (corpus from the cache)")
            + f"; load average before each ingest: {loads}. A load above 0 is other work on the "
            "machine: it slows the absolute figures, the same-run ratios less."]
    return out


def _growth_findings(g: dict | None) -> list[str]:
    if not g or len(g.get("points", [])) < 2:
        return []
    out = []
    first, last = g["points"][0], g["points"][-1]
    fast = [c for c in g["curve"] if c.get("kind") == "cost" and not _nan(c["exponent"])
            and c["exponent"] > 1.2]
    if fast:
        out.append(f"- **Faster than the corpus grows** from {_pct(first)} to {_pct(last)} (b > 1.2 in "
                   "cost ∝ size^b): "
                   + "; ".join(f"{c['label']} {_ratio(c['growth'])} for "
                               f"{_ratio(c['sizes'][-1] / c['sizes'][0])} the {c['size']} "
                               f"(b = {_num(c['exponent'])})" for c in fast) + ".")
    if g.get("meets_reingest_target") is False:
        r = last["ratios"]
        out.append(f"- **Re-ingesting one changed document misses its target** in the {_pct(last)} store: "
                   f"{_num(last['reingest']['wall_s'])} s, {_ratio(r['reingest_vs_full_ingest'])} the full "
                   "ingest "
                   f"(target ≤ {g['target_reingest_s']:.0f} s and ≤ {g['target_reingest_vs_fresh']:.1f}× "
                   "the same document into an empty store).")
    fresh = last.get("ratios", {}).get("reingest_vs_fresh_single")
    if not _nan(fresh) and fresh > 1.5:
        out.append(f"- **Re-ingesting one document grows with the store**: "
                   f"{_num(last['reingest']['wall_s'])} s in the {_pct(last)} store against "
                   f"{_num(g['one_document']['fresh_ingest']['wall_s'])} s for the same file into an empty "
                   f"store ({_ratio(fresh)}); at {_pct(first)} "
                   f"{_num(first['reingest']['wall_s'])} s.")
    i = last.get("ingest")
    if i and i["cores_busy"] < 0.75 * g["jobs"]:
        out.append(f"- **The {_pct(last)} ingest with `--jobs {g['jobs']}` kept {_num(i['cores_busy'])} "
                   f"cores busy on average** (CPU seconds ÷ wall seconds of the process tree; load average "
                   f"{_num(i['loadavg_before'])} before it): the extraction workers wait, or other work "
                   "on the machine took the rest.")
    s = last.get("shacl")
    if s and s["results"] > 2 * max(1, last["expected_results"]):
        top = next(iter(s.get("results_by_shape") or {}), None)
        out.append(f"- **SHACL over the {_pct(last)} graph reports {s['results']} results where the corpus "
                   f"manifest expects {last['expected_results']}** from a correct extraction"
                   + (f" (most from {top})" if top else "") + ": the rest is what extraction missed "
                   "in the generated documents (or what the manifest does not model), so the SHACL time "
                   "above is for a report with more findings than a correct extraction gives.")
    return out


def render(results: dict) -> str:
    meta = results["meta"]
    m, v = meta["machine"], meta["versions"]
    quick = " (QUICK run: short, fewer repeats — not for publishing)" if meta.get("quick") else ""
    lines = [
        "# kotograph benchmarks", "",
        f"Run {meta['date']}{quick}. "
        "Reproduce with `make bench` (= `.venv/bin/python -m bench.run`); one part with "
        "`python -m bench.run --only ingest` (or `query`, `rest`, `growth`, comma-separated), or run "
        "`python -m bench.ingest` / `bench.query` / `bench.rest` / `bench.growth` on their own.", "",
        "Every figure is a **ratio against a baseline measured in the same run on the same "
        "machine**, with the raw numbers beside it:", "",
        "1. **Ingest** — pages/s of the whole extraction pipeline (`extract_file`) against bare "
        "`pdfminer` text extraction of the same PDFs (the floor); model load separately; peak RSS.",
        "2. **SPARQL** — kotograph's `/sparql` against `oxigraph serve` on the same quads: the who-query "
        "and three analytic queries at 1, 8 and 32 concurrent clients.",
        "3. **REST** — `GET /api/v1/responsibilities` with 32 clients against the raw SPARQL it "
        "costs on `oxigraph serve`, and the home page's server time.",
        "4. **Growth** — ingest, store, SHACL, the matrix page and two queries at 10 %, 50 % and 100 % "
        "of a synthetic national corpus, each against its own baseline and against the 10 % point.", "",
        "## Summary", "", *_summary(results), "",
        "## Findings", "", *_findings(results), "",
    ]
    if results.get("ingest"):
        lines += [*_ingest(results["ingest"], meta), ""]
    if results.get("query"):
        lines += [*_query(results["query"], meta), ""]
    if results.get("rest"):
        lines += [*_rest(results["rest"], meta), ""]
    if results.get("growth"):
        lines += [*_growth(results["growth"], meta), ""]
    hardening = Path(__file__).with_name("hardening.md")  # written by hand (tests/hostile)
    if hardening.is_file():
        lines += [hardening.read_text("utf-8").rstrip(), ""]
    lines += [
        "## Machine and versions", "",
        f"- CPU: {m['cpu_model']}, {m['cores']} cores ({m['usable_cores']} usable); RAM {m['ram_gib']} GiB; "
        f"{m['os']}, kernel {m['kernel']}",
        "- " + ", ".join(f"{k} {val}" for k, val in v.items()),
        f"- load average at start {', '.join(f'{x:.2f}' for x in meta['loadavg_start'])}, at end "
        f"{', '.join(f'{x:.2f}' for x in meta.get('loadavg_end', []))} (other work on the machine "
        "shows here; a ratio is measured with both sides interleaved, so it suffers less than the "
        "absolute numbers)",
        f"- command: `{meta['command'].strip()}`; raw results: `var/bench/results.json`", "",
    ]
    return "\n".join(line for line in lines if line is not None) + "\n"


def main() -> int:
    """Re-render BENCHMARKS.md from saved results: python -m bench.report [results.json]."""
    import json
    import sys
    from pathlib import Path

    from bench.common import RESULTS_DIR, ROOT

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS_DIR / "results.json"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "BENCHMARKS.md"
    target.write_text(render(json.loads(source.read_text("utf-8"))), "utf-8")
    print(f"wrote {target} from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
