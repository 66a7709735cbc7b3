"""The SPARQL 1.1 Protocol endpoint: `/sparql` for queries, updates and its description.

https://www.w3.org/TR/sparql11-protocol/ — every request shape the W3C protocol tests use:

* queries: `GET ?query=`, `POST` `application/x-www-form-urlencoded` (`query=`), `POST`
  `application/sparql-query`; `default-graph-uri` / `named-graph-uri` replace the query's
  `FROM` / `FROM NAMED`;
* updates: `POST` form (`update=`) or `application/sparql-update`, with
  `using-graph-uri` / `using-named-graph-uri` (a request that also says USING or WITH is a
  400), relative IRIs resolved against the endpoint URL;
* `GET /sparql` without a query: the SPARQL 1.1 Service Description (Turtle, RDF/XML,
  JSON-LD or N-Triples by `Accept`), or the YASGUI page when the client prefers HTML.

Decisions, each one a client can rely on:

* Results are negotiated from the `Accept` header or a `format=` parameter (json, xml, csv,
  tsv, turtle, ttl, nt, ntriples, rdfxml, jsonld, or a media type). Nothing acceptable is a
  406, an unknown `format=` name a 400; nothing silently falls back.
* Errors are RFC 9457 problem details, except a query or update the SPARQL parser rejects:
  that is a 400 whose `text/plain` body is the parser's message (what YASGUI shows).
  400: missing, empty or repeated `query`/`update`, both at once, an update by GET, a body
  or parameter that is not UTF-8, a dataset IRI that is not absolute, USING/WITH together
  with `using-graph-uri`, text over `max_query_bytes` or nested deeper than
  `max_query_depth` (`graph.sparql_limits`, checked before anything parses it), `SERVICE`
  (federated query) or `LOAD`. 413: a body over the limit, known from `Content-Length`
  before it is read or as soon as a streamed one passes it (a query's limit, or
  `max_update_bytes` for a request with a token that may write).
  405 (with `Allow`) for other methods; 415 for a POST without or with another
  `Content-Type`, or with a charset other than UTF-8.
* The endpoint never opens a connection on a client's behalf. The embedded store evaluates
  queries and updates where the kernel refuses them any network socket
  (`graph.isolation`), so no spelling of SERVICE, LOAD or an IRI escape reaches out; the
  keyword check here only gives the usual case its clear message first.
* Updates are off unless `enable_update` is set and the request carries
  `Authorization: Bearer <update_token>`; the per-run `admin_token` of the local CLI is
  always accepted. No credentials: 401 (with `WWW-Authenticate`) when updates are enabled,
  otherwise 403; wrong credentials: 403. A successful update is 204.
* Reading the text (limits, tokens, the query's form and dataset) and every store call run
  in worker threads, never on the event loop. A query gets `query_timeout_s` of wall time:
  the embedded store then kills the process that evaluates it, an external store's client
  hangs up, and the client gets 503 (as Fuseki answers a timed-out query).
  Updates are not cut off (an abandoned update might still commit after an error was
  reported).
* SELECT results are capped at `max_result_rows`: the query's outer LIMIT is lowered to one
  more than the cap where the text allows, and every SELECT result (known by its media
  type) is counted: past the cap it is truncated to the cap and the response carries
  `X-SPARQL-MaxRows: <cap>` (the header Virtuoso uses for the same purpose). CONSTRUCT and
  DESCRIBE results are not capped.
* `format=` may be repeated or hold a comma-separated list (SPARQLWrapper sends both): the
  first name the result can be written in wins.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, TypeVar
from urllib.parse import unquote_to_bytes

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.routing import Route

from api.errors import problem
from api.state import AppState, wants_fresh
from graph import history
from graph.formats import (
    DESCRIPTION_FORMATS,
    Format,
    add_using,
    by_name,
    formats_for,
    has_keyword,
    known_format_name,
    limit_select,
    negotiate,
    prefers_html,
    query_dataset,
    query_form,
    tokenize,
    update_declares_dataset,
)
from graph.namespaces import KG, PREFIXES, PROGRAMMES_GRAPH
from graph.service_description import build_service_description
from graph.sparql_limits import SparqlLimits, SparqlTooComplex
from graph.store import (
    Dataset,
    OutboundNotAllowed,
    QuerySyntaxError,
    QueryTimeout,
    RawResult,
    SparqlStore,
    Store,
    StoreError,
)

ENDPOINT_PATH = "/sparql"
ALLOWED_METHODS = "GET, POST, OPTIONS"
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

QUERY_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
T = TypeVar("T")
UPDATE_DATASET_PARAMS = ("using-graph-uri", "using-named-graph-uri")

class Rejected(Exception):
    """A request the endpoint refuses; becomes a problem-details response."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}

    def response(self) -> Response:
        response = problem(self.status, self.title, self.detail)
        response.headers.update(self.headers)
        return response


