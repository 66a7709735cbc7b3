"""A bilingual programme: each section in Finnish, then in Swedish, under one title in both
languages. Both halves are read, each by its own language's cues, and each fact is given once.

Written for the test in the layout of bilingual towns' programmes; run through the whole
pipeline as plain text.
"""

import pytest

from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

TITLE = "Porvoon kaupungin kotoutumisohjelma 2025–2028\nBorgå stads integrationsprogram 2025–2028\n\n"

SECTIONS = [
    ("2 Osaamisen ja palvelutarpeen arviointi / Bedömning av kompetens och behovet av "
     "integrationstjänster",
     "Työnhakijoiden osaamisen ja palvelutarpeen arvioinnista vastaa Itä-Uudenmaan "
     "työllisyysalue. Muiden kuin työnhakijoiden arvioinnin tekee Porvoon kaupungin "
     "maahanmuuttopalvelut.",
     "För arbetssökande ansvarar Östra Nylands sysselsättningsområde för bedömningen av "
     "kompetens och behovet av integrationstjänster. För andra än arbetssökande gör Borgå "
     "stads invandrartjänster bedömningen."),
    ("3 Kotoutumissuunnitelma / Integrationsplan",
     "Työnhakijan kotoutumissuunnitelman laatii työllisyysalue. Muille kotoutumissuunnitelman "
     "laatii kaupungin maahanmuuttopalvelut yhteistyössä Itä-Uudenmaan hyvinvointialueen kanssa.",
     "Integrationsplanen för arbetssökande utarbetas av sysselsättningsområdet. För andra "
     "utarbetar stadens invandrartjänster integrationsplanen i samarbete med Östra Nylands "
     "välfärdsområde."),
    ("5 Kotoutumiskoulutus / Integrationsutbildning",
     "Työnhakijoiden kotoutumiskoulutuksen järjestää työllisyysalue työvoimakoulutuksena. Muiden "
     "kotoutumiskoulutuksen järjestää Porvoon kaupunki omaehtoisena opiskeluna.",
     "Integrationsutbildningen för arbetssökande ordnas av sysselsättningsområdet som "
     "arbetskraftsutbildning. För andra ordnar Borgå stad integrationsutbildningen som "
     "frivilliga studier."),
]


def _programme(*halves: int) -> bytes:
    parts = [TITLE]
    for section in SECTIONS:
        parts.append(section[0] + "\n\n")
        parts.extend(section[half] + "\n\n" for half in halves)
    return "".join(parts).encode()


def _statements(data: bytes) -> list[tuple]:
    return [(f.municipality, f.service, f.target_group, f.role, f.organisation.key)
            for f in extract_bytes(data, "porvoo.txt").facts]


@pytest.fixture(scope="module")
def readings(nlp) -> dict[str, list[tuple]]:
    return {"both": _statements(_programme(1, 2)), "fi": _statements(_programme(1)),
            "sv": _statements(_programme(2))}


def test_each_language_alone_reads_every_statement(readings) -> None:
    assert len(set(readings["fi"])) == len(set(readings["sv"])) == 7  # 6 bodies in charge, 1 partner
    assert set(readings["fi"]) == set(readings["sv"])


def test_a_bilingual_programme_reads_both_halves(readings) -> None:
    assert set(readings["both"]) == set(readings["fi"]) | set(readings["sv"])


def test_a_bilingual_programme_gives_each_fact_once(readings) -> None:
    assert len(readings["both"]) == len(set(readings["both"]))
