"""Organisation mentions in a parsed Finnish sentence, and their resolution.

Three kinds besides the gazetteer's named organisations, each from a lemma table:
generic nouns whose referent depends on the municipality ("kunta" → that municipality,
"työvoimaviranomainen" → its employment area, "hyvinvointialue" → its welfare area),
municipal units ("kunnan kotoutumispalvelut" → a unit of the municipality), and roles
("kotoutumiskoordinaattori") that stand for whichever organisation employs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extraction.gazetteer import Gazetteer, slug
from extraction.model import Organisation, OrgKind
from extraction.nlp import analyses
from extraction.org_names import OWNER_NOUNS, find_org_names, unknown_names

# lemma → the kind of organisation a bare generic noun refers to in a municipality.
GENERIC_LEMMAS: dict[str, OrgKind] = {
    "kunta": OrgKind.MUNICIPALITY,
    "kaupunki": OrgKind.MUNICIPALITY,
    "kotikunta": OrgKind.MUNICIPALITY,  # "Järjestämisvastuu: asiakkaan kotikunta"
    "asuinkunta": OrgKind.MUNICIPALITY,
    "työvoimaviranomainen": OrgKind.EMPLOYMENT_AREA,
    "työllisyysalue": OrgKind.EMPLOYMENT_AREA,
    "te-palvelu": OrgKind.EMPLOYMENT_AREA,
    "te-toimisto": OrgKind.EMPLOYMENT_AREA,
    "hyvinvointialue": OrgKind.WELFARE_AREA,
    "hva": OrgKind.WELFARE_AREA,  # the common abbreviation ("tarvittaessa HVA")
    "kotoutumispalvelu": OrgKind.MUNICIPAL_UNIT,
    "maahanmuuttopalvelu": OrgKind.MUNICIPAL_UNIT,
    "maahanmuuttajapalvelu": OrgKind.MUNICIPAL_UNIT,
    "kotoutumisyksikkö": OrgKind.MUNICIPAL_UNIT,
    "maahanmuuttoyksikkö": OrgKind.MUNICIPAL_UNIT,
    "maahanmuuttajayksikkö": OrgKind.MUNICIPAL_UNIT,
    "kotoutumispiste": OrgKind.MUNICIPAL_UNIT,
    "sivistystoimi": OrgKind.MUNICIPAL_UNIT,
    "sivistyspalvelu": OrgKind.MUNICIPAL_UNIT,
    "opetustoimi": OrgKind.MUNICIPAL_UNIT,
    "nuorisotoimi": OrgKind.MUNICIPAL_UNIT,
    "nuorisopalvelu": OrgKind.MUNICIPAL_UNIT,
    "vapaa-aikapalvelu": OrgKind.MUNICIPAL_UNIT,
    "kansalaisopisto": OrgKind.MUNICIPAL_UNIT,
    "kirjasto": OrgKind.MUNICIPAL_UNIT,
    "palvelupiste": OrgKind.MUNICIPAL_UNIT,
    "sosiaalitoimi": OrgKind.MUNICIPAL_UNIT,  # a municipality's own name for its social office
    "vapaa-aikatoimi": OrgKind.MUNICIPAL_UNIT,
    "kunnanvirasto": OrgKind.MUNICIPAL_UNIT,
    "hyvinvointiryhmä": OrgKind.MUNICIPAL_UNIT,
}
# Units that belong to the municipality only when a municipality is named before them:
# alone they are the employment area's ("Keski-Savon työllisyyspalvelut").
MUNICIPAL_WHEN_OWNED = {"työllisyyspalvelu": OrgKind.EMPLOYMENT_AREA}
# Role nouns (suffixes of the lemma): a person acting for an organisation.
ROLE_SUFFIXES = (
    "koordinaattori", "ohjaaja", "asiantuntija", "työntekijä", "sosionomi", "viranhaltija",
    "johtaja", "neuvoja", "virkailija", "asiakaspalvelija", "valmentaja", "edustaja",
)
# Institutions a municipality runs itself, named after it ("Kuopion kansalaisopisto").
MUNICIPAL_INSTITUTIONS = ("kansalaisopisto", "työväenopisto", "aikuislukio", "lukio", "kirjasto",
                          "musiikkiopisto", "kuvataidekoulu")
# A municipality's adult education institutes: named by the common noun alone
# ("kansalaisopisto", "medborgarinstitutet"), the municipality's own.
ADULT_EDUCATION = frozenset({"kansalaisopisto", "työväenopisto"})
# Determiners that make a generic noun non-referring ("muut kunnat").
NON_REFERRING = {"muu", "kaikki", "eri", "lähikunta", "jokin"}
# A national association's local branch: branch noun lemma → its name in the canonical name.
BRANCH_NOUNS = {"osasto": "osasto", "paikallisosasto": "osasto", "yhdistys": "yhdistys"}
BRANCH_KINDS = (OrgKind.NGO,)


@dataclass(frozen=True, slots=True)
class Mention:
    """An organisation mention: tokens [start, end) of the doc."""

    start: int
    end: int
    kind: str  # "named" | "generic" | "unit" | "role" | "bare" (an organisation noun alone)
    org: Organisation | None = None  # named (or the named owner of a unit / role)
    generic: OrgKind | None = None  # generic noun kind, or the owner's kind for units
    unit: str | None = None  # unit lemma
    unit_key: str | None = None  # a Swedish unit's Finnish lemma: one body in both languages
    place: bool = False  # a name that says where, not who ("i Jakobstad")
    guessed: bool = False  # a lone unknown word in a body's place (`org_names.unknown_names`)

    def covers(self, index: int) -> bool:
        return self.start <= index < self.end


@dataclass(frozen=True, slots=True)
class Resolver:
    """Turns a mention into an `Organisation` for one municipality of the document."""

    gazetteer: Gazetteer

    def resolve(self, mention: Mention, municipality: str) -> Organisation | None:
        if mention.kind == "named":
            return mention.org and self.gazetteer.regional_office(mention.org, municipality)
        if mention.kind == "generic":
            return self.generic(mention.generic, municipality)
        if mention.kind == "unit":
            # a unit noun alone ("kotoutumispalvelut") is the municipality's own unit
            owner_kind = OrgKind.MUNICIPALITY if mention.generic in (None, OrgKind.MUNICIPAL_UNIT) else (
                mention.generic)
            owner = mention.org or self.generic(owner_kind, municipality)
            if owner is None or owner.kind != OrgKind.MUNICIPALITY:
                return owner  # a unit of an employment or welfare area: the area itself
            unit = mention.unit or "yksikkö"
            return Organisation(key=f"{owner.key}/{slug(mention.unit_key or unit)}", name=owner.name,
                                kind=OrgKind.MUNICIPAL_UNIT, unit=unit, parent_key=owner.key,
                                name_sv=owner.name_sv)
        if mention.kind == "role" and mention.org is not None:
            return mention.org
        if mention.kind == "role" and mention.generic is not None:
            return self.generic(mention.generic, municipality)  # a title whose employer's kind is known
        return None

    def generic(self, kind: OrgKind | None, municipality: str) -> Organisation | None:
        g = self.gazetteer
        if kind == OrgKind.MUNICIPALITY:
            return g.municipality(municipality)
        if kind == OrgKind.EMPLOYMENT_AREA:
            return g.employment_area_of(municipality) or Organisation(
                key="tyovoimaviranomainen", name="työvoimaviranomainen",
                kind=OrgKind.EMPLOYMENT_AUTHORITY)
        if kind == OrgKind.WELFARE_AREA:
            return g.welfare_area_of(municipality) or Organisation(
                key="hyvinvointialue", name="hyvinvointialue", kind=OrgKind.WELFARE_AREA)
        return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _is_role(token: Token) -> bool:
    lemma = _lemma(token)
    return token.pos_ in ("NOUN", "PROPN") and lemma.endswith(ROLE_SUFFIXES)


def _non_referring(token: Token) -> bool:
    """"muut kunnat", "eri kunnat"; not "kunta (muut)", where the bracket names the group,
    nor "Muille kaupunki järjestää", where the word does not agree with the noun."""
    return any(_lemma(child) in NON_REFERRING for child in token.children
               if child.dep_ in ("amod", "det", "nmod", "compound") and not _bracketed(child)
               and _agrees(child, token)) or _lemma(token) in NON_REFERRING


def _agrees(word: Token, noun: Token) -> bool:
    """A modifier in the noun's case (either unannotated: assume it does)."""
    case, own = word.morph.get("Case"), noun.morph.get("Case")
    return not case or not own or case == own


