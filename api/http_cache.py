"""ETag / If-None-Match for GET responses of the REST API (RFC 9110 §8.8.3, §13.1.2).

The tag is a digest of the body, so it changes exactly when the answer does (a new
ingest), and a client that revalidates gets a 304 without the body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

CACHED_PREFIXES = ("/api/v1/",)


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


async def etag_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    if (request.method not in ("GET", "HEAD") or response.status_code != 200
            or not request.url.path.startswith(CACHED_PREFIXES)):
        return response
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    headers["ETag"] = etag
    headers.setdefault("Cache-Control", "no-cache")  # revalidate, then reuse on 304
    if _matches(request.headers.get("if-none-match", ""), etag):
        keep = {k: v for k, v in headers.items() if k.lower() in ("etag", "cache-control", "vary", "link")}
        return Response(status_code=304, headers=keep)
    return Response(body, status_code=200, headers=headers, media_type=response.media_type)
