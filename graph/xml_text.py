"""Text that every RDF and SPARQL results syntax can carry.

XML 1.0 forbids most control characters (U+0000 to U+001F but tab, line feed and carriage
return), lone surrogates and U+FFFE / U+FFFF, and no escape brings them back: a literal
holding one makes the SPARQL XML results and RDF/XML of every query that touches it
ill-formed (PDF bullets come out of pdfminer as U+0000). They carry no meaning in the
documents kotograph reads, so they are dropped from every literal before it is stored.
Line breaks become `\n`: an XML reader turns a bare carriage return into a line feed, so
a `\r` would not come back as it went in.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold, its line breaks as `\n`."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def xml_safe_literals(graph: Graph) -> Graph:
    """Replace, in place, each literal whose text XML 1.0 cannot hold."""
    for s, p, o in list(graph):
        if isinstance(o, Literal) and (_NOT_XML.search(str(o)) or "\r" in o):
            graph.remove((s, p, o))
            graph.add((s, p, Literal(xml_text(str(o)), lang=o.language, datatype=o.datatype)))
    return graph


__all__ = ["xml_safe_literals", "xml_text"]
