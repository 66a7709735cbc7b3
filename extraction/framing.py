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
from extraction.fact_store import FactStore
from extraction.model import Fact, OrgKind, Role, TargetGroup
from extraction.nlp import MAX_ROW_LABEL_WORDS
from extraction.org_names import OWNER_NOUNS
from extraction.scope import label_prefix_words
from extraction.sections import heading_refs
from extraction.sentence_relations import ParsedDocument
from extraction.sentences import provenance
from extraction.services import classify_heading, services_in_text
from extraction.slots import COOPERATION_ONLY, slot_of
from extraction.targets import header_target_of

# Outside bodies a sub-heading can present as providers of the section's service.
PRESENTED_KINDS = (OrgKind.EDUCATIONAL_INSTITUTION, OrgKind.NGO, OrgKind.PARISH, OrgKind.COMPANY,
                   OrgKind.PROJECT, OrgKind.OTHER)
PRESENTED_RULE = "provider-presented-under-heading"
PRODUCER_CUE = re.compile(
    r"toteuttaja|tuottaja|ostopalvelu|ostetaan|hankitaan|toteuttaa|tuottaa|producent|utförare"
    r"|köps", re.IGNORECASE)


def opens_row(parsed: ParsedDocument, index: int) -> bool:
    """A paragraph opening with a service's bare name ("Muu ohjaus ja neuvonta Työvoima-
    viranomainen neuvoo …"): a flattened table row's label fused with its first cell. It
    frames the sentences after it as a heading would, and names no body itself."""
    first = next(iter(parsed.docs[index].sents), None)
    return (parsed.blocks[index].kind == "paragraph" and first is not None
            and len(first) <= MAX_ROW_LABEL_WORDS and not parsed.sentence_mentions(first, index)
            and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in first)
            and bool(services_in_text(first.text, parsed.language)))


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


def municipality_label(parsed: ParsedDocument, index: int) -> bool:
    """A block that is only a municipality's name as a label ("Kemi:")."""
    text = parsed.blocks[index].text.strip().rstrip(":").strip()
    first = text.split()[0] if text else ""
    return len(text.split()) <= 3 and any(
        m.kind == "named" and m.org is not None and m.org.kind == OrgKind.MUNICIPALITY
        and m.start == label_prefix_words(first) for m in parsed.mentions[index])


def label_slot(parsed: ParsedDocument, sent: Span, index: int, label: str) -> Role | None:
    """"Kela: etuudet …" in a service section: the labelled body delivers that part."""
    for start, end, _resolve, municipality_name in parsed.sentence_orgs(sent, index):
        text = sent.doc.text[start:end]
        if start - sent.start_char <= 3 and text.strip().lower() == label.strip(
                " •-–").lower() and not municipality_name:
            return Role.PROVIDER
    return None


def slot_relations(parsed: ParsedDocument, sent: Span, index: int, slot: Role,
                   relations: list[tuple], code: str) -> list[tuple]:
    """Bodies listed without a verb take the role of the slot they are listed in.

    "Vastuutaho: työllisyysalue tai kunnan kotoutumispalvelut" names both sides of the
    3 § division: the employment authority for jobseekers, the municipality for others.
    """
    if slot != Role.PARTNER and any(
            r[0] in (Role.RESPONSIBLE, Role.PROVIDER) for r in relations):
        return relations
    cooperation = COOPERATION_ONLY.search(sent.text)
    limit = sent.start_char + cooperation.start() if cooperation else None
    # a verb that makes its subject a partner ("osallistuu") states the body's own role;
    # so does a clause whose subject acts with another ("X vastaa palvelusta Y:n
    # kanssa"): the slot fills in only the roles a verbless list leaves open
    clause = any(t.dep_ == "nsubj" and "Fin" in t.head.morph.get("VerbForm")
                 and "Pass" not in t.head.morph.get("Voice") for t in sent)
    stated = {r[4] for r in relations if r[0] == Role.PARTNER and (
        "-verb-subject:" in r[2] or clause)}
    taken = {r[4] for r in relations if r[0] in (Role.RESPONSIBLE, Role.PROVIDER)} | stated
    out = [r for r in relations if r[0] != Role.PARTNER or slot == Role.PARTNER
           or r[4] in stated or (limit is not None and r[4][0] >= limit)]
    rule = f"{slot.value}-slot"
    authors = parsed.generic_municipalities(sent, index) if slot == Role.PARTNER else set()
    for start, end, resolve, place in parsed.sentence_orgs(sent, index):
        if slot != Role.PARTNER and limit is not None and start >= limit:
            continue
        if start in authors:
            continue  # under "Yhteistyö" the municipality ("kunta") is the one cooperating
        if place and _place_attribute(sent, end):
            continue  # "Kemin lyseo lukio": the town names the school, it is no body
        if (start, end) in taken:
            continue
        out.append((slot, None, rule, resolve, (start, end)))
    if slot != Role.RESPONSIBLE:
        return out
    groups = {r[4]: division_group(r[3](code)) for r in out if r[2] == rule}
    if {TargetGroup.JOBSEEKERS, TargetGroup.OTHERS} <= set(groups.values()):
        out = [(r[0], groups.get(r[4]), r[2] + "+3§-split", r[3], r[4]) if r[2] == rule else r
               for r in out]
    return out


