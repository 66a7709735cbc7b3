"""Which municipalities a programme covers, and which text speaks for which of them.

Covered: municipalities used as section labels ("Kemi: …"), named on the first page (the
title page and opening paragraph name the programme's municipalities) with "kunta" /
"kaupunki" or recurring in the text, or named as
"X:n kunta/kaupunki" at least twice. Text after a label belongs to that municipality until
the next heading or label; text outside any label applies to all covered municipalities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from extraction.model import OrgKind
from extraction.structure import Block

# A label may name the municipality with its kind in apposition: "Kunta Hankasalmi:",
# "Kaupunki Kemi:", "Kommun Strandby:" (the genitive "Kemin kaupunki:" is one mention).
LABEL_KIND_WORDS = frozenset({"kunta", "kaupunki", "kommun", "stad"})
LABEL = re.compile(r"^\s*([^\W\d][\w\-–' ]{1,40}?)\s*:(?!\w)\s*(.*)$", re.DOTALL)
FIRST_PAGES = 1
MIN_OWNER_PHRASES = 2
MIN_FIRST_PAGE_MENTIONS = 3


@dataclass(frozen=True, slots=True)
class MunicipalityMention:
    code: str
    block: int
    with_owner_noun: bool  # "Kuopion kaupunki", "Kaavin kunta"
    whole_label: bool  # the mention is all of a "Name:" label


@dataclass(frozen=True, slots=True)
class Scope:
    covered: tuple[str, ...]
    per_block: tuple[tuple[str, ...], ...]


def label_code(block: Block, mentions: Sequence[MunicipalityMention]) -> str | None:
    """The municipality a block labels ("Kemi:" / "Kemi: text" / a heading "Kemi")."""
    for mention in mentions:
        if mention.whole_label:
            return mention.code
    return None


def is_label_text(text: str, name_text: str) -> bool:
    """Whether a block's label ("Kemi:", "Kunta Kemi:", a heading) is just that name."""
    match = LABEL.match(text)
    words = (match.group(1) if match else text).lower().split()
    if len(words) > 1 and words[0] in LABEL_KIND_WORDS:
        words = words[1:]
    return " ".join(words) == " ".join(name_text.lower().split())


def label_prefix_words(first_word: str) -> int:
    """How many words may precede a municipality's name in a label (a kind word: 1)."""
    return 1 if first_word.lower() in LABEL_KIND_WORDS else 0


def decide_scope(blocks: Sequence[Block], mentions: Sequence[MunicipalityMention],
                 title_block: int | None = None, row_starts: Collection[int] = ()) -> Scope:
    """Covered municipalities and the municipalities each block speaks for.

    A label holds until the next heading or label, or a paragraph in `row_starts` (one that
    opens with a service's name: a flattened table's next row, a heading in disguise).

    A title that names its municipality as an owner ("Korpimaan kunta – Kotoutumisohjelma",
    "Integrationsprogram för Strandby stad") decides alone, with the section labels:
    other municipalities named on the first page are neighbours or service providers.
    """
    by_block: dict[int, list[MunicipalityMention]] = {}
    for mention in mentions:
        by_block.setdefault(mention.block, []).append(mention)
    labels = [m.code for m in mentions if m.whole_label]
    counts = Counter(m.code for m in mentions)
    # A name in passing on the first page ("Varkaus", a neighbour) is not the subject:
    # the programme's own municipalities recur through the text.
    first_page = [m.code for m in mentions if blocks[m.block].page <= FIRST_PAGES
                  and (m.with_owner_noun or counts[m.code] >= MIN_FIRST_PAGE_MENTIONS)]
    owners = Counter(m.code for m in mentions if m.with_owner_noun)
    titled = [m.code for m in mentions if title_block is not None and m.block == title_block
              and m.with_owner_noun]
    covered = list(dict.fromkeys(
        labels + first_page + [code for code, n in owners.items() if n >= MIN_OWNER_PHRASES]))
    if titled:
        covered = list(dict.fromkeys(titled + labels))
    if not covered and mentions:
        covered = [Counter(m.code for m in mentions).most_common(1)[0][0]]
    per_block: list[tuple[str, ...]] = []
    current: tuple[str, ...] | None = None
    for index, block in enumerate(blocks):
        code = label_code(block, by_block.get(index, []))
        if code is not None:
            current = (code,)
        elif block.kind == "heading" or index in row_starts:
            current = None
        per_block.append(current or tuple(covered))
    return Scope(covered=tuple(covered), per_block=tuple(per_block))


__all__ = ["MunicipalityMention", "OrgKind", "Scope", "decide_scope", "is_label_text",
           "label_prefix_words"]
