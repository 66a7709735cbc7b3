"""A short Swedish town programme as a web page: a responsibility table with a cell spanning
both groups and a cell that refers to another row ("Samma aktör som gjort kartläggningen"),
then prose. Written for the test in the layout of that held-out kind."""

import pytest

from extraction.pipeline import extract_bytes
from tests.extraction.helpers import who_answers

pytestmark = pytest.mark.model

PAGE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Integrationsprogram</title>
</head><body><main><h1>Kristinestads integrationsprogram 2025–2028</h1>
<p>Integrationsprogrammet beskriver de tjänster som främjar integration i Kristinestad.</p>
<h2>Ansvarsfördelning</h2>
<table><thead><tr><th>Tjänst</th><th>Arbetssökande</th><th>Övriga</th><th>Samarbete</th></tr></thead>
<tbody>
<tr><td>Kartläggning av kompetens och servicebehov</td><td>Sydösterbottens sysselsättningsområde</td>
<td>Stadens integrationskoordinator</td><td>Österbottens välfärdsområde</td></tr>
<tr><td>Integrationsplan</td><td colspan="2">Samma aktör som gjort kartläggningen</td><td>FPA</td></tr>
<tr><td>Flerspråkig samhällsorientering</td><td colspan="2">Staden, köptjänst av Folkhälsan</td>
<td>–</td></tr>
</tbody></table>
<h2>Handledning och rådgivning</h2>
<p>Stadens servicepunkt ger handledning och rådgivning till alla invandrare.</p>
</main></body></html>"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(PAGE.encode(), "kristinestad.html").facts



def test_a_cell_naming_the_same_actor_as_another_row_has_its_bodies(facts) -> None:
    assert who_answers(facts, "integration-plan") == who_answers(facts, "assessment") == {
        ("jobseekers", "Suupohjan työllisyysalue"), ("others", "Kristiinankaupunki")}


def test_the_town_s_service_point_after_its_genitive_is_the_town_s(facts) -> None:
    assert ("all", "Kristiinankaupunki") in who_answers(facts, "guidance-and-counselling")
