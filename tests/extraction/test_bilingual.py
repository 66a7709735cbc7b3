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


def _two_column_pdf() -> bytes:
    """The same programme laid out side by side: Finnish on the left, Swedish on the right."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("dv", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = 20.0
    pairs = [("B", TITLE.split("\n")[0], TITLE.split("\n")[1])]
    for title, fi, sv in SECTIONS:
        pairs += [("B", *title.split(" ", 1)[1].split(" / ")), ("", fi, sv)]  # unnumbered titles
    for style, fi, sv in pairs:
        pdf.set_font("dv", style, 12 if style else 10)
        height = 6 if style else 5
        columns = [pdf.multi_cell(85, height, text, dry_run=True, output="LINES") for text in (fi, sv)]
        for x, lines in zip((15, 110), columns, strict=True):
            for i, line in enumerate(lines):
                pdf.set_xy(x, y + i * height)
                pdf.cell(85, height, line)
        y += max(len(lines) for lines in columns) * height + 4
    return bytes(pdf.output())


def test_a_programme_in_two_language_columns(nlp) -> None:
    """Side by side, a Finnish service title in the Swedish column's reading is still no
    provider "Kotoutumiskoulutus", and both columns give the same statements once."""
    facts = extract_bytes(_two_column_pdf(), "porvoo.pdf").facts
    statements = [(f.municipality, f.service, f.target_group, f.role, f.organisation.key) for f in facts]
    assert {f.organisation.name for f in facts} <= {"Porvoo", "Porvoon työllisyysalue",
                                                     "Itä-Uudenmaan hyvinvointialue"}
    assert len(statements) == len(set(statements))
    assert {(s[1].value, s[2].value) for s in statements if s[3].value == "responsible"} >= {
        ("assessment", "jobseekers"), ("assessment", "others"),
        ("integration-training", "jobseekers"), ("integration-training", "others")}
