"""A joint programme whose core is a landscape responsibility matrix drawn as a ruled PDF
table: members as rows, services as columns, cells with a member's staff title, a purchase
("osto Lappeenrannalta", "… (osto)") or a refusal ("ei järjestetä kunnassa"). Written for
the test in the layout of that held-out kind; built with fpdf2, read from the PDF."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import who_answers

pytestmark = pytest.mark.model

LAPPEENRANTA, IMATRA, LUUMAKI, TAIPALSAARI = "405", "153", "441", "831"
SERVICES = ("Osaamisen ja palvelutarpeen arviointi", "Kotoutumissuunnitelma",
            "Monikielinen yhteiskuntaorientaatio", "Kotoutumiskoulutus", "Ohjaus ja neuvonta")
ROWS = (("Lappeenranta", "Maahanmuuttajapalvelut", "Maahanmuuttajapalvelut", "Lappeenrannan kaupunki",
         "Lappeenrannan kansalaisopisto", "Kotoutumispiste Monari"),
        ("Imatra", "Kotoutumiskoordinaattori", "Kotoutumiskoordinaattori", "osto Lappeenrannalta",
         "Imatran kansalaisopisto", "Kotoutumiskoordinaattori"),
        ("Luumäki", "osto Lappeenrannalta", "osto Lappeenrannalta", "osto Lappeenrannalta",
         "Lappeenrannan kansalaisopisto (osto)", "Luumäen kunta, tarvittaessa HVA"),
        ("Taipalsaari", "Taipalsaaren kunta yhdessä HVA:n kanssa", "Taipalsaaren kunta",
         "osto Lappeenrannalta", "ei järjestetä kunnassa", "Taipalsaaren kunta"))


def _matrix_pdf(v_align: str = "TOP") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("dv", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    pdf.add_page()
    pdf.set_font("dv", "", 14)
    pdf.multi_cell(0, 8, "Etelä-Karjalan kuntien yhteinen kotoutumisohjelma 2025–2028",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 10)
    pdf.multi_cell(0, 5, "Ohjelma koskee Lappeenrantaa, Imatraa, Luumäkeä ja Taipalsaarta. "
                   "Työnhakijoiden palveluista vastaa Etelä-Karjalan työllisyysalue (jäljempänä TA). "
                   "HVA = Etelä-Karjalan hyvinvointialue.", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 12)
    pdf.multi_cell(0, 7, "Taulukko 1. Vastuut muille kuin työnhakijoille kunnittain",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 8)
    # narrow cell padding, as word processors have it: pdfminer joins neighbouring cells'
    # text into one line unless the drawn borders between them are read
    with pdf.table(col_widths=(30, 45, 40, 50, 50, 45), v_align=v_align, text_align="LEFT") as table:
        for cells in (("Kunta", *SERVICES), *ROWS):
            row = table.row()
            for text in cells:
                row.cell(text)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def extraction(nlp):
    return extract_bytes(_matrix_pdf(), "etela-karjala.pdf")


def _who(extraction, code: str, service: ServiceKey) -> set[tuple[Role, str]]:
    return who_answers(extraction.facts, service, code, {TargetGroup.OTHERS})


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE"])
def test_the_text_of_neighbouring_cells_stays_apart(v_align: str) -> None:
    """Cells top-aligned, or centred in their row (a wrapped header cell then starts above
    the single-line ones, and a first row's wrapped cell above that row's first cell)."""
    from extraction.pdf_layout import read_pdf_lines

    rows = [line.text.split(" | ") for line in read_pdf_lines(_matrix_pdf(v_align)).lines if line.table_row]
    assert rows == [["Kunta", *SERVICES], *(list(row) for row in ROWS)]


def test_the_sentence_saying_whom_the_programme_is_for_covers_every_member(nlp) -> None:
    """"Ohjelma koskee A:ta, B:tä, C:tä ja D:tä." with more text after it in its paragraph."""
    text = ("Etelä-Karjalan kuntien yhteinen kotoutumisohjelma\n\nOhjelma koskee Lappeenrantaa, "
            "Imatraa, Luumäkeä ja Taipalsaarta. Työnhakijoiden palveluista vastaa Etelä-Karjalan "
            "työllisyysalue, muiden palveluista kotikunta.\n\nKotoutumiskoulutus\n\n"
            "Kunta järjestää kotoutumiskoulutuksen omaehtoisena opiskeluna.\n")
    covered = {m.code for m in extract_bytes(text.encode(), "etela-karjala.txt").municipalities}
    assert covered == {LAPPEENRANTA, IMATRA, LUUMAKI, TAIPALSAARI}


def test_each_member_s_row_gives_its_own_bodies(extraction) -> None:
    assert _who(extraction, LAPPEENRANTA, ServiceKey.INTEGRATION_TRAINING) == {
        (Role.RESPONSIBLE, "Lappeenrannan kansalaisopisto")}
    assert _who(extraction, IMATRA, ServiceKey.ASSESSMENT) == {(Role.RESPONSIBLE, "Imatra")}
    # the member's own coordinator, though the cell before names a school in charge of training
    assert _who(extraction, IMATRA, ServiceKey.GUIDANCE_AND_COUNSELLING) == {(Role.RESPONSIBLE, "Imatra")}
    assert _who(extraction, TAIPALSAARI, ServiceKey.INTEGRATION_PLAN) == {(Role.RESPONSIBLE, "Taipalsaari")}


def test_a_purchase_cell_names_the_seller_and_the_member_buys(extraction) -> None:
    assert _who(extraction, LUUMAKI, ServiceKey.ASSESSMENT) == {
        (Role.PROVIDER, "Lappeenranta"), (Role.RESPONSIBLE, "Luumäki")}
    assert _who(extraction, IMATRA, ServiceKey.CIVIC_ORIENTATION) == {
        (Role.PROVIDER, "Lappeenranta"), (Role.RESPONSIBLE, "Imatra")}


def test_a_refusing_cell_names_no_one_and_is_recorded(extraction) -> None:
    assert not _who(extraction, TAIPALSAARI, ServiceKey.INTEGRATION_TRAINING)
    assert any(e.municipality == TAIPALSAARI and e.service == ServiceKey.INTEGRATION_TRAINING
               for e in extraction.exclusions)


def test_a_short_name_defined_after_a_sentence_stands_for_the_body_named_last(extraction) -> None:
    names = {f.organisation.name for f in extraction.facts}
    assert not any(name.startswith("Työnhakijoiden") for name in names)
