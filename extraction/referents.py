"""Which body a mention stands for when the text names it short: a bare head ("seurakunta"),
an institution or a role title without its owner, a unit noun under a paragraph's municipal frame.

Each pass rewrites the document's mentions in place, block by block, from what the whole
document names in full.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extraction.mentions import ADULT_EDUCATION, MUNICIPAL_WHEN_OWNED, ROLE_SUFFIXES, Mention
from extraction.model import Organisation, OrgKind
from extraction.org_names import HEADS, OWNER_NOUNS, head_kind
from extraction.structure import Block

BARE_HEAD_KINDS = (OrgKind.PARISH, OrgKind.EDUCATIONAL_INSTITUTION, OrgKind.NGO, OrgKind.OTHER)


def resolve_bare_heads(docs: list[Doc], mentions: list[list[Mention]]) -> None:
    """"Seurakunta järjestää …" refers to the document's one named parish."""
    full: dict[str, set[Organisation]] = {}
    for doc, block_mentions in zip(docs, mentions, strict=True):
        for m in block_mentions:
            if m.kind == "named" and m.org is not None and m.org.kind in BARE_HEAD_KINDS and (
                    not m.org.name.islower()):
                head = _head_lemma(m.org.name, doc[m.start:m.end])
                full.setdefault(head, set()).add(m.org)
    owned = _owned_institutions(docs, mentions)
    employers = _role_employers(docs, mentions)
    for number, block_mentions in enumerate(mentions):
        out = []
        for m in block_mentions:
            unit = owned.get((m.org.parent_key, _head_lemma(
                m.org.name, docs[number][m.start:m.end]))) if (
                m.kind == "named" and m.org is not None and m.org.kind in BARE_HEAD_KINDS) else None
            employer = employers.get(m.unit or "") if m.kind == "role" and m.org is None else None
            if isinstance(employer, OrgKind):
                # "kotoutumiskoordinaattori laatii …" after "kunnan kotoutumiskoordinaattori"
                m = Mention(m.start, m.end, "role", generic=employer, unit=m.unit)
            elif employer is not None:
                # "Maahanmuutto-ohjaaja ohjaa …" after "Kuopion kaupungin maahanmuutto-ohjaaja"
                m = Mention(m.start, m.end, "role", org=employer, unit=m.unit)
            elif unit is not None:
                # "Kuopion aikuislukio" after "Kuopion kaupungin aikuislukio": the same unit
                m = Mention(m.start, m.end, "unit", org=unit.org, generic=OrgKind.MUNICIPALITY,
                            unit=unit.unit)
            elif m.kind == "named" and m.org is not None and m.org.kind in BARE_HEAD_KINDS and (
                    " " not in m.org.name):
                # the head alone is a bare head too: a reference table's common noun
                # ("seurakunta"), or capitalised as a name ("… ja Ohjaamon toiminta")
                org = _one_referent(full.get(m.org.name.lower(), set()) - {m.org})
                if org is not None:
                    m = Mention(m.start, m.end, "named", org=org)
            elif m.kind == "bare":
                org = _one_referent(full.get(m.unit or "", set()))
                if org is not None:
                    m = Mention(m.start, m.end, "named", org=org)
                elif m.unit in ADULT_EDUCATION:
                    # "kansalaisopisto" where the text names none: the municipality's own (a
                    # bare "lukio" or "kirjasto" is left unread)
                    m = Mention(m.start, m.end, "unit", generic=OrgKind.MUNICIPAL_UNIT, unit=m.unit)
                else:
                    continue
            out.append(m)
        mentions[number] = out


def paragraph_frames(blocks: list[Block], docs: list[Doc],
                     mentions: list[list[Mention]]) -> dict[int, str]:
    """"Kuopion kaupungilla vastuu … on työllisyyspalvelulla. Työllisyyspalvelu vastaa …": a
    paragraph that opens with a municipality as the organisation it speaks of (the name
    with "kaupunki"/"kunta" in a local case, fronted) is about that municipality: its
    sentences are scoped to it, and a unit noun that alone is the employment area's
    ("työllisyyspalvelu") is that municipality's unit.

    Returns paragraph block → the municipality its opening frame names."""
    frames: dict[int, str] = {}
    for index, (block, doc, block_mentions) in enumerate(zip(blocks, docs, mentions, strict=True)):
        first = next(iter(doc.sents), None)
        if block.kind != "paragraph" or first is None:
            continue
        opening = next((m for m in block_mentions if m.start == first.start), None)
        if opening is None or not _municipal_frame(doc, opening):
            continue
        frames[index] = opening.org.key
        mentions[index] = [
            Mention(m.start, m.end, "unit", org=opening.org, generic=OrgKind.MUNICIPALITY,
                    unit=doc[m.start].lemma_.lower())
            if m.kind == "generic" and m.end - m.start == 1
            and doc[m.start].lemma_.lower() in MUNICIPAL_WHEN_OWNED else m
            for m in block_mentions]
    return frames


