"""The comparison matrix: every municipality × statutory services, with validation counts.

Shared by the HTML page, its JSON twin and the CSV/XLSX exports, so all of them show the
same cells. Every municipality of the reference data has a row: one without an ingested
programme says so, which is not the same as a programme that leaves a service out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query

from extraction.model import ServiceKey
from graph import queries
from graph.build import service_label
from graph.matrix_data import MatrixData
from graph.validate import MunicipalityReport, ValidationReport, required_service_keys

# Cell statuses, worst first; each has a symbol so colour is never the only signal.
STATUS_SYMBOL = {
    "missing": "✗",  # a required (13 § 1 mom.) service the programme does not describe
    "described_none": "!",
    "described_partial": "◐",
    "described_both": "✓",
    "excluded": "⊘",  # the programme states that the service is not part of it
    "optional_missing": "–",  # an optional service (21 §, 13 § 2 mom.) not described
    "no_programme": "·",
    "outside_scope": "·",
}
# Row statuses (graph.programmes) as the cells show them.
ROW_STATUS = {"programme-ingested": None, "no-programme": "no_programme", "outside-scope": "outside_scope"}
FILTERS = ("elinvoimakeskus", "welfare_area", "employment_area", "region")


@dataclass(frozen=True, slots=True)
class Filters:
    welfare_area: str | None = None
    employment_area: str | None = None
    region: str | None = None
    sort: str = "name"  # name | compliance
    elinvoimakeskus: str | None = None
    status: str | None = None  # programme-ingested | no-programme | outside-scope
    municipality: str | None = None  # one municipality's code

    def keeps(self, row: dict[str, str]) -> bool:
        keys = {"welfare_area": "wkey", "employment_area": "ekey", "region": "rcode",
                "elinvoimakeskus": "vkey"}
        if (self.status and row["status"] != self.status) or (
                self.municipality and row["code"] != self.municipality):
            return False
        return all(not getattr(self, f) or row.get(k) == getattr(self, f) for f, k in keys.items())


def cell(found: dict[str, list[str]] | None, required: bool, excluded: bool,
         names: dict[str, str], reviewed: bool = False) -> dict[str, Any]:
    """One municipality × service cell: its status, who is responsible for whom (`names`:
    organisation IRI → its name in the page's language), and whether a supervisor's review
    changed or confirmed it."""
    if found is None or (excluded and not any(k.startswith("responsible:") for k in found)):
        status = "excluded" if excluded else "missing" if required else "optional_missing"
        return {"status": status, "symbol": STATUS_SYMBOL[status], "jobseekers": [], "others": [],
                "reviewed": reviewed}
    everyone = found.get("responsible:all", [])
    jobseekers = [names.get(o, o) for o in found.get("responsible:jobseekers", []) + everyone]
    others = [names.get(o, o) for o in found.get("responsible:others", []) + everyone]
    status = ("described_both" if jobseekers and others
              else "described_partial" if jobseekers or others else "described_none")
    return {"status": status, "symbol": STATUS_SYMBOL[status],
            "jobseekers": sorted(set(jobseekers)), "others": sorted(set(others)), "reviewed": reviewed}


SERVICE_KEYS = tuple(k.value for k in ServiceKey)


def _row(r: dict[str, str], cover: queries.Coverage, report: ValidationReport | None,
         mr: MunicipalityReport | None, required: frozenset[str], lang: str,
         names: dict[str, str]) -> dict[str, Any]:
    def named(key: str) -> str | None:
        return (r.get(f"{key}_sv") if lang == "sv" else None) or r.get(key)

    blank = ROW_STATUS[r["status"]]
    code, found = r["code"], cover.cells.get(r["code"], {})
    if blank:
        cells = {k: {"status": blank, "symbol": STATUS_SYMBOL[blank], "jobseekers": [], "others": []}
                 for k in SERVICE_KEYS}
    else:
        cells = {k: cell(found.get(k), k in required, (code, k) in cover.excluded, names,
                         (code, k) in cover.reviewed) for k in SERVICE_KEYS}
    checked = report is not None and not blank
    by_service: dict[str | None, dict[str, int]] = {}
    for f in (mr.findings if mr and checked else []):
        if not f.resolved:  # a cell shows the findings its count column counts
            counts = by_service.setdefault(f.service_key, {"violations": 0, "warnings": 0})
            counts["violations" if f.severity == "Violation" else "warnings"] += 1
    for key, c in cells.items():
        c["findings"] = by_service.get(key, {"violations": 0, "warnings": 0}) if checked else None
    return {
        "code": r["code"], "name": named("name"), "iri": r["m"], "status": r["status"],
        "elinvoimakeskus": named("vname"), "welfare_area": named("wname"),
        "employment_area": named("ename"), "region": named("rname"),
        "violations": (mr.count("Violation") if mr else 0) if checked else None,
        "warnings": (mr.count("Warning") if mr else 0) if checked else None,
        # findings about the programme as a whole (partners, contact point), in no cell
        "programme_findings": by_service.get(None, {"violations": 0, "warnings": 0})
        if checked else None,
        "cells": cells,
    }


def build_matrix(data: MatrixData, report: ValidationReport | None, filters: Filters,
                 lang: str) -> dict[str, Any]:
    """The matrix of `data`; without a SHACL report (still running) the counts are None."""
    index, cover = data.index, data.coverage
    required = required_service_keys()
    reports = {m.code: m for m in reversed(report.municipalities)} if report is not None else {}
    names = {org: cover.name(org, lang) for org in cover.names}  # once, not per cell
    rows = [_row(r, cover, report, reports.get(r["code"]), required, lang, names)
            for r in index if filters.keeps(r)]
    rows.sort(key=lambda r: r["name"])
    if filters.sort == "compliance":
        order = {"no-programme": 0, "programme-ingested": 1, "outside-scope": 2}
        rows.sort(key=lambda r: (order[r["status"]], -int(r["violations"] or 0), -int(r["warnings"] or 0)))
    return {
        "services": [{"key": k.value, "label": service_label(k, lang), "required": k.value in required}
                     for k in ServiceKey],
        "municipalities": rows,
        "facets": _facets(index, lang),
        "validation_pending": report is None,
    }


def _facets(index: list[dict[str, str]], lang: str) -> dict[str, list[dict[str, str]]]:
    def unique(key: str, name: str) -> list[dict[str, str]]:
        found = {r[key]: (r.get(f"{name}_sv") if lang == "sv" else None) or r[name]
                 for r in index if r.get(key)}
        return [{"key": k, "name": v} for k, v in sorted(found.items(), key=lambda kv: kv[1])]
    return {"elinvoimakeskus": unique("vkey", "vname"), "welfare_area": unique("wkey", "wname"),
            "employment_area": unique("ekey", "ename"), "region": unique("rcode", "rname")}


def area_filters(
    elinvoimakeskus: Annotated[str | None, Query(description="Elinvoimakeskus area key, e.g. lappi")] = None,
    welfare_area: Annotated[str | None, Query(description="Welfare area key, e.g. etela-savo")] = None,
    employment_area: Annotated[str | None, Query(description="Employment area key")] = None,
    region: Annotated[str | None, Query(description="Region (maakunta) code, e.g. 19")] = None,
    status: Annotated[str | None, Query(pattern="^(|programme-ingested|no-programme|outside-scope)$",
                                        description="Programme status")] = None,
    sort: Annotated[str, Query(pattern="^(name|compliance)$")] = "name",
    municipality: Annotated[str | None, Query(pattern=r"^\d{0,3}$",
                                              description="One municipality's code")] = None,
) -> Filters:
    """The filters the matrix, the municipality list and the exports share."""
    return Filters(welfare_area or None, employment_area or None, region or None, sort,
                   elinvoimakeskus or None, status or None, municipality.zfill(3) if municipality else None)


FiltersDep = Annotated[Filters, Depends(area_filters)]
