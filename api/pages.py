"""Server-rendered HTML pages (Finnish first, Swedish and English switchable).

Each page renders the same dict that its JSON twin under /api/v1 serves, and links to it
with `Link: rel="alternate"`. Pages work without JavaScript.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from api import views
from api.i18n import LANGS, pick_lang, translator
from api.matrix import STATUS_SYMBOL
from api.state import StateDep, wants_fresh

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape())
)


def render(request: Request, name: str, context: dict[str, Any], twin: str | None = None) -> HTMLResponse:
    lang = pick_lang(request)
    base_query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    response = templates.TemplateResponse(
        request, name,
        {**context, "lang": lang, "langs": LANGS, "t": translator(lang), "symbols": STATUS_SYMBOL,
         "base_query": base_query},
    )
    if "lang" in request.query_params and request.query_params["lang"] in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    if twin:
        response.headers["Link"] = f'<{twin}>; rel="alternate"; type="application/json"'
    return response


@router.get("/", response_class=HTMLResponse)
def matrix_page(
    request: Request, state: StateDep,
    welfare_area: Annotated[str | None, Query()] = None,
    employment_area: Annotated[str | None, Query()] = None,
    region: Annotated[str | None, Query()] = None,
    sort: Annotated[str, Query(pattern="^(name|compliance)$")] = "name",
) -> HTMLResponse:
    """Municipalities × statutory services: described? who is responsible for whom?"""
    lang = pick_lang(request)
    data = views.matrix(state, welfare_area, employment_area, region, sort, lang,
                        wants_fresh(request.headers.get("cache-control")), wait=False)
    query = str(request.url.query)
    return render(request, "matrix.html", {"m": data, "filters": {
        "welfare_area": welfare_area, "employment_area": employment_area, "region": region,
        "sort": sort}}, twin=f"/api/v1/matrix?{query}" if query else "/api/v1/matrix")


@router.get("/municipality/{code}", response_class=HTMLResponse)
def municipality_page(request: Request, code: str, state: StateDep) -> HTMLResponse:
    """Every service of one municipality with responsible bodies, partners and evidence."""
    data = views.municipality(state, code, pick_lang(request),
                              wants_fresh(request.headers.get("cache-control")))
    return render(request, "municipality.html", {"d": data},
                  twin=f"/api/v1/municipalities/{data['municipality']['code']}")


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, state: StateDep,
    municipalities: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI query list
) -> HTMLResponse:
    """Two to five municipalities side by side."""
    codes = [c for value in municipalities for c in value.split(",") if c.strip()]
    fresh = wants_fresh(request.headers.get("cache-control"))
    data = views.compare(state, codes, pick_lang(request), fresh) if codes else None
    options = views.municipality_options(state)
    return render(request, "compare.html", {"d": data, "options": options, "selected": codes})


@router.get("/organisation/{key:path}", response_class=HTMLResponse)
def organisation_page(request: Request, key: str, state: StateDep) -> HTMLResponse:
    """What one organisation is responsible for, provides or partners in, and where."""
    data = views.organisation(state, key)
    return render(request, "organisation.html", {"o": data}, twin=f"/api/v1/organisations/{key}")


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, state: StateDep) -> HTMLResponse:
    """Ingested programme documents."""
    return render(request, "documents.html", {"docs": views.documents(state)}, twin="/api/v1/documents")
