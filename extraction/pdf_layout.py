"""PDF → lines with page number, font size, boldness and x position (pdfminer.six).

Running headers and footers (page numbers, the document title repeated on each page) are
dropped: a line is furniture when the same text, digits masked, recurs near the top or
bottom of many pages.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from pdfminer.high_level import extract_pages
from pdfminer.layout import (
    LAParams,
    LTChar,
    LTItem,
    LTLine,
    LTPage,
    LTRect,
    LTText,
    LTTextContainer,
    LTTextLine,
)

from extraction.pdf_tables import PlacedLine, rebuild_tables
from extraction.textlines import Line

_DIGITS = re.compile(r"\d+")
# Share of a page's height counted as header / footer band.
EDGE_BAND = 0.12


@lru_cache(maxsize=256)
def _bold_font(fontname: str) -> bool:
    name = fontname.lower()
    return "bold" in name or "black" in name or "heavy" in name


def _read_line(line: Iterable[LTItem]) -> tuple[str, float | None, bool]:
    """The line's text, its most common font size and whether it is bold.

    One pass over the characters instead of two (`get_text`, then the style): walking
    pdfminer's character objects is most of what reading costs above the layout analysis.
    """
    parts: list[str] = []
    styles: dict[tuple[str, float], int] = {}  # characters per (font, size), in order of appearance
    for item in line:
        if not isinstance(item, LTText):
            continue
        text = item.get_text()
        parts.append(text)
        if isinstance(item, LTChar) and text.strip():
            style = (item.fontname, item.size)
            styles[style] = styles.get(style, 0) + 1
    sizes: dict[float, int] = {}
    bold = 0
    for (fontname, exact), count in styles.items():
        size = round(exact, 1)
        sizes[size] = sizes.get(size, 0) + count
        bold += count * _bold_font(fontname)
    total = sum(styles.values())
    size = max(sizes.items(), key=itemgetter(1))[0] if sizes else None  # first of the most common
    return "".join(parts), size, total > 0 and bold / total > 0.6


def _page_lines(page: LTPage, number: int, box_base: int) -> Iterator[PlacedLine]:
    height = page.height or 1.0
    borders = _page_borders(page)
    for box_index, element in enumerate(page):
        if not isinstance(element, LTTextContainer):
            continue
        for line in element:
            if not isinstance(line, LTTextLine):
                continue
            for items, x0, x1 in _cell_parts(line, borders):
                text, size, bold = _read_line(items)
                text = text.replace("\u00ad", "").rstrip("\n")
                if not text.strip():
                    continue
                yield PlacedLine(
                    Line(page=number, text=text, size=size, bold=bold, x0=x0,
                         box=box_base + box_index),
                    x0, x1, line.y0, line.y1, line.y0 / height)


MIN_BORDER_HEIGHT = 5.0  # points: a shorter vertical stroke is no cell border


def _page_borders(page: LTPage) -> list[tuple[float, float, float]]:
    """(x, y0, y1) of the page's vertical strokes: the sides of cells drawn as rectangles
    and the thin rectangles or lines a word processor draws as column borders."""
    out = []
    for element in page:
        if not isinstance(element, LTRect | LTLine) or element.height < MIN_BORDER_HEIGHT:
            continue
        if element.width >= MIN_RULE_WIDTH and isinstance(element, LTRect):
            out += [(element.x0, element.y0, element.y1), (element.x1, element.y0, element.y1)]
        elif element.width < 2:
            out.append(((element.x0 + element.x1) / 2, element.y0, element.y1))
    return out


def _cell_parts(line: LTTextLine, borders: list[tuple[float, float, float]]
                ) -> list[tuple[list, float, float]]:
    """The line's characters split at the cell borders drawn across it, with each part's
    x extent: pdfminer joins the texts of neighbouring cells into one line where the cells'
    padding is narrower than its character margin ("Kotoutumissuunnitelma Monikielinen")."""
    middle = (line.y0 + line.y1) / 2
    cuts = sorted({round(x, 1) for x, y0, y1 in borders
                   if y0 <= middle <= y1 and line.x0 + 1 < x < line.x1 - 1})
    items = list(line)
    if not cuts:
        return [(items, line.x0, line.x1)]
    parts: list[list] = [[] for _ in range(len(cuts) + 1)]
    at = 0
    for item in items:
        if isinstance(item, LTChar):
            at = sum((item.x0 + item.x1) / 2 > x for x in cuts)
        parts[at].append(item)
    out = []
    for part in parts:
        chars = [c for c in part if isinstance(c, LTChar) and c.get_text().strip()]
        if chars:
            out.append((part, min(c.x0 for c in chars), max(c.x1 for c in chars)))
    return out


MIN_COLUMN_LINES = 4  # prose lines each side needs before a page counts as two columns
PROSE_CHARS = 25  # a line this long is running text, not a table cell


def in_columns(lines: list[PlacedLine]) -> list[PlacedLine]:
    """A two-column page's lines in reading order: within each band between full-width
    elements, the left column top to bottom, then the right one. pdfminer orders its text
    boxes by height across the page, so a heading in the right column may land between
    the two lines of a heading in the left one. A page without a clear gutter (running
    text on both sides of a vertical line no box crosses) keeps pdfminer's order."""
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    bands: list[list[PlacedLine]] = []
    for p in sorted(lines, key=lambda p: -p.y1):
        spans = p.x0 < gutter < p.x1
        if spans or not bands or bands[-1][0].x0 < gutter < bands[-1][0].x1:
            bands.append([p])
        else:
            bands[-1].append(p)
    return [p for band in bands
            for p in sorted(band, key=lambda p: (p.x0 >= gutter, -p.y1, p.x0))]


