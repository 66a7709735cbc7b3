"""Exports for spreadsheets: the matrix, the 13 § findings and the facts with their evidence.

Every table is a header of localised column names and rows of typed values (numbers stay
numbers), shared by CSV (`;`-separated with a byte-order mark, as Excel in a Finnish or
Swedish locale opens it) and XLSX (one sheet per table, typed cells).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from api.i18n import translator

Value = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # sheet name, localised
    header: list[str]
    rows: list[list[Value]]


SHEET_NAMES = {
    "matrix": {"fi": "Kunnat", "sv": "Kommuner", "en": "Municipalities"},
    "findings": {"fi": "Havainnot", "sv": "Iakttagelser", "en": "Findings"},
    "facts": {"fi": "Vastuutahot", "sv": "Ansvariga", "en": "Responsibilities"},
}
HEADERS = {
    "code": {"fi": "Kuntanumero", "sv": "Kommunnummer", "en": "Municipality code"},
    "severity": {"fi": "Vakavuus", "sv": "Allvarlighet", "en": "Severity"},
    "service": {"fi": "Palvelu", "sv": "Tjänst", "en": "Service"},
    "finding": {"fi": "Havainto", "sv": "Iakttagelse", "en": "Finding"},
    "section": {"fi": "Lainkohta", "sv": "Lagrum", "en": "Legal provision"},
    "quote": {"fi": "Lainaus", "sv": "Citat", "en": "Quote"},
    "document": {"fi": "Asiakirja", "sv": "Dokument", "en": "Document"},
    "page": {"fi": "Sivu", "sv": "Sida", "en": "Page"},
    "confidence": {"fi": "Varmuus", "sv": "Säkerhet", "en": "Confidence"},
    "review": {"fi": "Tarkistus", "sv": "Granskning", "en": "Review"},
    "review_note": {"fi": "Tarkistajan huomautus", "sv": "Granskarens anmärkning", "en": "Reviewer's note"},
    "status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "jobseekers": {"fi": "työnhakijat", "sv": "arbetssökande", "en": "jobseekers"},
    "others": {"fi": "muut", "sv": "övriga", "en": "others"},
}


def header(key: str, lang: str) -> str:
    return HEADERS[key].get(lang, HEADERS[key]["fi"])


def matrix_table(matrix: dict[str, Any], lang: str) -> Table:
    """One row per municipality: status, areas, counts, and per service its cell."""
    t = translator(lang)
    head = [header("code", lang), t("municipality"), t("programme_status"), t("elinvoimakeskus"),
            t("welfare_area"), t("employment_area"), t("region"), t("violations"), t("warnings")]
    for s in matrix["services"]:
        head += [f"{s['label']}: {header('status', lang)}", f"{s['label']}: {header('jobseekers', lang)}",
                 f"{s['label']}: {header('others', lang)}"]
    rows: list[list[Value]] = []
    for r in matrix["municipalities"]:
        row: list[Value] = [r["code"], r["name"], t(r["status"]), r["elinvoimakeskus"], r["welfare_area"],
                            r["employment_area"], r["region"], r["violations"], r["warnings"]]
        for s in matrix["services"]:
            c = r["cells"][s["key"]]
            row += [f"{c['symbol']} {t(c['status'])}", "; ".join(c["jobseekers"]), "; ".join(c["others"])]
        rows.append(row)
    return Table(SHEET_NAMES["matrix"][lang], head, rows)


def findings_table(findings: list[dict[str, Any]], lang: str) -> Table:
    """One row per 13 § finding, resolved ones with the reviewer's note."""
    t = translator(lang)
    head = [header("code", lang), t("municipality"), header("severity", lang), header("service", lang),
            t("target_group"), header("finding", lang), header("section", lang), header("review", lang),
            header("review_note", lang)]
    rows: list[list[Value]] = [
        [f["code"], f["municipality"], t(f["severity"].lower()), f.get("service_label"),
         t(f["target_group"]) if f.get("target_group") else None, f["message"], f["section"],
         t("resolved") if f.get("resolved") else None, (f.get("resolved") or {}).get("note")]
        for f in findings
    ]
    return Table(SHEET_NAMES["findings"][lang], head, rows)


def facts_table(facts: list[dict[str, Any]], lang: str) -> Table:
    """One row per fact: who has which role for whom, quoted from which page."""
    t = translator(lang)
    head = [header("code", lang), t("municipality"), header("service", lang), t("role"), t("target_group"),
            t("organisation"), header("quote", lang), header("document", lang), header("page", lang),
            header("confidence", lang), header("review", lang), header("review_note", lang)]
    rows: list[list[Value]] = [
        [f["code"], f["municipality"], f["service_label"], t(f["role"]), t(f["target_group"]),
         f["organisation_name"], f["evidence"]["quote"], f["evidence"]["document"], f["evidence"]["page"],
         f.get("confidence"), t(f["review"]["action"]) if f.get("review") else None,
         (f.get("review") or {}).get("note")]
        for f in facts
    ]
    return Table(SHEET_NAMES["facts"][lang], head, rows)


def to_csv(table: Table) -> bytes:
    """`;`-separated UTF-8 with a byte-order mark and CRLF line ends: what Excel opens
    correctly in Finnish and Swedish locales (where `,` is the decimal separator)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if v is None else str(v).replace(".", ",") if isinstance(v, float) else v
                         for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table; numbers as numbers, header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name[:31])
        ws.append(table.header)
        for c in ws[1]:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            ws.append(row)
        ws.freeze_panes = "C2"
        for n, title in enumerate(table.header, start=1):
            longest = max([len(str(v)) for v in (r[n - 1] for r in table.rows) if v is not None] or [0])
            ws.column_dimensions[get_column_letter(n)].width = min(60, max(10, len(title) // 2, longest + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
