"""Swedish programmes: read by their own cue tables (no Swedish parse), into the same facts.

Short programmes written for the test, run through the whole pipeline as plain text.
"""

import pytest

from extraction.model import OrgKind, Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from extraction.swedish import find_mentions, find_relations

pytestmark = pytest.mark.model

JOINT = """Integrationsprogrammet i Jakobstadsregionen 2025

Programmet gäller Jakobstads stad, Pedersöre kommun, Larsmo kommun och Kronoby kommun.

8 Flerspråkig samhällsorientering (25 §)

Samhällsorienteringen ger kunskap om hur det är att bo och arbeta i Finland.

Arbetssökande

Arbetskraftsmyndigheten ansvarar för samhällsorienteringen för arbetssökande. Orienteringen
genomförs av Optima på svenska.

Övriga invandrare

För övriga invandrare ordnar kommunen samhällsorientering i grupp. I Larsmo ordnas
orienteringen i samarbete med Folkhälsan. Kronoby kommun köper samhällsorienteringen av
Kronoby folkhögskola.

11 Annan utbildning och andra tjänster som främjar integrationen (13 §)

Arbetskraftsmyndigheten erbjuder arbetssökande arbetskraftsservice enligt lagen om ordnande av
arbetskraftsservice.

Enligt lagen ordnar kommunen annan utbildning för övriga invandrare.
"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(JOINT.encode(), "jakobstad.txt").facts


def _who(facts, service: ServiceKey, group: TargetGroup, code: str, *, least: float = 0.5) -> set:
    return {(f.role, f.organisation.name) for f in facts
            if f.service == service and f.target_group == group and f.municipality == code
            and f.confidence >= least}


def test_a_clause_that_opens_with_a_body_is_no_run_in_heading(facts) -> None:
    assert (Role.RESPONSIBLE, "Pietarsaaren työllisyysalue") in _who(
        facts, ServiceKey.CIVIC_ORIENTATION, TargetGroup.JOBSEEKERS, "598")


def test_passive_agent_after_av_provides(facts) -> None:
    orientation = ServiceKey.CIVIC_ORIENTATION
    assert (Role.PROVIDER, "Optima") in _who(facts, orientation, TargetGroup.JOBSEEKERS, "440")


def test_generic_municipality_is_each_member(facts) -> None:
    for code, name in (("598", "Pietarsaari"), ("599", "Pedersören kunta")):
        assert (Role.RESPONSIBLE, name) in _who(facts, ServiceKey.CIVIC_ORIENTATION, TargetGroup.OTHERS, code)


def test_a_sentence_placed_in_a_member_speaks_for_it_only(facts) -> None:
    partners = {(f.municipality, f.organisation.name) for f in facts if f.role == Role.PARTNER}
    assert ("440", "Folkhälsan") in partners
    assert not {code for code, name in partners if name == "Folkhälsan"} - {"440"}


def test_the_seller_of_a_bought_service_provides_it(facts) -> None:
    assert (Role.PROVIDER, "Kronoby folkhögskola") in _who(
        facts, ServiceKey.CIVIC_ORIENTATION, TargetGroup.OTHERS, "288")


def test_a_service_named_after_its_act_is_no_restatement_of_the_law(facts) -> None:
    assert (Role.PROVIDER, "Pietarsaaren työllisyysalue") in _who(
        facts, ServiceKey.OTHER_TRAINING_AND_SERVICES, TargetGroup.JOBSEEKERS, "598")


def test_the_law_restated_is_left_below_the_answer_threshold(facts) -> None:
    others = ServiceKey.OTHER_TRAINING_AND_SERVICES
    assert not _who(facts, others, TargetGroup.OTHERS, "599")
    assert _who(facts, others, TargetGroup.OTHERS, "599", least=0.0)


SHARES_THEN_SERVICES = """Korsholms kommun
Integrationsprogram 2025–2028

2 Ansvarsfördelning

Kommunen ansvarar för tjänsterna för övriga invandrare, till exempel pensionärer.

3 Bedömning av kompetens och servicebehov

