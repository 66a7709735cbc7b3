"""The parse gate: blocks that may mention an organisation or metadata get the full pipeline."""

from __future__ import annotations

import pytest

from extraction.gate import needs_parse

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