def _bracketed(token: Token) -> bool:
    doc = token.doc
    return 0 < token.i < len(doc) - 1 and doc[token.i - 1].text == "(" and doc[token.i + 1].text == ")"


def find_mentions(span: Span, gazetteer: Gazetteer) -> list[Mention]:
    """Organisation mentions in a sentence, left to right, merged where one owns the next."""
    doc = span.doc
    raw: list[Mention] = []
    named = gazetteer.match(list(span))
    taken: set[int] = set()
    for m in named:
        start, end = span.start + m.start, span.start + m.end
        if m.org.kind == OrgKind.EMPLOYMENT_AUTHORITY:
            # "työvoimaviranomainen" in the bodies table is generic: the area of the
            # municipality in question carries it out.
            raw.append(Mention(start, end, "generic", generic=OrgKind.EMPLOYMENT_AREA))
            taken.update(range(start, end))
            continue
        # "Kuopion kaupunki", "Kaavin kuntien": the municipality noun belongs to the name.
        if (m.org.kind == OrgKind.MUNICIPALITY and end < span.end
                and _lemma(doc[end]) in OWNER_NOUNS):
            end += 1
        raw.append(Mention(start, end, "named", org=m.org))
        taken.update(range(start, end))
    raw = _branches(raw, span)
    taken = {i for m in raw for i in range(m.start, m.end)}
    # Schools, parishes, associations the tables do not list ("Järviseudun ammattiopisto",
    # "Kuopion kansalaisopisto": the place name belongs to the institution's name).
    places = {i for m in raw if m.org is not None and m.org.kind == OrgKind.MUNICIPALITY
              for i in range(m.start, m.end)}
    for start, end, org, head in find_org_names(span, taken - places, _known_word):
        if org is None:
            if not any(i in taken for i in range(start, end)):
                # "Kuopion kaupungin aikuislukio": the town's own institution is its unit
                kind = "unit" if _owned_by_municipality(raw, start, span) else "bare"
                raw.append(Mention(start, end, kind, unit=head,
                                   generic=OrgKind.MUNICIPAL_UNIT if kind == "unit" else None))
                taken.update(range(start, end))
            continue
        owner = next((m.org.key for m in raw if m.org is not None and m.start == start
                      and m.org.kind == OrgKind.MUNICIPALITY), None)
        if owner is not None and head.endswith(MUNICIPAL_INSTITUTIONS):
            # "Kuopion kansalaisopisto" belongs to Kuopio; "Oulun seudun ammattiopisto" or
            # "Oulun aikuiskoulutuskeskus" serve a region and belong to no member
            org = Organisation(key=org.key, name=org.name, kind=org.kind, parent_key=owner)
        raw = [m for m in raw if m.end <= start or m.start >= end]
        raw.append(Mention(start, end, "named", org=org))
        taken.update(range(start, end))
    for token in span:
        if token.i in taken:
            continue
        lemma = _lemma(token)
        kind = GENERIC_LEMMAS.get(lemma) or MUNICIPAL_WHEN_OWNED.get(lemma)
        if kind is not None:
            if _non_referring(token) or (token.morph.get("Number") == ["Plur"] and kind in (
                    OrgKind.MUNICIPALITY,) and not _members_own(token)):
                continue
            if kind == OrgKind.MUNICIPAL_UNIT or lemma in MUNICIPAL_WHEN_OWNED:
                raw.append(Mention(token.i, token.i + 1, "unit", generic=kind, unit=lemma))
            else:
                raw.append(Mention(token.i, token.i + 1, "generic", generic=kind))
        elif _is_role(token):
            raw.append(Mention(token.i, token.i + 1, "role", unit=lemma))
    taken = {i for m in raw for i in range(m.start, m.end)}
    for i, name in unknown_names(span, taken, taken, _known_word):
        raw.append(Mention(i, i + 1, "named", org=Organisation(key=slug(name), name=name, kind=OrgKind.OTHER),
                           guessed=True))
    raw.sort(key=lambda m: m.start)
    return _merge_owned(raw, doc)