För arbetssökande görs bedömningen av sysselsättningsområdet. För övriga invandrare görs
bedömningen av kommunens integrationskoordinator.
"""


def test_a_service_stated_after_the_division_of_shares_is_answered(nlp) -> None:
    """The division restated for every service (below the threshold) does not hide the same
    body stated for one service later: the surer statement is the one kept."""
    facts = extract_bytes(SHARES_THEN_SERVICES.encode(), "korsholm.txt").facts
    assessment = _who(facts, ServiceKey.ASSESSMENT, TargetGroup.OTHERS, "499")
    assert assessment == {(Role.RESPONSIBLE, "Mustasaari")}
    kept = [f for f in facts if f.service == ServiceKey.ASSESSMENT and f.target_group == TargetGroup.OTHERS]
    assert [f.provenance.quote for f in kept] == [
        "För övriga invandrare görs bedömningen av kommunens integrationskoordinator."]
    assert not _who(facts, ServiceKey.CIVIC_ORIENTATION, TargetGroup.OTHERS, "499")


@pytest.mark.parametrize(("text", "expected"), [
    ("Integrationsenheten ordnar kursen.", {("responsible", "Integrationsenheten")}),
    ("Kursen ordnas av Arbis.", {("responsible", "Arbis")}),
    ("Kursen hålls i samarbete med Folkhälsan.", {("partner", "Folkhälsan")}),
    ("I Larsmo gör kommunens integrationskoordinator planen.",
     {("responsible", "kommunens integrationskoordinator")}),
])
def test_cue_relations(text: str, expected: set, nlp, gazetteer) -> None:
    doc = nlp.make_doc(text)
    named = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), m.org)
             for m in gazetteer.match(list(doc))]
    mentions = find_mentions(text, named)
    found = {(role.value, text[m.start:m.end]) for role, m, _rule in find_relations(text, mentions)}
    assert found == expected


def test_a_service_for_one_member_s_clients_is_that_member_s(nlp) -> None:
    text = JOINT + "\n10 Slutbedömning av språkkunskaperna (26 §)\n\nFör studerande från Kronoby görs" \
                   " slutbedömningen av Kronoby folkhögskola.\n"
    facts = extract_bytes(text.encode(), "jakobstad.txt").facts
    assert {f.municipality for f in facts if f.service == ServiceKey.FINAL_LANGUAGE_TEST} == {"288"}


BILINGUAL = """Porvoon kaupungin kotoutumisohjelma – Borgå stads integrationsprogram

Osaamisen ja kotoutumisen palvelutarpeen arviointi – Bedömning av kompetens och integrationsbehov

Muiden kuin työnhakijoiden arvioinnista vastaa Porvoon kaupungin maahanmuuttopalvelut.

För arbetssökande görs bedömningen av Östra Nylands sysselsättningsområde.

Monikielinen yhteiskuntaorientaatio – Flerspråkig samhällsorientering

Yhteiskuntaorientaation järjestää kaikille Porvoon kaupunki.

Samhällsorienteringen ordnas för alla av Borgå stad.

Summary in English

The City of Porvoo arranges civic orientation for all immigrants.
"""


def test_a_bilingual_programme_reads_each_language_and_gives_each_fact_once(nlp) -> None:
    facts = extract_bytes(BILINGUAL.encode(), "porvoo.txt").facts
    found = {(f.service, f.role, f.target_group, f.organisation.kind.value) for f in facts}
    assert found == {
        (ServiceKey.ASSESSMENT, Role.RESPONSIBLE, TargetGroup.OTHERS, "municipal-unit"),
        (ServiceKey.ASSESSMENT, Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, "employment-area"),
        (ServiceKey.CIVIC_ORIENTATION, Role.RESPONSIBLE, TargetGroup.ALL, "municipality"),
    }
    orientation = [f for f in facts if f.service == ServiceKey.CIVIC_ORIENTATION]
    assert len(orientation) == 1 and orientation[0].provenance.quote.startswith("Yhteiskuntaorientaation")


def test_a_town_s_own_institution_serves_that_town_only(nlp) -> None:
    text = """Integrationsprogram för Närpes och Kaskö

Programmet gäller Närpes stad och Kaskö stad.

Integrationsutbildning

För övriga invandrare ordnar Närpes medborgarinstitut integrationsutbildningen.
"""
    facts = extract_bytes(text.encode(), "narpes.txt").facts
    assert {f.municipality for f in facts if "medborgarinstitut" in f.organisation.name} == {"545"}


def test_places_in_a_row_all_scope_and_the_family_plan_is_named_short(nlp) -> None:
    text = """Integrationsprogrammet i Jakobstadsregionen

Programmet gäller Jakobstads stad, Pedersöre kommun och Larsmo kommun.

7 Familjens integrationsplan (21 §)

Arbetskraftsmyndigheten deltar alltid när en vårdnadshavare är arbetssökande, så att familjeplanen
stämmer överens med föräldrarnas planer. I Jakobstad och Pedersöre deltar Folkhälsans
familjearbetare i genomförandet av planerna.
"""
    facts = extract_bytes(text.encode(), "jakobstad.txt").facts
    family = [f for f in facts if f.service == ServiceKey.FAMILY_INTEGRATION_PLAN]
    assert {f.municipality for f in family if f.organisation.name == "Folkhälsan"} == {"598", "599"}
    assert any(f.organisation.kind.value == "employment-area" and f.role == Role.PARTNER
               and f.target_group == TargetGroup.JOBSEEKERS for f in family)


def test_a_short_swedish_programme_in_its_own_words(nlp) -> None:
    """Guidance named in the other order, "för andra" as the other group, a client group
    opening a sentence, and two passives each with its own agent."""
    text = """Raseborgs stads integrationsprogram 2025–2028

