"""A block's sentences: split (Swedish by punctuation), found by offset, quoted as provenance."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extraction.model import Provenance
from extraction.structure import Block

# A sentence by its punctuation alone: Swedish text (no Swedish parse), a block's text before it
# is parsed (extraction.scope).
PUNCTUATED_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def split_sentences(doc: Doc, language: str) -> list[Span]:
    if language != "sv":
        return list(doc.sents)
    out = []
    for match in PUNCTUATED_SENTENCE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and span.text.strip():
            out.append(span)
    return out


def sentence_at(doc: Doc, char: int) -> Span | None:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return None


def provenance(block: Block, sent: Span | None, rule: str) -> Provenance:
    """The sentence as the quote of what was read from it (the whole block without one);
    a label ("Kela:") is quoted with what it labels ("Kela: etuudet …")."""
    if sent is None:
        return Provenance(block.page, block.start, block.end, block.text, rule)
    if sent.text.rstrip().endswith(":") and sent.end < len(sent.doc):
        sent = sent.doc[sent.start:_sentence_end(sent.doc, sent.end)]
    return Provenance(block.page, block.start + sent.start_char,
                      block.start + sent.end_char, sent.text, rule)


def _sentence_end(doc: Doc, token: int) -> int:
    """The end of the sentence that holds `token` (the parse's, else the doc's end)."""
    if doc.has_annotation("SENT_START"):
        return doc[token].sent.end
    return len(doc)
