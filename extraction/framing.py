"""What a document's layout says about the sentences under it: a label ("Kela: …"), a
lead-in ("Työllisyysalue:"), a heading that names a body alone, a slot ("Vastuutaho:") whose
verbless list gives its bodies the slot's role, a flattened table's fused row label, and a
responsibility table's rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from extraction.division import division_group
from extraction.model import OrgKind, Role, TargetGroup
from extraction.org_names import OWNER_NOUNS
from extraction.relations import CLIENT_NOUNS
from extraction.sentence_relations import ParsedDocument
from extraction.slots import COOPERATION_ONLY
from extraction.targets import header_target_of

# Outside bodies a sub-heading can present as providers of the section's service.
PRESENTED_KINDS = (OrgKind.EDUCATIONAL_INSTITUTION, OrgKind.NGO, OrgKind.PARISH, OrgKind.COMPANY,
                   OrgKind.PROJECT, OrgKind.OTHER)
PRESENTED_RULE = "provider-presented-under-heading"
PRODUCER_CUE = re.compile(
    r"toteuttaja|tuottaja|ostopalvelu|ostetaan|hankitaan|toteuttaa|tuottaa|producent|utförare"
    r"|köps", re.IGNORECASE)


def lead_body(parsed: ParsedDocument, index: int) -> tuple | None:
    """(resolve, span) of a lead-in that is one body's name alone ("Työllisyysalue:",
    "Kela:"): the passives under it describe what that body does."""
    doc = parsed.docs[index]
    words = [t for t in doc if not t.is_punct and not t.is_space]
    for start, end, resolve, place in parsed.sentence_orgs(doc[:], index):
        if not place and words and start <= words[0].idx and words[-1].idx < end:
            return resolve, (start, end)
    return None


def presented_body(parsed: ParsedDocument, index: int, code: str) -> tuple | None:
    """(resolve, span) of a sub-heading that is one outside body's name alone
    ("Seutuopisto", "Ohjaamo Kuopio"): the text under it presents what that body offers
    in the section's service. The programme's own authorities head sections of their
    own shares, so they are not taken as presented. `code`: the first covered municipality."""
    body = lead_body(parsed, index)
    if body is None:
        return None
    org = body[0](code)
    return body if org is not None and org.kind in PRESENTED_KINDS else None


def presentation(presented: tuple, relations: list[tuple], codes: Sequence[str]) -> list[tuple]:
    """The provider relation of a presented body, unless the sentence under its heading
    states the body's role itself ("Kela osallistuu …")."""
    code = next(iter(codes), "")
    org = presented[0](code)
    if org is not None and any(r[3](code) == org for r in relations):
        return []
    return [(Role.PROVIDER, None, PRESENTED_RULE, *presented)]


