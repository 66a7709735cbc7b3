"""Lines → blocks (heading, paragraph, list item, table row) with page offsets.

Headings come from the source's own markup where it has any (HTML, DOCX styles), from a
larger or bold font in PDFs, and everywhere from their shape: section numbering ("2.1"),
ALL CAPS, or a short line without final punctuation followed by body text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from extraction.dehyphenate import SpellCheck, join_lines
from extraction.targets import header_target_of
from extraction.textlines import BULLET, Line, RawDocument

NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
LETTER_HEADING = re.compile(r"^[A-ZÅÄÖ]\)\s+\S")
SENTENCE_END = (".", "!", "?", ":", ";")
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A full stop after a word, then more text: a sentence ends inside, so no heading ("Vastuu
# on X:llä. (Lähde 2024"). Section numbers ("2.1", "1. Johdanto") have no word before the dot.
INNER_SENTENCE_END = re.compile(r"[^\W\d]{2,}[.!?]\s+[A-ZÅÄÖ(]")
# A line that opens with a short capitalised label and a colon: a form's or card's field.
FIELD_START = re.compile(r"^[A-ZÅÄÖ][\w\-]*(?:[ /][\w\-()]+){0,4}:\s+\S"
                         r"|^[A-ZÅÄÖ][\w\-]{1,14}\s+=\s+\S")  # … or a legend's "SSO = …"
MAX_HEADING_WORDS = 22
MAX_SHORT_HEADING_WORDS = 10
MAX_QUESTION_WORDS = 16
MAX_LABEL_WORDS = 4
FULL_LINE = 0.9  # share of the typical line length at which a line reached the right margin

TopicTest = Callable[[str], bool]


@dataclass(slots=True)
class Block:
    """A unit of text. `start`/`end` are offsets into `Structure.page_texts[page]`."""

    kind: str  # "heading" | "paragraph" | "list_item" | "table_row"
    text: str
    page: int
    level: int = 0  # headings: 1 = top
    strong: bool = False  # numbered, ALL CAPS or typographically marked heading
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Structure:
    blocks: list[Block] = field(default_factory=list)
    page_texts: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Group:
    lines: list[Line]
    text: str


# "… (Keski-Savon työllisyysalue.)": a stop inside a closing bracket after a word, not after
# an abbreviation or a number ("(KotoL 26 § 3 mom.)" is a heading's reference).
CLOSERS = ")]\"”’"
CLOSED_SENTENCE = re.compile(rf"[^\W\d]{{4,}}\.[{re.escape(CLOSERS)}]+$")


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    # the pattern scans the whole text (a paragraph asks once per line): only a text that
    # ends on a closer can match it
    return text.endswith(SENTENCE_END) or (
        text.endswith(tuple(CLOSERS)) and bool(CLOSED_SENTENCE.search(text)))


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) / len(letters) > 0.85


def _style_break(prev: Line, line: Line) -> bool:
    if prev.size and line.size and abs(prev.size - line.size) > 0.6:
        return True
    return prev.bold != line.bold


def _starts_block(prev: Line | None, prev_text: str, line: Line, typical: int) -> bool:
    """Does `line` begin a new block after the group whose text so far is `prev_text`?"""
    if prev is None:
        return True
    text = line.text.strip()
    if line.page != prev.page and prev.box is not None and (
            _ends_sentence(prev_text) or not line.text.strip()[:1].islower()):
        return True  # a sentence that runs on over a page break continues its block
    if line.heading_level or prev.heading_level or line.table_row or prev.table_row:
        return True
    if BULLET.match(text) or LETTER_HEADING.match(text) or (
            NUMBERED_HEADING.match(text) and _is_caps(text[:40])):
        return True
    if FIELD_START.match(text) and not prev_text.rstrip().endswith(("-", ",")):
        return True  # "Kohderyhmä: …", "Ansvarig: …": a form's next field
    if prev_text.rstrip().endswith(":"):
        return True
    if prev_text.rstrip().endswith("-"):
        return False  # a hyphenated word continues on this line
    ended = (line.blank_before and prev.box is None and line.box is None) or prev.paragraph
    if ended and not prev_text.rstrip().endswith(","):
        return True  # plain text: an empty line ends a paragraph; a Word paragraph ends itself
    if _style_break(prev, line):
        return True
    if len(prev_text.split()) < MAX_HEADING_WORDS and _is_caps(prev_text) != _is_caps(text):
        return True
    # A new PDF text box is a paragraph break only when the text allows one: some PDFs
    # put every line in a box of its own.
    blank = line.blank_before or (prev.box is not None and line.box != prev.box)
    starts_upper = text[:1].isupper() or text[:1].isdigit()
    if _ends_sentence(prev_text) and (blank or starts_upper):
        return True
    if blank and NUMBERED_HEADING.match(prev_text) and _titled(prev_text):
        return True  # "4 Sektorsövergripande kartläggning … (15 § …)" then its text
    if blank and NUMBERED_HEADING.match(text) and not _ends_sentence(text):
        return True  # "… @jakobstad.fi" then, after a break, "3 Kartläggning av kompetens …"
    if blank and starts_upper and text.endswith(":") and len(text.split()) <= MAX_LABEL_WORDS:
        return True  # a lead-in label on its own line ("Yhteistyötahot kunnittain:")
    if (blank or BULLET.match(prev_text)) and starts_upper and _unwrapped(
            prev.text, text, typical) and _heading_shape(text) and not _is_caps(prev_text):
        return True  # "- Leirit ja retket" then "Ohjaamo Pieksämäki": the item had ended
    if starts_upper and BARE_URL.match(prev.text.strip()):
        return True  # an address on its own line ends what it belongs to
    # A short unpunctuated line followed by a capitalised one after a break: a heading. A
    # line that fills the measure wrapped: the sentence it starts ends on this line.
    wrapped = len(prev_text) >= typical * FULL_LINE and _ends_sentence(text)
    return bool(blank and starts_upper and _heading_shape(prev_text) and not wrapped)


def _unwrapped(prev_line: str, text: str, typical: int) -> bool:
    """The previous line stopped short of the margin: the next line's first word would have
    fitted on it, so the line break is the writer's, not the typesetter's."""
    prev_line = prev_line.rstrip()
    first = text.split()[0] if text.split() else ""
    return bool(prev_line) and not prev_line.endswith(("-", ",")) and (
        len(prev_line) + 1 + len(first) <= typical)


# A bilingual title: "Monikielinen yhteiskuntaorientaatio – Flerspråkig samhällsorientering".
BILINGUAL_TITLE = re.compile(r"\s+[–—/|]\s+")


def _heading_shape(text: str) -> bool:
    """Short, capitalised, unpunctuated; or two such titles side by side (two languages)."""
    parts = BILINGUAL_TITLE.split(text.strip())
    if len(parts) == 2 and all(_one_title(part) for part in parts):
        return True
    return _one_title(text)


def _one_title(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_SHORT_HEADING_WORDS
        and not _ends_sentence(text)
        and not INNER_SENTENCE_END.search(text)
        and not text.rstrip().endswith((",", "-", "–", "—"))
        and ";" not in text  # "Mittari: läpimenoaika; asiakasmäärä": a field's list, no title
        and text.count("(") <= text.count(")")  # "… -hanke (2024–" runs on
        and (text[:1].isupper() or text[:1].isdigit())
    )


def _typical_length(lines: list[Line], share: float = 0.75) -> int:
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    return lengths[int(len(lengths) * share)] if lengths else 80


def _short_heading_line(prev: Line | None, group_text: str, line: Line, typical: int, measure: int) -> bool:
    """A lone short unpunctuated line before a capitalised one ends a heading (PDF boxes,
    and plain text that puts a heading's line right above its text)."""
    if prev is None or group_text != prev.text.strip() or not _heading_shape(group_text):
        return False
    text = line.text.strip()
    if not text[:1].isupper():
        return False
    # plain text is wrapped at a fixed measure (its longest lines): a line the next line's
    # first word would have fitted on was broken by its writer, whatever its length
    # ("Toimenpide 1.2 [KO] Palvelutarpeen arviointi kolmessa viikossa")
    plain = prev.box is None and prev.size is None and not prev.paragraph
    return len(group_text) < typical * 0.6 or (plain and _unwrapped(prev.text, text, measure))


def _group_lines(lines: list[Line], spell: SpellCheck | None) -> list[_Group]:
    groups: list[_Group] = []
    prev: Line | None = None
    typical = _typical_length(lines)
    measure = _typical_length(lines, 0.9)
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if groups and not _starts_block(prev, groups[-1].text, line, typical) and not _short_heading_line(
                prev, groups[-1].text, line, typical, measure):
            groups[-1].lines.append(line)
            groups[-1].text = join_lines(groups[-1].text, text, spell)
        else:
            groups.append(_Group([line], re.sub(r"\s+", " ", text)))
        prev = line
    return groups


def _body_size(lines: list[Line]) -> float | None:
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _classify(group: _Group, next_group: _Group | None, body: float | None,
              heading_sizes: list[float], topic: TopicTest | None = None,
              ) -> tuple[str, int, bool]:
    first = group.lines[0]
    text = group.text
    words = len(text.split())
    if first.heading_level:
        return "heading", first.heading_level, True
    if first.table_row:
        return "table_row", 0, False
    numbered = NUMBERED_HEADING.match(text)
    if BULLET.match(text) and not numbered:
        return "list_item", 0, False
    if text.endswith("?") and words <= MAX_QUESTION_WORDS and next_group is not None and (
            not INNER_SENTENCE_END.search(text)):
        # "Kuka tekee osaamisen ja kotoutumisen palvelutarpeen arvioinnin?": a question on a
        # line of its own heads the answer under it (a web page's or a brochure's FAQ)
        return "heading", 3, False
    ends = text.endswith((".", ",", ";")) or CLOSED_SENTENCE.search(text)
    # a numbered chapter title in capitals may be long ("6 MUU KOULUTUS JA PALVELUT, JOTKA …")
    long = words > MAX_HEADING_WORDS and not (numbered and _is_caps(text) and words <= 2 * MAX_HEADING_WORDS)
    if long or (ends and not _is_caps(text)):
        return "list_item" if BULLET.match(text) else "paragraph", 0, False
    if text.endswith(":") and not first.heading_level:
        return "paragraph", 0, False  # a label ("Kemi:") or a lead-in, not a heading
    size = first.size
    typographic = bool(
        body and size and (size > body * 1.1 or (first.bold and size >= body))
    )
    if numbered:
        depth = numbered.group(1).count(".") + 1
        if depth == 1 and not (_is_caps(text) or typographic) and words > 12 and not _titled(text):
            return "paragraph", 0, False
        return "heading", depth, True
    if _is_caps(text) and words >= 1 and len(text) >= 5:
        return "heading", 1, True
    if typographic:
        rank = heading_sizes.index(size) + 1 if size in heading_sizes else 2
        return "heading", min(rank + 1, 4), True
    if LETTER_HEADING.match(text) and words <= MAX_SHORT_HEADING_WORDS:
        return "heading", 4, False
    if topic is not None and _entry(text, topic):
        return "paragraph", 0, False  # "Kotoutumissuunnitelma: Kuhmon kaupunki": an entry
    if topic is not None and next_group is not None and not re.search(r"[.!?;]", text) and topic(text):
        return "heading", 3, False  # names a service, however many commas its title has
    if text.count(",") >= 3:
        return "paragraph", 0, False  # an enumeration ("A, B, C, D …"), not a title
    if _heading_shape(text) and next_group is not None:
        return "heading", 3, False
    return "paragraph", 0, False


def _entry(text: str, topic: TopicTest) -> bool:
    """"Service: who" or "Group: who", a line of a list of bodies: the label names a service
    or a target group and the text after it names no service ("Toimenpide 2:
    Kotoutumissuunnitelma" is a title; "Työnhakijat: Keski-Pohjanmaan työllisyysalue" under a
    service's heading is its entry)."""
    label, colon, rest = text.partition(":")
    if not (colon and rest.strip() and len(label.split()) <= MAX_SHORT_HEADING_WORDS) or topic(rest):
        return False
    return topic(label) or any(header_target_of(label, language) for language in ("fi", "sv"))


def _titled(text: str) -> bool:
    """A long numbered line that reads as a title: no sentence inside it, and a statute
    reference in brackets at its end ("11 Annan utbildning … (13 § 1 mom. 4 punkten …)"),
    or two titles side by side, one per language ("2 Osaamisen … arviointi / Bedömning av …")."""
    if INNER_SENTENCE_END.search(text):
        return False
    parts = BILINGUAL_TITLE.split(text.strip())
    return bool(re.search(r"\([^)]*§[^)]*\)\s*$", text)) or (
        len(parts) == 2 and all(_one_title(part) for part in parts))


# A running header or footer written into the text: a short line with a page number that
# recurs ("Dokument … – Jakobstadsregionen 2025   2 (5)", "Pargas stad | … | 5 (11)").
PAGE_MARK = re.compile(r"(?:\b\d{1,3}\s*\(\s*\d{1,3}\s*\)|\b\d{1,3}\s*/\s*\d{1,3}|\|\s*\d{1,3})\s*$"
                       r"|\s{3,}\d{1,3}\s*$")
MIN_RUNNING = 3


def _running_lines(lines: list[Line]) -> set[str]:
    """Masked texts of lines that end with a page number and recur: page furniture."""
    counts: Counter[str] = Counter()
    for line in lines:
        text = line.text.strip()
        if PAGE_MARK.search(line.text.rstrip()) and len(text.split()) <= 16:
            counts[re.sub(r"\d+", "#", text)] += 1
    return {text for text, n in counts.items() if n >= MIN_RUNNING}


MAX_CELL_WORDS = 40
CAPTION_LEVEL = 4  # a table's caption row heads the rows under it, inside the section


EMPTY_CELLS = {"", "-", "–", "—"}


def _piped(line: Line) -> Line:
    """A text line of cells separated by " | " (a table exported as text) is a table row. A
    row whose one text spans the table (the other cells empty, dashes, or the merged text
    repeated: "Leppävirta | – | – | –") is a caption, read as a heading over the rows after it."""
    if line.table_row:
        first, *rest = (cell.strip() for cell in line.text.split(" | "))
        if rest and first and all(cell in EMPTY_CELLS or cell == first for cell in rest):
            return replace(line, text=first, table_row=False,
                           heading_level=line.heading_level or CAPTION_LEVEL)
        return line
    if " | " not in line.text:
        return line
    cells = line.text.split(" | ")
    if all(0 < len(cell.split()) <= MAX_CELL_WORDS for cell in cells) and not PAGE_MARK.search(line.text):
        return replace(line, table_row=True)
    return line


def build_structure(raw: RawDocument, spell: SpellCheck | None = None,
                    topic: TopicTest | None = None) -> Structure:
    """Group lines into blocks, classify them and lay out per-page texts.

    `topic` says whether an unpunctuated run of text names a topic (a statutory service):
    such a run is a heading even when it is too long to look like one.
    """
    running = _running_lines(raw.lines)
    lines = [_piped(line) for line in raw.lines if re.sub(r"\d+", "#", line.text.strip()) not in running]
    groups = _group_lines(lines, spell)
    body = _body_size(lines)
    heading_sizes = sorted(
        {line.size for line in lines if line.size and body and line.size > body * 1.1},
        reverse=True,
    )
    structure = Structure()
    offsets: dict[int, int] = {}
    parts: dict[int, list[str]] = {}
    for index, group in enumerate(groups):
        following = groups[index + 1] if index + 1 < len(groups) else None
        kind, level, strong = _classify(group, following, body, heading_sizes, topic)
        page = group.lines[0].page
        start = offsets.get(page, 0)
        block = Block(kind=kind, text=group.text, page=page, level=level, strong=strong,
                      start=start, end=start + len(group.text))
        structure.blocks.append(block)
        parts.setdefault(page, []).append(group.text)
        offsets[page] = block.end + 1
    structure.page_texts = {page: "\n".join(texts) for page, texts in parts.items()}
    return structure
