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
from markupsafe import escape

from api import auth, views
from api.errors import ApiError
from api.i18n import LANGS, counted, fi_date, pick_lang, translator
from api.matrix import FILTERS, STATUS_SYMBOL, FiltersDep
from api.state import StateDep, wants_fresh
from extraction.model import ServiceKey
from graph.build import service_label

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape())
)
templates.env.filters["fi_date"] = fi_date


def render(request: Request, name: str, context: dict[str, Any], twin: str | None = None) -> HTMLResponse:
    lang = pick_lang(request)
    base_query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    state = request.app.state.kg
    supervisor = auth.supervisor_of(request, state)
    response = templates.TemplateResponse(
        request, name,
        {**context, "lang": lang, "langs": LANGS, "t": translator(lang), "symbols": STATUS_SYMBOL,
         "base_query": base_query, "counted": lambda n, noun: counted(n, noun, lang), "facets": FILTERS,
         "supervisor": supervisor, "csrf": auth.csrf_token(state, supervisor) if supervisor else "",
         "path": request.url.path},
    )
    if "lang" in request.query_params and request.query_params["lang"] in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    if twin:
        response.headers["Link"] = f'<{twin}>; rel="alternate"; type="application/json"'
    return response


@router.get("/", response_class=HTMLResponse)
def matrix_page(request: Request, state: StateDep, filters: FiltersDep) -> HTMLResponse:
    """Every municipality × statutory services: described? who is responsible for whom?"""
    lang = pick_lang(request)
    data = views.matrix(state, filters, lang, wants_fresh(request.headers.get("cache-control")), wait=False)
    query = str(request.url.query)
    t = translator(lang)  # each cell's status, named once rather than in each of 3,000 cells
    status_text = {s: t(s) for s in STATUS_SYMBOL}
    return render(request, "matrix.html",
                  {"m": data, "filters": filters, "status_text": status_text,
                   "rows": matrix_rows(data, status_text, lang)},
                  twin=f"/api/v1/matrix?{query}" if query else "/api/v1/matrix")


def matrix_rows(data: dict[str, Any], status_text: dict[str, str],
                lang: str) -> list[tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    """Each municipality of the matrix with its cells in the page's column order (required
    services first), each cell as the values the page writes, HTML-escaped here: status,
    title, symbol, status text, reviewed, the violations and warnings flags' texts, who is
    responsible for jobseekers and for others.

    The page writes them as they are (autoescape is off in its cells loop). Escaped by Jinja
    as it writes them, each of the national page's 30,000 values became an object for the
    garbage collector, and with the nested dict lookups this took most of the page's time."""
    services = sorted(data["services"], key=lambda s: not s["required"])  # stable
    rows = []
    for r in data["municipalities"]:
        cells = []
        if r["status"] == "programme-ingested":
            for s in services:
                c = r["cells"][s["key"]]
                text, found = status_text[c["status"]], c["findings"] or {}
                violations, warnings = found.get("violations"), found.get("warnings")
                cells.append((
                    _escaped(c["status"]), _escaped(f"{s['label']}: {text}"), _escaped(c["symbol"]),
                    _escaped(text), c["reviewed"],
                    _escaped(counted(violations, "violation", lang)) if violations else "",
                    _escaped(counted(warnings, "warning", lang)) if warnings else "",
                    _escaped("; ".join(c["jobseekers"])), _escaped("; ".join(c["others"]))))
        rows.append((r, cells))
    return rows


def _escaped(text: str) -> str:
    """`text` with &, <, >, " and ' escaped, as a plain string (not a tracked Markup object)."""
    return str(escape(text))


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
    labels = {k.value: service_label(k, pick_lang(request)) for k in ServiceKey}
    return render(request, "organisation.html", {"o": data, "service_labels": labels},
                  twin=f"/api/v1/organisations/{key}")


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, state: StateDep) -> HTMLResponse:
    """Ingested programme documents."""
    return render(request, "documents.html", {"docs": views.documents(state)}, twin="/api/v1/documents")


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    """The REST API's OpenAPI document in Swagger UI, served from the npm package."""
    from fastapi.openapi.docs import get_swagger_ui_html

    return get_swagger_ui_html(openapi_url="/openapi.json", title="kotograph – REST API",
                               swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/swagger/favicon-32x32.png")


@router.get("/documents/{doc_id}/view", response_class=HTMLResponse)
def document_viewer(request: Request, state: StateDep, doc_id: str, page: int = 1,
                    q: str = "") -> HTMLResponse:
    """The original PDF in pdf.js, opened at `page` with the quoted sentence `q` highlighted."""
    found = views.document_file_url(state, doc_id)
    if found is None:
        raise ApiError(404, "Unknown document", f"No stored original for {doc_id!r}.")
    return render(request, "viewer.html", {"file": found, "page": max(1, page), "quote": q[:1000]})