def _known_word(word: str) -> bool:
    """Whether the lexicon has the word; without Voikko every word counts as known."""
    voikko = analyses()
    return voikko is None or bool(voikko.lemmas(word))


def _members_own(token: Token) -> bool:
    """"kuntien elinkeinopalvelujen kanssa": the plural owner of a service names each
    municipality's own (plain "kunnat" is the category: "Kunnat päättävät …")."""
    head = token.head
    return ("Gen" in token.morph.get("Case") and token.dep_ == "nmod:poss"
            and head.i == token.i + 1 and head.pos_ == "NOUN")


def _owned_by_municipality(mentions: list[Mention], start: int, span: Span) -> bool:
    """A named municipality with its owner noun in the genitive ends right before `start`."""
    return any(m.end == start and m.kind == "named" and m.org is not None
               and m.org.kind == OrgKind.MUNICIPALITY and m.end - m.start > 1
               and _lemma(span.doc[m.end - 1]) in OWNER_NOUNS
               and "Gen" in span.doc[m.end - 1].morph.get("Case") for m in mentions)


def _branches(mentions: list[Mention], span: Span) -> list[Mention]:
    """"SPR:n Pieksämäen osasto", "Suomen Punaisen Ristin Tornion osasto": a local branch of a
    national association is a body of its own, and its place name is no municipality."""
    doc = span.doc
    out: list[Mention] = []
    skip_until = -1
    for m in mentions:
        if m.start < skip_until:
            continue
        end = m.end
        place = doc[end] if end < span.end and doc[end].text[:1].isupper() else None
        noun = doc[end + 1] if place is not None and end + 1 < span.end else (
            doc[end] if end < span.end else None)
        if (m.kind == "named" and m.org is not None and m.org.kind in BRANCH_KINDS and noun is not None
                and _lemma(noun) in BRANCH_NOUNS):
            words = f"{place.text} {BRANCH_NOUNS[_lemma(noun)]}" if place is not None else (
                BRANCH_NOUNS[_lemma(noun)])
            name = f"{m.org.name}, {words}"
            org = Organisation(key=slug(name), name=name, kind=m.org.kind)
            out.append(Mention(m.start, noun.i + 1, "named", org=org))
            skip_until = noun.i + 1
            continue
        out.append(m)
    return out


