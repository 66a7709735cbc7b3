"""`kotograph`: ingest programme documents, ask who is responsible, validate, query, serve."""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.settings import Settings
from extraction.model import TargetGroup

if TYPE_CHECKING:
    from graph.store import Store

# The store, the graph and the NLP are imported by the commands that use them: `ingest`
# through a running server needs none of them, and every import is time the user waits.

app = typer.Typer(
    help="Knowledge graph of Finnish municipal integration programmes (Act 681/2023, 13 §).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Store directory (default $KOTOGRAPH_STORE or var/store)")
]


class _State:
    settings: Settings


state = _State()


@app.callback()
def main(store: StoreOpt = None) -> None:
    """Global options."""
    state.settings = Settings() if store is None else Settings(store=store)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def running_server(s: Settings) -> dict[str, Any] | None:
    """The server that announced it owns the store (url, token, pid), if it still runs."""
    try:
        info = json.loads(s.server_file().read_text("utf-8"))
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


@contextlib.contextmanager
def cli_store() -> Iterator[Store]:
    """The configured store; if a running server owns it, go through that server."""
    from graph.store import SparqlStore, StoreError, StoreLocked

    s = state.settings
    server = running_server(s)
    try:
        if server is not None:
            store: Store = SparqlStore(f"{server['url']}/sparql", token=server["token"],
                                       timeout_s=s.query_timeout_s, limits=s.sparql_limits())
        else:
            store = s.open_store()
    except StoreLocked:
        raise fail(f"{s.store}: the store is in use by another process, and no kotograph server "
                   f"announced itself in {s.server_file()}") from None
    except StoreError as exc:
        raise fail(str(exc)) from exc
    try:
        yield store
    finally:
        store.close()


# --------------------------------------------------------------------------------------
# ingest
# --------------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF, DOCX, HTML or TXT files, or folders")],
    reference: Annotated[
        list[Path] | None,
        typer.Option("--reference", help="Extra gazetteer folder (CSV tables like ontology/reference)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summaries as JSON")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Extraction processes (0: one per CPU core)")
    ] = 0,
) -> None:
    """Ingest programme documents; re-ingesting a file replaces its facts.

    While `kotograph serve` owns the store, the files go to the server, which extracts them
    with the model it has loaded (its own reference folders apply)."""
    from api.ingest_files import expand_paths

    files = list(expand_paths(paths))
    if not files:
        raise fail("no PDF, DOCX, HTML or TXT files found in " + ", ".join(map(str, paths)))
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, disable=as_json)
    summaries: list[dict[str, Any]] = []
    failures: list[str] = []
    server = running_server(state.settings)
    if server is not None and not set(_folders(reference or [])) <= set(server.get("reference", [])):
        raise fail("the running server extracts with its own reference folders "
                   f"({', '.join(server.get('reference', [])) or 'none beyond the national ones'}); "
                   "start it with KOTOGRAPH_EXTRA_REFERENCE naming the folder, or stop it")
    with progress:
        task = progress.add_task("ingesting", total=len(files))
        results = (_through_server(server, files) if server is not None
                   else _ingest_here(files, reference or [], jobs))
        for path, result in results:
            progress.update(task, description=f"ingesting {path.name}")
            if isinstance(result, str):  # the file's problem, already naming the file
                failures.append(result)
                err.print(f"[bold red]error:[/] {result}", highlight=False)
            else:
                summaries.append(result)
            progress.advance(task)
    if as_json:
        out.print_json(data={"ingested": summaries, "errors": failures})
    else:
        _print_ingest_table(summaries)
    if server is not None:
        # Through a server this process holds nothing to finalise (no store, no file open
        # for writing), only what its imports built: frozen at exit, it is not collected
        # and torn down object by object, a tenth of a second of the user's wait.
        atexit.register(gc.freeze)
    if failures:
        raise typer.Exit(1)


def _through_server(server: dict[str, Any], files: list[Path]) -> Iterator[tuple[Path, dict | str]]:
    """Each file to the running server's upload API, with the admin token it announced."""
    from api.ingest_files import upload

    timeout_s = state.settings.ingest_timeout_s + 60
    for path in files:
        yield path, upload(server["url"], server["token"], path, timeout_s)


def _ingest_here(files: list[Path], reference: list[Path],
                 jobs: int) -> Iterator[tuple[Path, dict | str]]:
    """Extract in worker processes here and write into the store (no server runs)."""
    import getpass

    from api.ingest import extract_many, finish_batch, store_extraction

    refs = tuple([*state.settings.extra_reference, *reference])
    written = False
    with cli_store() as store:
        for path, result in extract_many(files, refs, jobs or os.cpu_count() or 1,
                                         state.settings.ingest_limits()):
            if isinstance(result, str):
                yield path, result
                continue
            summary = store_extraction(store, path, result, refs, state.settings.originals_dir(),
                                       ingested_by=f"{getpass.getuser()} (CLI)")
            written = True
            yield path, summary.as_dict()
        if written:
            finish_batch(store)


