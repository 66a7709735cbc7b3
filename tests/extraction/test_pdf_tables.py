"""Table rows rebuilt from pdfminer line coordinates (extraction/pdf_tables.py)."""

from dataclasses import replace

from extraction.pdf_tables import PlacedLine, rebuild_tables
from extraction.textlines import Line

PAGE_HEIGHT = 842.0
COLUMNS = (60.0, 200.0, 300.0, 410.0)


def _placed(text: str, x0: float, y0: float, size: float = 9.0, bold: bool = False) -> PlacedLine:
    width = len(text) * size * 0.5
    return PlacedLine(Line(page=1, text=text, size=size, bold=bold, x0=x0), x0, x0 + width,
                      y0, y0 + size, y0 / PAGE_HEIGHT)


def _header(y0: float, shift: float = 0.0) -> list[PlacedLine]:
    names = ("Palvelu", "Työnhakijat", "Muut", "Yhteistyö")
    return [_placed(n, x + shift, y0, bold=True) for n, x in zip(names, COLUMNS, strict=True)]


def _texts(lines: list[PlacedLine]) -> list[str]:
    return [p.line.text for p in rebuild_tables([lines])[0]]


def test_a_heading_between_two_tables_starts_a_new_table() -> None:
    lines = [_placed("Kemi", 60, 720, size=11.5, bold=True), *_header(700),
             _placed("Kotoutumiskoulutus", 60, 680), _placed("Meri-Lapin työllisyysalue", 200, 680),
             _placed("Kemin kaupunki", 300, 680), _placed("Kela", 410, 680),
             # the next municipality's table: its columns a few points to the right
             _placed("Tornio", 60, 640, size=11.5, bold=True), *_header(620, shift=5),
             _placed("Kotoutumiskoulutus", 65, 600), _placed("Meri-Lapin työllisyysalue", 205, 600),
             _placed("Tornion kaupunki", 305, 600), _placed("Kela", 415, 600)]
    assert _texts(lines) == [
        "Kemi", "Palvelu | Työnhakijat | Muut | Yhteistyö",
        "Kotoutumiskoulutus | Meri-Lapin työllisyysalue | Kemin kaupunki | Kela",
        "Tornio", "Palvelu | Työnhakijat | Muut | Yhteistyö",
        "Kotoutumiskoulutus | Meri-Lapin työllisyysalue | Tornion kaupunki | Kela"]


def test_a_wrapped_header_cell_stays_in_the_header() -> None:
    lines = [*_header(700), _placed("maahanmuuttajat", 300, 688, bold=True),
             _placed("Arviointi", 60, 668), _placed("Työllisyysalue", 200, 668),
             _placed("Kunta", 300, 668), _placed("Kela", 410, 668)]
    assert _texts(lines) == ["Palvelu | Työnhakijat | Muut maahanmuuttajat | Yhteistyö",
                             "Arviointi | Työllisyysalue | Kunta | Kela"]


def test_two_cells_merged_into_one_line_are_split_at_the_column() -> None:
    merged = PlacedLine(Line(page=1, text="Kotoutumiskoulutus (26 §) Meri-Lapin", size=9.0, x0=60),
                        60, 250, 668, 677, 668 / PAGE_HEIGHT)
    lines = [*_header(700), merged, _placed("työllisyysalue", 200, 656),
             _placed("Kemin kaupunki", 300, 668), _placed("Kela", 410, 668)]
    assert _texts(lines)[1] == ("Kotoutumiskoulutus (26 §) | Meri-Lapin työllisyysalue | Kemin kaupunki"
                                " | Kela")


def test_header_cells_read_before_the_first_column_stay_in_the_table() -> None:
    header = _header(700)
    lines = [header[2], header[3], _placed("Kemin kaupunki", 300, 680), _placed("Kela", 410, 680),
             header[0], header[1], _placed("Arviointi", 60, 680), _placed("Työllisyysalue", 200, 680)]
    assert _texts(lines) == ["Palvelu | Työnhakijat | Muut | Yhteistyö",
                             "Arviointi | Työllisyysalue | Kemin kaupunki | Kela"]


