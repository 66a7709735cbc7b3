"""Which sentences need the statistical pipeline (tok2vec, morphology, parser, lemmas).

Parsing is most of the extraction time. A sentence can hold a relation, a municipality
label or a metadata statement only when it mentions an organisation: a name the gazetteer
knows, a generic noun ("kunta", "työvoimaviranomainen"), a municipal unit, a role noun
("kotoutumiskoordinaattori"), an institution head ("opisto", "seurakunta", "ry"), or a
metadata cue (approval, coordination, contact, a decision-making body). The tests use the
tokenizer, surface stems and Voikko's base forms, and err on the side of parsing: a false
hit costs time, a miss costs a fact.

Two levels. A block whose text has none of these (surface stems: "kunn", "opist") gets the
tokenizer and a punctuation sentencizer. A Finnish block that has one is cut into
sentences where a sentence ends before a capital or a digit (". Kunta …"; the parser ends
a sentence there too), and only the sentences with such a word among the base forms of
their words are parsed, each run of them together ("yhteiskuntaorientaatio" has the stem
"kunt" but no organisation in it). The other sentences keep their tokens and punctuation
sentence boundaries, without annotation, as unparsed blocks do. A text that repeats in a
document (table headers, member municipalities' labels) is processed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Token

from extraction import metadata
from extraction.gazetteer import Gazetteer
from extraction.inflection import GRADATION
from extraction.mentions import GENERIC_LEMMAS, MUNICIPAL_WHEN_OWNED, ROLE_SUFFIXES
from extraction.nlp import CONTINUES, CachedAnalyses, analyses
from extraction.org_names import (
    ACRONYM_NAME,
    APPOSITION_HEADS,
    HEADS,
    LEGAL_FORMS,
    OWNER_NOUNS,
    TITLE_HEADS,
    brand_word,
)
from extraction.relations import PURCHASE_LEMMAS, VERB_ROLES
from extraction.slots import label_end


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
    # an abbreviation ("hva") keeps its whole form: stripped, it would match anything
    return {s for s in out if len(s) >= 3} or ({lemma.lower()} if len(lemma) >= 3 else set())


_LEMMAS = {*GENERIC_LEMMAS, *MUNICIPAL_WHEN_OWNED, *OWNER_NOUNS, *(h for h, _k in HEADS), *TITLE_HEADS}
# A head named only with a name in apposition ("hanke") is searched as the whole word: its
# stem opens too many other words ("hankkia").
_STEMS = tuple(sorted({s for lemma in (*_LEMMAS, *ROLE_SUFFIXES) for s in _stems(lemma)}
                      | set(APPOSITION_HEADS)))
_LEMMAS |= set(APPOSITION_HEADS)
_STEM = re.compile("|".join(re.escape(s) for s in _STEMS), re.IGNORECASE)
# Lemma suffixes of role nouns and institution heads ("aikuislukio", "maahanmuuttokoordinaattori").
_HEAD_SUFFIXES = (*(h for h, _k in HEADS), *APPOSITION_HEADS)
_SUFFIXES = (*ROLE_SUFFIXES, *_HEAD_SUFFIXES)
_CUES = (metadata.COORDINATOR_CUE, metadata.CONTACT_CUE, metadata.DRAFTING_CUE,
         metadata.APPROVAL_VERB, metadata.EMAIL, metadata.DATE)
# In a sentence of its own, the body of an approval ("Kunnanhallitus 12.3.2024 § 58.")
# needs its case and lemma even when the verb is in another sentence.
_SENTENCE_CUES = (*_CUES, metadata.APPROVAL_BODY)
_LEGAL_FORM = re.compile(r"\b(?:" + "|".join(LEGAL_FORMS) + r")\b", re.IGNORECASE)
# A sentence ends here when the next one starts with a capital or a digit.
SENTENCE_ENDS = (".", "!", "?")
# Languages whose blocks are parsed sentence by sentence. The Finnish parser's sentences in
# Swedish text follow no punctuation, so a Swedish block is parsed whole.
SENTENCE_LANGUAGES = ("fi",)


def needs_parse(text: str, tokens: Sequence[Token], gazetteer: Gazetteer,
                language: str = "fi") -> bool:
    """True when the block may mention an organisation or state metadata."""
    if (_STEM.search(text) or _LEGAL_FORM.search(text) or ACRONYM_NAME.search(text)
            or any(c.search(text) for c in _CUES)):
        return True
    voikko = analyses()
    if voikko is not None and language == "fi" and _unknown_capitalised(tokens, voikko):
        return True
    return bool(gazetteer.match(list(tokens)))


# Where a lone unknown name can stand in a body's place: beside a cue verb or a purchase
# ("Koulutuksen toteuttaa Sedu", "ostetaan Luksialta"), or alone in a short item ("Sedu").
_CUE_LEMMAS = frozenset((*VERB_ROLES, *PURCHASE_LEMMAS))
MAX_ITEM_WORDS = 4


def _unknown_capitalised(words: Sequence[Token] | Sequence[_Word], voikko: CachedAnalyses) -> bool:
    """A capitalised word the lexicon does not know, where it may be a body's one-word name
    (`org_names.unknown_names`)."""
    if not any(brand_word(w.text, lambda text: bool(voikko.lemmas(text))) for w in words):
        return False
    alpha = [w for w in words if any(ch.isalpha() for ch in w.text)]
    return len(alpha) <= MAX_ITEM_WORDS or any(
        lemma in _CUE_LEMMAS for w in alpha for lemma in voikko.lemmas(w.text))


@dataclass(frozen=True, slots=True)
class _Word:
    """A word for the gazetteer: its text and one of its readings as the lemma ("" before
    any is chosen, as a tokenized-only token has)."""

    text: str
    lemma_: str


def _by_lemma(words: Sequence[_Word], gazetteer: Gazetteer, voikko: CachedAnalyses) -> bool:
    """An organisation noun or a known name among the words' readings: the lower-case text
    and every base form Voikko gives ("yhdistyksen", "Opetushallituksella", "ELY:n"),
    a superset of the one lemma the lemmatiser picks."""
    readings = [_readings(word.text, voikko) for word in words]
    if any(lemma in _LEMMAS or lemma.endswith(_SUFFIXES) for forms in readings for lemma in forms):
        return True
    if any(word.text.lower().rpartition("-")[2].startswith(_HEAD_SUFFIXES) for word in words):
        return True  # "Kivalo-opisto": org_names reads the head from the text too
    for layer in range(1, max(len(forms) for forms in readings) if readings else 0):
        lemmas = [_Word(w.text, forms[min(layer, len(forms) - 1)])
                  for w, forms in zip(words, readings, strict=True)]
        if gazetteer.match(lemmas):
            return True
    return False


def _readings(text: str, voikko: CachedAnalyses) -> tuple[str, ...]:
    """The lemmas the lemmatiser may give a word, lower case (the text itself first)."""
    lowered = text.lower()
    if ":" in text:  # "ELY:n", "SPR:n": the lemmatiser keeps what precedes the colon
        return (lowered, lowered.split(":", 1)[0])
    if not any(ch.isalpha() for ch in text):
        return (lowered,)
    return (lowered, *voikko.lemmas(text))


def _sentence_needs_parse(text: str, words: Sequence[_Word], gazetteer: Gazetteer,
                          voikko: CachedAnalyses) -> bool:
    """Whether a sentence of a Finnish block may mention an organisation or state metadata:
    the block-level test with base forms instead of surface stems ("yhteiskuntaorientaatio"
    has no "kunta" in it), and with decision-making bodies. The test that finds most first:
    the cue patterns are the slowest and find fewest."""
    return (_by_lemma(words, gazetteer, voikko) or bool(gazetteer.match(words))
            or bool(_LEGAL_FORM.search(text) or ACRONYM_NAME.search(text)
                    or any(c.search(text) for c in _SENTENCE_CUES))
            or _unknown_capitalised(words, voikko))


def _sentence_starts(words: Sequence[_Word]) -> list[int]:
    """Word indices where a sentence starts after ". ! ?" and before a capital or digit."""
    starts = [0]
    previous = None
    for index, word in enumerate(words):
        if word.text.isspace():
            continue
        if previous is not None and previous in SENTENCE_ENDS and (
                word.text[:1].isupper() or word.text[:1].isdigit()):
            starts.append(index)
        previous = word.text
    return starts


@dataclass(frozen=True, slots=True)
class _Piece:
    """Tokens [start, end) of a block, parsed or not."""

    start: int
    end: int
    parse: bool


def _plan(text: str, doc: Doc, gazetteer: Gazetteer, language: str,
          names: re.Pattern[str] | None = None) -> list[_Piece]:
    """The block's pieces: runs of sentences that need the parse, and runs that do not."""
    if language == "sv" or not (needs_parse(text, doc, gazetteer, language)
                                or (names is not None and names.search(text))):
        # Swedish is read by its own cue tables (`swedish`), not the Finnish parser
        return [_Piece(0, len(doc), parse=False)]
    voikko = analyses()
    if language not in SENTENCE_LANGUAGES or voikko is None:
        return [_Piece(0, len(doc), parse=True)]
    words = [_Word(token.text, "") for token in doc]  # Token objects are costly to make
    offsets = [*doc.to_array(IDX).tolist(), len(text)]
    starts = _sentence_starts(words)
    bounds = list(zip(starts, [*starts[1:], len(doc)], strict=True))
    wanted = [_sentence_needs_parse(text[offsets[a]:offsets[b]], words[a:b], gazetteer, voikko)
              or (names is not None and bool(names.search(text[offsets[a]:offsets[b]])))
              for a, b in bounds]
    pieces = []
    for parse, run in groupby(zip(bounds, wanted, strict=True), key=lambda item: item[1]):
        run_bounds = [b for b, _w in run]
        pieces.append(_Piece(run_bounds[0][0], run_bounds[-1][1], parse))
    return pieces


