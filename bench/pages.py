"""Where a supervisor waits, on the national store served by `kotograph serve`.

* start: the first `GET /` after the server answers (it does not wait for the SHACL report)
  and the time until the report of the whole store is ready;
* the matrix page `/` right after `kotograph ingest` of one changed programme (another
  sentence added, through the running server; three times per programme): what a
  supervisor opening the matrix after an ingest waits for, server time from the request
  log, against the 150 ms target. The server keeps the matrix's data current across
  writes, reading again only the municipalities whose documents, registry entry or
  reviews changed (`graph.matrix_data`); this first request is the one that brings it up
  to date, while the server also brings the 13 § report up to date. Once the server is
  idle again, the matrix it kept is compared with one computed from scratch;
* as information: the matrix page recomputed from scratch (`Cache-Control: no-cache`: all
  of its queries, the page and its compression, the SHACL report as the server keeps it
  current), the page rendered from data kept between writes, and its JSON twin
  recomputed from scratch (the data without the page);
* after `kotograph ingest` of one changed programme (one sentence added, through the
  running server): the time from the command's return until `GET /api/v1/validation`
  answers for the store as it now is (the 13 § findings current), against 1 s; and that
  report against a validation from scratch (`kotograph validate`, which validates the
  whole store itself, reading through the server).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import median, run, tool
from bench.load import Request, fetch, get
from bench.national import changed_copy

MATRIX_TARGET_MS = 150.0
# The sentences added to a programme, one per ingest before a first page: each ingest is a
# new version (bench.national.ADDED_SENTENCE is another).
PAGE_SENTENCES = ("Ohjelman toteutumista seurataan kahdesti vuodessa.",
                  "Ohjelmaa esitellään kuntalaisille avoimessa tilaisuudessa.",
                  "Ohjelman yhteyshenkilöt päivitetään kunnan verkkosivuilla.")
CURRENT_TARGET_S = 1.0
_LINE = re.compile(r"method=GET path=(\S+) status=(\d+) duration_ms=([\d.]+)")


class ServerLog:
    """The server's request log, read as it grows: the logged time of each request."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset = path, path.stat().st_size

    def last_duration_ms(self, path: str) -> float:
        """The duration logged for the latest request to `path` since the last call."""
        for _ in range(50):  # the line is written just after the response
            with self.path.open("rb") as fh:
                fh.seek(self.offset)
                text = fh.read().decode("utf-8", "replace")
            found = [m for m in _LINE.finditer(text) if m.group(1) == path]
            if found:
                self.offset += len(text.encode("utf-8"))
                return float(found[-1].group(3))
            time.sleep(0.02)
        raise RuntimeError(f"no request log line for {path} in {self.path}")


def timed(server: Any, log: ServerLog, request: Request, path: str) -> tuple[float, float]:
    """(client seconds, server milliseconds) of one request, which must succeed."""
    t0 = time.perf_counter()
    response = fetch(server.host, server.port, request, timeout_s=900)
    client = time.perf_counter() - t0
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}: {response.body[:300]!r}")
    return client, log.last_duration_ms(path)


def page(accept_gzip: bool = True, fresh: bool = False) -> Request:
    headers = [("Accept", "text/html")]
    headers += [("Accept-Encoding", "gzip")] if accept_gzip else []
    headers += [("Cache-Control", "no-cache")] if fresh else []
    return Request("GET", "/", tuple(headers))


def start(server: Any, log_path: Path) -> dict[str, float]:
    """Right after the server answers: the first page, then the whole SHACL report."""
    log = ServerLog(log_path)
    first_s, first_ms = timed(server, log, page(), "/")
    ready_s, _ = timed(server, log, get("/api/v1/validation"), "/api/v1/validation")
    return {"first_page_s": first_s, "first_page_server_ms": first_ms,
            "report_ready_s": first_s + ready_s}


