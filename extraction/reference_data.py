"""Finnish reference tables (municipalities, welfare and employment areas, public bodies).

The tables are CSV files in ontology/reference/ (national data, sources in SOURCES.md);
extra folders with the same file names (e.g. examples/reference/ for the fictional sample
municipalities) extend them. Both the gazetteer and the graph's reference data read
them through `load_reference`, so there is one reader and one meaning per column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from extraction.model import OrgKind


@dataclass(frozen=True, slots=True)
class MunicipalityRecord:
    code: str
    name_fi: str
    name_sv: str
    region_code: str
    welfare_area: str
    employment_area: str
    fictional: bool = False


@dataclass(frozen=True, slots=True)
class WelfareAreaRecord:
    key: str
    code: str
    name_fi: str
    name_sv: str
    region_code: str
    fictional: bool = False
    aliases: tuple[str, ...] = ()  # the short names the area goes by ("Varha", "Siun sote")


@dataclass(frozen=True, slots=True)
class EmploymentAreaRecord:
    key: str
    name_fi: str
    name_sv: str
    lead_municipality: str
    fictional: bool = False


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    name_fi: str
    name_sv: str
    fictional: bool = False
    # Åland legislates on integration itself (ÅFS 2012:74): Act 681/2023 does not apply there
    outside_act_scope: bool = False


@dataclass(frozen=True, slots=True)
class ElinvoimakeskusRecord:
    """The regional state authority (elinvoimakeskus, from 2026) and the regions it serves."""

    key: str  # "uusimaa": the public body is "elinvoimakeskus-uusimaa"
    name_fi: str
    name_sv: str
    name_en: str
    region_codes: tuple[str, ...]
    fictional: bool = False


@dataclass(frozen=True, slots=True)
class PublicBodyRecord:
    key: str
    name_fi: str
    name_sv: str
    name_en: str
    kind: OrgKind
    aliases: tuple[str, ...]
    # a regional office of a nationwide body ("Pohjois-Savon ELY-keskus" of "ELY-keskus"):
    # the common noun in a programme means the office of the municipality's region
    regional_of: str = ""
    region_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReferenceData:
    municipalities: dict[str, MunicipalityRecord] = field(default_factory=dict)
    welfare_areas: dict[str, WelfareAreaRecord] = field(default_factory=dict)
    employment_areas: dict[str, EmploymentAreaRecord] = field(default_factory=dict)
    regions: dict[str, RegionRecord] = field(default_factory=dict)
    public_bodies: dict[str, PublicBodyRecord] = field(default_factory=dict)
    elinvoimakeskukset: dict[str, ElinvoimakeskusRecord] = field(default_factory=dict)

    def elinvoimakeskus_of(self, region_code: str) -> ElinvoimakeskusRecord | None:
        return next((e for e in self.elinvoimakeskukset.values() if region_code in e.region_codes), None)

    def employment_area_members(self, key: str) -> list[MunicipalityRecord]:
        return [m for m in self.municipalities.values() if m.employment_area == key]


class ReferenceDataError(ValueError):
    """A reference table is missing a column or has a bad row."""


def _rows(text: str, source: str, required: Sequence[str]) -> Iterable[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceDataError(f"{source}: missing column(s) {', '.join(missing)}")
    for row in reader:
        yield {k: (v or "").strip() for k, v in row.items() if k}


def _read_tables(read: dict[str, str], fictional: bool, into: ReferenceData) -> None:
    """Parse the CSV texts in `read` (file name → text) into `into`."""
    if text := read.get("regions.csv"):
        for r in _rows(text, "regions.csv", ("code", "name_fi", "name_sv")):
            into.regions[r["code"]] = RegionRecord(r["code"], r["name_fi"], r["name_sv"], fictional,
                                                   r.get("outside_act_scope", "") == "true")
    if text := read.get("elinvoimakeskus_areas.csv"):
        cols = ("key", "name_fi", "name_sv", "name_en", "region_codes")
        for r in _rows(text, "elinvoimakeskus_areas.csv", cols):
            codes = tuple(c.strip() for c in r["region_codes"].split("|") if c.strip())
            into.elinvoimakeskukset[r["key"]] = ElinvoimakeskusRecord(
                r["key"], r["name_fi"], r["name_sv"], r["name_en"], codes, fictional)
    if text := read.get("welfare_areas.csv"):
        cols = ("key", "code", "name_fi", "name_sv", "region_code")
        for r in _rows(text, "welfare_areas.csv", cols):
            aliases = tuple(a.strip() for a in r.get("aliases", "").split("|") if a.strip())
            into.welfare_areas[r["key"]] = WelfareAreaRecord(*(r[c] for c in cols), fictional, aliases)
    if text := read.get("employment_areas.csv"):
        cols = ("key", "name_fi", "name_sv", "lead_municipality")
        for r in _rows(text, "employment_areas.csv", cols):
            into.employment_areas[r["key"]] = EmploymentAreaRecord(*(r[c] for c in cols), fictional)
    if text := read.get("municipalities.csv"):
        cols = ("code", "name_fi", "name_sv", "region_code", "welfare_area", "employment_area")
        for r in _rows(text, "municipalities.csv", cols):
            rec = MunicipalityRecord(*(r[c] for c in cols), fictional)
            if rec.code.isdigit() and len(rec.code) < 3:  # spreadsheets drop leading zeros
                rec = MunicipalityRecord(rec.code.zfill(3), *(r[c] for c in cols[1:]), fictional)
            into.municipalities[rec.code] = rec
    if text := read.get("public_bodies.csv"):
        cols = ("key", "name_fi", "name_sv", "name_en", "kind", "aliases")
        for r in _rows(text, "public_bodies.csv", cols):
            try:
                kind = OrgKind(r["kind"])
            except ValueError as exc:
                raise ReferenceDataError(
                    f"public_bodies.csv: {r['key']}: unknown kind {r['kind']!r}"
                ) from exc
            aliases = tuple(a.strip() for a in r["aliases"].split("|") if a.strip())
            regions = tuple(c.strip() for c in r.get("region_codes", "").split("|") if c.strip())
            into.public_bodies[r["key"]] = PublicBodyRecord(
                r["key"], r["name_fi"], r["name_sv"], r["name_en"], kind, aliases,
                r.get("regional_of", ""), regions
            )


TABLES = ("regions.csv", "welfare_areas.csv", "employment_areas.csv", "municipalities.csv",
          "public_bodies.csv", "elinvoimakeskus_areas.csv")


def _national_texts() -> dict[str, str]:
    package = files("ontology.reference")
    return {name: package.joinpath(name).read_text("utf-8")
            for name in TABLES if package.joinpath(name).is_file()}


def _folder_texts(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        raise ReferenceDataError(f"{folder}: reference folder not found")
    return {name: (folder / name).read_text("utf-8") for name in TABLES if (folder / name).is_file()}


@lru_cache(maxsize=8)
def load_reference(extra_dirs: tuple[Path, ...] = ()) -> ReferenceData:
    """The national tables plus any extra folders (later folders add to / override earlier)."""
    data = ReferenceData()
    _read_tables(_national_texts(), False, data)
    for folder in extra_dirs:
        _read_tables(_folder_texts(folder), True, data)
    return data


def load_reference_folder(folder: Path | None) -> ReferenceData:
    """One folder's tables alone (None: the national tables), e.g. for its own graph."""
    data = ReferenceData()
    _read_tables(_national_texts() if folder is None else _folder_texts(folder), folder is not None, data)
    return data
