"""Facts, block by block and sentence by sentence: who is responsible for, provides or takes
part in which service, for which group, in which member municipality.

A sentence's services come from its own words, else from its section; its group from its
own words, else from what frames it (a heading, a lead-in, a label, the previous paragraph);
its bodies from the relations the grammar finds, and from the slot or lead-in it is listed
under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from extraction import framing
from extraction.division import (
    Division,
    division_group,
    fact_group,
    fill_from_division,
    split_by_service,
    splittable,
)
from extraction.fact_store import FactStore
from extraction.mentions import Resolver
from extraction.model import (
    Fact,
    Organisation,
    OrgKind,
    Role,
    ServiceDescription,
    ServiceKey,
    TargetGroup,
)
from extraction.relations import OTHER_GROUP, finished
from extraction.sentence_relations import ParsedDocument
from extraction.sentences import provenance, split_sentences
from extraction.services import is_programme_monitoring, section_services_for, services_in_text
from extraction.slots import offer_slot, slot_of, split_label
from extraction.structure import Block
from extraction.targets import target_of

PART_HEADING = re.compile(r"\s*[A-ZÅÄÖ]\)\s")  # "A) Kuvaus palvelusta", "C) Yhteistyö"
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
# A year or season of the past that dates a perfect-tense statement ("on osallistunut …
# vuosina 2023 ja 2024"): a past event, not what the programme arranges.
PAST_DATE = re.compile(r"\b(?:vuo(?:si|nna|sina)|syksyllä|keväällä|kesällä|talvella)\s+(?:20\d\d)\b",
                       re.IGNORECASE)


def read_facts(parsed: ParsedDocument, services: list[tuple[ServiceKey, ...]],
               per_block: Sequence[tuple[str, ...]], descriptions: Sequence[ServiceDescription],
               facts: list[Fact], *, covered: Sequence[str], frames: dict[int, str],
               row_starts: set[int]) -> None:
    """Append the document's facts to `facts`: those its text states, then the group-less
    ones narrowed by their service's 3 § split, then the groups a service section leaves
    open, filled from the programme-wide division.

    `services`: each block's section services; `per_block`: the municipalities each block
    is scoped to; `covered`: the programme's municipalities; `frames`: paragraph → the
    municipality its opening names; `row_starts`: paragraphs that open with a fused row label.
    """
    store = FactStore(facts)
    reader = _FactReader(parsed, tuple(covered), frames, row_starts, store)
    reader.read(services, per_block)
    split_by_service(store, reader.ungrouped)
    fill_from_division(store, descriptions, reader.division, reader.other_members)


@dataclass
class _Context:
    """What the blocks read so far frame the next one with: the group and slots headings,
    lead-ins and labels set, and the bodies they name, until a later block replaces them."""

    target: TargetGroup | None = None  # the group the last heading or lead-in names
    heading_slot: Role | None = None  # "Vastuutaho" / "Yhteistyö" sub-heading
    offer: Role | None = None  # "Kunnassa on tarjolla …" over a list of local services
    lead_slot: Role | None = None  # "Ansvar:" lead-in before a list
    header: list[tuple[TargetGroup | None, Role | None]] | None = None  # a table's columns
    member_slot: Role | None = None  # "Yhteistyötahot kunnittain:" over "Kemi:" labels
    carried: TargetGroup | None = None  # the group the previous paragraph last named
    lead_body: tuple | None = None  # "Työllisyysalue:" over what that body does
    lead_group: TargetGroup | None = None  # the group of a lead-in right before this block
    presented: tuple | None = None  # a heading that names a body alone ("Seutuopisto")
    part_slot: Role | None = None  # the slot of the part ("C) Yhteistyö") a heading opens


@dataclass
class _Paragraph:
    """A text block read sentence by sentence, with the group its sentences run on with."""

    index: int
    block: Block
    codes: tuple[str, ...]  # the municipalities the block is scoped to
    services: tuple[ServiceKey, ...]  # its section's services
    sentences: list[Span]
    label: tuple[str, str, int] | None  # "Label: rest"
    label_slot: Role | None  # the slot a label names ("Vastuutaho: …")
    label_role: Role | None  # the role of a body label ("Kela: …") that is a sentence of its own
    target: TargetGroup | None  # the group its heading, lead-in or label names
    # the group the paragraph last named; a paragraph that goes on under the same
    # municipality without naming one continues the previous paragraph's (a PDF line
    # ending a sentence may split one paragraph in two)
    running: TargetGroup | None
    # the group only carried over from the previous paragraph (none named here yet)
    carried_over: TargetGroup | None
    row_services: tuple[ServiceKey, ...] = ()  # a table row's label fused with its cell


@dataclass
class _FactReader:
    """The facts pass, with what it learns on the way: who the text puts in charge, the
    programme-wide division, and the statements the 3 § split may narrow later."""

    parsed: ParsedDocument
    covered: tuple[str, ...]
    frames: dict[int, str]
    row_starts: set[int]
    store: FactStore
    in_charge: dict[tuple[str, TargetGroup], Organisation] = field(default_factory=dict)
    division: Division = field(default_factory=dict)
    # responsible facts whose group no text named (see `division.split_by_service`)
    ungrouped: list[Fact] = field(default_factory=list)
    # (municipality, service) a section answers with another member's body: the
    # programme-wide division does not fill it in
    other_members: set[tuple[str, ServiceKey, TargetGroup]] = field(default_factory=set)
    agreement: bool | None = None

    def read(self, services: list[tuple[ServiceKey, ...]],
             per_block: Sequence[tuple[str, ...]]) -> None:
        """Read the blocks in order: a heading or lead-in sets the frame of what follows, a
        table row is read by its columns, and any other block sentence by sentence."""
        context = _Context()
        for index, (block, doc) in enumerate(zip(self.parsed.blocks, self.parsed.docs, strict=True)):
            previous_group, context.carried = context.carried, None
            header_group, context.lead_group = context.lead_group, None
            if block.kind == "heading":
                self._heading(context, index, block, header_group, services[index])
                continue
            if block.kind == "table_row":
                context.header = framing.table_row(self.parsed, index, context.header,
                                                   per_block[index], self.store)
                continue
            context.header = None
            paragraph = self._paragraph(context, index, block, doc, previous_group, services,
                                        per_block)
            if paragraph is None:
                continue
            for number, sent in enumerate(paragraph.sentences):
                self._sentence(context, paragraph, number, sent)
            if block.kind == "paragraph":
                context.carried = paragraph.running

    def _heading(self, context: _Context, index: int, block: Block,
                 header_group: TargetGroup | None, services: tuple[ServiceKey, ...]) -> None:
        """A heading opens a new frame: its group, its slot, and the body it may present."""
        context.target = target_of(block.text, self.parsed.language)
        if header_group is not None and OTHER_GROUP.get(header_group) == context.target:
            # "Työnhakijoiden palvelut tuottava taho:" then "Muiden … tuottava taho":
            # a flattened table header; its rows are for either group
            context.target = None
        context.heading_slot, context.lead_slot, context.member_slot = slot_of(block.text), None, None
        context.lead_body = None
        context.offer = offer_slot(block.text)
        if context.heading_slot is not None or block.strong or PART_HEADING.match(block.text):
            context.part_slot = context.heading_slot  # "C) Yhteistyö" holds over its sub-headings
        context.presented = framing.presented_body(
            self.parsed, index, next(iter(self.covered), "")) if (
            services and context.part_slot != Role.PARTNER) else None

    def _paragraph(self, context: _Context, index: int, block: Block, doc: Doc,
                   previous_group: TargetGroup | None, services: list[tuple[ServiceKey, ...]],
                   per_block: Sequence[tuple[str, ...]]) -> _Paragraph | None:
        """The block's label, sentences and groups; None for a lead-in, which only frames
        what follows."""
        language = self.parsed.language
        if block.text.rstrip().endswith(":"):
            context.lead_group = target_of(block.text, language)
        label = split_label(block.text)
        label_slot = slot_of(label[0]) if label else None
        if block.text.rstrip().endswith(":") and (not label or not label[1].strip()):
            self._lead_in(context, index, block, label_slot)
            return None
        if context.lead_slot and block.kind != "list_item" and not label and not (
                block.text[:1].islower()):  # a wrapped list item's last line continues it
            context.lead_slot = None
        block_target = context.target
        if label and label_slot is None:
            block_target = target_of(label[0], language) or context.target
        sentences = split_sentences(doc, language)
        # The label is a sentence of its own (nlp.label_boundary): a body label
        # ("Kela: …") names who delivers; a municipality, group or slot label names none.
        label_role = None
        if label and sentences and sentences[0].end_char <= label[2]:
            if label_slot is None:
                label_role = framing.label_slot(self.parsed, sentences[0], index, label[0])
            if label_role is None:
                sentences = sentences[1:]
        running_target = block_target or (
            previous_group if block.kind == "paragraph" and not label
            and index and per_block[index] == per_block[index - 1] else None)
        return _Paragraph(
            index, block, per_block[index], services[index], sentences, label, label_slot,
            label_role, block_target, running_target,
            carried_over=running_target if block_target is None else None)

    def _lead_in(self, context: _Context, index: int, block: Block, label_slot: Role | None) -> None:
        """A lead-in ("Ansvar:", "Työvoiman ulkopuolella olevat:") frames what follows."""
        context.target = target_of(block.text, self.parsed.language)
        if (context.lead_slot or context.member_slot) and label_slot is None and (
                context.target is None and framing.municipality_label(self.parsed, index)):
            # "Yhteistyötahot kunnittain:" then "Kemi:": the slot holds for the
            # text under each municipality's label
            context.member_slot, context.lead_slot = context.lead_slot or context.member_slot, None
            return
        context.lead_slot, context.member_slot = label_slot, None
        context.lead_body = framing.lead_body(self.parsed, index) if label_slot is None else None

    def _sentence(self, context: _Context, paragraph: _Paragraph, number: int, sent: Span) -> None:
        """The facts of one sentence: its services, the relations it and its frame state, and
        for each the group and body in each municipality it is scoped to."""
        language, index, block = self.parsed.language, paragraph.index, paragraph.block
        named_target = target_of(sent.text, language)
        sentence_target = paragraph.running
        if named_target is not None:
            paragraph.running, paragraph.carried_over = named_target, None
        if is_programme_monitoring(sent.text) or past_event(sent):
            return
        sent_services = tuple(services_in_text(sent.text, language))
        if number == 0 and index in self.row_starts:
            paragraph.row_services = sent_services
            return
        if not sent_services:
            sent_services = paragraph.row_services or section_services_for(
                sent.text, paragraph.services, language)
        if not sent_services:
            # A document-wide division of responsibility by target group ("Kunta
            # vastaa muiden … palveluiden järjestämisestä", 3 §) is not expanded to
            # every service: it only fills the groups a service section leaves open.
            self._division(sent, index, block, paragraph.codes)
            return
        relations = self._relations(context, paragraph, number, sent)
        codes = self._local_codes(sent, index, paragraph.codes)
        if codes == paragraph.codes and self.frames.get(index) in codes:
            codes = (self.frames[index],)
        for relation in relations:
            role, target = relation[0], relation[1]
            # a sentence that names no group continues the paragraph's last one
            # (who only: cooperation is described for the paragraph's whole topic)
            group = target or (sentence_target if named_target is None
                               and role != Role.PARTNER else paragraph.target)
            self._relation_facts(context, paragraph, sent, sent_services, codes, relation, group)

    def _relations(self, context: _Context, paragraph: _Paragraph, number: int,
                   sent: Span) -> list[tuple]:
        """The relations the grammar finds, with those of the presented or lead-in body, and
        the role of the slot or label the sentence is listed under."""
        parsed, index, label = self.parsed, paragraph.index, paragraph.label
        relations = parsed.relations(sent, index)
        if context.presented is not None:
            relations += framing.presentation(context.presented, relations, paragraph.codes)
            context.presented = None
        if context.lead_body is not None and parsed.language == "fi":
            relations += [(role, target, rule, *context.lead_body) for role, target, rule
                          in parsed.lead_passives(sent, index)]
        first = number == 0 or (paragraph.label_role is not None and number == 1)
        # under "Kemi:" the slot lists bodies; a full sentence states its own roles
        listed = context.member_slot if context.member_slot and not any(
            "Fin" in t.morph.get("VerbForm") for t in sent) else None
        slot = paragraph.label_slot if (paragraph.label_slot and first) else (
            context.lead_slot or listed or context.heading_slot
            or (context.offer if paragraph.block.kind == "list_item" else None))
        if label and first and paragraph.label_slot is None:
            slot = slot or paragraph.label_role or framing.label_slot(parsed, sent, index, label[0])
        if slot is not None:
            relations = framing.slot_relations(parsed, sent, index, slot, relations,
                                               next(iter(paragraph.codes), ""))
        return relations

    def _relation_facts(self, context: _Context, paragraph: _Paragraph, sent: Span,
                        sent_services: tuple[ServiceKey, ...], codes: Sequence[str],
                        relation: tuple, group: TargetGroup | None) -> None:
        """Store one relation's facts in each municipality the sentence is scoped to."""
        role, target, rule, resolve, span = relation
        lead_body = context.lead_body
        for code in codes:
            org = resolve(code)
            lead = lead_body[0](code) if lead_body is not None else None
            tg = fact_group(org, role, rule, group, lead=lead,
                            carried=target is None and group == paragraph.carried_over)
            served = sent_services
            if org is None and role == Role.PARTNER:
                return  # "… työntekijän kanssa": a person, of no named body
            if role == Role.PARTNER and division_group(org) == TargetGroup.OTHERS and (
                    _owner(org) == code and _is_subject(sent, span)):
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
                               if self._serves(org, code, tg, paragraph.index, codes, s))
                self.other_members.update(
                    (code, s, g) for s in sent_services if s not in served
                    for g in (TargetGroup.JOBSEEKERS, TargetGroup.OTHERS)
                    if tg in (g, TargetGroup.ALL))
            for service in served:
                fact = Fact(code, service, role, tg, org, provenance(paragraph.block, sent, rule))
                if self.store.add(fact) and group is None and splittable(role, rule):
                    self.ungrouped.append(fact)

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
        owner = _owner(org)
        if owner is None or owner == code or owner not in codes:
            return True
        if org.kind != OrgKind.MUNICIPALITY:
            return False
        if any(m.kind == "named" and m.org is not None and m.org.key == code
               for m in self.parsed.mentions[index]):
            return True
        return (self._municipal_agreement and target != TargetGroup.JOBSEEKERS
                and service in AGREEMENT_SERVICES)

    @property
    def _municipal_agreement(self) -> bool:
        """The members have agreed to arrange the municipal services together ("Kuopion
        kaupunki, Tuusniemi, Lapinlahti ja Kaavi ovat sopineet … yhteistyöstä … järjestämisestä")."""
        if self.agreement is None:
            covered = set(self.covered)
            self.agreement = False
            for block, mentions in zip(self.parsed.blocks, self.parsed.mentions, strict=True):
                named = {m.org.key for m in mentions if m.kind == "named" and m.org is not None
                         and m.org.key in covered}
                if len(named) >= 2 and AGREEMENT.search(block.text):
                    self.agreement = True
                    break
        return self.agreement

    def _local_codes(self, sent: Span, index: int, codes: Sequence[str]) -> Sequence[str]:
        """In a joint text, "Kuopiossa …" scopes a sentence to the municipality named as place."""
        if len(codes) < 2:
            return codes
        doc = sent.doc
        local = []
        for m in self.parsed.mentions[index]:
            if (sent.start <= m.start < sent.end and m.kind == "named" and m.org is not None
                    and m.org.kind == OrgKind.MUNICIPALITY and m.org.key in codes
                    # the case is on the head: "Kuopiossa", "Kuopion kaupungilla"
                    and set(doc[m.end - 1].morph.get("Case")) & {"Ine", "Ela", "Ade"}):
                local.append(m.org.key)
        return tuple(dict.fromkeys(local)) or codes

    def _division(self, sent: Span, index: int, block: Block, codes: Sequence[str]) -> None:
        """Note the programme-wide division a sentence without a service states."""
        for role, target, rule, resolve, _span in self.parsed.relations(sent, index):
            if role != Role.RESPONSIBLE or target in (None, TargetGroup.ALL):
                continue
            for code in codes:
                org = resolve(code)
                if org is not None:
                    self.division.setdefault((code, target), (
                        org, provenance(block, sent, rule + "+programme-division")))

    def _in_charge(self, code: str, target: TargetGroup) -> Organisation:
        """A role without organisation works for whoever the text put in charge."""
        for key in ((code, target), (code, TargetGroup.ALL)):
            if key in self.in_charge:
                return self.in_charge[key]
        resolver = Resolver(self.parsed.gazetteer)
        kind = OrgKind.EMPLOYMENT_AREA if target == TargetGroup.JOBSEEKERS else OrgKind.MUNICIPALITY
        org = resolver.generic(kind, code)
        return org or Organisation(key=code, name=code, kind=OrgKind.MUNICIPALITY)


def past_event(sent: Span) -> bool:
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


def _owner(org: Organisation) -> str | None:
    """The municipality a body belongs to: itself, a unit's or an institution's parent."""
    if org.kind == OrgKind.MUNICIPALITY:
        return org.key
    return org.parent_key


def _is_subject(sent: Span, span: tuple[int, int]) -> bool:
    """Is the mention at these doc offsets the subject of its clause? The municipality that
    cooperates with others is the programme's own body, not a partner of its own service."""
    tokens = sent.doc.char_span(span[0], span[1], alignment_mode="expand")
    return tokens is not None and any(
        t.dep_.startswith("nsubj") or (t.dep_ == "conj" and t.head.dep_.startswith("nsubj"))
        for t in tokens)
