"""Organisation heads: a youth guidance centre ("Ohjaamo") named in full in a heading and by its
head alone in the text, and a club ("seura") recognised on its lemma only."""

import pytest

from extraction.model import Role, ServiceKey
from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma

Muut kunnan palvelut

Ohjaamo Kivijoki

Ohjaamo tarjoaa nuorille maksutonta neuvontaa ja tukea elämän eri tilanteisiin.
"""


def test_a_head_alone_refers_to_the_full_name(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, TEXT)
    assert any(f.role == Role.PROVIDER and f.organisation.name == "Ohjaamo Kivijoki"
               and f.service == ServiceKey.OTHER_MUNICIPAL_SERVICES for f in facts)


def test_a_club_is_an_organisation_but_monitoring_is_not(nlp, gazetteer) -> None:
    from extraction.org_names import find_org_names

    sent = next(nlp("Kivijoen Urheiluseura järjestää liikuntaa.").sents)
    assert [org.name for _s, _e, org, _h in find_org_names(sent, set()) if org] == [
        "Kivijoen Urheiluseura"]
    sent = next(nlp("Kotoutumisohjelman Seurannasta vastaa kunta.").sents)
    assert [h for _s, _e, _o, h in find_org_names(sent, set())] == []


OWNED = """Kivijoen kaupungin kotoutumisohjelma

Muu koulutus ja palvelut

Kivijoen kaupungin aikuislukio järjestää suomen kielen kursseja.

Kursseja antavat myös Kivijoen aikuislukio ja Järvelän kansalaisopisto.
"""


def test_the_towns_own_institution_is_its_unit(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, OWNED)
    orgs = {(f.organisation.kind.value, f.organisation.key) for f in facts}
    assert ("municipal-unit", "995/aikuislukio") in orgs
    assert not any(key == "kivijoen-aikuislukio" for _kind, key in orgs)


@pytest.mark.parametrize(("text", "name"), [
    ("Ohjausta antaa Työllisyyden yhteispalvelu Pointti.", "Työllisyyden yhteispalvelu Pointti"),
    ("Ohjausta antaa kaupungin hallinnoima ESR+ -hanke (2024–2027) International Pointti.",
     "International Pointti"),
    ("Neuvontaa tuotetaan Monikulttuurikeskus Mikserissä kaikille.", "Monikulttuurikeskus Mikseri"),
])
def test_a_head_with_its_name_in_apposition(nlp, text, name) -> None:
    from extraction.org_names import find_org_names

    sent = next(nlp(text).sents)
    assert name in [org.name for _s, _e, org, _h in find_org_names(sent, set()) if org]


def test_a_head_without_a_name_after_it_is_no_body(nlp) -> None:
    from extraction.org_names import find_org_names

    sent = next(nlp("Hanke päättyy vuonna 2027, ja palvelukeskus jatkaa toimintaa.").sents)
    assert find_org_names(sent, set()) == []


SPELLINGS = """Kivijoen kaupungin kotoutumisohjelma

Muu koulutus ja palvelut

Kursseja järjestetään Monikulttuurisuuskeskus Mikserissä.

Monikulttuurikeskus Mikseri tarjoaa kerhoja.
"""


def test_two_spellings_of_one_head_name_one_body(tmp_path, nlp) -> None:
    names = {f.organisation.name for f in facts_of_text(tmp_path, SPELLINGS)}
    assert "Monikulttuurikeskus Mikseri" in names
    assert "Monikulttuurisuuskeskus Mikseri" not in names


def test_an_inflected_head_before_a_place_is_no_name(nlp) -> None:
    from extraction.org_names import find_org_names

    sent = next(nlp("Neuvontaa saa terveyskeskuksessa Kivijoella.").sents)
    assert [org for _s, _e, org, _h in find_org_names(sent, set()) if org] == []


def test_a_capitalised_consortium_head_starts_a_name_and_a_brand_loses_its_case(nlp, gazetteer) -> None:
    from extraction.mentions import find_mentions

    cases = (("Työllisyysalue hankkii koulutuksen Koulutuskuntayhtymä Sedulta.", "Koulutuskuntayhtymä Sedu"),
             ("Koulutuskuntayhtymä Tavastia järjestää koulutuksen.", "Koulutuskuntayhtymä Tavastia"))
    for text, name in cases:
        names = {m.org.name for s in nlp(text).sents for m in find_mentions(s, gazetteer) if m.org}
        assert name in names
