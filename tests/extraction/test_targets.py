"""Target-group detection (681/2023 3 §) in context: cue tables, labels, conjuncts, tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.model import Role, TargetGroup
from extraction.slots import label_end, split_label
from extraction.targets import distribution, header_target_of, target_of
from tests.extraction.helpers import facts_of_text, relations_in

J, OT, ALL = TargetGroup.JOBSEEKERS, TargetGroup.OTHERS, TargetGroup.ALL
R, P, C = Role.RESPONSIBLE, Role.PROVIDER, Role.PARTNER
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Clause text → the group it names (None: none, or both).
CUE_CASES = [
    ("Muiden kuin työnhakijoiden arvioinnista vastaa Kivijoen kaupunki.", OT),
    ("Havulahden kunta vastaa työvoiman ulkopuolella olevien arvioinneista.", OT),
    ("Työnhakijoiden arvioinnit tekee kaikissa kunnissa Kivijoen seudun työllisyysalueen "
     "kotoutumistiimi.", J),
    ("Muille maahanmuuttajille monikielinen yhteiskuntaorientaatio hankitaan ulkopuoliselta "
     "palveluntuottajalta.", OT),
    ("jotka eivät ole työnhakijoita", OT),
    ("Kivijoen kaupunki laatii perheen kotoutumissuunnitelmia kaikille sitä tarvitseville "
     "perheille, myös silloin, kun vanhempi on työnhakija.", J),
    ("Planen görs för andra än arbetssökande.", OT),
    ("Arbetssökande hänvisas till sysselsättningsområdet.", J),
    # a parent on child home care allowance is outside the labour force (14 § 1 mom. 3 k.)
    ("Havulahden kunta arvioi kotihoidon tukea saavien vanhempien palvelutarpeen.", OT),
    ("Työnhakijoille ja muille maahanmuuttajille", None),
    # a group named only as the condition that is waived: everyone
    ("Havulahden kunta laatii suunnitelman riippumatta siitä, onko asiakas työnhakija.", ALL),
    ("Neuvontaa saa työmarkkina-asemasta riippumatta.", ALL),
    ("Kunta neuvoo muita kuin työnhakijoita maahantulon syystä riippumatta.", OT),
    ("Arviointi aloitetaan viipymättä.", None),
    # labour market training is the jobseekers' form of a service
    ("Toteuttaja: työvoimakoulutuksena Havulahden aikuisopisto.", J),
    ("Slutbedömningen görs i arbetskraftsutbildningen.", J),
    # "muissa kuin … asioissa": other matters, not other people
    ("Neuvontaa saavat kaikki maahanmuuttajat muissa kuin viranomaisten toimivaltaan kuuluvissa "
     "asioissa.", ALL),
]


@pytest.mark.parametrize(("text", "expected"), CUE_CASES)
def test_target_cue(text: str, expected: TargetGroup | None) -> None:
    language = "sv" if any(w in text for w in ("görs", "hänvisas")) else "fi"
    assert target_of(text, language) == expected



@pytest.mark.parametrize(("language", "texts"), [
    ("fi", ["Havulahden kunta laatii suunnitelman riippumatta siitä, onko asiakas työnhakija.",
            "Neuvontaa saa työmarkkina-asemasta riippumatta.",
            "Kunta neuvoo muita kuin työnhakijoita maahantulon syystä riippumatta."]),
    ("sv", ["Kommunen gör kartläggningen oberoende av om kunden är arbetssökande.",
            "Rådgivning ges oavsett bakgrund."]),
])
def test_every_waiver_holds_a_word_the_quick_test_finds(language: str, texts: list[str]) -> None:
    """`target_of` tries the waiver pattern only on texts with one of WAIVER_WORDS."""
    import re

    from extraction.targets import WAIVED, WAIVER_WORDS

    waivers = [m.group() for text in texts for m in re.finditer(WAIVED[language], text.lower())]
    assert len(waivers) == len(texts)
    assert all(any(word in waiver for word in WAIVER_WORDS[language]) for waiver in waivers)

@pytest.mark.parametrize(("cell", "expected"), [
    ("Muut", OT), ("Övriga", OT), ("Työnhakijat", J), ("Yhteistyökumppanit", None),
    ("Muut maahanmuuttajat", OT),
])
def test_table_header_group(cell: str, expected: TargetGroup | None) -> None:
    assert header_target_of(cell) == expected


@pytest.mark.parametrize(("text", "label", "rest"), [
    ("Kivijoki: Muiden kuin työnhakijoiden arvioinnista vastaa Kivijoen kaupunki.", "Kivijoki",
     "Muiden kuin"),
    ("\x00 Kela: etuudet eri elämäntilanteissa", "Kela", "etuudet"),
    ("• Vastuutaho: Korpimaan kunta", "Vastuutaho", "Korpimaan"),
])
def test_label_split(text: str, label: str, rest: str) -> None:
    found = split_label(text)
    assert found is not None and found[0] == label
    end = label_end(text)
    assert end is not None and text[end:].startswith(rest)


def test_no_label_in_running_text() -> None:
    assert label_end("Palvelu järjestetään 2.–16.9.2024 klo 9:00 alkaen.") is None
    assert label_end("Vastuutahot kunnittain:") is None  # a lead-in, no text after it




@pytest.fixture(scope="module")
def example_gazetteer(nlp):
    from extraction.pipeline import _gazetteer

    return _gazetteer((str((EXAMPLES / "reference").resolve()),))


# A block as the layout gives it, municipality, (role, group, organisation key) expected.
CONTEXT_CASES = [
    # the label "Kivijoki:" is parsed as a sentence of its own: the clause keeps its subject
    ("Kivijoki: Muiden kuin työnhakijoiden arvioinnista vastaa Kivijoen kaupunki.", "995",
     (R, OT, "995")),
    # each conjunct answers for the group of its own "X:n osalta" frame
    ("Kotoutumisohjelmaan sisältyvistä palveluista vastaa työnhakijoiden osalta Järvelän "
     "työllisyysalue ja muiden maahanmuuttajien osalta Korpimaan kunta.", "997", (R, OT, "997")),
    ("Kotoutumisohjelmaan sisältyvistä palveluista vastaa työnhakijoiden osalta Järvelän "
     "työllisyysalue ja muiden maahanmuuttajien osalta Korpimaan kunta.", "997",
     (R, J, "jarvela")),
    ("Havulahti: Havulahden kunta vastaa työvoiman ulkopuolella olevien arvioinneista.", "994",
     (R, OT, "994")),
    # a slot noun in a copular clause gives its role to the bodies it is predicated of
    ("Palveluntuottajia voivat olla mm. Järviseudun kansanopisto tai Järviseudun ammattiopisto.",
     "997", (P, None, "jarviseudun-kansanopisto")),
    ("Yhteistyötahoja ovat Kela ja Järviseudun hyvinvointialue.", "997", (C, None, "kela")),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "municipality", "expected"), CONTEXT_CASES)
def test_group_in_context(text, municipality, expected, nlp, example_gazetteer) -> None:
    found = relations_in(text, municipality, nlp, example_gazetteer)
    role, group, key = expected
    assert any(r[0] == role and r[2] == key and (group is None or r[1] == group)
               for r in found), found


@pytest.mark.model
def test_municipality_paragraph_group_end_to_end(nlp) -> None:
    """The reported bug: a per-municipality paragraph's group must not become "all"."""
    from tests.extraction.test_examples import _extract

    ex = _extract("kivijoki-seutu-kotoutumisohjelma")
    facts = {(f.municipality, f.service.value, f.role, f.target_group, f.organisation.key)
             for f in ex.facts if "Muiden kuin työnhakijoiden arvioinnista" in f.provenance.quote}
    assert ("995", "assessment", R, OT, "995") in facts
    assert not any(f[3] == ALL for f in facts)


