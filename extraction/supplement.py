"""What is read besides the pipeline, from the document's bytes: the date the file gives
itself (extraction.document_date), shown beside the programme's approval."""

from __future__ import annotations

from extraction.document_date import document_date
from extraction.model import DocumentExtraction


def supplement(ex: DocumentExtraction, data: bytes) -> DocumentExtraction:
    """`ex` with its document date filled in."""
    ex.document_date = document_date(data, ex.media_type)
    return ex
