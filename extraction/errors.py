"""The one error type the extraction layer raises for bad input.

Callers (CLI, API) show `str(error)` to the user: it names the file and the problem, and
carries an optional hint on what to do about it. No traceback is needed to understand it.
"""

from __future__ import annotations


class DocumentError(Exception):
    """A document that cannot be read or is not an integration programme."""

    def __init__(self, source: str, problem: str, hint: str | None = None) -> None:
        self.source = source
        self.problem = problem
        self.hint = hint
        message = f"{source}: {problem}"
        if hint:
            message += f" (hint: {hint})"
        super().__init__(message)
