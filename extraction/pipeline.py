"""Public entry point: a programme document → `DocumentExtraction`.

read (readers) → blocks (structure) → spaCy docs, batched → scope (which municipality) →
services per section → relations per sentence → facts per municipality, each with the
sentence and the rule it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from extraction import gate, metadata
from extraction.errors import DocumentError
from extraction.gazetteer import Gazetteer, slug
from extraction.language import detect_language
from extraction.legal_refs import INTEGRATION_ACT, find_legal_refs
from extraction.mentions import MUNICIPAL_WHEN_OWNED, ROLE_SUFFIXES, Mention, Resolver, find_mentions
from extraction.model import (
    ContactPoint,
    DocumentExtraction,
    Fact,
    LegalRef,
    Municipality,
    Organisation,
    OrgKind,
    Provenance,
    Role,
    ServiceDescription,
    ServiceKey,
    TargetGroup,
)
from extraction.name_headings import name_headings
from extraction.nlp import BATCH_SIZE, MAX_ROW_LABEL_WORDS, get_nlp, has_speller, spell
from extraction.org_names import HEADS, head_kind
from extraction.readers import read_document
from extraction.reference_data import load_reference
from extraction.relations import (
    JOINT_RULE,
    LIST_RULE,
    OTHER_GROUP,
    Relation,
    agentless_passives,
    extract_relations,
    finished,
)
from extraction.relations_sv import SvMention, generic_mentions, sv_relations
from extraction.scope import MunicipalityMention, decide_scope, is_label_text, label_prefix_words
from extraction.services import (
    PROGRAMME_SCOPE,
    classify_heading,
    is_programme_monitoring,
    section_services_for,
    services_in_text,
)
from extraction.short_names import add_short_name_mentions
from extraction.slots import COOPERATION_ONLY, offer_slot, slot_of, split_label
from extraction.structure import Block, Structure, build_structure
from extraction.targets import header_target_of, target_of

PROGRAMME_VOCABULARY = re.compile(
    r"kotoutumisohjelm|kotoutumisen alkuvaiheen palvel|integrationsprogram", re.IGNORECASE)
OWNER_NOUNS = ("kunta", "kaupunki")
# The programme's name in the nominative (a title), not in an oblique case ("kotoutumisohjelmaa").
TITLE_WORD = re.compile(r"(?:kotoutumisohjelma|integrationsprogram(?:met)?)(?![\wäö])",
                        re.IGNORECASE)
BARE_TITLE = re.compile(r"(?:kotoutumisohjelma|integrationsprogram(?:met)?)", re.IGNORECASE)
# "Tässä Kuopion kaupungin, … ja Kaavin kuntien kotoutumisohjelmassa kuvataan …": the
# genitive attributes before the programme noun are the document's own name for itself.
SELF_REFERENCE = re.compile(
    r"\b(?:Tässä|Tämä|Tähän|Tämän)\s+((?:[A-ZÅÄÖ][\w-]*n(?:\s+(?:kaupungin|kunnan|kuntien|seudun))?"
    r"(?:,\s+|\s+ja\s+|\s+sekä\s+)?)+)\s*(kotoutumisohjelma)\w*")
# Outside bodies a sub-heading can present as providers of the section's service.
PRESENTED_KINDS = (OrgKind.EDUCATIONAL_INSTITUTION, OrgKind.NGO, OrgKind.PARISH, OrgKind.COMPANY,
                   OrgKind.PROJECT, OrgKind.OTHER)
PRESENTED_RULE = "provider-presented-under-heading"
PART_HEADING = re.compile(r"\s*[A-ZÅÄÖ]\)\s")  # "A) Kuvaus palvelusta", "C) Yhteistyö"
BARE_HEAD_KINDS = (OrgKind.PARISH, OrgKind.EDUCATIONAL_INSTITUTION, OrgKind.NGO, OrgKind.OTHER)
PRODUCER_CUE = re.compile(
    r"toteuttaja|tuottaja|ostopalvelu|ostetaan|hankitaan|toteuttaa|tuottaa|producent|utförare"
    r"|köps", re.IGNORECASE)
# Members agreeing to arrange services together (8 § of 681/2023).
AGREEMENT = re.compile(r"\bsopi\w*[^.]{0,80}yhteisty\w*[^.]{0,120}järjestämi|"
                       r"\bsopimu\w*[^.]{0,80}järjestämi", re.IGNORECASE)
# The individual services a member can arrange for another under an agreement.
AGREEMENT_SERVICES = (
    ServiceKey.ASSESSMENT, ServiceKey.MULTISECTOR_ASSESSMENT, ServiceKey.INTEGRATION_PLAN,
    ServiceKey.MULTISECTOR_INTEGRATION_PLAN, ServiceKey.FAMILY_INTEGRATION_PLAN,
    ServiceKey.CIVIC_ORIENTATION, ServiceKey.INTEGRATION_TRAINING, ServiceKey.FINAL_LANGUAGE_TEST,
    ServiceKey.GUIDANCE_AND_COUNSELLING,
)
UNIT_NOUN = re.compile(r"\b\w+(?:palvelut|palvelu|toimi|yksikkö)\b", re.IGNORECASE)
SV_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def extract_file(path: Path, *, reference_dirs: Sequence[Path] = (),
                 source_name: str | None = None) -> DocumentExtraction:
    """Extract a programme from a file on disk."""
    name = source_name or Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot read the file ({exc.strerror or exc})") from exc
    return extract_bytes(data, name, reference_dirs=reference_dirs)


def extract_bytes(data: bytes, source_name: str, *,
                  reference_dirs: Sequence[Path] = ()) -> DocumentExtraction:
    """Extract a programme from the bytes of an uploaded document."""
    raw = read_document(data, source_name)
    structure = build_structure(raw, spell if has_speller() else None,
                                topic=lambda text: bool(services_in_text(text[:80])))
    full_text = "\n".join(block.text for block in structure.blocks)
    if not PROGRAMME_VOCABULARY.search(full_text):
        raise DocumentError(source_name, "this does not look like an integration programme "
                            "(no mention of a kotoutumisohjelma / integrationsprogram)")
    language = detect_language(full_text)
    nlp = get_nlp()
    gazetteer = _gazetteer(tuple(str(Path(d).resolve()) for d in reference_dirs))
    docs = gate.process(nlp, (b.text for b in structure.blocks), gazetteer, language, BATCH_SIZE)
    result = DocumentExtraction(
        source_name=source_name, sha256=hashlib.sha256(data).hexdigest(),
        media_type=raw.media_type, language=language, title=None, page_count=raw.page_count)
    run = _Run(structure, docs, gazetteer, language, result)
    run.execute(raw.title)
    if not result.services and not result.facts:
        raise DocumentError(source_name, "no statutory service (13 § of Act 681/2023) was "
                            "found: this does not look like an integration programme")
    return result


@lru_cache(maxsize=4)
def _gazetteer(dirs: tuple[str, ...]) -> Gazetteer:
    nlp = get_nlp()
    return Gazetteer(load_reference(tuple(Path(d).resolve() for d in dirs)),
                     lambda text: [t.text for t in nlp.tokenizer(text)])


@dataclass
class _Run:
    """State of one extraction: section services, scope and who is in charge."""

    structure: Structure
    docs: list[Doc]
    gazetteer: Gazetteer
    language: str
    result: DocumentExtraction
    mentions: list[list[Mention]] = field(default_factory=list)
    in_charge: dict[tuple[str, TargetGroup], Organisation] = field(default_factory=dict)
    division: dict[tuple[str, TargetGroup], tuple[Organisation, Provenance]] = field(
        default_factory=dict)
    agreement: bool | None = None
    # paragraph block → the member municipality its opening frame names ("Kuopion kaupungilla …")
    frames: dict[int, str] = field(default_factory=dict)
    # paragraphs that open with a service's bare name (a flattened table's row label)
    row_starts: set[int] = field(default_factory=set)
    # responsible facts whose group no text named (see `_split_by_service`)
    ungrouped: list[Fact] = field(default_factory=list)
    # (municipality, service) a section answers with another member's body: the
    # programme-wide division does not fill it in
    other_members: set[tuple[str, ServiceKey, TargetGroup]] = field(default_factory=set)

    @property
    def blocks(self) -> list[Block]:
        return self.structure.blocks

    def execute(self, title: str | None) -> None:
        self.mentions = [
            [m for s in doc.sents for m in find_mentions(s, self.gazetteer)] for doc in self.docs
        ]
        name_headings(self.blocks, self.docs, self.mentions)
        self._resolve_bare_heads()
        self._paragraph_frames()
        add_short_name_mentions(self.docs, self.mentions)
        self.row_starts = {index for index in range(len(self.blocks)) if self._opens_row(index)}
        scope = decide_scope(self.blocks, self._municipality_mentions(), self._title_block(),
                             self.row_starts)
        self.result.municipalities = [self._municipality(code) for code in scope.covered]
        self.result.title = title or self._title(scope.covered)
        section_services = self._section_services()
        self._legal_refs()
        self._service_descriptions(section_services, scope.per_block)
        self._facts(section_services, scope.per_block)
        self._metadata(scope.covered, section_services)

    # -- scope ----------------------------------------------------------------------
    def _municipality_mentions(self) -> list[MunicipalityMention]:
        out = []
        for index, (block, doc, mentions) in enumerate(zip(self.blocks, self.docs, self.mentions,
                                                            strict=True)):
            for m in mentions:
                if m.kind != "named" or m.org is None or m.org.kind != OrgKind.MUNICIPALITY:
                    continue
                last = doc[m.end - 1]
                # singular only: "Järvelän ja Korpimaan kunnat" lists an area's members
                owner = (m.end - m.start > 1 and last.lemma_.lower() in OWNER_NOUNS
                         and "Plur" not in last.morph.get("Number"))
                text = doc[m.start:m.end].text
                if not owner and m.end < len(doc) and doc[m.end].lower_ in ("stad", "kommun"):
                    owner = True  # "Strandby stad"
                end_char = last.idx + len(last)
                label = m.start == label_prefix_words(doc[0].text) and is_label_text(
                    block.text, text) and (block.kind == "heading" or ":" in block.text[: end_char + 3])
                out.append(MunicipalityMention(m.org.key, index, owner, label))
        return out

    def _resolve_bare_heads(self) -> None:
        """"Seurakunta järjestää …" refers to the document's one named parish."""
        full: dict[str, set[Organisation]] = {}
        for doc, mentions in zip(self.docs, self.mentions, strict=True):
            for m in mentions:
                if m.kind == "named" and m.org is not None and m.org.kind in BARE_HEAD_KINDS and (
                        not m.org.name.islower()):
                    head = self._head_lemma(m.org.name, doc[m.start:m.end])
                    full.setdefault(head, set()).add(m.org)
        owned = self._owned_institutions()
        employers = self._role_employers()
        for number, mentions in enumerate(self.mentions):
            out = []
            for m in mentions:
                unit = owned.get((m.org.parent_key, self._head_lemma(
                    m.org.name, self.docs[number][m.start:m.end]))) if (
                    m.kind == "named" and m.org is not None and m.org.kind in BARE_HEAD_KINDS) else None
                employer = employers.get(m.unit or "") if m.kind == "role" and m.org is None else None
                if employer is not None:
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
                    if org is None:
                        continue
                    m = Mention(m.start, m.end, "named", org=org)
                out.append(m)
            self.mentions[number] = out

    def _paragraph_frames(self) -> None:
        """"Kuopion kaupungilla vastuu … on työllisyyspalvelulla. Työllisyyspalvelu vastaa …": a
        paragraph that opens with a municipality as the organisation it speaks of (the name
        with "kaupunki"/"kunta" in a local case, fronted) is about that municipality: its
        sentences are scoped to it, and a unit noun that alone is the employment area's
        ("työllisyyspalvelu") is that municipality's unit."""
        for index, (block, doc, mentions) in enumerate(zip(self.blocks, self.docs, self.mentions,
                                                            strict=True)):
            first = next(iter(doc.sents), None)
            if block.kind != "paragraph" or first is None:
                continue
            opening = next((m for m in mentions if m.start == first.start), None)
            if opening is None or not self._municipal_frame(doc, opening):
                continue
            self.frames[index] = opening.org.key
            self.mentions[index] = [
                Mention(m.start, m.end, "unit", org=opening.org, generic=OrgKind.MUNICIPALITY,
                        unit=doc[m.start].lemma_.lower())
                if m.kind == "generic" and m.end - m.start == 1
                and doc[m.start].lemma_.lower() in MUNICIPAL_WHEN_OWNED else m
                for m in mentions]

    @staticmethod
    def _municipal_frame(doc: Doc, mention: Mention) -> bool:
        """A named municipality with its owner noun in a local case ("Kuopion kaupungilla")."""
        head = doc[mention.end - 1]
        return (mention.kind == "named" and mention.org is not None
                and mention.org.kind == OrgKind.MUNICIPALITY and mention.end - mention.start > 1
                and head.lemma_.lower() in OWNER_NOUNS
                and bool(set(head.morph.get("Case")) & {"Ade", "Ine"}))

    def _owned_institutions(self) -> dict[tuple[str | None, str], Mention]:
        """(municipality key, head lemma) → a unit mention naming an institution as a named
        municipality's own ("Kuopion kaupungin aikuislukio")."""
        return {(m.org.key, m.unit): m for doc, mentions in zip(self.docs, self.mentions, strict=True)
                for m in mentions
                if m.kind == "unit" and m.org is not None and m.unit is not None
                and m.org.kind == OrgKind.MUNICIPALITY and self._institution_head(m.unit)
                and doc[m.end - 2].lemma_.lower() in OWNER_NOUNS}

    def _role_employers(self) -> dict[str, Organisation]:
        """Role noun lemma → the one named body the document names it with
        ("Kuopion kaupungin maahanmuutto-ohjaaja"): the bare title stands for that body's staff."""
        employers: dict[str, set[Organisation]] = {}
        for doc, mentions in zip(self.docs, self.mentions, strict=True):
            for m in mentions:
                last = doc[m.end - 1]
                if m.kind == "named" and m.org is not None and m.end - m.start > 1 and (
                        last.lemma_.lower().endswith(ROLE_SUFFIXES)):
                    employers.setdefault(last.lemma_.lower(), set()).add(m.org)
        return {lemma: next(iter(orgs)) for lemma, orgs in employers.items() if len(orgs) == 1}

    @staticmethod
    def _institution_head(lemma: str) -> bool:
        return any(lemma.endswith(suffix) for suffix, kind in HEADS if kind in BARE_HEAD_KINDS)

    @staticmethod
    def _head_lemma(name: str, span: Span) -> str:
        """The name's head noun: the organisation noun in it, first or last ("Ohjaamo
        Kuopio", "Kuopion seurakunta"), else the name's last word (a reference table's name)."""
        heads = [t.lemma_.lower() for t in span if head_kind(t) is not None]
        if heads:
            return heads[-1]
        words = [w for w in name.lower().split() if w not in ("ry", "rf", "oy", "ab", "oyj")]
        return words[-1] if words else ""

    def _title_block(self) -> int | None:
        """The document's title: a heading that opens it and names the programme."""
        for index, block in enumerate(self.blocks[:3]):
            if block.kind == "heading" and PROGRAMME_VOCABULARY.search(block.text):
                return index
        return None

    def _municipality(self, code: str) -> Municipality:
        org = self.gazetteer.municipality(code)
        return Municipality(code=code, name_fi=org.name if org else code,
                            name_sv=org.name_sv if org else None)

    def _title(self, covered: Sequence[str] = ()) -> str | None:
        """The document's own name for itself.

        1. A first-page heading that names the programme in the nominative and is not a
           subsection ("Järvelän kunnan kotoutumisohjelma 2025–2026"; not "1.1 Kunnassa
           kotoutumisohjelmaa koordinoiva taho").
        2. The document naming itself: "Tässä X:n kotoutumisohjelmassa …" → "X:n kotoutumisohjelma".
        3. A bare chapter heading ("1 Kotoutumisohjelma") without its number.
        4. Otherwise "Kotoutumisohjelma: <covered municipalities>" (made up, not quoted).
        """
        first_page = [b for b in self.blocks[:20] if b.page == self.blocks[0].page]
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
        for block in self.blocks[:40]:
            match = SELF_REFERENCE.search(block.text)
            if match:
                return f"{match.group(1)} {match.group(2).lower()}"
        if bare:
            return bare
        names = [self._municipality(code).name_fi for code in covered]
        if not names:
            return None
        noun = "Integrationsprogram" if self.language == "sv" else "Kotoutumisohjelma"
        return f"{noun}: {', '.join(names)}"

    # -- services -------------------------------------------------------------------
    def _heading_refs(self, block: Block) -> list[LegalRef]:
        return [m.ref for m in find_legal_refs(block.text)]

    def _section_services(self) -> list[tuple[ServiceKey, ...]]:
        """The services each block's section is about (empty outside service sections).

        Service sections nest: "5 Kotoutumiskoulutus" › "Kielitaidon päättötestaus" ›
        "B) Vastuutaho". A strong heading without a service closes the sections at its level
        or deeper and returns to the enclosing one; a sub-heading that repeats its section's
        service stays in the section.
        """
        open_sections: list[tuple[int, tuple[ServiceKey, ...]]] = []  # (level, services)
        out = []
        for block in self.blocks:
            if block.kind == "heading":
                found = tuple(classify_heading(block.text, self._heading_refs(block),
                                               self.language))
                current = open_sections[-1][1] if open_sections else ()
                if found and not (set(found) <= set(current)
                                  and block.level > open_sections[-1][0]):
                    while open_sections and open_sections[-1][0] >= block.level:
                        open_sections.pop()
                    open_sections.append((block.level, found))
                    self.in_charge.clear()
                elif block.strong:
                    while open_sections and open_sections[-1][0] >= block.level:
                        open_sections.pop()
            out.append(open_sections[-1][1] if open_sections else ())
        return out

    def _service_descriptions(self, services: list[tuple[ServiceKey, ...]],
                              per_block: Sequence[tuple[str, ...]]) -> None:
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            if block.kind != "heading" or not services[index]:
                index += 1
                continue
            end = index + 1
            while end < len(self.blocks) and services[end] == services[index] and not (
                    self.blocks[end].kind == "heading" and self.blocks[end].strong
                    and self.blocks[end].level <= block.level):
                end += 1
            body = self.blocks[index + 1:end]
            refs = self._heading_refs(block) + [
                m.ref for b in body for m in find_legal_refs(b.text)
                if m.ref.statute == INTEGRATION_ACT and m.ref.section]
            municipalities = tuple(dict.fromkeys(c for i in range(index, end) for c in per_block[i]))
            prov = Provenance(block.page, block.start, block.end, block.text, "service-heading")
            for service in services[index]:
                self.result.services.append(ServiceDescription(
                    service=service, municipalities=municipalities, heading=block.text,
                    text="\n".join(b.text for b in body), legal_refs=tuple(dict.fromkeys(refs)),
                    provenance=prov))
            index = end

    def _legal_refs(self) -> None:
        for block, doc in zip(self.blocks, self.docs, strict=True):
            for match in find_legal_refs(block.text):
                sent = _sentence_at(doc, match.start)
                self.result.legal_refs.append((match.ref, self._prov(block, sent, "legal-ref")))

    # -- facts ----------------------------------------------------------------------
    def _prov(self, block: Block, sent: Span | None, rule: str) -> Provenance:
        if sent is None:
            return Provenance(block.page, block.start, block.end, block.text, rule)
        return Provenance(block.page, block.start + sent.start_char,
                          block.start + sent.end_char, sent.text, rule)

    def _facts(self, services: list[tuple[ServiceKey, ...]],
               per_block: Sequence[tuple[str, ...]]) -> None:
        context_target: TargetGroup | None = None
        heading_slot: Role | None = None  # "Vastuutaho" / "Yhteistyö" sub-heading
        offer: Role | None = None  # "Kunnassa on tarjolla …" over a list of local services
        lead_slot: Role | None = None  # "Ansvar:" lead-in before a list
        seen: set[tuple] = set()
        header: list[tuple[TargetGroup | None, Role | None]] | None = None
        member_slot: Role | None = None  # "Yhteistyötahot kunnittain:" over "Kemi:" labels
        carried: TargetGroup | None = None  # the group the previous paragraph last named
        lead_body: tuple | None = None  # "Työllisyysalue:" over what that body does
        lead_group: TargetGroup | None = None  # the group of a lead-in right before this block
        presented: tuple | None = None  # a heading that names a body alone ("Seutuopisto")
        part_slot: Role | None = None  # the slot of the part ("C) Yhteistyö") a heading opens
        for index, (block, doc) in enumerate(zip(self.blocks, self.docs, strict=True)):
            previous_group, carried = carried, None
            header_group, lead_group = lead_group, None
            if block.kind == "heading":
                context_target = target_of(block.text, self.language)
                if header_group is not None and OTHER_GROUP.get(header_group) == context_target:
                    # "Työnhakijoiden palvelut tuottava taho:" then "Muiden … tuottava taho":
                    # a flattened table header; its rows are for either group
                    context_target = None
                heading_slot, lead_slot, member_slot = slot_of(block.text), None, None
                lead_body = None
                offer = offer_slot(block.text)
                if heading_slot is not None or block.strong or PART_HEADING.match(block.text):
                    part_slot = heading_slot  # "C) Yhteistyö" holds over its sub-headings
                presented = self._presented_body(index) if (
                    services[index] and part_slot != Role.PARTNER) else None
                continue
            if block.kind == "table_row":
                header = self._table_row(index, header, per_block[index], seen)
                continue
            header = None
            if block.text.rstrip().endswith(":"):
                lead_group = target_of(block.text, self.language)
            label = split_label(block.text)
            label_slot = slot_of(label[0]) if label else None
            if block.text.rstrip().endswith(":") and (not label or not label[1].strip()):
                # a lead-in ("Ansvar:", "Työvoiman ulkopuolella olevat:") frames what follows
                context_target = target_of(block.text, self.language)
                if (lead_slot or member_slot) and label_slot is None and (
                        context_target is None and self._municipality_label(index)):
                    # "Yhteistyötahot kunnittain:" then "Kemi:": the slot holds for the
                    # text under each municipality's label
                    member_slot, lead_slot = lead_slot or member_slot, None
                    continue
                lead_slot, member_slot = label_slot, None
                lead_body = self._lead_body(index) if label_slot is None else None
                continue
            if lead_slot and block.kind != "list_item" and not label and not (
                    block.text[:1].islower()):  # a wrapped list item's last line continues it
                lead_slot = None
            block_target = context_target
            if label and label_slot is None:
                block_target = target_of(label[0], self.language) or context_target
            sentences = _sentences(doc, self.language)
            # The label is a sentence of its own (nlp.label_boundary): a body label
            # ("Kela: …") names who delivers; a municipality, group or slot label names none.
            label_role = None
            if label and sentences and sentences[0].end_char <= label[2]:
                if label_slot is None:
                    label_role = self._label_slot(sentences[0], index, label[0])
                if label_role is None:
                    sentences = sentences[1:]
            # the group the paragraph last named; a paragraph that goes on under the same
            # municipality without naming one continues the previous paragraph's (a PDF line
            # ending a sentence may split one paragraph in two)
            running_target = block_target or (
                previous_group if block.kind == "paragraph" and not label
                and index and per_block[index] == per_block[index - 1] else None)
            # the group only carried over from the previous paragraph (none named here yet)
            carried_over = running_target if block_target is None else None
            row_services: tuple[ServiceKey, ...] = ()  # a table row's label fused with its cell
            for number, sent in enumerate(sentences):
                named_target = target_of(sent.text, self.language)
                sentence_target = running_target
                if named_target is not None:
                    running_target, carried_over = named_target, None
                if is_programme_monitoring(sent.text) or _past_event(sent):
                    continue
                sent_services = tuple(services_in_text(sent.text, self.language))
                if number == 0 and index in self.row_starts:
                    row_services = sent_services
                    continue
                if not sent_services:
                    sent_services = row_services or section_services_for(
                        sent.text, services[index], self.language)
                if not sent_services:
                    # A document-wide division of responsibility by target group ("Kunta
                    # vastaa muiden … palveluiden järjestämisestä", 3 §) is not expanded to
                    # every service: it only fills the groups a service section leaves open.
                    self._division(sent, index, block, per_block[index])
                    continue
                relations = self._relations(sent, index)
                if presented is not None:
                    relations += self._presentation(presented, relations, per_block[index])
                    presented = None
                if lead_body is not None and self.language == "fi":
                    relations += [(role, target, rule, *lead_body) for role, target, rule
                                  in self._lead_passives(sent, index)]
                first = number == 0 or (label_role is not None and number == 1)
                # under "Kemi:" the slot lists bodies; a full sentence states its own roles
                listed = member_slot if member_slot and not any(
                    "Fin" in t.morph.get("VerbForm") for t in sent) else None
                slot = label_slot if (label_slot and first) else (
                    lead_slot or listed or heading_slot or (offer if block.kind == "list_item" else None))
                if label and first and label_slot is None:
                    slot = slot or label_role or self._label_slot(sent, index, label[0])
                if slot is not None:
                    relations = self._slot_relations(sent, index, slot, relations,
                                                     next(iter(per_block[index]), ""))
                codes = self._local_codes(sent, index, per_block[index])
                if codes == per_block[index] and self.frames.get(index) in codes:
                    codes = (self.frames[index],)
                for role, target, rule, resolve, _span in relations:
                    # a sentence that names no group continues the paragraph's last one
                    # (who only: cooperation is described for the paragraph's whole topic)
                    group = target or (sentence_target if named_target is None
                                       and role != Role.PARTNER else block_target)
                    for code in codes:
                        org = resolve(code)
                        lead = lead_body[0](code) if lead_body is not None else None
                        tg = _fact_group(org, role, rule, group, lead=lead,
                                         carried=target is None and group == carried_over)
                        served = sent_services
                        if org is None and role == Role.PARTNER:
                            break  # "… työntekijän kanssa": a person, of no named body
                        if role == Role.PARTNER and _division_group(org) == TargetGroup.OTHERS and (
                                self._owner(org) == code and _is_subject(sent, _span)):
                            continue  # "Kunnan kotoutumispalvelut tekevät yhteistyötä X:n kanssa"
                        if org is None:
                            org = self._in_charge(code, tg)
                        else:
                            if role == Role.RESPONSIBLE:
                                # its staff named later ("maahanmuutto-ohjaaja") still work
                                # for it, whichever member they serve
                                self.in_charge[(code, tg)] = org
                            # a body of one member municipality serves that one
                            served = tuple(s for s in sent_services
                                           if self._serves(org, code, tg, index, codes, s))
                            self.other_members.update(
                                (code, s, g) for s in sent_services if s not in served
                                for g in (TargetGroup.JOBSEEKERS, TargetGroup.OTHERS)
                                if tg in (g, TargetGroup.ALL))
                        for service in served:
                            fact = Fact(code, service, role, tg, org, self._prov(block, sent, rule))
                            if self._add_fact(seen, fact) and group is None and _splittable(role, rule):
                                self.ungrouped.append(fact)
            if block.kind == "paragraph":
                carried = running_target
        self._split_by_service(seen)
        self._fill_from_division(seen)

    def _opens_row(self, index: int) -> bool:
        """A paragraph opening with a service's bare name ("Muu ohjaus ja neuvonta Työvoima-
        viranomainen neuvoo …"): a flattened table row's label fused with its first cell. It
        frames the sentences after it as a heading would, and names no body itself."""
        first = next(iter(self.docs[index].sents), None)
        return (self.blocks[index].kind == "paragraph" and first is not None
                and len(first) <= MAX_ROW_LABEL_WORDS and not self._sentence_mentions(first, index)
                and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in first)
                and bool(services_in_text(first.text, self.language)))

    def _lead_passives(self, sent: Span, index: int) -> list[tuple]:
        """`agentless_passives` of a sentence under a body's lead-in. The parse gate leaves a
        sentence that names no organisation unparsed ("Kotoutumiskoulutukset hankitaan
        ostopalveluna."): under a body's lead-in it is that body's, so it is parsed here."""
        if any(t.pos_ for t in sent):
            return agentless_passives(sent, self._sentence_mentions(sent, index))
        parsed = get_nlp()(sent.text)
        return [found for own in parsed.sents
                for found in agentless_passives(own, find_mentions(own, self.gazetteer))]

    @staticmethod
    def _presentation(presented: tuple, relations: list[tuple], codes: Sequence[str]) -> list[tuple]:
        """The provider relation of a presented body, unless the sentence under its heading
        states the body's role itself ("Kela osallistuu …")."""
        code = next(iter(codes), "")
        org = presented[0](code)
        if org is not None and any(r[3](code) == org for r in relations):
            return []
        return [(Role.PROVIDER, None, PRESENTED_RULE, *presented)]

    def _presented_body(self, index: int) -> tuple | None:
        """(resolve, span) of a sub-heading that is one outside body's name alone
        ("Seutuopisto", "Ohjaamo Kuopio"): the text under it presents what that body offers
        in the section's service. The programme's own authorities head sections of their
        own shares, so they are not taken as presented."""
        body = self._lead_body(index)
        if body is None:
            return None
        code = next(iter(self.result.municipalities), None)
        org = body[0](code.code if code else "")
        return body if org is not None and org.kind in PRESENTED_KINDS else None

    def _lead_body(self, index: int) -> tuple | None:
        """(resolve, span) of a lead-in that is one body's name alone ("Työllisyysalue:",
        "Kela:"): the passives under it describe what that body does."""
        doc = self.docs[index]
        words = [t for t in doc if not t.is_punct and not t.is_space]
        for start, end, resolve, place in self._sentence_orgs(doc[:], index):
            if not place and words and start <= words[0].idx and words[-1].idx < end:
                return resolve, (start, end)
        return None

    def _table_row(self, index: int, header: list | None, codes: Sequence[str],
                   seen: set) -> list | None:
        """A responsibility table row: service in the first cell, bodies per group column.

        Header cells name a target group ("Työnhakijat", "Muut", "Arbetssökande") or a slot
        ("Yhteistyökumppanit", "Vastuutaho", "Toteuttaja"). A body in brackets after a
        producer cue ("toteuttaja: X", "ostopalvelu: X", "palvelu ostetaan X:ltä") provides
        the service; "tarvittaessa X" is a partner.
        """
        block, doc = self.blocks[index], self.docs[index]
        cells = block.text.split(" | ")
        offsets, pos = [], 0
        for cell in cells:
            offsets.append((pos, pos + len(cell)))
            pos += len(cell) + 3
        services = classify_heading(cells[0], self._heading_refs(Block("heading", cells[0], 0)),
                                    self.language)
        if header is None or not services:
            columns = [(header_target_of(c, self.language) if i else None, slot_of(c) if i else None)
                       for i, c in enumerate(cells)]
            if any(t or r for t, r in columns) and not services:
                return columns
            if header is None:
                return None
        orgs = self._sentence_orgs(doc[:], index)
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
                        self._add_fact(seen, Fact(code, service, role, tg, org,
                                                  self._prov(block, None, rule)))
        return header

    def _owner(self, org: Organisation) -> str | None:
        """The municipality a body belongs to: itself, a unit's or an institution's parent."""
        if org.kind == OrgKind.MUNICIPALITY:
            return org.key
        return org.parent_key

    def _serves(self, org: Organisation, code: str, target: TargetGroup, index: int,
                codes: Sequence[str], service: ServiceKey) -> bool:
        """Whether a member municipality's body acts in another member's programme.

        In a joint programme a body of one municipality ("Kuopion kaupunki", its units,
        "Kuopion aikuislukio") acts for that municipality only. The municipality itself
        also acts for another member when its paragraph names that member, or when the
        members have agreed that one of them arranges the municipal share (those who are
        not jobseekers, 3 § and 8 § of 681/2023) of the individual integration services
        (14–17 §, 21 §, 25–27 §) and the guidance of 13 § 1 mom. 5 k.
        """
        owner = self._owner(org)
        if owner is None or owner == code or owner not in codes:
            return True
        if org.kind != OrgKind.MUNICIPALITY:
            return False
        if any(m.kind == "named" and m.org is not None and m.org.key == code
               for m in self.mentions[index]):
            return True
        return (self._municipal_agreement and target != TargetGroup.JOBSEEKERS
                and service in AGREEMENT_SERVICES)

    @property
    def _municipal_agreement(self) -> bool:
        """The members have agreed to arrange the municipal services together ("Kuopion
        kaupunki, Tuusniemi, Lapinlahti ja Kaavi ovat sopineet … yhteistyöstä … järjestämisestä")."""
        if self.agreement is None:
            covered = {m.code for m in self.result.municipalities}
            self.agreement = False
            for block, mentions in zip(self.blocks, self.mentions, strict=True):
                named = {m.org.key for m in mentions if m.kind == "named" and m.org is not None
                         and m.org.key in covered}
                if len(named) >= 2 and AGREEMENT.search(block.text):
                    self.agreement = True
                    break
        return self.agreement

    @staticmethod
    def _place_attribute(sent: Span, end: int) -> bool:
        """A place name in the genitive before a common noun other than kunta / kaupunki."""
        doc = sent.doc
        span = doc.char_span(end - 1, end, alignment_mode="expand")
        if span is None or span.end >= sent.end:
            return False
        last, following = span[-1], doc[span.end]
        return ("Gen" in last.morph.get("Case") and following.pos_ == "NOUN"
                and following.lemma_.lower() not in OWNER_NOUNS and following.text[:1].islower())

    def _municipality_label(self, index: int) -> bool:
        """A block that is only a municipality's name as a label ("Kemi:")."""
        text = self.blocks[index].text.strip().rstrip(":").strip()
        first = text.split()[0] if text else ""
        return len(text.split()) <= 3 and any(
            m.kind == "named" and m.org is not None and m.org.kind == OrgKind.MUNICIPALITY
            and m.start == label_prefix_words(first) for m in self.mentions[index])

    def _add_fact(self, seen: set[tuple], fact: Fact) -> bool:
        """Keep the first statement of each (municipality, service, role, group, organisation).

        An organisation is its kind and key: a welfare and an employment area share a region's
        key ("Pohjanmaan hyvinvointialue", "Pohjanmaan työllisyysalue": both "pohjanmaa")."""
        org = fact.organisation
        key = (fact.municipality, fact.service, fact.role, fact.target_group, org.kind, org.key)
        if key in seen:
            return False
        seen.add(key)
        self.result.facts.append(fact)
        return True

    def _local_codes(self, sent: Span, index: int, codes: Sequence[str]) -> Sequence[str]:
        """In a joint text, "Kuopiossa …" scopes a sentence to the municipality named as place."""
        if len(codes) < 2:
            return codes
        doc = sent.doc
        local = []
        for m in self.mentions[index]:
            if (sent.start <= m.start < sent.end and m.kind == "named" and m.org is not None
                    and m.org.kind == OrgKind.MUNICIPALITY and m.org.key in codes
                    # the case is on the head: "Kuopiossa", "Kuopion kaupungilla"
                    and set(doc[m.end - 1].morph.get("Case")) & {"Ine", "Ela", "Ade"}):
                local.append(m.org.key)
        return tuple(dict.fromkeys(local)) or codes

    def _label_slot(self, sent: Span, index: int, label: str) -> Role | None:
        """"Kela: etuudet …" in a service section: the labelled body delivers that part."""
        for start, end, _resolve, municipality_name in self._sentence_orgs(sent, index):
            text = sent.doc.text[start:end]
            if start - sent.start_char <= 3 and text.strip().lower() == label.strip(
                    " •-–").lower() and not municipality_name:
                return Role.PROVIDER
        return None

    def _slot_relations(self, sent: Span, index: int, slot: Role, relations: list[tuple],
                        code: str) -> list[tuple]:
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
        authors = self._generic_municipalities(sent, index) if slot == Role.PARTNER else set()
        for start, end, resolve, place in self._sentence_orgs(sent, index):
            if slot != Role.PARTNER and limit is not None and start >= limit:
                continue
            if start in authors:
                continue  # under "Yhteistyö" the municipality ("kunta") is the one cooperating
            if place and self._place_attribute(sent, end):
                continue  # "Kemin lyseo lukio": the town names the school, it is no body
            if (start, end) in taken:
                continue
            out.append((slot, None, rule, resolve, (start, end)))
        if slot != Role.RESPONSIBLE:
            return out
        groups = {r[4]: _division_group(r[3](code)) for r in out if r[2] == rule}
        if {TargetGroup.JOBSEEKERS, TargetGroup.OTHERS} <= set(groups.values()):
            out = [(r[0], groups.get(r[4]), r[2] + "+3§-split", r[3], r[4]) if r[2] == rule else r
                   for r in out]
        return out

    def _division(self, sent: Span, index: int, block: Block, codes: Sequence[str]) -> None:
        for role, target, rule, resolve, _span in self._relations(sent, index):
            if role != Role.RESPONSIBLE or target in (None, TargetGroup.ALL):
                continue
            for code in codes:
                org = resolve(code)
                if org is not None:
                    self.division.setdefault((code, target), (
                        org, self._prov(block, sent, rule + "+programme-division")))

    def _split_by_service(self, seen: set) -> None:
        """A service whose statements split responsibility by group (the employment
        authority named for jobseekers, the municipality for the others, 3 §) gives each
        body's group-less responsibility statement that body's group: "Kunnan on
        laadittava kotoutumissuunnitelma …" in such a section is the municipality's share."""
        groups: dict[tuple[str, ServiceKey], set[TargetGroup]] = {}
        for f in self.result.facts:
            if f.role != Role.PARTNER and f.target_group != TargetGroup.ALL and (
                    _division_group(f.organisation) == f.target_group):
                groups.setdefault((f.municipality, f.service), set()).add(f.target_group)
        halves = {key for key, found in groups.items() if len(found) == 2}
        for fact in self.ungrouped:
            group = _division_group(fact.organisation)
            if group is None or (fact.municipality, fact.service) not in halves:
                continue
            self.result.facts.remove(fact)
            seen.discard((fact.municipality, fact.service, fact.role, fact.target_group,
                          fact.organisation.kind, fact.organisation.key))
            self._add_fact(seen, replace(fact, target_group=group, provenance=replace(
                fact.provenance, rule=fact.provenance.rule + "+service-split")))

    def _fill_from_division(self, seen: set) -> None:
        """Service sections that name no responsible body for a group get the division's."""
        who = {(f.municipality, f.service, f.target_group) for f in self.result.facts
               if f.role in (Role.RESPONSIBLE, Role.PROVIDER)}
        for description in self.result.services:
            if description.service not in PROGRAMME_SCOPE:
                continue
            for code in description.municipalities:
                for group in (TargetGroup.JOBSEEKERS, TargetGroup.OTHERS):
                    if (code, description.service, group) in self.other_members:
                        continue
                    if ((code, description.service, group) in who
                            or (code, description.service, TargetGroup.ALL) in who
                            or (code, group) not in self.division):
                        continue
                    org, prov = self.division[(code, group)]
                    self._add_fact(seen, Fact(code, description.service, Role.RESPONSIBLE, group,
                                              org, prov))

    def _sentence_mentions(self, sent: Span, index: int) -> list[Mention]:
        """The block's organisation mentions that fall in this sentence."""
        return [m for m in self.mentions[index] if sent.start <= m.start < sent.end]

    def _relations(self, sent: Span, index: int) -> list[tuple]:
        """(role, target, rule, resolve, (start, end) of the mention in the doc text)."""
        resolver = Resolver(self.gazetteer)
        if self.language == "sv":
            return self._relations_sv(sent, index)
        mentions = self._sentence_mentions(sent, index)
        out = []
        doc = sent.doc
        for rel in extract_relations(sent, mentions, self.language):
            span = (doc[rel.mention.start].idx, doc[rel.mention.end - 1].idx
                    + len(doc[rel.mention.end - 1]))
            out.append((rel.role, rel.target, rel.rule, _bind(resolver, rel), span))
        return out

    def _sv_mentions(self, sent: Span, index: int) -> tuple[list[Mention], list[SvMention]]:
        named = [m for m in self.mentions[index]
                 if sent.start <= m.start < sent.end and m.kind == "named"]
        doc = sent.doc
        mentions = [SvMention(doc[m.start].idx - sent.start_char,
                              doc[m.end - 1].idx + len(doc[m.end - 1]) - sent.start_char,
                              named_index=i) for i, m in enumerate(named)]
        mentions += [g for g in generic_mentions(sent.text)
                     if not any(g.start < n.end and n.start < g.end for n in mentions)]
        return named, mentions

    def _sv_resolve(self, named: list[Mention], mention: SvMention):
        resolver = Resolver(self.gazetteer)
        if mention.named_index is not None:
            org = named[mention.named_index].org
            return lambda _code, org=org: org
        return lambda code, kind=mention.generic: resolver.generic(kind, code)

    def _relations_sv(self, sent: Span, index: int) -> list[tuple]:
        named, mentions = self._sv_mentions(sent, index)
        target = target_of(sent.text, "sv")
        out = []
        for role, mention, rule in sv_relations(sent.text, mentions):
            span = (sent.start_char + mention.start, sent.start_char + mention.end)
            out.append((role, target, rule, self._sv_resolve(named, mention), span))
        return out

    def _generic_municipalities(self, sent: Span, index: int) -> set[int]:
        """Start offsets of "kunta" / "kaupunki" without a name: the programme's own body."""
        doc = sent.doc
        return {doc[m.start].idx for m in self.mentions[index] if sent.start <= m.start < sent.end
                and m.kind == "generic" and m.generic == OrgKind.MUNICIPALITY}

    def _sentence_orgs(self, sent: Span, index: int) -> list[tuple]:
        """Every organisation mention of a sentence: (start, end, resolve, is a place name)."""
        out = []
        if self.language == "sv":
            named, mentions = self._sv_mentions(sent, index)
            for m in mentions:
                place = m.named_index is not None and named[m.named_index].org is not None and (
                    named[m.named_index].org.kind == OrgKind.MUNICIPALITY)
                out.append((sent.start_char + m.start, sent.start_char + m.end,
                            self._sv_resolve(named, m), place))
            return out
        resolver = Resolver(self.gazetteer)
        doc = sent.doc
        for m in self.mentions[index]:
            if not sent.start <= m.start < sent.end:
                continue
            if m.kind == "role" and m.org is None:
                continue
            place = m.kind == "named" and m.org is not None and m.org.kind == OrgKind.MUNICIPALITY
            out.append((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]),
                        lambda code, m=m: resolver.resolve(m, code), place))
        return out

    def _in_charge(self, code: str, target: TargetGroup) -> Organisation:
        """A role without organisation works for whoever the text put in charge."""
        for key in ((code, target), (code, TargetGroup.ALL)):
            if key in self.in_charge:
                return self.in_charge[key]
        resolver = Resolver(self.gazetteer)
        kind = OrgKind.EMPLOYMENT_AREA if target == TargetGroup.JOBSEEKERS else OrgKind.MUNICIPALITY
        org = resolver.generic(kind, code)
        return org or Organisation(key=code, name=code, kind=OrgKind.MUNICIPALITY)

    # -- metadata -------------------------------------------------------------------
    def _section_cues(self, block: Block) -> set[str]:
        """What a heading announces: coordinator, contact, drafting and / or approval."""
        if classify_heading(block.text, self._heading_refs(block), self.language):
            return set()
        cues = {name for name, cue in (("coordinator", metadata.COORDINATOR_CUE),
                                       ("contact", metadata.CONTACT_CUE),
                                       ("drafting", metadata.DRAFTING_CUE),
                                       ("approval", metadata.APPROVAL_CUE))
                if cue.search(block.text)}
        if "drafting" in cues and "approval" in cues and not metadata.APPROVAL_VERB.search(
                block.text.replace("käsittelyyn", "")):
            cues.discard("approval")
        return cues

    def _block_cue(self, block: Block, section: set[str], *, in_service: bool) -> str | None:
        """The block's own cue (a label, an e-mail address, a coordination sentence), else
        the section's when the heading names only one thing."""
        label = split_label(block.text)
        head = label[0] if label else ""
        for name, cue in (("contact", metadata.CONTACT_CUE), ("coordinator", metadata.COORDINATOR_CUE),
                          ("drafting", metadata.DRAFTING_CUE), ("approval", metadata.APPROVAL_CUE)):
            if head and cue.search(head):
                return name
        if "contact" in section and (metadata.EMAIL.search(block.text)
                                     or metadata.PHONE.search(block.text)):
            return "contact"
        programme = re.search(r"ohjelm|program", block.text, re.IGNORECASE) and not in_service
        if programme and metadata.COORDINATOR_CUE.search(block.text):
            return "coordinator"
        if programme and metadata.DRAFTING_CUE.search(block.text):
            return "drafting"
        if len(section) == 1:
            return next(iter(section))
        return None

    def _metadata(self, covered: Sequence[str],
                  services: Sequence[tuple[ServiceKey, ...]]) -> None:
        resolver = Resolver(self.gazetteer)
        codes = list(covered)[:1] or [""]
        section: set[str] = set()
        for index, (block, doc) in enumerate(zip(self.blocks, self.docs, strict=True)):
            cues = set() if services[index] else self._section_cues(block) if (
                block.kind == "heading") or (
                len(block.text.split()) <= 12 and re.match(r"\d+(?:\.\d+)*\.?\s", block.text)) else set()
            if cues:
                section = cues
                continue
            if block.kind == "heading" and (block.strong or classify_heading(
                    block.text, self._heading_refs(block), self.language)):
                section = set()
                continue
            cue = self._block_cue(block, section, in_service=bool(services[index]))
            orgs = [(resolver.resolve(m, codes[0]), m) for m in self.mentions[index]]
            if cue == "coordinator":
                self._coordinator(block, doc, orgs, covered)
            elif cue == "drafting":
                for org, _m in orgs:
                    if org and not self._own(org, covered):
                        self.result.drafting_partners.append(
                            (org, self._prov(block, None, "drafting-section")))
            elif cue == "contact":
                self._contact(block, orgs, covered)
            self._approvals(block, doc, index, approval_context=cue == "approval")
            if cue != "drafting":
                for sent in doc.sents:
                    self._sentence_metadata(block, sent, [(o, m) for o, m in orgs
                                                          if sent.start <= m.start < sent.end],
                                            covered)
        self._dedupe_metadata()

    def _municipality_org(self, code: str) -> Organisation | None:
        return self.gazetteer.municipality(code)

    @staticmethod
    def _own(org: Organisation, covered: Sequence[str]) -> bool:
        """The programme's own municipalities and their units do not draft it as partners."""
        return (org.kind == OrgKind.MUNICIPALITY and org.key in covered) or (
            org.kind == OrgKind.MUNICIPAL_UNIT and org.parent_key in covered)

    def _coordinator(self, block: Block, doc: Doc,
                     orgs: list[tuple[Organisation | None, Mention]],
                     covered: Sequence[str]) -> None:
        """The first body of the sentence that names the coordination (or of the block)."""
        if any(c[1].rule != "coordinator-sentence" for c in self.result.coordinators):
            return  # the section's first body; later sentences describe its tasks
        label = split_label(block.text)
        after = label[2] if label and metadata.COORDINATOR_CUE.search(label[0]) else 0
        sents = [s for s in doc.sents if metadata.COORDINATOR_CUE.search(s.text)]
        if after or not sents:
            sents = list(doc.sents)
        for sent in sents:
            for org, m in orgs:
                if org and sent.start <= m.start < sent.end and doc[m.start].idx >= after:
                    self.result.coordinators.append(
                        (org, self._prov(block, sent, "coordinator-section")))
                    return
        # "Konserni: kotoutumispalvelut": a unit noun alone is the programme's municipality's
        unit = UNIT_NOUN.search(block.text, after)
        owner = self._municipality_org(covered[0]) if len(covered) == 1 else None
        if unit and owner is not None:
            name = re.sub(r"t$", "", unit.group(0).lower())
            self.result.coordinators.append((Organisation(
                key=f"{owner.key}/{slug(name)}", name=owner.name, kind=OrgKind.MUNICIPAL_UNIT,
                unit=name, parent_key=owner.key), self._prov(block, None, "coordinator-unit")))

    def _contact_municipality(self, orgs: list[tuple[Organisation | None, Mention]],
                              covered: Sequence[str]) -> str | None:
        """The municipality a contact is for: named in it, or the only one covered."""
        for org, _m in orgs:
            if org is None:
                continue
            if org.kind == OrgKind.MUNICIPALITY and org.key in covered:
                return org.key
            if org.parent_key in covered:
                return org.parent_key
        return covered[0] if len(covered) == 1 else None

    def _contact(self, block: Block, orgs: list[tuple[Organisation | None, Mention]],
                 covered: Sequence[str]) -> None:
        fields = metadata.contact_fields(block.text)
        named = [(o, m) for o, m in orgs if m.kind in ("named", "unit")]
        code = self._contact_municipality(named, covered)
        org = next((o for o, _m in named if o is not None), None)
        if org is None and code and fields.email:
            org = self._municipality_org(code)
        previous = self.result.contact_points[-1] if self.result.contact_points else None
        if previous and previous.provenance and previous.provenance.rule == "contact-section" and (
                not previous.email or not fields.email) and (
                previous.municipality == code or None in (previous.municipality, code)
                or not any((fields.email, fields.phone, fields.name, fields.title))):
            self.result.contact_points[-1] = ContactPoint(
                municipality=previous.municipality or code, title=previous.title or fields.title,
                name=previous.name or fields.name, email=previous.email or fields.email,
                phone=previous.phone or fields.phone, organisation=previous.organisation or org,
                provenance=previous.provenance)
            return
        if not any((fields.email, fields.phone, fields.name, fields.title)):
            return
        self.result.contact_points.append(ContactPoint(
            municipality=code, title=fields.title, name=fields.name, email=fields.email,
            phone=fields.phone, organisation=org,
            provenance=self._prov(block, None, "contact-section")))

    def _approvals(self, block: Block, doc: Doc, index: int, *, approval_context: bool) -> None:
        """Each body that approved or handled the programme, with its date when stated."""
        text = block.text
        clauses = metadata.approval_clauses(text)
        for number, (start, end, clause_end) in enumerate(clauses):
            # the clause with the body, and the words since the previous body ("on käsitelty
            # kaupunginhallituksessa 25.11.2024": the verb comes first)
            sent = _sentence_at(doc, start)
            region_start = max(clauses[number - 1][1] if number else 0,
                               sent.start_char if sent is not None else 0)
            # "… § 58. Kunnanhallitus …": the previous decision's section number is not ours
            lead = re.match(r"\s*\d+\.\s+", text[region_start:start])
            region_start += lead.end() if lead else 0
            region = text[region_start:clause_end]
            # "käsittelyyn kunnanhallitus ja kunnanvaltuusto": coordinated bodies share the verb
            verb_region = text[sent.start_char if sent is not None else region_start:clause_end]
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            token = span[0]
            if set(token.morph.get("Case")) & metadata.NOT_APPROVER_CASES:
                continue
            date = metadata.iso_date(text[end:clause_end])
            if date is None and len(clauses) == 1:
                date = metadata.iso_date(region)
            verb = metadata.APPROVAL_VERB.search(verb_region)
            if not ((verb and (date or PROGRAMME_VOCABULARY.search(region) or approval_context
                               or re.search(r"ohjelm|program", region, re.IGNORECASE)))
                    or (approval_context and date)):
                continue
            body = (token.text if self.language == "sv" else token.lemma_ or token.text)
            body = body.replace("#", "").lower()
            owner = next((m for m in self.mentions[index] if m.end == token.i and m.kind == "named"
                          and m.org is not None and m.org.kind == OrgKind.MUNICIPALITY), None)
            if owner is not None and self.language != "sv":
                body = f"{doc[owner.start:owner.end].text} {body}"
            stop = re.search(r"\.\s+(?=[A-ZÅÄÖ])", text[end:clause_end])  # the next sentence
            quote = (text[region_start:end + stop.start() + 1] if stop else region).strip()
            offset = block.start + region_start + (len(region) - len(region.lstrip()))
            self.result.approvals.append(metadata.Approval(
                body=body, date=date,
                provenance=Provenance(block.page, offset, offset + len(quote), quote, "approval")))

    def _sentence_metadata(self, block: Block, sent: Span,
                           orgs: list[tuple[Organisation | None, Mention]],
                           covered: Sequence[str]) -> None:
        text = sent.text
        if metadata.COORDINATOR_CUE.search(text) and PROGRAMME_VOCABULARY.search(text):
            subj = [o for o, m in orgs if o and any(
                t.dep_.startswith("nsubj") for t in sent.doc[m.start:m.end])]
            for org in subj[:1]:
                self.result.coordinators.append((org, self._prov(block, sent, "coordinator-sentence")))
        if metadata.DRAFTING_CUE.search(text) and PROGRAMME_VOCABULARY.search(text):
            for org, _m in orgs:
                if org and not self._own(org, covered):
                    self.result.drafting_partners.append((org, self._prov(block, sent, "drafting-sentence")))

    def _dedupe_metadata(self) -> None:
        # the checklist's own section outranks a coordination sentence found elsewhere
        sections = [c for c in self.result.coordinators if c[1].rule != "coordinator-sentence"]
        self.result.coordinators = sections or self.result.coordinators
        for name in ("coordinators", "drafting_partners"):
            items = getattr(self.result, name)
            seen: set[tuple[OrgKind, str]] = set()
            kept = []
            for org, prov in items:
                if (org.kind, org.key) not in seen:  # areas of one region share a key
                    seen.add((org.kind, org.key))
                    kept.append((org, prov))
            setattr(self.result, name, kept)
        approvals = {}
        for approval in self.result.approvals:
            approvals.setdefault((approval.body, approval.date), approval)
        self.result.approvals = list(approvals.values())


