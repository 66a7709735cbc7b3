"""A supervisor's session, end to end, in Debian's Chromium over real HTTP.

Filter to an elinvoimakeskus area and see the municipalities without a programme; open
one; sign in; correct a fact and resolve a finding with a note; ingest a newer version of
its programme; the review is still there and "what changed" lists the differences;
download the report and the XLSX and read them back. Then the finish: Swedish, the
evidence in pdf.js, /docs without the internet, the matrix at 400 px, the SPARQL examples.
Screenshots of each step go to tests/artifacts/.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers.versions import jarvela_2026
from tests.ui.conftest import examples_server
from tests.ui.support import shot

pytestmark = pytest.mark.browser
SECRET = "kotoutuminen-2026"
LOCAL = re.compile(r"^(https?://127\.0\.0\.1[:/]|data:|blob:|about:)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    supervisors = json.dumps({"maija": SECRET})
    with examples_server(tmp_path_factory.mktemp("supervisor"), KOTOGRAPH_SUPERVISORS=supervisors) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1400, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def fact_row(page, service: str, body: str):
    """The fact row of `service` whose body (the organisation cell) is `body`."""
    section = page.locator("section.service", has=page.locator(f"#s-{service}"))
    return section.locator("tr.fact").filter(has=page.locator("td:nth-child(3) > a", has_text=body)).first


def test_a_supervisors_session(page, server: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    # 1. Filter to an elinvoimakeskus area: every municipality of it, with or without a programme.
    page.goto(server + "/?lang=fi")
    page.get_by_label("Elinvoimakeskus").select_option(label="Järviseudun elinvoimakeskus")
    page.get_by_role("button", name="Suodata").click()
    rows = page.locator("table.matrix tbody tr")
    names = page.locator("table.matrix tbody th a").all_inner_texts()
    assert set(names) == {"Järvelä", "Havulahti", "Kivijoki", "Pajuvesi", "Korpimaa", "Rantala", "Saarela"}
    saarela = rows.filter(has_text="Saarela")
    assert "no-programme" in saarela.get_attribute("class")
    assert saarela.locator("td.cell").inner_text() == "ei tallennettua ohjelmaa"
    assert page.locator("caption").inner_text().endswith("7 kuntaa")
    shot(page, "10-area-filter")

    # 2. Open a municipality; sign in as its supervisor.
    page.get_by_role("link", name="Järvelä", exact=True).click()
    page.wait_for_url("**/municipality/993**")
    assert "kunnanhallitus, 18.11.2024" in page.locator("dl.facts").inner_text()
    shot(page, "11-municipality")
    page.get_by_role("link", name="Kirjaudu valvojana").click()
    page.get_by_label("Käyttäjätunnus").fill("maija")
    page.get_by_label("Salasana").fill(SECRET)
    shot(page, "12-login")
    page.get_by_role("button", name="Kirjaudu valvojana").click()
    page.wait_for_url("**/municipality/993**")
    assert "Valvoja: maija" in page.locator("header").inner_text()

    # 3. Correct a fact: Kela cooperates in the assessment of others, not of everyone.
    kela = fact_row(page, "assessment", "Kansaneläkelaitos")
    kela.locator("summary", has_text="Tarkista").click()
    correct = kela.locator("form.correct")
    correct.get_by_label("Kohderyhmä").select_option("others")
    correct.get_by_label("Perustelu").fill("Kelan tieto kotihoidon tuesta koskee muita kuin työnhakijoita")
    correct.get_by_role("button", name="Korjaa").click()
    page.wait_for_url("**/municipality/993**")
    corrected = fact_row(page, "assessment", "Kansaneläkelaitos")
    assert "Korjattu: maija" in corrected.locator("td:nth-child(3)").inner_text()
    assert corrected.locator("td:nth-child(2)").inner_text() == "Muut"
    shot(page, "13-fact-corrected")

    # 4. Resolve a finding with a note.
    finding = page.locator("section.validation li", has_text="Kielitaidon päättötestaus")
    finding.locator("summary", has_text="Kuittaa havainto").click()
    note = "Päättötestaus on osa kotoutumiskoulutusta (luku 8)"
    finding.get_by_label("Miksi havainto kuitataan").fill(note)
    finding.get_by_role("button", name="Kuittaa havainto").click()
    page.wait_for_url("**/municipality/993**")
    resolved = page.locator("section.validation li.resolved")
    assert "Päättötestaus on osa kotoutumiskoulutusta" in resolved.inner_text()
    shot(page, "14-finding-resolved")

    # 5. Ingest a newer version of the programme (approved a year later; one body changed).
    newer = jarvela_2026(tmp_path)
    page.goto(server + "/documents?lang=fi")
    page.set_input_files("form.upload input[type=file]", str(newer))
    shot(page, "15-upload")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url("**/municipality/993**", timeout=120_000)

    # 6. The review is still there, and "what changed" lists the differences.
    page.reload()
    versions = page.locator("section", has=page.locator("#docs-h")).inner_text()
    assert "jarvela-kotoutumisohjelma-2026.pdf" in versions and "korvattu uudemmalla" in versions
    assert "Korjattu: maija" in fact_row(page, "assessment", "Kansaneläkelaitos").inner_text()
    assert note in page.locator("section.validation li.resolved").inner_text()
    changes = page.locator("section.changes")
    changed = changes.locator("tr.changed", has_text="Osaamisen ja kotoutumisen palvelutarpeen arviointi")
    assert re.search(r"Vaihtunut: Järvelä[^→]* → Järviseudun hyvinvointialue", changed.inner_text())
    assert changed.locator("td:nth-child(2)").inner_text() == "Muut"
    assert "17.11.2025" in page.locator("dl.facts").inner_text()
    changes.scroll_into_view_if_needed()
    shot(page, "16-what-changed")

    # 7. Download the report and read it back; print it to PDF.
    page.get_by_role("link", name="Raportti (tulostettava)").click()
    page.wait_for_url("**/report/993**")
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa raportti").click()
    report = BeautifulSoup(Path(download.value.path()).read_text("utf-8"), "html.parser")
    text = report.get_text(" ", strip=True)
    assert "Kotoutumisohjelman tarkistusraportti: Järvelä (993)" in text
    assert "Korjattu: maija" in text and "Päättötestaus on osa kotoutumiskoulutusta" in text
    assert re.search(r"Järvelä[^→]* → Järviseudun hyvinvointialue", text)
    links = [a["href"] for a in report.select("table.facts-table a")]
    assert links and all(h.startswith(server + "/documents/") and "/view?page=" in h for h in links)
    shot(page, "17-report")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    from pdfminer.high_level import extract_text

    printed = extract_text(str(pdf))
    assert "Järvelä" in printed and "Korjattu" in printed

    # 8. Download the XLSX of the area and read it back: typed cells, findings and evidence.
    page.goto(server + "/?lang=fi&elinvoimakeskus=jarviseutu")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    wb = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert wb.sheetnames == ["Kunnat", "Havainnot", "Vastuutahot"]
    head, *rows = list(wb["Kunnat"].values)
    assert head[:4] == ("Kuntanumero", "Kunta", "Ohjelman tila", "Elinvoimakeskus")
    jarvela = next(r for r in rows if r[0] == "993")
    assert isinstance(jarvela[7], int) and isinstance(jarvela[8], int)  # violations, warnings
    assert next(r for r in rows if r[0] == "999")[2] == "Ei tallennettua ohjelmaa"
    facts = list(wb["Vastuutahot"].values)
    assert any(r[0] == "993" and r[5] == "Kansaneläkelaitos" and r[10] == "Korjattu" for r in facts[1:])
    assert all(isinstance(r[8], int) for r in facts[1:] if r[8] is not None)  # page numbers
    findings = list(wb["Havainnot"].values)
    assert any(r[0] == "993" and r[7] == "Kuitattu" for r in findings[1:])


def test_swedish_evidence_viewer_and_offline_docs(page, server: str) -> None:
    # Swedish: the law's terms, Swedish names of bodies.
    page.goto(server + "/municipality/998?lang=sv")
    heading = page.locator("#s-assessment").inner_text()
    assert heading.startswith("Bedömning av kompetens och behovet av integrationstjänster")
    assert "Godkänt" in page.locator("dl.facts").inner_text()
    shot(page, "18-municipality-sv")
    # The evidence opens in pdf.js at its page, the quote highlighted.
    href = page.locator("a.evidence").first.get_attribute("href")
    assert href.startswith("/documents/") and "/view?page=" in href
    page.goto(server + href)
    page.wait_for_selector(".textLayer .highlight", timeout=30_000)
    highlighted = page.locator(".textLayer .highlight").first.inner_text()
    assert highlighted and highlighted.split()[0] in page.locator("#quote").inner_text()
    shot(page, "19-evidence-highlighted")
    # /docs and the viewer load nothing from outside this server.
    outside: list[str] = []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if not LOCAL.match(route.request.url) else route.continue_())
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".opblock").count() > 10 and outside == []
    shot(page, "20-docs-offline")


def test_matrix_at_400_px(browser, server: str) -> None:
    context = browser.new_context(locale="fi-FI", viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto(server + "/?lang=fi&elinvoimakeskus=jarviseutu")
    for code in ("FI", "SV", "EN"):  # the language switch is on screen
        box = page.get_by_role("link", name=code, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 400
    wrap = page.locator(".matrix-wrap")
    box = wrap.bounding_box()
    header = page.locator("table.matrix thead tr:nth-child(2) th.svc").first
    first_column = page.locator("table.matrix tbody th")
    positions = []
    for top, left in ((300, 600), (600, 900)):
        wrap.evaluate(f"w => {{ w.scrollTop = {top}; w.scrollLeft = {left}; }}")
        page.wait_for_timeout(100)
        positions.append(header.bounding_box()["y"])
        visible = [first_column.nth(n).bounding_box() for n in range(first_column.count())]
        row = next(b for b in visible if box["y"] + 100 < b["y"] < box["y"] + box["height"])
        assert abs(row["x"] - box["x"]) < 3  # the municipality column stays at the left edge
    assert positions[0] == positions[1] and box["y"] <= positions[0] < box["y"] + 120  # header stays on top
    shot(page, "21-matrix-400px")
    context.close()


def test_every_sparql_example_answers_in_yasgui(page, server: str) -> None:
    page.goto(server + "/sparql")
    page.wait_for_selector(".yasqe", timeout=30_000)
    examples = json.loads(page.locator("#example-queries").inner_text())
    for n, example in enumerate(examples):
        answer = page.request.post(server + "/sparql", form={"query": example["query"]},
                                   headers={"Accept": "application/sparql-results+json"})
        assert answer.ok, example["title"]
        # versions and reviews exist only once a session made them (the test before this one)
        if not example["title"].startswith(("What the newest", "Supervisors'")):
            assert answer.json()["results"]["bindings"], example["title"]
        if n == 0:
            page.locator("button[data-example='0']").click()
            page.locator(".yasqe_queryButton").click()
            page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    shot(page, "22-sparql-examples")

