"""Which municipalities a programme covers.

Covered: municipalities used as labels ("Kemi: …"), named on the first page (the title page
and opening paragraph name the programme's municipalities) with "kunta" / "kaupunki" or
recurring in the text, or named as "X:n kunta/kaupunki" at least twice; a title that names
its municipality as an owner decides alone. Which text speaks for which member is the
structural pass's (`segments`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from extraction.sentences import PUNCTUATED_SENTENCE
from extraction.structure import Block

# A label may name the municipality with its kind in apposition: "Kunta Hankasalmi:",
# "Kaupunki Kemi:", "Kommun Strandby:" (the genitive "Kemin kaupunki:" is one mention).
LABEL_KIND_WORDS = frozenset({"kunta", "kaupunki", "kommun", "stad"})
LABEL = re.compile(r"^\s*([^\W\d][\w\-–' ]{1,40}?)\s*:(?!\w)\s*(.*)$", re.DOTALL)
FIRST_PAGES = 1
MIN_OWNER_PHRASES = 2
MIN_FIRST_PAGE_MENTIONS = 3
OPENING_CHARS = 3000  # about a page of text


@dataclass(frozen=True, slots=True)
class MunicipalityMention:
    code: str
    block: int
    with_owner_noun: bool  # "Kuopion kaupunki", "Kaavin kunta"
    whole_label: bool  # the mention is all of a "Name:" label
    start: int = 0  # character offset in the block


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


# Words of a list of members besides the names ("A, B ja C", "Kunnat: A, B och C").
LIST_WORDS = frozenset({"ja", "sekä", "och", "samt", "kunnat", "kommuner", "kunta", "kaupunki",
                        "kommun", "stad"})
MIN_LIST_MEMBERS = 3


# A sentence that says whom the programme is for ("Ohjelma koskee Hyrynsalmea, Kajaania …",
# "… seuraavia kuntia:", "Programmet gäller …").
COVERS = re.compile(r"\b(?:koske\w*|kattaa|jäsenkun\w*|sopijakun\w*|kuntia|gäller|omfattar)\b",
                    re.IGNORECASE)


def _member_lists(blocks: Sequence[Block], mentions: Sequence[MunicipalityMention]) -> list[str]:
    """The members an opening block lists and does nothing else with ("Alajärvi, Alavus,
    Evijärvi … ja Ähtäri" under a joint programme's title), or lists after saying that the
    programme is for them ("Ohjelma koskee seuraavia kuntia: …"): names most of its words."""
    out: list[str] = []
    for number, block in enumerate(blocks):
        here = [m for m in mentions if m.block == number]
        codes = [m.code for m in here]
        if len(set(codes)) >= MIN_LIST_MEMBERS and _names_most(block.text, codes):
            out += codes
            continue
        # "Ohjelma koskee A:ta, B:tä, C:tä ja D:tä. Muuta tekstiä.": the sentence lists them
        for sentence in PUNCTUATED_SENTENCE.finditer(block.text):
            codes = [m.code for m in here if sentence.start() <= m.start < sentence.end()]
            if (len(set(codes)) >= MIN_LIST_MEMBERS and COVERS.search(sentence.group())
                    and _names_most(sentence.group(), codes)):
                out += codes
    return out


def _names_most(text: str, codes: Sequence[str]) -> bool:
    """The text is a list of the members, or says the programme covers them and lists them."""
    words = [w for w in re.findall(r"[^\W\d][\w\-]*", text) if w.lower() not in LIST_WORDS]
    return len(words) <= len(codes) or bool(COVERS.search(text) and len(words) <= 2 * len(codes))


def _opening(blocks: Sequence[Block]) -> int:
    """How many blocks open the document: its first page, and no more than a page's worth of
    text (a web page or a DOCX is all one "page")."""
    count, chars = 0, 0
    for block in blocks:
        if block.page > FIRST_PAGES or chars > OPENING_CHARS:
            break
        count, chars = count + 1, chars + len(block.text)
    return count


def covered_municipalities(blocks: Sequence[Block], mentions: Sequence[MunicipalityMention],
                           title: Collection[int], labelled: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """The municipalities a programme covers: those its labels speak for (`labelled`: the
    codes of each municipality label), named on its first page with "kunta" / "kaupunki" or
    recurring, or named as their own "X:n kunta/kaupunki" at least twice. A title that names
    its municipality as an owner decides alone, with the labels."""
    labels = [code for codes in labelled for code in codes]
    counts = Counter(m.code for m in mentions)
    opening = _opening(blocks)
    first_page = [m.code for m in mentions if m.block < opening
                  and (m.with_owner_noun or counts[m.code] >= MIN_FIRST_PAGE_MENTIONS)]
    owners = Counter(m.code for m in mentions if m.with_owner_noun)
    titled = [m.code for m in mentions if m.block in title and m.with_owner_noun]
    if titled:
        return tuple(dict.fromkeys(titled + labels))
    listed = _member_lists(blocks[:opening], mentions)
    if listed:
        # "Programmet gäller kommunerna Korsholm, Vörå och Malax": the members it lists, not
        # a town named as a seller or a venue ("köps av Vasa stad")
        return tuple(dict.fromkeys(labels + listed))
    covered = list(dict.fromkeys(
        labels + first_page + [code for code, n in owners.items() if n >= MIN_OWNER_PHRASES]))
    if not covered and mentions:
        covered = [counts.most_common(1)[0][0]]
    return tuple(covered)
