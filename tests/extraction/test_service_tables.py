"""One table per service, rows the target groups, columns the arranging, producing and
cooperating bodies (a small municipality's DOCX, or a web page's table): each cell stays
under its column's header, whatever is empty or merged, and its bodies take that role."""

from __future__ import annotations

import io

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from extraction.readers import read_document
from tests.extraction.helpers import field_tables_docx, tables_docx

ROWS = [("Kohderyhmä", "Järjestää", "Tuottaa", "Yhteistyö"),
        ("Työnhakijat", "Päijät-Hämeen työllisyysalue", "Päijät-Hämeen työllisyysalue", ""),
        ("Muut", "Sysmän kunta", "ostopalvelu / Lahden kansanopisto", "tarvittaessa HVA")]


def _docx(merge_partner_column: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Sysmän kunnan kotoutumisohjelma", 0)
    document.add_paragraph("Sysmän kunta on pieni kunta Päijät-Hämeessä.")
    document.add_heading("Monikielinen yhteiskuntaorientaatio (25 §)", 2)
    table = document.add_table(rows=len(ROWS), cols=4)
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge_partner_column:  # one partner cell for both groups
        table.cell(1, 3).merge(table.cell(2, 3)).text = "Kela"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _html() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in ROWS)
    return ("<html><body><h1>Sysmän kunnan kotoutumisohjelma</h1><p>Sysmän kunta on pieni kunta.</p>"
            f"<h2>Monikielinen yhteiskuntaorientaatio (25 §)</h2><table>{rows}</table>"
            "<table><tr><td colspan='2'>Yhteinen rivi</td><td>x</td></tr></table></body></html>").encode()


def test_cells_keep_their_columns() -> None:
    rows = [line.text for line in read_document(_docx(), "sysma.docx").lines if line.table_row]
    assert rows[1] == "Työnhakijat | Päijät-Hämeen työllisyysalue | Päijät-Hämeen työllisyysalue | "
    html = [line.text for line in read_document(_html(), "sysma.html").lines if line.table_row]
    assert html[1] == rows[1]
    assert html[-1] == "Yhteinen rivi | Yhteinen rivi | x"  # a cell spanning two columns


@pytest.mark.model
@pytest.mark.parametrize("name", ["sysma.docx", "sysma.html"])
def test_each_column_gives_its_role(nlp, name: str) -> None:
    data = _docx() if name.endswith("docx") else _html()
    facts = extract_bytes(data, name).facts
    found = {(f.role, f.target_group, f.organisation.name) for f in facts
             if f.service == ServiceKey.CIVIC_ORIENTATION}
    assert found == {
        (Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, "Päijät-Hämeen työllisyysalue"),
        (Role.PROVIDER, TargetGroup.JOBSEEKERS, "Päijät-Hämeen työllisyysalue"),
        (Role.RESPONSIBLE, TargetGroup.OTHERS, "Sysmä"),
        (Role.PROVIDER, TargetGroup.OTHERS, "Lahden kansanopisto"),
        (Role.PARTNER, TargetGroup.OTHERS, "Päijät-Hämeen hyvinvointialue"),
    }


@pytest.mark.model
def test_a_merged_cell_holds_for_every_row_it_spans(nlp) -> None:
    facts = extract_bytes(_docx(merge_partner_column=True), "sysma.docx").facts
    assert {f.target_group for f in facts if f.organisation.name == "Kansaneläkelaitos"} == {
        TargetGroup.JOBSEEKERS, TargetGroup.OTHERS}


@pytest.mark.model
def test_a_bought_cell_names_the_seller_and_a_cell_keeps_its_column_s_group(nlp) -> None:
    rows = [("Palvelu", "Työnhakijat", "Muut", "Yhteistyö"),
            ("Kotoutumiskoulutus", "Päijät-Hämeen työllisyysalue (työvoimakoulutus)",
             "ostopalvelu: Lahden kansanopisto", "")]
    html = ("<html><body><h1>Sysmän kunnan kotoutumisohjelma</h1><p>Sysmän kunta on pieni kunta.</p><table>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
            + "</table></body></html>")
    facts = extract_bytes(html.encode(), "sysma.html").facts
    assert {(f.role, f.target_group) for f in facts if f.organisation.name == "Lahden kansanopisto"} == {
        (Role.PROVIDER, TargetGroup.OTHERS)}


def test_a_table_of_fields_under_each_service(nlp) -> None:
    """One two-column table per service, a field per row ("Järjestäjä (muut) | Teuvan kunta"):
    each value is read as its label frames it, the group in the label's brackets included."""
    data = field_tables_docx("Teuvan kunnan kotoutumisohjelma 2025", [
        ("Kotoutumiskoulutus", [("Järjestäjä (työnhakijat)", "Suupohjan työllisyysalue"),
                                ("Järjestäjä (muut)", "Teuvan kunta"),
                                ("Toteuttaja", "Kurikan kansalaisopisto"), ("Yhteistyö", "-")]),
        ("Ohjaus ja neuvonta", [("Järjestäjä", "Teuvan kunta"), ("Yhteistyö", "Kela")]),
    ])
    facts = extract_bytes(data, "teuva.docx").facts
    got = {(f.service, f.role, f.target_group, f.organisation.name) for f in facts}
    training = ServiceKey.INTEGRATION_TRAINING
    assert (training, Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, "Suupohjan työllisyysalue") in got
    assert (training, Role.RESPONSIBLE, TargetGroup.OTHERS, "Teuva") in got
    assert (training, Role.PROVIDER, TargetGroup.ALL, "Kurikan kansalaisopisto") in got
    assert (ServiceKey.GUIDANCE_AND_COUNSELLING, Role.PARTNER, TargetGroup.ALL, "Kansaneläkelaitos") in got


