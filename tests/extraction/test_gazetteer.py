import pytest

from extraction.gazetteer import Gazetteer
from extraction.mentions import Resolver, find_mentions
from extraction.reference_data import MunicipalityRecord, ReferenceData

pytestmark = pytest.mark.model

CASES = [
    ("Palvelun tuottaa Kuopion kaupunki.", "297"),
    ("Asiakas ohjataan Kelan palveluihin.", "kela"),
    ("Yhteistyötä tehdään Etelä-Savon hyvinvointialueen kanssa.", "etela-savo"),
    ("Arvioinnin tekee Keski-Savon työllisyyspalvelut.", "keski-savo"),
    ("Vastuu on Kuopion työllisyysalueella.", "kuopio"),
    ("Palvelut ostetaan Suomussalmen kunnalta.", "777"),
    ("Lapinlahden kunta osallistuu.", "402"),
    ("Tornion kaupunki toimii vastuukuntana.", "851"),
    ("Asiakkaat ohjataan Lapin hyvinvointialueelle.", "lappi"),
    # an area named like its one municipality (the fixture's welfare area "Helsingin
    # kaupunki") is that municipality
    ("Arvioinnin tekee Helsingin kaupunki.", "091"),
]


def _keys(text: str, nlp, gazetteer: Gazetteer, municipality: str = "593") -> list[str]:
    doc = nlp(text)
    resolver = Resolver(gazetteer)
    keys = []
    for sent in doc.sents:
        for mention in find_mentions(sent, gazetteer):
            org = resolver.resolve(mention, municipality)
            if org is not None:
                keys.append(org.key)
    return keys


@pytest.mark.parametrize(("text", "key"), CASES)
def test_inflected_names_resolve(text: str, key: str, nlp, gazetteer) -> None:
    assert key in _keys(text, nlp, gazetteer)


@pytest.mark.parametrize(("text", "municipality", "key"), [
    ("Työvoimaviranomainen vastaa arvioinnista.", "593", "keski-savo"),
    ("Kunta vastaa arvioinnista.", "241", "241"),
    ("Hyvinvointialue osallistuu arviointiin.", "297", "pohjois-savo"),
    ("Kunnan kotoutumispalvelut laativat suunnitelman.", "593", "593/kotoutumispalvelu"),
])
def test_generic_mentions_resolve_per_municipality(text, municipality, key, nlp, gazetteer) -> None:
    assert key in _keys(text, nlp, gazetteer, municipality)


def test_unknown_fictional_name_is_inflected(nlp) -> None:
    ref = ReferenceData(municipalities={"995": MunicipalityRecord(
        "995", "Koivikkola", "Björkby", "99", "", "")})
    gaz = Gazetteer(ref, lambda text: [t.text for t in nlp.tokenizer(text)])
    for text in ("Koivikkolan kunta vastaa.", "Palvelu ostetaan Koivikkolasta.",
                 "Björkbys kommun ansvarar."):
        assert [m.org.key for m in gaz.match(list(nlp.tokenizer(text)))] == ["995"], text


@pytest.mark.parametrize("text", ["Arvioinnin tekee Turun seudun työllisyysalue.",
                                  "Suunnitelman laatii Turun työllisyyspalvelukeskus."])
def test_an_area_by_its_town_s_region_or_its_centre_is_the_area(text: str, nlp, gazetteer) -> None:
    assert _keys(text, nlp, gazetteer) == ["turku"]


@pytest.mark.parametrize(("text", "key"), [("Yhteistyötä tehdään Varhan kanssa.", "varsinais-suomi"),
                                           ("Asiakas ohjataan Siun soten palveluihin.", "pohjois-karjala")])
def test_a_welfare_area_by_the_name_it_goes_by(text: str, key: str, nlp, gazetteer) -> None:
    assert key in _keys(text, nlp, gazetteer)
