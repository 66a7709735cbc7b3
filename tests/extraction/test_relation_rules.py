"""Relation rules on the national reference tables: word order, lists, branches, places.

Each case is a short sentence written for the test (not quoted from a programme).
"""

import pytest

from extraction.mentions import find_mentions
from extraction.model import Role, TargetGroup
from tests.extraction.helpers import facts_of_text, relations_in

pytestmark = pytest.mark.model

R, P, C = Role.RESPONSIBLE, Role.PROVIDER, Role.PARTNER
J, OT = TargetGroup.JOBSEEKERS, TargetGroup.OTHERS


@pytest.fixture(scope="module")
def national(nlp):
    from extraction.pipeline import _gazetteer

    return _gazetteer(())


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
    # "Vastuu X:stä on Y:llä" with the adessive hung under the elative by the parser
    ("Vastuu muiden maahanmuuttajien ohjelman aikaisesta ohjauksesta ja neuvonnasta on "
     "Siilinjärven kunnalla.", "749", (R, OT, "749")),
    # coordinated adessives: both hold the responsibility (an area of each kind, one region)
    ("Vastuu työnhakijoiden suunnitelmasta on Kuopion työllisyysalueella ja Pohjois-Savon "
     "hyvinvointialueella.", "297", (R, J, "pohjois-savo")),
    # a plural verb before coordinated singular subjects, misparsed as their attribute
    ("Muiden kuin työnhakijoiden osalta arvioinnista vastaavat Siilinjärven kunta ja "
     "Pohjois-Savon hyvinvointialue yhdessä.", "749", (R, OT, "pohjois-savo")),
    ("Muiden kuin työnhakijoiden osalta arvioinnista vastaavat Siilinjärven kunta ja "
     "Pohjois-Savon hyvinvointialue yhdessä.", "749", (R, OT, "749")),
    # the alternative to a jobseeker condition takes the other group
    ("Jos asiakas on työnhakija, suunnitelmasta vastaa työllisyysalue; muussa tapauksessa kunta.",
     "297", (R, OT, "297")),
    # a particle verb: "kutsuu koolle" (convenes) makes its subject responsible
    ("Tarvittaessa työvoimaviranomainen kutsuu verkoston koolle.", "297", (R, None, "kuopio")),
    # a bare ELY-keskus is the office of the municipality's region
    ("Koulutus tehdään yhteistyössä ELY-keskuksen kanssa.", "297", (C, None, "ely-pohjois-savo")),
    # the owner of client information the arranging body receives cooperates ("saa X:n tiedot")
    ("Kaupunki saa Kelan rekisteristä tiedot asiakkaistaan.", "297", (C, None, "kela")),
    ("Kunta pyytää Kelalta tiedot asiakkaista.", "297", (C, None, "kela")),
    # tendering for the responsible body is cooperation, also as an agent participle
    ("Pohjois-Savon ELY-keskus kilpailutti kotoutumiskoulutuksen.", "297",
     (C, None, "ely-pohjois-savo")),
    ("Koulutus ostetaan Pohjois-Savon ELY-keskuksen kilpailuttamilla sopimuksilla.", "297",
     (C, None, "ely-pohjois-savo")),
    # two clauses the parser joins into one ("A vastaa X:stä ja Y:n tuottaa B")
    ("Työnhakijoiden ohjauksesta vastaa työvoimaviranomainen ja muiden kuin työnhakijoiden "
     "ohjauksen tuottaa Kuopion kaupunki.", "297", (P, OT, "297")),
    ("Työnhakijoiden ohjauksesta vastaa työvoimaviranomainen ja muiden kuin työnhakijoiden "
     "ohjauksen tuottaa Kuopion kaupunki.", "297", (R, J, "kuopio")),
    # an acronym-headed training provider that clients apply to
    ("Työttömät työnhakijat voivat hakeutua ABC-koulutukseen.", "297", (P, J, "abc-koulutus")),
    ("Kotoutujat voivat hakea opiskelemaan Järviseudun kansanopistoon.", "297",
     (P, None, "jarviseudun-kansanopisto")),
    # a body alone in brackets after an agentless passive
    ("Päättötestaus järjestetään osana kotoutumiskoulutusta (Kuopion työllisyysalue.)", "297",
     (R, None, "kuopio")),
    # a title-case name headed by a common noun ("Talo")
    ("Kerhoja tarjoaa Kivijoen Perheiden Talo.", "297", (P, None, "kivijoen-perheiden-talo")),
    # the ablative of a purchase noun's verb is the seller
    ("Koulutuksen hankinta toteutetaan Pohjolan ammattiopistolta.", "297",
     (P, None, "pohjolan-ammattiopisto")),
    # referring clients to a service named in the illative delivers the municipality's part
    ("Kunnan maahanmuutto-ohjaaja ohjaa asiakkaan osallistumaan kotoutumiskoulutukseen.", "297",
     (P, None, "297")),
    # coordinated subjects before a plural verb, misparsed as an oblique
    ("Kotoutumisohjaaja sivistysjohtajan alaisuudessa, Meri-Lapin työllisyysalueen sekä Lapin "
     "hyvinvointialueen työntekijät laativat yhteistyössä monialaisen osaamisen ja kotoutumisen "
     "palvelutarpeen arvion.", "845", (R, None, "lappi")),
    # an elliptic compound shares the head: "ammatti- ja aikuisopisto"
    ("Pohjolan ammatti- ja aikuisopisto järjestää kielikursseja.", "297",
     (R, None, "pohjolan-ammatti-ja-aikuisopisto")),
]


