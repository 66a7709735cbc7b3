from pathlib import Path

import pytest

from extraction.legal_refs import normalise
from extraction.model import ServiceKey as S
from extraction.services import classify_heading

CASES = [
    ("2 OSAAMISEN JA KOTOUTUMISEN PALVELUTARPEEN ARVIOINTI (KOTOL 14 §)", {S.ASSESSMENT}),
    ("Osaamisen ja kotoutumisen palvelutarpeen arviointi", {S.ASSESSMENT}),
    ("Monialaisen osaamisen ja kotoutumisen palvelutarpeen arviointi", {S.MULTISECTOR_ASSESSMENT}),
    ("2.2 Monialainen osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 15 §)",
     {S.MULTISECTOR_ASSESSMENT}),
    ("3. Osaamisen ja kotoutumisen palvelutarpeen arvioinnin pohjalta laadittava "
     "kotoutumissuunnitelma (KOTOL 16 §)", {S.INTEGRATION_PLAN}),
    ("Kotoutumissuunnitelma ja monialainen kotoutumissuunnitelma",
     {S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN}),
    ("Perheen kotoutumissuunnitelma", {S.FAMILY_INTEGRATION_PLAN}),
    ("4 MONIKIELINEN YHTEISKUNTAORIENTAATIO (KOTOL 25 §)", {S.CIVIC_ORIENTATION}),
    ("2.6 Kotoutumiskoulutus (KotoL 26 ja 27 §)", {S.INTEGRATION_TRAINING}),
    ("Kielitaidon päättötestaus", {S.FINAL_LANGUAGE_TEST}),
    ("Muu koulutus ja palvelut, jotka edistävät suomen kielen osaamista",
     {S.OTHER_TRAINING_AND_SERVICES}),
    ("7 KOTOUTUMISOHJELMAN AIKAINEN OHJAUS JA NEUVONTA (KOTOL 13 §:N 1 MOM. 5 KOHTA)",
     {S.GUIDANCE_AND_COUNSELLING}),
    ("Muut kunnan järjestämisvastuulla olevat palvelut kotoutumisen edistämiseksi",
     {S.OTHER_MUNICIPAL_SERVICES}),
    # 26 § 3 mom. is the final test, not the whole of 26 §
    ("Kielitaidon päättötestaus (KotoL 26 § 3 mom.)", {S.FINAL_LANGUAGE_TEST}),
    # a section's words naming one of the services its reference holds say which one
    ("Kielitaidon päättötestaus (KotoL 26 §)", {S.FINAL_LANGUAGE_TEST}),
    ("Osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 14 ja 15 §)",
     {S.ASSESSMENT, S.MULTISECTOR_ASSESSMENT}),
    # 13 § 1 mom. 4 k. groups two services: the heading's words pick one, or both
    ("Muu kielitaitoa ja työelämävalmiuksia edistävä koulutus (13 § 1 mom. 4 k.)",
     {S.OTHER_TRAINING_AND_SERVICES}),
    ("Kotoutumiskoulutus ja muut koulutukset ja palvelut (13 § 1 mom. 4 k.)",
     {S.INTEGRATION_TRAINING, S.OTHER_TRAINING_AND_SERVICES}),
    ("3.4 Muu kieltä ja osallisuutta tukeva toiminta", {S.OTHER_TRAINING_AND_SERVICES}),
    ("7 Yhteistyö", set()),
    ("1 YLEISTÄ", set()),
    ("5 Asettautumispalvelut (KotoL 5§ kohta 3)", set()),
]
SV_CASES = [
    ("Kartläggning av kompetens och integrationsbehov", {S.ASSESSMENT}),
    ("Sektorsövergripande integrationsplan", {S.MULTISECTOR_INTEGRATION_PLAN}),
    ("Flerspråkig samhällsorientering", {S.CIVIC_ORIENTATION}),
    ("Integrationsutbildning", {S.INTEGRATION_TRAINING}),
    ("10 Slutbedömning av språkkunskaperna (26 §)", {S.FINAL_LANGUAGE_TEST}),
    ("4.7 Integrationsutbildning och testning av språkkunskaperna (26–27 §)",
     {S.INTEGRATION_TRAINING, S.FINAL_LANGUAGE_TEST}),
    ("Handledning och rådgivning under integrationsprogrammet", {S.GUIDANCE_AND_COUNSELLING}),
]


@pytest.mark.parametrize(("heading", "expected"), CASES)
def test_finnish_headings(heading: str, expected: set[S]) -> None:
    assert set(classify_heading(heading, normalise(heading))) == expected


@pytest.mark.parametrize(("heading", "expected"), SV_CASES)
def test_swedish_headings(heading: str, expected: set[S]) -> None:
    assert set(classify_heading(heading, normalise(heading), "sv")) == expected


