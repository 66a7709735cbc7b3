"""Public entry point: a programme document → `DocumentExtraction`.

read (readers) → blocks (structure) → spaCy docs, batched → mentions, and who each stands
for (referents) → scope (which municipality) → services per section (sections) → facts per
sentence and municipality, each with the sentence and the rule it came from (facts) →
what the programme says about itself (programme_metadata).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from extraction import gate, swedish
from extraction.aliases import add_alias_mentions, definitions, short_names_pattern
from extraction.document_date import document_date
from extraction.errors import DocumentError
from extraction.facts import read_facts
from extraction.gazetteer import Gazetteer
from extraction.labels import MUNICIPALITY_FILLER, LabelReader
from extraction.language import detect_language
from extraction.legal_refs import find_legal_refs
from extraction.mentions import GENERIC_LEMMAS, find_mentions
from extraction.model import DocumentExtraction, Municipality, OrgKind
from extraction.name_headings import name_headings
from extraction.nlp import BATCH_SIZE, FINITE_MOODS, NOMINAL_CLASSES, analyses, get_nlp, has_speller, spell
from extraction.org_names import OWNER_NOUNS
from extraction.programme_metadata import read_metadata
from extraction.programme_name import PROGRAMME_VOCABULARY, programme_title, title_blocks
from extraction.readers import read_document
from extraction.reference_data import load_reference
from extraction.referents import paragraph_frames, resolve_bare_heads
from extraction.relations import PURCHASE_LEMMAS
from extraction.scope import MunicipalityMention, covered_municipalities, is_label_text, label_prefix_words
from extraction.sections import segment_descriptions
from extraction.segments import Segmenter
from extraction.sentence_relations import ParsedDocument
from extraction.sentences import provenance, sentence_at
from extraction.services import services_in_text
from extraction.short_names import add_short_name_mentions
from extraction.structure import Block, Structure, build_structure


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
                                topic=_names_a_service)
    full_text = "\n".join(block.text for block in structure.blocks)
    # a brochure may name itself only in its running header ("Kajaanin kaupunki · Kotoutumisohjelma")
    if not PROGRAMME_VOCABULARY.search("\n".join((full_text, *raw.running))):
        raise DocumentError(source_name, "this does not look like an integration programme "
                            "(no mention of a kotoutumisohjelma / integrationsprogram)")
    language = detect_language(full_text)
    gazetteer = _gazetteer(tuple(str(Path(d).resolve()) for d in reference_dirs))
    result = DocumentExtraction(
        source_name=source_name, sha256=hashlib.sha256(data).hexdigest(),
        media_type=raw.media_type, language=language, title=None, page_count=raw.page_count,
        document_date=document_date(data, raw.media_type))
    run = _Run(structure, gazetteer, language, result)
    run.execute(raw.title)
    if not result.services and not result.facts:
        raise DocumentError(source_name, "no statutory service (13 § of Act 681/2023) was "
                            "found: this does not look like an integration programme")
    return result


def _names_a_service(text: str) -> bool:
    """Whether a short text names a service, in either language (structure runs before the
    language of a block is known)."""
    return any(services_in_text(text[:80], language) for language in ("fi", "sv"))


@lru_cache(maxsize=4)
def _gazetteer(dirs: tuple[str, ...]) -> Gazetteer:
    nlp = get_nlp()
    return Gazetteer(load_reference(tuple(Path(d).resolve() for d in dirs)),
                     lambda text: [t.text for t in nlp.tokenizer(text)])


@dataclass
class _Run:
    """One extraction: the passes over a parsed document, in order, into `result`."""

    structure: Structure
    gazetteer: Gazetteer
    language: str
    result: DocumentExtraction
    readers: dict[str, LabelReader] = field(default_factory=dict)

    def execute(self, title: str | None) -> None:
        nlp = get_nlp()
        blocks = self.structure.blocks
        segments = Segmenter(self._label_reader, self._language_of, self._municipalities,
                             _finite_verb).run(blocks)
        pieces = [s.block for s in segments]
        languages = [s.frame.language for s in segments]
        defined = definitions([b.text for b in blocks])
        short_names = short_names_pattern(defined)
        docs = _parse(nlp, pieces, languages, self.gazetteer, short_names)
        mentions = [
            [m for s in doc.sents for m in find_mentions(s, self.gazetteer)] for doc in docs
        ]
        mentions = [swedish.doc_mentions(doc, found) if language == "sv" else found
                    for doc, found, language in zip(docs, mentions, languages, strict=True)]
        add_alias_mentions(defined, docs, mentions, self._mentions_of)
        name_headings(pieces, docs, mentions)
        resolve_bare_heads(docs, mentions)
        paragraph_frames(pieces, docs, mentions)
        add_short_name_mentions(docs, mentions)
        parsed = ParsedDocument(pieces, docs, mentions, self.gazetteer, self.language, languages)
        covered = covered_municipalities(pieces, _municipality_mentions(parsed), title_blocks(pieces),
                                         [s.frame.codes for s in segments if s.frame.specific])
        self.result.municipalities = [self._municipality(code) for code in covered]
        self.result.title = title or programme_title(
            blocks, [m.name_fi for m in self.result.municipalities], self.language)
        self._legal_refs(parsed)
        self.result.services.extend(segment_descriptions(segments, covered))
        facts, exclusions = read_facts(parsed, segments, covered)
        self.result.facts.extend(facts)
        self.result.exclusions.extend(exclusions)
        read_metadata(parsed, self.result, covered, [s.frame.services for s in segments])

    def _mentions_of(self, text: str) -> list:
        """The mentions of a text parsed on its own (an abbreviation's definition), read in
        its language ("SSO = Borgå sysselsättningsområde")."""
        doc = get_nlp()(text)
        found = [m for s in doc.sents for m in find_mentions(s, self.gazetteer)]
        return swedish.doc_mentions(doc, found) if self._language_of(text) == "sv" else found

    def _language_of(self, text: str) -> str:
        """A block's own language where it says enough to tell (bilingual documents)."""
        # a text with no word of either language (a name, a table's header of nouns) is in
        # the document's
        return detect_language(text, default=self.language)

    def _label_reader(self, language: str) -> LabelReader:
        if language not in self.readers:
            self.readers[language] = LabelReader(language, self._municipalities, self._is_body,
                                                 _finite_verb)
        return self.readers[language]

    def _municipalities(self, text: str) -> tuple[tuple[str, ...], bool]:
        """The municipalities a short text names, and whether it names nothing else."""
        tokens = [_Word(t.text) for t in get_nlp().tokenizer(_BRACKETS.sub(" ", text))]
        found = [m for m in self.gazetteer.match(tokens) if m.org.kind == OrgKind.MUNICIPALITY]
        inside = {i for m in found for i in range(m.start, m.end)}
        rest = [t.text for i, t in enumerate(tokens) if i not in inside and t.text.strip()]
        only = bool(found) and all(MUNICIPALITY_FILLER.match(word) for word in rest)
        return tuple(dict.fromkeys(m.org.key for m in found)), only

    def _is_body(self, text: str) -> bool:
        """Is a short text one organisation's name ("Kela", "TyöHäme", "Setlementti Toivola"),
        or the one noun a programme calls a body by ("Työllisyysalue", "Kunta")?"""
        tokens = [_Word(t.text) for t in get_nlp().tokenizer(text)]
        found = self.gazetteer.match(tokens)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(tokens):
            return True
        if len(tokens) == 1 and (lexicon := analyses()) is not None and any(
                lemma in GENERIC_LEMMAS for lemma in lexicon.lemmas(text.lower())):
            return True
        return bool(ORG_LABEL.search(text))

    def _municipality(self, code: str) -> Municipality:
        org = self.gazetteer.municipality(code)
        return Municipality(code=code, name_fi=org.name if org else code,
                            name_sv=org.name_sv if org else None)

    def _legal_refs(self, parsed: ParsedDocument) -> None:
        for block, doc in zip(parsed.blocks, parsed.docs, strict=True):
            for match in find_legal_refs(block.text):
                sent = sentence_at(doc, match.start)
                self.result.legal_refs.append((match.ref, provenance(block, sent, "legal-ref")))


_BRACKETS = re.compile(r"\([^)]*\)")
# A label that names a body by its kind of name: an institution, association or firm.
ORG_LABEL = re.compile(r"(?:opisto|lukio|seurakunta|yhdistys|setlementti|säätiö|\bry|\boy|\bab|\brf"
                       r"|folkhögskola|församling|förening|\bkela|\bfpa)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Word:
    """A token as the gazetteer reads it (no lemma: labels are short and mostly nominative)."""

    text: str
    lemma_: str = ""


def _finite_verb(text: str, *, ambiguous: bool = False) -> bool:
    """Whether a label-like text holds a finite verb (then it is a clause, not a label);
    Swedish by its cue verbs, Finnish by Voikko. A word that may also be a noun ("vastaa")
    counts only when `ambiguous`: a title is a noun phrase, a label may hold such nouns."""
    if swedish.has_cue_verb(text):
        return True
    voikko = analyses()
    if voikko is None:
        return False
    for word in re.findall(r"[^\W\d_]+", text):
        readings = voikko.analyze(word)
        if any("PERSON" in r and r.get("MOOD") in FINITE_MOODS for r in readings) and (
                ambiguous or not any(r.get("CLASS") in NOMINAL_CLASSES for r in readings)):
            return True
    return False


def _parse(nlp, pieces: list[Block], languages: list[str], gazetteer: Gazetteer,
           short_names: re.Pattern[str] | None) -> list[Doc]:
    """Each segment's doc, parsed where it may hold an organisation (`gate`), per language."""
    docs: list[Doc | None] = [None] * len(pieces)
    for language in dict.fromkeys(languages):
        wanted = [i for i, lang in enumerate(languages) if lang == language]
        for i, doc in zip(wanted, gate.process(nlp, (pieces[i].text for i in wanted), gazetteer,
                                               language, BATCH_SIZE, short_names), strict=True):
            docs[i] = doc
    return docs  # type: ignore[return-value]


PARTNER_BEFORE = frozenset({"med", "tillsammans", "yhteistyössä"})
SV_OWNER_WORDS = frozenset({"stad", "kommun"})
PARTNER_AFTER = frozenset({"kanssa"})


def _cooperating(doc: Doc, start: int, end: int) -> bool:
    """A name that stands as a partner: "med X kommun", "X:n kunnan kanssa"."""
    before = doc[start - 1].lower_ if start else ""
    return before in PARTNER_BEFORE or (end < len(doc) and doc[end].lower_ in PARTNER_AFTER)


SELLER_BEFORE = frozenset({"av", "från"})


def _selling(doc: Doc, start: int, end: int) -> bool:
    """A name that stands as a seller: "ostopalveluna Oulun kaupungilta", "köps av Vasa stad"
    (the buyer's programme covers the buyer, not the town it buys from)."""
    sent = doc[start].sent
    if "Abl" in doc[end - 1].morph.get("Case"):
        return any(t.lemma_.lower() in PURCHASE_LEMMAS for t in sent)
    return bool(start and doc[start - 1].lower_ in SELLER_BEFORE and swedish.PURCHASE.search(sent.text))


def _municipality_mentions(parsed: ParsedDocument) -> list[MunicipalityMention]:
    """Each named municipality, as scope weighs it: whether the name is its owner's ("Kuopion
    kaupunki", "Strandby stad") and whether it stands as a label ("Kemi:")."""
    out = []
    for index, (block, doc, mentions) in enumerate(zip(parsed.blocks, parsed.docs, parsed.mentions,
                                                        strict=True)):
        partner_end = -1
        for m in mentions:
            if m.kind != "named" or m.org is None or m.org.kind != OrgKind.MUNICIPALITY:
                continue
            if _selling(doc, m.start, m.end):
                continue
            if _cooperating(doc, m.start, m.end) or (m.start > 0 and doc[m.start - 1].text == "("
                                                      and m.start - 1 == partner_end):
                # "med Kimitoöns kommun (Kemiönsaaren kunta)": a partner, not a member
                partner_end = m.end + (m.end < len(doc) and doc[m.end].lower_ in SV_OWNER_WORDS)
                continue
            last = doc[m.end - 1]
            # singular only: "Järvelän ja Korpimaan kunnat" lists an area's members
            owner = (m.end - m.start > 1 and last.lemma_.lower() in OWNER_NOUNS
                     and "Plur" not in last.morph.get("Number"))
            text = doc[m.start:m.end].text
            if not owner and (last.lower_ in SV_OWNER_WORDS or (
                    m.end < len(doc) and doc[m.end].lower_ in SV_OWNER_WORDS)):
                owner = True  # "Strandby stad"
            end_char = last.idx + len(last)
            label = m.start == label_prefix_words(doc[0].text) and is_label_text(
                block.text, text) and (block.kind == "heading" or ":" in block.text[: end_char + 3])
            out.append(MunicipalityMention(m.org.key, index, owner, label, doc[m.start].idx))
    return out