@pytest.mark.parametrize(("text", "municipality", "expected"), CASES)
def test_relation_rule(text, municipality, expected, nlp, national) -> None:
    found = relations_in(text, municipality, nlp, national)
    role, target, key = expected
    assert any(r == role and k == key and (target is None or t == target)
               for r, t, k in found), found


def test_branch_of_an_association_is_no_municipality(nlp, national) -> None:
    found = relations_in("Suomen Punaisen Ristin Kuopion osasto järjestää kerhoa.", "297", nlp, national)
    assert _keys(found, R) == {"suomen-punainen-risti-kuopion-osasto"}


def test_the_responsibility_noun_own_words_are_no_body(nlp, national) -> None:
    found = relations_in("Kuopion kaupungilla vastuu maahanmuuttopalveluiden ohjauksesta on "
                       "työllisyyspalvelulla.", "297", nlp, national)
    assert "297/maahanmuuttopalvelu" not in _keys(found, R)


def test_inhabitants_are_no_body(nlp, national) -> None:
    found = relations_in("Kuopiolaiset osallistuvat ryhmiin.", "297", nlp, national)
    assert "297" not in _keys(found, C)


def test_steering_is_no_service_responsibility(nlp, national) -> None:
    found = relations_in("Hyvinvointiryhmä vastaa ohjelman yhteensovittamisesta ja seurannasta.",
                       "297", nlp, national)
    assert not _keys(found, R)


def test_short_name_refers_to_the_full_name(nlp, national) -> None:
    from extraction.short_names import add_short_name_mentions

    docs = [nlp("Koulutusta järjestää Ammattiopisto Lappia."),
            nlp("Palvelun tuottaa Kivalo-opisto tai Lappia.")]
    mentions = [[m for s in d.sents for m in find_mentions(s, national)] for d in docs]
    add_short_name_mentions(docs, mentions)
    assert "ammattiopisto-lappia" in {m.org.key for m in mentions[1] if m.org is not None}


def test_clause_pair_keeps_each_body_to_its_clause(nlp, national) -> None:
    found = relations_in("Työnhakijoiden ohjauksesta vastaa työvoimaviranomainen ja muiden kuin "
                         "työnhakijoiden ohjauksen tuottaa Kuopion kaupunki.", "297", nlp, national)
    assert (R, J, "297") not in found and (P, J, "297") not in found


def test_service_word_alone_is_no_organisation(nlp, national) -> None:
    found = relations_in("Kotoutumiskoulutusta järjestää Kuopion kaupunki.", "297", nlp, national)
    assert not any(k and k.endswith("koulutus") for _r, _t, k in found)


def test_qualified_name_is_the_full_name(nlp, national) -> None:
    from extraction.short_names import add_short_name_mentions

    docs = [nlp("Kerhoa järjestää Kuopion Setlementti Aurinkola."),
            nlp("Kuopion setlementti Aurinkola tarjoaa kursseja."),  # the same name, another case
            nlp("Neuvontaa antaa Setlementti Aurinkola.")]
    mentions = [[m for s in d.sents for m in find_mentions(s, national)] for d in docs]
    add_short_name_mentions(docs, mentions)
    assert {m.org.key for m in mentions[2] if m.org is not None} == {"kuopion-setlementti-aurinkola"}


def test_a_lead_in_with_a_finite_verb_is_no_label(nlp, national) -> None:
    text = "Kielikursseja järjestävät seuraavat tahot: Pohjolan opisto ja Savonia AMK."
    assert len(list(nlp(text).sents)) == 1
    assert len(list(nlp("Vastuutaho: Pohjolan opisto järjestää kursseja.").sents)) == 2
    assert "pohjolan-opisto" in _keys(relations_in(text, "297", nlp, national), R)


