"""Errors as RFC 9457 problem details (`application/problem+json`)."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph.queries import UnknownValue

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details; extra members (e.g. `valid_values`) may follow."""

    model_config = ConfigDict(extra="allow")
    type: str = "about:blank"
    title: str
    status: int
    detail: str


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for errors answered as problem+json."""
    return {status: {"model": Problem, "content": {PROBLEM: {}}, "description": HTTPStatus(status).phrase}
            for status in statuses}


def allowed_methods(request: Request) -> str:
    """The methods the resource at this path allows (for `Allow`, RFC 9110).

    Documented resources answer with the methods their OpenAPI entry lists; other pages
    with the methods some route accepts at the path.
    """
    path = request.url.path
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]+\\\}", ".+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods = {m.upper() for m in operations if m.lower() in _HTTP_METHODS}
            break
    else:
        methods = {m for m in ("GET", "POST", "PUT", "DELETE", "PATCH")
                   if any(route.matches({**request.scope, "method": m})[0] is Match.FULL
                          for route in request.app.router.routes)}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods | {"OPTIONS"}))


_HTTP_METHODS = {"get", "post", "put", "delete", "patch", "head", "options"}


class ApiError(Exception):
    """An error a client can act on: status, a short title and the detail."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers
        self.extra = extra


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, headers=exc.headers, **exc.extra)

    @app.exception_handler(UnknownValue)
    async def _unknown(_: Request, exc: UnknownValue) -> JSONResponse:
        return problem(404, f"Unknown {exc.what}", f"{exc}.", valid_values=exc.valid)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()
        ]
        return problem(422, "Invalid request", "The request parameters are not valid.", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # RFC 9110: say what the resource does allow
            headers["Allow"] = allowed_methods(request)
        return problem(exc.status_code, str(exc.detail), str(exc.detail), headers=headers)
