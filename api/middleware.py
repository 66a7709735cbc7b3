"""One pure-ASGI middleware for every request: log line, metrics, OPTIONS, ETag; and the
security headers."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import allowed_methods
from api.state import wants_fresh

log = logging.getLogger("kotograph.http")
CACHED_PREFIXES = ("/api/v1/",)
REQUEST_LINE = "method=%s path=%s status=%d duration_ms=%.1f"


def configure_logging(level: str) -> None:
    """The server's log: one line per request (`kotograph.http`) and everything else."""
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(name)s %(message)s")


def _headers(scope: Scope, names: tuple[bytes, ...]) -> dict[bytes, str]:
    """The first value of each of `names` (lower case) among the request's headers, in one
    pass and decoding only those."""
    found: dict[bytes, str] = {}
    for key, value in scope["headers"]:
        key = key.lower()
        if key in names and key not in found:
            found[key] = value.decode("latin-1")
    return found


def _header(scope: Scope, name: bytes) -> str | None:
    """One request header (lower-case name)."""
    return _headers(scope, (name,)).get(name)


def _etag_matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


_NOT_MODIFIED_HEADERS = (b"etag", b"cache-control", b"vary", b"link")


async def _send_kept(kept: KeptResponse, if_none_match: str, send: Send) -> int:
    """Send a REST response, or 304 when the client already has it (RFC 9110 13.1.2)."""
    if kept.etag is not None and if_none_match and _etag_matches(if_none_match, kept.etag):
        keep = [(k, v) for k, v in kept.headers if k.lower() in _NOT_MODIFIED_HEADERS]
        await send({"type": "http.response.start", "status": 304, "headers": keep})
        await send({"type": "http.response.body", "body": b""})
        return 304
    await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
    await send({"type": "http.response.body", "body": kept.body})
    return kept.status


@dataclass(frozen=True, slots=True)
class KeptResponse:
    """A REST response as it went out: status, headers (with its ETag) and body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str | None


# The request headers a REST GET reads: what shapes the response (`_kept_key`), and the
# client's cache directives.
_REST_HEADERS = (b"host", b"accept", b"accept-encoding", b"cache-control", b"if-none-match")


def _kept_key(scope: Scope, headers: dict[bytes, str], version: int | None) -> tuple | None:
    """What shapes a REST response besides the store's content: the request line, the
    `Accept` and `Accept-Encoding` headers, and where the client reached us (`Link` headers
    carry absolute URLs).
    None when the store does not count its writes (nothing may be kept)."""
    if version is None:
        return None
    return ("rest", version, scope["method"], scope.get("scheme"), headers.get(b"host"),
            scope.get("root_path", ""), scope["path"], scope.get("query_string", b""),
            headers.get(b"accept"), headers.get(b"accept-encoding"))


def _without_content(send: Send) -> Send:
    """`send` for a HEAD request answered as its GET: the same messages, empty bodies (the
    head keeps GET's `Content-Length`)."""

    async def head_only(message: Message) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            message = {**message, "body": b""}
        await send(message)

    return head_only


class RequestMiddleware:
    """Structured request log and metrics for every request; OPTIONS answers; ETags.

    - a plain OPTIONS (not a CORS preflight) gets 204 with `Allow` (RFC 9110);
    - HEAD is answered as GET without the content, for every resource that has a GET
      (FastAPI's routes take only the methods they declare);
    - GET responses of the REST API carry an ETag (digest of the body), and a matching
      `If-None-Match` gets 304 without the body;
    - a 200 REST response is kept per store state (as SPARQL results are), so a repeated
      request is answered without running the route, its response model and the digest
      again; `Cache-Control: no-cache` computes it afresh.
    """

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        method = scope["method"]
        if method == "HEAD":  # RFC 9110 9.3.2: GET's status and headers, no content
            scope, send = {**scope, "method": "GET"}, _without_content(send)
        if scope["method"] == "OPTIONS" and _header(scope, b"access-control-request-method") is None:
            allow = allowed_methods(Request(scope))
            await send({"type": "http.response.start", "status": 204,
                        "headers": [(b"allow", allow.encode())]})
            await send({"type": "http.response.body", "body": b""})
            status = 204
        elif scope["method"] == "GET" and scope["path"].startswith(CACHED_PREFIXES):
            status = await self._rest(scope, receive, send)
        else:
            async def send_and_watch(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            await self.app(scope, receive, send_and_watch)
        self._observe(scope, method, status, time.perf_counter() - started)

    async def _rest(self, scope: Scope, receive: Receive, send: Send) -> int:
        """A REST GET: the kept response if there is one, else the route's, kept."""
        headers = _headers(scope, _REST_HEADERS)
        key = _kept_key(scope, headers, self.state.store.content_version())
        fresh = wants_fresh(headers.get(b"cache-control"))
        kept = self.state.results.get(key) if key is not None and not fresh else None
        if kept is None:
            kept = await self._render(scope, receive)
            if key is not None and kept.status == 200:
                self.state.results.put(key, kept, len(kept.body))
        return await _send_kept(kept, headers.get(b"if-none-match") or "", send)

    async def _render(self, scope: Scope, receive: Receive) -> KeptResponse:
        start: Message | None = None
        body = bytearray()

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, buffer)
        assert start is not None
        status = start["status"]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        etag = None
        if status == 200:
            etag = f'W/"{hashlib.sha256(bytes(body)).hexdigest()[:32]}"'
            headers += [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        headers.append((b"content-length", str(len(body)).encode()))
        return KeptResponse(status, headers, bytes(body), etag)

    def _observe(self, scope: Scope, method: str, status: int, seconds: float) -> None:
        """Count and log the request under the method the client sent (`scope` is what the
        app saw, where the router noted the route)."""
        route = scope.get("route")
        self.state.metrics.observe(method, getattr(route, "path", "other"), status, seconds)
        log.info(REQUEST_LINE, method, scope["path"], status, seconds * 1000)


# Pages run no inline script and may not be framed; YASGUI sets styles inline and draws
# icons from data: URLs. FastAPI's own /docs and /redoc pages are left as FastAPI makes them.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_OWN_POLICY_PATHS = ("/docs", "/redoc")


class SecurityHeaders:
    """`X-Content-Type-Options: nosniff` on every response, the page policy on HTML pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        own_policy = scope.get("path", "").startswith(_OWN_POLICY_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                names = {k.lower() for k, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html")
                           for k, v in headers)
                if html and not own_policy and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
