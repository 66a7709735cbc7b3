"""The comparison matrix's data kept current the way the 13 § report is (graph.revalidate).

A supervisor opening the matrix right after a programme was ingested would otherwise wait
for every municipality's row to be read again (~190 ms of queries at national scale) when
one document changed a handful. A row depends on what the report's stamps already follow:
the municipality's current documents (their graphs), its entry in the programme registry
and its reviews. So after a write only the municipalities whose stamps differ are read
again and their rows replace the old ones; a change to the ontology or reference graphs
(or a graph of no known kind) reads everything again. The names of the bodies in the
changed rows are read again with them (a document labels every body it names that the
reference data does not).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graph import queries
from graph.revalidate import Stamps, changed_municipalities, read_stamps
from graph.store import Store


@dataclass(frozen=True, slots=True)
class MatrixData:
    """What the matrix shows of the store, before the 13 § counts and the page's language."""

    index: list[dict[str, str]]  # queries.municipality_index
    coverage: queries.Coverage


def matrix_data(store: Store) -> MatrixData:
    """The matrix's data read from scratch."""
    return MatrixData(queries.municipality_index(store), queries.coverage(store))


def updated(store: Store, data: MatrixData | None, stamps: Stamps | None,
            now: Stamps | None = None) -> tuple[MatrixData, Stamps]:
    """The data of the store as it is now, from `data` (read when the store had `stamps`):
    only the municipalities that changed are read. Without data, everything is.

    The stamps (`now`, if they have just been read) are read first, so a write meanwhile
    is seen the next time."""
    now = read_stamps(store) if now is None else now
    changed = None if data is None or stamps is None else changed_municipalities(stamps, now)
    if data is None or changed is None:
        return matrix_data(store), now
    if not changed:
        return data, now
    rows = {r["code"]: r for r in data.index if r["code"] not in changed}
    rows |= {r["code"]: r for r in queries.municipality_index(store, changed)}
    part = queries.coverage(store, changed)
    cover = data.coverage.replaced(changed, part)
    # Names of the bodies the matrix shows: those of `part` are read with it; a body the
    # changed rows no longer show, but others do, is read again (the documents that named
    # it may be gone).
    shown = cover.organisations()
    again = shown & (data.coverage.organisations(changed) - part.organisations())
    names = {org: n for org, n in cover.names.items() if org in shown and org not in again}
    cover = replace(cover, names=names | queries.organisation_names(store, again))
    return MatrixData(sorted(rows.values(), key=lambda r: (r["name"], r["code"])), cover), now


__all__ = ["MatrixData", "matrix_data", "updated"]
