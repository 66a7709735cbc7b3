"""Score extraction on a sample of the synthetic national corpus (eval/corpus.py): a
regression and scale test, not a measure of generalisation.

    python -m eval.synthetic [--seed 2] [--documents 20] [--out eval/SYNTHETIC.md]

The generator's templates are wordings the rules were written against, so a high score
here says nothing about programmes written by others (`eval/devset.py` measures those).
What it does show: that a change keeps reading the generated layouts, at scale. A
deterministic sample of employment areas is generated into var/eval/synthetic/ (cached by
seed and areas), every PDF is extracted in two processes, and the manifest's responsible /
provider / partner organisations become the keys of eval/keys.py. The report (P/R/F1 per
layout and the largest miss and false-hit groups) is written to `--out`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from eval.keys import PARTNER, ROOT, WHO, Key, Score, compare, expand, extracted_keys, org_id, score_cells
from graph.iris import slug

CACHE = ROOT / "var" / "eval" / "synthetic"
SECTION = "# Synthetic corpus (regression and scale, not generalisation)"
MANIFEST_ROLES = {"who": ("responsible", "providers"), "partner": ("partners",)}
ROLE_SETS = {"who": WHO, "partner": PARTNER}


def sample_areas(seed: int, budget: int) -> list[str]:
    """Employment areas whose documents cover every (layout, joint) kind within ~budget documents.

    The areas are shuffled by the seed; the first area showing a kind not yet covered is
    taken, then further areas fill the budget in the same order. No choice looks at scores.
    """
    from eval import corpus

    omissions = corpus.omission_assignments(seed, 0.1)
    areas = corpus.selected_areas(seed, 1.0)
    random.Random(f"eval-synthetic-{seed}").shuffle(areas)
    kinds = {area.key: {(d.style.layout, d.joint) for d in corpus.plan_area(seed, area, omissions)}
             for area in areas}
    sizes = {area.key: len(corpus.plan_area(seed, area, omissions)) for area in areas}
    chosen: list[str] = []
    covered: set[tuple[str, bool]] = set()
    for layout in corpus.LAYOUTS:
        for joint in (False, True):
            if (layout, joint) in covered:
                continue
            area = next((a for a in kinds if (layout, joint) in kinds[a] and sizes[a] <= budget // 3), None)
            if area:
                chosen.append(area)
                covered |= kinds[area]
    for area in kinds:
        if area not in chosen and sum(sizes[a] for a in chosen) + sizes[area] <= budget:
            chosen.append(area)
    return sorted(chosen)


def corpus_dir(seed: int, areas: list[str]) -> Path:
    """The generated sample, written once per seed and set of areas."""
    from eval import corpus

    tag = hashlib.sha256(",".join(areas).encode()).hexdigest()[:10]
    out = CACHE / f"seed{seed}-{tag}"
    if not (out / "manifest.json").exists():
        corpus.generate(out, seed, 1.0, 0.1, "pdf", areas=areas, workers=2)
    return out


def _organisation_ids(manifest: dict) -> dict[str, str]:
    """Manifest organisation name → eval organisation id (eval/score.py's org_id)."""
    return {name: org_id(org["kind"], org.get("identifier"), None, name)
            for name, org in manifest["organisations"].items()}


def _branch_parents(manifest: dict) -> dict[str, str]:
    """Id prefix of a local branch → its parent's id, for parents the manifest gives aliases.

    The manifest counts "Suomen Punaisen Ristin X osasto" as "Suomen Punainen Risti";
    extraction names a branch "Suomen Punainen Risti, X osasto" (mentions._branches).
    """
    return {f"name:{slug(name)}-": org_id(org["kind"], org.get("identifier"), None, name)
            for name, org in manifest["organisations"].items() if org.get("aliases")}


def _canonical(ident: str, parents: dict[str, str]) -> str:
    return next((parent for prefix, parent in parents.items() if ident.startswith(prefix)), ident)


def manifest_keys(document: dict, ids: dict[str, str], kind: str) -> dict[Key, str]:
    """The keys the manifest expects for one document; the value names the role(s)."""
    keys: dict[Key, str] = {}
    for code, record in document["municipalities"].items():
        for service, groups in record["services"].items():
            for group, roles in groups.items():
                for role in MANIFEST_ROLES[kind]:
                    for name in roles.get(role, ()):
                        for key in expand(code, service, group, ids.get(name, f"name:{slug(name)}")):
                            keys.setdefault(key, role)
    return keys


def _extract(path: str) -> dict[str, dict[Key, str]]:
    """Worker: the who and partner keys extracted from one PDF."""
    from extraction.pipeline import extract_file

    facts = extract_file(Path(path)).facts
    return {kind: extracted_keys(facts, roles) for kind, roles in ROLE_SETS.items()}


@dataclass
class DocResult:
    file: str
    layout: str
    joint: bool
    scores: dict[str, Score]


def evaluate(directory: Path, jobs: int = 2) -> list[DocResult]:
    manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
    ids = _organisation_ids(manifest)
    parents = _branch_parents(manifest)
    documents = manifest["documents"]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        found = list(pool.map(_extract, [str(directory / d["file"]) for d in documents]))
    results = []
    for document, extracted in zip(documents, found, strict=True):
        scores = {}
        for kind in ROLE_SETS:
            keys = {(m, s, g, _canonical(o, parents)): q for (m, s, g, o), q in extracted[kind].items()}
            scores[kind] = compare(manifest_keys(document, ids, kind), keys)
        results.append(DocResult(document["file"], document["layout"], document["joint"], scores))
    return results


def _org_class(ident: str) -> str:
    return ident.split(":", 1)[0]


def groups(results: Iterable[DocResult], kind: str, attr: str) -> Counter[tuple[str, ...]]:
    """Misses or false hits counted by layout, service, target group and organisation class."""
    counts: Counter[tuple[str, ...]] = Counter()
    for r in results:
        for _m, s, g, o in getattr(r.scores[kind], attr):
            counts[(_layout(r), s, g, _org_class(o))] += 1
    return counts


def _layout(r: DocResult) -> str:
    return f"{r.layout} ({'joint' if r.joint else 'single'})"


def render(results: list[DocResult], seed: int, areas: list[str], seconds: float, top: int = 12,
           command: str = "`python -m eval.synthetic` (run by `make eval-synthetic`)") -> str:
    by_layout: dict[str, dict[str, Score]] = {}
    total = {"who": Score(), "partner": Score()}
    for r in results:
        bucket = by_layout.setdefault(_layout(r), {"who": Score(), "partner": Score()})
        for kind, score in r.scores.items():
            bucket[kind].add(score)
            total[kind].add(score)
    lines = [SECTION, "",
             f"{command}: {len(results)} documents of "
             f"`eval/corpus.py` "
             f"seed {seed}, employment areas {', '.join(areas)}; expected keys from its manifest. "
             f"Extraction took {seconds:.0f} s in two processes.", "",
             "| layout | documents | who P | who R | who F1 | partner P | partner R | partner F1 |",
             "|---|---|---|---|---|---|---|---|"]
    counts = Counter(_layout(r) for r in results)
    for layout in sorted(by_layout):
        scores = by_layout[layout]
        lines.append(f"| {layout} | {counts[layout]} | {score_cells(scores['who'], scores['partner'])} |")
    lines.append(f"| **overall** | {len(results)} | {score_cells(total['who'], total['partner'])} |")
    for kind in ROLE_SETS:
        for attr, title in (("miss_keys", "misses"), ("false_keys", "false hits")):
            lines += ["", f"## Largest {kind} {title}", "",
                      "(layout | service | target group | organisation class)", ""]
            lines += [f"- {n} × {' | '.join(key)}" for key, n in groups(results, kind, attr).most_common(top)]
    return "\n".join(lines) + "\n"


def write_section(out: Path, section: str) -> None:
    """Replace (or append) the synthetic section of the results file, keeping the rest."""
    text = out.read_text("utf-8") if out.exists() else ""
    head = text.split(SECTION, 1)[0].rstrip("\n")
    out.write_text((head + "\n\n" if head else "") + section, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--documents", type=int, default=20, help="about how many documents to sample")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "SYNTHETIC.md")
    parser.add_argument("--dump", type=Path, default=None, help="also write every miss and false hit here")
    args = parser.parse_args()
    areas = sample_areas(args.seed, args.documents)
    directory = corpus_dir(args.seed, areas)
    started = time.perf_counter()
    results = evaluate(directory, args.jobs)
    command = ("`python -m eval.synthetic` (run by `make eval-synthetic`)" if args.seed == 2 else
               f"`python -m eval.synthetic --seed {args.seed} --documents {args.documents}`")
    section = render(results, args.seed, areas, time.perf_counter() - started, command=command)
    print(section)
    if args.dump:
        args.dump.write_text("\n".join(f"{r.file} {kind} {label}: {line}" for r in results
                                       for kind, s in r.scores.items()
                                       for label, items in (("miss", s.misses), ("false", s.false_hits))
                                       for line in items) + "\n", "utf-8")
    if args.out:
        write_section(args.out, section)


if __name__ == "__main__":
    sys.exit(main())