def test_a_lower_case_common_head_is_no_name(nlp, national) -> None:
    found = relations_in("Kunnan talo tarjoaa tiloja ja kaupunki järjestää kerhoja.", "297", nlp, national)
    assert not any(k and k.endswith("talo") for _r, _t, k in found)


def test_steering_and_finished_events_name_no_doer(nlp, national) -> None:
    found = relations_in("Kuopion kaupunki ohjaa ohjelman toteutusta.", "297", nlp, national)
    assert not _keys(found, P) and not _keys(found, R)
    found = relations_in("Pohjolan ammattiopisto järjesti kurssin kotoutujille.", "297", nlp, national)
    assert not _keys(found, R)
    found = relations_in("Pohjolan ammattiopisto järjestää kurssin kotoutujille.", "297", nlp, national)
    assert _keys(found, R) == {"pohjolan-ammattiopisto"}


def test_a_responsibility_for_coordination_is_no_service_s(nlp, national) -> None:
    found = relations_in("Kaupungilla vastuu palveluiden koordinaatiosta on työllisyyspalvelulla.",
                         "297", nlp, national)
    assert not _keys(found, R)


def test_a_short_name_in_brackets_after_its_body_names_no_doer(nlp, national) -> None:
    found = relations_in("Arviointi tehdään, jos tarvitset sekä kunnan että Kansaneläkelaitoksen (Kela) "
                         "palveluja.", "297", nlp, national)
    assert not _keys(found, R)


def test_premises_and_clients_name_no_body_in_a_list(tmp_path, nlp) -> None:
    text = """Kivijoen kaupungin kotoutumisohjelma

Monikielinen yhteiskuntaorientaatio

Toteuttaja: lähiryhmä Kivijoen kirjaston tiloissa kaikille Havulahden työllisyysalueen asiakkaille.
"""
    assert not facts_of_text(tmp_path, text)


def test_telling_clients_about_a_service_is_cooperating_in_it(nlp, national) -> None:
    found = relations_in("Kela antaa kotihoidon tuen saajille tietoa palvelusta.", "297", nlp, national)
    assert _keys(found, C) == {"kela"} and not _keys(found, P)
    found = relations_in("Kunta antaa tietoa suomalaisesta yhteiskunnasta.", "297", nlp, national)
    assert _keys(found, P) == {"297"}


def test_a_coordinated_clause_with_its_own_object_has_its_own_subject(nlp, national) -> None:
    """", ja sen toteuttaa Y": Y produces the service; it does not arrange it as well."""
    found = relations_in("Muiden kuin työnhakijoiden koulutuksen järjestää Kotkan kaupunki, ja sen "
                         "toteuttaa Kotkan kansalaisopisto.", "285", nlp, national)
    assert {(r, k) for r, _t, k in found} == {(R, "285"), (P, "kotkan-kansalaisopisto")}


@pytest.mark.model
def test_each_service_its_own_seller_in_one_sentence(tmp_path, nlp) -> None:
    """"ostaa yhteiskuntaorientaation Kajaanin kaupungilta ja kotoutumiskoulutuksen Kainuun
    ammattiopistolta": each seller for the service named before it; the buyer for both."""
    text = ("Sotkamon kunnan kotoutumisohjelma\n\nPalvelut\n\nSotkamon kunta ostaa yhteiskuntaorientaation "
            "Kajaanin kaupungilta ja kotoutumiskoulutuksen Kainuun ammattiopistolta.\n")
    facts = facts_of_text(tmp_path, text)
    providers = {(f.service.value, f.organisation.name) for f in facts if f.role.value == "provider"}
    assert providers == {("civic-orientation", "Kajaani"), ("integration-training", "Kainuun ammattiopisto")}
    responsible = {f.service.value for f in facts if f.role.value == "responsible"}
    assert responsible == {"civic-orientation", "integration-training"}


def test_where_the_client_receives_a_service_from_provides_it(nlp, national) -> None:
    found = relations_in("Neuvontaa saat kaupungin kotoutumispisteestä.", "405", nlp, national)
    assert _keys(found, P) == {"405/kotoutumispiste"}
    # information a body receives from another is that body's cooperation, not a service
    found = relations_in("Kaupunki saa Kelalta tiedot asiakkaista.", "405", nlp, national)
    assert not _keys(found, P)


def test_the_institution_where_the_arranger_has_the_service_given_provides_it(nlp, national) -> None:
    found = relations_in("Muille kaupunki järjestää koulutuksen omaehtoisena opiskeluna Lappeenrannan "
                         "seudun kansalaisopistossa.", "405", nlp, national)
    assert _keys(found, R) == {"405"}
    assert _keys(found, P) == {"lappeenrannan-seudun-kansalaisopisto"}
