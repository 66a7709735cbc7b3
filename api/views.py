"""The data behind each page and its JSON twin: one function per view, plain dicts out."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import quote as quote_url
from urllib.parse import urlencode

from api.errors import ApiError
from api.i18n import LANGS
from api.ingest import find_original, finish_batch
from api.matrix import Filters, build_matrix
from api.state import AppState, Warmer
from graph import history, queries, reviews
from graph import validate as v
from graph.build import service_label
from graph.dumps import write_dumps
from graph.ingest import repair_programmes
from graph.matrix_data import MatrixData, matrix_data
from graph.namespaces import ID
from graph.validate import required_service_keys


def matrix(state: AppState, filters: Filters, lang: str, fresh: bool = False,
           wait: bool = True) -> dict[str, Any]:
    """The matrix of the store as it is now: from data kept current across writes
    (`state.matrix_data`), or with `fresh` read from scratch.

    `wait=False` (the HTML page): while the SHACL report is still being computed (seconds
    at national scale, at start or after an ingest) the matrix comes without its counts
    rather than after them; that partial matrix is not kept.
    """
    def data() -> MatrixData:
        return matrix_data(state.store) if fresh else state.matrix_data.get(state.store)

    if not wait and state.validation.ready(state.store) is None:
        found = build_matrix(data(), None, filters, lang)
        state.validation.start(state.store)  # after the page's queries, which it would slow
        return found

    def compute() -> dict[str, Any]:
        report = state.validation.get(state.store)  # first: the data is then as new as it
        return build_matrix(data(), report, filters, lang)

    return state.cache.get(state.store, ("matrix", filters, lang), compute, fresh)


def page_warmer(state: AppState) -> Warmer:
    """What a server does after every change: the SHACL report and the unfiltered matrix in
    each language (the home page) at once, after repairing the programme registry if a
    document has no place in it; when writes have stopped for two seconds, the store
    compacted and the dumps of the whole store (/dumps/…) written."""
    jobs: list[tuple[float, Callable[[], object]]] = [(0.0, partial(repair_programmes, state.store))]
    jobs += [(0.0, partial(matrix, state, Filters(), lang)) for lang in LANGS]
    jobs.append((2.0, partial(finish_batch, state.store)))
    jobs.append((2.0, partial(write_dumps, state.store, state.settings.dumps_folder())))
    state.warmer = Warmer(state.store, jobs)
    return state.warmer


def document_file_url(state: AppState, sha256: str) -> str | None:
    """Where the original file can be opened, if kotograph kept a copy."""
    found = find_original(state.settings.originals_dir(), sha256[:16])
    return f"/documents/{sha256[:16]}/file" if found else None


def evidence_url(state: AppState, sha256: str, page: int | None, quote: str | None) -> str | None:
    """Where a quote can be read in its original: a PDF in the pdf.js viewer at its page with
    the sentence highlighted, a web page at the sentence (a text fragment), else the file."""
    found = find_original(state.settings.originals_dir(), sha256[:16])
    if found is None:
        return None
    doc_id = sha256[:16]
    if found.suffix.lower() == ".pdf":
        return f"/documents/{doc_id}/view?" + urlencode({"page": page or 1, "q": quote or ""})
    if found.suffix.lower() in (".html", ".htm") and quote:
        words = quote.split()
        fragment = quote_url(" ".join(words[:6]), safe="")
        return f"/documents/{doc_id}/file#:~:text={fragment}"
    return f"/documents/{doc_id}/file"


def validation_summary(state: AppState, code: str, lang: str) -> dict[str, Any] | None:
    report = state.validation.get(state.store)
    data = v.report_json(report, lang)
    return next((m for m in data["municipalities"] if m["code"] == code), None)


def municipality(state: AppState, name_or_code: str, lang: str,
                 fresh: bool = False) -> dict[str, Any]:
    """One municipality's services, evidence and findings, kept per store state (its
    queries take 0.5-1 s for a municipality with several documents). Read-only: the same
    dict serves every request until the store changes."""
    return state.cache.get(state.store, ("municipality", name_or_code, lang),
                           lambda: _municipality(state, name_or_code, lang), fresh)


def _municipality(state: AppState, name_or_code: str, lang: str) -> dict[str, Any]:
    m = queries.resolve_municipality(state.store, name_or_code)
    detail = queries.municipality_detail(state.store, m, lang)
    row = next(r for r in queries.municipality_index(state.store) if r["code"] == m.code)
    detail["municipality"].update(
        name=(row.get("name_sv") if lang == "sv" else None) or row["name"], status=row["status"],
        areas={key: (row.get(f"{name}_sv") if lang == "sv" else None) or row.get(name)
               for key, name in (("elinvoimakeskus", "vname"), ("welfare_area", "wname"),
                                 ("employment_area", "ename"), ("region", "rname"))})
    shas = {d["source"]: d["sha256"] for d in detail["documents"]}
    for d in detail["documents"]:
        d["file"] = document_file_url(state, d["sha256"])
    required = required_service_keys()
    for s in detail["services"]:
        s["label"] = service_label(s["key"], lang)
        s["required"] = s["key"] in required
        for r in s["results"]:
            sha = shas.get(r["evidence"]["document"])
            r["evidence_url"] = evidence_url(state, sha, r["evidence"]["page"], r["evidence"]["quote"]) \
                if sha else None
    detail["validation"] = validation_summary(state, m.code, lang)
    detail["changes"] = changes(state, m, lang, detail["documents"])
    detail["reviews"] = review_list(state, m, lang)
    detail["organisations"] = organisation_options(state, detail, row, lang)
    return detail


def review_list(state: AppState, m: queries.MunicipalityRef, lang: str) -> list[dict[str, Any]]:
    """The municipality's reviews, newest first, with their state now (applied, quote-gone,
    superseded) and the names of what they concern."""
    found = reviews.reviews_for(state.store, [m.code])
    applied = reviews.applied_for(state.store, [m.code]).get(m.code)
    names = queries.organisation_names(state.store) if found else {}
    out = []
    for r in reversed(found):
        org = names.get(str(r.organisation), {})
        out.append({**r.as_dict(), "state": applied.state.get(r.iri) if applied else None,
                    "service": r.service,
                    "service_label": service_label(r.service, lang) if r.service else None,
                    "role": r.role, "target_group": r.target_group, "quote": r.quote, "page": r.page,
                    "shape": r.shape,
                    "organisation": (org.get(lang) or org.get("fi") or r.organisation)
                    if r.organisation else None})
    return out


def organisation_options(state: AppState, detail: dict[str, Any], row: dict[str, str],
                         lang: str) -> list[dict[str, str]]:
    """Bodies a supervisor is likely to name for this municipality: those its programme names,
    the municipality and its areas."""
    found = {r["organisation"]["iri"]: r["organisation"]["name"]
             for s in detail["services"] for r in s["results"]}
    names = queries.organisation_names(state.store)
    for node in (row["m"], row.get("w"), row.get("e")):
        if node and node in names:
            found.setdefault(node, names[node].get(lang) or names[node].get("fi") or node)
    kela = str(ID["organisation/kela"])
    if kela in names:
        found.setdefault(kela, names[kela].get(lang) or names[kela]["fi"])
    return [{"iri": k, "name": v} for k, v in sorted(found.items(), key=lambda kv: kv[1])]


def changes(state: AppState, m: queries.MunicipalityRef, lang: str,
            documents: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """What changed between the previous and the current version of each of the
    municipality's programmes, with names in `lang` and the versions described."""
    documents = documents if documents is not None else queries.document_versions(state.store, m)
    by_iri = {d["iri"]: d for d in documents}
    names = queries.organisation_names(state.store)

    def name(org: str) -> str:
        labels = names.get(org, {})
        return labels.get(lang) or labels.get("fi") or org

    out = []
    for entry in history.changes(state.store, m):
        items = []
        for c in entry["changes"]:
            item = {**c, "service_label": service_label(c["service"], lang)}
            for key in ("before", "after"):
                if key in c:
                    item[key] = [{"iri": o, "name": name(o)} for o in c[key]]
            if "organisation" in c:
                item["organisation"] = {"iri": c["organisation"], "name": name(c["organisation"])}
            items.append(item)
        out.append({"from": by_iri.get(entry["from"], {"iri": entry["from"]}),
                    "to": by_iri.get(entry["to"], {"iri": entry["to"]}), "changes": items})
    return out


