"""Fixtures for the 13 § shape tests (helpers live in shapes13_support.py, a module name
no other test folder uses)."""

from __future__ import annotations

import pytest
from shapes13_support import ProgrammeBuilder


@pytest.fixture
def jarvela() -> ProgrammeBuilder:
    """A complete one-municipality programme that tests take apart."""
    return ProgrammeBuilder([("993", "Järvelä", "Järvelä")], name="jarvela")
