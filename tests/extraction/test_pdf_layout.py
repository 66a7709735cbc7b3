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
