"""A statement that names no group holds for both groups, also in a service whose other
statements split responsibility by group (3 §): the group is the text's, never inferred."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

SPLIT = """Siilinjärven kunnan kotoutumisohjelma

Kotoutumissuunnitelma (KotoL 16 §)

Kunnan on laadittava kotoutumissuunnitelma viipymättä.

Työttömille työnhakijoille kotoutumissuunnitelman tekee Kuopion työllisyysalue.
Työvoiman ulkopuolisille kotoutumissuunnitelman tekee kunnan kotoutumispalvelut.
"""


def _plan(text: str) -> set[tuple]:
    facts = extract_bytes(text.encode(), "siilinjarvi.txt").facts
    return {(f.target_group, f.organisation.key) for f in facts
            if f.service == ServiceKey.INTEGRATION_PLAN and f.role == Role.RESPONSIBLE
            and "laadittava" in f.provenance.quote}


def test_a_split_service_does_not_narrow_a_statement_that_names_no_group(nlp) -> None:
    assert _plan(SPLIT) == {(TargetGroup.ALL, "749")}


def test_without_a_split_the_statement_holds_for_all(nlp) -> None:
    text = SPLIT.replace("Työttömille työnhakijoille kotoutumissuunnitelman tekee Kuopion "
                         "työllisyysalue.\n", "")
    assert _plan(text) == {(TargetGroup.ALL, "749")}