class ParserRejected(Exception):
    """The SPARQL parser's message, sent as text/plain 400."""


# --------------------------------------------------------------------------------------
# Reading the request
# --------------------------------------------------------------------------------------


def _decode(raw: bytes, what: str) -> str:
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejected(400, "Not UTF-8", f"The {what} is not valid UTF-8 "
                       f"(byte {exc.start} of a percent-decoded value).") from None


@lru_cache(maxsize=256)
def parse_urlencoded(raw: bytes, what: str) -> tuple[tuple[str, str], ...]:
    """`application/x-www-form-urlencoded` pairs, strictly UTF-8 (no replacement chars).

    Kept for repeated requests: percent-decoding a query in pure Python costs as much as
    answering it from the result cache.
    """
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        pairs.append((_decode(name, what), _decode(value, what)))
    return tuple(pairs)


def _content_type(header: str | None) -> tuple[str | None, dict[str, str]]:
    if not header:
        return None, {}
    media, *rest = header.split(";")
    params = {}
    for p in rest:
        name, _, value = p.partition("=")
        params[name.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), params


@dataclass(slots=True)
class ProtocolRequest:
    """The operation a request asks for, with its protocol parameters."""

    kind: str  # "query", "update" or "describe" (no operation: the service description)
    text: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def values(self, name: str) -> list[str]:
        return self.params.get(name, [])

    def single(self, name: str) -> str | None:
        values = self.values(name)
        if len(values) > 1:
            raise Rejected(400, f"Repeated {name}", f"The request has {len(values)} "
                           f"'{name}' parameters; send exactly one.")
        return values[0] if values else None


def _collect(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*$")


def _check_iris(req: ProtocolRequest) -> None:
    for name in (*QUERY_DATASET_PARAMS, *UPDATE_DATASET_PARAMS):
        for value in req.values(name):
            if not _ABSOLUTE_IRI.match(value):
                raise Rejected(400, "Invalid graph IRI", f"{name}={value!r} is not an absolute IRI.")


def _body_limit(request: Request, state: AppState) -> int:
    """The largest body a request may send: a query's at most, unless it carries a token
    that may write (whole documents arrive as SPARQL Update from the CLI)."""
    settings = state.settings
    token = _bearer(request)
    expected = settings.update_token.get_secret_value() if settings.update_token else None
    if token and any(t and _same(token, t) for t in (state.admin_token, expected)):
        return settings.max_update_bytes
    return 3 * settings.max_query_bytes + 4096  # percent-encoding triples a byte at most


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it is known to pass `limit`: by its
    Content-Length before anything is read, or while it streams in."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Rejected(413, "Request too large", f"The request body is {declared} bytes; this "
                       f"endpoint accepts at most {limit} (KOTOGRAPH_MAX_QUERY_BYTES).")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Rejected(413, "Request too large", f"The request body passed {limit} bytes, "
                           "the most this endpoint accepts (KOTOGRAPH_MAX_QUERY_BYTES).")
    return bytes(body)


