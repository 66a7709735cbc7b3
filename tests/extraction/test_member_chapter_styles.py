"""A joint programme with one chapter per member, each in its own style: prose, "Service:
body" lines, a table, and a Word bullet list whose items are lower-case clauses without full
stops. Built as DOCX for the test in the layout of that held-out kind."""

import io

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

KIURUVESI, VIEREMA = "263", "925"


def _programme() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Ylä-Savon kuntien kotoutumisohjelma 2025–2028", 0)
    document.add_paragraph("Ohjelma on Iisalmen, Kiuruveden, Sonkajärven ja Vieremän yhteinen. Kukin kunta "
                           "kuvaa omat palvelunsa omassa luvussaan.")
    document.add_heading("3 Kiuruvesi", 1)
    for line in ("Osaamisen ja palvelutarpeen arviointi: Kiuruveden kaupungin sosiaalitoimi",
                 "Kotoutumissuunnitelma: sosiaalitoimi"):
        document.add_paragraph(line)
    document.add_heading("5 Vieremä", 1)
    document.add_paragraph("Vieremällä palvelut hoidetaan näin:")
    for item in ("arvioinnin tekee kunnan sosiaaliohjaaja",
                 "yhteiskuntaorientaatio ja kotoutumiskoulutus ostetaan Iisalmen kaupungilta"):
        document.add_paragraph(item, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(_programme(), "yla-savo.docx").facts


def _who(facts, code: str, service: ServiceKey) -> set[tuple[Role, str]]:
    return {(f.role, f.organisation.name) for f in facts
            if f.municipality == code and f.service == service and f.confidence >= 0.5
            and f.target_group in (TargetGroup.OTHERS, TargetGroup.ALL) and f.role != Role.PARTNER}


def test_each_item_of_a_word_list_is_read_on_its_own(facts) -> None:
    """Word draws the bullets; the items' text has none and no full stops."""
    assert _who(facts, VIEREMA, ServiceKey.ASSESSMENT) == {(Role.RESPONSIBLE, "Vieremä")}
    for service in (ServiceKey.CIVIC_ORIENTATION, ServiceKey.INTEGRATION_TRAINING):
        assert _who(facts, VIEREMA, service) == {(Role.RESPONSIBLE, "Vieremä"), (Role.PROVIDER, "Iisalmi")}


def test_a_municipal_office_named_alone_is_the_member_s(facts) -> None:
    assert _who(facts, KIURUVESI, ServiceKey.INTEGRATION_PLAN) == {(Role.RESPONSIBLE, "Kiuruvesi")}


def test_a_word_paragraph_without_a_full_stop_ends_where_it_ends(nlp) -> None:
    """"Suomussalmi ja Puolanka: kunnan kotoutumisohjaaja" as a paragraph of its own, then a
    sentence in the next paragraph: the member label does not run on into it."""
    import docx

    document = docx.Document()
    document.add_heading("Kainuun kuntien yhteinen kotoutumisohjelma", 0)
    document.add_paragraph("Ohjelma koskee Kajaania, Suomussalmea ja Puolankaa.")
    document.add_paragraph("Kunnat vastaavat palveluista seuraavasti:")
    document.add_paragraph("– Suomussalmi ja Puolanka: kunnan kotoutumisohjaaja")
    document.add_paragraph("Yhteiskuntaorientaation järjestää Kajaanin kaupunki kaikkien kuntien puolesta.")
    out = io.BytesIO()
    document.save(out)
    facts = extract_bytes(out.getvalue(), "kainuu.docx").facts
    assert {(f.municipality, f.organisation.name) for f in facts
            if f.service == ServiceKey.CIVIC_ORIENTATION and f.confidence >= 0.5} == {
        (code, "Kajaani") for code in ("205", "777", "620")}
