"""Fact keys and P/R/F1 over them, for scoring against hand-made expected facts: the
fictional examples (`tests/extraction/test_examples.py`) and the synthetic corpus's
manifest (`eval/synthetic.py`, a regression and scale set).

A key is (municipality, service, target group, organisation identity); a statement for
target group "all" counts for both groups. The development set is scored as the held-out
set is, through the REST API with ../shared/eval/score.py: `eval/devset.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extraction.model import Fact, Organisation, OrgKind, Role
from graph.iris import slug

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {"all": ("jobseekers", "others"), "jobseekers": ("jobseekers",), "others": ("others",)}

Key = tuple[str, str, str, str]  # municipality, service, target group, organisation id


def org_id(kind: str | None, key: str | None, parent: str | None, name: str) -> str:
    """The identity two organisations must share to count as the same."""
    if kind in ("municipality",) and key:
        return f"municipality:{key}"
    if kind == "municipal-unit" and parent:
        return f"municipality:{parent}"
    if kind in ("employment-area", "welfare-area") and key:
        return f"{kind}:{key}"
    if kind == "kela":
        return "kela"
    if kind == "regional-state-authority" and key and key.startswith("ely-"):
        return f"ely:{key.removeprefix('ely-')}"  # an ELY centre: "ely:pohjois-savo"
    return f"name:{slug(name)}"


def _fact_org_id(org: Organisation) -> str:
    if org.kind is OrgKind.MUNICIPAL_UNIT and org.parent_key:
        return f"municipality:{org.parent_key}"
    return org_id(org.kind.value, org.key, org.parent_key, org.name)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    miss_keys: list[Key] = field(default_factory=list)
    false_keys: list[Key] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


def expand(m: str, s: str, g: str, o: str) -> Iterable[Key]:
    """The keys of one statement; target group "all" stands for both groups."""
    return ((m, s, group, o) for group in GROUPS[g])


def extracted_keys(facts: Iterable[Fact], roles: set[str]) -> dict[Key, str]:
    keys: dict[Key, str] = {}
    for f in facts:
        if f.role.value in roles:
            for k in expand(f.municipality, f.service.value, f.target_group.value,
                             _fact_org_id(f.organisation)):
                keys.setdefault(k, f.provenance.quote)
    return keys


def compare(gold: dict[Key, str], found: dict[Key, str]) -> Score:
    score = Score()
    score.tp = len(gold.keys() & found.keys())
    score.fn = len(gold.keys() - found.keys())
    score.fp = len(found.keys() - gold.keys())
    score.miss_keys = sorted(gold.keys() - found.keys())
    score.false_keys = sorted(found.keys() - gold.keys())
    score.misses = [f"{' | '.join(k)} — “{gold[k][:140]}”" for k in score.miss_keys]
    score.false_hits = [f"{' | '.join(k)} — “{found[k][:140]}”" for k in score.false_keys]
    return score


WHO = {Role.RESPONSIBLE.value, Role.PROVIDER.value}
PARTNER = {Role.PARTNER.value}


def score_cells(who: Score, partner: Score) -> str:
    """P, R and F1 of who and partner as markdown table cells."""
    return " | ".join(f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f}" for s in (who, partner))
