"""Media types of SPARQL results, content negotiation, and a SPARQL tokenizer.

Content negotiation is data: each query form has a table of `Format`s in the server's order
of preference, and `negotiate` picks the client's best one with Werkzeug's RFC 9110 `Accept`
parser and matcher (q-values, `*/*` and `type/*` ranges, parameters, the most specific
range wins).
Nothing falls back silently: no acceptable format means `None`, which the endpoint turns
into 406.

The tokenizer splits SPARQL text into IRIs, strings, variables, prefixed names, keywords and
punctuation, skipping comments, so that the endpoint can find the query form, a `SERVICE`
or `LOAD` keyword, or the place of a `WHERE`, without being fooled by the same letters in a
string, an IRI, a prefixed name or a comment. It does not validate: the store's parser
does, and its message is what the client sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urljoin

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import dump_options_header, parse_accept_header, parse_options_header

# --------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------

W3C_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True, slots=True)
class Format:
    """One way to answer: the `Content-Type` sent, the media type asked of the store."""

    media_type: str
    store_type: str
    names: tuple[str, ...] = ()
    """Short `format=` names."""
    w3c: str | None = None
    """The W3C format IRI (http://www.w3.org/ns/formats/…) for the service description."""

    @property
    def content_type(self) -> str:
        """`media_type` with a charset for the textual types (all of them are UTF-8)."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


_JSON = "application/sparql-results+json"
_XML = "application/sparql-results+xml"
_TURTLE = "text/turtle"
_NT = "application/n-triples"
_RDFXML = "application/rdf+xml"
_JSONLD = "application/ld+json"

SELECT_FORMATS: tuple[Format, ...] = (
    Format(_JSON, _JSON, ("json", "srj"), W3C_FORMATS + "SPARQL_Results_JSON"),
    Format(_XML, _XML, ("xml", "srx"), W3C_FORMATS + "SPARQL_Results_XML"),
    Format("text/csv", "text/csv", ("csv",), W3C_FORMATS + "SPARQL_Results_CSV"),
    Format("text/tab-separated-values", "text/tab-separated-values", ("tsv",),
           W3C_FORMATS + "SPARQL_Results_TSV"),
    Format("application/json", _JSON),
    Format("application/xml", _XML),
    Format("text/xml", _XML),
)
"""SELECT results. The first is the default for `*/*` or no `Accept` at all."""

ASK_FORMATS: tuple[Format, ...] = tuple(
    f for f in SELECT_FORMATS if f.store_type in (_JSON, _XML)
)
"""ASK results: CSV and TSV have no standard form for a boolean."""

GRAPH_FORMATS: tuple[Format, ...] = (
    # N3 is a superset of Turtle: SPARQLWrapper asks format=n3 for its N3 return format.
    Format(_TURTLE, _TURTLE, ("turtle", "ttl", "n3"), W3C_FORMATS + "Turtle"),
    Format(_NT, _NT, ("nt", "ntriples", "n-triples"), W3C_FORMATS + "N-Triples"),
    Format(_RDFXML, _RDFXML, ("rdfxml", "rdf", "rdf+xml", "xml"), W3C_FORMATS + "RDF_XML"),
    Format(_JSONLD, _JSONLD, ("jsonld", "json-ld", "json"), W3C_FORMATS + "JSON-LD"),
    Format("application/x-turtle", _TURTLE),
    Format("application/xml", _RDFXML),
    Format("text/plain", _NT),
)
"""CONSTRUCT and DESCRIBE results."""

DESCRIPTION_FORMATS: tuple[Format, ...] = (
    Format(_TURTLE, "turtle", ("turtle", "ttl")),
    Format(_RDFXML, "xml", ("rdfxml", "rdf", "xml")),
    Format(_JSONLD, "json-ld", ("jsonld", "json-ld", "json")),
    Format(_NT, "nt", ("nt", "ntriples")),
    Format("application/xml", "xml"),
    Format("text/plain", "nt"),
)
"""The service description, built with rdflib: `store_type` is rdflib's format name."""

FORMS_TABLES: dict[str, tuple[Format, ...]] = {
    "SELECT": SELECT_FORMATS,
    "ASK": ASK_FORMATS,
    "CONSTRUCT": GRAPH_FORMATS,
    "DESCRIBE": GRAPH_FORMATS,
}


def formats_for(form: str | None) -> tuple[Format, ...]:
    """The table for a query form (SELECT's when the form is not known)."""
    return FORMS_TABLES.get(form or "SELECT", SELECT_FORMATS)


def by_name(name: str, formats: Sequence[Format]) -> Format | None:
    """A `format=` value: a short name or a media type from the table."""
    wanted = name.strip().lower()
    for f in formats:
        if wanted in f.names or wanted == f.media_type:
            return f
    return None


def known_format_name(name: str) -> bool:
    """Whether `name` means something in any table (to tell 400 from 406)."""
    tables = (SELECT_FORMATS, GRAPH_FORMATS, DESCRIPTION_FORMATS)
    return any(by_name(name, t) for t in tables)


# --------------------------------------------------------------------------------------
# Accept (RFC 9110, section 12.5.1), parsed and matched by Werkzeug
# --------------------------------------------------------------------------------------


def _ranges(accept: str | None) -> MIMEAccept:
    """The client's media ranges; a `charset=utf-8` parameter is dropped, since every format
    here is UTF-8 (another charset, or any other parameter, then matches nothing)."""
    ranges = []
    for value, q in parse_accept_header(accept, MIMEAccept):
        media, params = parse_options_header(value)
        if "/" not in media:
            continue  # malformed: ignored, as if the client had not sent it
        if params.get("charset", "utf-8").lower() in ("utf-8", "utf8"):
            params.pop("charset", None)
        ranges.append((dump_options_header(media, params), q))
    return MIMEAccept(ranges)


def negotiate(accept: str | None, formats: Sequence[Format]) -> Format | None:
    """The best of `formats` for the client, or None when none is acceptable (→ 406).

    Werkzeug's `MIMEAccept.best_match`: the highest q of the most specific matching range
    wins, a range with q=0 excludes, and equal weights go to the table's order (the server's
    preference). An absent, empty or wholly malformed header accepts anything.
    """
    ranges = _ranges(accept)
    if not ranges:
        return formats[0] if formats else None
    best = ranges.best_match([f.media_type for f in formats])
    return next((f for f in formats if f.media_type == best), None)


def prefers_html(accept: str | None, others: Iterable[Format]) -> bool:
    """Whether a client (a browser) wants `text/html` more than any of `others`."""
    html = Format("text/html", "text/html")
    chosen = negotiate(accept, [*others, html]) if accept else None
    return chosen is html


# --------------------------------------------------------------------------------------
# SPARQL tokens
# --------------------------------------------------------------------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"

_TOKEN_SPEC: tuple[tuple[str, str], ...] = (
    ("WS", r"\s+"),
    ("COMMENT", r"#[^\r\n]*"),
    # Oxigraph reads \u and \U escapes inside IRIs (SPARQL 1.1, 19.2).
    ("IRI", r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"),
    ("STRING", r'"""(?:[^"\\]|\\.|"(?!""))*"""'),
    ("STRING", r"'''(?:[^'\\]|\\.|'(?!''))*'''"),
    ("STRING", r'"(?:[^"\\\r\n]|\\.)*"'),
    ("STRING", r"'(?:[^'\\\r\n]|\\.)*'"),
    ("VAR", rf"[?$][{_PN_CHARS}]+"),
    ("BNODE", rf"_:[{_PN_CHARS}.]*"),
    ("PNAME", rf"(?:[{_PN_CHARS_BASE}][{_PN_CHARS}.]*)?:(?:[{_PN_CHARS}.:%]|\\.)*"),
    ("LANGTAG", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?"),
    ("NUMBER", r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"),
    ("NAME", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("PUNCT", r"\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|."),
)
_TOKEN_RE = re.compile("|".join(f"(?P<{k}{i}>{p})" for i, (k, p) in enumerate(_TOKEN_SPEC)),
                       re.DOTALL)


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int

    def is_name(self, *words: str) -> bool:
        return self.kind == "NAME" and self.text.upper() in words


def tokenize(text: str) -> list[Token]:
    """SPARQL tokens without whitespace and comments (never fails; the store validates)."""
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        kind = (m.lastgroup or "PUNCT").rstrip("0123456789")
        if kind not in ("WS", "COMMENT"):
            tokens.append(Token(kind, m.group(), m.start(), m.end()))
    return tokens


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _skip_prologue(tokens: Sequence[Token], i: int = 0) -> int:
    """The index of the first token after BASE / PREFIX / VERSION declarations."""
    while i < len(tokens):
        t = tokens[i]
        if t.is_name("BASE", "VERSION"):
            i += 2
        elif t.is_name("PREFIX"):
            i += 3
        else:
            break
    return i


def query_form(tokens: Sequence[Token]) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; None when the text starts otherwise.

    Oxigraph's parser also takes a keyword run into the next one (`SELECTDISTINCT`,
    `CONSTRUCTWHERE`), which the tokenizer reads as one name: the form is its beginning.
    """
    i = _skip_prologue(tokens)
    if i < len(tokens) and tokens[i].kind == "NAME":
        word = tokens[i].text.upper()
        return next((form for form in QUERY_FORMS if word.startswith(form)), None)
    return None


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _iri(token: Token) -> str:
    """An IRI token's IRI, its \\u / \\U escapes read as Oxigraph reads them."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token.text[1:-1])


def query_dataset(tokens: Sequence[Token], base_iri: str | None) -> tuple[
        tuple[str, ...], tuple[str, ...]] | None:
    """The IRIs of a query's own `FROM` and `FROM NAMED` clauses; None when it has none.

    Prefixed names are expanded with the query's PREFIX declarations and relative IRIs
    resolved against its BASE (or `base_iri`). Stores that make the default graph the union
    of all graphs ignore FROM, so the endpoint passes these as the protocol dataset instead.
    Returns None too when a clause cannot be resolved (the store's parser will say why).
    """
    base, prefixes = base_iri or "", {}
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.is_name("BASE") and i + 1 < len(tokens) and tokens[i + 1].kind == "IRI":
            base = urljoin(base, _iri(tokens[i + 1]))
            i += 2
        elif (t.is_name("PREFIX") and i + 2 < len(tokens) and tokens[i + 1].kind == "PNAME"
              and tokens[i + 2].kind == "IRI"):
            prefixes[tokens[i + 1].text[:-1]] = urljoin(base, _iri(tokens[i + 2]))
            i += 3
        elif t.is_name("VERSION"):
            i += 2
        else:
            break
    defaults: list[str] = []
    named: list[str] = []
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text in ("{", "("):
            depth += 1
        elif t.text in ("}", ")"):
            depth -= 1
        elif depth == 0 and t.is_name("FROM", "FROMNAMED"):  # Oxigraph reads both
            target = named if t.is_name("FROMNAMED") else defaults
            if i + 1 < len(tokens) and tokens[i + 1].is_name("NAMED"):
                target = named
                i += 1
            if i + 1 >= len(tokens):
                return None
            ref = tokens[i + 1]
            if ref.kind == "IRI":
                target.append(urljoin(base, _iri(ref)))
            elif ref.kind == "PNAME":
                prefix, _, local = ref.text.partition(":")
                if prefix not in prefixes:
                    return None
                target.append(prefixes[prefix] + _unescape_local(local))
            else:
                return None
            i += 1
        i += 1
    if not defaults and not named:
        return None
    return tuple(defaults), tuple(named)


def has_keyword(tokens: Iterable[Token], *words: str) -> bool:
    return any(t.is_name(*words) for t in tokens)


def _operations(tokens: Sequence[Token]) -> list[list[Token]]:
    """An update request's operations: split at `;` outside braces and parentheses."""
    ops: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.text in ("{", "("):
            depth += 1
        elif t.text in ("}", ")"):
            depth -= 1
        if t.text == ";" and depth == 0:
            ops.append([])
        else:
            ops[-1].append(t)
    return [op for op in ops if op]


def _group_end(tokens: Sequence[Token], start: int) -> int:
    """The index of the `}` closing the `{` at `start`."""
    depth = 0
    for i in range(start, len(tokens)):
        if tokens[i].text == "{":
            depth += 1
        elif tokens[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens) - 1


def update_declares_dataset(tokens: Sequence[Token]) -> bool:
    """Whether an update names its own dataset (USING, USING NAMED or WITH)."""
    return has_keyword(tokens, "USING", "WITH")


def add_using(text: str, tokens: Sequence[Token], using: Sequence[str],
              using_named: Sequence[str]) -> str:
    """Apply the protocol's `using-graph-uri` / `using-named-graph-uri` to each operation.

    A `DELETE/INSERT … WHERE` gets `USING <g>` / `USING NAMED <g>` clauses before its
    `WHERE`; the shorthand `DELETE WHERE { P }` (which cannot carry them) becomes the
    equivalent `DELETE { P } USING … WHERE { P }`. Other operations have no WHERE and keep
    their text. The caller rejects requests that declare USING or WITH themselves.
    """
    if not using and not using_named:
        return text
    clauses = " ".join([*(f"USING <{g}>" for g in using),
                        *(f"USING NAMED <{g}>" for g in using_named)])
    inserts: list[tuple[int, str]] = []
    for op in _operations(tokens):
        i = _skip_prologue(op)
        if i >= len(op) or not op[i].is_name("DELETE", "INSERT"):
            continue
        if i + 1 < len(op) and op[i + 1].is_name("DATA"):
            continue
        if op[i].is_name("DELETE") and i + 1 < len(op) and op[i + 1].is_name("WHERE"):
            where = op[i + 1]
            if i + 2 < len(op) and op[i + 2].text == "{":
                end = _group_end(op, i + 2)
                pattern = text[op[i + 2].start:op[end].end]
                inserts.append((where.start, f"{pattern} {clauses} "))
            continue
        depth = 0
        for t in op[i:]:
            if t.text in ("{", "("):
                depth += 1
            elif t.text in ("}", ")"):
                depth -= 1
            elif depth == 0 and t.is_name("WHERE"):
                inserts.append((t.start, f"{clauses} "))
                break
    for position, addition in sorted(inserts, reverse=True):
        text = text[:position] + addition + text[position:]
    return text


def limit_select(text: str, tokens: Sequence[Token], cap: int) -> str | None:
    """The SELECT query to run so that it yields at most `cap` + 1 rows (one more than the
    cap tells the caller that the cap cut the result).

    None when the query's own outer LIMIT is already at most `cap`. Otherwise the text
    with its outer LIMIT lowered or a LIMIT added (before a trailing VALUES block); the
    text unchanged when the solution modifiers cannot be located. The caller counts the
    rows it gets back in any case.
    """
    limit = cap + 1
    i = _skip_prologue(tokens)
    if i >= len(tokens) or not tokens[i].is_name("SELECT"):
        return text
    # The WHERE group: the first `{` outside parentheses after SELECT (an `EXISTS {…}` in
    # the projection sits inside parentheses).
    parens, where_end = 0, None
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.text == "(":
            parens += 1
        elif t.text == ")":
            parens -= 1
        elif t.text == "{" and parens == 0:
            where_end = _group_end(tokens, j)
            break
    if where_end is None:
        return text
    depth, values_at = 0, None
    for j in range(where_end + 1, len(tokens)):
        t = tokens[j]
        if t.text in ("{", "("):
            depth += 1
        elif t.text in ("}", ")"):
            depth -= 1
        elif depth == 0 and t.is_name("LIMIT"):
            if j + 1 < len(tokens) and tokens[j + 1].kind == "NUMBER":
                number = tokens[j + 1]
                try:
                    if int(number.text) <= cap:
                        return None
                except ValueError:
                    return text
                return f"{text[:number.start]}{limit}{text[number.end:]}"
            return text
        elif depth == 0 and t.is_name("VALUES") and values_at is None:
            values_at = t.start
    if values_at is not None:
        return f"{text[:values_at]}LIMIT {limit}\n{text[values_at:]}"
    return f"{text}\nLIMIT {limit}\n"


__all__ = [
    "ASK_FORMATS", "DESCRIPTION_FORMATS", "GRAPH_FORMATS", "QUERY_FORMS", "SELECT_FORMATS",
    "Format", "Token", "add_using", "by_name", "formats_for", "has_keyword",
    "known_format_name", "limit_select", "negotiate", "prefers_html",
    "query_dataset", "query_form", "tokenize", "update_declares_dataset",
]
