"""The server's log lines keep the standard layout while formatting the time once a second."""

from __future__ import annotations

import logging

from api.middleware import LogFormatter


def test_log_lines_match_the_standard_formatter_across_seconds() -> None:
    ours, standard = LogFormatter(), logging.Formatter("%(asctime)s %(name)s %(message)s")
    for created in (1_764_000_000.001, 1_764_000_000.999, 1_764_000_001.5, 1_764_003_600.25):
        record = logging.LogRecord("kotograph.http", logging.INFO, __file__, 0,
                                   "method=%s status=%d", ("GET", 200), None)
        record.created, record.msecs = created, (created - int(created)) * 1000
        assert ours.format(record) == standard.format(record)
