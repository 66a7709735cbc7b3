"""The Finnish spaCy pipeline, loaded once per process with only the parts we use."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extraction.slots import label_end

MODEL = "spacy_fi_experimental_web_md"
# The parser gives sentences and dependencies, the lemmatiser (voikko) lemmas; the
# statistical NER is not used: organisations come from the gazetteer and cue tables.
EXCLUDE = ("ner",)
BATCH_SIZE = 64
LABEL_COMPONENT = "label_boundary"


@Language.component(LABEL_COMPONENT)
def label_boundary(doc: Doc) -> Doc:
    """"Kivijoki: Muiden kuin … vastaa X." — the label is its own sentence for the parser.

    A short "Label:" that opens a block (a municipality, a target group, a slot such as
    "Vastuutaho", a body) is not part of the clause after it; parsed together, the label
    becomes the root and the clause's verb a dependent of it.
    """
    end = label_end(doc.text)
    if end is None:
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


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The cached pipeline (about 2 s to load the first time)."""
    nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    nlp.add_pipe(LABEL_COMPONENT, before="parser")
    return nlp


@lru_cache(maxsize=1)
def _voikko() -> object | None:
    try:
        from libvoikko import Voikko

        return Voikko("fi")
    except (ImportError, OSError):
        return None


def spell(word: str) -> bool:
    """Voikko's spell check; True when voikko is unavailable (no opinion)."""
    checker = _voikko()
    if checker is None:
        return True
    return bool(checker.spell(word))  # type: ignore[attr-defined]


def has_speller() -> bool:
    return _voikko() is not None
