"""REST API `/api/v1`: the graph's answers for applications, without SPARQL.

Routes are plain `def`: FastAPI runs them in its thread pool, so store queries never
block the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, Field

from api.errors import ApiError
from api.ingest import ingest_upload
from api.state import StateDep
from extraction.model import ServiceKey, TargetGroup
from graph import queries

router = APIRouter(prefix="/api/v1", tags=["REST API"])


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
    document: str = Field(description="Source file name of the programme document")
    page: int
    quote: str = Field(description="The sentence the fact was read from")


class ResponsibilityOut(BaseModel):
    role: str = Field(description="responsible | provider | partner")
    target_group: str = Field(description="jobseekers | others | all")
    organisation: OrganisationOut
    evidence: EvidenceOut


class ResponsibilitiesOut(BaseModel):
    municipality: MunicipalityOut
    service: ServiceOut
    results: list[ResponsibilityOut]


@router.get("/responsibilities", response_model=ResponsibilitiesOut)
def get_responsibilities(
    state: StateDep,
    municipality: Annotated[str, Query(description="Name (any case, nominative) or 3-digit code")],
    service: Annotated[str, Query(description="Service key, e.g. assessment")],
    target_group: Annotated[TargetGroup, Query()] = TargetGroup.ALL,
) -> dict[str, object]:
    """Who is responsible for service X in municipality Y, with evidence quotes."""
    return queries.who(state.store, municipality, service, target_group)


@router.get("/services", response_model=list[ServiceOut])
def list_services() -> list[dict[str, str]]:
    """The statutory services of the integration programme (13 § of Act 681/2023)."""
    return [queries.service_info(s) for s in ServiceKey]


class MunicipalitySummaryOut(BaseModel):
    code: str
    name: str
    iri: str
    documents: int
    services: int
    facts: int


@router.get("/municipalities", response_model=list[MunicipalitySummaryOut])
def list_municipalities(state: StateDep) -> list[dict[str, object]]:
    """Municipalities covered by ingested programme documents."""
    return queries.covered_municipalities(state.store)


class DocumentOut(BaseModel):
    graph: str
    iri: str
    source: str
    title: str | None
    sha256: str
    language: str
    pages: int
    ingested_at: str
    municipalities: int


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(state: StateDep) -> list[dict[str, object]]:
    """Ingested programme documents, one named graph each."""
    return queries.documents(state.store)


@router.post("/documents", status_code=201)
async def upload_document(
    request: Request,
    state: StateDep,
    authorization: Annotated[str | None, Header()] = None,
    x_filename: Annotated[str | None, Header(description="File name of the document")] = None,
) -> dict[str, object]:
    """Ingest one document (PDF, DOCX, HTML or TXT as the request body). Bearer token needed.

    Re-uploading a file with the same name replaces its facts.
    """
    tokens = {t for t in (state.admin_token,
                          state.settings.upload_token and
                          state.settings.upload_token.get_secret_value()) if t}
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not tokens or given not in tokens:
        raise ApiError(401 if not authorization else 403, "Not allowed",
                       "Uploading needs a valid bearer token (KOTOGRAPH_UPLOAD_TOKEN).")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > state.settings.max_upload_bytes:
            raise ApiError(413, "Document too large",
                           f"The limit is {state.settings.max_upload_bytes} bytes.")
    name = (x_filename or "upload").replace("/", "_").replace("\\", "_")
    return await ingest_upload(state, bytes(body), name)