3 Samhällsorientering
Samhällsorienteringen ordnas av staden och genomförs av Raseborgs medborgarinstitut.

4 Integrationsutbildning
Arbetssökande deltar i integrationsutbildning som sysselsättningsområdet upphandlar.
För andra köper staden utbildningen av Axxell.

5 Rådgivning och handledning
Rådgivning ges av stadens integrationsbyrå i samarbete med FPA.
"""
    facts = extract_bytes(text.encode(), "raseborg.txt").facts
    got = {(f.service, f.role, f.target_group, f.organisation.name) for f in facts}
    orientation = {(r, n) for s, r, _t, n in got if s == ServiceKey.CIVIC_ORIENTATION}
    assert orientation == {(Role.RESPONSIBLE, "Raasepori"), (Role.PROVIDER, "Raseborgs medborgarinstitut")}
    assert (ServiceKey.INTEGRATION_TRAINING, Role.PROVIDER, TargetGroup.OTHERS, "Axxell") in got
    assert not any(n == "Arbetssökande" for *_r, n in got)
    assert (ServiceKey.GUIDANCE_AND_COUNSELLING, Role.PARTNER, TargetGroup.ALL, "Kansaneläkelaitos") in got


def test_an_institution_s_name_goes_on_with_its_place(nlp) -> None:
    text = """Integrationsprogram för Kristinestad

Integrationsutbildning

Kristinestad köper integrationsutbildningen för övriga av Yrkesakademin i Österbotten.
"""
    facts = extract_bytes(text.encode(), "kristinestad.txt").facts
    assert {f.organisation.name for f in facts if f.role == Role.PROVIDER} == {"Yrkesakademin i Österbotten"}


def test_an_area_named_by_its_town_is_the_area(nlp) -> None:
    """"Borgå sysselsättningsområde" is the employment area, not the town of Borgå."""
    text = """Borgå stads integrationsprogram 2025

Bedömning av kompetens och behovet av integrationstjänster

För arbetssökande gör Borgå sysselsättningsområde bedömningen.
"""
    facts = extract_bytes(text.encode(), "borga.txt").facts
    assert {(f.role, f.target_group, f.organisation.kind.value) for f in facts} == {
        (Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, "employment-area")}


def test_a_swedish_table_of_fields(nlp) -> None:
    """A name alone in a cell is a body ("Utförare | Axxell"); a region after "välfärdsområdet i"
    is the area's, not a body of its own; a service heading is no body."""
    from tests.extraction.helpers import field_tables_docx

    data = field_tables_docx("Integrationsprogram för Kimitoöns kommun 2025", [
        ("Integrationsutbildning", [("Ansvarig (arbetssökande)", "Åbo sysselsättningsområde"),
                                    ("Ansvarig (övriga)", "Kimitoöns kommun"), ("Utförare", "Axxell"),
                                    ("Samarbete", "Välfärdsområdet i Egentliga Finland")])])
    got = {(f.role, f.target_group, f.organisation.name) for f in extract_bytes(data, "kimito.docx").facts}
    assert got == {(Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, "Turun työllisyysalue"),
                   (Role.RESPONSIBLE, TargetGroup.OTHERS, "Kemiönsaari"),
                   (Role.PROVIDER, TargetGroup.ALL, "Axxell"),
                   (Role.PARTNER, TargetGroup.ALL, "Varsinais-Suomen hyvinvointialue")}


def test_places_and_clients_are_no_partners(nlp) -> None:
    """Under "Samarbete:", "i Nagu och Korpo" says where; "stadens kunder" says whose clients."""
    text = """Integrationsprogram för Pargas stad

Samhällsorientering

Samarbete: Grupperna träffas i Nagu och Korpo i församlingshemmen, i samarbete med Folkhälsan.

På ryska deltar stadens kunder i de grupper som sysselsättningsområdet ordnar.
"""
    facts = extract_bytes(text.encode(), "pargas.txt").facts
    partners = {f.organisation.name for f in facts if f.role == Role.PARTNER}
    assert partners == {"Folkhälsan"}


