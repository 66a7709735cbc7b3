"""The law's official terms, per language, wherever kotograph names a service, a role or a
finding: the ontology's labels, the UI strings, the 13 § messages and the templates.

Sources: Act 681/2023 (lag om främjande av integration; sections as in the Finnish original,
/work/shared/reference/law-681-2023.md), the minimum content as kotoutuminen.fi words it
(koto24-kotoutumisohjelma and its Swedish page koto24-integrationsprogrammet), and 5 § 15 k.
(palveluntuottaja). Terms of the old Act 1386/2010 (alkukartoitus, kotouttamisohjelma,
kartläggning) are not used for the new programme.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.i18n import STRINGS, counted
from api.settings import Settings
from graph.build import service_label
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from graph.validate import shapes_text
from tests.factories import sample_extraction

ROOT = Path(__file__).resolve().parent.parent

# service key → (Finnish, Swedish) official term, as the service's label
SERVICES = {
    "assessment": ("Osaamisen ja kotoutumisen palvelutarpeen arviointi",
                   "Bedömning av kompetens och behovet av integrationstjänster"),
    "multisector-assessment": (
        "Monialainen osaamisen ja kotoutumisen palvelutarpeen arviointi",
        "Sektorsövergripande bedömning av kompetens och behovet av integrationstjänster"),
    "integration-plan": ("Kotoutumissuunnitelma", "Integrationsplan"),
    "multisector-integration-plan": ("Monialainen kotoutumissuunnitelma",
                                     "Sektorsövergripande integrationsplan"),
    "family-integration-plan": ("Perheen kotoutumissuunnitelma", "Familjens integrationsplan"),
    "civic-orientation": ("Monikielinen yhteiskuntaorientaatio", "Flerspråkig samhällsorientering"),
    "integration-training": ("Kotoutumiskoulutus", "Integrationsutbildning"),
    "final-language-test": ("Kielitaidon päättötestaus", "Slutbedömning av språkkunskaperna"),
    "guidance-and-counselling": ("Ohjelman aikainen ohjaus ja neuvonta",
                                 "Vägledning och rådgivning under programmet"),
}
# UI string key → (Finnish, Swedish)
TERMS = {
    "responsible": ("Vastuutaho", "Ansvarig"),
    "provider": ("Palveluntuottaja", "Tjänsteproducent"),
    "partner": ("Yhteistyötaho", "Samarbetspart"),
    "violation": ("Puute", "Brist"),
    "warning": ("Huomautus", "Anmärkning"),
    "jobseekers": ("Työnhakijat", "Arbetssökande"),
    "elinvoimakeskus": ("Elinvoimakeskus", "Livskraftscentral"),
    "welfare_area": ("Hyvinvointialue", "Välfärdsområde"),
    "employment_area": ("Työllisyysalue", "Sysselsättningsområde"),
}
# Words of the old Act or of labels the reviewers rejected, per language.
NOT_USED = {
    "fi": re.compile(r"(?i:\balkukartoitus|\bkotouttamisohjelm)|^Tuottaja$|^Yhteistyö$"),
    "sv": re.compile(r"(?i:\bkartläggning|\bhandledning och rådgivning)|\bProducent\b|^Samarbete$"),
}


@pytest.mark.parametrize("key", sorted(SERVICES))
def test_service_labels_are_the_laws_terms(key: str) -> None:
    fi, sv = SERVICES[key]
    assert (service_label(key, "fi"), service_label(key, "sv")) == (fi, sv)


@pytest.mark.parametrize("key", sorted(TERMS))
def test_ui_terms(key: str) -> None:
    assert (STRINGS[key]["fi"], STRINGS[key]["sv"]) == TERMS[key]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_old_or_rejected_terms(lang: str) -> None:
    texts = [entry[lang] for entry in STRINGS.values() if lang in entry]
    texts += re.findall(rf'"([^"]*)"@{lang}', (ROOT / "ontology" / "kotograph.ttl").read_text("utf-8"))
    texts += re.findall(rf'"([^"]*)"@{lang}', shapes_text())
    found = [t for t in texts if NOT_USED[lang].search(t)]
    assert found == []


def test_counted_nouns() -> None:
    assert [counted(n, "municipality", "fi") for n in (1, 6)] == ["1 kunta", "6 kuntaa"]
    assert [counted(n, "municipality", "sv") for n in (1, 6)] == ["1 kommun", "6 kommuner"]
    assert counted(2, "violation", "fi") == "2 puutetta"


def test_pages_use_the_terms_and_swedish_names_of_bodies() -> None:
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, sample_extraction())
    client = TestClient(create_app(Settings(store_backend="memory"), store))
    sv = BeautifulSoup(client.get("/municipality/593", params={"lang": "sv"}).text, "html.parser")
    section = sv.select_one("#s-assessment").find_parent("section")
    assert section.select_one("h2").get_text().startswith(SERVICES["assessment"][1])
    cells = [td.get_text(strip=True) for td in section.select("tbody tr td:nth-of-type(3)")]
    assert "Södra Savolax välfärdsområde" in cells  # the graph's Swedish name, not Etelä-Savon …
    roles = {td.get_text(strip=True) for td in section.select("tbody tr td:nth-of-type(1)")}
    assert roles == {"Ansvarig", "Samarbetspart"}
    matrix = BeautifulSoup(client.get("/", params={"lang": "sv", "status": "programme-ingested"}).text,
                           "html.parser")
    assert "Södra Savolax välfärdsområde" not in matrix.select_one("table.matrix").get_text()
    assert {a.get_text() for a in matrix.select("td.cell abbr")} <= {"AS", "Ö"}
    assert matrix.select_one("caption").get_text(strip=True).endswith("1 kommun")
