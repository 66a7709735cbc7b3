"""One pure-ASGI middleware for every request: log line, metrics, OPTIONS, ETag.

Written against the ASGI interface rather than `@app.middleware("http")`: each of those
wraps the request and response in extra objects and tasks, which costs more than the
SPARQL query itself for small queries (see BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import allowed_methods

log = logging.getLogger("kotograph.http")
CACHED_PREFIXES = ("/api/v1/",)


class LogFormatter(logging.Formatter):
    """`<date time,ms> <logger> <message>`, the date and time formatted once a second:
    `strftime` for every request-log line was a visible share of answering a small query."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(name)s %(message)s")
        self._second = -1
        self._stamp = ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        second = int(record.created)
        if second != self._second:  # handlers format under their lock: no race here
            self._second = second
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", self.converter(record.created))
        return f"{self._stamp},{int(record.msecs):03d}"


def configure_logging(level: str) -> None:
    """The server's log: one line per request (`kotograph.http`) and everything else.

    The lines show no thread or process, so log records skip collecting them (the logging
    HOWTO's "Optimization"): a fifth of a record's cost on every request.
    """
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    handler = logging.StreamHandler()
    handler.setFormatter(LogFormatter())
    logging.basicConfig(level=level.upper(), handlers=[handler])


def _header(scope: Scope, name: bytes) -> str | None:
    """One request header (lower-case name), without decoding all of them."""
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _etag_matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class RequestMiddleware:
    """Structured request log and metrics for every request; OPTIONS answers; ETags.

    - a plain OPTIONS (not a CORS preflight) gets 204 with `Allow` (RFC 9110);
    - GET responses of the REST API carry an ETag (digest of the body), and a matching
      `If-None-Match` gets 304 without the body.
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
        if scope["method"] == "OPTIONS" and _header(scope, b"access-control-request-method") is None:
            allow = allowed_methods(Request(scope))
            await send({"type": "http.response.start", "status": 204,
                        "headers": [(b"allow", allow.encode())]})
            await send({"type": "http.response.body", "body": b""})
            status = 204
        elif scope["method"] in ("GET", "HEAD") and scope["path"].startswith(CACHED_PREFIXES):
            status = await self._with_etag(scope, receive, send, _header(scope, b"if-none-match") or "")
        else:
            async def send_and_watch(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            await self.app(scope, receive, send_and_watch)
        self._observe(scope, status, time.perf_counter() - started)

    async def _with_etag(self, scope: Scope, receive: Receive, send: Send, if_none_match: str) -> int:
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
        out_headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if status == 200:
            etag = f'W/"{hashlib.sha256(bytes(body)).hexdigest()[:32]}"'
            out_headers += [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
            if _etag_matches(if_none_match, etag):
                keep = [(k, v) for k, v in out_headers
                        if k.lower() in (b"etag", b"cache-control", b"vary", b"link")]
                await send({"type": "http.response.start", "status": 304, "headers": keep})
                await send({"type": "http.response.body", "body": b""})
                return 304
        out_headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": out_headers})
        await send({"type": "http.response.body", "body": bytes(body)})
        return status

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        self.state.metrics.observe(scope["method"], getattr(route, "path", "other"), status, seconds)
        if log.isEnabledFor(logging.INFO):
            # makeRecord + handle is `log.info` without its walk up the stack for the
            # caller's file and line, which the request log never shows.
            log.handle(log.makeRecord(
                log.name, logging.INFO, __file__, 0, "method=%s path=%s status=%d duration_ms=%.1f",
                (scope["method"], scope["path"], status, seconds * 1000), None))