# A year or season of the past that dates a perfect-tense statement ("on osallistunut …
# vuosina 2023 ja 2024"): a past event, not what the programme arranges.
PAST_DATE = re.compile(r"\b(?:vuo(?:si|nna|sina)|syksyllä|keväällä|kesällä|talvella)\s+(?:20\d\d)\b",
                       re.IGNORECASE)


def _past_event(sent: Span) -> bool:
    """The sentence reports something done before the programme: its main verb is in the
    simple past ("Pilotointi toteutettiin …"), or in the perfect dated by a past year. The
    perfect alone states a standing arrangement ("on tehnyt ostopalvelusopimuksen")."""
    root = next((t for t in sent if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return False
    if finished(root):
        return True
    perfect = any(c.lemma_ == "olla" and c.dep_.startswith("aux") for c in root.children) and (
        "Part" in root.morph.get("VerbForm"))
    return perfect and bool(PAST_DATE.search(sent.text))


def _one_referent(orgs: set[Organisation]) -> Organisation | None:
    """The one body a bare head refers to: the only name with that head, or the only full
    name beside the head alone ("Ohjaamo Kuopio" beside "Ohjaamo")."""
    by_key = {org.key: org for org in sorted(orgs, key=lambda org: org.name)}
    if len(by_key) == 1:  # "Pieksämäen seutuopisto", "Pieksämäen Seutuopisto": one body
        return next(iter(by_key.values()))
    full = [org for org in by_key.values() if " " in org.name]
    return full[0] if len(full) == 1 else None


def _bind(resolver: Resolver, rel: Relation):
    return lambda code: resolver.resolve(rel.mention, code)


def _is_subject(sent: Span, span: tuple[int, int]) -> bool:
    """Is the mention at these doc offsets the subject of its clause? The municipality that
    cooperates with others is the programme's own body, not a partner of its own service."""
    tokens = sent.doc.char_span(span[0], span[1], alignment_mode="expand")
    return tokens is not None and any(
        t.dep_.startswith("nsubj") or (t.dep_ == "conj" and t.head.dep_.startswith("nsubj"))
        for t in tokens)


def _division_group(org: Organisation | None) -> TargetGroup | None:
    """The group 3 § gives a body: jobseekers to the employment authority, others to the
    municipality and its units."""
    if org is None:
        return None
    if org.kind in (OrgKind.EMPLOYMENT_AREA, OrgKind.EMPLOYMENT_AUTHORITY):
        return TargetGroup.JOBSEEKERS
    if org.kind in (OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT):
        return TargetGroup.OTHERS
    return None


def _fact_group(org: Organisation | None, role: Role, rule: str, group: TargetGroup | None, *,
                carried: bool, lead: Organisation | None) -> TargetGroup:
    """The group of a fact: the one its text names or frames; a group only carried over from
    the previous paragraph that 3 § gives the other body belonged to that paragraph's body
    (a flattened table's other column), so the body's own group holds; with none, the group
    of the body whose lead-in ("Työllisyysalue:") the text is under, else the default."""
    own = _division_group(org)
    if group is not None:
        return own if carried and own is not None and own == OTHER_GROUP.get(group) else group
    return _division_group(lead) or _default_target(org, role, rule)


def _splittable(role: Role, rule: str) -> bool:
    """A responsibility stated without a group that its service's 3 § split may narrow (not
    a slot's list, a colon list or joint action: those hold for everyone)."""
    return role == Role.RESPONSIBLE and not (rule.endswith("-slot") or JOINT_RULE in rule
                                             or LIST_RULE in rule)


def _default_target(org: Organisation | None, role: Role, rule: str) -> TargetGroup:
    """The group of a statement that names none.

    The employment authority is in charge for jobseekers (3 § of 681/2023), so when it is
    said to arrange or provide a service it does so for them. Cooperation, bodies listed
    under a slot or after a colon (each in charge of its own share) and joint action
    ("tekevät yhdessä") are not split by 3 §: they hold for everyone.
    """
    if role == Role.PARTNER or rule.endswith("-slot") or JOINT_RULE in rule or LIST_RULE in rule:
        return TargetGroup.ALL
    return TargetGroup.JOBSEEKERS if _division_group(org) == TargetGroup.JOBSEEKERS else TargetGroup.ALL


def _sentences(doc: Doc, language: str) -> list[Span]:
    if language != "sv":
        return list(doc.sents)
    out = []
    for match in SV_SENTENCE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and span.text.strip():
            out.append(span)
    return out


def _sentence_at(doc: Doc, char: int) -> Span | None:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return None
