"""Read PDF, DOCX, HTML and plain text into one `RawDocument`.

The type is decided from the bytes (magic numbers), with the file name only as a tie
breaker, so a mislabelled upload is still read correctly. Every failure becomes a
`DocumentError` that names the file and says what is wrong.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extraction.errors import DocumentError
from extraction.text_tables import table_lines
from extraction.textlines import BULLET, Line, RawDocument

if TYPE_CHECKING:  # bs4 is imported by the HTML reader when it runs
    from bs4 import Tag

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"


@dataclass(frozen=True, slots=True)
class ReaderLimits:
    """What a reader accepts before it parses anything (KOTOGRAPH_* settings set them in
    the extraction process, api.extract_worker).

    A DOCX is a ZIP of XML parts: 1-3 MB of it can inflate to a gigabyte that python-docx
    and lxml would then hold in memory (8.9 GB peak measured). Real programmes unpack to a
    few MB and compress XML about tenfold; a part over 10 MB that inflates far more is a
    bomb. BeautifulSoup's tree takes about 95 times an HTML page's size (4 MB -> 404 MB).
    Programmes run to tens of PDF pages, and each page costs pdfminer a layout analysis;
    a PDF's streams are measured before pdfminer inflates them (extraction.pdf_limits).
    """

    docx_max_unpacked_bytes: int = 200 * 1024 * 1024
    docx_max_ratio: int = 200
    html_max_bytes: int = 5 * 1024 * 1024
    pdf_max_pages: int = 500
    pdf_max_objects: int = 100_000
    pdf_max_stream_bytes: int = 100 * 1024 * 1024
    pdf_max_inflated_bytes: int = 400 * 1024 * 1024


DOCX_RATIO_FROM = 10 * 1024 * 1024
LIMITS = ReaderLimits()  # replaced as a whole in a process that reads with other limits

# A disclosure's <summary> ("Kuka tekee arvioinnin?") heads the text it opens, one level below
# the page's sections.
HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "summary": 3}
HTML_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "summary", "p", "li", "tr", "dt", "dd", "caption")
# Page furniture: navigation, site header and footer, and complementary content beside the
# main text (news, related links).
HTML_FURNITURE = ["script", "style", "nav", "header", "footer", "noscript", "aside", "template"]


def sniff_media_type(data: bytes, name: str) -> str | None:
    """The media type of `data`, or None when it is not a supported format."""
    head = data[:1024].lstrip()
    lower_name = name.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
        return None
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in low or (
        lower_name.endswith((".html", ".htm")) and b"<" in low
    ):
        return HTML
    if _decode_text(data) is not None:
        return TEXT
    return None


def _decode_text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
        "utf-8-sig", "cp1252"
    ):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in text[:5000])
        if text and printable / min(len(text), 5000) > 0.95:
            return text
    return None


def read_text(data: bytes, name: str) -> RawDocument:
    """Plain text; form feeds separate pages, blank lines are kept as hints."""
    text = _decode_text(data)
    if text is None:
        raise DocumentError(name, "the text file is not in a readable encoding",
                            "save it as UTF-8")
    lines: list[Line] = []
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    for number, page in enumerate(pages, start=1):
        blank = False
        for raw in table_lines(page.split("\n")):
            if not raw.strip():
                blank = True
                continue
            lines.append(Line(page=number, text=raw, blank_before=blank))
            blank = False
    return RawDocument(media_type=TEXT, page_count=len(pages), lines=lines)


def read_pdf(data: bytes, name: str) -> RawDocument:
    """PDF through pdfminer; encrypted, corrupt and image-only files are refused clearly."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    from extraction.pdf_layout import TooManyPages, read_pdf_lines
    from extraction.pdf_limits import PdfTooLarge, check_pdf

    try:
        check_pdf(data, LIMITS.pdf_max_objects, LIMITS.pdf_max_stream_bytes,
                  LIMITS.pdf_max_inflated_bytes)
        lines, pages, running = read_pdf_lines(data, LIMITS.pdf_max_pages)
    except PdfTooLarge as exc:
        raise DocumentError(name, str(exc)) from exc
    except TooManyPages as exc:
        raise DocumentError(name, f"the PDF has more pages than the limit of "
                            f"{LIMITS.pdf_max_pages}") from exc
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise DocumentError(name, "the PDF is encrypted or password protected",
                            "upload an unprotected copy") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError,
            AssertionError, IndexError, AttributeError) as exc:
        raise DocumentError(name, f"the PDF is corrupt or truncated ({type(exc).__name__})",
                            "export the PDF again from the original document") from exc
    if pages == 0:
        raise DocumentError(name, "the PDF has no pages")
    if sum(len(line.text.strip()) for line in lines) < 20:
        raise DocumentError(name, "the PDF has no text layer (it looks scanned)",
                            "run OCR on it first, e.g. ocrmypdf, and upload the result")
    return RawDocument(media_type=PDF, page_count=pages, lines=lines, running=running)


