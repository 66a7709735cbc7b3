"""Hostile documents, built by the tests: a DOCX bomb and a text file without line breaks,
uploaded to a real server and read by the readers directly."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from extraction.errors import DocumentError
from extraction.readers import LIMITS, read_document, read_docx
from tests.hostile.conftest import UPLOAD_TOKEN, Server

pytestmark = pytest.mark.server

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 b'2006/content-types"/>')


def docx_bomb(unpacked_mb: int) -> bytes:
    """A DOCX whose document.xml inflates to `unpacked_mb` MB of one repeated paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            paragraph = b"<w:p><w:r><w:t>kunta vastaa</w:t></w:r></w:p>" * 20_000
            part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body>')
            for _ in range(unpacked_mb * 1024 * 1024 // len(paragraph)):
                part.write(paragraph)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def pdf_bomb(inflated_mb: int, objects: int = 0) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mb` MB of spaces, with
    `objects` more (empty) objects listed."""
    deflate = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    content = b"".join(deflate.compress(block) for _ in range(inflated_mb)) + deflate.flush()
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
              b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
              + b"\nendstream", *(b"null" for _ in range(objects))]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize(("bomb", "limit"), [
    (lambda: pdf_bomb(300), "inflates to more than the limit of 104,857,600 bytes"),
    (lambda: pdf_bomb(1, objects=120_000), "objects, more than the limit of 100,000"),
], ids=["stream", "objects"])
def test_a_pdf_bomb_is_refused_before_pdfminer_inflates_it(bomb, limit: str) -> None:
    data = bomb()
    assert len(data) < 8 * 1024 * 1024  # well under the upload limit
    with pytest.raises(DocumentError, match=rf"pommi\.pdf: .*{limit}"):
        read_document(data, "pommi.pdf")


@pytest.mark.parametrize(("unpacked_mb", "limit"), [
    (1024, "limit of 209,715,200"),  # about 1 GB of XML in a few MB: the size limit
    (150, f"limit of {LIMITS.docx_max_ratio}-fold"),  # under the size limit: the ratio
])
def test_a_docx_bomb_is_refused_with_its_name_and_the_limit(unpacked_mb: int, limit: str) -> None:
    bomb = docx_bomb(unpacked_mb)
    assert len(bomb) < 5 * 1024 * 1024
    with pytest.raises(DocumentError, match=rf"bomb\.docx: .*{limit}"):
        read_docx(bomb, "bomb.docx")


def test_an_uploaded_docx_bomb_leaves_the_server_and_the_store_as_they_were(server: Server) -> None:
    before, rss = server.dump(), server.rss_mb()
    r = server.client.post(f"{server.base}/api/v1/documents", content=docx_bomb(1024),
                           headers={"Authorization": f"Bearer {UPLOAD_TOKEN}",
                                    "X-Filename": "pommi.docx"}, timeout=120)
    assert r.status_code == 422 and "pommi.docx" in r.text and "limit" in r.text, r.text
    assert server.rss_mb() - rss < 200
    server.health()
    assert server.dump() == before
