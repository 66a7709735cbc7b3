"""The three corpus programmes, from PDF to facts."""

from pathlib import Path

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from tests.helpers.material import shared_path

pytestmark = pytest.mark.model

DATA = Path(__file__).parent / "data"
EXPECTED = {
    "000_877bcb84de0e2fbb.pdf": {"593"},
    "001_e2e2fabac0873238.pdf": {"297", "857", "402", "204"},
    "002_d77fd843a353bca4.pdf": {"240", "241", "751", "845", "851", "976"},
}


@pytest.fixture(scope="module")
def extractions(nlp):
    from extraction.pipeline import extract_file

    return {name: extract_file(shared_path("corpus", "pdf", name), reference_dirs=[DATA])
            for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_covered_municipalities(name, extractions) -> None:
    assert {m.code for m in extractions[name].municipalities} == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_assessment_has_responsible_for_both_groups(name, extractions) -> None:
    facts = [f for f in extractions[name].facts
             if f.service == ServiceKey.ASSESSMENT and f.role == Role.RESPONSIBLE]
    for code in EXPECTED[name]:
        groups = {f.target_group for f in facts if f.municipality == code}
        assert groups & {TargetGroup.JOBSEEKERS, TargetGroup.ALL}, code
        assert groups & {TargetGroup.OTHERS, TargetGroup.ALL}, code


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_provenance_points_into_the_page(name, extractions) -> None:
    result = extractions[name]
    assert result.language == "fi" and result.media_type == "application/pdf"
    for fact in result.facts:
        prov = fact.provenance
        assert 1 <= prov.page <= result.page_count
        assert prov.end - prov.start == len(prov.quote) and prov.rule


def test_per_municipality_paragraphs(extractions) -> None:
    """In 002 each municipality's own paragraph decides its own assessment body."""
    name = "002_d77fd843a353bca4.pdf"
    facts = extractions[name].facts
    tervola = {f.organisation.key for f in facts if f.municipality == "845"
               and f.service == ServiceKey.ASSESSMENT and f.role == Role.RESPONSIBLE
               and f.target_group == TargetGroup.JOBSEEKERS}
    assert "meri-lappi" in tervola
