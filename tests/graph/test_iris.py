"""The matrix reads municipality, service, role and target group back from the IRIs minted here."""

from __future__ import annotations

import pytest

from graph import iris


@pytest.mark.parametrize(("code", "key", "role", "group"), [
    ("593", "assessment", "responsible", "jobseekers"),
    ("091", "multisector-integration-plan", "partner", "all"),
    ("993", "other-municipal-services", "provider", "others"),
])
def test_offer_and_participation_iris_read_back(code: str, key: str, role: str, group: str) -> None:
    org = str(iris.municipality_iri("020"))
    assert iris.offer_parts(str(iris.service_offer_iri(code, key))) == (code, key)
    minted = str(iris.participation_iri(code, key, role, group, org))
    assert iris.participation_parts(minted) == (code, key, role, group)
