"""Running headers and footers (extraction/pdf_layout.py)."""

from extraction.pdf_layout import EDGE_BAND, _furniture
from extraction.textlines import Line


def _page(number: int, *lines: tuple[str, float]) -> list[tuple[Line, float]]:
    return [(Line(page=number, text=text, size=10.0, bold=False, x0=60.0), rel_y) for text, rel_y in lines]


def test_repeated_edge_lines_are_furniture_unless_they_also_stand_mid_page() -> None:
    top, middle = EDGE_BAND / 2, 0.5
    pages = [_page(1, ("Kotoutumisohjelma 2025", top), ("Vastuutaho", middle)),
             _page(2, ("Kotoutumisohjelma 2025", top), ("Yhteistyö", top + 0.001), ("Sivu 2", 0.99)),
             _page(3, ("Kotoutumisohjelma 2025", top), ("Yhteistyö", top + 0.001), ("Sivu 3", 0.99)),
             _page(4, ("Kotoutumisohjelma 2025", top), ("Yhteistyö", top + 0.001), ("Sivu 4", 0.99),
                   ("Yhteistyö", middle))]
    assert _furniture(pages) == {"Kotoutumisohjelma #", "Sivu #"}


def _two_column_pdf() -> bytes:
    """A brochure page: a title across, then two columns; the right column's heading sits
    level with the first line of the left column's two-line heading."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_page()
    pdf.set_font("dv", "", 16)
    pdf.set_xy(10, 15)
    pdf.cell(0, 10, "Kotkan kaupungin kotoutumisohjelma")
    columns = {10: ["Osaamisen ja kotoutumisen", "palvelutarpeen arviointi"],
               110: ["Monikielinen yhteiskuntaorientaatio"]}
    prose = "Tämä on palstan leipätekstiä, joka jatkuu riviltä toiselle."
    for x, heading in columns.items():
        pdf.set_font("dv", "", 11)
        pdf.set_xy(x, 32)
        for line in heading:
            pdf.set_x(x)
            pdf.cell(88, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("dv", "", 9)
        for _ in range(6):
            pdf.set_x(x)
            pdf.cell(88, 5, prose, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_two_columns_are_read_one_after_the_other() -> None:
    from extraction.pdf_layout import read_pdf_lines

    lines = read_pdf_lines(_two_column_pdf()).lines
    texts = [line.text.strip() for line in lines]
    first = texts.index("Osaamisen ja kotoutumisen")
    assert texts[first + 1] == "palvelutarpeen arviointi"
    assert texts.index("Monikielinen yhteiskuntaorientaatio") > first + 6


def _brochure_pdf() -> bytes:
    """Three pages whose only "kotoutumisohjelma" is the running header above each."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    texts = ("Osaamisen ja kotoutumisen palvelutarpeen arvioinnin tekee työnhakijoille "
             "Kainuu-Koillismaan työllisyysalue.",
             "Monikielisen yhteiskuntaorientaation järjestää Kajaanin kaupunki.",
             "Kotoutumiskoulutusta muille tarjoaa Kajaanin kansalaisopisto.")
    for text in texts:
        pdf.add_page()
        pdf.set_font("dv", "", 8)
        pdf.set_y(8)
        pdf.cell(0, 4, "Kajaanin kaupunki · Kotoutumisohjelma 2025–2028", align="R")
        pdf.set_y(40)
        pdf.set_font("dv", "", 11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_a_running_header_is_left_out_of_the_text_but_says_what_the_document_is(nlp) -> None:
    from extraction.pdf_layout import read_pdf_lines
    from extraction.pipeline import extract_bytes

    read = read_pdf_lines(_brochure_pdf())
    assert not any("Kotoutumisohjelma" in line.text for line in read.lines)
    assert read.running == ("Kajaanin kaupunki · Kotoutumisohjelma 2025–2028",)
    facts = extract_bytes(_brochure_pdf(), "kajaani-esite.pdf").facts  # not refused as no programme
    assert {f.organisation.name for f in facts if f.confidence >= 0.5} >= {
        "Kainuu-Koillismaan työllisyysalue", "Kajaani", "Kajaanin kansalaisopisto"}
