"""The fictional example programmes against examples/expected.json, scored like eval/keys.py.

Who = responsible ∪ providers, partners separately, per municipality × service × target
group × organisation id; "all" counts for both groups on both sides. Organisations with an
identifier (municipality, employment / welfare area, Kela) are compared by it, the others
by the slug of their canonical name (aliases and Swedish names folded in).

Run `python -m tests.extraction.test_examples` for the scores with every miss and false hit.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import pytest

from eval.keys import GROUPS, PARTNER, WHO, Score, compare, extracted_keys
from extraction.gazetteer import slug
from extraction.model import DocumentExtraction

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
REFERENCE = EXAMPLES / "reference"
# Lower bounds, raised as the extraction improves.
MIN_WHO_F1 = 0.7
MIN_PARTNER_F1 = 0.55

Key = tuple[str, str, str, str]


@lru_cache(maxsize=1)
def _expected() -> dict:
    return json.loads((EXAMPLES / "expected.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """slug of any name or alias → the canonical organisation id."""
    welfare = {row["code"]: row["key"] for row in csv.DictReader(
        (REFERENCE / "welfare_areas.csv").open(encoding="utf-8"))}
    out: dict[str, str] = {}
    for name, org in _expected()["organisations"].items():
        kind, ident = org.get("kind"), org.get("identifier")
        if kind == "municipality":
            canonical = f"municipality:{ident}"
        elif kind == "employment-area":
            canonical = f"employment-area:{ident}"
        elif kind == "welfare-area":
            canonical = f"welfare-area:{welfare.get(ident, ident)}"
        elif kind == "kela":
            canonical = "kela"
        else:
            canonical = f"name:{slug(name)}"
        for alias in (name, org.get("name_sv"), *org.get("aliases", ())):
            if alias:
                out[f"name:{slug(alias)}"] = canonical
    return out


def expected_keys(stem: str, roles: tuple[str, ...]) -> dict[Key, str]:
    aliases = _aliases()
    keys: dict[Key, str] = {}
    for code, services in _expected()["documents"][stem]["municipalities"].items():
        for service, groups in services.items():
            for group, answer in groups.items():
                for role in roles:
                    for name in answer.get(role, ()):
                        org = aliases.get(f"name:{slug(name)}", f"name:{slug(name)}")
                        for g in GROUPS[group]:
                            keys[(code, service, g, org)] = role
    return keys


def _canonical(found: dict[Key, str]) -> dict[Key, str]:
    aliases = _aliases()
    return {(m, s, g, aliases.get(o, o)): q for (m, s, g, o), q in found.items()}


def score_example(stem: str, extraction: DocumentExtraction) -> dict[str, Score]:
    return {
        "who": compare(expected_keys(stem, ("responsible", "providers")),
                       _canonical(extracted_keys(extraction.facts, WHO))),
        "partner": compare(expected_keys(stem, ("partners",)),
                           _canonical(extracted_keys(extraction.facts, PARTNER))),
    }


@lru_cache(maxsize=8)
def _extract(stem: str) -> DocumentExtraction:
    from extraction.pipeline import extract_file

    return extract_file(EXAMPLES / f"{stem}.pdf", reference_dirs=(REFERENCE,))


STEMS = sorted(_expected()["documents"])


@pytest.mark.parametrize("stem", STEMS)
def test_example_scores(stem: str, nlp) -> None:
    scores = score_example(stem, _extract(stem))
    assert scores["who"].f1 >= MIN_WHO_F1, scores["who"].misses + scores["who"].false_hits
    assert scores["partner"].f1 >= MIN_PARTNER_F1, (
        scores["partner"].misses + scores["partner"].false_hits)


def main() -> None:
    import sys

    verbose = "-v" in sys.argv
    for stem in STEMS:
        scores = score_example(stem, _extract(stem))
        w, p = scores["who"], scores["partner"]
        print(f"{stem:38} who P {w.precision:.3f} R {w.recall:.3f} F1 {w.f1:.3f} | "
              f"partner P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}")
        if verbose:
            for kind, score in scores.items():
                for line in score.misses:
                    print(f"   {kind} miss: {line[:160]}")
                for line in score.false_hits:
                    print(f"   {kind} false: {line[:160]}")


if __name__ == "__main__":
    main()
