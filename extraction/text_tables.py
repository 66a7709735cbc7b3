"""Tables in plain text, written as the structure pass reads a table exported as text: one
line per row, its cells joined by " | ".

Text exports lay tables out in three ways: cells separated by tabs (a table copied from a
word processor), by " | " with a rule line under the header ("----+----"), or aligned in
columns with runs of spaces (`pdftotext -layout`, a hand-typed matrix). A cell that does not
fit its column wraps onto a line of its own whose other cells are empty; such a line
continues the row above it. A first column that only numbers the rows ("Nro", "1", "10a") is
no label and is dropped, so that a row's first cell names its service or member.
"""

from __future__ import annotations

import re

RULE = re.compile(r"^[\s\-=+|_]{5,}$")
GAP = re.compile(r"\S(\s{2,})(?=\S)")  # two spaces or more between two cells
ROW_NUMBER = re.compile(r"^(?:\d{1,2}[a-z]?\.?|nro|nr|no|#)$", re.IGNORECASE)
MIN_ALIGNED_CELLS = 3
# "YSAO      Ylä-Savon ammattiopisto": a short term, a run of spaces, what it stands for
LEGEND_LINE = re.compile(r"^\s{0,4}(\S{1,12}(?:\s\S{1,4})?)\s{2,}(\S.*)$")
MIN_LEGEND_LINES = 3
EMPTY = "–"


def table_lines(lines: list[str]) -> list[str]:
    """The lines of one page of plain text, each table row written as " | " cells."""
    return _merged([_cells_of(line) for line in _legends(_aligned_tables(lines))])


def _legends(lines: list[str]) -> list[str]:
    """A list of abbreviations laid out in two columns ("YSAO      Ylä-Savon ammattiopisto"),
    three lines or more, as two-cell rows; an indented line goes on with the one above."""
    out: list[str] = []
    run: list[tuple[str, str, list[str]]] = []  # (term, meaning, the lines as written)

    def flush() -> None:
        if len(run) >= MIN_LEGEND_LINES:
            out.extend(f"{term} | {meaning}" for term, meaning, _lines in run)
        else:
            out.extend(line for _term, _meaning, written in run for line in written)
        run.clear()

    for line in lines:
        item = LEGEND_LINE.match(line) if " | " not in line and "\t" not in line else None
        if item:
            run.append((item.group(1), item.group(2).strip(), [line]))
        elif run and line.startswith("  ") and line.strip() and not GAP.search(line.strip()):
            term, meaning, written = run[-1]
            run[-1] = (term, f"{meaning} {line.strip()}", [*written, line])
        else:
            flush()
            out.append(line)
    flush()
    return out


def _aligned_tables(lines: list[str]) -> list[str]:
    """Aligned tables' lines as " | " rows, rule lines dropped, other lines as they are."""
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if _aligned(line) or (run and _continues(line, run[0])):
            run.append(line)
            continue
        out.extend(_aligned_rows(run) if len(run) >= 2 else run)
        run = []
        if RULE.match(line) and line.strip():
            continue  # "----+-------": the rule under a text table's header
        out.append(line)
    out.extend(_aligned_rows(run) if len(run) >= 2 else run)
    return out


def _aligned(line: str) -> bool:
    """A line of three cells or more set apart by runs of spaces, not already a " | " row."""
    return " | " not in line and "\t" not in line and len(GAP.findall(line.strip())) >= MIN_ALIGNED_CELLS - 1


def _continues(line: str, header: str) -> bool:
    """A line inside an aligned table that holds a wrapped cell's rest: indented under its
    column, or going on in lower case or with a bracket ("kartläggning (15 §)", "(16 §)")."""
    indent = len(line) - len(line.lstrip())
    return bool(line.strip()) and indent < len(header) and not RULE.match(line) and (
        indent >= 2 or _goes_on(line.strip()))


def _goes_on(cell: str) -> bool:
    """A cell that continues the one above it rather than starting a row."""
    return cell[:1].islower() or cell[:1] == "("


