"""The SPARQL text bounds (graph.sparql_limits), by property: no arrangement of text hides
a nesting level from the count, and text the bounds accept never crashes the store."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.isolation import IsolatedCrash, SnapshotWorkers
from graph.sparql_limits import SparqlLimits, SparqlTooComplex, nesting_depth
from graph.store import OxigraphStore, QuerySyntaxError, QueryTimeout, StoreError

OPEN, CLOSE = "{([", "})]"
# No "=": after a `!` it would make the operator `!=`, which never nests.
filler = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",),
                                        exclude_characters="="), max_size=8)


@st.composite
def nested(draw: st.DrawFn, depth: int) -> tuple[str, int]:
    """Text whose deepest point is `depth` openings in, with anything between; a run of
    `!` (separated by whitespace only, as they nest in SPARQL) may stand for levels."""
    parts, closing = [], []
    for _ in range(depth):
        if draw(st.booleans()):
            parts.append(draw(filler).translate({ord(c): None for c in OPEN + CLOSE + "!"}))
            parts.append(draw(st.sampled_from(OPEN)))
            closing.append(CLOSE[OPEN.index(parts[-1])])
        else:
            parts.append(draw(st.sampled_from(["", " ", "\n", "\t "])) + "!")
    return "".join(parts) + "".join(reversed(closing)), depth


@given(st.integers(0, 200).flatmap(nested), filler, st.integers(0, 50))
def test_no_text_hides_a_level(case: tuple[str, int], noise: str, closers: int) -> None:
    """Closing brackets placed first, or any text around, never lower the count."""
    text, depth = case
    assert nesting_depth(text) >= depth
    assert nesting_depth("}" * closers + noise + text + noise) >= depth


@given(st.integers(0, 300).flatmap(nested))
def test_the_bound_refuses_exactly_what_is_too_deep(case: tuple[str, int]) -> None:
    text, _ = case
    limits = SparqlLimits(max_bytes=10_000_000, max_depth=100)
    if nesting_depth(text) > 100:
        with pytest.raises(SparqlTooComplex, match="KOTOGRAPH_MAX_QUERY_DEPTH"):
            limits.check(text)
    else:
        limits.check(text)


def test_the_length_bound_counts_utf8_bytes() -> None:
    limits = SparqlLimits(max_bytes=10, max_depth=100)
    limits.check("ASK {}")
    with pytest.raises(SparqlTooComplex, match="KOTOGRAPH_MAX_QUERY_BYTES"):
        limits.check("ASK {'ääää'}")  # 11 characters, 15 bytes


QUERY_PARTS = st.sampled_from(["{", "}", "(", ")", "[", "]", "!", "?s ", "<http://e/p> ",
                               "OPTIONAL ", "UNION ", "FILTER", "1", "+", "&&", " . ", "'x'"])


@settings(max_examples=40, deadline=None)
@given(st.lists(QUERY_PARTS, max_size=400), st.integers(1, 300))
def test_accepted_text_never_crashes_the_store(parts: list[str], repeat: int) -> None:
    """Whatever the bounds let through ends in an answer or a syntax error, never a crash
    (run in a child, as the server runs it, so that a crash would show as IsolatedCrash)."""
    text = "SELECT * WHERE { " + "".join(parts) * repeat + " }"
    store = OxigraphStore(None, timeout_s=20)
    try:
        store.limits.check(text)
    except SparqlTooComplex:
        return
    try:
        store.raw_query(text, "application/sparql-results+json")
    except QuerySyntaxError:
        pass
    except StoreError as exc:
        assert "without an answer" not in str(exc), exc


def test_a_crash_in_the_child_is_an_error_not_a_dead_server() -> None:
    import ctypes
    import faulthandler

    def evaluate(crash: bool) -> bytes:
        if crash:
            faulthandler.disable()  # pytest's handler would print the child's stack
            return ctypes.string_at(0)  # SIGSEGV, in the thread that evaluates
        return b"fine"

    workers = SnapshotWorkers(evaluate)
    with pytest.raises(IsolatedCrash, match="signal 11"):
        workers.run(0, 5, True)
    assert workers.run(0, 5, False) == b"fine"  # a new child takes the next request
    workers.close()


def test_the_stores_own_construct_is_not_cut_at_the_user_query_timeout() -> None:
    """The 13 § data of the whole country and an export are the store's own reading: a
    timeout meant for anyone's query text must not fail them (it once made the validation
    report a 500 on a loaded server)."""
    store = OxigraphStore(None, timeout_s=0.01)
    triples = "\n".join(f"<http://e/s{n}> <http://e/p> <http://e/o{n}> ." for n in range(400))
    store.update(f"INSERT DATA {{ GRAPH <http://e/g> {{ {triples} }} }}")
    pairs = "CONSTRUCT { ?a <http://e/q> ?c } WHERE { ?a ?p ?b . ?c ?r ?d }"
    with pytest.raises(QueryTimeout):
        store.raw_query(pairs, "application/n-triples")
    assert store.construct(pairs).count(b"\n") == 400 * 400
