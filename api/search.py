"""Lemma-aware search terms for Finnish: inflected forms share a stem.

Voikko gives the base form of a word; its first letters (up to where Finnish inflection
and consonant gradation begin to change the word) match every inflected form in a quote:
"arvioinnin", "arviointia", "arviointiin" all contain "arvioin".
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[\wåäöÅÄÖ-]+", re.UNICODE)
_MIN_STEM = 4


@lru_cache(maxsize=1)
def _voikko():
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except (ImportError, OSError):  # without Voikko: plain prefixes
        return None


def _stem(word: str) -> str:
    voikko = _voikko()
    base = word.lower()
    if voikko is not None:
        analyses = voikko.analyze(word)
        if analyses and analyses[0].get("BASEFORM"):
            base = analyses[0]["BASEFORM"].lower()
    # Keep the part that stays the same under inflection: drop the final vowel(s) and the
    # last consonant that gradation may change (arviointi → arvioin, suunnitelma → suunnitel).
    stem = re.sub(r"[aeiouyäö]+$", "", base)
    stem = stem[:-1] if len(stem) > _MIN_STEM + 1 else stem
    return stem if len(stem) >= _MIN_STEM else base


def stems(query: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(query) if len(w) >= 2]
