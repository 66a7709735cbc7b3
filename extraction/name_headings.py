"""A heading that is a name, defined by the sentence under it as an organisation.

"Pisaba" / "Pieksämäkeläinen salibandyseura, jonka …": a sub-heading of one to three
capitalised words that no table knows, followed by a sentence that opens with an
organisation noun ("[adjectives] salibandyseura", or "Pisaba on … yhdistys"), names an
organisation of that noun's kind. The heading becomes a mention of it, and so does the
defining noun (it refers to the heading's body, not to some other club).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from extraction.gazetteer import slug
from extraction.mentions import Mention
from extraction.model import Organisation
from extraction.org_names import head_kind
from extraction.structure import Block

MAX_NAME_WORDS = 3


def _name(doc: Doc, mentions: Sequence[Mention]) -> str | None:
    """The heading's text when it is a bare name: capitalised words, no known body."""
    words = [t for t in doc if not t.is_space]
    if mentions or not 0 < len(words) <= MAX_NAME_WORDS:
        return None
    if not all(t.text[:1].isupper() and t.text.replace("-", "").isalpha() for t in words):
        return None
    return doc.text.strip()


def _defining_noun(sent: Span, name: str, mentions: Sequence[Mention]) -> Mention | None:
    """The bare organisation noun that opens the sentence as its definition: only
    adjectives before it, or the name and "on" ("Pisaba on pieksämäkeläinen seura")."""
    bare = next((m for m in mentions if sent.start <= m.start < sent.end and m.kind == "bare"),
                None)
    if bare is None or bare.end - bare.start != 1:
        return None
    noun = sent.doc[bare.start]
    if "Nom" not in noun.morph.get("Case") or head_kind(noun) is None:
        return None
    before = list(sent.doc[sent.start:bare.start])
    if before and " ".join(t.text for t in before[:len(name.split())]) == name:
        before = before[len(name.split()):]
        if not before or before[0].lemma_ != "olla":
            return None
        before = before[1:]
    return bare if all(t.pos_ == "ADJ" for t in before) else None


def name_headings(blocks: Sequence[Block], docs: Sequence[Doc],
                  mentions: list[list[Mention]]) -> None:
    """Turn each defined name heading, and its defining noun, into named mentions."""
    for index in range(len(blocks) - 1):
        if blocks[index].kind != "heading" or blocks[index + 1].kind not in ("paragraph", "list_item"):
            continue
        name = _name(docs[index], mentions[index])
        sents = list(docs[index + 1].sents)
        if name is None or not sents:
            continue
        noun = _defining_noun(sents[0], name, mentions[index + 1])
        if noun is None:
            continue
        kind = head_kind(docs[index + 1][noun.start])
        if kind is None:
            continue
        org = Organisation(key=slug(name), name=name, kind=kind)
        end = max(t.i for t in docs[index] if not t.is_space) + 1
        mentions[index] = [Mention(0, end, "named", org=org)]
        mentions[index + 1] = [Mention(m.start, m.end, "named", org=org) if m is noun else m
                               for m in mentions[index + 1]]
