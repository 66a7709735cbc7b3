"""The parse gate: blocks that may mention an organisation or metadata get the full pipeline."""

from __future__ import annotations

import pytest

from extraction.gate import MAX_BLOCK_CHARS, _cut, needs_parse, process

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("text", "expected"), [
    ("Kunnan kotoutumispalvelut tekevät asiakasohjauksen palveluihin.", True),
    ("Arvioinnin tekee kaupungin maahanmuutto-ohjaaja.", True),
    ("Kurssit pyritään hankkimaan siten, että ne voidaan toteuttaa lähiopetuksena.", False),
    ("Kunnanvaltuusto hyväksyi ohjelman 11.11.2024.", True),
    ("Kivijoen Setlementti ry järjestää läksykerhoa.", True),
    ("Arvioinnissa käydään läpi osaaminen, koulutus ja työkokemus.", False),
])
def test_needs_parse(text: str, expected: bool, nlp, gazetteer) -> None:
    assert needs_parse(text, nlp.make_doc(text), gazetteer) is expected


@pytest.mark.model
def test_a_block_longer_than_spacy_takes_is_processed_in_pieces(nlp, gazetteer) -> None:
    """A 2 MB text file without line breaks failed with spaCy's max_length error; a block
    is now cut at spaces into pieces spaCy takes, and its doc joined back whole."""
    block = "Järvelän kunta vastaa alkukartoituksesta ja kotoutumissuunnitelmasta. " * 400
    short = "Kotoutumisohjelma."
    limit = nlp.max_length
    nlp.max_length = 20_000  # the same refusal as at a million characters, on a smaller block
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(block)
        docs = process(nlp, [short, block, short], gazetteer, "fi", batch_size=8)
    finally:
        nlp.max_length = limit
    assert [d.text for d in docs] == [short, block, short]
    assert len(list(docs[1].sents)) >= 400 // 2
    assert all(len(piece) <= MAX_BLOCK_CHARS for piece in _cut(block * 3))
    assert "".join(_cut(block * 3)) == block * 3
