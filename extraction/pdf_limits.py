"""A PDF's objects counted and its streams measured before pdfminer lays out any page.

pdfminer inflates a stream whole when it first reads it, so a few kilobytes of FlateDecode
can become gigabytes, and a cross-reference table can list millions of objects. Here every
stream is inflated once, in bounded steps that keep no more than the limit in memory, and
a PDF past a limit is refused before the layout analysis starts.
"""

from __future__ import annotations

import io
import zlib

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream


class PdfTooLarge(ValueError):
    """The PDF passes a limit; the message says which."""


def _inflated_size(stream: PDFStream, limit: int) -> int:
    """What the stream's leading FlateDecode filters make of it, counted up to `limit` + 1
    bytes (a stream without them counts its raw size)."""
    data = stream.rawdata or b""
    for name, _params in stream.get_filters():
        if name not in LITERALS_FLATE_DECODE:
            break
        try:
            data = zlib.decompressobj().decompress(data, limit + 1)
        except zlib.error:
            break  # pdfminer reads what it can of a broken stream, as it will here
    return len(data)


def check_pdf(data: bytes, max_objects: int, max_stream_bytes: int, max_total_bytes: int) -> None:
    """Raise PdfTooLarge for more objects, or a larger stream or streams, than allowed."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    ids = {objid for xref in document.xrefs for objid in xref.get_objids()}
    if len(ids) > max_objects:
        raise PdfTooLarge(f"the PDF has {len(ids):,} objects, more than the limit of "
                          f"{max_objects:,}")
    total = 0
    for objid in sorted(ids):
        try:
            obj = document.getobj(objid)
        except Exception:  # a broken object: pdfminer skips it too
            continue
        if not isinstance(obj, PDFStream):
            continue
        size = _inflated_size(obj, max_stream_bytes)
        if size > max_stream_bytes:
            raise PdfTooLarge(f"a stream of the PDF (object {objid}) inflates to more than "
                              f"the limit of {max_stream_bytes:,} bytes")
        total += size
        if total > max_total_bytes:
            raise PdfTooLarge(f"the PDF's streams inflate to more than the limit of "
                              f"{max_total_bytes:,} bytes in all")


__all__ = ["PdfTooLarge", "check_pdf"]
