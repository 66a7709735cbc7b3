"""The synthetic national corpus (eval/corpus.py): determinism, coverage, names, PDF text."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from eval import corpus

REFERENCE = Path(__file__).resolve().parents[1] / "ontology" / "reference"

GENITIVES = {
    "Kuopio": "Kuopion", "Pieksämäki": "Pieksämäen", "Lahti": "Lahden", "Kemi": "Kemin",
    "Lapinlahti": "Lapinlahden", "Hämeenlinna": "Hämeenlinnan", "Kitee": "Kiteen",
    "Tuusniemi": "Tuusniemen", "Kaavi": "Kaavin", "Ylitornio": "Ylitornion", "Salo": "Salon",
    "Kirkkonummi": "Kirkkonummen", "Raasepori": "Raaseporin", "Espoo": "Espoon",
    "Rovaniemi": "Rovaniemen", "Helsinki": "Helsingin", "Nurmes": "Nurmeksen", "Inari": "Inarin",
    "Joensuu": "Joensuun",
}


def _mainland() -> dict[str, dict[str, str]]:
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle) if row["employment_area"]}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


@pytest.mark.parametrize(("name", "expected"), sorted(GENITIVES.items()))
def test_genitive_of_real_names(name: str, expected: str) -> None:
    assert corpus.genitive(name) == expected


def test_other_cases_and_hard_names() -> None:
    inflect = corpus.inflector().phrase
    assert inflect("Lapinlahti", "inessive") == "Lapinlahdessa"
    assert inflect("Kuopion seudun työllisyysalue", "adessive") == "Kuopion seudun työllisyysalueella"
    assert inflect("Pohjois-Savon hyvinvointialue", "genitive") == "Pohjois-Savon hyvinvointialueen"
    assert inflect("Helsingin kaupunki", "ablative") == "Helsingin kaupungilta"
    assert corpus.genitive("Uusikaupunki") == "Uudenkaupungin"
    assert corpus.genitive("Kauniainen") == "Kauniaisten"
    assert corpus.genitive("Pihtipudas") == "Pihtiputaan"
    assert corpus.genitive("Virrat") == "Virtain"
    assert corpus.genitive("Koski Tl") == "Kosken Tl"
    report = corpus.genitive_report()
    assert report["total"] == 292
    assert report["verified"] + len(report["fallback"]) == 292


def test_full_manifest_covers_every_mainland_municipality_once(tmp_path: Path) -> None:
    manifest = corpus.generate(tmp_path, seed=1, fraction=1.0, omissions=0.1, fmt="md")
    mainland = _mainland()
    assert manifest.municipality_codes == sorted(mainland)  # each exactly once, Åland skipped
    on_disk = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {d["file"] for d in on_disk["documents"]} == {p.name for p in tmp_path.glob("*.md")}
    by_area: dict[str, set[str]] = {}
    for row in mainland.values():
        by_area.setdefault(row["employment_area"], set()).add(row["code"])
    for doc in manifest.documents:
        codes = set(doc.municipalities)
        members = by_area[doc.employment_area]
        assert codes == members if doc.joint else len(codes) == 1 and codes <= members
    assert any(d.joint for d in manifest.documents) and any(not d.joint for d in manifest.documents)
    assert {d.layout for d in manifest.documents} == set(corpus.LAYOUTS)
    omitted = [m for d in manifest.documents for m in d.municipalities.values() if m["omissions"]]
    assert len(omitted) == round(0.1 * 292)
    for record in (m for d in manifest.documents for m in d.municipalities.values()):
        assert bool(record["omissions"]) == bool(record["expected_results"])
        for omission in record["omissions"]:
            if omission["kind"] == "missing-service":
                assert omission["service"] not in record["services_described"]
            elif omission["kind"] == "one-target-group":
                assert omission["missing_group"] not in record["services"][omission["service"]]
            else:
                assert record["contact_point"] is None


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "a", seed=1, fraction=0.05, omissions=0.1)
    corpus.generate(tmp_path / "b", seed=1, fraction=0.05, omissions=0.1)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert len(first.documents) >= 2 and all(d.file.endswith(".pdf") for d in first.documents)
    # The subset is by employment area: all members of each chosen area are there.
    mainland = _mainland()
    areas = {d.employment_area for d in first.documents}
    assert set(first.municipality_codes) == {c for c, r in mainland.items() if r["employment_area"] in areas}
    # A document does not depend on which other areas were generated.
    corpus.generate(tmp_path / "c", seed=1, fraction=0.1, omissions=0.1)
    wider = _digests(tmp_path / "c")
    assert all(wider[name] == digest for name, digest in _digests(tmp_path / "a").items()
               if name != "manifest.json")


def test_joint_pdf_names_municipalities_in_genitive_and_services(tmp_path: Path) -> None:
    plan = corpus.generate(tmp_path / "md", seed=1, fmt="md")
    joint = next(d for d in plan.documents if d.joint and d.layout != "table")
    manifest = corpus.generate(tmp_path / "pdf", seed=1, areas=[joint.employment_area])
    doc = next(d for d in manifest.documents if d.joint)
    text = _flat(extract_text(str(tmp_path / "pdf" / doc.file)))
    assert "vastuutaho" in text
    for code, record in doc.municipalities.items():
        gen = corpus.municipality(code).attributive
        assert re.search(rf"\b{re.escape(gen.casefold())}\b", text), (record["name"], gen)
        for service in record["services_described"]:
            headings = corpus.SERVICES[service].heading
            assert any(h.casefold() in text for h in headings), service
