"""Server-rendered HTML pages; each renders the same data its JSON twin serves."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from api.state import StateDep
from extraction.model import ServiceKey
from graph import queries

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape())
)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, state: StateDep) -> HTMLResponse:
    """Municipalities covered by ingested programmes, and the statutory services."""
    context = {
        "municipalities": queries.covered_municipalities(state.store),
        "services": [queries.service_info(s) for s in ServiceKey],
        "documents": queries.documents(state.store),
    }
    response = templates.TemplateResponse(request, "index.html", context)
    response.headers["Link"] = '</api/v1/municipalities>; rel="alternate"; type="application/json"'
    return response


@router.get("/municipality/{code}", response_class=HTMLResponse)
def municipality_page(request: Request, code: str, state: StateDep) -> HTMLResponse:
    """Every service of one municipality with responsible bodies, partners and evidence."""
    m = queries.resolve_municipality(state.store, code)
    services = []
    for key in ServiceKey:
        results = queries.responsibilities(state.store, m, key)
        services.append({**queries.service_info(key), "results": results})
    context = {"municipality": m.as_dict(), "services": services}
    return templates.TemplateResponse(request, "municipality.html", context)
