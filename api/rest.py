"""REST API `/api/v1`: the graph's answers for applications, without SPARQL.

Routes are plain `def`: FastAPI runs them in its thread pool, so store queries never
block the event loop. Routes whose answers are kept per store state (who, municipalities)
are `async`: a kept answer comes without a thread hop; only a miss queries the store, in a
thread (`AppState.cached`).
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api import exports, views
from api.errors import ApiError, problem_responses
from api.ingest import find_original, ingest_upload
from api.jsonld import MEDIA_TYPE, responsibilities_jsonld, wants_jsonld
from api.matrix import Filters, FiltersDep
from api.originals import media_type_of
from api.state import StateDep, wants_fresh
from extraction.model import ServiceKey, TargetGroup
from graph import queries
from graph import validate as v

router = APIRouter(prefix="/api/v1", tags=["REST API"], responses=problem_responses(400, 404, 422))


class MunicipalityOut(BaseModel):
    name: str
    code: str
    iri: str


class ServiceOut(BaseModel):
    key: str
    label: str
    iri: str


class OrganisationOut(BaseModel):
    name: str
    unit: str | None = None
    kind: str | None = None
    iri: str


class EvidenceOut(BaseModel):
    document: str | None = Field(description="Source file name of the programme document")
    page: int | None
    quote: str = Field(description="The sentence the fact was read from")


class ReviewOut(BaseModel):
    iri: str
    action: str = Field(description="confirm | correct | add (a corrected or added fact is the review's)")
    by: str = Field(description="The supervisor")
    at: str
    note: str
    state: str = Field(description="applied | quote-gone | superseded")


class ResponsibilityOut(BaseModel):
    role: str = Field(description="responsible | provider | partner")
    target_group: str = Field(description="jobseekers | others | all")
    organisation: OrganisationOut
    evidence: EvidenceOut
    confidence: float | None = Field(
        None, description="How surely the quote states the programme's own arrangement (0–1)")
    participation: str = Field(description="The fact's IRI (a cv:Participation): name it to review the fact")
    review: ReviewOut | None = Field(None, description="A supervisor's review of the fact, if any")


class ExcludedByOut(BaseModel):
    name: str
    iri: str


class ExclusionOut(BaseModel):
    organisation: ExcludedByOut | None = Field(
        description="The body the programme says does not arrange the service; null: the "
                    "service is left out of the programme")
    evidence: EvidenceOut


class ResponsibilitiesOut(BaseModel):
    municipality: MunicipalityOut
    service: ServiceOut
    status: str = Field(description=(
        "What the answer rests on: described | not-described (the current programme does not "
        "describe the service) | excluded (the programme says the service is not part of it) | "
        "no-programme (no programme of the municipality is ingested: nothing is known) | "
        "outside-scope (Åland: Act 681/2023 does not apply)"))
    document: str | None = Field(None, description="The current programme document the answer is read from")
    results: list[ResponsibilityOut]
    exclusions: list[ExclusionOut] = Field(
        default_factory=list, description="What the programme explicitly says is not arranged")


@router.get("/responsibilities", response_model=ResponsibilitiesOut,
            responses={200: {"content": {"application/json": {}, "application/ld+json": {}}}})
async def get_responsibilities(
    state: StateDep,
    request: Request,
    municipality: Annotated[str, Query(description="Name (any case, nominative) or 3-digit code")],
    service: Annotated[str, Query(description="Service key, e.g. assessment")],
    target_group: Annotated[TargetGroup, Query()] = TargetGroup.ALL,
    min_confidence: Annotated[float, Query(ge=0, le=1, description=(
        "Leave out statements less sure than this (restatements of the law, plans, options "
        "are about 0.3)"))] = queries.DEFAULT_MIN_CONFIDENCE,
) -> Any:
    """Who is responsible for service X in municipality Y, with evidence quotes.

    `Accept: application/ld+json` gives the same answer as JSON-LD (the service offer and
    its `cv:Participation`s).
    """
    answer = await state.cached(("who", municipality, service, target_group, min_confidence),
                                partial(queries.who, state.store, municipality, service, target_group,
                                        min_confidence),
                                wants_fresh(request.headers.get("cache-control")))
    if wants_jsonld(request.headers.get("accept")):
        return JSONResponse(responsibilities_jsonld(answer), media_type=MEDIA_TYPE)
    return answer


@router.get("/services", response_model=list[ServiceOut])
async def list_services() -> list[dict[str, str]]:
    """The statutory services of the integration programme (13 § of Act 681/2023).

    `async`: nothing here blocks (no store), so no thread hop."""
    return [queries.service_info(s) for s in ServiceKey]


class MunicipalitySummaryOut(BaseModel):
    code: str
    name: str
    name_sv: str | None = None
    iri: str
    status: str = Field(description="programme-ingested | no-programme | outside-scope")
    elinvoimakeskus: str | None = Field(None, description="Key of the elinvoimakeskus area")
    welfare_area: str | None = None
    employment_area: str | None = None
    region: str | None = None
    documents: int = Field(description="Files covering the municipality (versions and copies)")
    versions: int = Field(description="Versions of its programmes (format copies counted once)")
    services: int = Field(description="Services its current programme describes")
    facts: int = Field(description="Facts of its current programme")




Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
Offset = Annotated[int, Query(ge=0, description="Items to skip")]


def paginate(items: list[Any], limit: int, offset: int, request: Request, response: Response) -> list[Any]:
    """One page of `items`; `X-Total-Count` and RFC 8288 `Link` headers say where the rest is."""
    response.headers["X-Total-Count"] = str(len(items))
    links = []
    if offset + limit < len(items):
        links.append(f'<{request.url.include_query_params(offset=offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{request.url.include_query_params(offset=max(0, offset - limit))}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return items[offset:offset + limit]


@router.get("/municipalities", response_model=list[MunicipalitySummaryOut])
async def list_municipalities(
    state: StateDep, request: Request, response: Response, filters: FiltersDep,
    limit: Limit = 100, offset: Offset = 0,
) -> list[dict[str, object]]:
    """Every municipality of the reference data with its programme status (paged):
    `no-programme` (nothing ingested) is not a programme that describes nothing."""
    found = await state.cached(("municipalities", filters), partial(views.municipalities, state, filters),
                               wants_fresh(request.headers.get("cache-control")))
    return paginate(found, limit, offset, request, response)


class DocumentOut(BaseModel):
    graph: str
    iri: str
    source: str
    title: str | None
    sha256: str
    language: str
    pages: int
    ingested_at: str
    ingested_by: str | None = None
    municipalities: int
    facts: int


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(
    state: StateDep, request: Request, response: Response, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, object]]:
    """Ingested programme documents, one named graph each (paged)."""
    return paginate(queries.documents(state.store), limit, offset, request, response)


def check_upload_token(state: Any, authorization: str | None) -> str:
    """Writes need `Authorization: Bearer <token>` with the upload token (or the local
    CLI's admin token), compared in constant time. Who writes: the REST API or the CLI."""
    tokens = [t for t in (state.admin_token,
                          state.settings.upload_token and
                          state.settings.upload_token.get_secret_value()) if t]
    scheme, _, given = (authorization or "").partition(" ")
    given_bytes = given.strip().encode("utf-8")
    # Every token is compared (no early exit), so the time does not tell which one matched.
    matches = [hmac.compare_digest(given_bytes, t.encode("utf-8")) for t in tokens]
    if scheme.lower() != "bearer" or not any(matches):
        raise ApiError(401 if not authorization else 403, "Not allowed",
                       "Writing needs 'Authorization: Bearer <token>' with a valid token "
                       "(KOTOGRAPH_UPLOAD_TOKEN).")
    return "kotograph ingest (CLI)" if state.admin_token and matches[0] else "REST API"


@router.post("/documents", status_code=201, responses=problem_responses(401, 403, 413))
async def upload_document(
    request: Request,
    state: StateDep,
    authorization: Annotated[str | None, Header()] = None,
    x_filename: Annotated[str | None, Header(description="File name of the document")] = None,
) -> dict[str, object]:
    """Ingest one document (PDF, DOCX, HTML or TXT as the request body). Bearer token needed.

    Re-uploading a file with the same name replaces its facts.
    """
    writer = check_upload_token(state, authorization)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > state.settings.max_upload_bytes:
            raise ApiError(413, "Document too large",
                           f"The limit is {state.settings.max_upload_bytes} bytes.")
    return await ingest_upload(state, bytes(body), _file_name(x_filename), writer)


def _file_name(header: str | None) -> str:
    """The name in `X-Filename`: UTF-8 bytes (as `kotograph ingest` sends them) arrive as
    Latin-1 text; anything else is taken as it came. Never a path."""
    name = header or "upload"
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        name = name.encode("latin-1").decode("utf-8")
    return name.replace("/", "_").replace("\\", "_")


LangQuery = Annotated[str, Query(pattern="^(fi|sv|en)$", description="Label language")]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TABLE_TYPES = {200: {"description": "As JSON, CSV (`;`, UTF-8 with BOM) or XLSX", "content": {
    "application/json": {}, "text/csv": {}, XLSX: {}}}}
FormatQuery = Annotated[str, Query(pattern="^(json|csv|xlsx)$")]


def _download(body: bytes, media_type: str, name: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _tables(state: Any, data: dict[str, Any], lang: str) -> list[exports.Table]:
    """The matrix, its findings and its facts: the workbook's three sheets."""
    codes = {r["code"] for r in data["municipalities"]}
    return [exports.matrix_table(data, lang),
            exports.findings_table(views.findings(state, codes, lang), lang),
            exports.facts_table(views.facts(state, codes, lang), lang)]


@router.get("/matrix", responses=_TABLE_TYPES)
def get_matrix(
    state: StateDep, request: Request, filters: FiltersDep, lang: LangQuery = "fi",
    format: FormatQuery = "json",
) -> Any:
    """Every municipality × statutory service with who is responsible for whom. CSV is the
    matrix; XLSX adds the 13 § findings and the facts with their evidence as sheets."""
    data = views.matrix(state, filters, lang, wants_fresh(request.headers.get("cache-control")))
    if format == "csv":
        return _download(exports.to_csv(exports.matrix_table(data, lang)), "text/csv; charset=utf-8",
                         "kotograph-matrix.csv")
    if format == "xlsx":
        return _download(exports.to_xlsx(_tables(state, data, lang)), XLSX, "kotograph.xlsx")
    return data


def _rows(state: Any, filters: Filters, lang: str, format: str, name: str,
          read: Callable[..., list[dict[str, Any]]], table: Callable[..., exports.Table]) -> Any:
    """Rows of the municipalities the filters keep: JSON, or one table as CSV or XLSX."""
    found = read(state, {m["code"] for m in views.municipalities(state, filters)}, lang)
    if format == "json":
        return found
    rows = table(found, lang)
    if format == "csv":
        return _download(exports.to_csv(rows), "text/csv; charset=utf-8", f"kotograph-{name}.csv")
    return _download(exports.to_xlsx([rows]), XLSX, f"kotograph-{name}.xlsx")


@router.get("/findings", responses=_TABLE_TYPES)
def get_findings(
    state: StateDep, filters: FiltersDep, lang: LangQuery = "fi", format: FormatQuery = "json",
) -> Any:
    """The 13 § findings of the municipalities the filters keep, flat (also CSV, XLSX)."""
    return _rows(state, filters, lang, format, "findings", views.findings, exports.findings_table)


@router.get("/facts", responses=_TABLE_TYPES)
def get_facts(
    state: StateDep, filters: FiltersDep, lang: LangQuery = "fi", format: FormatQuery = "json",
) -> Any:
    """Every fact of the current programmes the filters keep, with its quote, document and
    page (also CSV, XLSX)."""
    return _rows(state, filters, lang, format, "facts", views.facts, exports.facts_table)


@router.get("/municipalities/{code}")
def get_municipality(state: StateDep, code: str, lang: LangQuery = "fi") -> dict[str, Any]:
    """One municipality: documents, every service with its organisations, contacts, validation."""
    return views.municipality(state, code, lang)


@router.get("/municipalities/{code}/changes")
def get_changes(state: StateDep, code: str, lang: LangQuery = "fi") -> dict[str, Any]:
    """What changed between the previous and the current version of the municipality's
    programme: bodies added, removed or replaced per service, target group and role."""
    m = queries.resolve_municipality(state.store, code)
    return {"municipality": m.as_dict(), "programmes": views.changes(state, m, lang)}


@router.get("/compare")
def get_compare(
    state: StateDep,
    # each item starts with a printable character: the regex engines disagree on which
    # control characters are space (Python's strip and Rust's \s take \x1c-\x1f and \x85,
    # JSON Schema's \s does not)
    municipalities: Annotated[str, Query(description="2–5 names or codes, comma-separated",
                                         pattern=r"^\s*[^,\s\x00-\x1f\x7f-\x9f][^,]*"
                                                 r"(,\s*[^,\s\x00-\x1f\x7f-\x9f][^,]*){1,4}$")],
    lang: LangQuery = "fi",
) -> dict[str, Any]:
    """Two to five municipalities side by side."""
    return views.compare(state, [c.strip() for c in municipalities.split(",") if c.strip()], lang)


@router.get("/organisations/{key:path}")
def get_organisation(state: StateDep, key: str) -> dict[str, Any]:
    """What an organisation is responsible for or provides, in which municipalities."""
    return views.organisation(state, key)


@router.get("/validation", responses={200: {"description": "The report", "content": {
    "application/json": {}, "text/turtle": {}, "text/plain": {}}}})
def get_validation(
    state: StateDep, municipality: str | None = None, lang: LangQuery = "fi",
    format: Annotated[str, Query(pattern="^(json|turtle|text)$")] = "json",
) -> Any:
    """13 § minimum-content check per municipality (SHACL), as JSON, Turtle or text;
    `municipality` narrows any of them to one."""
    report = state.validation.get(state.store)
    if municipality:
        report = report.only(queries.resolve_municipality(state.store, municipality).code)
    if format == "turtle":
        return Response(v.report_turtle(report), media_type="text/turtle")
    if format == "text":
        return Response(v.report_text(report, lang), media_type="text/plain; charset=utf-8")
    # JSON-ready already: FastAPI's encoder would walk the whole country's report again
    # (0.1 s) to return the same bytes.
    return JSONResponse(v.report_json(report, lang))


@router.get("/search")
def search(
    state: StateDep, q: Annotated[str, Query(min_length=2, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Full text over evidence quotes; Finnish words match their inflected forms by stem."""
    from api.search import stems

    terms = stems(q)
    return {"query": q, "terms": terms, "results": queries.search_evidence(state.store, terms, limit)}


document_router = APIRouter(include_in_schema=False)


@router.post("/documents/{doc_id}/reingest", responses=problem_responses(401, 403))
async def reingest_document(
    state: StateDep, doc_id: str, authorization: Annotated[str | None, Header()] = None
) -> dict[str, object]:
    """Extract a document again from its kept original (e.g. after an extraction upgrade)."""
    check_upload_token(state, authorization)
    doc = next((d for d in views.documents(state) if str(d["sha256"]).startswith(doc_id)), None)
    original = find_original(state.settings.originals_dir(), doc_id)
    if doc is None or original is None:
        raise ApiError(404, "Unknown document", f"No stored original for {doc_id!r}.")
    return await ingest_upload(state, original.read_bytes(), str(doc["source"]), "REST API re-ingest")


@document_router.get("/documents/{doc_id}/file")
def document_file(state: StateDep, doc_id: str) -> FileResponse:
    """The original document, as a download.

    Anyone with the upload token may have sent it, so it is never shown as a page of this
    site: `Content-Disposition: attachment`, the type read from its first bytes (an HTML
    file, or a PDF named `x.html`, is never `text/html`), `nosniff`, and a CSP sandbox.
    """
    found = find_original(state.settings.originals_dir(), doc_id)
    if found is None:
        raise ApiError(404, "Unknown document", f"No stored original for {doc_id!r}.")
    with found.open("rb") as fh:
        head = fh.read(4096)
    return FileResponse(found, media_type=media_type_of(head), filename=found.name,
                        content_disposition_type="attachment",
                        headers={"Content-Security-Policy": "sandbox; default-src 'none'"})
