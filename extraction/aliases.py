"""Names a document gives bodies itself: abbreviations and short names it defines.

Programmes define their own short names: in a list of abbreviations ("POHA | Pohjois-
Pohjanmaan hyvinvointialue", "HVA = Päijät-Hämeen hyvinvointialue", "LKO = Lahden
kansanopisto"), in brackets after the full name ("Pirkanmaan hyvinvointialue (Pirha)",
"Kpedu (Keski-Pohjanmaan koulutusyhtymä)"), or with "jäljempänä" / "nedan". Each defined
short name, in any case form ("POHA:n", "Pirhan", "Oma Hämeen"), then stands for what its
definition names: a known body, a generic one ("HVA" = the welfare area), a municipal unit
("Mamu" = maahanmuuttajapalvelut), or a body known only by the definition's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from extraction.gazetteer import slug
from extraction.inflection import surface_forms
from extraction.mentions import Mention
from extraction.model import Organisation, OrgKind

# (a short name may be a dotted abbreviation: "Syss.omr.", "Medb.inst.")
SHORT = r"[A-ZÅÄÖ](?:[\w\-]{1,14}|[\w\-]{1,8}\.[\w\-]{1,8}\.?)(?:\s[A-ZÅÄÖ][\w\-]{1,14})?"
# in brackets after a body's name a short name may go on in lower case ("(Siun sote)")
BRACKET_SHORT = r"[A-ZÅÄÖ][\w\-]{1,14}(?:\s[\w\-]{2,14})?"
# "POHA | Pohjois-Pohjanmaan hyvinvointialue", "HVA = …", "LKO – Lahden kansanopisto"
# (a bracket after the long form translates or explains it: "SSO = Borgå sysselsättningsområde
# (arbetskraftsmyndigheten)", "LMI = Lovisa medborgarinstitut (Loviisan kansalaisopisto), en
# enhet inom Lovisa stad")
LISTED = re.compile(rf"(?:^|[,;:]\s*)(?P<short>{SHORT})\s*=\s*(?P<long>[^,;|=()]{{3,80}}?)"
                    rf"(?=\s*(?:\([^()]*\)\s*)?(?:,\s*{SHORT}\s*=|[,;.]?\s*$|[;,]))")
# "Pirkanmaan hyvinvointialue (Pirha)", "Kpedu (Keski-Pohjanmaan koulutusyhtymä)"
# (it starts at a word's first character, as the leftmost match does: inside a word it would
# only try again what fails)
BRACKETED = re.compile(r"(?<![\w\-])(?P<before>(?:[\w\-]+\s+){0,5}[\w\-]+)\s*\((?P<inside>[^()]{2,80})\)")
HEREAFTER = re.compile(r"\b(?i:jäljempänä|jatkossa|nedan|härefter)\s+(?P<short>" + SHORT + r")")
# A municipal unit given a name of its own ("Kotoutumispalvelut Askel", "integrationspunkten
# Kompassi", "kotoutumispalvelut toimivat nimellä Kotopiste"): the name alone, in any case
# form ("Askeleen kotoutumisohjaaja"), is that unit
NAMED_UNIT = re.compile(
    r"\b(?P<long>(?i:kotoutumispalvelu(?:t|jen|iden)?|maahanmuutto(?:jasta)?palvelu(?:t|jen|iden)?"
    r"|maahanmuuttajapalvelu(?:t|jen|iden)?|kotoutumis(?:piste|yksikkö)|integrationstjänster(?:na)?"
    r"|invandrartjänster(?:na)?|integrationspunkt(?:en)?|integrationsenhet(?:en)?))"
    # "… kotoutumispalvelut toimivat nimellä Kotopiste", "… verkar under namnet Kompassi"
    r"\s+(?:toimi\w*\s+nimellä\s+|(?:går|verkar)\s+under\s+namnet\s+)?"
    r"(?P<short>[A-ZÅÄÖ][a-zåäö]{2,14})\b(?!\s+[a-zåäö]+(?:n|s)\b)")
LAW = re.compile(r"\b(?:laki|lain|lag|lagen|asetus|förordning)\b", re.IGNORECASE)
NOT_SHORT = re.compile(r"^(?:KotoL|TVPL|YKI|ESR|ESF|EU|ks|esim|mm|ym|ko)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Definition:
    short: str
    long: str
    named_inside: bool = False  # a bracket's definition: the long form must name a known body


def definitions(texts: Sequence[str]) -> list[Definition]:
    """The short names a document defines, with what each stands for (first definition wins)."""
    found: dict[str, Definition] = {}

    def add(short: str, long: str, named_inside: bool = False) -> None:
        short, long = short.strip(), long.strip(" .,;")
        if (short in found or NOT_SHORT.match(short) or LAW.search(long) or len(long) <= len(short)
                or not any(ch.isalpha() for ch in long)):
            return
        found[short] = Definition(short, long, named_inside)

    for text in texts:
        cells = [c.strip() for c in text.split(" | ")]
        if len(cells) == 2 and re.fullmatch(SHORT, cells[0]):  # a table of abbreviations
            add(cells[0], re.sub(r"\([^)]*\)", "", cells[1]))
            continue
        for match in LISTED.finditer(text):
            add(match.group("short"), match.group("long"))
        # BRACKETED tries every word of a text (most of the time reading a document's
        # definitions took): only a text with a bracket can match it
        for match in BRACKETED.finditer(text) if "(" in text else ():
            inside, before = match.group("inside").strip(), match.group("before")
            if re.fullmatch(BRACKET_SHORT, inside) and not inside.isdigit():
                add(inside, before, named_inside=True)  # "Pirkanmaan hyvinvointialue (Pirha)"
            words = before.split()
            if words and re.fullmatch(SHORT, words[-1]) and inside[:1].isupper() and len(inside.split()) >= 2:
                add(words[-1], inside, named_inside=True)  # "Kpedu (Keski-Pohjanmaan koulutusyhtymä)"
        for match in NAMED_UNIT.finditer(text):
            add(match.group("short"), match.group("long"))
        for match in HEREAFTER.finditer(text):
            before = text[:match.start()].rstrip(" ,(")
            # "… vastaa Etelä-Karjalan työllisyysalue (jäljempänä TA)": the body named last
            add(match.group("short"), " ".join(before.split()[-5:]), named_inside=True)
    return list(found.values())


def short_names_pattern(defined: Sequence[Definition]) -> re.Pattern[str] | None:
    """A pattern for the short names a document defines (`definitions`), in any case form
    (for the parse gate: a sentence that names a body only by its short name still needs
    the parser)."""
    shorts = [d.short for d in defined]
    if not shorts:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True)) + r")")


def _forms(short: str) -> set[str]:
    """The case forms a short name is written in: "POHA:n", "Pirhan", "Oma Hämeen"."""
    words = short.lower().split()
    last = words[-1]
    if "." in last:  # "Syss.omr.": the tokenizer keeps the final stop apart
        return {" ".join([*words[:-1], last.rstrip(".")])}
    forms = {last} | {f"{last}:{ending}" for ending in ("n", "lla", "lle", "lta", "ssa", "sta", "a", "ä",
                                                         "ään", "iin", "s", "ksi", "na")}
    if not short.isupper():
        forms |= surface_forms(last)
    return {" ".join([*words[:-1], form]) for form in forms}


def add_alias_mentions(defined: Sequence[Definition], docs: Sequence[Doc], mentions: list[list[Mention]],
                       read: Callable[[str], list[Mention] | None]) -> None:
    """Add a mention for every use of a short name the document defines (`definitions`)
    that no other mention covers.

    `read(text)` gives the mentions of a definition's long form (parsed on its own): the
    one that covers most of it says what the short name stands for.
    """
    meanings: dict[str, Mention] = {}
    for definition in defined:
        if any(not m.guessed for m in read(definition.short) or ()):
            continue  # a name that says what it is already ("Tampere", "Kela")
        meaning = _meaning(definition, read(definition.long))
        if meaning is not None:
            for form in _forms(definition.short):
                meanings.setdefault(form, meaning)
    if not meanings:
        return
    longest = max(len(form.split()) for form in meanings)
    for number, doc in enumerate(docs):
        # a document's own definition says more than a guess from the word alone
        covered = {i for m in mentions[number] if not m.guessed for i in range(m.start, m.end)}
        extra = []
        words = [t.text for t in doc]  # strings: making a Span per place and size is costly
        for start in range(len(words)):
            for size in range(min(longest, len(words) - start), 0, -1):
                end = start + size
                if any(i in covered for i in range(start, end)):
                    continue
                meaning = meanings.get(_key(words[start:end]))
                if meaning is not None and words[start][:1].isupper():
                    extra.append(Mention(start, end, meaning.kind, org=meaning.org,
                                         generic=meaning.generic, unit=meaning.unit))
                    covered.update(range(start, end))
                    break
        if extra:
            kept = [m for m in mentions[number]
                    if not (m.guessed and any(e.start <= m.start < e.end for e in extra))]
            mentions[number] = sorted([*kept, *extra], key=lambda m: m.start)


def _key(words: Sequence[str]) -> str:
    return " ".join(words).lower().replace(" :", ":").replace(": ", ":")


def _meaning(definition: Definition, found: list[Mention] | None) -> Mention | None:
    """What a short name stands for: the mention that covers its definition's long form,
    else a body of that name."""
    words = len(definition.long.split())
    if found:
        # the body named last before a bracket ("… kuuluvat Pirkanmaan hyvinvointialueeseen (Pirha)");
        # in a list, the body that is most of the long form ("Oulun aikuiskoulutuskeskus" is
        # no Oulu)
        best = found[-1] if definition.named_inside else max(found, key=lambda m: m.end - m.start)
        if best.kind != "role" and (definition.named_inside or (best.end - best.start) * 2 > words):
            return Mention(0, 0, best.kind, org=best.org, generic=best.generic, unit=best.unit)
    if definition.named_inside:
        return None  # a bracket that explains rather than names
    acronym = definition.short.isupper() and len(definition.long.split()) >= 2
    if definition.long[:1].islower() and not acronym:
        return None  # a common noun phrase that names no body ("työvoimakoulutus")
    name = definition.long
    return Mention(0, 0, "named", org=Organisation(key=slug(name), name=name, kind=OrgKind.OTHER))
