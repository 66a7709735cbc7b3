"""Labels: the short "X:" phrases that frame the text after them.

Programmes put much of what they say about responsibility into labelled fields rather than
sentences: "Vastuutaho: työnhakijat: Oulun työllisyysalue; muut: asuinkunta", "Palvelun
tuottaja: Tampere: …; Kangasala: …", "Ansvarig: Arbetssökande: …", "Kunnittaiset erot:
Kempele: …". A label names a role slot, a target group, member municipalities, services,
a municipality-specific part, a card field, or a body; several labels nest. This module
finds labels in a text and reads what each one says. The cue words are data, per language
(`FIELD_CUES`); the slot, group and service cues come from `slots`, `targets` and `services`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from extraction.legal_refs import find_legal_refs
from extraction.model import Role, ServiceKey, TargetGroup
from extraction.services import classify_heading
from extraction.slots import BRACKET, WHO_QUESTIONS, slot_of
from extraction.targets import header_target_of

MAX_LABEL_WORDS = 8
# Where a label may start: the text's start (after a list mark), or after ";", "." or ","
# and a space. A comma separates labels only of a kind already used in the same text
# ("työnhakijat: työllisyysalue, muut: asuinkunta").
LIST_MARK = re.compile(r"^\s*(?:[•\-–—*▪●◦■□➢►✓\x00\uf000-\uf0ff]|\d{1,2}\)|[a-zåäö]\))?\s*")
# A label holds no sentence end: "… (muut). Yhteistyö:" is a sentence, then a label.
# A card's field may ask instead ("Kuka? Työnhakijat: X · muut: Y", "Vem? …").
LABEL_TEXT = re.compile(
    r"(?P<label>[^\W\d_](?:[^:;!?\n.]|\.(?!\s)){0,90}?)\s*:(?=\s|$)"
    rf"|(?P<question>(?i:{'|'.join(WHO_QUESTIONS)}))\?(?=\s)")
BOUNDARY = re.compile(r"(?P<mark>[;.,·])\s+")
# "klo 9:00", "https://", "§:n": a colon that ends no label.
NOT_A_LABEL = re.compile(r"https?$|www\.|\d$|§$", re.IGNORECASE)



class Level(IntEnum):
    """How far out a label's frame reaches: a new label closes those at its level or deeper."""

    FIELD = 0  # a role slot or a card field ("Vastuutaho:", "Lakiperuste:", "Kunnittaiset erot:")
    SERVICE = 1  # services ("Perheen kotoutumissuunnitelma:")
    MUNICIPALITY = 2  # member municipalities ("Kempele:", "Oulu, Kempele ja Muhos:")
    GROUP = 3  # a target group ("työnhakijat:", "Övriga invandrare:")
    OTHER = 4  # a body ("Kela:") or a label that says nothing of these


class Field:
    """Card and form fields whose value is no statement of who does what."""

    SERVICE = "service"  # "Palvelu: …": the value names the card's service
    GROUP = "group"  # "Kohderyhmä: …": the value names the card's target group
    SKIP = "skip"  # "Lakiperuste:", "Yhteystiedot:": not read for facts
    NOTE = "note"  # "Lisätietoja:", "Kuvaus:": read, with no slot
    SPECIFIC = "specific"  # "Kunnittaiset erot:": municipality-labelled items follow


# Field names (lower case, the whole label or its start) → field kind, per language.
FIELD_CUES: dict[str, tuple[tuple[str, str], ...]] = {
    "fi": (
        (Field.SERVICE, r"palvelu|palvelun nimi|palvelukuvaus|palvelu\s*/\s*toimenpide"),
        (Field.GROUP, r"kohderyhmä\w*|asiakasryhmä\w*|kenelle"),
        (Field.SKIP, r"lakiperuste\w*|säädösperuste\w*|laki|lähde|lähteet|yhteystiedot|yhteyshenkilö\w*"
                     r"|hyväksy\w*|päivitetty|voimassa|versio|tiedoksi|muutoksenhaku|lyhentee\w*"
                     r"|sisällys\w*|liite|liitteet|dnro|valmistelija|esittelijä|päätös\w*"),
        (Field.NOTE, r"lisätiedo\w*|lisätietoja|huom\w*|kuvaus|sisältö|tavoite|käytäntö\w*"),
        (Field.SPECIFIC, r"kunnittai\w*(?: \w+)?|kuntakohtai\w*(?: \w+)?|kuntakohtaiset \w+"
                         r"|poikkeukset kunnittain|kunnittaiset erot"),
    ),
    "sv": (
        (Field.SERVICE, r"tjänst|tjänstens namn|tjänstebeskrivning"),
        (Field.GROUP, r"målgrupp\w*|kundgrupp\w*|för vem"),
        (Field.SKIP, r"lagrum|laglig grund|rättslig grund|lag|källa|källor|kontaktuppgifter"
                     r"|kontaktperson\w*|godkän\w*|uppdaterad|version|förkortningar|innehåll|bilaga"),
        (Field.NOTE, r"tilläggsinformation|mer information|obs|beskrivning|innehåll|mål|genomförande"),
        (Field.SPECIFIC, r"kommunvis\w*(?: \w+)?|kommunspecifik\w*(?: \w+)?|avvikelser per kommun"),
    ),
}
# Words a municipality label may hold besides the names ("Kunta Kemi:", "Muhos ja Hailuoto:").
MUNICIPALITY_FILLER = re.compile(
    r"^(?:ja|sekä|tai|och|samt|eller|kunta|kunnan|kaupunki|kaupungin|kommun|kommunen|stad|staden"
    r"|osalta|del|för|i|,|&|–|-"
    r"|\d+(?:\.\d+)*\.?|[a-zåäö]\))$", re.IGNORECASE)  # a chapter's number ("4.2 Juva", "b) Kemi")


