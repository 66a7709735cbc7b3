"""What a kept original is, from its first bytes rather than its name or its uploader."""

from __future__ import annotations

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The formats kotograph reads, by their magic bytes (PDF 1.7 7.5.2; OOXML is a ZIP).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", DOCX),
)


def media_type_of(head: bytes) -> str:
    """The media type of a file that starts with `head`.

    HTML is deliberately not recognised: a kept web page is sent as the text it is
    (`text/plain`), so no browser runs what it holds. Anything else unknown is binary.
    """
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the end of `head`
            return "application/octet-stream"
    return "text/plain; charset=utf-8"


__all__ = ["DOCX", "media_type_of"]
