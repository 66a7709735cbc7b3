"""The three corpus golds of this folder (one annotation per fact, organisations by id) in
the format of ../shared/eval/README.md (one entry per municipality × service × group, each
organisation matched by regex stems), as `eval.devset` scores them:

    python -m eval.gold.convert        # writes eval/gold/gold-<document>.json

Organisations with an id are matched by the canonical names the reference data gives that
id (the product names them so); others by their own name. Every entry is `clear`: the
per-annotation format has no ambiguity marks.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from extraction.model import ServiceKey
from extraction.reference_data import ReferenceData, load_reference

GOLD = Path(__file__).resolve().parent
DOCUMENTS = ("000_877bcb84de0e2fbb", "001_e2e2fabac0873238", "002_d77fd843a353bca4")
NOTE = ("converted from the per-annotation gold of this folder's README (kotograph's own annotation "
        "of a corpus document); organisations with an id match the product's canonical names for "
        "that id, others their name")


def stems(ref: ReferenceData, oid: str | None, name: str) -> list[str]:
    """Regex stems that match the organisation's names as the product writes them."""
    kind, _, key = (oid or "").partition(":")
    if kind == "municipality":
        record = ref.municipalities[key]
        alternatives = [re.escape(record.name_fi.lower()),
                        re.escape(name.lower().split()[0]) + r" (?:kaupunki|kunta)"]
        if record.name_sv and record.name_sv != record.name_fi:
            alternatives.append(re.escape(record.name_sv.lower()))
        return [r"^(?:" + "|".join(alternatives) + r")(?: |$)"]
    if kind == "employment-area":
        return [re.escape(ref.employment_areas[key].name_fi.lower())]
    if kind == "welfare-area":
        return [re.escape(ref.welfare_areas[key].name_fi.lower())]
    if oid == "kela":
        return [r"\bkela\b", "kansaneläkelaitos"]
    if kind == "ely":
        return [re.escape(name.lower().split()[0]) + r" ely-keskus"]
    return [r"[\s-]?".join(re.escape(w) for w in re.split(r"[\s-]+", name.lower()) if w)]


def convert(ref: ReferenceData, gold: dict) -> dict:
    names = {m["code"]: m["name"] for m in gold["municipalities"]}
    organisations: dict[str, dict] = {}

    def key_of(org: dict) -> str:
        oid = org.get("id")
        key = oid or org["name"]
        if key not in organisations:
            kind = "municipality" if (oid or "").startswith("municipality:") else org["kind"]
            organisations[key] = {"label": org["name"], "kind": kind, "match": stems(ref, oid, org["name"]),
                                  "aliases_in_document": []}
        return key

    by_cell: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for annotation in gold["annotations"]:
        by_cell[(annotation["municipality"], annotation["service"])].append(annotation)
    entries = []
    for code in names:
        for service in ServiceKey:
            annotations = by_cell.get((code, service.value), [])
            split = any(a["target_group"] != "all" for a in annotations)
            for group in ("jobseekers", "others") if split else ("all",):
                chosen = [a for a in annotations if a["target_group"] in (group, "all")]
                who = list(dict.fromkeys(key_of(a["organisation"]) for a in chosen
                                         if a["role"] in ("responsible", "provider")))
                partners = [p for p in dict.fromkeys(key_of(a["organisation"]) for a in chosen
                                                     if a["role"] == "partner") if p not in who]
                entries.append({"municipality": names[code], "service": service.value, "target_group": group,
                                "who": who, "partners": partners, "confidence": "clear",
                                "evidence": next((a["evidence"] for a in chosen), "")})
    return {"document": f"{gold['document']}.txt", "language": "fi", "municipalities": list(names.values()),
            "note": NOTE, "conventions": {"source": gold.get("notes", "")},
            "organisations": organisations, "responsibilities": entries}


def main() -> None:
    ref = load_reference(())
    for document in DOCUMENTS:
        gold = json.loads((GOLD / f"{document}.json").read_text("utf-8"))
        out = convert(ref, gold)
        (GOLD / f"gold-{document}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
        print(document, len(out["responsibilities"]), "entries,", len(out["organisations"]), "organisations")


if __name__ == "__main__":
    main()
