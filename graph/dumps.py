"""Downloadable dumps of the whole store: gzipped N-Quads and TriG, with SHA-256 checksums.

Written to a folder (`Settings.dumps_dir()`) by the server after every change of the store
(the same background job that recomputes the pages) and at start, each file first under a
temporary name and then renamed, so a download never sees half a file. `dumps.json` records
each file's size, checksum and time for the dataset description (VoID, DCAT) and
`SHA256SUMS` lets `sha256sum -c` check a download.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph.store import Store

DUMP_FORMATS: dict[str, str] = {
    "kotograph.nq.gz": "application/n-quads",
    "kotograph.trig.gz": "application/trig",
}
MANIFEST = "dumps.json"
CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True, slots=True)
class DumpFile:
    """One dump as written: what the dataset description says of it."""

    name: str
    media_type: str
    sha256: str
    bytes: int
    quads: int
    modified: str  # ISO 8601, UTC


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_dumps(store: Store, folder: Path) -> list[DumpFile]:
    """Dump the store in every format of `DUMP_FORMATS` into `folder`; the files' records."""
    folder.mkdir(parents=True, exist_ok=True)
    quads = store.count()
    written: list[tuple[Path, Path]] = []
    files = []
    for name, media_type in DUMP_FORMATS.items():
        tmp = folder / f".{name}.tmp"
        # mtime=0: the same store state gives the same bytes, so the same checksum.
        with tmp.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            store.dump(media_type, output=gz)
        files.append(DumpFile(name, media_type, _sha256(tmp), tmp.stat().st_size, quads,
                              datetime.now(UTC).replace(microsecond=0).isoformat()))
        written.append((tmp, folder / name))
    for tmp, final in written:
        os.replace(tmp, final)
    _write_atomically(folder / CHECKSUMS, "".join(f"{f.sha256}  {f.name}\n" for f in files))
    _write_atomically(folder / MANIFEST, json.dumps([asdict(f) for f in files], indent=1))
    return files


def read_dumps(folder: Path) -> list[DumpFile]:
    """The dumps written last into `folder`; none before the first."""
    try:
        records = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return []
    return [DumpFile(**r) for r in records]


__all__ = ["CHECKSUMS", "DUMP_FORMATS", "MANIFEST", "DumpFile", "read_dumps", "write_dumps"]
