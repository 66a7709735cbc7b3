"""The data behind each page and its JSON twin: one function per view, plain dicts out."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from api.errors import ApiError
from api.i18n import LANGS
from api.ingest import find_original
from api.matrix import Filters, build_matrix
from api.state import AppState, Warmer
from graph import queries
from graph import validate as v
from graph.build import service_label
from graph.dumps import write_dumps
from graph.namespaces import ID


def matrix(state: AppState, welfare_area: str | None, employment_area: str | None,
           region: str | None, sort: str, lang: str, fresh: bool = False,
           wait: bool = True) -> dict[str, Any]:
    """The matrix of the store as it is now.

    `wait=False` (the HTML page): while the SHACL report is still being computed (seconds
    at national scale, at start or after an ingest) the matrix comes without its counts
    rather than after them; that partial matrix is not kept.
    """
    filters = Filters(welfare_area, employment_area, region, sort)
    if not wait and state.validation.ready(state.store) is None:
        state.validation.start(state.store)
        return build_matrix(state.store, None, filters, lang)

    def compute() -> dict[str, Any]:
        return build_matrix(state.store, state.validation.get(state.store), filters, lang)

    return state.cache.get(state.store, ("matrix", filters, lang), compute, fresh)


def page_warmer(state: AppState) -> Warmer:
    """What a server recomputes after every change: the SHACL report and the unfiltered
    matrix in each language (the home page), seconds of work at national scale, and the
    dumps of the whole store (/dumps/…)."""
    jobs = [partial(matrix, state, None, None, None, "name", lang) for lang in LANGS]
    jobs.append(partial(write_dumps, state.store, state.settings.dumps_folder()))  # /dumps/…
    state.warmer = Warmer(state.store, jobs)
    return state.warmer


def document_file_url(state: AppState, sha256: str) -> str | None:
    """Where the original file can be opened, if kotograph kept a copy."""
    found = find_original(state.settings.originals_dir(), sha256[:16])
    return f"/documents/{sha256[:16]}/file" if found else None


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
    detail = queries.municipality_detail(state.store, m)
    urls = {d["source"]: document_file_url(state, d["sha256"]) for d in detail["documents"]}
    for d in detail["documents"]:
        d["file"] = urls[d["source"]]
    for s in detail["services"]:
        s["label"] = service_label(s["key"], lang)
        for r in s["results"]:
            url = urls.get(r["evidence"]["document"])
            r["evidence_url"] = f"{url}#page={r['evidence']['page']}" if url else None
    detail["validation"] = validation_summary(state, m.code, lang)
    return detail


def compare(state: AppState, codes: list[str], lang: str, fresh: bool = False) -> dict[str, Any]:
    if not 2 <= len(codes) <= 5:
        raise ApiError(400, "Choose 2 to 5 municipalities",
                       f"Comparison takes 2 to 5 municipalities, {len(codes)} given.")
    details = [municipality(state, c, lang, fresh) for c in codes]
    services = [{"key": s["key"], "label": s["label"]} for s in details[0]["services"]]
    return {"services": services, "municipalities": details}


def municipality_options(state: AppState) -> list[dict[str, Any]]:
    return queries.covered_municipalities(state.store)


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
