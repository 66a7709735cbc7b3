"""The date a document file gives itself: PDF metadata, DOCX core properties, HTML meta.

Shown beside the approval on a municipality's page and in the report. Versions are not
ordered by it: a file exported again gets a new date without being a new version.
"""

from __future__ import annotations

import io
import re
from datetime import date

_PDF_DATE = re.compile(rb"D:(\d{4})(\d{2})(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# HTML meta names that carry the page's own date, most specific first.
_HTML_META = ("dcterms.modified", "dc.date.modified", "article:modified_time", "last-modified",
              "dcterms.date", "dc.date", "date", "article:published_time", "dcterms.created")


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found.isoformat() if 1990 <= found.year <= 2100 else None


def pdf_date(data: bytes) -> str | None:
    """The PDF's modification date, else its creation date (Info dictionary)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSException

    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
    except (PSException, ValueError, KeyError, TypeError, AttributeError):
        return None
    for key in ("ModDate", "CreationDate"):
        for entry in info:
            value = resolve1(entry.get(key))
            match = _PDF_DATE.search(value) if isinstance(value, bytes) else None
            if match and (found := _valid(*(int(g) for g in match.groups()))):
                return found
    return None


def docx_date(data: bytes) -> str | None:
    import docx

    try:
        props = docx.Document(io.BytesIO(data)).core_properties
    except (ValueError, KeyError, OSError):
        return None
    stamp = props.modified or props.created
    return _valid(stamp.year, stamp.month, stamp.day) if stamp else None


def html_date(data: bytes) -> str | None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    metas = {(m.get("name") or m.get("property") or m.get("http-equiv") or "").lower(): m.get("content", "")
             for m in soup.find_all("meta")}
    for name in _HTML_META:
        match = _ISO_DATE.search(metas.get(name) or "")
        if match and (found := _valid(*(int(g) for g in match.groups()))):
            return found
    return None


_READERS = {"application/pdf": pdf_date, "text/html": html_date,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": docx_date}


def document_date(data: bytes, media_type: str) -> str | None:
    """The file's own date as an ISO date, or None (plain text has none)."""
    reader = _READERS.get(media_type)
    return reader(data) if reader else None
