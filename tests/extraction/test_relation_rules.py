"""Relation rules on the national reference tables: word order, lists, branches, places.

Each case is a short sentence written for the test (not quoted from a programme).
"""

import pytest

from extraction.mentions import Resolver, find_mentions
from extraction.model import Role, TargetGroup
from extraction.relations import extract_relations

pytestmark = pytest.mark.model

R, P, C = Role.RESPONSIBLE, Role.PROVIDER, Role.PARTNER
J, OT = TargetGroup.JOBSEEKERS, TargetGroup.OTHERS


@pytest.fixture(scope="module")
def national(nlp):
    from extraction.pipeline import _gazetteer

    return _gazetteer(())


def _relations(text, municipality, nlp, gazetteer):
    doc = nlp(text)
    resolver = Resolver(gazetteer)
    out = set()
    for sent in doc.sents:
        for rel in extract_relations(sent, find_mentions(sent, gazetteer)):
            org = resolver.resolve(rel.mention, municipality)
            out.add((rel.role, rel.target, org.key if org else None))
    return out


def _keys(found, role):
    return {key for r, _t, key in found if r == role}


LIST = ("Suomen kielen kursseja järjestävät tänä vuonna seuraavat tahot: Pohjois-Savon opisto ja "
        "Savonia AMK.")
# sentence, municipality, (role, target or None for any, organisation key)
CASES = [
    # a fronted genitive-accusative object misparsed as the subject (OVS order)
    ("Yhteiskuntaorientaation järjestää työnhakijoille Kuopion työllisyysalue.", "297",
     (R, J, "kuopio")),
    # the same with a modal auxiliary carrying the finite form
    ("Palvelutarpeen arvioinnin voi tehdä kunta.", "297", (R, None, "297")),
    # a subject noun followed by a colon list of bodies
    (LIST, "297", (R, None, "pohjois-savon-opisto")),
    (LIST, "297", (R, None, "savonia-ammattikorkeakoulu")),
    # the agent of a passive named after "toimesta:"
    ("Yleinen ohjaus ja neuvonta toteutetaan alueen eri viranomaisten toimesta: kunta ja Kuopion "
     "työllisyysalue.", "297", (P, None, "kuopio")),
    # a relative clause after "kanssa" states the body's own role
    ("Kaupunki on tehnyt sopimuksen Setlementti Aurinkolan kanssa, joka tuottaa neuvontaa.",
     "297", (P, None, "setlementti-aurinkola")),
    # the body where a service is given (passive verb, inessive)
    ("Neuvontaa annetaan myös kunnan kotoutumispalveluissa.", "297",
     (P, None, "297/kotoutumispalvelu")),
    # "Vastuu X:stä on Y:llä"
    ("Vastuu testin kehittämisestä on Opetushallituksella.", "297", (R, None, "oph")),
    # the alternative to a jobseeker condition takes the other group
    ("Jos asiakas on työnhakija, suunnitelmasta vastaa työllisyysalue; muussa tapauksessa kunta.",
     "297", (R, OT, "297")),
    # a particle verb: "kutsuu koolle" (convenes) makes its subject responsible
    ("Tarvittaessa työvoimaviranomainen kutsuu verkoston koolle.", "297", (R, None, "kuopio")),
    # a bare ELY-keskus is the office of the municipality's region
    ("Koulutus tehdään yhteistyössä ELY-keskuksen kanssa.", "297", (C, None, "ely-pohjois-savo")),
]


@pytest.mark.parametrize(("text", "municipality", "expected"), CASES)
def test_relation_rule(text, municipality, expected, nlp, national) -> None:
    found = _relations(text, municipality, nlp, national)
    role, target, key = expected
    assert any(r == role and k == key and (target is None or t == target)
               for r, t, k in found), found


def test_branch_of_an_association_is_no_municipality(nlp, national) -> None:
    found = _relations("Suomen Punaisen Ristin Kuopion osasto järjestää kerhoa.", "297", nlp, national)
    assert _keys(found, R) == {"suomen-punainen-risti-kuopion-osasto"}


def test_inhabitants_are_no_body(nlp, national) -> None:
    found = _relations("Kuopiolaiset osallistuvat ryhmiin.", "297", nlp, national)
    assert "297" not in _keys(found, C)


def test_steering_is_no_service_responsibility(nlp, national) -> None:
    found = _relations("Hyvinvointiryhmä vastaa ohjelman yhteensovittamisesta ja seurannasta.",
                       "297", nlp, national)
    assert not _keys(found, R)


def test_short_name_refers_to_the_full_name(nlp, national) -> None:
    from extraction.short_names import add_short_name_mentions

    docs = [nlp("Koulutusta järjestää Ammattiopisto Lappia."),
            nlp("Palvelun tuottaa Kivalo-opisto tai Lappia.")]
    mentions = [[m for s in d.sents for m in find_mentions(s, national)] for d in docs]
    add_short_name_mentions(docs, mentions)
    assert "ammattiopisto-lappia" in {m.org.key for m in mentions[1] if m.org is not None}
