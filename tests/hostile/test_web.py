"""Hostile requests to the web side of a real server: stored XSS through kept originals,
framing and inline script on pages, and tokens without their scheme."""

from __future__ import annotations

import re

import pytest

from api.originals import DOCX
from tests.hostile.conftest import UPLOAD_TOKEN, Server

pytestmark = pytest.mark.server

SCRIPT = b"<html><body><script>document.title='pwned'</script>kotoutumisohjelma</body></html>"


@pytest.mark.parametrize(("name", "content", "media_type"), [
    ("a1a1a1a1a1a1a1a1.html", SCRIPT, "text/plain; charset=utf-8"),
    ("b2b2b2b2b2b2b2b2.html", b"%PDF-1.7\n" + SCRIPT, "application/pdf"),  # a PDF named .html
    ("c3c3c3c3c3c3c3c3.pdf", SCRIPT, "text/plain; charset=utf-8"),  # HTML named .pdf
    ("d4d4d4d4d4d4d4d4.docx", b"PK\x03\x04" + b"\0" * 40, DOCX),
    ("e5e5e5e5e5e5e5e5.txt", bytes(range(256)), "application/octet-stream"),
])
def test_kept_originals_are_downloads_typed_by_their_bytes(
        server: Server, name: str, content: bytes, media_type: str) -> None:
    documents = server.store.parent / "documents"
    documents.mkdir(exist_ok=True)
    (documents / name).write_bytes(content)
    r = server.client.get(f"{server.base}/documents/{name.split('.')[0]}/file")
    assert r.status_code == 200 and r.content == content
    assert r.headers["content-type"] == media_type
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/sparql", "/documents", "/compare?m=091,049"])
def test_pages_forbid_framing_and_inline_script(server: Server, path: str) -> None:
    r = server.client.get(f"{server.base}{path}", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    # Every script is a file or inert data, so the policy breaks nothing on the page.
    for attributes in re.findall(r"<script([^>]*)>", r.text):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert not re.search(r"\son[a-z]+=", r.text), "an inline event handler"


@pytest.mark.parametrize("authorization", [UPLOAD_TOKEN, f"Basic {UPLOAD_TOKEN}",
                                           f"Token {UPLOAD_TOKEN}", "Bearer", "Bearer x"])
def test_uploads_need_the_bearer_scheme_and_the_token(server: Server, authorization: str) -> None:
    before = server.dump()
    r = server.client.post(f"{server.base}/api/v1/documents", content=b"kotoutumisohjelma",
                           headers={"Authorization": authorization, "X-Filename": "x.txt"})
    assert r.status_code == 403, r.text
    assert server.dump() == before