def test_the_bare_other_after_a_jobseekers_sentence_is_everyone_else(tmp_path, nlp) -> None:
    from tests.extraction.helpers import facts_of_text

    text = """Kivijoen kaupungin kotoutumisohjelma 2025

Kotoutumissuunnitelma

Työnhakijan suunnitelman laatii työllisyysalueen asiantuntija. Muiden suunnitelman laatii
kaupungin kotoutumispalvelut.

Kotoutumiskoulutus

Muille kotoutumiskoulutusta järjestää Kivijoen kansalaisopisto.
"""
    facts = facts_of_text(tmp_path, text)
    plan = {(f.target_group, f.organisation.kind.value) for f in facts
            if f.service.value == "integration-plan" and f.role == R}
    assert plan == {(J, "employment-area"), (OT, "municipal-unit")}
    # with no jobseekers' sentence before it, "Muille" alone names no group
    training = {f.target_group for f in facts if f.service.value == "integration-training"}
    assert training == {ALL}


DISTRIBUTED = """Lohjan kaupungin kotoutumisohjelma

Osaamisen ja kotoutumisen palvelutarpeen arviointi

Arvioinnin tekee työnhakijoille työllisyysalue ja muille kaupungin kotoutumispalvelut.

Kotoutumissuunnitelma

Kotoutumissuunnitelman laatii työnhakijoiden osalta työllisyysalue ja muiden osalta kaupunki.

Yhteiskuntaorientaatio

Kaupunki järjestää yhteiskuntaorientaation työnhakijoille ja muille maahanmuuttajille.
"""


