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


def tables_docx(title: str, sections: list[tuple[str | None, list[tuple[str, ...]]]],
                opening: str | None = None) -> bytes:
    """A DOCX programme: its title, an opening paragraph, then each table under its heading
    (or none), cell by cell as given."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, 0)
    if opening:
        document.add_paragraph(opening)
    for heading, rows in sections:
        if heading:
            document.add_heading(heading, 2)
        table = document.add_table(rows=0, cols=len(rows[0]))
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def field_tables_docx(title: str, cards: list[tuple[str | None, list[tuple[str, str]]]]) -> bytes:
    """A DOCX programme of two-column tables of fields, each under its heading (or none)."""
    return tables_docx(title, cards)


def who_answers(facts, service, code: str | None = None, groups=None) -> set[tuple]:
    """What the REST API would answer as who (responsible or provider, confidence ≥ 0.5):
    (role, name) for one municipality and the given target groups, or (group, name) for
    every group when no municipality is asked for."""
    answered = [f for f in facts
                if f.service == service and f.role.value != "partner" and f.confidence >= 0.5]
    if code is None:
        return {(f.target_group.value, f.organisation.name) for f in answered}
    return {(f.role, f.organisation.name) for f in answered
            if f.municipality == code and (groups is None or f.target_group in groups)}
