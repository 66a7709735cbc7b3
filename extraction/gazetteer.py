"""Known organisations (reference CSVs) and their mentions in inflected Finnish text.

A name matches a run of tokens when every token but the last matches literally (the
modifiers of a Finnish name stay in the genitive: "Etelä-Savon hyvinvointialueen") and the
last matches by lemma or by a generated case form (`inflection`), so "Kuopion", "Kelan",
"Pohjois-Savon hyvinvointialueelle" and unknown fictional names all resolve. Longest
match wins. Every mention resolves to one canonical `Organisation` with a stable key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from extraction.inflection import surface_forms
from extraction.model import Organisation, OrgKind
from extraction.reference_data import ReferenceData

# Heads an employment area is called by besides its official name.
EMPLOYMENT_AREA_HEADS = (
    "työllisyysalue", "työllisyysalueen työvoimaviranomainen", "työllisyyspalvelut",
    "työllisyyspalvelu", "työvoimaviranomainen", "työllisyysalueen kotoutumispalvelut",
    "työllisyyspalvelukeskus",
)
MAX_NAME_TOKENS = 6
# An area named like a municipality ("Helsingin kaupunki", "Helsingfors stad") is that
# municipality acting as the area: its name stays the municipality's.
MUNICIPAL_HEADS = {"kaupunki", "kunta", "stad", "kommun"}


class TokenLike(Protocol):
    text: str
    lemma_: str


def slug(text: str) -> str:
    """ASCII, lower-case, hyphen-separated key part ("Etelä-Savo" → "etela-savo")."""
    folded = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token index
    end: int  # exclusive
    org: Organisation


class Gazetteer:
    """Organisations from the reference tables and a matcher for their names."""

    def __init__(self, ref: ReferenceData, tokenize: Callable[[str], list[str]]) -> None:
        self.ref = ref
        self._tokenize = tokenize
        self.municipalities: dict[str, Organisation] = {}
        self.welfare_areas: dict[str, Organisation] = {}
        self.employment_areas: dict[str, Organisation] = {}
        self.public_bodies: dict[str, Organisation] = {}
        self._regional: dict[tuple[str, str], Organisation] = {}  # (body, region) → office
        self._names: dict[str, list[tuple[tuple[str, ...], Organisation]]] = {}
        self._forms: dict[str, set[str]] = {}
        self._build()

    # -- building -------------------------------------------------------------------
    def _build(self) -> None:
        for code, m in self.ref.municipalities.items():
            org = Organisation(key=code, name=m.name_fi or code, kind=OrgKind.MUNICIPALITY,
                               identifier=code, name_sv=m.name_sv or None)
            self.municipalities[code] = org
            self._add_names(org, m.name_fi, m.name_sv)
        for key, w in self.ref.welfare_areas.items():
            org = Organisation(key=key, name=w.name_fi or key, kind=OrgKind.WELFARE_AREA,
                               identifier=w.code or None, name_sv=w.name_sv or None)
            self.welfare_areas[key] = org
            self._add_names(org, *_area_names(w.name_fi, w.name_sv), *w.aliases)
        for key, e in self.ref.employment_areas.items():
            org = Organisation(key=key, name=e.name_fi or key, kind=OrgKind.EMPLOYMENT_AREA,
                               name_sv=e.name_sv or None)
            self.employment_areas[key] = org
            self._add_names(org, *_area_names(e.name_fi, e.name_sv, *_employment_aliases(e.name_fi or "")))
        for key, b in self.ref.public_bodies.items():
            org = Organisation(key=key, name=b.name_fi or key, kind=b.kind, name_sv=b.name_sv or None)
            self.public_bodies[key] = org
            self._add_names(org, b.name_fi, b.name_sv, b.name_en, *b.aliases)
            for region in b.region_codes:
                if b.regional_of:
                    self._regional[(b.regional_of, region)] = org

    def _add_names(self, org: Organisation, *names: str | None) -> None:
        for name in names:
            if not name or not name.strip():
                continue
            tokens = self._tokenize(name.strip())
            if not tokens or len(tokens) > MAX_NAME_TOKENS:
                continue
            keys = tuple(t.lower() for t in tokens)
            self._names.setdefault(keys[0], []).append((keys, org))
            for form in surface_forms(tokens[-1]):
                self._forms.setdefault(form, set()).add(keys[-1])
            if len(keys) == 1:
                for form in surface_forms(tokens[0]):
                    self._names.setdefault(form, []).append((keys, org))

    # -- lookup ---------------------------------------------------------------------
    def municipality(self, code: str) -> Organisation | None:
        return self.municipalities.get(code)

    def employment_area_of(self, code: str) -> Organisation | None:
        m = self.ref.municipalities.get(code)
        return self.employment_areas.get(m.employment_area) if m else None

    def welfare_area_of(self, code: str) -> Organisation | None:
        m = self.ref.municipalities.get(code)
        return self.welfare_areas.get(m.welfare_area) if m else None

    def regional_office(self, org: Organisation, code: str) -> Organisation:
        """"ELY-keskus" in a municipality's programme: the office of its region, if known."""
        m = self.ref.municipalities.get(code)
        return self._regional.get((org.key, m.region_code), org) if m else org

    def members_of(self, employment_area_key: str) -> list[str]:
        return [m.code for m in self.ref.employment_area_members(employment_area_key)]

    def _token_keys(self, token: TokenLike) -> set[str]:
        text = token.text.lower()
        keys = {text, token.lemma_.lower()}
        if ":" in text:  # "FPA:s", "ELY:n", "SPR:n": an abbreviation with its case ending
            keys.add(text.split(":", 1)[0])
        keys |= self._forms.get(text, set())
        return keys

    def match(self, tokens: Sequence[TokenLike]) -> list[Match]:
        """Non-overlapping longest matches of known names in a token sequence."""
        keys = [self._token_keys(t) for t in tokens]
        matches: list[Match] = []
        i = 0
        while i < len(tokens):
            best: Match | None = None
            first = tokens[i].text
            for key in keys[i]:
                for name_keys, org in self._names.get(key, ()):
                    n = len(name_keys)
                    if i + n > len(tokens) or (best and n <= best.end - best.start):
                        continue
                    if n == 1 and not first[:1].isupper():
                        continue  # single-word names are proper nouns
                    if n == 1 or all(
                        name_keys[j] in ({tokens[i + j].text.lower()} if j < n - 1 else keys[i + j])
                        for j in range(1, n)
                    ):
                        best = Match(i, i + n, org)
            if best:
                matches.append(best)
                i = best.end
            else:
                i += 1
        return matches


def _area_names(*names: str | None) -> list[str | None]:
    """An area's names, without those that name a municipality (MUNICIPAL_HEADS)."""
    return [n for n in names if not (n and n.split()[-1].lower() in MUNICIPAL_HEADS)]


def _employment_aliases(name: str) -> list[str]:
    """"Keski-Savon työllisyysalue" → "Keski-Savon työllisyyspalvelut", … ."""
    for head in EMPLOYMENT_AREA_HEADS:
        if name.lower().endswith(" " + head):
            stem = name[: -len(head)].rstrip()
            stems = [stem]
            # "Kuopion seudun työllisyysalue" is also "Kuopion työllisyysalue", and
            # "Turun työllisyysalue" is also "Turun seudun työllisyysalue".
            if stem.lower().endswith(" seudun"):
                stems.append(stem[: -len(" seudun")])
            elif len(stem.split()) == 1:
                stems.append(f"{stem} seudun")
            return [f"{s} {other}" for s in stems for other in EMPLOYMENT_AREA_HEADS
                    if (s, other) != (stem, head)]
    return []