def _print_ingest_table(summaries: list[dict[str, Any]]) -> None:
    table = Table(title="Ingested documents")
    for col in ("document", "lang", "pages", "municipalities", "services", "facts", "triples"):
        table.add_column(col, justify="right" if col in ("pages", "services", "facts", "triples")
                         else "left")
    for x in summaries:
        names = ", ".join(m["name"] for m in x["municipalities"]) or "—"
        table.add_row(x["source"], x["language"], str(x["pages"]), names, str(x["services"]),
                      str(x["facts"]), str(x["triples"]))
    out.print(table)
    for x in summaries:
        for w in x["warnings"]:
            err.print(f"[yellow]warning:[/] {x['source']}: {w}", highlight=False)


# --------------------------------------------------------------------------------------
# who
# --------------------------------------------------------------------------------------


@app.command()
def who(
    municipality: Annotated[str, typer.Argument(help="Name (nominative, any case) or 3-digit code")],
    service: Annotated[str, typer.Argument(help="Service key, e.g. assessment")],
    target_group: Annotated[TargetGroup, typer.Option("--target-group")] = TargetGroup.ALL,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Who is responsible for SERVICE in MUNICIPALITY (with evidence)."""
    from graph import queries

    with cli_store() as store:
        try:
            answer = queries.who(store, municipality, service, target_group)
        except queries.UnknownValue as exc:
            raise fail(f"{exc}. Valid values: {', '.join(exc.valid)}", 2) from exc
    if as_json:
        out.print_json(data=answer)
        return
    m, s = answer["municipality"], answer["service"]
    table = Table(title=f"{s['label']} – {m['name']} ({m['code']})", show_lines=True)
    for col in ("role", "for", "organisation", "evidence"):
        table.add_column(col)
    for r in answer["results"]:
        org = r["organisation"]
        name = org["name"] + (f", {org['unit']}" if org.get("unit") else "")
        ev = r["evidence"]
        table.add_row(r["role"], r["target_group"], name,
                      f"“{ev['quote']}” ({ev['document']}, p. {ev['page']})")
    out.print(table if answer["results"] else _WHY_EMPTY[str(answer["status"])])


# Why an answer has no statements: no programme is not a programme that says nothing.
_WHY_EMPTY = {
    "described": "The current programme describes the service but names no body for this target group.",
    "not-described": "The current programme does not describe this service.",
    "excluded": "The current programme states that this service is not part of it.",
    "no-programme": "No programme of this municipality has been ingested: nothing is known.",
    "outside-scope": "Act 681/2023 does not apply in Åland: the municipality has no programme under it.",
}


# --------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class Lang(StrEnum):
    fi = "fi"
    sv = "sv"
    en = "en"


@app.command()
def validate(
    municipality: Annotated[str | None, typer.Argument(help="Name or code; all when omitted")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.text,
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.fi,
) -> None:
    """Check the programmes against the law's minimum content (13 §) with SHACL."""
    from graph import queries
    from graph import validate as v

    with cli_store() as store:
        code = None
        if municipality:
            found = queries.find_municipality(store, municipality)
            if found is None:
                raise fail(f"unknown municipality {municipality!r}", 2)
            code = found.code
        report = v.validate(store, code)
    if fmt is ReportFormat.json:
        out.print_json(data=v.report_json(report, lang.value))
    elif fmt is ReportFormat.turtle:
        sys.stdout.write(v.report_turtle(report))
    else:
        out.print(v.report_text(report, lang.value), highlight=False)
    if not report.conforms:
        raise typer.Exit(3)


# --------------------------------------------------------------------------------------
# query / export
# --------------------------------------------------------------------------------------


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or @file.rq")],
    fmt: Annotated[QueryFormat, typer.Option("--format")] = QueryFormat.table,
) -> None:
    """Run a SPARQL query over the union of all graphs."""
    from graph.formats import query_form, tokenize
    from graph.store import QuerySyntaxError, SparqlTooComplex, StoreError

    text = Path(sparql[1:]).read_text("utf-8") if sparql.startswith("@") else sparql
    try:
        state.settings.sparql_limits().check(text)  # before anything parses it
    except SparqlTooComplex as exc:
        raise fail(str(exc), 2) from exc
    graph_result = query_form(tokenize(text)) in ("CONSTRUCT", "DESCRIBE")
    media = ("text/turtle" if graph_result
             else "text/csv" if fmt is QueryFormat.csv else "application/sparql-results+json")
    with cli_store() as store:
        try:
            result = store.raw_query(text, media)
        except QuerySyntaxError as exc:
            raise fail(f"SPARQL syntax error: {exc}", 2) from exc
        except StoreError as exc:  # a timeout, SERVICE or LOAD, a failing store
            raise fail(str(exc)) from exc
    if graph_result:
        sys.stdout.write(result.body.decode("utf-8"))
        return
    if fmt is QueryFormat.csv:
        sys.stdout.write(result.body.decode("utf-8"))
        return
    data = json.loads(result.body)
    if fmt is QueryFormat.json:
        out.print_json(data=data)
    elif "boolean" in data:
        out.print("true" if data["boolean"] else "false")
    else:
        _print_bindings(data)


