"""The app factory: `create_app(settings, store)`, so tests build the app with a fresh store."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import health, pages, rest, sparql_protocol
from api.errors import allowed_methods, install_error_handlers
from api.http_cache import etag_middleware
from api.settings import Settings
from api.state import AppState
from graph.store import Store

log = logging.getLogger("kotograph.http")


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
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link", "Content-Location", "X-SPARQL-MaxRows", "Retry-After",
                        "WWW-Authenticate", "Allow"],
    )

    @app.middleware("http")
    async def log_requests(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        elapsed = time.perf_counter() - started
        elapsed_ms = elapsed * 1000
        route = request.scope.get("route")
        app.state.kg.metrics.observe(request.method, getattr(route, "path", "other"),
                                     response.status_code, elapsed)
        log.info(
            "method=%s path=%s status=%d duration_ms=%.1f",
            request.method, request.url.path, response.status_code, elapsed_ms,
        )
        return response

    @app.middleware("http")
    async def answer_options(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """A plain OPTIONS (not a CORS preflight) lists the methods the resource allows."""
        if request.method == "OPTIONS" and "access-control-request-method" not in request.headers:
            return Response(status_code=204, headers={"Allow": allowed_methods(request)})
        return await call_next(request)

    app.middleware("http")(etag_middleware)
    install_error_handlers(app)
    app.include_router(sparql_protocol.router)
    app.include_router(rest.router)
    app.include_router(rest.document_router)
    app.include_router(pages.router)
    app.include_router(health.router)
    yasgui = settings.frontend_modules / "@zazuko" / "yasgui" / "build"
    if yasgui.is_dir():
        app.mount("/static/yasgui", StaticFiles(directory=yasgui), name="yasgui")
    app.mount("/static", StaticFiles(packages=[("api", "static")]), name="static")
    return app
