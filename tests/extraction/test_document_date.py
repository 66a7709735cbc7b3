"""The date a document file gives itself, read with the programme."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from extraction.document_date import document_date

ROOT = Path(__file__).resolve().parents[2]


def test_pdf_docx_and_html_dates() -> None:
    from docx import Document
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_creation_date(datetime(2025, 3, 14, 9, 30, tzinfo=UTC))
    assert document_date(bytes(pdf.output()), "application/pdf") == "2025-03-14"
    doc = Document()
    doc.core_properties.modified = datetime(2024, 12, 2, 8, 0)
    buf = io.BytesIO()
    doc.save(buf)
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert document_date(buf.getvalue(), docx_type) == "2024-12-02"
    html = b'<html><head><meta name="dcterms.modified" content="2025-01-20T10:00:00Z"></head></html>'
    assert document_date(html, "text/html") == "2025-01-20"
    assert document_date(b"<html><head></head></html>", "text/html") is None
    assert document_date(b"plain", "text/plain") is None
    assert document_date(b"%PDF-1.4 broken", "application/pdf") is None


def test_the_example_pdfs_carry_their_rendering_date() -> None:
    data = (ROOT / "examples" / "jarvela-kotoutumisohjelma.pdf").read_bytes()
    assert document_date(data, "application/pdf") == "2024-12-01"


def test_the_extraction_carries_the_date() -> None:
    from extraction.pipeline import extract_file

    assert extract_file(ROOT / "examples" / "jarvela-kotoutumisohjelma.pdf").document_date == "2024-12-01"
