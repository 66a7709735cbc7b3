import pytest

from extraction.legal_refs import chapter_of, normalise
from extraction.model import LegalRef

KOTO = "681/2023"
CASES = [
    ("KotoL 14 §", [LegalRef(KOTO, "14", chapter=2)]),
    ("(KotoL 14§)", [LegalRef(KOTO, "14", chapter=2)]),
    ("(KOTOL 26 JA 27 §)", [LegalRef(KOTO, "26", chapter=2), LegalRef(KOTO, "27", chapter=2)]),
    ("KOTOL 13 §:N 1 MOM. 5 KOHTA", [LegalRef(KOTO, "13", 1, 5, 2)]),
    ("13 §:n 1 mom. 5 kohta", [LegalRef(KOTO, "13", 1, 5, 2)]),
    ("laki kotoutumisen edistämisestä (681/2023)", [LegalRef(KOTO)]),
    ("kuntalain (410/2015) mukaan", [LegalRef("410/2015")]),
    ("hallintolain (434/2003) mukaisesti", [LegalRef("434/2003")]),
    ("lain (1128/1996) 2 §:n 1 momentin 3 kohdan", [LegalRef("1128/1996", "2", 1, 3)]),
    ("Kotoutumislain 45 §", [LegalRef(KOTO, "45", chapter=5)]),
    ("lagen om främjande av integration 14 §", [LegalRef(KOTO, "14", chapter=2)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalise(text: str, expected: list[LegalRef]) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(("section", "chapter"),
                         [("1", 1), ("9", 1), ("10", 2), ("32a", 2), ("33", 3), ("44", 4),
                          ("45", 5), ("48", 5), ("49", 6), ("70", 6)])
def test_chapters(section: str, chapter: int) -> None:
    assert chapter_of(KOTO, section) == chapter
    assert chapter_of("410/2015", section) is None