def _gutter(lines: list[PlacedLine]) -> float | None:
    for x in sorted({round(p.x0) - 1 for p in lines}):
        left = [p for p in lines if p.x1 < x]
        right = [p for p in lines if p.x0 >= x]
        crossing = [p for p in lines if p.x0 < x <= p.x1]
        prose = [sum(len(p.line.text.strip()) >= PROSE_CHARS for p in side) for side in (left, right)]
        if min(prose) >= MIN_COLUMN_LINES and len(crossing) <= len(lines) // 10:
            return float(x)
    return None


MIN_RULE_WIDTH = 20.0  # points: shorter strokes are no table rule


def _page_rules(page: LTPage) -> list[float]:
    """The heights of the page's horizontal strokes: drawn table rules and cell borders."""
    ys: list[float] = []
    for element in page:
        if isinstance(element, LTRect) and element.width >= MIN_RULE_WIDTH:
            ys += [element.y0, element.y1]
        elif isinstance(element, LTLine) and element.width >= MIN_RULE_WIDTH and element.height < 1:
            ys.append(element.y0)
    return ys


def _furniture(pages: list[list[tuple[Line, float]]]) -> set[str]:
    """Masked texts of lines repeated in the header/footer band of several pages.

    A text that also stands mid-page is content, not a running header: a subheading such
    as "Yhteistyö" that happens to open several pages must stay.
    """
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    body: set[str] = set()
    for lines in pages:
        seen = set()
        for line, rel_y in lines:
            text = _DIGITS.sub("#", line.text.strip())
            (seen if rel_y < EDGE_BAND or rel_y > 1 - EDGE_BAND else body).add(text)
        counts.update(seen)
    threshold = max(2, len(pages) // 3)
    return {text for text, n in counts.items() if n >= threshold and text not in body}


class TooManyPages(ValueError):
    """The PDF has more pages than the reader accepts."""


class PdfText(NamedTuple):
    """A PDF's body lines, its page count and the running headers and footers left out of
    the lines (what the document repeats on every page says what it is)."""

    lines: list[Line]
    pages: int
    running: tuple[str, ...]


def read_pdf_lines(data: bytes, max_pages: int = 500) -> PdfText:
    """All body lines of a PDF and its page count (pdfminer errors propagate).

    More than `max_pages` pages raise TooManyPages after reading one page past it. Memory
    for what a page's streams inflate to is bounded by the extraction process's limit
    (api.extract_worker)."""
    pages: list = []
    rules: list[list[float]] = []
    params = LAParams()
    for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=params,
                                                maxpages=max_pages + 1), start=1):
        if number > max_pages:
            raise TooManyPages(f"more than {max_pages} pages")
        pages.append(in_columns(list(_page_lines(page, number, number * 10_000))))
        rules.append(_page_rules(page))
    pages = [[(p.line, p.rel_y) for p in placed] for placed in rebuild_tables(pages, rules)]
    furniture = _furniture(pages)
    lines, running = [], []
    for page_lines in pages:
        for line, rel_y in page_lines:
            text = line.text.strip()
            if not (rel_y < EDGE_BAND or rel_y > 1 - EDGE_BAND):
                lines.append(line)
            elif _DIGITS.sub("#", text) in furniture:
                running.append(text)
            elif _DIGITS.fullmatch(text) is None:
                lines.append(line)
    return PdfText(lines, len(pages), tuple(dict.fromkeys(running)))