def slot_relations(parsed: ParsedDocument, sent: Span, index: int, slot: Role,
                   relations: list[tuple], code: str, *, cells: bool = False) -> list[tuple]:
    """Bodies listed without a verb take the role of the slot they are listed in.

    "Vastuutaho: työllisyysalue tai kunnan kotoutumispalvelut" names both sides of the
    3 § division: the employment authority for jobseekers, the municipality for others.
    """
    if slot != Role.PARTNER and any(
            r[0] in (Role.RESPONSIBLE, Role.PROVIDER) for r in relations):
        return relations
    cooperation = COOPERATION_ONLY.search(sent.text)
    limit = sent.start_char + cooperation.start() if cooperation else None
    # the grammar's partners stay partners ("X yhdessä Y:n kanssa": Y cooperates)
    stated = {r[4] for r in relations if r[0] == Role.PARTNER}
    taken = {r[4] for r in relations if r[0] in (Role.RESPONSIBLE, Role.PROVIDER)} | stated
    out = [r for r in relations if r[0] != Role.PARTNER or slot == Role.PARTNER
           or r[4] in stated or (limit is not None and r[4][0] >= limit)]
    rule = f"{slot.value}-slot"
    authors = parsed.generic_municipalities(sent, index) if slot == Role.PARTNER else set()
    bodies = parsed.sentence_orgs(sent, index, roles=True)
    for start, end, resolve, place in bodies:
        if slot != Role.PARTNER and limit is not None and start >= limit:
            continue
        if start in authors:
            continue  # under "Yhteistyö" the municipality ("kunta") is the one cooperating
        text = sent.doc.text
        # the item since the last comma in the block, not the sentence: a cell's "ostopalvelu:"
        # ends a sentence of its own before the seller ("Korpimaan kunta (ostopalvelu: X)")
        item = text[:start][max(text[:start].rfind(","), text[:start].rfind(";")) + 1:]
        bought = PURCHASED.search(item) or _bought_after(text, end, {b[0] for b in bodies})
        if place and (_place_attribute(sent, end) or _local_case(sent, end)) and not (
                bought and _case(sent, end) == "Abl"):
            continue  # "Kemin lyseo lukio", "Kempeleessä": the town names a school or a place
        if _before_noun(sent, end, CLIENT_NOUNS):
            continue  # "työllisyysalueen työnhakijoille": whose clients, not who acts
        if _before_noun(sent, end, PREMISES):
            continue  # "Kempeleen kirjaston tiloissa": a venue, not who acts
        if (start, end) in taken:
            continue
        if not cells and not _listed_in(sent, start, end):
            continue  # a body in a full clause has the role its clause gives it, or none
        named = {r[4] for r in relations} | taken | {r[4] for r in out}
        if not bought and _bracketed_after_body(sent, start, named):
            continue  # "OAKK ja OSAO (työllisyysalueen puitejärjestely)": an explanation
        if slot == Role.RESPONSIBLE and bought:
            # "ostopalvelu: Keudan aikuisopisto", "Salpaus (ostopalvelu)": the seller produces;
            # the municipality in charge buys it ("Vastuutaho: ostopalvelu Iisalmen kaupungilta")
            out.append((Role.PROVIDER, None, "provider-purchased-slot", resolve, (start, end)))
            if not any(r[2] == BUYER_RULE for r in out):
                out.append((Role.RESPONSIBLE, None, BUYER_RULE, parsed.own_municipality(),
                            (sent.start_char, sent.start_char)))
            continue
        if slot != Role.PARTNER and COOPERATING_ITEM.search(_item_before(sent, start)):
            out.append((Role.PARTNER, None, "partner-cooperating-item", resolve, (start, end)))
            continue  # "kunta; yht. Pielaveden srk": the item says it cooperates
        if slot != Role.PARTNER and IF_NEEDED.search(_item_before(sent, start)):
            out.append((Role.PARTNER, None, "partner-if-needed", resolve, (start, end)))
            continue  # "…, tarvittaessa hyvinvointialue": takes part when needed
        group = _bracketed_group(text, end, parsed.language_at(index))
        out.append((slot, group, rule, resolve, (start, end)))
    if slot != Role.RESPONSIBLE:
        return out
    groups = {r[4]: division_group(r[3](code)) for r in out if r[2] == rule and r[1] is None}
    if {TargetGroup.JOBSEEKERS, TargetGroup.OTHERS} <= set(groups.values()):
        out = [(r[0], groups[r[4]], r[2] + "+3§-split", r[3], r[4]) if r[4] in groups else r
               for r in out]
    return out


# "työllisyysalue (työnhakijat), kaupunki (muut)": the group an item's bracket gives its body.
ITEM_GROUP = re.compile(r"\s*\(([^()]{1,40})\)")


def _bracketed_group(text: str, end: int, language: str) -> TargetGroup | None:
    bracket = ITEM_GROUP.match(text, end)
    return header_target_of(bracket.group(1), language) if bracket else None


BUYER_RULE = "responsible-buyer-slot"  # implied: defaulted like a slot's


LOCAL_CASES = {"Ine", "Ela", "Ill", "Ade", "Abl", "All"}
# A body listed as bought from ("ostopalveluna X", "X (ostopalvelu)", "köptjänst av X").
PURCHASED = re.compile(r"\bostopalvelu\w*|\bosto(?:na)?\b|\bostetaan\b|\bhankitaan\b"
                       r"|\bhankin(?:ta|tana|nalla)\b|\bköptjänst\w*|\bköps\b|\bupphandl(?:ing|ad|as)\b",
                       re.IGNORECASE)
PURCHASE_AFTER = 16  # characters after the body: "(ostopalvelu)"
# From the purchase word to its seller: "ostopalvelu: Ekamilta", "köptjänst av Vasa stad".
SELLER_LINK = re.compile(r"[\s:]*(?:(?:av|från)\s+)?", re.IGNORECASE)
# an item opened by the abbreviation of "in cooperation with" ("yht. SPR", "i samarb. m. FPA")
COOPERATING_ITEM = re.compile(r"(?:^|\s)(?:yht|i samarb(?:\.\s*m)?)\.\s+$", re.IGNORECASE)
IF_NEEDED = re.compile(r"\b(?:tarvittaessa|tarpeen mukaan|vid behov|vb\.)\s", re.IGNORECASE)