async def read_request(request: Request, body_limit: int) -> ProtocolRequest:
    """Decode a GET or POST into a query, an update or a request for the description."""
    url_pairs = parse_urlencoded(request.scope.get("query_string", b""), "query string")
    if request.method in ("GET", "HEAD"):
        params = _collect(url_pairs)
        if "update" in params:
            raise Rejected(400, "Update by GET", "SPARQL Update must be sent with POST "
                           f"({FORM} with update=, or {SPARQL_UPDATE}).")
        if "query" not in params:
            describe = ProtocolRequest("describe", params=params)
            _check_iris(describe)  # a malformed graph IRI is an error even without a query
            return describe
        req = ProtocolRequest("query", params=params)
        req.text = req.single("query") or ""
    else:
        media, ct_params = _content_type(request.headers.get("content-type"))
        if media not in (FORM, SPARQL_QUERY, SPARQL_UPDATE):
            got = f"Content-Type {media}" if media else "no Content-Type"
            raise Rejected(415, "Unsupported media type", f"A POST to the SPARQL endpoint "
                           f"must be {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}; got {got}.")
        charset = ct_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8", "us-ascii"):
            raise Rejected(415, "Unsupported charset", f"SPARQL requests are UTF-8; got "
                           f"charset={charset}.")
        body = await _read_body(request, body_limit)
        if media == FORM:
            params = _collect([*url_pairs, *parse_urlencoded(body, "request body")])
        else:
            params = _collect(url_pairs)
            for name in ("query", "update"):
                if name in params:
                    raise Rejected(400, f"Repeated {name}", f"A {media} request carries the "
                                   f"operation in its body; remove '{name}' from the URL.")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise Rejected(400, "Not UTF-8", f"The request body is not valid UTF-8 "
                               f"(byte {exc.start}).") from None
            params["query" if media == SPARQL_QUERY else "update"] = [text]
        if "query" in params and "update" in params:
            raise Rejected(400, "Both query and update", "Send either query or update, not both.")
        if "query" in params:
            req = ProtocolRequest("query", params=params)
            req.text = req.single("query") or ""
        elif "update" in params:
            req = ProtocolRequest("update", params=params)
            req.text = req.single("update") or ""
        else:
            raise Rejected(400, "Missing query", "The request has neither a query nor an update.")
    if not req.text.strip():
        raise Rejected(400, f"Empty {req.kind}", f"The {req.kind} is empty.")
    wrong = UPDATE_DATASET_PARAMS if req.kind == "query" else QUERY_DATASET_PARAMS
    for name in wrong:
        if name in req.params:
            raise Rejected(400, "Parameter does not apply",
                           f"{name} does not apply to a SPARQL {req.kind}.")
    _check_iris(req)
    return req


async def _in_thread(state: AppState, fn: Callable[[], T], timeout_s: float) -> T:
    """A blocking store call in one of the app's query threads, a 503 after `timeout_s`.

    The store stops a query at the timeout itself (the embedded one kills the process that
    evaluates it, an external one's client hangs up): this only covers a store that hangs.
    """
    try:
        async with asyncio.timeout(timeout_s):
            return await asyncio.get_running_loop().run_in_executor(state.queries, fn)
    except TimeoutError:
        pass
    raise Rejected(503, "Query timeout", f"The query ran longer than {timeout_s:g} s.",
                   {"Retry-After": "10"})


def _store_error(exc: QuerySyntaxError | StoreError, state: AppState) -> Exception:
    """The client's view of a store failure: 400 with the parser's text, 503 or 500/502."""
    if isinstance(exc, QuerySyntaxError):
        return ParserRejected(str(exc))
    if isinstance(exc, QueryTimeout):
        return Rejected(503, "Query timeout", str(exc), {"Retry-After": "10"})
    if isinstance(exc, OutboundNotAllowed):
        return Rejected(400, "SERVICE or LOAD not allowed", f"{exc}.")
    # An external store that fails is a bad gateway; the embedded one, an internal error.
    status = 502 if isinstance(state.store, SparqlStore) else 500
    return Rejected(status, "Store error", str(exc))


_ENDPOINT_URLS: dict[tuple, str] = {}


def endpoint_url(request: Request, state: AppState) -> str:
    """The endpoint's absolute URL: the base of relative IRIs, the description's subject.

    Kept per scheme, Host and root path: building `request.base_url` costs more than
    answering `ASK {}`. The Host header is the client's, so the table is kept small.
    """
    if state.settings.public_url:
        return state.settings.public_url.rstrip("/") + ENDPOINT_PATH
    scope = request.scope
    server = scope.get("server")  # a tuple from servers, a list from some test clients
    key = (scope.get("scheme"), request.headers.get("host"), scope.get("root_path", ""),
           tuple(server) if server else None)
    url = _ENDPOINT_URLS.get(key)
    if url is None:
        if len(_ENDPOINT_URLS) >= 256:
            _ENDPOINT_URLS.clear()
        url = _ENDPOINT_URLS[key] = str(request.base_url).rstrip("/") + ENDPOINT_PATH
    return url