def _starts(header: str) -> list[int]:
    """Where each column of an aligned table starts: at the header's cells."""
    return [0 if not m.start() else m.end() for m in re.finditer(r"(?:^|\s{2,})(?=\S)", header)]


def _aligned_rows(run: list[str]) -> list[str]:
    """The rows of an aligned table, cut at the header's column starts (a cell may start a
    little before its header's word when it is longer)."""
    starts = _starts(run[0])
    rows = []
    for line in run:
        cells = []
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(line)
            cells.append(line[_cut(line, start):_cut(line, end) if i + 1 < len(starts) else end].strip())
        rows.append(" | ".join(cell or EMPTY for cell in cells))
    return rows


def _cut(line: str, position: int) -> int:
    """A column boundary moved back to the space before the word it falls in."""
    if position >= len(line):
        return len(line)
    while position > 0 and not line[position - 1].isspace():
        position -= 1
    return position


def _cells_of(line: str) -> list[str] | str:
    """A row's cells (tabs or " | " between them); a line that is no row as it is."""
    if "\t" in line.strip():
        return [cell.strip() for cell in line.strip(" ").split("\t")]
    if " | " in line or line.strip().startswith("|"):
        cells = re.split(r"\s*\|\s*", line.rstrip())
        if line.startswith("|") and line.rstrip().endswith("|"):
            cells = cells[1:-1]  # "| A | B |": the table's outer border, no empty cells
        cells = [cell.strip() for cell in cells]
        return cells if len(cells) >= 2 else line.rstrip()
    return line.rstrip()


def _merged(rows: list[list[str] | str]) -> list[str]:
    """Rows written out: a row whose first cell is empty and that goes on with a wrapped
    cell ("kirjasto)", "yht. SPR"), or a table's row whose first cell goes on in lower case
    ("kartläggning (15 §)"), continues the row above it; the row-number column goes. (In a
    two-column list of terms a lower-case term is a term: "yht.", "srk".)"""
    out: list[list[str] | str] = []
    for row in rows:
        prev = out[-1] if out else None
        if isinstance(row, list) and isinstance(prev, list) and len(row) == len(prev) and (
                (row[0] in ("", EMPTY) and _wrapped(prev, row)) or (len(row) > 2 and _goes_on(row[0]))):
            out[-1] = [_joined(a, b) if b not in ("", EMPTY) else a for a, b in zip(prev, row, strict=True)]
            continue
        out.append(row)
    return [" | ".join(cell or EMPTY for cell in _numbered(row)) if isinstance(row, list) else row
            for row in out]


CONJUNCTIONS = frozenset({"ja", "tai", "sekä", "och", "eller", "samt"})


def _joined(above: str, rest: str) -> str:
    """A cell and its wrapped rest: a word broken at a hyphen is one word again
    ("integrations-" "plan"), a name's own hyphen stays ("Keski-" "Pohjanmaan", "vapaa-"
    "aikapalvelut"), and "ungdoms- och idrottsbyrå" keeps its space."""
    if above in ("", EMPTY):
        return rest
    if above.endswith("-") and rest.split()[0] not in CONJUNCTIONS:
        # the hyphen stays before a capital and where two same vowels meet ("vapaa-aika")
        kept = rest[:1].isupper() or above[-2:-1].lower() == rest[:1].lower()
        return above + rest if kept else above[:-1] + rest
    return f"{above} {rest}"


def _wrapped(prev: list[str], row: list[str]) -> bool:
    """The row holds the rest of cells the row above could not fit: a cell goes on in lower
    case or with a bracket, or a cell above left a bracket open or ended on ",", ";" or "-"."""
    return any(_goes_on(cell) or cell[:1] == ")" for cell in row if cell not in ("", EMPTY)) or any(
        cell.count("(") > cell.count(")") or cell.endswith((",", ";", "-")) for cell in prev)


def _numbered(cells: list[str]) -> list[str]:
    """The cells without a first column that only numbers the rows ("Nro", "1", "10a")."""
    return cells[1:] if len(cells) > 2 and ROW_NUMBER.match(cells[0]) else cells