def _merge_owned(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """"kunnan kotoutumispalvelut", "kaupungin aikuislukio" → one unit; "työllisyysalueen
    asiantuntijat" → the area."""
    out: list[Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        adjacent = prev is not None and prev.end == mention.start
        if adjacent and prev is not None and mention.kind in ("unit", "role", "bare"):
            owner_is_municipality = (prev.org is not None and prev.org.kind == OrgKind.MUNICIPALITY) or (
                prev.kind == "generic" and prev.generic == OrgKind.MUNICIPALITY)
            if mention.kind == "bare" and not (owner_is_municipality
                                                and _lemma(doc[prev.end - 1]) in OWNER_NOUNS):
                out.append(mention)  # "Pihtiputaan seurakunta": the place names it, owns nothing
                continue
            # "Kuopion kaupungin aikuislukio": an institution the municipality owns is its unit
            if mention.kind in ("unit", "bare") and owner_is_municipality:
                unit_lemma = mention.unit
                out[-1] = Mention(prev.start, mention.end, "unit", org=prev.org,
                                  generic=OrgKind.MUNICIPALITY, unit=unit_lemma)
                continue
            if mention.kind == "unit" and mention.unit in MUNICIPAL_WHEN_OWNED:
                out.append(Mention(mention.start, mention.end, "generic",
                                   generic=MUNICIPAL_WHEN_OWNED[mention.unit]))
                continue
            # The owner stands for the role: extend it over the role noun.
            out[-1] = Mention(prev.start, mention.end, prev.kind, org=prev.org,
                              generic=prev.generic, unit=prev.unit)
            continue
        if mention.kind == "unit" and mention.unit in MUNICIPAL_WHEN_OWNED:
            mention = Mention(mention.start, mention.end, "generic",
                              generic=MUNICIPAL_WHEN_OWNED[mention.unit])
        out.append(mention)
    return out