# Word's list paragraph styles ("List Bullet", "List Paragraph"; built-in names are stored in
# English whatever the interface language, "Luettelokappale" where a template renamed them).
LIST_STYLE = re.compile(r"list\b|luettelo", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> RawDocument:
    """DOCX paragraphs and table rows in body order; Heading styles give levels."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_docx_package(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a broken package
        raise DocumentError(name, "the DOCX file is corrupt",
                            "open and save it again in a word processor") from exc
    lines: list[Line] = []
    for box, item in enumerate(document.iter_inner_content()):
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            level = _docx_heading_level(style)
            bold = bool(item.runs) and all(run.bold for run in item.runs if run.text.strip())
            if LIST_STYLE.match(style) and not level and not BULLET.match(text):
                text = "• " + text  # the mark Word draws for a list paragraph, not in its text
            lines.append(Line(page=1, text=text, bold=bold, box=box, heading_level=level, paragraph=True))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = _grid_cells([(id(cell._tc), cell.text.strip()) for cell in row.cells])
                if any(cells):
                    lines.append(Line(page=1, text=" | ".join(cells), box=box,
                                      table_row=True))
                box += 1
    title = document.core_properties.title or None
    return RawDocument(media_type=DOCX, page_count=1, lines=lines, title=title)


def check_docx_package(data: bytes, name: str) -> None:
    """Refuse a DOCX whose parts unpack past the limits, from the ZIP's directory alone.

    The sizes a ZIP declares are the most it yields: Python's zipfile stops a part at its
    declared size (and then fails its checksum), so a lying directory cannot get past."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DocumentError(name, "the DOCX file is corrupt",
                            "open and save it again in a word processor") from exc
    total = sum(part.file_size for part in parts)
    if total > LIMITS.docx_max_unpacked_bytes:
        raise DocumentError(name, f"the DOCX unpacks to {total:,} bytes, more than the limit "
                            f"of {LIMITS.docx_max_unpacked_bytes:,}")
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > DOCX_RATIO_FROM and ratio > LIMITS.docx_max_ratio:
            raise DocumentError(name, f"the DOCX part {part.filename} inflates {ratio:,.0f}-fold "
                                f"to {part.file_size:,} bytes, more than the limit of "
                                f"{LIMITS.docx_max_ratio}-fold (a compression bomb)")


def _docx_heading_level(style: str) -> int | None:
    lowered = style.lower()
    if lowered == "title":
        return 1
    for prefix in ("heading ", "otsikko "):
        if lowered.startswith(prefix) and lowered[len(prefix):].strip().isdigit():
            return int(lowered[len(prefix):].strip())
    return None


def _colspan(cell: object) -> int:
    try:
        return max(1, min(int(cell.get("colspan", 1)), 50))  # type: ignore[attr-defined]
    except ValueError:
        return 1


def _grid_cells(cells: list[tuple[object, str]]) -> list[str]:
    """A table row's texts, one per grid column so that each stays under its header: a
    merged cell repeats over the columns it spans, an empty one stays empty; a row that is
    one cell across (a caption, a section's title) is that cell alone."""
    if len({identity for identity, _text in cells}) == 1:
        return [cells[0][1]] if cells else []
    return [text for _identity, text in cells]