@lru_cache(maxsize=256)
def _negotiate(accept: str | None, formats: tuple[Format, ...]) -> Format | None:
    """Clients send the same few Accept headers again and again."""
    return negotiate(accept, formats)


def _choose_format(req: ProtocolRequest, accept: str | None, formats: tuple[Format, ...]) -> Format:
    """The result format: from `format=` when given, else from Accept.

    `format=` may be repeated and hold a comma-separated list (SPARQLWrapper sends
    `format=tsv&format=text/tab-separated-values`, or a second, empty one): the first
    name that this result can be written in wins; empty values are ignored.
    """
    names = [n.strip() for value in req.values("format") for n in value.split(",") if n.strip()]
    if names:
        for name in names:
            fmt = by_name(name, formats)
            if fmt is not None:
                return fmt
        unknown = [n for n in names if not known_format_name(n)]
        if unknown:
            raise Rejected(400, "Unknown format", f"format={unknown[0]!r} is not a format this "
                           "endpoint knows.")
        raise Rejected(406, "Not acceptable", f"format={names[0]!r} cannot express this result; "
                       f"use one of {', '.join(f.media_type for f in formats)}.")
    fmt = _negotiate(accept, formats)
    if fmt is None:
        raise Rejected(406, "Not acceptable", f"None of Accept: {accept} can express this "
                       f"result; use one of {', '.join(f.media_type for f in formats)}.")
    return fmt


# --------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------


# Every row of a serialised SELECT result carries at least one of these (a JSON object, a
# <result> element, a line break), so their count bounds the rows from above.
_ROW_MARKS = {"application/sparql-results+json": b"{", "application/sparql-results+xml": b"<result>",
              "text/csv": b"\n", "text/tab-separated-values": b"\n"}


def _count_and_truncate(body: bytes, media_type: str, cap: int) -> tuple[bytes, bool]:
    """Cut a serialised SELECT result to `cap` rows; whether anything was cut.

    Counting marks first spares parsing the many results that cannot reach the cap."""
    mark = _ROW_MARKS.get(media_type)
    if mark is not None and body.count(mark) <= cap:
        return body, False
    if media_type == "application/sparql-results+json":
        data = json.loads(body)
        rows = data.get("results", {}).get("bindings", [])
        if len(rows) <= cap:
            return body, False
        data["results"]["bindings"] = rows[:cap]
        return json.dumps(data, ensure_ascii=False).encode("utf-8"), True
    if media_type == "application/sparql-results+xml":
        ns = "http://www.w3.org/2005/sparql-results#"
        ET.register_namespace("", ns)
        root = ET.fromstring(body)
        results = root.find(f"{{{ns}}}results")
        rows_xml = [] if results is None else list(results)
        if results is None or len(rows_xml) <= cap:
            return body, False
        for extra in rows_xml[cap:]:
            results.remove(extra)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True), True
    if media_type == "text/csv":
        records = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        if len(records) - 1 <= cap:
            return body, False
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(records[: cap + 1])
        return out.getvalue().encode("utf-8"), True
    if media_type == "text/tab-separated-values":
        # TSV escapes line breaks inside terms, so every "\n" ends a row (splitlines would
        # also split at U+2028 and friends, which may occur in a literal).
        lines = body.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) - 1 <= cap:
            return body, False
        return ("\n".join(lines[: cap + 1]) + "\n").encode("utf-8"), True
    return body, False


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What the endpoint reads from a query's text before the store sees it."""

    form: str | None
    federated: bool
    own_dataset: Dataset
    text: str  # what the store runs: a SELECT's outer LIMIT lowered to the row cap + 1
    repeatable: bool  # the same store gives the same answer (no NOW(), RAND(), UUID() …)


# Built-ins whose value changes from one evaluation to the next (SPARQL 1.1, 17.4).
VOLATILE_FUNCTIONS = ("NOW", "RAND", "UUID", "STRUUID")