def _ruled_matrix_pdf() -> bytes:
    """A landscape responsibility matrix drawn with cell borders, its first cells wrapping
    at the same line spacing as the rows (so only the borders tell the rows apart)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("dv", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    pdf.add_page()
    pdf.set_font("dv", "", 9)
    rows = [("Palvelu", "Työnhakijat", "Muut maahanmuuttajat", "Yhteistyötahot"),
            ("Osaamisen ja kotoutumisen palvelutarpeen arviointi (14 §)", "Keski-Uudenmaan työllisyysalue",
             "kunnan maahanmuuttajapalvelut", "Kela"),
            ("Monikielinen yhteiskuntaorientaatio (25 §)", "Keski-Uudenmaan työllisyysalue",
             "ostopalvelu: Keudan aikuisopisto", "–")]
    with pdf.table(col_widths=(70, 60, 60, 60)) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)
    return bytes(pdf.output())


def test_a_ruled_table_s_rows_come_from_its_borders() -> None:
    from extraction.pdf_layout import read_pdf_lines

    lines = read_pdf_lines(_ruled_matrix_pdf()).lines
    rows = [line.text for line in lines if line.table_row]
    assert rows[1].split(" | ")[1:] == ["Keski-Uudenmaan työllisyysalue", "kunnan maahanmuuttajapalvelut",
                                        "Kela"]
    assert rows[1].split(" | ")[0].endswith("arviointi (14 §)")
    assert rows[2].endswith("| ostopalvelu: Keudan aikuisopisto | –")


def _table(first: float, member: str) -> list[PlacedLine]:
    return [*_header(first), _placed("Kotoutumiskoulutus", 60, first - 20),
            _placed("Meri-Lapin työllisyysalue", 200, first - 20),
            _placed(f"{member}n kaupunki", 300, first - 20), _placed("Kela", 410, first - 20)]


def test_a_caption_at_the_top_of_a_page_starts_a_new_table() -> None:
    """"Lieto" right above the page's first header is the next member's caption, not a
    running header: the repeated header is that member's table's own."""
    page_1 = _table(700, "Kemi")
    page_2 = [_placed("Tornio", 60, 790, size=11.5, bold=True), *_table(772, "Tornio")]
    texts = [p.line.text for page in rebuild_tables([page_1, page_2]) for p in page]
    assert texts.count("Palvelu | Työnhakijat | Muut | Yhteistyö") == 2


def test_a_caption_under_the_last_table_of_a_page_starts_the_next_page_s_table() -> None:
    page_1 = [*_table(700, "Kemi"), _placed("Tornio", 60, 300, size=11.5, bold=True)]
    page_2 = _table(772, "Tornio")
    texts = [p.line.text for page in rebuild_tables([page_1, page_2]) for p in page]
    assert texts.count("Palvelu | Työnhakijat | Muut | Yhteistyö") == 2


def test_a_table_that_runs_on_over_a_page_break_does_not_repeat_its_header() -> None:
    page_1 = _table(120, "Kemi")
    page_2 = _table(790, "Kemi")
    texts = [p.line.text for page in rebuild_tables([page_1, page_2]) for p in page]
    assert texts.count("Palvelu | Työnhakijat | Muut | Yhteistyö") == 1


def test_the_same_header_again_on_the_page_ends_the_table_above_it() -> None:
    """Two members' tables on one page, their columns a few points apart: the second
    header and its rows are the second table's, not rows of the first."""
    shift = {60.0: 0.0, 200.0: -2.0, 300.0: -5.0, 410.0: -1.0}  # as a PDF writer centres them
    lines = [*_table(700, "Kemi"),
             *[replace(p, x0=p.x0 + shift[p.x0], x1=p.x1 + shift[p.x0]) for p in _table(640, "Tornio")]]
    texts = _texts(lines)
    assert texts.count("Palvelu | Työnhakijat | Muut | Yhteistyö") == 2
    assert texts[-1] == "Kotoutumiskoulutus | Meri-Lapin työllisyysalue | Tornion kaupunki | Kela"


def test_a_header_with_an_empty_first_cell_is_found_above_its_first_row() -> None:
    """Groups as columns, roles as rows: the header's first cell is empty, so only its row
    of group names, right above the first row and at the other columns' starts, tells it."""
    lines = [_placed("Työnhakijat", 200, 700, bold=True), _placed("Muut", 300, 700, bold=True),
             _placed("Järjestää", 60, 680), _placed("Työllisyysalue", 200, 680), _placed("Kunta", 300, 680),
             _placed("Tuottaa", 60, 650), _placed("(hankinta)", 60, 640), _placed("Ekami", 200, 650),
             _placed("Opisto", 300, 650)]
    assert _texts(lines) == ["– | Työnhakijat | Muut", "Järjestää | Työllisyysalue | Kunta",
                             "Tuottaa (hankinta) | Ekami | Opisto"]


def _two_ruled_tables_pdf() -> bytes:
    """Two ruled tables, one per service, each under its own heading and close together."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_page()
    pdf.add_font("dv", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    for service, cell in (("Kotoutumiskoulutus", "Työllisyysalue"),
                          ("Monikielinen yhteiskuntaorientaatio", "Kunta")):
        pdf.set_font("dv", "", 12)
        pdf.multi_cell(0, 7, service)
        pdf.set_font("dv", "", 9)
        with pdf.table(col_widths=(40, 70, 70)) as table:
            for cells in (("", "Työnhakijat", "Muut maahanmuuttajat"), ("Järjestää", cell, "Kunta")):
                row = table.row()
                for text in cells:
                    row.cell(text)
        pdf.ln(4)
    return bytes(pdf.output())


def test_a_heading_between_ruled_tables_is_no_row_of_either() -> None:
    from extraction.pdf_layout import read_pdf_lines

    lines = read_pdf_lines(_two_ruled_tables_pdf()).lines
    assert [(line.text, line.table_row) for line in lines][1:] == [
        ("– | Työnhakijat | Muut maahanmuuttajat", True), ("Järjestää | Työllisyysalue | Kunta", True),
        ("Monikielinen yhteiskuntaorientaatio", False),
        ("– | Työnhakijat | Muut maahanmuuttajat", True), ("Järjestää | Kunta | Kunta", True)]


def test_a_caption_read_after_its_table_s_first_line_goes_before_the_table() -> None:
    """pdfminer may read "Tornio", a member's caption right above its table, after the
    table's header: the caption still opens the table's part of the text."""
    first = _table(700, "Kemi")
    second = _table(600, "Tornio")
    caption = _placed("Tornio", 60, 622, size=11.5, bold=True)
    texts = _texts([*first, *second, caption])
    assert texts.index("Tornio") == texts.index("Palvelu | Työnhakijat | Muut | Yhteistyö", 1) - 1
