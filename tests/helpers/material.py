"""The development material beside the checkout (`../shared`), for the tests that read it.

A test that needs it fails with the missing path named, never skips: docs/operations.md says which
tests read `../shared` (the development corpus and the reference scorer).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test fails when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: this test reads the development material beside the "
                    "checkout (../shared; see docs/operations.md, 'Tests')", pytrace=False)
    return path


def development_documents() -> list:
    """The eleven development documents with their gold (eval.devset's list)."""
    from eval.devset import development_set

    shared_path("corpus-dev")
    shared_path("corpus", "pdf")
    return development_set()
