"""The Finnish spaCy pipeline, loaded once per process with only the parts we use."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "spacy_fi_experimental_web_md"
# The parser gives sentences and dependencies, the lemmatiser (voikko) lemmas; the
# statistical NER is not used: organisations come from the gazetteer and cue tables.
EXCLUDE = ("ner",)
BATCH_SIZE = 64


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The cached pipeline (about 2 s to load the first time)."""
    return spacy.load(MODEL, exclude=list(EXCLUDE))


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
