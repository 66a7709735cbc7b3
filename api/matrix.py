"""The comparison matrix: municipalities × statutory services, with validation counts.

Shared by the HTML page, its JSON twin and the CSV/XLSX exports, so all four show the
same cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from extraction.model import ServiceKey
from graph import queries
from graph.build import service_label
from graph.store import Store
from graph.validate import ValidationReport

# Cell statuses, worst first; each has a symbol so colour is never the only signal.
STATUS_SYMBOL = {"missing": "✗", "described_none": "!", "described_partial": "◐", "described_both": "✓"}


@dataclass(frozen=True, slots=True)
class Filters:
    welfare_area: str | None = None
    employment_area: str | None = None
    region: str | None = None
    sort: str = "name"  # name | compliance


def _cell(cell: dict[str, list[str]] | None) -> dict[str, object]:
    if cell is None:
        return {"status": "missing", "symbol": STATUS_SYMBOL["missing"], "jobseekers": [], "others": []}
    everyone = cell.get("responsible:all", [])
    jobseekers = cell.get("responsible:jobseekers", []) + everyone
    others = cell.get("responsible:others", []) + everyone
    status = ("described_both" if jobseekers and others
              else "described_partial" if jobseekers or others else "described_none")
    return {"status": status, "symbol": STATUS_SYMBOL[status],
            "jobseekers": sorted(set(jobseekers)), "others": sorted(set(others))}


def build_matrix(store: Store, report: ValidationReport | None, filters: Filters,
                 lang: str) -> dict[str, object]:
    """The matrix; without a SHACL report (still running) the counts are None."""
    cover = queries.coverage(store)
    areas = queries.municipality_areas(store)
    rows = []
    for a in sorted(areas.values(), key=lambda a: a["name"]):
        if filters.welfare_area and a.get("wkey") != filters.welfare_area:
            continue
        if filters.employment_area and a.get("ekey") != filters.employment_area:
            continue
        if filters.region and a.get("rcode") != filters.region:
            continue
        mr = report.municipality(a["code"]) if report is not None else None
        counted = report is not None
        rows.append({
            "code": a["code"], "name": a["name"], "iri": a["m"],
            "welfare_area": a.get("wname"), "employment_area": a.get("ename"), "region": a.get("rname"),
            "violations": (mr.count("Violation") if mr else 0) if counted else None,
            "warnings": (mr.count("Warning") if mr else 0) if counted else None,
            "cells": {k.value: _cell(cover.get(a["code"], {}).get(k.value)) for k in ServiceKey},
        })
    if filters.sort == "compliance":
        rows.sort(key=lambda r: (-int(r["violations"] or 0), -int(r["warnings"] or 0), r["name"]))
    return {
        "services": [{"key": k.value, "label": service_label(k, lang)} for k in ServiceKey],
        "municipalities": rows,
        "facets": _facets(areas),
        "validation_pending": report is None,
    }


def _facets(areas: dict[str, dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    def unique(key: str, name: str) -> list[dict[str, str]]:
        found = {a[key]: a[name] for a in areas.values() if a.get(key)}
        return [{"key": k, "name": v} for k, v in sorted(found.items(), key=lambda kv: kv[1])]
    return {"welfare_area": unique("wkey", "wname"), "employment_area": unique("ekey", "ename"),
            "region": unique("rcode", "rname")}


def matrix_table(matrix: dict[str, object]) -> list[list[str]]:
    """Header + one row per municipality: the flat table the CSV and XLSX exports share."""
    services = matrix["services"]
    header = ["code", "municipality", "violations", "warnings"]
    for s in services:
        header += [f"{s['key']}:status", f"{s['key']}:jobseekers", f"{s['key']}:others"]
    table = [header]
    for r in matrix["municipalities"]:
        row = [r["code"], r["name"], str(r["violations"]), str(r["warnings"])]
        for s in services:
            c = r["cells"][s["key"]]
            row += [c["status"], "; ".join(c["jobseekers"]), "; ".join(c["others"])]
        table.append(row)
    return table


def to_csv(table: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(table)
    return buf.getvalue()


def to_xlsx(table: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "kotograph"
    for row in table:
        ws.append(row)
    ws.freeze_panes = "C2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
