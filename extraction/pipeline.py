"""Public entry point: a programme document → `DocumentExtraction`.

read (readers) → blocks (structure) → spaCy docs, batched → mentions, and who each stands
for (referents) → scope (which municipality) → services per section (sections) → facts per
sentence and municipality, each with the sentence and the rule it came from (facts) →
what the programme says about itself (programme_metadata).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from extraction import gate
from extraction.errors import DocumentError
from extraction.facts import read_facts
from extraction.framing import opens_row
from extraction.gazetteer import Gazetteer
from extraction.language import detect_language
from extraction.legal_refs import find_legal_refs
from extraction.mentions import find_mentions
from extraction.model import DocumentExtraction, Municipality, OrgKind
from extraction.name_headings import name_headings
from extraction.nlp import BATCH_SIZE, get_nlp, has_speller, spell
from extraction.org_names import OWNER_NOUNS
from extraction.programme_metadata import read_metadata
from extraction.programme_name import PROGRAMME_VOCABULARY, programme_title, title_block
from extraction.readers import read_document
from extraction.reference_data import load_reference
from extraction.referents import paragraph_frames, resolve_bare_heads
from extraction.scope import MunicipalityMention, decide_scope, is_label_text, label_prefix_words
from extraction.sections import section_services, service_descriptions
from extraction.sentence_relations import ParsedDocument
from extraction.sentences import provenance, sentence_at
from extraction.services import services_in_text
from extraction.short_names import add_short_name_mentions
from extraction.structure import Structure, build_structure


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
    """One extraction: the rule passes over a parsed document, in order, into `result`."""

    structure: Structure
    docs: list[Doc]
    gazetteer: Gazetteer
    language: str
    result: DocumentExtraction

    def execute(self, title: str | None) -> None:
        blocks = self.structure.blocks
        mentions = [
            [m for s in doc.sents for m in find_mentions(s, self.gazetteer)] for doc in self.docs
        ]
        name_headings(blocks, self.docs, mentions)
        resolve_bare_heads(self.docs, mentions)
        frames = paragraph_frames(blocks, self.docs, mentions)
        add_short_name_mentions(self.docs, mentions)
        parsed = ParsedDocument(blocks, self.docs, mentions, self.gazetteer, self.language)
        row_starts = {index for index in range(len(blocks)) if opens_row(parsed, index)}
        scope = decide_scope(blocks, _municipality_mentions(parsed), title_block(blocks),
                             row_starts)
        self.result.municipalities = [self._municipality(code) for code in scope.covered]
        self.result.title = title or programme_title(
            blocks, [m.name_fi for m in self.result.municipalities], self.language)
        services = section_services(blocks, self.language)
        self._legal_refs(parsed)
        self.result.services.extend(service_descriptions(blocks, services, scope.per_block))
        read_facts(parsed, services, scope.per_block, self.result.services, self.result.facts,
                   covered=scope.covered, frames=frames, row_starts=row_starts)
        read_metadata(parsed, self.result, scope.covered, services)

    def _municipality(self, code: str) -> Municipality:
        org = self.gazetteer.municipality(code)
        return Municipality(code=code, name_fi=org.name if org else code,
                            name_sv=org.name_sv if org else None)

    def _legal_refs(self, parsed: ParsedDocument) -> None:
        for block, doc in zip(parsed.blocks, parsed.docs, strict=True):
            for match in find_legal_refs(block.text):
                sent = sentence_at(doc, match.start)
                self.result.legal_refs.append((match.ref, provenance(block, sent, "legal-ref")))


def _municipality_mentions(parsed: ParsedDocument) -> list[MunicipalityMention]:
    """Each named municipality, as scope weighs it: whether the name is its owner's ("Kuopion
    kaupunki", "Strandby stad") and whether it stands as a label ("Kemi:")."""
    out = []
    for index, (block, doc, mentions) in enumerate(zip(parsed.blocks, parsed.docs, parsed.mentions,
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
