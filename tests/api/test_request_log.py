"""The server's log lines keep the standard layout while formatting the time once a second."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from fastapi.testclient import TestClient

from api.middleware import LogFormatter, LogHandler, direct_handler


def test_log_lines_match_the_standard_formatter_across_seconds() -> None:
    ours, standard = LogFormatter(), logging.Formatter("%(asctime)s %(name)s %(message)s")
    for created in (1_764_000_000.001, 1_764_000_000.999, 1_764_000_001.5, 1_764_003_600.25):
        record = logging.LogRecord("kotograph.http", logging.INFO, __file__, 0,
                                   "method=%s status=%d", ("GET", 200), None)
        record.created, record.msecs = created, (created - int(created)) * 1000
        assert ours.format(record) == standard.format(record)


@contextmanager
def server_logging() -> Iterator[tuple[LogHandler, io.StringIO]]:
    """The logging `kotograph serve` sets up, writing into a buffer; restored afterwards.

    Entered inside the test: pytest adds its own capture handlers for the test's call."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    handler = LogHandler()
    handler.setStream(io.StringIO())
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    try:
        yield handler, handler.stream
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])


def test_a_direct_request_line_is_the_line_logging_writes() -> None:
    log = logging.getLogger("kotograph.http")
    with server_logging() as (handler, out):
        assert direct_handler(log) is handler
        before = time.time()
        handler.request_line(log.name, "method=GET path=/sparql status=200 duration_ms=0.4")
        log.info("method=%s path=%s status=%d duration_ms=%.1f", "GET", "/sparql", 200, 0.4)
    direct, standard = out.getvalue().splitlines()
    assert direct[24:] == standard[24:] == "kotograph.http method=GET path=/sparql status=200 duration_ms=0.4"
    stamp = datetime.strptime(direct[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
    assert before - 0.002 <= stamp <= time.time()


def test_another_handler_or_a_filter_gets_every_record_through_logging() -> None:
    log, parent = logging.getLogger("kotograph.http"), logging.getLogger("kotograph")
    extra = logging.Handler()
    with server_logging() as (handler, _):
        parent.addHandler(extra)
        try:
            assert direct_handler(log) is None
        finally:
            parent.removeHandler(extra)
        log.addFilter(lambda record: True)
        try:
            assert direct_handler(log) is None
        finally:
            log.filters.clear()
        assert direct_handler(log) is handler
        handler.setLevel(logging.WARNING)
        assert direct_handler(log) is None


def test_the_server_writes_one_line_per_request(make_app) -> None:
    with server_logging() as (_, out), TestClient(make_app()) as client:
        client.get("/sparql", params={"query": "ASK {}"})
        client.post("/sparql", content="ASK {", headers={"Content-Type": "application/sparql-query"})
    lines = [line for line in out.getvalue().splitlines() if " kotograph.http " in line]
    assert [line.split(" kotograph.http ")[1].rsplit(" ", 1)[0] for line in lines] == [
        "method=GET path=/sparql status=200", "method=POST path=/sparql status=400"]
