"""Tables in plain text (`extraction.text_tables`): aligned with spaces, as `pdftotext
-layout` or a hand-typed matrix lays them out, or drawn with " | " and a rule under the
header; a wrapped cell's rest on a line of its own; a column that only numbers the rows."""

import pytest

from extraction.model import ServiceKey
from extraction.pipeline import extract_bytes
from extraction.text_tables import table_lines
from tests.extraction.helpers import who_answers

ALIGNED = [
    "Nro  Palvelu                             Iisalmi         Kiuruvesi",
    "1    Palvelutarpeen arviointi (14 §)     kunta           osto: Iisalmen kaupunki",
    "11   Muut kunnan palvelut (13 § 2 mom.)  kunta (vapaa-   suunn. 2026",
    "                                         aikapalvelut)",
]
PIPED = [
    "Nro | Palvelu                  | Iisalmi           | Kiuruvesi",
    "----+--------------------------+-------------------+-----------------",
    "9   | Muu koulutus ja palvelut | kunta (IKO,       | kunta; yht.",
    "    |                          | kirjasto)         | Kiuruveden srk",
]


def test_an_aligned_table_is_cut_at_its_header_s_columns() -> None:
    assert table_lines(ALIGNED) == [
        "Palvelu | Iisalmi | Kiuruvesi",
        "Palvelutarpeen arviointi (14 §) | kunta | osto: Iisalmen kaupunki",
        "Muut kunnan palvelut (13 § 2 mom.) | kunta (vapaa-aikapalvelut) | suunn. 2026",
    ]


def test_a_drawn_table_loses_its_rule_and_its_row_numbers_and_keeps_wrapped_cells_whole() -> None:
    assert table_lines(PIPED) == [
        "Palvelu | Iisalmi | Kiuruvesi",
        "Muu koulutus ja palvelut | kunta (IKO, kirjasto) | kunta; yht. Kiuruveden srk",
    ]


def test_prose_and_a_two_column_legend_stay_lines() -> None:
    legend = ["  kunta           sarakkeen kunta järjestää ja tuottaa palvelun itse",
              "Ohjelma koskee Iisalmea ja Kiuruvettä.  Se on voimassa 2025–2027."]
    assert table_lines(legend) == legend


MATRIX = "\n".join([
    "YLÄ-SAVON KUNTIEN YHTEINEN KOTOUTUMISOHJELMA",
    "",
    "Ohjelma koskee Iisalmea ja Kiuruvettä.",
    "",
    "Taulukko 1. Muut kuin työnhakija-asiakkaat",
    "",
    *ALIGNED[:3], ALIGNED[3],
    "",
]) + "\n"


@pytest.mark.model
def test_a_member_matrix_in_plain_text_answers_who(nlp) -> None:
    facts = extract_bytes(MATRIX.encode(), "ylasavo.txt").facts
    iisalmi, kiuruvesi = "140", "263"
    assert ("responsible", "Iisalmi") in who_answers(facts, ServiceKey.ASSESSMENT, iisalmi)
    assert ("provider", "Iisalmi") in who_answers(facts, ServiceKey.ASSESSMENT, kiuruvesi)


def test_a_two_column_list_of_abbreviations_is_a_table_of_definitions() -> None:
    from extraction.aliases import definitions

    legend = ["HVA       Pohjois-Savon hyvinvointialue", "IKO       Iisalmen kansalaisopisto",
              "TA        Ylä-Savon työllisyysalue (työvoimaviranomainen)",
              "YSAO      Ylä-Savon ammattiopisto, joka järjestää",
              "          työvoimakoulutuksen"]
    rows = table_lines(legend)
    assert rows[-1] == "YSAO | Ylä-Savon ammattiopisto, joka järjestää työvoimakoulutuksen"
    assert {d.short: d.long for d in definitions(rows)}["TA"] == "Ylä-Savon työllisyysalue"


@pytest.mark.model
def test_a_cell_s_item_in_cooperation_names_a_partner(nlp) -> None:
    text = MATRIX.replace("osto: Iisalmen kaupunki", "kunta; yht. SPR")
    facts = extract_bytes(text.encode(), "ylasavo.txt").facts
    partners = {(f.municipality, f.organisation.name) for f in facts
                if f.service == ServiceKey.ASSESSMENT and f.role.value == "partner"}
    assert ("263", "Suomen Punainen Risti") in partners
    assert ("provider", "Suomen Punainen Risti") not in who_answers(facts, ServiceKey.ASSESSMENT, "263")


def test_a_row_whose_first_cell_goes_on_in_lower_case_continues_the_row_above() -> None:
    table = [
        "Tjänst                   Ansvarig:                Samarbete",
        "                         arbetssökande",
        "Sektorsövergripande      Syss.omr. +              Korsholms hälsostation",
        "kartläggning (15 §)      välfärdsområdet          (vid behov)",
        "Familjens integrations-  Integrationsenheten      Familjecentret;",
        "plan (21 §)                                       sysselsättnings-",
        "                                                  expert vid behov",
    ]
    assert table_lines(table) == [
        "Tjänst | Ansvarig: arbetssökande | Samarbete",
        "Sektorsövergripande kartläggning (15 §) | Syss.omr. + välfärdsområdet"
        " | Korsholms hälsostation (vid behov)",
        "Familjens integrationsplan (21 §) | Integrationsenheten"
        " | Familjecentret; sysselsättningsexpert vid behov",
    ]


def test_a_dotted_abbreviation_is_a_short_name() -> None:
    from extraction.aliases import definitions

    defined = definitions(["Förkortningar: Syss.omr. = Österbottens sysselsättningsområde, "
                           "Medb.inst. = Korsholms medborgarinstitut, YA = Yrkesakademin i Österbotten."])
    assert {d.short: d.long for d in defined} == {
        "Syss.omr.": "Österbottens sysselsättningsområde", "Medb.inst.": "Korsholms medborgarinstitut",
        "YA": "Yrkesakademin i Österbotten"}