@lru_cache(maxsize=512)
def plan_query(query: str, base: str, cap: int, max_bytes: int) -> QueryPlan:
    """Tokenize once per distinct query text (clients repeat the same queries)."""
    tokens = tokenize(query)
    form = query_form(tokens)
    # The query's own FROM / FROM NAMED: given to the store as the dataset, because a
    # store whose default graph is the union of all graphs would ignore them.
    own = query_dataset(tokens, base)
    text = query
    if form == "SELECT":
        # A lower LIMIT spares the store work; the rows are counted against the cap
        # whatever the text says (`_cap_rows`).
        limited = limit_select(query, tokens, cap) or query
        text = limited if len(limited.encode()) <= max_bytes else query
    return QueryPlan(form, has_keyword(tokens, "SERVICE"), Dataset(*own) if own else Dataset(),
                     text, not has_keyword(tokens, *VOLATILE_FUNCTIONS))


def _cap_rows(result: RawResult, cap: int) -> tuple[bytes, bool]:
    """A SELECT result (known by its media type, not by the query's text) cut to `cap` rows."""
    media_type = result.media_type.split(";")[0].strip()
    if media_type not in _ROW_MARKS:
        return result.body, False
    return _count_and_truncate(result.body, media_type, cap)


def answer_query(state: AppState, req: ProtocolRequest, accept: str | None, base: str,
                 fresh: bool) -> tuple[bytes, bool, Format]:
    """Check, plan and answer a query (from the kept answers unless `fresh`): the body,
    whether it was cut at the row cap, and its format. Blocking: runs in a worker thread,
    where a long text also tokenizes off the event loop."""
    store, cap = state.store, state.settings.max_result_rows
    try:
        state.limits.check(req.text)
    except SparqlTooComplex as exc:
        raise Rejected(400, "Query too complex", str(exc)) from None
    plan = plan_query(req.text, base, cap, state.limits.max_bytes)
    if plan.federated:
        raise Rejected(400, "SERVICE not allowed", "Federated queries (SERVICE) are not "
                       "allowed: this endpoint never connects to other services.")
    fmt = _choose_format(req, accept, formats_for(plan.form))
    dataset = Dataset(tuple(req.values("default-graph-uri")), tuple(req.values("named-graph-uri")))
    dataset = dataset or plan.own_dataset
    version = store.content_version() if plan.repeatable else None
    key = (version, plan.text, fmt.store_type, dataset, base)
    kept = state.results.get(key) if version is not None and not fresh else None
    if kept is None:
        try:
            kept = _cap_rows(store.raw_query(plan.text, fmt.store_type, dataset, base), cap)
        except (QuerySyntaxError, StoreError) as exc:
            raise _store_error(exc, state) from exc
        if version is not None:
            state.results.put(key, kept, len(kept[0]))
    return (*kept, fmt)


async def run_query(request: Request, state: AppState, req: ProtocolRequest) -> Response:
    answer = partial(answer_query, state, req, request.headers.get("accept"),
                     endpoint_url(request, state), wants_fresh(request.headers.get("cache-control")))
    # One grace second over the store's own limit, for forking a query process.
    body, truncated, fmt = await _in_thread(state, answer, state.settings.query_timeout_s + 1)
    headers = {"Vary": "Accept"}
    if truncated:
        headers[MAX_ROWS_HEADER] = str(state.settings.max_result_rows)
    return Response(body, media_type=fmt.content_type, headers=headers)


# --------------------------------------------------------------------------------------
# Updates
# --------------------------------------------------------------------------------------


def _bearer(request: Request) -> str | None:
    scheme, _, credentials = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip() or None


def _same(a: str, b: str) -> bool:
    return secrets.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def authorize_update(request: Request, state: AppState) -> None:
    """Raise unless the request may write (see the module docstring)."""
    token = _bearer(request)
    if token and state.admin_token and _same(token, state.admin_token):
        return
    settings = state.settings
    if not settings.enable_update:
        raise Rejected(403, "Updates disabled", "This SPARQL endpoint is read-only: SPARQL "
                       "Update is disabled on this server (KOTOGRAPH_ENABLE_UPDATE).")
    expected = settings.update_token.get_secret_value() if settings.update_token else None
    if not expected:
        raise Rejected(403, "Updates not configured", "SPARQL Update is enabled but no update "
                       "token is configured (KOTOGRAPH_UPDATE_TOKEN), so no one may write.")
    if token is None:
        raise Rejected(401, "Authentication required", "SPARQL Update needs "
                       "'Authorization: Bearer <update token>'.",
                       {"WWW-Authenticate": 'Bearer realm="kotograph"'})
    if not _same(token, expected):
        raise Rejected(403, "Forbidden", "The bearer token does not allow SPARQL Update.")


