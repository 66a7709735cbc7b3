"""The Finnish spaCy pipeline, loaded once per process with only the parts we use."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extraction.blas import use_numpy_blas
from extraction.services import services_in_text
from extraction.slots import label_end

MODEL = "spacy_fi_experimental_web_md"
# The parser gives sentences and dependencies, the lemmatiser (voikko) lemmas; the
# statistical NER is not used: organisations come from the gazetteer and cue tables.
EXCLUDE = ("ner",)
BATCH_SIZE = 64
LABEL_COMPONENT = "label_boundary"
RUN_ON_COMPONENT = "run_on_sentences"
# Set in a doc's user_data when it continues a block (the gate parses a block's sentences
# in parts): only the part that opens the block can start with a label.
CONTINUES = "kotograph.continues"
# Distinct words whose Voikko analyses are kept (a programme has a few thousand).
ANALYSIS_CACHE_SIZE = 100_000


@Language.component(LABEL_COMPONENT)
def label_boundary(doc: Doc) -> Doc:
    """"Kivijoki: Muiden kuin … vastaa X." — the label is its own sentence for the parser.

    A short "Label:" that opens a block (a municipality, a target group, a slot such as
    "Vastuutaho", a body) is not part of the clause after it; parsed together, the label
    becomes the root and the clause's verb a dependent of it.
    """
    end = None if doc.user_data.get(CONTINUES) else label_end(doc.text)
    if end is None or _has_finite_verb(doc, end):
        return doc
    for token in doc:
        if token.idx >= end:
            token.is_sent_start = True
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = False
            break
        if token.i > 0:
            token.is_sent_start = False
    return doc


SENTENCE_FINAL = {".", "!", "?", ":", ";", "…"}
LIST_MARKS = {"•", "-", "–", "—", "*", "▪", "●", "◦", "■", "□", "➢", "►", "✓"}


NOUN_PHRASE_TAGS = {"NOUN", "PROPN", "ADJ", "CCONJ", "NUM"}
MAX_ROW_LABEL_WORDS = 8  # "Monialaisen osaamisen ja kotoutumisen palvelutarpeen arviointi"


def row_label_end(doc: Doc) -> int | None:
    """"Kotoutumiskoulutus Kotoutumiskoulutusta tarjotaan …": a flattened table's row label,
    a service's bare name, fused with its first cell. The token where the cell starts: the
    first capitalised word after a short opening without punctuation or a finite verb, when
    that opening, a noun phrase by the tagger, names a service."""
    if doc.user_data.get(CONTINUES):
        return None
    for token in doc[1:MAX_ROW_LABEL_WORDS + 1]:
        if token.is_punct or doc[token.i - 1].pos_ not in NOUN_PHRASE_TAGS:
            return None
        if token.text[:1].isupper():
            opening = doc[:token.i].text
            if services_in_text(opening) and not _has_finite_verb(doc, token.idx):
                return token.i
            return None
    return None


@Language.component(RUN_ON_COMPONENT)
def run_on(doc: Doc) -> Doc:
    """"yhteispalvelu Pointti", "Monikulttuurikeskus Mikserissä": a capitalised name inside a
    clause starts no sentence. A sentence starts only after sentence-final punctuation (or a
    closing bracket or quote after one), at a list mark, or where a fused row label ends
    (`row_label_end`); elsewhere the parser may not."""
    row = row_label_end(doc)
    # tokens after which a sentence may start
    ends = [t.text in SENTENCE_FINAL or t.text[-1:] in SENTENCE_FINAL or t.text in LIST_MARKS or t.is_space
            for t in doc]
    for token in doc[1:]:
        if token.i == row:
            token.is_sent_start = True
            continue
        if token.is_sent_start is not None:
            continue  # a boundary the label component set
        if token.text in LIST_MARKS or any(ends[max(0, token.i - 2):token.i]):
            continue
        token.is_sent_start = False
    return doc


# Voikko word classes of nouns and names: a word that can be one is read as one.
NOMINAL_CLASSES = {"nimisana", "etunimi", "sukunimi", "paikannimi", "nimi", "nimisana_laatusana"}
FINITE_MOODS = {"indicative", "conditional", "potential", "imperative"}


def _has_finite_verb(doc: Doc, end: int) -> bool:
    """"Kursseja järjestävät seuraavat tahot: A, B": a lead-in with a finite verb is the
    clause whose subject the list after the colon is, not a label (a word that may also
    be a noun, "tuki", does not count)."""
    voikko = analyses()
    if voikko is None:
        return False
    for token in doc:
        if token.idx >= end:
            break
        readings = voikko.analyze(token.text) if token.is_alpha else []
        if any("PERSON" in r and r.get("MOOD") in FINITE_MOODS for r in readings) and not any(
                r.get("CLASS") in NOMINAL_CLASSES for r in readings):
            return True
    return False


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The cached pipeline (about 2 s to load the first time)."""
    nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    nlp.add_pipe(LABEL_COMPONENT, before="parser")
    nlp.add_pipe(RUN_ON_COMPONENT, after=LABEL_COMPONENT)
    use_numpy_blas(nlp)
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmatizer.voikko = analyses() or lemmatizer.voikko  # type: ignore[attr-defined]
    return nlp


class CachedAnalyses:
    """Voikko's `analyze`, and the base forms it gives (`lemmas`), remembered per word form.

    The lemmatiser analyses every token, and most tokens of a document are words it has
    seen before; Voikko's analysis of a form never changes. The lemmatiser edits the
    analysis it picks (hyphenated compounds), so each caller gets its own copies.
    """

    def __init__(self, voikko: object) -> None:
        self._voikko = voikko
        self._cache: dict[str, list[dict[str, str]]] = {}
        self._lemmas: dict[str, tuple[str, ...]] = {}

    def analyze(self, word: str) -> list[dict[str, str]]:
        return [dict(analysis) for analysis in self._analyses(word)]

    def lemmas(self, word: str) -> tuple[str, ...]:
        """The lower-case base forms of all readings of a word, as the lemmatiser writes
        them: "Opetushallituksella" → ("opetushallitus",), "te-toimistoon" → ("te-toimisto",)."""
        found = self._lemmas.get(word)
        if found is None:
            if len(self._lemmas) >= ANALYSIS_CACHE_SIZE:
                self._lemmas.clear()
            head, _dash, last = word.rpartition("-")
            prefix, last = (f"{head}-", last) if head and last else ("", word)
            forms = {a["BASEFORM"].lower() for a in self._analyses(last) if "BASEFORM" in a}
            found = self._lemmas[word] = tuple(sorted(prefix + form for form in forms))
        return found

    def _analyses(self, word: str) -> list[dict[str, str]]:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= ANALYSIS_CACHE_SIZE:
                self._cache.clear()
            found = self._cache[word] = self._voikko.analyze(word)  # type: ignore[attr-defined]
        return found

    def __getattr__(self, name: str) -> object:
        return getattr(self._voikko, name)


@lru_cache(maxsize=1)
def _voikko() -> object | None:
    try:
        from libvoikko import Voikko

        return Voikko("fi")
    except (ImportError, OSError):
        return None


@lru_cache(maxsize=1)
def analyses() -> CachedAnalyses | None:
    """Voikko's analyses, remembered per word; shared by the lemmatiser and the gate."""
    checker = _voikko()
    return None if checker is None else CachedAnalyses(checker)


def spell(word: str) -> bool:
    """Voikko's spell check; True when voikko is unavailable (no opinion)."""
    checker = _voikko()
    if checker is None:
        return True
    return bool(checker.spell(word))  # type: ignore[attr-defined]


def has_speller() -> bool:
    return _voikko() is not None
