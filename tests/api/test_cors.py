"""kotograph's CORS answers exactly as Starlette's, including its shorter way without Origin."""

from __future__ import annotations

import pytest
from starlette.middleware.cors import CORSMiddleware
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.middleware import CORS

SETTINGS = {"allow_origins": ["*"], "allow_methods": ["GET", "POST", "OPTIONS"],
            "allow_headers": ["*"], "expose_headers": ["ETag", "X-SPARQL-MaxRows"]}


def app_with(headers: list[tuple[bytes, bytes]]):
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        await send({"type": "http.response.body", "body": b"{}"})

    return app


RESPONSE_HEADERS = [
    [(b"content-type", b"application/json")],
    [(b"content-type", b"text/csv"), (b"vary", b"Accept")],
    [(b"vary", b"Accept"), (b"content-length", b"2"), (b"Vary", b"Accept-Language")],
]
REQUESTS = [
    ("GET", {}),
    ("POST", {"Accept": "text/csv"}),
    ("GET", {"Origin": "https://yasgui.example"}),
    ("OPTIONS", {"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}),
    ("OPTIONS", {}),
]


@pytest.mark.parametrize("response_headers", RESPONSE_HEADERS)
@pytest.mark.parametrize(("method", "request_headers"), REQUESTS)
def test_same_answer_as_starlettes_cors(response_headers, method, request_headers) -> None:
    ours = TestClient(CORS(app_with(response_headers), **SETTINGS))
    theirs = TestClient(CORSMiddleware(app_with(response_headers), **SETTINGS))
    a = ours.request(method, "/sparql", headers=request_headers)
    b = theirs.request(method, "/sparql", headers=request_headers)
    assert a.status_code == b.status_code
    assert a.headers.multi_items() == b.headers.multi_items()
    assert a.content == b.content