def matrix(server: Any, log_path: Path, repeats: int) -> dict[str, Any]:
    log = ServerLog(log_path)
    timed(server, log, page(fresh=True), "/")  # the kept report, the templates: warm
    fresh = [timed(server, log, page(fresh=True), "/") for _ in range(repeats)]
    kept = [timed(server, log, page(), "/") for _ in range(repeats)]
    twin = Request("GET", "/api/v1/matrix", (("Accept", "application/json"), ("Cache-Control", "no-cache")))
    data = [timed(server, log, twin, "/api/v1/matrix") for _ in range(repeats)]
    size = len(fetch(server.host, server.port, page(accept_gzip=False)).body)
    return {"fresh_server_ms": median([s for _, s in fresh]),
            "fresh_client_ms": median([c * 1000 for c, _ in fresh]),
            "fresh_runs_ms": [s for _, s in fresh],
            "kept_server_ms": median([s for _, s in kept]), "bytes": size,
            "json_fresh_server_ms": median([s for _, s in data]),
            "target_ms": MATRIX_TARGET_MS}


def after_ingest(server: Any, log_path: Path, store: Path, doc: dict[str, Any], omissions: float,
                 workdir: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Ingest a changed `doc` through the running server; how soon its findings are current,
    and whether the server's report equals one computed from scratch."""
    changed = changed_copy(doc, omissions, workdir / "changed" / doc["employment_area"])
    request_log = ServerLog(log_path)
    ingest = run([tool("kotograph"), "--store", str(store), "ingest", "--json", str(changed)])
    current_s, current_ms = timed(server, request_log, get("/api/v1/validation"), "/api/v1/validation")
    served = json.loads(fetch(server.host, server.port, get("/api/v1/validation")).body)
    scratch = json.loads(run([tool("kotograph"), "--store", str(store), "validate", "--format",
                              "json"], ok=(0, 3)).stdout)
    codes = sorted(doc["municipalities"])
    log(f"pages: {doc['file']} ({len(codes)} municipalities) ingested in {ingest.wall_s:.2f} s, "
        f"its findings current {current_s:.2f} s later")
    return {"file": doc["file"], "municipalities": len(codes), "ingest_s": ingest.wall_s,
            "current_s": current_s, "current_server_ms": current_ms,
            "equal_to_scratch": served == scratch, "target_s": CURRENT_TARGET_S}


def warm(server: Any, timeout_s: float = 900) -> None:
    """Until `/health` says the server has computed its pages for the store as it is."""
    deadline = time.monotonic() + timeout_s
    while json.loads(fetch(server.host, server.port, get("/health")).body).get("warm") is False:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not finish its start-up work")
        time.sleep(0.2)


def _matrix_json(server: Any, lang: str, fresh: bool) -> Any:
    headers = (("Accept", "application/json"),) + ((("Cache-Control", "no-cache"),) if fresh else ())
    response = fetch(server.host, server.port, Request("GET", f"/api/v1/matrix?lang={lang}", headers),
                     timeout_s=900)
    if response.status != 200:
        raise RuntimeError(f"/api/v1/matrix: HTTP {response.status}: {response.body[:300]!r}")
    return json.loads(response.body)


def page_after_ingest(server: Any, log_path: Path, store: Path, doc: dict[str, Any],
                      omissions: float, workdir: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """The first `GET /` right after each of three ingests of a changed `doc`, each on a
    server that had finished its work for the store before; then the matrix the server kept
    against one computed from scratch, in Finnish and Swedish."""
    runs, pending = [], []
    for n, sentence in enumerate(PAGE_SENTENCES):
        changed = changed_copy(doc, omissions, workdir / "changed-page" / str(n), sentence)
        warm(server)
        request_log = ServerLog(log_path)
        run([tool("kotograph"), "--store", str(store), "ingest", "--json", str(changed)])
        response = fetch(server.host, server.port, page(), timeout_s=900)
        if response.status != 200:
            raise RuntimeError(f"/: HTTP {response.status}: {response.body[:300]!r}")
        runs.append(request_log.last_duration_ms("/"))
        body = gzip.decompress(response.body) if response.body[:2] == b"\x1f\x8b" else response.body
        pending.append(b'class="notice" role="status"' in body)  # the 13 § counts still coming
    warm(server)
    equal = all(_matrix_json(server, lang, fresh=False) == _matrix_json(server, lang, fresh=True)
                for lang in ("fi", "sv"))
    log(f"pages: first matrix page after ingest of {doc['file']}: {runs} ms")
    return {"file": doc["file"], "municipalities": len(doc["municipalities"]),
            "server_ms": median(runs), "runs_ms": runs, "counts_pending": sum(pending),
            "kept_equal_to_scratch": equal, "target_ms": MATRIX_TARGET_MS}
