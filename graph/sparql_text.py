"""Safe building blocks for SPARQL text that kotograph itself writes."""

from __future__ import annotations

import json

from graph.namespaces import PREFIXES


def literal(value: str) -> str:
    """A SPARQL string literal (JSON escaping is valid SPARQL escaping)."""
    return json.dumps(value, ensure_ascii=False)


def iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def prefixes(*names: str) -> str:
    """PREFIX declarations for the given prefixes (all kotograph knows when none given)."""
    chosen = names or tuple(PREFIXES)
    return "\n".join(f"PREFIX {n}: <{PREFIXES[n]}>" for n in chosen) + "\n"
