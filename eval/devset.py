"""Score extraction end to end on the development set, as the held-out set is scored.

    python -m eval.devset [--only lahti,sv-pargas] [--misses DIR] [--json FILE] [--write]

For each document: extract it, write it into a fresh in-memory store, ask the REST API
(`GET /api/v1/responsibilities`, through the app the server runs) for every
(municipality, service) its gold lists, and score the answers with the reference scorer
`../shared/eval/score.py`. The development set is every folder of `../shared/corpus-dev/`
(its main format, as `../shared/eval/run_eval.py` picks it) and the three real programmes of
`../shared/corpus/` (PDF) with the gold of `eval/gold/`. `--write` puts the table and every
miss and false hit into `eval/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from extraction.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "eval" / "gold"
RESULTS = ROOT / "eval" / "RESULTS.md"
MAIN_FORMAT = ("html", "docx", "pdf", "txt")  # as ../shared/eval/run_eval.py picks a folder's document


@dataclass(frozen=True, slots=True)
class DevDocument:
    slug: str
    path: Path
    gold: Path
    language: str


def scorer() -> ModuleType:
    """The reference scorer, loaded from ../shared (development material, not part of the product)."""
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        sys.exit(f"eval: the reference scorer {path} is missing (the development material in ../shared)")
    spec = importlib.util.spec_from_file_location("kotograph_reference_score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def development_set(formats: tuple[str, ...] = MAIN_FORMAT) -> list[DevDocument]:
    """The eleven development documents: ../shared/corpus-dev/* (in the first of `formats`
    each folder has) and the corpus programmes."""
    out = []
    for folder in sorted(p for p in (SHARED / "corpus-dev").glob("*") if p.is_dir()):
        gold = next(folder.glob("gold-*.json"), None)
        doc = next((folder / f"{folder.name}.{ext}" for ext in formats
                    if (folder / f"{folder.name}.{ext}").exists()), None)
        if gold and doc:
            out.append(DevDocument(folder.name, doc, gold, json.loads(gold.read_text())["language"]))
    for gold in sorted(GOLD.glob("gold-*.json")):
        name = gold.stem.removeprefix("gold-")
        pdf = SHARED / "corpus" / "pdf" / f"{name}.pdf"
        if pdf.exists():
            out.append(DevDocument(name, pdf, gold, json.loads(gold.read_text())["language"]))
    return out


def answers_for(doc: DevDocument, keys: list[tuple[str, str]], covered: list[set[str]] | None = None,
                violations: list[tuple[str, set[str], str | None, str]] | None = None,
                ) -> dict[tuple[str, str], dict | None]:
    """Ingest `doc` into a fresh in-memory store and ask the REST API for every key;
    `covered` receives the names (Finnish, Swedish, code) of each municipality the
    extraction says the document covers, `violations` the 13 § findings of severity
    Violation: (message in Finnish, the municipality's names, service key, shape)."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from extraction.pipeline import extract_file
    from graph.ingest import ensure_base_graphs, write_document
    from graph.store import open_store

    settings = Settings(store_backend="memory", result_cache_mb=0)
    store = open_store(backend="memory")
    ensure_base_graphs(store)
    extraction = extract_file(doc.path)
    names = {m.code: {m.name_fi, m.name_sv or m.name_fi, m.code} for m in extraction.municipalities}
    if covered is not None:
        covered.extend(names.values())
    write_document(store, extraction)
    if violations is not None:
        from graph.validate import validate

        violations.extend((f.messages["fi"], names.get(f.municipality_code, set()), f.service_key, f.shape)
                          for f in validate(store).findings if f.severity == "Violation")
    out: dict[tuple[str, str], dict | None] = {}
    with TestClient(create_app(settings, store)) as client:
        for municipality, service in keys:
            query = urllib.parse.urlencode({"municipality": municipality, "service": service})
            response = client.get(f"/api/v1/responsibilities?{query}", headers={"Accept": "application/json"})
            out[(municipality, service)] = response.json() if response.status_code == 200 else None
    return out


def evaluate(doc: DevDocument, score: ModuleType) -> dict:
    gold = json.loads(doc.gold.read_text())
    keys = sorted({(e["municipality"], e["service"]) for e in gold["responsibilities"]})
    started = time.perf_counter()
    covered: list[set[str]] = []
    violations: list[tuple[str, set[str], str | None, str]] = []
    try:
        answers = answers_for(doc, keys, covered, violations)
    except DocumentError as exc:  # a document the product refuses scores zero, with the reason
        return {"document": doc.slug, "error": str(exc), "misses": []}
    result = score.score(gold, answers)
    result["coverage"] = coverage(gold["municipalities"], covered)
    result["violations"] = [(message, finding_verdict(gold, names, service, shape))
                            for message, names, service, shape in violations]
    ambiguous = {f"{e['municipality']}/{e['service']}/{e['target_group']}" for e in gold["responsibilities"]
                 if e.get("confidence") == "ambiguous"}
    # misses of entries outside the headline are marked "~"
    result["misses"] = [("~ " if m.split(" ", 3)[2].rstrip(":") in ambiguous else "") + m
                        for m in result["misses"]]
    result["document"] = doc.slug
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def finding_verdict(gold: dict, names: set[str], service: str | None, shape: str) -> str:
    """Whether a 13 § finding is what the programme really lacks, by its gold: a missing
    responsible body is false where a `clear` entry names who; a missing service where any
    entry names a body ("ambiguous" where only such entries do)."""
    entries = [e for e in gold["responsibilities"] if e["municipality"] in names and e["service"] == service]
    def named(e: dict) -> bool:
        return bool(e["who"] or (shape != "ResponsibleBodyShape" and e["partners"]))
    if any(named(e) and e.get("confidence") == "clear" for e in entries):
        return "false"
    return "ambiguous" if any(named(e) for e in entries) else "real"


def coverage(expected: list[str], covered: list[set[str]]) -> str:
    """Which municipalities the extraction covers against the gold's: "ok", or "+extra −missing"."""
    extra = [min(names) for names in covered if not names & set(expected)]
    missing = [name for name in expected if not any(name in names for names in covered)]
    return " ".join([*(f"+{n}" for n in extra), *(f"−{n}" for n in missing)]) or "ok"


def f1(result: dict, kind: str) -> float:
    return result.get(f"clear.{kind}", {}).get("f1", 0.0)


def baseline() -> dict:
    """The scores of the rules before any development document was looked at (eval/baseline.json)."""
    path = ROOT / "eval" / "baseline.json"
    return json.loads(path.read_text()) if path.exists() else {"commit": "–", "scores": {}}


def table(results: list[dict], docs: dict[str, DevDocument]) -> list[str]:
    before = baseline()
    lines = [f"| document | language | municipalities | who P | who R | who F1 | partner P | partner R "
             f"| partner F1 | 13 § findings (false) | who / partner F1 at {before['commit']} |",
             "|---" * 11 + "|"]
    for r in results:
        w, p = r.get("clear.who", {}), r.get("clear.partners", {})
        old = before["scores"].get(r["document"])
        lines.append(f"| {r['document']} | {docs[r['document']].language} | {r.get('coverage', '–')} | "
                     f"{w.get('p', 0):.3f} | {w.get('r', 0):.3f} | {w.get('f1', 0):.3f} | "
                     f"{p.get('p', 0):.3f} | {p.get('r', 0):.3f} | {p.get('f1', 0):.3f} | "
                     f"{_findings(r)} | "
                     + (f"{old['who']:.3f} / {old['partners']:.3f} |" if old else "– |"))
    olds = [before["scores"][r["document"]] for r in results if r["document"] in before["scores"]]
    lines.append(f"| **macro** | | | | | {statistics.mean(f1(r, 'who') for r in results):.3f} | | | "
                 f"{statistics.mean(f1(r, 'partners') for r in results):.3f} | "
                 f"{_findings({'violations': [v for r in results for v in r.get('violations', [])]})} | "
                 + (f"{statistics.mean(o['who'] for o in olds):.3f} / "
                    f"{statistics.mean(o['partners'] for o in olds):.3f} |" if olds else "– |"))
    return lines


def _findings(result: dict) -> str:
    verdicts = [v for _m, v in result.get("violations", [])]
    return f"{len(verdicts)} ({verdicts.count('false')})"


def write_results(results: list[dict], docs: dict[str, DevDocument]) -> None:
    before = baseline()
    body = ["# Extraction quality on the development set", "",
            "`make eval` (`python -m eval.devset --write`): every development document is extracted, "
            "written into a fresh store and asked through the REST API for every (municipality, "
            "service) of its gold, at the API's default `min_confidence`; `../shared/eval/score.py` "
            "scores the answers. Headline: entries marked `clear`; who = responsible ∪ provider. "
            "\"municipalities\": the covered municipalities against the gold's (`+` extra, `−` missing). "
            f"The last column: the rules at commit {before['commit']}, {before.get('note', '')}. "
            "How each rule change moved the documents it was not written for: `eval/LOO.md`.", "",
            *table(results, docs), ""]
    for r in results:
        body += [f"## {r['document']}", ""]
        if "error" in r:
            body += [f"- refused: {r['error']}", ""]
            continue
        body += ["13 § findings (Violation), each against the gold: `real` where no entry names a "
                 "body, `false` where a `clear` entry does, `ambiguous` where only ambiguous ones do:", ""]
        body += [f"- {verdict}: {message}" for message, verdict in r.get("violations", [])] or ["- none"]
        body += ["", "Misses (FN) and false hits (FP); `~` marks an `ambiguous` entry outside the "
                 "headline:", ""]
        body += [f"- {m}" for m in r["misses"]] or ["- no miss, no false hit"]
        body.append("")
    RESULTS.write_text("\n".join(body))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated document slugs")
    parser.add_argument("--misses", type=Path, help="write each document's misses here")
    parser.add_argument("--json", type=Path, help="write the scores as JSON (for comparing runs)")
    parser.add_argument("--compare", type=Path, help="a JSON file of an earlier run to compare with")
    parser.add_argument("--write", action="store_true", help="write eval/RESULTS.md")
    parser.add_argument("--format", choices=MAIN_FORMAT,
                        help="score this rendering of each development programme where it has one")
    args = parser.parse_args(argv)
    score = scorer()
    formats = (args.format, *MAIN_FORMAT) if args.format else MAIN_FORMAT
    docs = {d.slug: d for d in development_set(formats)}
    wanted = [s for s in (args.only.split(",") if args.only else docs) if s in docs]
    results = [evaluate(docs[s], score) for s in wanted]
    earlier = json.loads(args.compare.read_text()) if args.compare else {}
    for line in table(results, docs):
        print(line)
    for r in results:
        if "error" in r:
            print(f"{r['document']}: refused: {r['error']}")
        if r["document"] in earlier:
            before = earlier[r["document"]]
            print(f"  {r['document']}: who {before['who']:.3f} -> {f1(r, 'who'):.3f}, "
                  f"partners {before['partners']:.3f} -> {f1(r, 'partners'):.3f}")
    if args.misses:
        args.misses.mkdir(parents=True, exist_ok=True)
        for r in results:
            (args.misses / f"{r['document']}.txt").write_text("\n".join(r["misses"]) + "\n")
    if args.json:
        args.json.write_text(json.dumps({r["document"]: {"who": f1(r, "who"), "partners": f1(r, "partners")}
                                         for r in results}, indent=1))
    if args.write:
        write_results(results, docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
