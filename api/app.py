"""The app factory: `create_app(settings, store)`, so tests build the app with a fresh store."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from api import health, linked_data, pages, report, rest, reviews, sparql_protocol
from api.errors import install_error_handlers
from api.middleware import RequestMiddleware, SecurityHeaders
from api.settings import Settings
from api.state import AppState
from graph.store import Store

# Sent as they are: original PDF and DOCX documents and XLSX exports are compressed already.
ALREADY_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf", "application/gzip",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def create_app(settings: Settings, store: Store, *, admin_token: str | None = None) -> FastAPI:
    """Build the web application over `store`.

    `admin_token` is the per-run token a local `kotograph` CLI uses to write through a
    server that owns the embedded store; it is never the public update token.
    """
    app = FastAPI(
        title="kotograph",
        # Swagger UI from the npm package swagger-ui-dist (api.pages.docs), not a CDN
        docs_url=None, redoc_url=None,
        # kotograph reports its own /metrics; FastAPI's OpenTelemetry hooks would only
        # check, on every request, whether a provider has been configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        version="0.1.0",
        summary="Finnish municipal integration programmes (Act 681/2023, 13 §) as a knowledge graph",
        description=(
            "Who is responsible for which early-stage integration service in which municipality, "
            "with evidence quoted from the programme documents. SPARQL 1.1 endpoint at `/sparql`."
        ),
    )
    app.state.kg = AppState(settings=settings, store=store, admin_token=admin_token)
    # Innermost, so a kept REST response is kept compressed (once per store state); the
    # national matrix page is 1.6 MB of HTML, about a tenth of that gzipped.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6,
                       exclude_content_types=ALREADY_COMPRESSED)
    app.add_middleware(RequestMiddleware, state=app.state.kg)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link", "Content-Location", "X-SPARQL-MaxRows", "Retry-After",
                        "WWW-Authenticate", "Allow"],
    )

    install_error_handlers(app)
    app.router.routes.append(sparql_protocol.route)
    app.include_router(rest.router)
    app.include_router(reviews.router)
    app.include_router(rest.document_router)
    app.include_router(pages.router)
    app.include_router(linked_data.router)
    app.include_router(reviews.pages)
    app.include_router(report.router)
    app.include_router(health.router)
    # Front-end packages installed by `make setup` (npm), served from this server: no CDN.
    for route, folder in (("yasgui", Path("@zazuko") / "yasgui" / "build"), ("pdfjs", Path("pdfjs-dist")),
                          ("swagger", Path("swagger-ui-dist"))):
        if (settings.frontend_modules / folder).is_dir():
            app.mount(f"/static/{route}", StaticFiles(directory=settings.frontend_modules / folder),
                      name=route)
    app.mount("/static", StaticFiles(packages=[("api", "static")]), name="static")
    _document_sparql(app)
    return app


def _document_sparql(app: FastAPI) -> None:
    """Add the `/sparql` operations, served by a plain Starlette route, to the OpenAPI document."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            schema["paths"] = {**sparql_protocol.openapi_paths(), **schema["paths"]}
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
