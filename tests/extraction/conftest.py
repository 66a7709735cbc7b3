"""Shared fixtures: the reference fixture tables and the (slow) Finnish model."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def nlp():
    from extraction.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="module")
def gazetteer(nlp):
    from extraction.pipeline import _gazetteer

    return _gazetteer((str(DATA.resolve()),))
