"""The reader-neutral text model: lines with layout hints, grouped into pages.

Every reader (PDF, DOCX, HTML, TXT) produces a `RawDocument`; `structure` turns its lines
into blocks. Layout hints are optional so that plain text fits the same model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A list item's mark at the start of a line: a bullet, "1)" or "a)".
BULLET = re.compile(r"^\s*(?:[•\-–—*▪●◦■□➢►✓]|[\x00\uf000-\uf0ff]|\d{1,2}\)|[a-zåäö]\))\s*")


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line of text.

    `box` groups lines a reader knows to be one paragraph (a pdfminer text box, a DOCX
    paragraph); `blank_before` marks an empty line before it in plain text; `paragraph`
    says the line is a whole paragraph the file itself delimits (a DOCX paragraph: what
    follows it starts a new one); `heading_level` is set when the source format says so
    (HTML h1–h6, DOCX styles).
    """

    page: int
    text: str
    size: float | None = None
    bold: bool = False
    x0: float | None = None
    box: int | None = None
    blank_before: bool = False
    heading_level: int | None = None
    table_row: bool = False
    paragraph: bool = False


@dataclass(slots=True)
class RawDocument:
    """Lines read from one file, before any structure is inferred."""

    media_type: str
    page_count: int
    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    running: tuple[str, ...] = ()  # a PDF's running headers and footers, left out of `lines`
