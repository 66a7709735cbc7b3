"""Small test documents through the extraction: the relations of one sentence, as
(role, group, organisation key), and the facts of a short TXT programme."""

from __future__ import annotations

from pathlib import Path

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


EXAMPLES_REFERENCE = Path(__file__).resolve().parents[2] / "examples" / "reference"


def facts_of_text(tmp_path: Path, text: str) -> list:
    """The facts the whole pipeline reads from `text` as a TXT programme (examples' gazetteer)."""
    from extraction.pipeline import extract_file

    source = tmp_path / "kivijoki.txt"
    source.write_text(text, encoding="utf-8")
    return extract_file(source, reference_dirs=(EXAMPLES_REFERENCE,)).facts
