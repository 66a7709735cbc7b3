"""Printable reports: one municipality, or every municipality of an area.

A report is an HTML page laid out for paper (the browser's print makes the PDF): findings
with the law's sections, who is responsible for each service with the quoted sentence and
a link to its page, the supervisors' reviews and notes. `?download=1` serves it as a file.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api import views
from api.i18n import pick_lang
from api.matrix import FiltersDep
from api.state import AppState, StateDep, wants_fresh
from extraction.model import ServiceKey
from graph.build import service_label
from graph.validate import required_service_keys

router = APIRouter(include_in_schema=False)


def _as_download(response: HTMLResponse, name: str, download: bool) -> HTMLResponse:
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stamp() -> str:
    return datetime.now(UTC).date().isoformat()


@router.get("/report/{code}", response_class=HTMLResponse)
def municipality_report(request: Request, state: StateDep, code: str,
                        download: bool = False) -> HTMLResponse:
    """One municipality's report."""
    from api.pages import render

    lang = pick_lang(request)
    data = views.municipality(state, code, lang)
    response = render(request, "report.html", {"d": data, "generated": _stamp(),
                                               "base": str(request.base_url).rstrip("/")},
                      twin=f"/api/v1/municipalities/{data['municipality']['code']}")
    return _as_download(response, f"kotograph-report-{data['municipality']['code']}-{lang}.html", download)


def area(state: AppState, filters: Any, lang: str, fresh: bool = False) -> dict[str, Any]:
    """Every municipality the filters keep: the matrix rows, and for each municipality with
    a programme its findings and its facts per service (one query each for the area)."""
    matrix = views.matrix(state, filters, lang, fresh)
    codes = {r["code"] for r in matrix["municipalities"] if r["status"] == "programme-ingested"}
    findings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in views.findings(state, codes, lang):
        findings[f["code"]].append(f)
    facts: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for f in views.facts(state, codes, lang):
        facts[f["code"]][f["service"]].append(f)
    required = required_service_keys()
    services = [{"key": k.value, "label": service_label(k, lang), "required": k.value in required}
                for k in ServiceKey]
    return {"matrix": matrix, "services": services, "findings": findings, "facts": facts}


@router.get("/report", response_class=HTMLResponse)
def area_report(request: Request, state: StateDep, filters: FiltersDep,
                download: bool = False) -> HTMLResponse:
    """The report of an area (elinvoimakeskus, welfare or employment area, region)."""
    from api.pages import render

    lang = pick_lang(request)
    data = area(state, filters, lang, wants_fresh(request.headers.get("cache-control")))
    facets = data["matrix"]["facets"]
    keys = [k for k in ("elinvoimakeskus", "welfare_area", "employment_area", "region")
            if getattr(filters, k)]
    chosen = [next((o["name"] for o in facets[k] if o["key"] == getattr(filters, k)), getattr(filters, k))
              for k in keys]
    response = render(request, "area_report.html", {"a": data, "area": " · ".join(chosen),
                                                     "generated": _stamp(),
                                                     "base": str(request.base_url).rstrip("/")})
    slug = "-".join(str(getattr(filters, k)) for k in keys) or "koko-maa"
    return _as_download(response, f"kotograph-report-{slug}-{lang}.html", download)