@pytest.mark.model
def test_each_group_its_own_body_in_one_sentence(tmp_path, nlp) -> None:
    """"työnhakijoille työllisyysalue ja muille kaupunki": each body for the group before it;
    one body for both groups serves all."""
    facts = facts_of_text(tmp_path, DISTRIBUTED)
    got = {(f.service.value, f.target_group.value, f.organisation.kind.value) for f in facts}
    assert got == {
        ("assessment", "jobseekers", "employment-area"), ("assessment", "others", "municipal-unit"),
        ("integration-plan", "jobseekers", "employment-area"), ("integration-plan", "others", "municipality"),
        ("civic-orientation", "all", "municipality"),
    }


VERBLESS = """Lohjan kaupungin kotoutumisohjelma

Osaamisen ja kotoutumisen palvelutarpeen arviointi

Arvioinnin tekee muille kuin työnhakijoille kotoutumiskoordinaattori, työnhakijoille työllisyysalue.

Kotoutumissuunnitelma

Suunnitelman tekee työnhakijoille työllisyysalue, muille kuin työnhakijoille kotoutumiskoordinaattori.
"""


@pytest.mark.model
def test_a_title_alone_in_its_group_s_stretch_does_what_the_clause_says(tmp_path, nlp) -> None:
    """"… muille kuin työnhakijoille kotoutumiskoordinaattori, työnhakijoille työllisyysalue":
    the parser takes the title for an object and the area for its apposition; each body is
    still its group's, and the title works for the municipality."""
    facts = facts_of_text(tmp_path, VERBLESS)
    got = {(f.service.value, f.target_group.value, f.organisation.kind.value) for f in facts}
    assert got == {
        ("assessment", "jobseekers", "employment-area"), ("assessment", "others", "municipality"),
        ("integration-plan", "jobseekers", "employment-area"), ("integration-plan", "others", "municipality"),
    }


def test_distribution_needs_both_groups() -> None:
    assert distribution("Kunta järjestää palvelun työnhakijoille.") == []
    assert [group for _start, group in distribution(
        "Palvelun tekee muille kuin työnhakijoille kunta ja työnhakijoille työllisyysalue.")] == [
        TargetGroup.OTHERS, TargetGroup.JOBSEEKERS]


@pytest.mark.model
def test_an_others_word_that_does_not_agree_with_the_body_leaves_it_referring(tmp_path, nlp) -> None:
    """"Muille kaupunki järjestää …": the parser may hang "Muille" on "kaupunki" as a
    determiner, but an allative does not make a nominative "the other towns"."""
    text = ("Raahen kaupungin kotoutumisohjelma\n\nKotoutumiskoulutus\n\n"
            "Työnhakijoiden kotoutumiskoulutuksen järjestää työllisyysalue työvoimakoulutuksena. Muille\n"
            "kaupunki järjestää kotoutumiskoulutusta omaehtoisena opiskeluna Raahen kansalaisopistossa.\n")
    got = {(f.target_group, f.organisation.kind.value) for f in facts_of_text(tmp_path, text)
           if f.role == Role.RESPONSIBLE}
    assert got == {(J, "employment-area"), (OT, "municipality")}
