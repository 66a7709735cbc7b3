"""The web UI in a real browser: Debian's Chromium driven by Playwright, over real HTTP.

Screenshots of every page go to tests/artifacts/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.conftest import examples_server
from tests.ui.support import shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with examples_server(tmp_path_factory.mktemp("ui")) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_matrix_filter_municipality_evidence_and_language(page, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Kuntien kotoutumisohjelmat"
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() >= 6
    shot(page, "01-matrix")

    # Filter by employment area: only that area's municipalities stay.
    page.get_by_label("Työllisyysalue").select_option(label="Kivijoen seudun työllisyysalue")
    page.get_by_role("button", name="Suodata").click()
    names = page.locator("table.matrix tbody th a").all_inner_texts()
    assert set(names) == {"Kivijoki", "Havulahti", "Pajuvesi"}
    shot(page, "02-matrix-filtered")

    # Open a municipality, keyboard only.
    page.get_by_role("link", name="Kivijoki").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/municipality/995")
    assert page.locator("h1").inner_text().startswith("Kivijoki")
    shot(page, "03-municipality")

    # Follow an evidence link: the viewer opens the original PDF at the quoted page.
    link = page.locator("a.evidence", has_text=".pdf").first
    href = link.get_attribute("href")
    assert href and href.startswith("/documents/") and "/view?page=" in href
    original = href.split("/view?")[0] + "/file"
    response = page.request.get(base_url + original)
    assert response.ok and response.headers["content-type"] == "application/pdf"

    # Switch language: Swedish labels, remembered on the next page.
    page.get_by_role("link", name="SV", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "sv"
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Kommunernas integrationsprogram"
    shot(page, "04-matrix-sv")


def test_compare_and_documents_pages(page, base_url: str) -> None:
    page.goto(base_url + "/compare?lang=en")
    page.get_by_label("Järvelä").check()
    page.get_by_label("Korpimaa").check()
    page.get_by_role("button", name="Compare").click()
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert "Järvelä" in headers and "Korpimaa" in headers
    shot(page, "05-compare")
    page.goto(base_url + "/documents")
    assert page.locator("tbody tr").count() >= 4
    shot(page, "06-documents")


def test_pages_read_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/municipality/993")
    assert page.locator("section.service").count() == 11
    context.close()