def _checked_tokens(text: str, limits: SparqlLimits) -> list:
    limits.check(text, "update")
    return tokenize(text)


async def run_update(request: Request, state: AppState, req: ProtocolRequest) -> Response:
    authorize_update(request, state)
    limits = SparqlLimits(state.settings.max_update_bytes, state.settings.max_query_depth)
    try:
        tokens = await asyncio.to_thread(_checked_tokens, req.text, limits)
    except SparqlTooComplex as exc:
        raise Rejected(400, "Update too complex", str(exc)) from None
    if has_keyword(tokens, "LOAD"):
        raise Rejected(400, "LOAD not allowed", "LOAD is not allowed: this endpoint never "
                       "fetches remote data. Insert the triples with INSERT DATA instead.")
    if has_keyword(tokens, "SERVICE"):
        raise Rejected(400, "SERVICE not allowed", "Federated queries (SERVICE) are not "
                       "allowed: this endpoint never connects to other services.")
    using, using_named = req.values("using-graph-uri"), req.values("using-named-graph-uri")
    if (using or using_named) and update_declares_dataset(tokens):
        raise Rejected(400, "Dataset given twice", "The update names its dataset with USING "
                       "or WITH and the request has using-graph-uri / using-named-graph-uri; "
                       "use one or the other.")
    text = add_using(req.text, tokens, using, using_named)
    try:
        await asyncio.to_thread(state.store.update, text, endpoint_url(request, state))
    except (QuerySyntaxError, StoreError) as exc:
        raise _store_error(exc, state) from exc
    return Response(status_code=204)


# --------------------------------------------------------------------------------------
# The description and the query page
# --------------------------------------------------------------------------------------

