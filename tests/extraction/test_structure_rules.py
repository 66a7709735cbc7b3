"""Blocks from lines: wrapped lines, page breaks and lead-in labels."""

from extraction.structure import build_structure
from extraction.textlines import Line, RawDocument


def _blocks(*lines: Line) -> list[tuple[str, str]]:
    raw = RawDocument("application/pdf", 2, list(lines))
    return [(b.kind, b.text) for b in build_structure(raw).blocks]


def _line(text: str, page: int = 1, box: int = 0) -> Line:
    return Line(page=page, text=text, size=10.5, box=box, blank_before=True)


WRAPPED = "Monikielisen yhteiskuntaorientaation järjestää työnhakijoille kotoutumissuunnitelman mukaisesti"
BODY = "Tämä on tavallinen leipätekstin rivi, joka täyttää sivun leveyden reunasta reunaan asti."


def test_a_full_line_that_wraps_is_no_heading() -> None:
    blocks = _blocks(_line(BODY, box=1),
                     _line(WRAPPED, box=2),
                     _line("Kuopion työllisyysalue.", box=3), _line(BODY, box=4))
    assert ("paragraph", f"{WRAPPED} Kuopion työllisyysalue.") in blocks


def test_a_sentence_runs_on_over_a_page_break() -> None:
    blocks = _blocks(_line("Neuvonta toteutetaan kunnan kotoutumispalveluissa,", page=1, box=1),
                     _line("kirjastossa ja asukastuvalla.", page=2, box=2))
    assert blocks == [("paragraph", "Neuvonta toteutetaan kunnan kotoutumispalveluissa, "
                                    "kirjastossa ja asukastuvalla.")]


def test_a_short_label_line_starts_a_block() -> None:
    blocks = _blocks(_line("Muu koulutus ja palvelu, joka edistää kielitaitoa, luku- ja kirjoitustaitoa,",
                           box=1),
                     _line("työelämävalmiuksia ja yrittäjyyttä", box=1),
                     _line("Yhteistyötahot kunnittain:", box=2), _line(BODY, box=3))
    assert ("paragraph", "Yhteistyötahot kunnittain:") in blocks


def test_a_reference_in_brackets_does_not_end_a_heading() -> None:
    blocks = _blocks(_line("9 Kielitaidon päättötestaus (KotoL 26 § 3 mom.)", box=1), _line(BODY, box=2))
    assert blocks[0][0] == "heading"


def test_a_case_ending_colon_is_no_label() -> None:
    from extraction.slots import split_label

    assert split_label("SPR:n paikallinen osasto järjestää kerhoa.") is None
    assert split_label("Kemi: kunnan peruspalvelut.") == ("Kemi", "kunnan peruspalvelut.", 6)


def test_a_list_item_that_stops_short_ends_before_a_heading() -> None:
    blocks = _blocks(_line("- Leirit ja retket", box=1), _line("Ohjaamo Kivijoki", box=2),
                     _line(BODY, box=3))
    assert blocks[:2] == [("list_item", "- Leirit ja retket"), ("heading", "Ohjaamo Kivijoki")]


def test_a_list_item_that_wrapped_goes_on() -> None:
    item = "- Kotoutumiskoulutusta järjestetään yhteistyössä oppilaitosten ja järjestöjen sekä"
    blocks = _blocks(_line(BODY, box=1), _line(item, box=2), _line("Kivijoen seurakunnan kanssa", box=3),
                     _line(BODY, box=4))
    assert blocks[1][1].startswith(f"{item} Kivijoen seurakunnan kanssa")


def test_a_line_ending_in_an_open_bracket_is_no_heading() -> None:
    blocks = _blocks(_line(BODY + ".", box=1),
                     _line("Yhteispalvelu ja kaupungin hallinnoima ESR+ -hanke (2024–", box=2),
                     _line("2027) antavat ohjausta ja neuvontaa.", box=3))
    assert blocks[1] == ("paragraph", "Yhteispalvelu ja kaupungin hallinnoima ESR+ -hanke (2024– "
                                      "2027) antavat ohjausta ja neuvontaa.")


def _text_line(text: str, blank_before: bool = True) -> Line:
    return Line(page=1, text=text, blank_before=blank_before)


def test_a_question_on_its_own_line_heads_its_answer() -> None:
    question = "Kuka tekee osaamisen ja kotoutumisen palvelutarpeen arvioinnin?"
    raw = RawDocument("text/plain", 1, [_text_line(question), _text_line(BODY),
                                        _text_line("Mitä? Tämä on kysymys? Ei otsikko.")])
    blocks = [(b.kind, b.text) for b in build_structure(raw).blocks]
    assert blocks[0] == ("heading", question)
    assert blocks[2][0] == "paragraph"


def test_a_numbered_title_after_a_break_ends_the_list_item_before_it() -> None:
    title = "3 Kartläggning av kompetens och integrationsbehov (14 § lagen om främjande av integration)"
    raw = RawDocument("text/plain", 1, [
        _text_line("- Kronoby kommun: utvecklingschef Patrik Vikberg, patrik.vikberg@kronoby.fi"),
        _text_line(title), _text_line(BODY)])
    blocks = [(b.kind, b.text) for b in build_structure(raw).blocks]
    assert blocks[1] == ("heading", title)


def test_a_row_whose_text_spans_the_table_is_a_caption() -> None:
    """"Leppävirta | – | – | –" (a member's caption across a joint table, merged cells or
    dashes) heads the rows after it; a row with data stays a row."""
    from dataclasses import replace

    joroinen = "Kotoutumissuunnitelma | Keski-Savon työllisyysalue | Joroisten kunta"
    leppavirta = "Kotoutumissuunnitelma | Keski-Savon työllisyysalue | Leppävirran kunta"
    rows = [replace(_line(text), table_row=True) for text in (
        "Palvelu | Työnhakijat | Muut", "Joroinen | – | –", joroinen,
        "Leppävirta | Leppävirta | Leppävirta", leppavirta)]
    assert _blocks(*rows) == [
        ("table_row", "Palvelu | Työnhakijat | Muut"), ("heading", "Joroinen"), ("table_row", joroinen),
        ("heading", "Leppävirta"), ("table_row", leppavirta)]