def _print_bindings(data: dict) -> None:
    names = data["head"]["vars"]
    table = Table(*names)
    for b in data["results"]["bindings"]:
        table.add_row(*(b.get(n, {}).get("value", "") for n in names))
    out.print(table)
    err.print(f"{len(data['results']['bindings'])} rows")


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"


_EXPORT_MEDIA = {
    ExportFormat.trig: "application/trig",
    ExportFormat.nquads: "application/n-quads",
}


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.trig,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export the whole graph (TriG/N-Quads keep the named graphs; Turtle/JSON-LD merge them)."""
    with cli_store() as store:
        if fmt in _EXPORT_MEDIA:
            data = store.dump(_EXPORT_MEDIA[fmt])
        else:
            media = "text/turtle" if fmt is ExportFormat.turtle else "application/ld+json"
            data = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", media)
    if output:
        output.write_bytes(data)
        err.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


# --------------------------------------------------------------------------------------
# serve
# --------------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host")] = None,
    port: Annotated[int | None, typer.Option("--port")] = None,
) -> None:
    """Serve the web UI, the REST API and the SPARQL endpoint."""
    import secrets

    import uvicorn

    from api.app import create_app
    from api.ingest import prepare_store
    from api.middleware import configure_logging
    from api.views import page_warmer
    from graph.store import OxigraphStore, StoreError

    s = state.settings.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v})
    configure_logging(s.log_level)
    try:
        store = s.open_store()
    except StoreError as exc:
        raise fail(str(exc)) from exc
    prepare_store(store, tuple(s.extra_reference))
    admin_token = secrets.token_urlsafe(32)
    announce = isinstance(store, OxigraphStore) and store.path is not None
    if announce:
        _write_server_file(s, admin_token)
    base = s.base_url
    out.print(
        f"[bold]kotograph[/] serving [cyan]{s.store if announce else s.sparql_query_url}[/]\n"
        f"  web UI          {base}/\n"
        f"  REST API docs   {base}/docs\n"
        f"  REST API        {base}/api/v1/responsibilities?municipality=…&service=assessment\n"
        f"  SPARQL endpoint {base}/sparql",
        highlight=False,
    )
    web = create_app(s, store, admin_token=admin_token)
    warmer = page_warmer(web.state.kg)

    @contextlib.asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        # Runs on a graceful stop (Ctrl-C, SIGTERM): uvicorn re-raises the signal
        # afterwards, so cleanup cannot wait for code after uvicorn.run.
        yield
        warmer.stop()
        web.state.kg.extractor.close()
        if announce:
            s.server_file().unlink(missing_ok=True)
        store.close()

    web.router.lifespan_context = lifespan
    # What start-up built (modules, the app, the ontology and reference graphs) lives as
    # long as the server: out of the collector's full passes, which otherwise walk it all
    # again, about 0.15 s, inside every few uploads' writes.
    gc.freeze()
    warmer.start()
    web.state.kg.extractor.start()  # the model loads now, not when the first document comes
    # access_log off: kotograph's own request log (api.middleware) has the lines, and
    # uvicorn would rebuild each request's URL for a log level that drops them anyway.
    uvicorn.run(web, host=s.host, port=s.port, log_level="warning", access_log=False)


def _write_server_file(s: Settings, token: str) -> None:
    """Tell local CLI processes where to send their reads and writes while we own the store."""
    path = s.server_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"url": f"http://{s.host}:{s.port}", "token": token, "pid": os.getpid(),
                   "reference": _folders(s.extra_reference)}, fh)


def _folders(paths: list[Path]) -> list[str]:
    return sorted(str(Path(p).resolve()) for p in paths)


def run() -> None:
    """The `kotograph` program."""
    app()


if __name__ == "__main__":
    run()
