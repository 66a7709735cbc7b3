"""Bounds on SPARQL text from outside, checked before any parser sees it.

Oxigraph's parser and evaluator recurse once per nesting level: 3,000 nested `{`, or
10,000 `!`, overflow an 8 MB stack and take the process with them. The bounds here are
measured on the raw text, without tokenizing it, so that nothing can hide a level from
them: every `{`, `(` and `[` opens one (also inside strings, IRIs and comments: the count
can only be too high, never too low) and every `!` adds one (Oxigraph accepts `!!!x`).
Long flat chains (`1 + 1 + …`) recurse too; the length bound keeps them within the large
stack the store evaluates on (`graph.isolation.STACK_BYTES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_MAX_BYTES = 100_000
DEFAULT_MAX_DEPTH = 128

_NESTING = re.compile(r"[{(\[]|[})\]]|!(?!=)(?:\s*!(?!=))*")


class SparqlTooComplex(ValueError):
    """SPARQL text over a bound; the message names the bound and the setting."""


@dataclass(frozen=True, slots=True)
class SparqlLimits:
    """How long and how deeply nested a query or update may be."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH

    def check(self, text: str, what: str = "query") -> None:
        """Raise SparqlTooComplex unless `text` is within both bounds."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            raise SparqlTooComplex(
                f"The {what} is {size} bytes long; this server accepts at most "
                f"{self.max_bytes} (KOTOGRAPH_MAX_QUERY_BYTES).")
        # Clients send the same queries again and again, and the endpoint and the store
        # each check them: a query's depth is kept (texts within a query's default size).
        measure = _kept_depth if size <= DEFAULT_MAX_BYTES else nesting_depth
        depth = measure(text, self.max_depth)
        if depth > self.max_depth:
            raise SparqlTooComplex(
                f"The {what} nests more than {self.max_depth} levels deep (brackets and "
                f"'!' operators); this server accepts at most {self.max_depth} "
                f"(KOTOGRAPH_MAX_QUERY_DEPTH).")


DEFAULT_LIMITS = SparqlLimits()


@lru_cache(maxsize=512)
def _kept_depth(text: str, stop_above: int) -> int:
    return nesting_depth(text, stop_above)


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """An upper bound of the parser's nesting depth for `text` (see the module docstring).

    Every open bracket is a level, and every `!` (not `!=`) a level that lasts until the
    bracket around it closes: `!!(1)` is three deep, and `!a && !b` counts two, which may
    be one too many but is never too few. A `)` or `}` with nothing open is ignored, so
    closing brackets placed first cannot hide the openings that follow. Stops counting
    once `stop_above` is passed.
    """
    negations = [0]  # per open bracket (and the top level): the `!`s inside it so far
    depth = deepest = 0
    for match in _NESTING.finditer(text):
        char = match.group()[0]
        if char in "{([":
            negations.append(0)
            depth += 1
        elif char in "})]":
            if len(negations) > 1:
                depth -= 1 + negations.pop()
            continue
        else:
            run = match.group().count("!")
            negations[-1] += run
            depth += run
        if depth > deepest:
            deepest = depth
            if stop_above is not None and deepest > stop_above:
                break
    return deepest


__all__ = ["DEFAULT_LIMITS", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "SparqlLimits", "SparqlTooComplex",
           "nesting_depth"]