def test_the_ground_of_a_service_is_not_its_topic() -> None:
    from extraction.services import services_in_text

    assert services_in_text("Palvelutarpeen arvioinnin perusteella kunta laatii "
                            "kotoutumissuunnitelman.") == [S.INTEGRATION_PLAN]
    assert services_in_text("Suunnitelma laaditaan sen jälkeen, kun palvelutarpeen arviointi "
                            "on tehty.") == []
    # a conformity phrase names the plan the service follows, not the service
    assert services_in_text("Asiakas voi hakeutua kielikurssille kotoutumissuunnitelmassa sovitun "
                            "mukaisesti.") == []
    assert services_in_text("Kotoutumissuunnitelman mukaisesti kunta järjestää "
                            "kotoutumiskoulutusta.") == [S.INTEGRATION_TRAINING]
    # where the need came to light is part of the ground
    assert services_in_text("Koordinaattori ja sosionomi laativat kotoutumissuunnitelman "
                            "alkukartoituksessa selvinneen tarpeen perusteella.") == [
        S.INTEGRATION_PLAN]



def test_every_ground_phrase_holds_a_word_the_quick_test_finds() -> None:
    """`services_in_text` tries the ground pattern only on texts with one of BASIS_WORDS:
    every phrase the pattern strips must hold one."""
    from extraction.services import BASIS, BASIS_WORDS, normalise_text

    texts = ["Palvelutarpeen arvioinnin perusteella kunta laatii kotoutumissuunnitelman.",
             "Suunnitelma laaditaan sen jälkeen, kun palvelutarpeen arviointi on tehty.",
             "Asiakas hakeutuu kielikurssille kotoutumissuunnitelmassa sovitun mukaisesti.",
             "Kotoutumissuunnitelmassa sovitulla tavalla ohjataan koulutukseen.",
             "Arvioinnin pohjalta laaditaan suunnitelma ja alkukartoituksen pohjaksi tehdään arvio."]
    examples = Path(__file__).resolve().parents[2] / "examples" / "src"
    texts += [line for source in sorted(examples.glob("*.md"))
              for line in source.read_text("utf-8").splitlines()]
    phrases = [m.group() for text in texts for m in BASIS["fi"].finditer(normalise_text(text))]
    assert len(phrases) >= 5
    assert all(BASIS_WORDS["fi"].search(phrase) for phrase in phrases)

def test_a_parenthesis_adds_the_variant() -> None:
    from extraction.services import services_in_text

    assert set(services_in_text("Kunta vastaa kotoutumissuunnitelman (myös monialaisen) "
                                "laatimisesta.")) == {S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN}


@pytest.mark.parametrize(("text", "language"), [
    ("Kunta tai työvoimaviranomainen laatii kotoutumissuunnitelman tai sen monialaisen version.", "fi"),
    ("Kotoutumissuunnitelma ja sen monialainen muoto laaditaan yhdessä.", "fi"),
    ("Kommunen gör upp integrationsplanen eller dess sektorsövergripande version.", "sv"),
])
def test_its_multisector_version_adds_the_variant(text: str, language: str) -> None:
    from extraction.services import services_in_text

    assert set(services_in_text(text, language)) == {S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN}


def test_a_variant_in_any_case_is_not_also_the_plain_service() -> None:
    from extraction.services import services_in_text

    assert services_in_text("Monialaisesta kotoutumissuunnitelmasta vastaa kunta.") == [
        S.MULTISECTOR_INTEGRATION_PLAN]
    assert services_in_text("Perheen kotoutumissuunnitelmaan osallistuu seurakunta.") == [
        S.FAMILY_INTEGRATION_PLAN]
    assert set(services_in_text("Kotoutumissuunnitelman ja monialaisen kotoutumissuunnitelman "
                                "laatii kunta.")) == {S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN}


def test_programme_monitoring() -> None:
    from extraction.services import is_programme_monitoring

    assert is_programme_monitoring("Kotoutumisohjelman toteutumista seurataan vuosittain.")
    assert not is_programme_monitoring("Seurakunta järjestää ohjelmallisia iltoja.")


def test_a_multisector_sentence_in_a_plain_section() -> None:
    from extraction.services import section_services_for

    assert section_services_for("Tarvittaessa kutsutaan koolle monialainen verkosto.",
                                (S.ASSESSMENT,)) == (S.MULTISECTOR_ASSESSMENT,)
    assert section_services_for("Arvio tehdään tapaamisessa.", (S.ASSESSMENT,)) == (S.ASSESSMENT,)


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Kaupunki tekee arvioinnin ja kotoutumissuunnitelman muille.", "fi",
     {S.ASSESSMENT, S.INTEGRATION_PLAN}),
    ("I Närpes sköter stadens integrationsenhet bedömningen och integrationsplanen.", "sv",
     {S.ASSESSMENT, S.INTEGRATION_PLAN}),
    ("Monialainen arviointi ja monialainen kotoutumissuunnitelma", "fi",
     {S.MULTISECTOR_ASSESSMENT, S.MULTISECTOR_INTEGRATION_PLAN}),
    ("Arvioinnin perusteella laaditaan kotoutumissuunnitelma.", "fi", {S.INTEGRATION_PLAN}),
])
def test_the_bare_assessment_beside_the_plan_it_leads_to(text: str, language: str, expected: set) -> None:
    from extraction.services import services_in_text

    assert set(services_in_text(text, language)) == expected