@dataclass(frozen=True, slots=True)
class LabelInfo:
    """What one label says."""

    level: Level
    slot: Role | None = None
    group: TargetGroup | None = None
    codes: tuple[str, ...] = ()
    services: tuple[ServiceKey, ...] = ()
    field: str | None = None
    body: bool = False  # the label is a body's name: the text after it is that body's part


@dataclass(frozen=True, slots=True)
class Label:
    """A label found in a text: its span (through the colon) and what it says."""

    start: int
    end: int  # after the colon and the space after it
    text: str
    info: LabelInfo


@dataclass(frozen=True, slots=True)
class LabelReader:
    """Reads labels in one language. `municipalities(text)` gives the codes of the
    municipalities a text names and whether nothing else is named; `is_body(text)` says
    whether the text is one organisation's name; `finite_verb(text)` whether it has one
    (a lead-in with a verb is a clause, not a label)."""

    language: str
    municipalities: Callable[[str], tuple[tuple[str, ...], bool]]
    is_body: Callable[[str], bool]
    finite_verb: Callable[[str], bool]
    fields: tuple[tuple[str, re.Pattern[str]], ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        cues = FIELD_CUES.get(self.language, FIELD_CUES["fi"])
        compiled = tuple((kind, re.compile(rf"(?:{cue})\b", re.IGNORECASE)) for kind, cue in cues)
        object.__setattr__(self, "fields", compiled)

    def read(self, text: str) -> LabelInfo | None:
        """What a label text says, or None when it says nothing a frame can use."""
        clean = text.strip(" •-–—*\t").strip()
        if not clean or NOT_A_LABEL.search(clean) or len(clean.split()) > MAX_LABEL_WORDS:
            return None
        lowered = clean.lower()
        for kind, cue in self.fields:
            if cue.fullmatch(lowered) or (cue.match(lowered) and kind == Field.SPECIFIC):
                group = header_target_of(lowered, self.language) if kind == Field.SPECIFIC else None
                return LabelInfo(Level.FIELD, field=kind, group=group)
        slot = slot_of(clean)
        if slot is not None:
            bracket = BRACKET.search(clean)  # "Järjestäjä (muut)": the group in brackets
            group = header_target_of(clean, self.language) or (
                header_target_of(bracket.group(1), self.language) if bracket else None)
            return LabelInfo(Level.FIELD, slot=slot, group=group)
        if self.finite_verb(clean):
            return None
        services = tuple(classify_heading(clean, [m.ref for m in find_legal_refs(clean)], self.language))
        group = header_target_of(clean, self.language)
        codes, only = self.municipalities(clean)
        if services:
            return LabelInfo(Level.SERVICE, services=services, group=group, codes=codes)
        if codes and only:
            return LabelInfo(Level.MUNICIPALITY, codes=codes, group=group)
        if group is not None:  # "Övriga – Lovisa": a group of one member (a table's column)
            return LabelInfo(Level.GROUP, group=group, codes=codes)
        if self.is_body(clean):
            return LabelInfo(Level.OTHER, body=True)
        return None

    def find(self, text: str) -> list[Label]:
        """The labels of a text, left to right. At the start any known label counts (an
        unknown one there is a neutral label); later ones must say something, and after a
        comma only a label of a level already used counts."""
        out: list[Label] = []
        starts = [(LIST_MARK.match(text).end(), "")]  # type: ignore[union-attr]
        starts += [(m.end(), m.group("mark")) for m in BOUNDARY.finditer(text)]
        for position, mark in starts:
            while not out or position >= out[-1].end:
                label = self._label_at(text, position, mark, out)
                if label is None:
                    break
                out.append(label)
                position, mark = label.end, ":"  # a label right after a label nests in it
        return out

    def _label_at(self, text: str, position: int, mark: str, before: Sequence[Label]) -> Label | None:
        match = LABEL_TEXT.match(text, position)
        if match is None or _inside_brackets(text, position):
            return None
        group = "label" if match.group("label") is not None else "question"
        info = self.read(match.group(group))
        if info is None:
            return None
        if mark == "," and not any(label.info.level == info.level for label in before):
            return None
        end = match.end()
        while end < len(text) and text[end] == " ":
            end += 1
        return Label(match.start(group), end, match.group(group).strip(), info)


def _inside_brackets(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("(") > before.count(")")


@dataclass(frozen=True, slots=True)
class LabelStack:
    """The labels in force, outermost first; a new label closes those at its level or deeper."""

    labels: tuple[Label, ...] = ()

    def push(self, label: Label) -> LabelStack:
        kept = tuple(lb for lb in self.labels if lb.info.level < label.info.level)
        return LabelStack((*kept, label))

    def outer(self, level: Level) -> LabelStack:
        """Only the labels outside `level` (what a continuing block inherits)."""
        return LabelStack(tuple(lb for lb in self.labels if lb.info.level < level))

    def innermost(self, attribute: str) -> object:
        for label in reversed(self.labels):
            value = getattr(label.info, attribute)
            if value:
                return value
        return None

    @property
    def levels(self) -> set[Level]:
        return {lb.info.level for lb in self.labels}

    @property
    def prefix(self) -> str:
        return " ".join(f"{lb.text}:" for lb in self.labels)