def compare(state: AppState, codes: list[str], lang: str, fresh: bool = False) -> dict[str, Any]:
    if not 2 <= len(codes) <= 5:
        raise ApiError(400, "Choose 2 to 5 municipalities",
                       f"Comparison takes 2 to 5 municipalities, {len(codes)} given.")
    details = [municipality(state, c, lang, fresh) for c in codes]
    services = [{"key": s["key"], "label": s["label"]} for s in details[0]["services"]]
    return {"services": services, "municipalities": details}


def municipality_options(state: AppState) -> list[dict[str, Any]]:
    return queries.covered_municipalities(state.store)


def municipalities(state: AppState, filters: Filters) -> list[dict[str, Any]]:
    """Every municipality of the reference data with its programme status and areas."""
    keep = {r["code"] for r in queries.municipality_index(state.store) if filters.keeps(r)}
    return [m for m in queries.municipalities(state.store) if m["code"] in keep]


def findings(state: AppState, codes: set[str], lang: str) -> list[dict[str, Any]]:
    """The 13 § findings of `codes`, flat, for exports."""
    report = v.report_json(state.validation.get(state.store), lang)
    out = []
    for m in report["municipalities"]:
        if m["code"] in codes:
            out += [{**f, "code": m["code"], "municipality": m["name"],
                     "service_label": service_label(f["service"], lang) if f.get("service") else None}
                    for f in m["findings"]]
    return out


def facts(state: AppState, codes: set[str], lang: str) -> list[dict[str, Any]]:
    """The facts of the current programmes of `codes`, with names in `lang`, for exports."""
    names = queries.organisation_names(state.store)
    index = {r["code"]: r for r in queries.municipality_index(state.store)}
    shas = {str(d["source"]): str(d["sha256"]) for d in queries.documents(state.store)}
    out = []
    for f in queries.current_facts(state.store, codes):
        row = index.get(str(f["code"]), {})
        labels = names.get(str(f["organisation"]), {})
        ev = f["evidence"]
        sha = shas.get(str(ev["document"]))  # type: ignore[index]
        out.append({**f, "municipality": (row.get("name_sv") if lang == "sv" else None) or row.get("name"),
                    "service_label": service_label(str(f["service"]), lang),
                    "organisation_name": labels.get(lang) or labels.get("fi") or f["organisation"],
                    "evidence_url": evidence_url(state, sha, ev["page"], ev["quote"]) if sha else None})  # type: ignore[index]
    return out


_KEY = re.compile(r"[a-z0-9][a-z0-9/_-]*")


def organisation(state: AppState, key: str) -> dict[str, Any]:
    key = key.strip("/")
    found = queries.organisation_detail(state.store, str(ID[key])) if _KEY.fullmatch(key) else None
    if found is None:
        raise ApiError(404, "Unknown organisation", f"No organisation {key!r} in the graph.")
    found["key"] = key
    return found


def documents(state: AppState) -> list[dict[str, Any]]:
    docs = queries.documents(state.store)
    for d in docs:
        d["file"] = document_file_url(state, d["sha256"])
    return docs
