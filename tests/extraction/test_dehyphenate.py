import pytest

from extraction.dehyphenate import dehyphenate_text, join_lines
from extraction.nlp import spell

CASES = [
    ("työnha-", "kijana olevalle", "työnhakijana olevalle"),
    ("kotoutumissuunnitel-", "man laatiminen", "kotoutumissuunnitelman laatiminen"),
    ("Kuopion kaupungin maahanmuutto-", "ohjaaja tekee", "Kuopion kaupungin maahanmuutto-ohjaaja tekee"),
    ("Etelä-", "Savon hyvinvointialue", "Etelä-Savon hyvinvointialue"),
    ("työllisyys-", "ja koulutuspalvelut", "työllisyys- ja koulutuspalvelut"),
    ("luku-", "tai kirjoitustaito", "luku- tai kirjoitustaito"),
    ("kotoutuja-", "asiakkaalle", "kotoutuja-asiakkaalle"),
    ("palvelutar-", "peen arviointi", "palvelutarpeen arviointi"),
    ("ohjaus ja", "neuvonta", "ohjaus ja neuvonta"),
    ("omaehtoisesti STEP-", "koulutukseen", "omaehtoisesti STEP-koulutukseen"),
]


@pytest.mark.parametrize(("left", "right", "expected"), CASES)
def test_join_lines(left: str, right: str, expected: str) -> None:
    assert join_lines(left, right, spell) == expected


def test_blank_lines_between_hyphenated_lines() -> None:
    text = "Työvoimaviranomainen vastaa palveluista työnha-\n\nkijana olevalle."
    assert dehyphenate_text(text) == "Työvoimaviranomainen vastaa palveluista työnhakijana olevalle."
