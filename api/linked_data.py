"""Linked data: every kotograph IRI answers, and the dataset describes itself.

* `GET /id/…` (data: municipalities, services, participations, organisations, documents,
  evidence) and `GET /ns`, `/ns/…` (the ontology and its concepts) under the configured
  public base: `https://w3id.org/kotograph/id/X` is answered at `{base}/id/X`, so a w3id
  redirect can point at a deployment. The answer is given directly (200, no 303: the W3C
  TAG's 2012 resolution of httpRange-14 allows it), chosen by `Accept`: HTML for browsers,
  Turtle (the default), JSON-LD, N-Triples or RDF/XML; `?format=ttl|jsonld|nt|rdfxml` names
  one. `Vary: Accept` and `Link: rel="alternate"` headers name the other forms.
* `/.well-known/void` and `/catalog`: the VoID and DCAT-AP 3 description of the dataset
  (graph/dataset_description.py), negotiated the same way.
* `/dumps/kotograph.nq.gz`, `/dumps/kotograph.trig.gz` and `/dumps/SHA256SUMS`: the whole
  store as the server last dumped it (graph/dumps.py), regenerated after every ingest.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from rdflib import Graph, Literal, URIRef
from starlette.concurrency import run_in_threadpool

from api.errors import problem, problem_responses
from api.pages import render
from api.state import AppState, StateDep
from graph import queries
from graph.dataset_description import DATASET, Publication, build_dataset_description
from graph.describe import describe, describe_term, labels
from graph.dumps import CHECKSUMS, DUMP_FORMATS, read_dumps
from graph.formats import DESCRIPTION_FORMATS, Format, by_name, negotiate, prefers_html
from graph.namespaces import ID, KG_IRI, PREFIXES

router = APIRouter(tags=["linked data"])
NS = KG_IRI.rstrip("#")  # https://w3id.org/kotograph/ns, the ontology's own IRI
FormatName = typing.Literal["ttl", "turtle", "jsonld", "json-ld", "nt", "ntriples", "rdfxml", "rdf", "xml"]
FormatParam = Annotated[FormatName | None, Query(description="The format instead of Accept")]
_RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {f.media_type: {} for f in DESCRIPTION_FORMATS} | {"text/html": {}}},
    **problem_responses(404, 406, 422),  # unknown IRI, nothing in Accept, unknown format=
}


def local_url(iri: str) -> str | None:
    """Where this deployment answers a kotograph IRI (relative to its base), if it does."""
    for prefix in (str(ID), NS):
        if iri.startswith(prefix):
            path = prefix.removeprefix("https://w3id.org/kotograph")
            return path + iri[len(prefix):]
    return None


def _choose(request: Request, fmt_name: str | None) -> Format | str | Response:
    """The RDF format, "html", or the error response (406: nothing in Accept fits)."""
    if fmt_name:  # one of FormatName, which the table knows
        return by_name(fmt_name, DESCRIPTION_FORMATS) or DESCRIPTION_FORMATS[0]
    accept = request.headers.get("accept")
    if prefers_html(accept, DESCRIPTION_FORMATS):
        return "html"
    fmt = negotiate(accept, DESCRIPTION_FORMATS)
    if fmt is None:
        kinds = ", ".join(f.media_type for f in DESCRIPTION_FORMATS)
        return problem(406, "Not acceptable", f"None of Accept: {accept}; use one of {kinds} or text/html.")
    return fmt


def _alternates(path: str) -> str:
    forms = (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
             ("rdfxml", "application/rdf+xml"))
    return ", ".join(f'<{path}?format={name}>; rel="alternate"; type="{media}"' for name, media in forms)


def _term(node: Any, names: dict[str, str]) -> dict[str, Any]:
    """A term as the HTML page shows it: text, link, language."""
    if isinstance(node, Literal):
        return {"text": str(node), "lang": node.language, "datatype": node.datatype and _curie(node.datatype)}
    text = str(node)
    return {"text": names.get(text) or _curie(node), "href": local_url(text) or text, "iri": text}


def _curie(node: Any) -> str:
    text = str(node)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _page_context(graph: Graph, subject: str, names: dict[str, str]) -> dict[str, Any]:
    node = URIRef(subject)
    outgoing: dict[str, list] = {}
    for p, o in sorted(graph.predicate_objects(node)):
        outgoing.setdefault(_curie(p), []).append(_term(o, names))
    incoming: dict[str, list] = {}
    for s, p in sorted(graph.subject_predicates(node)):
        incoming.setdefault(_curie(p), []).append(_term(s, names))
    others = sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s) != subject
                     and (s, None, node) not in graph})
    return {"iri": subject, "label": names.get(subject) or _curie(node), "outgoing": outgoing,
            "incoming": incoming, "others": [_term(URIRef(s), names) for s in others]}


async def rdf_answer(request: Request, state: AppState, graph: Graph, subject: str,
                     fmt_name: str | None) -> Response:
    """`graph` in the negotiated form; the HTML page shows `subject` first."""
    chosen = _choose(request, fmt_name)
    if isinstance(chosen, Response):
        return chosen
    path = request.url.path
    headers = {"Vary": "Accept", "Link": _alternates(path)}
    if chosen == "html":
        shown = sorted({str(o) for o in graph.objects() if isinstance(o, URIRef)}
                       | {str(s) for s in graph.subjects() if isinstance(s, URIRef)})
        names = await run_in_threadpool(labels, state.store, shown)
        response = render(request, "resource.html", _page_context(graph, subject, names))
        response.headers.update(headers)
        return response
    fmt = chosen
    options = {"auto_compact": True} if fmt.store_type == "json-ld" else {}
    body = await run_in_threadpool(
        lambda: graph.serialize(format=fmt.store_type, encoding="utf-8", **options))
    return Response(body, media_type=fmt.content_type, headers=headers)


def _not_found(iri: str) -> Response:
    return problem(404, "Unknown IRI", f"Nothing is known of <{iri}> here.")


@router.get("/id/{path:path}", responses=_RDF_RESPONSES)
async def data_resource(path: str, request: Request, state: StateDep, format: FormatParam = None) -> Response:
    """A resource of the data (https://w3id.org/kotograph/id/…): its triples and the ones
    pointing at it."""
    iri = f"{ID}{path}"
    graph = await run_in_threadpool(describe, state.store, iri)
    if not len(graph) and iri.startswith(str(DATASET)):
        graph = await dataset_description(request, state)
        graph = graph if (URIRef(iri), None, None) in graph else Graph()
    if not len(graph):
        return _not_found(iri)
    return await rdf_answer(request, state, graph, iri, format)


@router.get("/ns", responses=_RDF_RESPONSES)
async def ontology(request: Request, state: StateDep, format: FormatParam = None) -> Response:
    """The kotograph ontology (https://w3id.org/kotograph/ns) with its concept schemes."""
    return await rdf_answer(request, state, describe_term(NS), NS, format)


@router.get("/ns/{path:path}", responses=_RDF_RESPONSES)
async def ontology_term(path: str, request: Request, state: StateDep, format: FormatParam = None) -> Response:
    """A concept of the ontology's schemes (services, target groups, roles, organisation kinds)."""
    iri = f"{NS}/{path}"
    graph = describe_term(iri)
    return await rdf_answer(request, state, graph, iri, format) if len(graph) else _not_found(iri)


def publication(state: AppState) -> Publication:
    """What the dataset description says of this deployment (reads the store)."""
    settings = state.settings
    docs = queries.documents(state.store)
    return Publication(
        base_url=settings.base_url, publisher_name=settings.dataset_publisher,
        publisher_url=settings.dataset_publisher_url, license=settings.dataset_license,
        modified=max((d["ingested_at"] for d in docs if d.get("ingested_at")), default=None),
        quads=state.store.count())


async def dataset_description(request: Request, state: AppState) -> Graph:
    dumps = tuple(read_dumps(state.settings.dumps_folder()))
    pub = await state.cached(("dataset-publication",), lambda: publication(state))
    return build_dataset_description(pub, dumps)


@router.get("/.well-known/void", responses=_RDF_RESPONSES)
async def void(request: Request, state: StateDep, format: FormatParam = None) -> Response:
    """The VoID description of the dataset (and its DCAT-AP 3 catalog entry)."""
    return await rdf_answer(request, state, await dataset_description(request, state), str(DATASET), format)


@router.get("/catalog", responses=_RDF_RESPONSES)
async def catalog(request: Request, state: StateDep, format: FormatParam = None) -> Response:
    """The DCAT-AP 3 catalog: the dataset, its distributions (dumps) and its SPARQL service."""
    graph = await dataset_description(request, state)
    return await rdf_answer(request, state, graph, f"{state.settings.base_url}/catalog", format)


@router.get("/dumps/{name}", responses={200: {"content": {"application/gzip": {}, "text/plain": {}}},
                                        **problem_responses(404, 503)})
def dump(name: str, state: StateDep) -> Response:
    """A dump of the whole store (gzipped N-Quads or TriG) or its checksums (`sha256sum -c`)."""
    if name not in DUMP_FORMATS and name != CHECKSUMS:
        return problem(404, "No such dump", f"Dumps: {', '.join([*DUMP_FORMATS, CHECKSUMS])}.")
    path = state.settings.dumps_folder() / name
    if not path.is_file():
        return problem(503, "Dump not written yet", "The server writes the dumps after start and "
                       "after every ingest; try again shortly.", {"Retry-After": "10"})
    media = "text/plain; charset=utf-8" if name == CHECKSUMS else "application/gzip"
    return FileResponse(path, media_type=media, filename=name if name != CHECKSUMS else None)
