"""Public entry point: a programme document → `DocumentExtraction`.

read (readers) → blocks (structure) → spaCy docs, batched → scope (which municipality) →
services per section → relations per sentence → facts per municipality, each with the
sentence and the rule it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from extraction import metadata
from extraction.errors import DocumentError
from extraction.gazetteer import Gazetteer
from extraction.language import detect_language
from extraction.legal_refs import INTEGRATION_ACT, find_legal_refs
from extraction.mentions import Mention, Resolver, find_mentions
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
from extraction.nlp import BATCH_SIZE, get_nlp, has_speller, spell
from extraction.readers import read_document
from extraction.reference_data import load_reference
from extraction.relations import Relation, extract_relations
from extraction.relations_sv import SvMention, generic_mentions, sv_relations
from extraction.scope import MunicipalityMention, decide_scope, is_label_text
from extraction.services import (
    PROGRAMME_SCOPE,
    classify_heading,
    mentions_programme_services,
    services_in_text,
)
from extraction.structure import Block, Structure, build_structure
from extraction.targets import target_of

PROGRAMME_VOCABULARY = re.compile(
    r"kotoutumisohjelm|kotoutumisen alkuvaiheen palvel|integrationsprogram", re.IGNORECASE)
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
    docs = list(nlp.pipe((b.text for b in structure.blocks), batch_size=BATCH_SIZE))
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

    @property
    def blocks(self) -> list[Block]:
        return self.structure.blocks

    def execute(self, title: str | None) -> None:
        self.mentions = [
            [m for s in doc.sents for m in find_mentions(s, self.gazetteer)] for doc in self.docs
        ]
        scope = decide_scope(self.blocks, self._municipality_mentions())
        self.result.municipalities = [self._municipality(code) for code in scope.covered]
        self.result.title = title or self._title()
        section_services = self._section_services()
        self._legal_refs()
        self._service_descriptions(section_services, scope.per_block)
        self._facts(section_services, scope.per_block)
        self._metadata(scope.covered)

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
                owner = (m.end - m.start > 1 and last.lemma_.lower() in ("kunta", "kaupunki")
                         and "Plur" not in last.morph.get("Number"))
                text = doc[m.start:m.end].text
                label = m.start == 0 and is_label_text(block.text, text) and (
                    block.kind == "heading" or ":" in block.text[: len(text) + 3])
                out.append(MunicipalityMention(m.org.key, index, owner, label))
        return out

    def _municipality(self, code: str) -> Municipality:
        org = self.gazetteer.municipality(code)
        return Municipality(code=code, name_fi=org.name if org else code,
                            name_sv=org.name_sv if org else None)

    def _title(self) -> str | None:
        first_page = [b for b in self.blocks[:20] if b.page == self.blocks[0].page]
        for block in first_page:
            if block.kind == "heading" and PROGRAMME_VOCABULARY.search(block.text):
                return block.text
        return next((b.text for b in first_page if b.kind == "heading" and b.strong), None)

    # -- services -------------------------------------------------------------------
    def _heading_refs(self, block: Block) -> list[LegalRef]:
        return [m.ref for m in find_legal_refs(block.text)]

    def _section_services(self) -> list[tuple[ServiceKey, ...]]:
        """The services each block's section is about (empty outside service sections)."""
        current: tuple[ServiceKey, ...] = ()
        level = 99
        out = []
        for block in self.blocks:
            if block.kind == "heading":
                found = tuple(classify_heading(block.text, self._heading_refs(block),
                                               self.language))
                if found:
                    current, level = found, block.level
                    self.in_charge.clear()
                elif block.strong and block.level <= level:
                    current, level = (), 99
            out.append(current)
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
        seen: set[tuple[str, ServiceKey, Role, TargetGroup, str]] = set()
        for index, (block, doc) in enumerate(zip(self.blocks, self.docs, strict=True)):
            if block.kind == "heading" or block.text.rstrip().endswith(":"):
                context_target = target_of(block.text, self.language)
                if block.kind == "heading":
                    continue
            for sent in _sentences(doc, self.language):
                sent_services = tuple(services_in_text(sent.text, self.language))
                rule_suffix = ""
                if not sent_services:
                    sent_services = services[index]
                general = False
                if not sent_services and mentions_programme_services(sent.text):
                    sent_services, rule_suffix = PROGRAMME_SCOPE, "+programme-services"
                elif not sent_services:
                    # Outside service sections, a responsibility stated for one target group
                    # divides the whole programme (681/2023 3 §).
                    sent_services, rule_suffix, general = (
                        PROGRAMME_SCOPE, "+programme-division", True)
                for role, target, rule, resolve in self._relations(sent, index):
                    if general and (role != Role.RESPONSIBLE or target in (None, TargetGroup.ALL)):
                        continue
                    group = target or context_target
                    for code in per_block[index]:
                        org = resolve(code)
                        tg = group or _default_target(org)
                        if org is None:
                            org = self._in_charge(code, tg)
                        elif role == Role.RESPONSIBLE:
                            self.in_charge[(code, tg)] = org
                        for service in sent_services:
                            key = (code, service, role, tg, org.key)
                            if key in seen:
                                continue
                            seen.add(key)
                            self.result.facts.append(Fact(
                                municipality=code, service=service, role=role, target_group=tg,
                                organisation=org,
                                provenance=self._prov(block, sent, rule + rule_suffix)))

    def _relations(self, sent: Span, index: int) -> list[tuple]:
        resolver = Resolver(self.gazetteer)
        if self.language == "sv":
            return self._relations_sv(sent, index)
        mentions = [m for m in self.mentions[index] if sent.start <= m.start < sent.end]
        out = []
        for rel in extract_relations(sent, mentions, self.language):
            out.append((rel.role, rel.target, rel.rule, _bind(resolver, rel)))
        return out

    def _relations_sv(self, sent: Span, index: int) -> list[tuple]:
        resolver = Resolver(self.gazetteer)
        named = [m for m in self.mentions[index]
                 if sent.start <= m.start < sent.end and m.kind == "named"]
        doc = sent.doc
        mentions = [SvMention(doc[m.start].idx - sent.start_char,
                              doc[m.end - 1].idx + len(doc[m.end - 1]) - sent.start_char,
                              named_index=i) for i, m in enumerate(named)]
        mentions += generic_mentions(sent.text)
        target = target_of(sent.text, "sv")
        out = []
        for role, mention, rule in sv_relations(sent.text, mentions):
            if mention.named_index is not None:
                org = named[mention.named_index].org
                out.append((role, target, rule, lambda _code, org=org: org))
            else:
                out.append((role, target, rule,
                            lambda code, kind=mention.generic: resolver.generic(kind, code)))
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
    def _metadata(self, covered: Sequence[str]) -> None:
        resolver = Resolver(self.gazetteer)
        codes = list(covered)[:1] or [""]
        heading_cue: str | None = None
        for index, (block, doc) in enumerate(zip(self.blocks, self.docs, strict=True)):
            if block.kind == "heading" and heading_cue and not block.strong:
                if heading_cue == "contact":
                    self._contact(block, [])
                    continue
            elif block.kind == "heading":
                heading_cue = (
                    "coordinator" if metadata.COORDINATOR_CUE.search(block.text) else
                    "contact" if metadata.CONTACT_CUE.search(block.text) else
                    "drafting" if metadata.DRAFTING_CUE.search(block.text) else None)
                continue
            orgs = [(resolver.resolve(m, codes[0]), m) for m in self.mentions[index]]
            if heading_cue == "coordinator":
                for org, _m in orgs:
                    if org:
                        self.result.coordinators.append((org, self._prov(block, None, "coordinator-section")))
            elif heading_cue == "drafting":
                for org, _m in orgs:
                    if org:
                        self.result.drafting_partners.append(
                            (org, self._prov(block, None, "drafting-section")))
            elif heading_cue == "contact":
                self._contact(block, orgs)
            for sent in doc.sents:
                self._sentence_metadata(block, sent, [(o, m) for o, m in orgs
                                                      if sent.start <= m.start < sent.end])
        self._dedupe_metadata()

    def _contact(self, block: Block, orgs: list[tuple[Organisation | None, Mention]]) -> None:
        fields = metadata.contact_fields(block.text)
        if not any((fields.email, fields.phone, fields.name, fields.title)):
            return
        org = next((o for o, _m in orgs if o is not None), None)
        previous = self.result.contact_points[-1] if self.result.contact_points else None
        if previous and previous.provenance and previous.provenance.rule == "contact-section" and (
                not previous.email or not fields.email):
            merged = ContactPoint(
                municipality=None, title=previous.title or fields.title,
                name=previous.name or fields.name, email=previous.email or fields.email,
                phone=previous.phone or fields.phone, organisation=previous.organisation or org,
                provenance=previous.provenance)
            self.result.contact_points[-1] = merged
            return
        self.result.contact_points.append(ContactPoint(
            municipality=None, title=fields.title, name=fields.name, email=fields.email,
            phone=fields.phone, organisation=org,
            provenance=self._prov(block, None, "contact-section")))

    def _sentence_metadata(self, block: Block, sent: Span,
                           orgs: list[tuple[Organisation | None, Mention]]) -> None:
        text = sent.text
        if metadata.COORDINATOR_CUE.search(text) and PROGRAMME_VOCABULARY.search(text):
            subj = [o for o, m in orgs if o and any(
                t.dep_.startswith("nsubj") for t in sent.doc[m.start:m.end])]
            for org in subj[:1]:
                self.result.coordinators.append((org, self._prov(block, sent, "coordinator-sentence")))
        if metadata.DRAFTING_CUE.search(text) and PROGRAMME_VOCABULARY.search(text):
            for org, _m in orgs:
                if org:
                    self.result.drafting_partners.append((org, self._prov(block, sent, "drafting-sentence")))
        if PROGRAMME_VOCABULARY.search(text) or metadata.DATE.search(text):
            body = next((t.lemma_ for t in sent if metadata.APPROVAL_BODY.fullmatch(t.text)), None)
            approval = metadata.approval_of(text, body, self._prov(block, sent, "approval"))
            if approval:
                self.result.approvals.append(approval)

    def _dedupe_metadata(self) -> None:
        for name in ("coordinators", "drafting_partners"):
            items = getattr(self.result, name)
            seen: set[str] = set()
            kept = []
            for org, prov in items:
                if org.key not in seen:
                    seen.add(org.key)
                    kept.append((org, prov))
            setattr(self.result, name, kept)


def _bind(resolver: Resolver, rel: Relation):
    return lambda code: resolver.resolve(rel.mention, code)


def _default_target(org: Organisation | None) -> TargetGroup:
    if org is not None and org.kind in (OrgKind.EMPLOYMENT_AREA, OrgKind.EMPLOYMENT_AUTHORITY):
        return TargetGroup.JOBSEEKERS
    return TargetGroup.ALL


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
