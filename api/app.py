"""The app factory: `create_app(settings, store)`, so tests build the app with a fresh store."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import health, pages, rest, sparql_protocol
from api.errors import install_error_handlers
from api.middleware import RequestMiddleware
from api.settings import Settings
from api.state import AppState
from graph.store import Store


def create_app(settings: Settings, store: Store, *, admin_token: str | None = None) -> FastAPI:
    """Build the web application over `store`.

    `admin_token` is the per-run token a local `kotograph` CLI uses to write through a
    server that owns the embedded store; it is never the public update token.
    """
    app = FastAPI(
        title="kotograph",
        version="0.1.0",
        summary="Finnish municipal integration programmes (Act 681/2023, 13 §) as a knowledge graph",
        description=(
            "Who is responsible for which early-stage integration service in which municipality, "
            "with evidence quoted from the programme documents. SPARQL 1.1 endpoint at `/sparql`."
        ),
    )
    app.state.kg = AppState(settings=settings, store=store, admin_token=admin_token)
    app.add_middleware(RequestMiddleware, state=app.state.kg)
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
    app.include_router(rest.document_router)
    app.include_router(pages.router)
    app.include_router(health.router)
    yasgui = settings.frontend_modules / "@zazuko" / "yasgui" / "build"
    if yasgui.is_dir():
        app.mount("/static/yasgui", StaticFiles(directory=yasgui), name="yasgui")
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