def read_html(data: bytes, name: str) -> RawDocument:
    """HTML block elements in document order; h1–h6 give heading levels."""
    from bs4 import BeautifulSoup

    if len(data) > LIMITS.html_max_bytes:
        raise DocumentError(name, f"the HTML page is {len(data):,} bytes, more than the limit "
                            f"of {LIMITS.html_max_bytes:,}",
                            "save the programme's own page or a PDF of it")

    soup = BeautifulSoup(data, "html.parser")
    for junk in soup(HTML_FURNITURE):
        junk.decompose()
    lines: list[Line] = []
    described: set[int] = set()  # <dd>s read with their term
    for box, element in enumerate(soup.find_all(HTML_BLOCKS)):
        if element.find(HTML_BLOCKS) or id(element) in described:
            continue  # an outer block: its inner blocks are read instead
        if element.name == "dt" and not element.get_text(strip=True).endswith("?"):
            # "<dt>Vastuu</dt><dd>Raahen kaupunki</dd>": a term and its description are one
            # labelled line, as "Vastuu: Raahen kaupunki" in running text (a question, "Kuka
            # tekee?", stays a line of its own: structure, answered below it)
            descriptions = _descriptions(element)
            described.update(id(d) for d in descriptions)
            term = element.get_text(" ", strip=True).rstrip(":")
            text = "; ".join(d.get_text(" ", strip=True) for d in descriptions)
            text = f"{term}: {text}" if term and text else term or text
        elif element.name == "tr":
            cells = [(id(c), c.get_text(" ", strip=True)) for c in element.find_all(["td", "th"])
                     for _span in range(_colspan(c))]
            text = " | ".join(_grid_cells(cells)) if any(t for _i, t in cells) else ""
        else:
            text = element.get_text(" ", strip=True)
        for part in _inline_fields(element) or [text]:
            # an HTML block ends where its element does, as a Word paragraph does, however
            # its text ends ("<p><strong>Kuka?</strong> … <strong>Yhteistyössä:</strong> Kela</p>")
            if part:
                lines.append(Line(page=1, text=part, box=box,
                                  heading_level=HTML_HEADINGS.get(element.name),
                                  table_row=element.name == "tr", paragraph=True))
    title = soup.title.get_text(strip=True) if soup.title else None
    return RawDocument(media_type=HTML, page_count=1, lines=lines, title=title)


INLINE_LABEL = re.compile(r"^[^\W\d][\w-]*(?:\s[\w-]+){0,2}\s*[:?]$")


def _inline_fields(element: Tag) -> list[str]:
    """"<p><strong>Kuka?</strong> X <strong>Kenelle?</strong> Y <strong>Yhteistyössä:</strong> Z</p>":
    a card's fields run in one paragraph, each opened by a bold label; one line per field
    (none when the paragraph has fewer than two such labels)."""
    from bs4 import Tag

    if element.name not in ("p", "li"):
        return []
    labels = [b for b in element.find_all(["strong", "b"]) if INLINE_LABEL.match(b.get_text(" ", strip=True))]
    if len(labels) < 2:
        return []
    parts: list[list[str]] = [[]]
    for node in element.descendants:
        if isinstance(node, Tag):
            if node in labels:
                parts.append([])
            continue
        parts[-1].append(str(node))
    return [" ".join(" ".join(p).split()) for p in parts if " ".join(p).strip()]


def _descriptions(term: Tag) -> list[Tag]:
    """The <dd> elements right after a <dt>, up to the next term."""
    out = []
    for sibling in term.find_next_siblings():
        if sibling.name != "dd":
            break
        out.append(sibling)
    return out


READERS: dict[str, Callable[[bytes, str], RawDocument]] = {
    PDF: read_pdf,
    DOCX: read_docx,
    HTML: read_html,
    TEXT: read_text,
}


def read_document(data: bytes, name: str) -> RawDocument:
    """Read any supported document, or raise `DocumentError`."""
    if not data or not data.strip():
        raise DocumentError(name, "the file is empty")
    media_type = sniff_media_type(data, name)
    if media_type is None:
        raise DocumentError(name, "unsupported file type",
                            "upload a PDF, DOCX, HTML or plain text file")
    raw = READERS[media_type](data, name)
    if not any(line.text.strip() for line in raw.lines):
        raise DocumentError(name, "the document contains no text")
    return raw
