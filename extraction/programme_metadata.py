"""What the programme says about itself: who coordinates it, who took part in drafting it,
whom to contact, and which bodies approved or handled it and when.

The cues and field parsers are `metadata`'s; this pass finds the sections and sentences they
apply to and the bodies they name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from extraction import metadata
from extraction.gazetteer import slug
from extraction.mentions import Mention, Resolver
from extraction.model import ContactPoint, DocumentExtraction, Organisation, OrgKind, Provenance, ServiceKey
from extraction.programme_name import PROGRAMME_VOCABULARY
from extraction.sections import heading_refs
from extraction.sentence_relations import ParsedDocument
from extraction.sentences import provenance, sentence_at
from extraction.services import classify_heading
from extraction.slots import split_label
from extraction.structure import Block

UNIT_NOUN = re.compile(r"\b\w+(?:palvelut|palvelu|toimi|yksikkö)\b", re.IGNORECASE)
# (organisation, mention) of each mention of a block, resolved for the first covered municipality
Orgs = list[tuple[Organisation | None, Mention]]


def read_metadata(parsed: ParsedDocument, result: DocumentExtraction, covered: Sequence[str],
                  services: Sequence[tuple[ServiceKey, ...]]) -> None:
    """Add the coordinators, drafting partners, contact points and approvals to `result`."""
    _MetadataReader(parsed, result, covered).read(services)


class _MetadataReader:
    """The metadata pass: blocks in order, each under the cues of the section it is in."""

    def __init__(self, parsed: ParsedDocument, result: DocumentExtraction,
                 covered: Sequence[str]) -> None:
        self.parsed = parsed
        self.result = result
        self.covered = covered
        self.language = parsed.language

    def read(self, services: Sequence[tuple[ServiceKey, ...]]) -> None:
        resolver = Resolver(self.parsed.gazetteer)
        codes = list(self.covered)[:1] or [""]
        section: set[str] = set()
        for index, (block, doc) in enumerate(zip(self.parsed.blocks, self.parsed.docs, strict=True)):
            cues = set() if services[index] else self._section_cues(block) if (
                block.kind == "heading") or (
                len(block.text.split()) <= 12 and re.match(r"\d+(?:\.\d+)*\.?\s", block.text)) else set()
            if cues:
                section = cues
                continue
            if block.kind == "heading" and (block.strong or classify_heading(
                    block.text, heading_refs(block.text), self.language)):
                section = set()
                continue
            cue = _block_cue(block, section, in_service=bool(services[index]))
            orgs = [(resolver.resolve(m, codes[0]), m) for m in self.parsed.mentions[index]]
            if cue == "coordinator":
                self._coordinator(block, doc, orgs)
            elif cue == "drafting":
                for org, _m in orgs:
                    if org and not _own(org, self.covered):
                        self.result.drafting_partners.append(
                            (org, provenance(block, None, "drafting-section")))
            elif cue == "contact":
                self._contact(block, orgs)
            self._approvals(block, doc, index, approval_context=cue == "approval")
            if cue != "drafting":
                for sent in doc.sents:
                    self._sentence_metadata(block, sent, [(o, m) for o, m in orgs
                                                          if sent.start <= m.start < sent.end])
        self._dedupe()

    def _section_cues(self, block: Block) -> set[str]:
        """What a heading announces: coordinator, contact, drafting and / or approval."""
        if classify_heading(block.text, heading_refs(block.text), self.language):
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

    def _municipality_org(self, code: str) -> Organisation | None:
        return self.parsed.gazetteer.municipality(code)

    def _coordinator(self, block: Block, doc: Doc, orgs: Orgs) -> None:
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
                        (org, provenance(block, sent, "coordinator-section")))
                    return
        # "Konserni: kotoutumispalvelut": a unit noun alone is the programme's municipality's
        unit = UNIT_NOUN.search(block.text, after)
        owner = self._municipality_org(self.covered[0]) if len(self.covered) == 1 else None
        if unit and owner is not None:
            name = re.sub(r"t$", "", unit.group(0).lower())
            self.result.coordinators.append((Organisation(
                key=f"{owner.key}/{slug(name)}", name=owner.name, kind=OrgKind.MUNICIPAL_UNIT,
                unit=name, parent_key=owner.key), provenance(block, None, "coordinator-unit")))

    def _contact(self, block: Block, orgs: Orgs) -> None:
        fields = metadata.contact_fields(block.text)
        named = [(o, m) for o, m in orgs if m.kind in ("named", "unit")]
        code = _contact_municipality(named, self.covered)
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
            provenance=provenance(block, None, "contact-section")))

    def _approvals(self, block: Block, doc: Doc, index: int, *, approval_context: bool) -> None:
        """Each body that approved or handled the programme, with its date when stated."""
        text = block.text
        clauses = metadata.approval_clauses(text)
        for number, (start, end, clause_end) in enumerate(clauses):
            # the clause with the body, and the words since the previous body ("on käsitelty
            # kaupunginhallituksessa 25.11.2024": the verb comes first)
            sent = sentence_at(doc, start)
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
            owner = next((m for m in self.parsed.mentions[index] if m.end == token.i
                          and m.kind == "named" and m.org is not None
                          and m.org.kind == OrgKind.MUNICIPALITY), None)
            if owner is not None and self.language != "sv":
                body = f"{doc[owner.start:owner.end].text} {body}"
            stop = re.search(r"\.\s+(?=[A-ZÅÄÖ])", text[end:clause_end])  # the next sentence
            quote = (text[region_start:end + stop.start() + 1] if stop else region).strip()
            offset = block.start + region_start + (len(region) - len(region.lstrip()))
            self.result.approvals.append(metadata.Approval(
                body=body, date=date,
                provenance=Provenance(block.page, offset, offset + len(quote), quote, "approval")))

    def _sentence_metadata(self, block: Block, sent: Span, orgs: Orgs) -> None:
        text = sent.text
        # the programme's name first: few sentences have it, and it is the quicker test
        if PROGRAMME_VOCABULARY.search(text) and metadata.COORDINATOR_CUE.search(text):
            subj = [o for o, m in orgs if o and any(
                t.dep_.startswith("nsubj") for t in sent.doc[m.start:m.end])]
            for org in subj[:1]:
                self.result.coordinators.append((org, provenance(block, sent, "coordinator-sentence")))
        if PROGRAMME_VOCABULARY.search(text) and metadata.DRAFTING_CUE.search(text):
            for org, _m in orgs:
                if org and not _own(org, self.covered):
                    self.result.drafting_partners.append(
                        (org, provenance(block, sent, "drafting-sentence")))

    def _dedupe(self) -> None:
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


def _block_cue(block: Block, section: set[str], *, in_service: bool) -> str | None:
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


def _own(org: Organisation, covered: Sequence[str]) -> bool:
    """The programme's own municipalities and their units do not draft it as partners."""
    return (org.kind == OrgKind.MUNICIPALITY and org.key in covered) or (
        org.kind == OrgKind.MUNICIPAL_UNIT and org.parent_key in covered)


def _contact_municipality(orgs: Orgs, covered: Sequence[str]) -> str | None:
    """The municipality a contact is for: named in it, or the only one covered."""
    for org, _m in orgs:
        if org is None:
            continue
        if org.kind == OrgKind.MUNICIPALITY and org.key in covered:
            return org.key
        if org.parent_key in covered:
            return org.parent_key
    return covered[0] if len(covered) == 1 else None