def test_a_town_s_compound_institution_is_the_seller_not_the_town(nlp) -> None:
    text = """Integrationsprogram för Närpes stad

Integrationsutbildning

Integrationsutbildningen för övriga invandrare köper Närpes stad av Närpes vuxeninstitut.
"""
    facts = extract_bytes(text.encode(), "narpes.txt").facts
    assert {(f.role, f.organisation.name) for f in facts if f.role == Role.PROVIDER} == {
        (Role.PROVIDER, "Närpes vuxeninstitut")}


def test_a_town_s_unit_keeps_its_swedish_word_and_the_finnish_unit_s_key(nlp) -> None:
    text = """Integrationsprogram för Borgå stad

Integrationsplan

För andra än arbetssökande utarbetar Borgå stads invandrartjänster integrationsplanen.
"""
    (fact,) = extract_bytes(text.encode(), "borga.txt").facts
    assert (fact.organisation.unit, fact.organisation.key) == ("invandrartjänster", "638/maahanmuuttopalvelu")


SHORT = """Korsnäs kommun
Integrationsprogram 2025–2027

Inledande kartläggning
Arbetskraftsmyndigheten gör den inledande kartläggningen för arbetssökande.
För övriga invandrare gör kommunens integrationskoordinator kartläggningen.

Integrationsplan
Integrationsplanen görs upp av kommunen. Vid behov deltar välfärdsområdets socialarbetare.

Samhällsorientering
Kommunen köper samhällsorienteringen av Yrkesakademin i Österbotten.
"""


def test_a_short_programme_with_each_heading_right_above_its_text(nlp) -> None:
    """Plain text without an empty line under its headings; the 2010 act's "inledande
    kartläggning" is the assessment."""
    facts = extract_bytes(SHORT.encode(), "korsnas.txt").facts
    got = {(f.service, f.target_group, f.role, f.organisation.kind.value) for f in facts}
    S, G, R = ServiceKey, TargetGroup, Role
    assert got == {
        (S.ASSESSMENT, G.JOBSEEKERS, R.RESPONSIBLE, "employment-area"),
        (S.ASSESSMENT, G.OTHERS, R.RESPONSIBLE, "municipality"),
        (S.INTEGRATION_PLAN, G.ALL, R.RESPONSIBLE, "municipality"),
        (S.INTEGRATION_PLAN, G.ALL, R.PARTNER, "welfare-area"),
        (S.CIVIC_ORIENTATION, G.ALL, R.RESPONSIBLE, "municipality"),
        (S.CIVIC_ORIENTATION, G.ALL, R.PROVIDER, "other"),
    }


def test_a_member_s_services_for_a_group_bought_from_another_member(nlp) -> None:
    text = """Integrationsprogram för Närpes och Kaskö

Programmet gäller Närpes stad och Kaskö stad.

Kaskö

Kaskö stad har ingen egen integrationsenhet. Tjänsterna för övriga invandrare köps av Närpes stad.
"""
    facts = [f for f in extract_bytes(text.encode(), "kasko.txt").facts if f.municipality == "231"]
    assert {(f.target_group, f.role, f.organisation.name) for f in facts if f.confidence >= 0.5} == {
        (TargetGroup.OTHERS, Role.PROVIDER, "Närpiö")}
    assert {f.service for f in facts} >= {ServiceKey.ASSESSMENT, ServiceKey.INTEGRATION_PLAN,
                                           ServiceKey.CIVIC_ORIENTATION}


def test_a_service_entry_that_names_both_groups_bodies(nlp) -> None:
    """"Integrationsplan: X för arbetssökande, för övriga Y i samarbete med Z": an entry line
    longer than a bare list still lists who, each for its group, and the partner."""
    text = """Malax kommun – integrationsprogram

2. Tjänster i början av integrationen

• Integrationsplan: sysselsättningsområdet för arbetssökande, för övriga kommunens socialarbetare
i samarbete med välfärdsområdet
"""
    facts = extract_bytes(text.encode(), "malax.txt").facts
    assert {(f.target_group, f.role, f.organisation.kind) for f in facts} == {
        (TargetGroup.JOBSEEKERS, Role.RESPONSIBLE, OrgKind.EMPLOYMENT_AREA),
        (TargetGroup.OTHERS, Role.RESPONSIBLE, OrgKind.MUNICIPALITY),
        (TargetGroup.OTHERS, Role.PARTNER, OrgKind.WELFARE_AREA)}


def test_a_folk_high_school_s_name_holds_its_definite_head_and_its_town() -> None:
    from extraction.swedish import find_mentions

    sentence = "Utbildningen handhas av Kristliga folkhögskolan i Nykarleby som köptjänst för kommunen."
    names = [sentence[m.start:m.end] for m in find_mentions(sentence, [])]
    assert "Kristliga folkhögskolan i Nykarleby" in names
