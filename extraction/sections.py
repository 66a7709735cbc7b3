"""Service sections: which statutory services each block's section is about, and each
section's description (heading, text, legal references)."""

from __future__ import annotations

from collections.abc import Sequence

from extraction.legal_refs import INTEGRATION_ACT, find_legal_refs
from extraction.model import LegalRef, Provenance, ServiceDescription, ServiceKey
from extraction.segments import Segment


def heading_refs(text: str) -> list[LegalRef]:
    """The legal references a heading (or a table's first cell) cites."""
    return [m.ref for m in find_legal_refs(text)]


def segment_descriptions(segments: Sequence[Segment], covered: Sequence[str]) -> list[ServiceDescription]:
    """One description per service the document has a section, card or row for: the text
    framed by it, the Integration Act sections it cites and the municipalities it speaks for."""
    texts: dict[ServiceKey, list[Segment]] = {}
    for segment in segments:
        if segment.block.kind == "heading" or segment.frame.cooperation:
            continue
        for service in segment.frame.services:
            texts.setdefault(service, []).append(segment)
    out = []
    for service, parts in texts.items():
        first = parts[0].block
        refs = [m.ref for p in parts for m in find_legal_refs(p.block.text)
                if m.ref.statute == INTEGRATION_ACT and m.ref.section]
        codes = tuple(dict.fromkeys(c for p in parts for c in (p.frame.codes or covered)))
        prov = Provenance(first.page, first.start, first.end, first.text, "service-section")
        out.append(ServiceDescription(
            service=service, municipalities=codes, heading=parts[0].prefix or first.text[:120],
            text="\n".join(p.block.text for p in parts), legal_refs=tuple(dict.fromkeys(refs)),
            provenance=prov))
    return out
