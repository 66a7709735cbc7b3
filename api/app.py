"""The app factory: `create_app(settings, store)`, so tests build the app with a fresh store."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from api import health, linked_data, pages, report, rest, reviews, sparql_protocol
from api.errors import install_error_handlers
from api.middleware import CORS, RequestMiddleware, SecurityHeaders
from api.settings import Settings
from api.state import AppState
from graph.store import Store

# Sent as they are: original PDF and DOCX documents and XLSX exports are compressed already.
ALREADY_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf", "application/gzip",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class ExactPaths:
    """Send requests for a few exact paths to their own ASGI apps, everything else on."""

    def __init__(self, lanes: dict[str, tuple[ASGIApp, object]], default: ASGIApp) -> None:
        self.lanes = lanes
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]
        lane = self.lanes.get(path) if scope["type"] == "http" else None
        if lane is None:
            await self.default(scope, receive, send)
            return
        app, route = lane
        scope["route"] = route  # what the router would have set (the request log names it)
        await app(scope, receive, send)


class KotographApp(FastAPI):
    """FastAPI with `/sparql` on a short lane.

    A request through FastAPI's full stack crosses about ten ASGI layers (error,
    telemetry, body-limit, exception and exit-stack middleware, the router's scan of every
    route, the request/response wrapper) before its endpoint runs; for a small SPARQL query
    that is a fifth of the server's time. The protocol endpoint answers its own errors, so
    its lane keeps only the server-error guard and the app's own middleware (CORS, request
    log and metrics), built from the same `user_middleware` list as the full stack, less
    compression (as Oxigraph's server, `/sparql` sends results uncompressed).
    """

    def build_middleware_stack(self) -> ASGIApp:
        full = super().build_middleware_stack()
        lane: ASGIApp = sparql_protocol.sparql_app
        for cls, args, kwargs in reversed(self.user_middleware):
            if cls is not GZipMiddleware:  # SPARQL results go out as the store gives them
                lane = cls(lane, *args, **kwargs)
        handler = self.exception_handlers.get(500) or self.exception_handlers.get(Exception)
        lane = ServerErrorMiddleware(lane, handler=handler, debug=self.debug)
        return ExactPaths({sparql_protocol.ENDPOINT_PATH: (lane, sparql_protocol.route)}, full)


def create_app(settings: Settings, store: Store, *, admin_token: str | None = None) -> FastAPI:
    """Build the web application over `store`.

    `admin_token` is the per-run token a local `kotograph` CLI uses to write through a
    server that owns the embedded store; it is never the public update token.
    """
    app = KotographApp(
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
        CORS,
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
