"""How a programme names itself: the vocabulary that marks a document as one, its title
heading, and the title it is filed under."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extraction.structure import Block

PROGRAMME_VOCABULARY = re.compile(
    r"kotoutumisohjelm|kotoutumisen alkuvaiheen palvel|integrationsprogram", re.IGNORECASE)
# The programme's name in the nominative (a title), not in an oblique case ("kotoutumisohjelmaa").
TITLE_WORD = re.compile(r"(?:kotoutumisohjelma|integrationsprogram(?:met)?)(?![\wäö])",
                        re.IGNORECASE)
BARE_TITLE = re.compile(r"(?:kotoutumisohjelma|integrationsprogram(?:met)?)", re.IGNORECASE)
# "Tässä Kuopion kaupungin, … ja Kaavin kuntien kotoutumisohjelmassa kuvataan …": the
# genitive attributes before the programme noun are the document's own name for itself.
SELF_REFERENCE = re.compile(
    r"\b(?:Tässä|Tämä|Tähän|Tämän)\s+((?:[A-ZÅÄÖ][\w-]*n(?:\s+(?:kaupungin|kunnan|kuntien|seudun))?"
    r"(?:,\s+|\s+ja\s+|\s+sekä\s+)?)+)\s*(kotoutumisohjelma)\w*")


def title_blocks(blocks: Sequence[Block]) -> tuple[int, ...]:
    """The document's title: the headings that open it, before its first text, when one of
    them names the programme ("LAHDEN KAUPUNKI" / "KOTOUTUMISOHJELMA 2025–2026")."""
    opening = []
    for index, block in enumerate(blocks[:4]):
        if block.kind != "heading":
            break
        opening.append(index)
    return tuple(opening) if any(PROGRAMME_VOCABULARY.search(blocks[i].text) for i in opening) else ()


def programme_title(blocks: Sequence[Block], names: Sequence[str], language: str) -> str | None:
    """The document's own name for itself.

    1. A first-page heading that names the programme in the nominative and is not a
       subsection ("Järvelän kunnan kotoutumisohjelma 2025–2026"; not "1.1 Kunnassa
       kotoutumisohjelmaa koordinoiva taho").
    2. The document naming itself: "Tässä X:n kotoutumisohjelmassa …" → "X:n kotoutumisohjelma".
    3. A bare chapter heading ("1 Kotoutumisohjelma") without its number.
    4. Otherwise "Kotoutumisohjelma: <names of the covered municipalities>" (made up, not quoted).
    """
    first_page = [b for b in blocks[:20] if b.page == blocks[0].page]
    bare = None
    for block in first_page:
        if block.kind != "heading" or not TITLE_WORD.search(block.text):
            continue
        number = re.match(r"\s*(\d+(?:\.\d+)*)\.?\s+", block.text)
        if number and "." in number.group(1):
            continue  # a subsection
        text = block.text[number.end():] if number else block.text
        if BARE_TITLE.fullmatch(text.strip()):
            bare = bare or text.strip()
            continue
        return block.text
    for block in blocks[:40]:
        match = SELF_REFERENCE.search(block.text)
        if match:
            return f"{match.group(1)} {match.group(2).lower()}"
    if bare:
        return bare
    if not names:
        return None
    noun = "Integrationsprogram" if language == "sv" else "Kotoutumisohjelma"
    return f"{noun}: {', '.join(names)}"