# The page's example queries. `{code}` is a municipality whose programme is ingested (the
# first by name), so that every example answers on whatever the store holds.
EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    ("Who is responsible for each service in a municipality", """\
SELECT ?municipality ?service ?targetGroup ?organisation ?quote ?page WHERE {
  ?m a kg:Municipality ; skos:prefLabel ?municipality ; dct:identifier "{code}" .
  FILTER(LANG(?municipality) = "fi")
  ?m kg:currentDocument ?doc .
  ?offer a kg:ServiceOffer ; kg:municipality ?m ; kg:serviceType/kg:key ?service ;
         cv:hasParticipation ?p .
  ?p cv:role kgr:responsible ; kg:targetGroup/kg:key ?targetGroup ; prov:wasDerivedFrom ?doc ;
     cv:hasParticipant ?org ; kg:evidence ?ev .
  ?ev kg:quote ?quote ; kg:page ?page ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?org skos:prefLabel ?organisation FILTER(LANG(?organisation) = "fi") }
}
ORDER BY ?service ?targetGroup ?organisation"""),
    ("Programme status of every municipality", """\
SELECT ?status (COUNT(?m) AS ?municipalities) WHERE {
  ?m a kg:Municipality ; kg:programmeStatus/skos:prefLabel ?status . FILTER(LANG(?status) = "fi")
}
GROUP BY ?status ORDER BY DESC(?municipalities)"""),
    ("Municipalities missing a required service", """\
SELECT ?code ?municipality ?missing WHERE {
  ?m kg:currentDocument ?doc ; dct:identifier ?code ; skos:prefLabel ?municipality .
  FILTER(LANG(?municipality) = "fi")
  ?service skos:inScheme kg:StatutoryServices ; kg:requiredBy13 true ;
           skos:prefLabel ?missing . FILTER(LANG(?missing) = "fi")
  MINUS { ?offer kg:municipality ?m ; kg:describedIn ?doc ; kg:serviceType ?service }
}
ORDER BY ?municipality ?missing"""),
    ("Partners of a municipality", """\
SELECT DISTINCT ?partner ?service ?targetGroup WHERE {
  ?m a kg:Municipality ; dct:identifier "{code}" ; kg:currentDocument ?doc .
  ?offer a kg:ServiceOffer ; kg:municipality ?m ; kg:serviceType ?type ;
         cv:hasParticipation ?p .
  ?p cv:role kgr:partner ; kg:targetGroup/kg:key ?targetGroup ; cv:hasParticipant ?org ;
     prov:wasDerivedFrom ?doc .
  ?org skos:prefLabel ?partner . FILTER(LANG(?partner) = "fi")
  ?type skos:prefLabel ?service . FILTER(LANG(?service) = "en")
}
ORDER BY ?partner ?service"""),
    ("Services and the law sections they rest on", """\
SELECT ?service ?section ?title (COUNT(DISTINCT ?m) AS ?municipalities) WHERE {
  ?offer a kg:ServiceOffer ; kg:serviceType ?type ; kg:municipality ?m ; kg:describedIn ?doc .
  ?m kg:currentDocument ?doc .
  ?type cv:hasLegalResource ?law ; skos:prefLabel ?service . FILTER(LANG(?service) = "en")
  ?law eli:id_local ?section . OPTIONAL { ?law eli:title ?title }
}
GROUP BY ?service ?section ?title ORDER BY ?service ?section"""),
    ("What the newest versions changed", history.CHANGES_QUERY),
    ("Supervisors' reviews (PROV-O)", """\
SELECT ?when ?who ?action ?municipality ?why WHERE {
  ?review a kg:Review ; kg:reviewAction/kg:key ?action ; prov:wasAssociatedWith/foaf:name ?who ;
          prov:endedAtTime ?when ; kg:municipality/skos:prefLabel ?municipality .
  FILTER(LANG(?municipality) = "fi")
  OPTIONAL { ?review rdfs:comment ?why }
}
ORDER BY DESC(?when)"""),
)

_EXAMPLE_PREFIXES = ("kg", "kgs", "kgr", "kgt", "cv", "cpsv", "skos", "dct", "prov", "eli", "foaf", "rdfs")


def example_queries(code: str = "593") -> list[dict[str, str]]:
    """The page's example queries, each with the PREFIX lines it needs, about `code`."""
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in _EXAMPLE_PREFIXES)
    return [{"title": title, "query": head + "\n" + body.replace("{code}", code)}
            for title, body in EXAMPLE_QUERIES]


_templates = Environment(loader=PackageLoader("api", "templates"),
                         autoescape=select_autoescape(["html"]))


def example_municipality(store: Store) -> str:
    """A municipality whose programme is ingested (the first by code), for the examples."""
    rows = store.select(f"""SELECT ?m WHERE {{ GRAPH <{PROGRAMMES_GRAPH}> {{
        ?m <{KG.currentDocument}> ?doc }} }} ORDER BY ?m LIMIT 1""")
    return rows[0]["m"].rsplit("/", 1)[-1] if rows else "593"


async def _yasgui_page(request: Request, state: AppState) -> HTMLResponse:
    code = await asyncio.to_thread(example_municipality, state.store)
    examples = example_queries(code)
    html = _templates.get_template("yasgui.html").render(
        endpoint=endpoint_url(request, state), examples=examples,
        default_query=examples[0]["query"], update_enabled=state.settings.enable_update,
    )
    return HTMLResponse(html, headers={"Vary": "Accept"})


async def describe(request: Request, state: AppState, req: ProtocolRequest) -> Response:
    accept = request.headers.get("accept")
    if req.single("format") is None and prefers_html(accept, DESCRIPTION_FORMATS):
        return await _yasgui_page(request, state)
    fmt = _choose_format(req, accept, DESCRIPTION_FORMATS)
    try:
        names = await asyncio.to_thread(state.store.graph_names)
    except StoreError as exc:
        raise _store_error(exc, state) from exc
    graph = build_service_description(
        endpoint_url(request, state), update_enabled=state.settings.enable_update,
        graph_names=names,
    )
    body = await asyncio.to_thread(partial(graph.serialize, format=fmt.store_type,
                                           encoding="utf-8"))
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