def test_a_card_table_names_its_service_in_its_first_row(nlp) -> None:
    """"Palvelu | Kotoutumiskoulutus" then the fields: the card's rows are that service's."""
    data = field_tables_docx("Teuvan kunnan kotoutumisohjelma 2025", [
        (None, [("Palvelu", "Kotoutumiskoulutus"), ("Järjestäjä", "Teuvan kunta"), ("Toteuttaja", "Sedu")]),
        (None, [("Palvelu", "Ohjaus ja neuvonta"), ("Järjestäjä", "Teuvan kunta"), ("Yhteistyö", "Kela")]),
    ])
    facts = extract_bytes(data, "teuva.docx").facts
    got = {(f.service, f.role, f.organisation.name) for f in facts}
    assert got == {(ServiceKey.INTEGRATION_TRAINING, Role.RESPONSIBLE, "Teuva"),
                   (ServiceKey.INTEGRATION_TRAINING, Role.PROVIDER, "Sedu"),
                   (ServiceKey.GUIDANCE_AND_COUNSELLING, Role.RESPONSIBLE, "Teuva"),
                   (ServiceKey.GUIDANCE_AND_COUNSELLING, Role.PARTNER, "Kansaneläkelaitos")}


def test_member_captions_across_a_joint_table_scope_the_rows_under_them(nlp) -> None:
    """A joint programme's one table with a merged caption row per member: each member's
    rows are that member's."""
    import docx

    document = docx.Document()
    document.add_heading("Joroisten kunnan ja Leppävirran kunnan yhteinen kotoutumisohjelma", 0)
    document.add_heading("Vastuutaulukko", 1)
    table = document.add_table(rows=0, cols=3)
    for row in (("Palvelu", "Työnhakijat", "Muut"), ("Joroinen",),
                ("Kotoutumissuunnitelma", "Keski-Savon työllisyysalue", "Joroisten kunta"), ("Leppävirta",),
                ("Kotoutumissuunnitelma", "Keski-Savon työllisyysalue", "Leppävirran kunta")):
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[2]).text = row[0]
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    facts = extract_bytes(buffer.getvalue(), "joint.docx").facts
    others = {(f.municipality, f.organisation.name) for f in facts if f.target_group == TargetGroup.OTHERS}
    assert others == {("171", "Joroinen"), ("420", "Leppävirta")}


TRANSPOSED = [("Kotoutumiskoulutus", [("", "Työnhakijat", "Muut maahanmuuttajat"),
                                      ("Järjestää", "Työllisyysalue", "Kunta"),
                                      ("Toteuttaa", "Ekami (hankinta)",
                                       "Kotkan-Haminan seudun kansalaisopisto"),
                                      ("Yhteistyö", "Kela", "Kymenlaakson hyvinvointialue")]),
              ("Monikielinen yhteiskuntaorientaatio", [("", "Työnhakijat", "Muut maahanmuuttajat"),
                                                       ("Järjestää", "Kunta", "Kunta"),
                                                       ("Toteuttaa", "ostopalvelu Kotkan kaupungilta",
                                                        "ostopalvelu Kotkan kaupungilta")])]


def _transposed_docx() -> bytes:
    return tables_docx("Pyhtään kunnan kotoutumisohjelma", TRANSPOSED,
                       "Pyhtää kuuluu Etelä-Kymenlaakson työllisyysalueeseen.")


@pytest.mark.model
def test_groups_as_columns_and_roles_as_rows(nlp) -> None:
    """The header's first cell is empty, its other cells name the groups; each row's first
    cell names a role ("Järjestää", "Toteuttaa", "Yhteistyö"): a cell's body has its row's
    role for its column's group. A role row under the header is data, not a new header."""
    found = {(f.service, f.role, f.target_group, f.organisation.name)
             for f in extract_bytes(_transposed_docx(), "pyhtaa.docx").facts}
    training, orientation = ServiceKey.INTEGRATION_TRAINING, ServiceKey.CIVIC_ORIENTATION
    jobseekers, others = TargetGroup.JOBSEEKERS, TargetGroup.OTHERS
    assert {
        (training, Role.RESPONSIBLE, jobseekers, "Etelä-Kymenlaakson työllisyysalue"),
        (training, Role.RESPONSIBLE, others, "Pyhtää"),
        (training, Role.PROVIDER, jobseekers, "Ekami"),  # a name alone with a bracketed note
        (training, Role.PROVIDER, others, "Kotkan-Haminan seudun kansalaisopisto"),
        (training, Role.PARTNER, jobseekers, "Kansaneläkelaitos"),
        (training, Role.PARTNER, others, "Kymenlaakson hyvinvointialue"),
        (orientation, Role.RESPONSIBLE, others, "Pyhtää"),
        (orientation, Role.PROVIDER, others, "Kotka"),
    } <= found


def test_empty_cells_at_either_end_of_a_row_are_cells() -> None:
    from extraction.segments import _cells

    assert [text for _a, _b, text in _cells("| Työnhakijat | Muut")] == ["", "Työnhakijat", "Muut"]
    assert [text for _a, _b, text in _cells("Kaupunki | X |")] == ["Kaupunki", "X", ""]
    assert [text for _a, _b, text in _cells("ostopalvelu / X | y")] == ["ostopalvelu / X", "y"]
