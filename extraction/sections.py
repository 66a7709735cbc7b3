"""Service sections: which statutory services each block's section is about, and each
section's description (heading, text, legal references)."""

from __future__ import annotations

from collections.abc import Sequence

from extraction.legal_refs import INTEGRATION_ACT, find_legal_refs
from extraction.model import LegalRef, Provenance, ServiceDescription, ServiceKey
from extraction.services import classify_heading
from extraction.structure import Block


def heading_refs(text: str) -> list[LegalRef]:
    """The legal references a heading (or a table's first cell) cites."""
    return [m.ref for m in find_legal_refs(text)]


def section_services(blocks: Sequence[Block], language: str) -> list[tuple[ServiceKey, ...]]:
    """The services each block's section is about (empty outside service sections).

    Service sections nest: "5 Kotoutumiskoulutus" › "Kielitaidon päättötestaus" ›
    "B) Vastuutaho". A strong heading without a service closes the sections at its level
    or deeper and returns to the enclosing one; a sub-heading that repeats its section's
    service stays in the section.
    """
    open_sections: list[tuple[int, tuple[ServiceKey, ...]]] = []  # (level, services)
    out = []
    for block in blocks:
        if block.kind == "heading":
            found = tuple(classify_heading(block.text, heading_refs(block.text), language))
            current = open_sections[-1][1] if open_sections else ()
            if found and not (set(found) <= set(current)
                              and block.level > open_sections[-1][0]):
                while open_sections and open_sections[-1][0] >= block.level:
                    open_sections.pop()
                open_sections.append((block.level, found))
            elif block.strong:
                while open_sections and open_sections[-1][0] >= block.level:
                    open_sections.pop()
        out.append(open_sections[-1][1] if open_sections else ())
    return out


def service_descriptions(blocks: Sequence[Block], services: Sequence[tuple[ServiceKey, ...]],
                         per_block: Sequence[tuple[str, ...]]) -> list[ServiceDescription]:
    """One description per service a section heading opens, with the section's text, the
    Integration Act sections its body cites and the municipalities it is scoped to."""
    out = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "heading" or not services[index]:
            index += 1
            continue
        end = index + 1
        while end < len(blocks) and services[end] == services[index] and not (
                blocks[end].kind == "heading" and blocks[end].strong
                and blocks[end].level <= block.level):
            end += 1
        body = blocks[index + 1:end]
        refs = heading_refs(block.text) + [
            m.ref for b in body for m in find_legal_refs(b.text)
            if m.ref.statute == INTEGRATION_ACT and m.ref.section]
        municipalities = tuple(dict.fromkeys(c for i in range(index, end) for c in per_block[i]))
        prov = Provenance(block.page, block.start, block.end, block.text, "service-heading")
        for service in services[index]:
            out.append(ServiceDescription(
                service=service, municipalities=municipalities, heading=block.text,
                text="\n".join(b.text for b in body), legal_refs=tuple(dict.fromkeys(refs)),
                provenance=prov))
        index = end
    return out