# --------------------------------------------------------------------------------------
# Routes
# --------------------------------------------------------------------------------------


async def _handle(request: Request, state: AppState) -> Response:
    try:
        req = await read_request(request, _body_limit(request, state))
        if req.kind == "describe":
            return await describe(request, state, req)
        if req.kind == "update":
            return await run_update(request, state, req)
        return await run_query(request, state, req)
    except Rejected as exc:
        return exc.response()
    except ParserRejected as exc:
        return PlainTextResponse(str(exc), status_code=400)
    except SparqlTooComplex as exc:  # from the store's own check
        return Rejected(400, "Query too complex", str(exc)).response()


_RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values", "text/turtle", "application/n-triples",
                 "application/rdf+xml", "application/ld+json", "text/html")
_PROTOCOL_RESPONSES: dict[int | str, dict] = {
    200: {"description": "Query results, the service description, or YASGUI for browsers",
          "content": {t: {} for t in _RESULT_TYPES}},
    400: {"description": "Malformed request or SPARQL syntax error (the parser's message)",
          "content": {"text/plain": {}, "application/problem+json": {}}},
    401: {"description": "Updates need a bearer token", "content": {"application/problem+json": {}}},
    403: {"description": "Updates are off or the token is wrong",
          "content": {"application/problem+json": {}}},
    406: {"description": "No acceptable result format", "content": {"application/problem+json": {}}},
    415: {"description": "Unsupported Content-Type", "content": {"application/problem+json": {}}},
    503: {"description": "The query ran past the time limit", "content": {"application/problem+json": {}}},
}
_GRAPH_PARAMS = [
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string", "format": "uri"}}},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string", "format": "uri"}}},
]
_GET_DOC = {"parameters": [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string", "minLength": 1},
     "description": "A SPARQL 1.1 query; without it, the service description"},
    *_GRAPH_PARAMS]}
_POST_DOC = {
    "parameters": _GRAPH_PARAMS,
    "requestBody": {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": {
            "type": "object",
            "properties": {"query": {"type": "string", "minLength": 1},
                           "update": {"type": "string", "minLength": 1}},
            "oneOf": [{"required": ["query"]}, {"required": ["update"]}]}},
        "application/sparql-query": {"schema": {"type": "string", "minLength": 1}},
        "application/sparql-update": {"schema": {"type": "string", "minLength": 1}},
    }},
}


_METHODS_DOC = {
    "get": {"summary": "SPARQL query by GET, or the service description",
            "description": "`?query=` runs a query; without it, the service description "
                           "(or YASGUI for browsers).",
            "operationId": "sparql_get", **_GET_DOC},
    "post": {"summary": "SPARQL query or update by POST",
             "description": "Form-encoded `query=`/`update=`, or a direct "
                            "`application/sparql-query`/`-update` body.",
             "operationId": "sparql_post", **_POST_DOC},
}


def openapi_paths() -> dict[str, Any]:
    """The endpoint's entry in the OpenAPI document, written out: the protocol's request
    shapes (a query in the URL, a form or the body) are not FastAPI parameters."""
    return {ENDPOINT_PATH: {method: {"tags": ["SPARQL"], "responses": _PROTOCOL_RESPONSES, **doc}
                            for method, doc in _METHODS_DOC.items()}}


async def sparql_endpoint(request: Request) -> Response:
    """Every method at `/sparql`: a plain Starlette route, since the protocol reads the
    request itself (a FastAPI route added 45 µs of dependency solving per request)."""
    request.scope["route"] = route  # the request log's and metrics' label (FastAPI sets it
    # only for its own routes)
    if request.method not in ("GET", "HEAD", "POST"):
        return Rejected(405, "Method not allowed", f"{request.method} is not a SPARQL Protocol "
                        f"method; use {ALLOWED_METHODS}.", {"Allow": ALLOWED_METHODS}).response()
    return await _handle(request, request.app.state.kg)


route = Route(ENDPOINT_PATH, sparql_endpoint, include_in_schema=False,
              methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"])


__all__ = ["ENDPOINT_PATH", "EXAMPLE_QUERIES", "example_queries", "openapi_paths",
           "parse_urlencoded", "read_request", "route"]