def _piece_doc(nlp: Language, text: str, doc: Doc, piece: _Piece) -> Doc:
    """A piece as a doc of its own, tokenized as in the whole block."""
    start = doc[piece.start].idx
    end = doc[piece.end].idx if piece.end < len(doc) else len(text)
    part = nlp.make_doc(text[start:end])
    if piece.start:
        part.user_data[CONTINUES] = True
    return part


def _unparsed(part: Doc, label: int | None) -> Doc:
    """A piece left unparsed: each punctuation sentence (and an opening label) a flat tree,
    so that the joined doc keeps its sentence boundaries."""
    sentences = _sentencizer()(part)
    starts = {s.start for s in sentences.sents}
    after_label = next((t.i for t in part if t.idx >= label), None) if label is not None else None
    if after_label is not None:
        starts.add(after_label)
    heads, deps, root = [], [], 0
    for token in part:
        if token.i in starts:
            root = token.i
        heads.append(root)
        deps.append("ROOT" if token.i == root else "dep")
    return Doc(part.vocab, words=[t.text for t in part], spaces=[bool(t.whitespace_) for t in part],
               heads=heads, deps=deps)


def _join(nlp: Language, text: str, doc: Doc, pieces: list[_Piece],
          parsed: dict[int, Doc]) -> Doc | None:
    """The block's doc from its pieces, or None when the pieces do not add up to it."""
    parts = []
    for number, piece in enumerate(pieces):
        if piece.parse:
            parts.append(parsed[number])
        else:
            part = _piece_doc(nlp, text, doc, piece)
            parts.append(_unparsed(part, label_end(part.text) if number == 0 else None))
    joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
    same = joined is not None and joined.text == text and numpy.array_equal(
        joined.to_array([IDX, LENGTH]), doc.to_array([IDX, LENGTH]))
    return joined if same else None


