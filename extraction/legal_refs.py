"""Statute references → `LegalRef` ("KotoL 14 §", "13 §:n 1 mom. 5 kohta", "(410/2015)").

Abbreviations and statute names come from a table; a bare "14 §" in a sentence that names
no other statute is read as the Integration Act, the subject of every programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.model import LegalRef

INTEGRATION_ACT = "681/2023"
# Chapters of 681/2023 as (first section, chapter), see reference/law-681-2023.md §1.
CHAPTERS_681_2023 = ((1, 1), (10, 2), (33, 3), (40, 4), (45, 5), (49, 6))
# Statute names and abbreviations (lower-case stems) → number.
STATUTE_NAMES: tuple[tuple[str, str], ...] = (
    (r"koto(?:l|lain|laki)\b|kotoutumisla(?:ki|in)|laki\w* kotoutumisen edistämisestä"
     r"|lag(?:en)? om främjande av integration|integrationslag", INTEGRATION_ACT),
    (r"kuntala(?:ki|in)|kommunallag", "410/2015"),
    (r"hallintola(?:ki|in)|förvaltningslag", "434/2003"),
    (r"työvoimapalveluiden järjestämisestä|lag om ordnande av arbetskraftsservice", "380/2023"),
    (r"ulkomaalaisla(?:ki|in)|utlänningslag", "301/2004"),
    (r"toimeentulotuesta|utkomststöd", "1412/1997"),
    (r"perusopetusla(?:ki|in)", "628/1998"),
)
STATUTE_NUMBER = re.compile(r"\b(\d{1,4})/((?:19|20)\d{2})\b")
SECTION = re.compile(
    r"(?P<sections>\d{1,3}\s?[a-z]?(?:\s*(?:,|ja|och|–|-)\s*\d{1,3}\s?[a-z]?)*)\s*§"
    r"(?::\s?(?:n|ssä|ää|ssa|än))?"
    r"(?:\s*(?P<mom>\d{1,2})\s*(?:momenti\w*|mom\.|mom\w*))?"
    r"(?:\s*(?P<point>\d{1,2})\s*(?:kohd\w*|kohta|k\.|punkt\w*))?",
    re.IGNORECASE,
)
SECTION_SPLIT = re.compile(r"\s*(?:,|ja|och)\s*", re.IGNORECASE)
SECTION_RANGE = re.compile(r"\s*[–-]\s*")


@dataclass(frozen=True, slots=True)
class RefMatch:
    ref: LegalRef
    start: int
    end: int


def chapter_of(statute: str, section: str | None) -> int | None:
    """The chapter (luku) of a section of 681/2023; None for other statutes."""
    if statute != INTEGRATION_ACT or not section:
        return None
    digits = re.match(r"\d+", section)
    if not digits:
        return None
    number = int(digits.group(0))
    chapter = None
    for first, chap in CHAPTERS_681_2023:
        if number >= first:
            chapter = chap
    return chapter


def _statutes_in(text: str) -> list[tuple[int, int, str]]:
    """The statutes a text cites by number, and by name where a section ("§") may need one."""
    found = [(m.start(), m.end(), f"{m.group(1)}/{m.group(2)}") for m in STATUTE_NUMBER.finditer(text)]
    if "§" not in text:
        return found  # a name matters only as the statute of a section reference
    lowered = text.lower()
    for pattern, number in STATUTE_NAMES:
        found += [(m.start(), m.end(), number) for m in re.finditer(pattern, lowered)]
    return sorted(found)


def _statute_for(position: int, end: int, statutes: list[tuple[int, int, str]]) -> str:
    """The statute named nearest before a section ref, else just after it, else 681/2023."""
    before = [s for s in statutes if s[1] <= position + 1 and position - s[1] < 60]
    if before:
        return before[-1][2]
    after = [s for s in statutes if s[0] >= end and s[0] - end < 40]
    return after[0][2] if after else INTEGRATION_ACT


def _sections(spec: str) -> list[str]:
    out: list[str] = []
    for part in SECTION_SPLIT.split(spec.strip()):
        bounds = SECTION_RANGE.split(part)
        out.extend(bound.replace(" ", "") for bound in (bounds[0], bounds[-1]) if bound)
    return list(dict.fromkeys(out))


def find_legal_refs(text: str) -> list[RefMatch]:
    """All references in `text`, section-level ones first, then bare statute citations."""
    statutes = _statutes_in(text)
    matches: list[RefMatch] = []
    covered: list[tuple[int, int]] = []
    for m in SECTION.finditer(text):
        statute = _statute_for(m.start(), m.end(), statutes)
        mom = int(m.group("mom")) if m.group("mom") else None
        point = int(m.group("point")) if m.group("point") else None
        sections = _sections(m.group("sections"))
        for section in sections:
            single = len(sections) == 1
            matches.append(RefMatch(
                LegalRef(statute=statute, section=section.lower(),
                         subsection=mom if single else None, point=point if single else None,
                         chapter=chapter_of(statute, section)),
                m.start(), m.end()))
        covered.append((m.start(), m.end()))
    cited = {match.ref.statute for match in matches}
    for start, end, number in statutes:
        if number not in cited and STATUTE_NUMBER.fullmatch(text[start:end].strip()):
            matches.append(RefMatch(LegalRef(statute=number), start, end))
            cited.add(number)
    return matches


def normalise(text: str) -> list[LegalRef]:
    """Just the references of `text` (convenience for tests and callers)."""
    return [match.ref for match in find_legal_refs(text)]
