"""Score extraction against the hand-written gold annotations in eval/gold/.

`make eval` (python -m eval.score) extracts every corpus document that has a gold file,
compares "who" (responsible ∪ provider) and partner statements per municipality ×
service × target group × organisation, and writes precision, recall and F1 per document
and overall to eval/RESULTS.md, with every miss and false hit listed.

A statement for target group "all" counts for both jobseekers and others, on both sides.
Organisations are compared by identifier when they have one (municipality code, welfare
or employment area key, Kela, ELY centre), otherwise by their name's slug.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extraction.model import DocumentExtraction, Fact, Organisation, OrgKind, Role
from extraction.pipeline import extract_file
from graph.iris import slug

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
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


def _gold_org_id(org: dict) -> str:
    if org.get("id"):
        ident = str(org["id"])
        return ident if ":" in ident or ident == "kela" else f"{org.get('kind')}:{ident}"
    return f"name:{slug(org['name'])}"


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


def gold_keys(gold: dict, roles: set[str]) -> dict[Key, str]:
    keys: dict[Key, str] = {}
    for a in gold["annotations"]:
        if a["role"] in roles:
            for k in expand(a["municipality"], a["service"], a["target_group"],
                             _gold_org_id(a["organisation"])):
                keys.setdefault(k, a.get("evidence", ""))
    return keys


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


def find_source(corpus: Path, stem: str) -> Path | None:
    for candidate in (corpus / "pdf" / f"{stem}.pdf", corpus / f"{stem}.pdf", corpus / f"{stem}.txt"):
        if candidate.exists():
            return candidate
    return None


def run(corpus: Path, out: Path | None) -> dict[str, dict[str, Score]]:
    results: dict[str, dict[str, Score]] = {}
    timings: dict[str, float] = {}
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        source = find_source(corpus, gold_file.stem)
        if source is None:
            print(f"skip {gold_file.stem}: no source document in {corpus}", file=sys.stderr)
            continue
        started = time.perf_counter()
        ex: DocumentExtraction = extract_file(source)
        timings[gold_file.stem] = time.perf_counter() - started
        results[gold_file.stem] = {
            "who": compare(gold_keys(gold, WHO), extracted_keys(ex.facts, WHO)),
            "partner": compare(gold_keys(gold, PARTNER), extracted_keys(ex.facts, PARTNER)),
        }
    report = render(results, timings, corpus)
    print(report)
    if out:
        out.write_text(report, "utf-8")
    return results


def score_cells(who: Score, partner: Score) -> str:
    """P, R and F1 of who and partner as markdown table cells."""
    return " | ".join(f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f}" for s in (who, partner))


def render(results: dict[str, dict[str, Score]], timings: dict[str, float], corpus: Path) -> str:
    lines = ["# Extraction quality", "",
             f"`make eval` against the gold annotations in `eval/gold/` (documents from `{corpus.name}/`).",
             "Who = responsible ∪ provider. A statement for all target groups counts for both.", "",
             "| document | who P | who R | who F1 | partner P | partner R | partner F1 | seconds |",
             "|---|---|---|---|---|---|---|---|"]
    total = {"who": Score(), "partner": Score()}
    for doc, scores in results.items():
        w, p = scores["who"], scores["partner"]
        total["who"].add(w)
        total["partner"].add(p)
        lines.append(f"| {doc} | {score_cells(w, p)} | {timings[doc]:.1f} |")
    w, p = total["who"], total["partner"]
    lines.append(f"| **overall** | {score_cells(w, p)} | |")
    for doc, scores in results.items():
        for kind, score in scores.items():
            if score.misses or score.false_hits:
                lines += ["", f"## {doc}: {kind}", ""]
                lines += [f"- miss: {m}" for m in score.misses]
                lines += [f"- false hit: {f}" for f in score.false_hits]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "RESULTS.md")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"error: corpus folder {args.corpus} not found (pass --corpus)")
    run(args.corpus, args.out)


if __name__ == "__main__":
    main()