# The longest text spaCy is given at once. Real blocks are paragraphs and table rows; a
# longer one (a text file without line breaks) is cut into pieces at spaces and the pieces'
# docs joined again: spaCy refuses texts past `nlp.max_length` and needs about 1 GB of
# memory per 100,000 characters it parses at once.
MAX_BLOCK_CHARS = 10_000


def _cut(text: str, limit: int = MAX_BLOCK_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters that join back to it, cut after a
    space where there is one."""
    pieces = []
    while len(text) > limit:
        at = text.rfind(" ", limit // 2, limit) + 1 or limit
        pieces.append(text[:at])
        text = text[at:]
    return [*pieces, text]


def process(nlp: Language, texts: Iterable[str], gazetteer: Gazetteer, language: str,
            batch_size: int, names: re.Pattern[str] | None = None) -> list[Doc]:
    """Docs for all texts (see `_process`); a text over MAX_BLOCK_CHARS is processed in
    pieces and its doc joined from theirs."""
    texts = list(texts)
    if all(len(text) <= MAX_BLOCK_CHARS for text in texts):
        return _process(nlp, texts, gazetteer, language, batch_size, names)
    owners, pieces = [], []
    for index, text in enumerate(texts):
        for piece in _cut(text):
            owners.append(index)
            pieces.append(piece)
    docs = _process(nlp, pieces, gazetteer, language, batch_size, names)
    grouped: dict[int, list[Doc]] = {}
    for index, doc in zip(owners, docs, strict=True):
        grouped.setdefault(index, []).append(doc)
    return [parts[0] if len(parts) == 1 else
            Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
            for _index, parts in sorted(grouped.items())]


def _process(nlp: Language, texts: Iterable[str], gazetteer: Gazetteer, language: str,
             batch_size: int, names: re.Pattern[str] | None = None) -> list[Doc]:
    """Docs for all texts: parsed where needed, tokenized and sentence-split elsewhere.

    A text repeated in the document (a table's header cells, a label under each member
    municipality) is parsed once; each repetition gets its own copy of the doc.
    """
    texts = list(texts)
    light = {text: nlp.make_doc(text) for text in dict.fromkeys(texts)}
    plans = {text: _plan(text, doc, gazetteer, language, names) for text, doc in light.items()}
    jobs = [(text, number, _piece_doc(nlp, text, light[text], piece) if len(plan) > 1 else light[text])
            for text, plan in plans.items() for number, piece in enumerate(plan) if piece.parse]
    parsed: dict[str, dict[int, Doc]] = {}
    for (text, number, _doc), done in zip(
            jobs, nlp.pipe((d for _t, _n, d in jobs), batch_size=batch_size), strict=True):
        parsed.setdefault(text, {})[number] = done
    docs = {text: _assemble(nlp, text, light[text], plans[text], parsed.get(text, {}))
            for text in light}
    seen: set[str] = set()
    out = []
    for text in texts:
        out.append(docs[text].copy() if text in seen else docs[text])
        seen.add(text)
    return out


def _assemble(nlp: Language, text: str, doc: Doc, plan: list[_Piece],
              parsed: dict[int, Doc]) -> Doc:
    """The block's doc: parsed whole, not at all, or joined from its pieces."""
    if len(plan) == 1:
        return parsed[0] if plan[0].parse else _sentencizer()(doc)
    joined = _join(nlp, text, doc, plan, parsed)
    return joined if joined is not None else nlp(text)  # tokenized differently: parse it all


_SENTENCIZER: list[Sentencizer] = []


def _sentencizer() -> Sentencizer:
    if not _SENTENCIZER:
        _SENTENCIZER.append(Sentencizer())
    return _SENTENCIZER[0]
