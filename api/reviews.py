"""The supervisor's review: the REST API (bearer token) and the forms of the pages (login).

Every write goes through `graph.reviews.record`; reading is everyone's (reviews show in
every view, export and SPARQL). Forms answer with a redirect back to the page (303), so a
reload does not post twice.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api import auth
from api.errors import ApiError, problem_responses
from api.ingest import ingest_upload
from api.state import StateDep
from graph import queries
from graph import reviews as rv

router = APIRouter(prefix="/api/v1", tags=["Review (supervisors)"],
                   responses=problem_responses(400, 401, 403, 404, 422))
pages = APIRouter(include_in_schema=False)


class ReviewIn(BaseModel):
    """A review. Facts are named by their IRI (`participation` in every answer)."""

    action: str = Field(description="confirm | correct | reject | add | resolve")
    municipality: str = Field(description="Name or code")
    note: str = Field("", max_length=4000, description="Why (required to resolve a finding)")
    participation: str | None = Field(None, description="The fact reviewed (confirm, correct, reject)")
    quote: str | None = Field(None, max_length=4000, description=(
        "The sentence: of the fact reviewed (when it has several), or of the fact added"))
    page: int | None = Field(None, ge=1)
    service: str | None = Field(None, description="Service key (add, resolve)")
    role: str | None = Field(None, description="responsible | provider | partner (correct, add)")
    target_group: str | None = Field(None, description="jobseekers | others | all (correct, add, resolve)")
    organisation: str | None = Field(None, description="A body's IRI (correct, add)")
    organisation_name: str | None = Field(None, max_length=300,
                                          description="Or its name, for a body the graph does not know")
    shape: str | None = Field(None, description="resolve: the finding's shape, e.g. ResponsibleBodyShape")


def _record(state: Any, supervisor: auth.Supervisor, review: ReviewIn) -> dict[str, str]:
    m = queries.resolve_municipality(state.store, review.municipality)
    fields = review.model_dump(exclude={"municipality"})
    try:
        made = rv.record(state.store, rv.NewReview(municipality=m.code, user=supervisor.name, **fields))
    except rv.ReviewError as exc:
        raise ApiError(422, "Review not recorded", str(exc)) from exc
    return {"review": made, "municipality": m.code}


@router.post("/reviews", status_code=201)
async def post_review(state: StateDep, supervisor: auth.SupervisorDep, review: ReviewIn) -> dict[str, str]:
    """Record a supervisor's review (bearer token of `KOTOGRAPH_SUPERVISORS`): confirm,
    correct or reject a fact, add a missing one with its quote, resolve a finding with a note.
    It is stored apart from the extracted facts (PROV-O) and applies while its quote stands in
    the municipality's current programme."""
    return await run_in_threadpool(_record, state, supervisor, review)


@router.get("/municipalities/{code}/reviews")
def get_reviews(state: StateDep, code: str) -> dict[str, Any]:
    """The municipality's reviews, oldest first, each with its state now: applied, quote-gone
    (its quote is not in the current programme: flagged, no effect) or superseded."""
    m = queries.resolve_municipality(state.store, code)
    found = rv.reviews_for(state.store, [m.code])
    applied = rv.applied_for(state.store, [m.code]).get(m.code)
    return {"municipality": m.as_dict(), "reviews": [
        {**r.as_dict(), "state": applied.state.get(r.iri) if applied else None, "service": r.service,
         "participation": r.target, "generated": r.generated, "role": r.role, "target_group": r.target_group,
         "organisation": r.organisation, "quote": r.quote, "page": r.page, "shape": r.shape}
        for r in found]}


# --------------------------------------------------------------------------------------
# Pages: login, the review forms, uploads
# --------------------------------------------------------------------------------------


def _back(path: str, lang: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"{path}?lang={quote(lang)}{('#' + anchor) if anchor else ''}", status_code=303)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", failed: bool = False) -> HTMLResponse:
    from api.pages import render

    return render(request, "login.html", {"next": next if next.startswith("/") else "/", "failed": failed})


@pages.post("/login")
def login(state: StateDep, name: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> RedirectResponse:
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    who = auth.check_secret(state, name.strip(), password)
    if who is None:
        return RedirectResponse(f"/login?failed=1&next={quote(target)}", status_code=303)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(auth.COOKIE, auth.session_cookie(state, who), httponly=True, samesite="strict",
                        max_age=int(state.settings.session_hours * 3600),
                        secure=state.settings.base_url.startswith("https://"))
    return response


@pages.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.COOKIE)
    return response


@pages.post("/municipality/{code}/reviews")
async def review_form(request: Request, state: StateDep, supervisor: auth.SupervisorDep, code: str
                      ) -> RedirectResponse:
    """A review form of the municipality page."""
    form = await request.form()
    auth.check_csrf(state, supervisor, str(form.get("csrf") or ""))
    values = {k: str(v).strip() or None for k, v in form.items()
              if k in ReviewIn.model_fields and k != "municipality"}
    values["note"] = values.get("note") or ""
    page = str(values.pop("page", None) or "")
    review = ReviewIn(municipality=code, page=int(page) if page.isdigit() else None, **values)
    await run_in_threadpool(_record, state, supervisor, review)
    return _back(f"/municipality/{code}", str(form.get("lang") or "fi"), str(form.get("anchor") or ""))


@pages.post("/documents")
async def upload_form(request: Request, state: StateDep, supervisor: auth.SupervisorDep,
                      file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = "",
                      lang: Annotated[str, Form()] = "fi") -> RedirectResponse:
    """A supervisor uploads a programme (a new version, say): ingested as the API does."""
    auth.check_csrf(state, supervisor, csrf)
    data = await file.read(state.settings.max_upload_bytes + 1)
    if len(data) > state.settings.max_upload_bytes:
        raise ApiError(413, "Document too large", f"The limit is {state.settings.max_upload_bytes} bytes.")
    name = (file.filename or "upload").replace("/", "_").replace("\\", "_")
    summary = await ingest_upload(state, data, name, ingested_by=supervisor.name)
    codes = [m["code"] for m in summary["municipalities"]]  # type: ignore[union-attr]
    return _back(f"/municipality/{codes[0]}" if len(codes) == 1 else "/documents", lang)