def _bought_after(text: str, end: int, starts: set[int]) -> bool:
    """A purchase word right after a body makes it the seller ("Salpaus (ostopalvelu)"),
    unless another body follows the word: then that one is ("Kaupunki (ostopalvelu
    Ekamilta)", "kaupunki, ostopalveluna Ekamilta", "Kommunen (köptjänst av Vasa stad)":
    the town buys)."""
    bought = PURCHASED.search(text, end, end + PURCHASE_AFTER)
    return bought is not None and SELLER_LINK.match(text, bought.end()).end() not in starts


def _item_before(sent: Span, start: int) -> str:
    """The text of the list item before the body at `start` (since the last comma)."""
    before = sent.doc.text[sent.start_char:start]
    return before[max(before.rfind(","), before.rfind(";")) + 1:]


def _bracketed_after_body(sent: Span, start: int, bodies: set[tuple[int, int]]) -> bool:
    """A body inside brackets right after another body explains it ("OAKK ja OSAO
    (työllisyysalueen puitejärjestely)"); brackets after a common noun list bodies
    ("kielikahvilat (kirjasto, Moniväri ry)")."""
    text = sent.doc.text
    before = text[sent.start_char:start]
    if before.count("(") <= before.count(")"):
        return False
    opening = sent.start_char + before.rfind("(")
    ends = [end for _start, end in bodies if end <= opening]
    return bool(ends) and not text[max(ends):opening].strip()


def _listed_in(sent: Span, start: int, end: int) -> bool:
    """Is the body at [start, end) listed under its slot rather than inside a clause?

    A stretch between commas without a finite verb of its own lists ("Vastuutaho: X ja Y",
    "…, lisäksi kunnan kirjaston kielikahvila"); a copula does not count ("… ovat X, Y").
    In a stretch with a finite verb, only a body before the verb in the nominative does
    ("X, joka hankkii …", "X vastaa …"; not "X:n …", "X:lle toimitetaan …"). Verbs in
    brackets do not count. Without a parse (Swedish) every body counts as listed."""
    if not any(t.pos_ for t in sent):
        return True
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    chunk: list = []
    depth = 0
    for t in sent:
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and t.text in (",", ";", ":"):
            if span[0].i <= t.i:
                break
            chunk = []
            continue
        chunk.append((t, depth))
    finite = next((t for t, d in chunk if d == 0 and "Fin" in t.morph.get("VerbForm")
                   and t.lemma_ != "olla"), None)
    if finite is None:
        return True
    # "X, joka …", "X vastaa …" list X; "X:n …", "X:lle toimitetaan …" do not
    return span[-1].i < finite.i and not set(span[-1].morph.get("Case")) & (LOCAL_CASES | {"Gen"})


# A body in the genitive before a client noun (`relations.CLIENT_NOUNS`) names whose clients.
# Premises: a body in the genitive before one names where, not who.
PREMISES = ("tila", "toimitila")


def _before_noun(sent: Span, end: int, nouns: tuple[str, ...]) -> bool:
    """A body in the genitive right before one of `nouns` (lemma endings)."""
    doc = sent.doc
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or span.end >= sent.end:
        return False
    last, following = span[-1], doc[span.end]
    return "Gen" in last.morph.get("Case") and following.lemma_.lower().endswith(nouns)


def _local_case(sent: Span, end: int) -> bool:
    """A place name in a local case ("Kempeleessä", "Muhoksella"): where, not who."""
    return _case(sent, end) in LOCAL_CASES


def _case(sent: Span, end: int) -> str | None:
    """The case of the word that ends at `end` ("Abl" for "Iisalmen kaupungilta": bought from)."""
    span = sent.doc.char_span(end - 1, end, alignment_mode="expand")
    cases = span[-1].morph.get("Case") if span is not None else []
    return cases[0] if cases else None


def _place_attribute(sent: Span, end: int) -> bool:
    """A place name in the genitive before a common noun other than kunta / kaupunki."""
    doc = sent.doc
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or span.end >= sent.end:
        return False
    last, following = span[-1], doc[span.end]
    return ("Gen" in last.morph.get("Case") and following.pos_ == "NOUN"
            and following.lemma_.lower() not in OWNER_NOUNS and following.text[:1].islower())