def _place_attribute(sent: Span, end: int) -> bool:
    """A place name in the genitive before a common noun other than kunta / kaupunki."""
    doc = sent.doc
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or span.end >= sent.end:
        return False
    last, following = span[-1], doc[span.end]
    return ("Gen" in last.morph.get("Case") and following.pos_ == "NOUN"
            and following.lemma_.lower() not in OWNER_NOUNS and following.text[:1].islower())


def table_row(parsed: ParsedDocument, index: int, header: list | None, codes: Sequence[str],
              store: FactStore) -> list | None:
    """A responsibility table row: service in the first cell, bodies per group column.

    Header cells name a target group ("Työnhakijat", "Muut", "Arbetssökande") or a slot
    ("Yhteistyökumppanit", "Vastuutaho", "Toteuttaja"). A body in brackets after a
    producer cue ("toteuttaja: X", "ostopalvelu: X", "palvelu ostetaan X:ltä") provides
    the service; "tarvittaessa X" is a partner. Returns the header that holds for the next
    row (this row's own cells when it is one).
    """
    block, doc = parsed.blocks[index], parsed.docs[index]
    cells = block.text.split(" | ")
    offsets, pos = [], 0
    for cell in cells:
        offsets.append((pos, pos + len(cell)))
        pos += len(cell) + 3
    services = classify_heading(cells[0], heading_refs(cells[0]), parsed.language)
    if header is None or not services:
        columns = [(header_target_of(c, parsed.language) if i else None, slot_of(c) if i else None)
                   for i, c in enumerate(cells)]
        if any(t or r for t, r in columns) and not services:
            return columns
        if header is None:
            return None
    orgs = parsed.sentence_orgs(doc[:], index)
    for col, (start, end) in enumerate(offsets):
        if col == 0 or col >= len(header):
            continue
        group, slot = header[col]
        if group is None and slot is None:
            continue
        cell = block.text[start:end]
        for m_start, _m_end, resolve, _place in orgs:
            if not start <= m_start < end:
                continue
            role = slot or Role.RESPONSIBLE
            rule = f"table-{role.value}"
            before = cell[:m_start - start]
            bracket = before.rfind("(") > before.rfind(")")
            local = before[before.rfind("(") + 1:] if bracket else before
            if bracket and PRODUCER_CUE.search(local):
                role, rule = Role.PROVIDER, "table-provider-bracket"
            elif re.search(r"\btarvittaessa\b|\bvid behov\b", local.split(",")[-1], re.I):
                role, rule = Role.PARTNER, "table-partner-if-needed"
            tg = group or TargetGroup.ALL
            for code in codes:
                org = resolve(code)
                if org is None:
                    continue
                for service in services:
                    store.add(Fact(code, service, role, tg, org, provenance(block, None, rule)))
    return header
