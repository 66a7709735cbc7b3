"""Render the example programme sources in examples/src/ to PDF (and one to HTML).

The sources use a small Markdown-like syntax: `# `, `## `, `### ` headings, `- ` bullets,
`| a | b |` table rows (the first row is the header; `|---|` separator rows are skipped)
and paragraphs separated by blank lines. Each line of a paragraph is kept as its own line.

Run from the repository root with the dev environment's Python:

    python examples/render_pdfs.py

Output is deterministic: the creation date is fixed, so re-running gives identical files.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

EXAMPLES = Path(__file__).resolve().parent
SOURCES = EXAMPLES / "src"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
CREATION_DATE = datetime(2024, 12, 1, 9, 0, tzinfo=UTC)
HTML_STEMS = frozenset({"kivijoki-seutu-kotoutumisohjelma"})

HEADING_SIZES = {1: 16.0, 2: 13.0, 3: 11.5}
HEADING_SPACE_BEFORE = {1: 4.0, 2: 3.0, 3: 1.2}
BODY_SIZE = 10.5
LINE_HEIGHT = 4.9
TABLE_SIZE = 9.0
TABLE_PADDING = 1.2
SEPARATOR_ROW = re.compile(r"^\|[\s:|-]+\|$")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | BulletList | Table


def split_row(line: str) -> tuple[str, ...]:
    """Split a `| a | b |` line into stripped cell texts."""
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def parse(text: str) -> list[Block]:
    """Parse the Markdown-like source into blocks."""
    blocks: list[Block] = []
    kind: str | None = None
    buffer: list[str] = []

    def flush() -> None:
        nonlocal kind
        if kind == "p":
            blocks.append(Paragraph(tuple(buffer)))
        elif kind == "ul":
            blocks.append(BulletList(tuple(buffer)))
        elif kind == "table":
            blocks.append(Table(tuple(split_row(row) for row in buffer)))
        buffer.clear()
        kind = None

    for raw in text.splitlines():
        line = raw.rstrip()
        heading = re.match(r"^(#{1,3}) (.+)$", line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            blocks.append(Heading(len(heading.group(1)), heading.group(2).strip()))
        else:
            if line.startswith("- "):
                new_kind, content = "ul", line[2:].strip()
            elif line.startswith("|"):
                new_kind, content = "table", line
            else:
                new_kind, content = "p", line.strip()
            if new_kind == "table" and SEPARATOR_ROW.match(line):
                continue
            if kind != new_kind:
                flush()
                kind = new_kind
            buffer.append(content)
    flush()
    return blocks


def guess_language(text: str) -> str:
    """Return "sv" for Swedish sources and "fi" otherwise (a crude function-word count)."""
    words = re.findall(r"\w+", text.lower())
    swedish = sum(words.count(w) for w in ("och", "för", "som", "att"))
    finnish = sum(words.count(w) for w in ("ja", "tai", "sekä", "kunta"))
    return "sv" if swedish > finnish else "fi"


def document_title(blocks: Iterable[Block]) -> str:
    """The text of the first level-1 heading."""
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            return block.text
    return ""


class ProgrammePDF(FPDF):
    """A4 document with DejaVu fonts and a page-number footer."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(left=20, top=18, right=20)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_creation_date(CREATION_DATE)
        self.set_creator("kotograph examples/render_pdfs.py")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align=Align.C)
        self.set_text_color(0, 0, 0)

    def heading(self, block: Heading) -> None:
        size = HEADING_SIZES[block.level]
        # Keep a heading together with at least a few lines of what follows it.
        if self.get_y() > self.page_break_trigger - (size * 0.5 + 2 * LINE_HEIGHT + 3):
            self.add_page()
        self.ln(HEADING_SPACE_BEFORE[block.level])
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, block.text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5 if block.level < 3 else 0.8)

    def paragraph(self, block: Paragraph) -> None:
        self.set_font(FONT, "", BODY_SIZE)
        for line in block.lines:
            self.multi_cell(0, LINE_HEIGHT, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def bullets(self, block: BulletList) -> None:
        self.set_font(FONT, "", BODY_SIZE)
        for item in block.items:
            self.set_x(self.l_margin + 2)
            self.cell(5, LINE_HEIGHT, "•")
            self.multi_cell(0, LINE_HEIGHT, item, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def table_block(self, block: Table) -> None:
        self.set_font(FONT, "", TABLE_SIZE)
        widths = self.column_widths(block.rows)
        headings = FontFace(emphasis="BOLD", fill_color=(228, 232, 238))
        with self.table(
            col_widths=widths,
            first_row_as_headings=True,
            headings_style=headings,
            line_height=4.4,
            text_align="LEFT",
            v_align="TOP",
            padding=TABLE_PADDING,
        ) as table:
            for cells in block.rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        self.ln(3)

    def column_widths(self, rows: Sequence[Sequence[str]]) -> tuple[float, ...]:
        """Column widths (mm) that fit each column's longest word, shared by text length."""
        columns = max(len(row) for row in rows)
        minimum: list[float] = []
        weight: list[float] = []
        for index in range(columns):
            cells = [(row_no, row[index]) for row_no, row in enumerate(rows) if index < len(row)]
            longest = 0.0
            for row_no, cell in cells:
                self.set_font(FONT, "B" if row_no == 0 else "", TABLE_SIZE)
                longest = max([longest, *(self.get_string_width(w) for w in cell.split())])
            minimum.append(longest + 2 * TABLE_PADDING + 1)
            weight.append(max(sum(len(cell) for _, cell in cells) / len(cells), 1.0))
        self.set_font(FONT, "", TABLE_SIZE)
        spare = max(self.epw - sum(minimum), 0.0)
        return tuple(m + spare * w / sum(weight) for m, w in zip(minimum, weight, strict=True))


def render_pdf(blocks: Sequence[Block], language: str, target: Path) -> None:
    """Write the blocks as an A4 PDF."""
    pdf = ProgrammePDF()
    pdf.set_title(document_title(blocks))
    pdf.set_lang(language)
    pdf.add_page()
    for block in blocks:
        if isinstance(block, Heading):
            pdf.heading(block)
        elif isinstance(block, Paragraph):
            pdf.paragraph(block)
        elif isinstance(block, BulletList):
            pdf.bullets(block)
        else:
            pdf.table_block(block)
    pdf.output(str(target))


def html_block(block: Block) -> str:
    """One block as an HTML fragment."""
    if isinstance(block, Heading):
        return f"<h{block.level}>{html.escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return "<p>" + "<br>\n".join(html.escape(line) for line in block.lines) + "</p>"
    if isinstance(block, BulletList):
        items = "\n".join(f"  <li>{html.escape(item)}</li>" for item in block.items)
        return f"<ul>\n{items}\n</ul>"
    head, *body = block.rows
    head_html = "".join(f"<th>{html.escape(cell)}</th>" for cell in head)
    body_html = "\n".join(
        "  <tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in body
    )
    return f"<table>\n<thead>\n  <tr>{head_html}</tr>\n</thead>\n<tbody>\n{body_html}\n</tbody>\n</table>"


def render_html(blocks: Sequence[Block], language: str, target: Path) -> None:
    """Write the blocks as a standalone HTML page."""
    body = "\n".join(html_block(block) for block in blocks)
    page = f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{html.escape(document_title(blocks))}</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; max-width: 48em; margin: 2em auto; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
    target.write_text(page, encoding="utf-8")


def main() -> int:
    sources = sorted([*SOURCES.glob("*.txt"), *SOURCES.glob("*.md")])
    if not sources:
        print(f"no sources in {SOURCES}", file=sys.stderr)
        return 1
    for source in sources:
        text = source.read_text(encoding="utf-8")
        blocks = parse(text)
        language = guess_language(text)
        target = EXAMPLES / f"{source.stem}.pdf"
        render_pdf(blocks, language, target)
        print(target.relative_to(EXAMPLES.parent))
        if source.stem in HTML_STEMS:
            html_target = EXAMPLES / f"{source.stem}.html"
            render_html(blocks, language, html_target)
            print(html_target.relative_to(EXAMPLES.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
