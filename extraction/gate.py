"""Which blocks need the statistical pipeline (tok2vec, morphology, parser, lemmas).

Parsing is most of the extraction time. A block can hold a relation, a municipality label
or a metadata statement only when it mentions an organisation: a name the gazetteer knows,
a generic noun ("kunta", "työvoimaviranomainen"), a municipal unit, a role noun
("kotoutumiskoordinaattori"), an institution head ("opisto", "seurakunta", "ry"), or a
metadata cue (approval, coordination, contact). The test uses the tokenizer and surface
stems only, and errs on the side of parsing: a false hit costs time, a miss costs a fact.
Other blocks get the tokenizer and a punctuation sentencizer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extraction import metadata
from extraction.gazetteer import Gazetteer
from extraction.inflection import GRADATION
from extraction.mentions import GENERIC_LEMMAS, MUNICIPAL_WHEN_OWNED, OWNER_LEMMAS, ROLE_SUFFIXES
from extraction.org_names import HEADS, LEGAL_FORMS
from extraction.relations_sv import generic_mentions


def _stems(lemma: str) -> set[str]:
    """Surface prefixes the case forms of a noun lemma start with.

    "kunta" → {"kunt", "kunn"} ("kunnan"), "kaupunki" → {"kaupunk", "kaupung"}: the lemma
    without its final vowels, and the same with the weak consonant grade.
    """
    stem = lemma.lower().rstrip("aeiouyäö") or lemma.lower()
    out = {stem}
    for strong, weak in GRADATION:
        if stem.endswith(strong):
            out.add(stem[: len(stem) - len(strong)] + weak)
            break
    return {s for s in out if len(s) >= 3}


_LEMMAS = {*GENERIC_LEMMAS, *MUNICIPAL_WHEN_OWNED, *OWNER_LEMMAS, *(h for h, _k in HEADS)}
_STEMS = tuple(sorted({s for lemma in (*_LEMMAS, *ROLE_SUFFIXES) for s in _stems(lemma)}))
_STEM = re.compile("|".join(re.escape(s) for s in _STEMS), re.IGNORECASE)
_CUES = (metadata.COORDINATOR_CUE, metadata.CONTACT_CUE, metadata.DRAFTING_CUE,
         metadata.APPROVAL_VERB, metadata.EMAIL, metadata.DATE)
_LEGAL_FORM = re.compile(r"\b(?:" + "|".join(LEGAL_FORMS) + r")\b", re.IGNORECASE)


def needs_parse(text: str, tokens: Doc, gazetteer: Gazetteer, language: str = "fi") -> bool:
    """True when the block may mention an organisation or state metadata."""
    if _STEM.search(text) or _LEGAL_FORM.search(text) or any(c.search(text) for c in _CUES):
        return True
    if language == "sv" and generic_mentions(text):
        return True
    return bool(gazetteer.match(list(tokens)))


def process(nlp: Language, texts: Iterable[str], gazetteer: Gazetteer, language: str,
            batch_size: int) -> list[Doc]:
    """Docs for all texts: parsed where needed, tokenized and sentence-split elsewhere."""
    light = [nlp.make_doc(text) for text in texts]
    wanted = [needs_parse(doc.text, doc, gazetteer, language) for doc in light]
    parsed: Iterator[Doc] = iter(nlp.pipe((d for d, w in zip(light, wanted, strict=True) if w),
                                          batch_size=batch_size))
    sentencizer = _sentencizer()
    return [next(parsed) if w else sentencizer(d) for d, w in zip(light, wanted, strict=True)]


_SENTENCIZER: list[Sentencizer] = []


def _sentencizer() -> Sentencizer:
    if not _SENTENCIZER:
        _SENTENCIZER.append(Sentencizer())
    return _SENTENCIZER[0]
