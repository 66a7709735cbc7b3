"""`make eval` checks each 13 § finding against the gold: a finding that a service has no
responsible body, where the gold names one clearly, is counted as false."""

from eval.devset import finding_verdict

GOLD = {"responsibilities": [
    {"municipality": "Laukaa", "service": "other-training-and-services", "target_group": "jobseekers",
     "confidence": "clear", "who": ["pks-tyollisyysalue"], "partners": []},
    {"municipality": "Laukaa", "service": "integration-training", "target_group": "all",
     "confidence": "ambiguous", "who": ["gradia"], "partners": []},
    {"municipality": "Laukaa", "service": "civic-orientation", "target_group": "all",
     "confidence": "clear", "who": [], "partners": ["kela"]},
    {"municipality": "Laukaa", "service": "final-language-test", "target_group": "all",
     "confidence": "clear", "who": [], "partners": []},
]}
NAMES = {"Laukaa", "410"}


def test_a_finding_the_gold_contradicts_is_false() -> None:
    assert finding_verdict(GOLD, NAMES, "other-training-and-services", "ResponsibleBodyShape") == "false"


def test_a_finding_only_ambiguous_entries_contradict_is_ambiguous() -> None:
    assert finding_verdict(GOLD, NAMES, "integration-training", "ResponsibleBodyShape") == "ambiguous"


def test_partners_describe_a_service_but_name_no_one_in_charge() -> None:
    assert finding_verdict(GOLD, NAMES, "civic-orientation", "ResponsibleBodyShape") == "real"
    assert finding_verdict(GOLD, NAMES, "civic-orientation", "MinimumContentShape") == "false"


def test_what_the_programme_leaves_out_is_a_real_finding() -> None:
    assert finding_verdict(GOLD, NAMES, "final-language-test", "MinimumContentShape") == "real"
    assert finding_verdict(GOLD, {"Kemi"}, "other-training-and-services", "ResponsibleBodyShape") == "real"
