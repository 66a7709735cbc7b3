"""Relations in Swedish programmes (integrationsprogram), by keyword tables on the text.

There is no Swedish parser in the environment, so the organisation is the mention nearest
before a role cue ("arbetskraftsmyndigheten ansvarar för"), or the mention right after a
preposition cue ("i samarbete med välfärdsområdet", "köps av FPA").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.model import OrgKind, Role

# Generic nouns (definite and indefinite forms) → the kind they refer to.
SV_GENERIC: tuple[tuple[str, OrgKind], ...] = (
    (r"\barbetskraftsmyndighet(?:en|er|erna)?s?\b|\bsysselsättningsområde(?:t|ts)?\b"
     r"|\bTE-(?:byrå|tjänster)\w*", OrgKind.EMPLOYMENT_AREA),
    (r"\bvälfärdsområde(?:t|ts)?\b", OrgKind.WELFARE_AREA),
    (r"\bkommun(?:en|ens)?\b|\bstad(?:en|ens)\b", OrgKind.MUNICIPALITY),
)
SV_ROLE_CUES: tuple[tuple[str, Role], ...] = (
    (r"\bansvarar\b|\bsvarar för\b|\bhar ansvaret\b|\bordnar\b|\bgör\b|\butarbetar\b",
     Role.RESPONSIBLE),
    (r"\bproducerar\b|\btillhandahåller\b|\bgenomför\b|\berbjuder\b|\bger\b", Role.PROVIDER),
)
SV_AFTER_CUES: tuple[tuple[str, Role], ...] = (
    (r"\bi samarbete med\b|\btillsammans med\b|\bsamarbetar med\b", Role.PARTNER),
    (r"\bköp(?:s|er|ts)? (?:av|från)\b|\bupphandla\w* (?:av|från)\b", Role.PROVIDER),
)


@dataclass(frozen=True, slots=True)
class SvMention:
    start: int  # character offsets in the sentence
    end: int
    generic: OrgKind | None = None
    named_index: int | None = None  # index into the caller's named-org list


def generic_mentions(sentence: str) -> list[SvMention]:
    out = []
    for pattern, kind in SV_GENERIC:
        out += [SvMention(m.start(), m.end(), generic=kind)
                for m in re.finditer(pattern, sentence, re.IGNORECASE)]
    return out


def sv_relations(sentence: str, mentions: list[SvMention]) -> list[tuple[Role, SvMention, str]]:
    """(role, mention, rule) for every cue in a Swedish sentence."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[tuple[Role, SvMention, str]] = []
    partner_spans: list[tuple[int, int]] = []
    for pattern, role in SV_AFTER_CUES:
        for cue in re.finditer(pattern, sentence, re.IGNORECASE):
            after = [m for m in ordered if 0 <= m.start - cue.end() <= 40]
            for mention in after[:3]:
                out.append((role, mention, f"sv-{role.value}-after"))
                partner_spans.append((mention.start, mention.end))
    for pattern, role in SV_ROLE_CUES:
        for cue in re.finditer(pattern, sentence, re.IGNORECASE):
            before = [m for m in ordered if m.end <= cue.start()
                      and (m.start, m.end) not in partner_spans]
            if before:
                out.append((role, before[-1], f"sv-{role.value}-before"))
    return out
