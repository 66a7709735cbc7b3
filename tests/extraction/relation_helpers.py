"""What the relation rules find in a short test sentence, as (role, group, organisation key)."""

from __future__ import annotations

from extraction.mentions import Resolver, find_mentions
from extraction.relations import extract_relations


def relations_in(text: str, municipality: str, nlp, gazetteer) -> set[tuple]:
    doc = nlp(text)
    resolver = Resolver(gazetteer)
    out = set()
    for sent in doc.sents:
        for rel in extract_relations(sent, find_mentions(sent, gazetteer)):
            org = resolver.resolve(rel.mention, municipality)
            out.add((rel.role, rel.target, org.key if org else None))
    return out
