import pytest

from extraction.mentions import Resolver, find_mentions
from extraction.model import Role, TargetGroup
from extraction.relations import extract_relations

pytestmark = pytest.mark.model

R, P, C = Role.RESPONSIBLE, Role.PROVIDER, Role.PARTNER
J, OT = TargetGroup.JOBSEEKERS, TargetGroup.OTHERS

# sentence, municipality, expected (role, target or None, organisation key)
CASES = [
    ("Työttömille työnhakijoille osaamisen ja kotoutumisen palvelutarpeen arvioinnin tekee "
     "Keski-Savon työllisyyspalvelut.", "593", (R, J, "keski-savo")),
    ("Kunnan vastuulla on laatia osaamisen ja kotoutumisen palvelutarpeen arviointi kotihoidon "
     "tukea saavalle.", "240", (R, None, "240")),
    ("Palvelut ostetaan Suomussalmen kunnalta.", "593", (P, None, "777")),
    ("Työvoimaviranomainen vastaa osaamisen ja kotoutumisen palvelutarpeen arvioinnin "
     "laatimisesta työttömänä työnhakijana oleville maahanmuuttajille.", "851", (R, J, "meri-lappi")),
    ("Työvoiman ulkopuolella oleville maahanmuuttajille osaamisen ja palvelutarpeen arvioinnin "
     "tekee kunnan kotoutumiskoordinaattori.", "593", (R, OT, "593")),
    ("Kunta voi järjestää palveluita yhteistyössä Lapin hyvinvointialueen kanssa.", "240",
     (C, None, "lappi")),
    ("Muille maahanmuuttajille monikielinen yhteiskuntaorientaatio hankitaan ulkopuoliselta "
     "palveluntuottajalta.", "241", None),
    ("Hyvinvointialue osallistuu kotoutumislain mukaisesti palvelutarpeen arviointiin.", "593",
     (C, None, "etela-savo")),
    ("Työvoiman ulkopuolisille maahanmuuttajille osaamisen ja kotoutumisen palvelutarvearvio "
     "tehdään Kuopion kaupungin maahanmuuttopalveluissa maahanmuutto-ohjaajan toimesta.", "297",
     (R, OT, "297/maahanmuuttopalvelu")),
    # a postponed plural subject parsed as an oblique; "yhteistyössä": no 3 § group split
    ("Monialaisen osaamisen ja kotoutumisen palvelutarpeen arvion tekevät yhteistyössä kunnan "
     "kotoutumispalveluiden, työllisyysalueen sekä Lapin hyvinvointialueen työntekijät.", "240",
     (R, None, "meri-lappi")),
    # "mukana": the bodies of the clause take part (partner)
    ("Monialaisen kotoutumissuunnitelman laadinnassa voi olla mukana viranomaisia Lapin "
     "hyvinvointialueen terveys- ja sosiaalipuolelta.", "240", (C, None, "lappi")),
]


def _relations(text, municipality, nlp, gazetteer):
    doc = nlp(text)
    resolver = Resolver(gazetteer)
    out = set()
    for sent in doc.sents:
        mentions = find_mentions(sent, gazetteer)
        for rel in extract_relations(sent, mentions):
            org = resolver.resolve(rel.mention, municipality)
            out.add((rel.role, rel.target, org.key if org else None))
    return out


@pytest.mark.parametrize(("text", "municipality", "expected"), CASES)
def test_relation(text, municipality, expected, nlp, gazetteer) -> None:
    found = _relations(text, municipality, nlp, gazetteer)
    if expected is None:
        assert all(r[0] != R for r in found)
        return
    role, target, key = expected
    assert any(r[0] == role and r[2] == key and (target is None or r[1] == target)
               for r in found), found


def test_coordinated_bodies_split_by_3_section(nlp, gazetteer) -> None:
    found = _relations("Kunta tai työvoimaviranomainen laatii maahanmuuttajalle "
                       "kotoutumissuunnitelman.", "593", nlp, gazetteer)
    assert (R, J, "keski-savo") in found
    assert (R, OT, "593") in found
