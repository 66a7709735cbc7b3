"""Validate the gold annotation files in this directory.

Checks, per file: valid JSON; only the allowed keys and values; organisation ids
consistent with their kind; no duplicate (municipality, service, target_group, role,
organisation) key; every annotation's municipality is listed; and every evidence
string occurs in the source text after normalisation (see `normalise`).

Usage: python3 eval/gold/validate.py [--corpus DIR] [--verbose]
Exit status 0 when every file passes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

SERVICES = {
    "assessment",
    "multisector-assessment",
    "integration-plan",
    "multisector-integration-plan",
    "family-integration-plan",
    "civic-orientation",
    "integration-training",
    "final-language-test",
    "other-training-and-services",
    "guidance-and-counselling",
    "other-municipal-services",
}
TARGET_GROUPS = {"jobseekers", "others", "all"}
ROLES = {"responsible", "provider", "partner"}
KINDS = {
    "municipality",
    "municipal-unit",
    "employment-authority",
    "employment-area",
    "welfare-area",
    "kela",
    "regional-state-authority",
    "educational-institution",
    "ngo",
    "parish",
    "company",
    "project",
    "other",
}
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERNS = {
    "municipality": re.compile(r"municipality:\d{3}"),
    "municipal-unit": re.compile(r"municipality:\d{3}"),
    "employment-area": re.compile(rf"employment-area:{SLUG}"),
    "employment-authority": re.compile(rf"employment-area:{SLUG}"),
    "welfare-area": re.compile(rf"welfare-area:{SLUG}"),
    "kela": re.compile(r"kela"),
    "regional-state-authority": re.compile(rf"ely:{SLUG}"),
}
TOP_KEYS = {"document", "municipalities", "annotations", "notes"}
ANN_KEYS = {"municipality", "service", "target_group", "role", "organisation", "evidence"}
ORG_REQUIRED = {"name", "kind", "id"}
ORG_OPTIONAL = {"unit"}
_VOWELS = set("aeiouyäöå")


def normalise(text: str) -> str:
    """Undo PDF line-end hyphenation and collapse whitespace.

    A hyphen at the end of a line (optionally followed by blank lines) is joined to the
    next word: "työnha-\\n\\nkijana" -> "työnhakijana". The hyphen is kept when it is a
    real compound hyphen: before an upper-case letter ("Etelä-\\nSavon"), after an
    upper-case letter or digit ("STEP-\\nkoulutus", "29-\\nvuotiaisiin"), or between two
    identical vowels ("osa-\\naikainen", Finnish spelling). Then all whitespace runs
    become one space.
    """

    def join(m: re.Match[str]) -> str:
        prev, nxt = m.group(1), m.group(2)
        if not nxt.islower():
            return f"{prev}-{nxt}"
        if prev.isupper() or prev.isdigit() or (prev.lower() == nxt and nxt in _VOWELS):
            return f"{prev}-{nxt}"
        return prev + nxt

    text = re.sub(r"(\w)-[ \t]*\n\s*(\S)", join, text)
    return re.sub(r"\s+", " ", text).strip()


def org_key(org: dict) -> tuple:
    """Identity of an organisation inside the gold: id (or name when id is null) + unit."""
    return (org.get("id") or org["name"].casefold(), (org.get("unit") or "").casefold())


def validate_file(path: Path, corpus: Path, verbose: bool) -> list[str]:
    errors: list[str] = []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"{path.name}: invalid JSON: {exc}"]

    def err(msg: str) -> None:
        errors.append(f"{path.name}: {msg}")

    if set(data) != TOP_KEYS:
        err(f"top-level keys {sorted(data)} != {sorted(TOP_KEYS)}")
    doc = data.get("document", "")
    if doc != path.stem:
        err(f"document {doc!r} does not match file name {path.stem!r}")
    source = corpus / f"{doc}.txt"
    if not source.exists():
        err(f"source text {source} not found")
        return errors
    text = normalise(source.read_text(encoding="utf-8"))

    codes = set()
    for m in data.get("municipalities", []):
        if set(m) != {"code", "name"} or not re.fullmatch(r"\d{3}", m.get("code", "")):
            err(f"bad municipality entry {m}")
        codes.add(m.get("code"))
    if not isinstance(data.get("notes"), str) or not data["notes"].strip():
        err("notes must be a non-empty string")

    seen: dict[tuple, int] = {}
    for i, a in enumerate(data.get("annotations", [])):
        where = f"annotation {i}"
        if set(a) != ANN_KEYS:
            err(f"{where}: keys {sorted(a)} != {sorted(ANN_KEYS)}")
            continue
        if a["municipality"] not in codes:
            err(f"{where}: municipality {a['municipality']} not in the municipalities list")
        if a["service"] not in SERVICES:
            err(f"{where}: unknown service {a['service']!r}")
        if a["target_group"] not in TARGET_GROUPS:
            err(f"{where}: unknown target_group {a['target_group']!r}")
        if a["role"] not in ROLES:
            err(f"{where}: unknown role {a['role']!r}")
        org = a["organisation"]
        keys = set(org)
        if not keys >= ORG_REQUIRED or keys - ORG_REQUIRED - ORG_OPTIONAL:
            err(f"{where}: organisation keys {sorted(keys)}")
            continue
        kind, oid = org["kind"], org["id"]
        if kind not in KINDS:
            err(f"{where}: unknown organisation kind {kind!r}")
        if not isinstance(org["name"], str) or not org["name"].strip():
            err(f"{where}: empty organisation name")
        if kind == "municipal-unit" and not org.get("unit"):
            err(f"{where}: municipal-unit without unit")
        pattern = ID_PATTERNS.get(kind)
        if pattern is None:
            if oid is not None:
                err(f"{where}: kind {kind} must have id null, got {oid!r}")
        elif not isinstance(oid, str) or not pattern.fullmatch(oid):
            err(f"{where}: id {oid!r} does not fit kind {kind}")
        ev = a["evidence"]
        if not isinstance(ev, str) or len(ev.strip()) < 8:
            err(f"{where}: evidence too short")
        elif normalise(ev) not in text:
            err(f"{where}: evidence not found in source: {ev[:90]!r}")
        key = (a["municipality"], a["service"], a["target_group"], a["role"], org_key(org))
        if key in seen:
            err(f"{where}: duplicate of annotation {seen[key]}: {key}")
        seen[key] = i

    if verbose and not errors:
        anns = data["annotations"]
        print(f"{path.name}: {len(anns)} annotations")
        print("  by role:   ", dict(sorted(Counter(a["role"] for a in anns).items())))
        print("  by group:  ", dict(sorted(Counter(a["target_group"] for a in anns).items())))
        print("  by service:", dict(sorted(Counter(a["service"] for a in anns).items())))
        print("  by municipality:", dict(sorted(Counter(a["municipality"] for a in anns).items())))
        id_level = {
            (a["municipality"], a["service"], a["target_group"], a["role"],
             a["organisation"]["id"] or a["organisation"]["name"].casefold())
            for a in anns
        }
        print(f"  distinct keys when units are ignored (id-level): {len(id_level)}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    files = sorted(HERE.glob("[0-9][0-9][0-9]_*.json"))
    if not files:
        print("no gold files found", file=sys.stderr)
        return 1
    errors: list[str] = []
    for f in files:
        errors += validate_file(f, args.corpus, args.verbose)
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(files)} files, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