def _municipal_frame(doc: Doc, mention: Mention) -> bool:
    """A named municipality with its owner noun in a local case ("Kuopion kaupungilla")."""
    head = doc[mention.end - 1]
    return (mention.kind == "named" and mention.org is not None
            and mention.org.kind == OrgKind.MUNICIPALITY and mention.end - mention.start > 1
            and head.lemma_.lower() in OWNER_NOUNS
            and bool(set(head.morph.get("Case")) & {"Ade", "Ine"}))


def _owned_institutions(docs: list[Doc],
                        mentions: list[list[Mention]]) -> dict[tuple[str | None, str], Mention]:
    """(municipality key, head lemma) → a unit mention naming an institution as a named
    municipality's own ("Kuopion kaupungin aikuislukio")."""
    return {(m.org.key, m.unit): m for doc, block_mentions in zip(docs, mentions, strict=True)
            for m in block_mentions
            if m.kind == "unit" and m.org is not None and m.unit is not None
            and m.org.kind == OrgKind.MUNICIPALITY and _institution_head(m.unit)
            and doc[m.end - 2].lemma_.lower() in OWNER_NOUNS}


def _role_employers(docs: list[Doc], mentions: list[list[Mention]]) -> dict[str, Organisation | OrgKind]:
    """Role noun lemma → the one body the document names it with ("Kuopion kaupungin
    maahanmuutto-ohjaaja"), or the one kind of body ("kunnan kotoutumiskoordinaattori"):
    the bare title stands for that body's staff (in a joint text, each member's own)."""
    employers: dict[str, set[Organisation | OrgKind]] = {}
    for doc, block_mentions in zip(docs, mentions, strict=True):
        for m in block_mentions:
            last = doc[m.end - 1]
            if m.end - m.start < 2 or not last.lemma_.lower().endswith(ROLE_SUFFIXES):
                continue
            if m.kind == "named" and m.org is not None:
                employers.setdefault(last.lemma_.lower(), set()).add(m.org)
            elif m.kind == "generic" and m.generic is not None and (
                    last.lemma_.lower() not in ROLE_SUFFIXES):
                # a compound title ("kotoutumiskoordinaattori"), not any "työntekijä"
                employers.setdefault(last.lemma_.lower(), set()).add(m.generic)
    return {lemma: next(iter(orgs)) for lemma, orgs in employers.items() if len(orgs) == 1}


def _institution_head(lemma: str) -> bool:
    return any(lemma.endswith(suffix) for suffix, kind in HEADS if kind in BARE_HEAD_KINDS)


def _head_lemma(name: str, span: Span) -> str:
    """The name's head noun: the organisation noun in it, first or last ("Ohjaamo
    Kuopio", "Kuopion seurakunta"), else the name's last word (a reference table's name)."""
    heads = [t.lemma_.lower() for t in span if head_kind(t) is not None]
    if heads:
        return heads[-1]
    words = [w for w in name.lower().split() if w not in ("ry", "rf", "oy", "ab", "oyj")]
    return words[-1] if words else ""


def _one_referent(orgs: set[Organisation]) -> Organisation | None:
    """The one body a bare head refers to: the only name with that head, or the only full
    name beside the head alone ("Ohjaamo Kuopio" beside "Ohjaamo")."""
    by_key = {org.key: org for org in sorted(orgs, key=lambda org: org.name)}
    if len(by_key) == 1:  # "Pieksämäen seutuopisto", "Pieksämäen Seutuopisto": one body
        return next(iter(by_key.values()))
    full = [org for org in by_key.values() if " " in org.name]
    return full[0] if len(full) == 1 else None
