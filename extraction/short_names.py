"""Short names: a body named in full once and by a shorter name elsewhere in the document.

"Ammattiopisto Lappia" … "Palveluntuottajia voivat olla Kivalo-opisto tai Lappia", "Setlementti
Toivola" … "Toivolassa": a name whose head noun comes first carries its own proper name
after the head, and a text that has introduced the full name goes on with that word alone.
"SPR:n Pieksämäen osasto" … "SPR:n järjestää …": the national association stands for its
one local branch the document names. A short name refers to the full one when exactly one
organisation of the document fits.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from extraction.inflection import surface_forms
from extraction.mentions import Mention
from extraction.model import Organisation, OrgKind
from extraction.org_names import APPOSITION_HEADS, HEADS, head_kind

KINDS = (OrgKind.EDUCATIONAL_INSTITUTION, OrgKind.NGO, OrgKind.PARISH, OrgKind.COMPANY)
SPELLING_KINDS = (*KINDS, OrgKind.OTHER, OrgKind.PROJECT)


def _short_forms(docs: Sequence[Doc], mentions: Sequence[Sequence[Mention]]) -> dict[str, Organisation]:
    """Case forms of each head-first name's proper part → its organisation (unambiguous only)."""
    found: dict[str, set[Organisation]] = {}
    for doc, doc_mentions in zip(docs, mentions, strict=True):
        for m in doc_mentions:
            if m.kind != "named" or m.org is None or m.org.kind not in KINDS or m.end - m.start != 2:
                continue
            head, name = doc[m.start], doc[m.end - 1]
            if head_kind(head) is None or not name.text[:1].isupper() or head_kind(name):
                continue
            for form in surface_forms(m.org.name.split()[-1]):
                found.setdefault(form, set()).add(m.org)
    return {form: next(iter(orgs)) for form, orgs in found.items() if len(orgs) == 1}


def _branch_of(mentions: Sequence[Sequence[Mention]]) -> dict[str, Organisation]:
    """Parent organisation key → its one local branch ("Suomen Punainen Risti, X osasto")."""
    named = {m.org for doc_mentions in mentions for m in doc_mentions
             if m.kind == "named" and m.org is not None}
    branches: dict[str, set[Organisation]] = {}
    for parent in named:
        for org in named:
            if org.name.startswith(parent.name + ", "):
                branches.setdefault(parent.key, set()).add(org)
    return {key: next(iter(orgs)) for key, orgs in branches.items() if len(orgs) == 1}


def _qualified_of(mentions: Sequence[Sequence[Mention]]) -> dict[str, Organisation]:
    """"Setlementti Puijola" → "Kuopion Setlementti Puijola": a name that another name of the
    document ends with, after a place or owner in front, is that body's name without the
    qualifier (unambiguous only)."""
    named = {m.org for doc_mentions in mentions for m in doc_mentions
             if m.kind == "named" and m.org is not None and m.org.kind in KINDS}
    longer: dict[str, dict[str, Organisation]] = {}  # by key: the same name in other cases
    for short in named:
        for org in named:
            if org.name.lower().endswith(" " + short.name.lower()):
                longer.setdefault(short.key, {})[org.key] = org
    return {key: next(iter(orgs.values())) for key, orgs in longer.items() if len(orgs) == 1}


def _head_family(word: str) -> str | None:
    """The organisation noun a name's first word ends in ("monikulttuurisuuskeskus" → keskus)."""
    lowered = word.lower()
    heads = [h for h, _kind in HEADS] + list(APPOSITION_HEADS)
    return next((h for h in sorted(heads, key=len) if lowered.endswith(h)), None)


def _spelling_of(mentions: Sequence[Sequence[Mention]]) -> dict[str, Organisation]:
    """"Monikulttuurisuuskeskus Mikseri" → "Monikulttuurikeskus Mikseri": head-first names with
    the same proper name after heads of one family are one body, under its shortest name."""
    groups: dict[tuple[str, str], dict[str, Organisation]] = {}
    for doc_mentions in mentions:
        for m in doc_mentions:
            if m.kind != "named" or m.org is None or m.org.kind not in SPELLING_KINDS:
                continue
            first, _space, proper = m.org.name.partition(" ")
            family = _head_family(first)
            if family and proper and proper[:1].isupper():
                groups.setdefault((family, proper.lower()), {})[m.org.key] = m.org
    out: dict[str, Organisation] = {}
    for orgs in groups.values():
        canonical = min(orgs.values(), key=lambda org: (len(org.name), org.name))
        out.update({key: canonical for key in orgs if key != canonical.key})
    return out


def add_short_name_mentions(docs: Sequence[Doc], mentions: list[list[Mention]]) -> None:
    """Point short names at the full names: proper parts, and parents of one branch."""
    branch = _branch_of(mentions) | _qualified_of(mentions) | _spelling_of(mentions)
    for number, doc_mentions in enumerate(mentions):
        mentions[number] = [Mention(m.start, m.end, m.kind, org=branch[m.org.key])
                            if m.kind == "named" and m.org is not None and m.org.key in branch else m
                            for m in doc_mentions]
    forms = _short_forms(docs, mentions)
    if not forms:
        return
    for number, doc in enumerate(docs):
        covered = {i for m in mentions[number] for i in range(m.start, m.end)}
        extra = [Mention(t.i, t.i + 1, "named", org=forms[t.lower_]) for t in doc
                 if t.i not in covered and t.text[:1].isupper() and t.lower_ in forms]
        if extra:
            mentions[number] = sorted([*mentions[number], *extra], key=lambda m: m.start)
