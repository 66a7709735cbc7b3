"""Target group cues: registered jobseekers vs. everyone else (681/2023 3 §)."""

from __future__ import annotations

import itertools
import re

from extraction.model import TargetGroup

# "muille kuin työttömille": others than a group of people; "muissa kuin viranomaisten
# toimivaltaan kuuluvissa asioissa" compares matters, and names no group.
OTHER_THAN = (r"\bmu[ui]\w* kuin\s+(?:[\w-]+\s+){0,2}?"
              r"(?:työnhakij|työttöm|työtön|rekisteröit|te-|työvoima|asiak|maahanmuutta|kotoutuj)")
# Swedish: "andra än arbetssökande", "utanför arbetskraften"; "andra" before these nouns
# compares other things ("andra språk", "andra kommuner") and names no group.
# The employment authority's clients are its jobseekers ("TE-asiakkaat", "työllisyyspalveluiden
# asiakkaat", "kunder hos arbetskraftsmyndigheten").
FI_EMPLOYMENT_CLIENTS = r"(?:te-(?:\w+\s+)?|(?:työllisyys|työvoima)\w*\s+)asiak\w*"
SV_EMPLOYMENT_CLIENTS = (r"(?:kunder|klienter)\s+(?:hos|vid|inom)\s+"
                         r"(?:arbetskraftsmyndighet|sysselsättningsområde|te-byrå)\w*")
SV_OTHER_THAN = (r"andra än arbetssökande|inte är (?:registrerade som )?arbetssökande|icke[- ]arbetssökande"
                 r"|inte är " + SV_EMPLOYMENT_CLIENTS)
# Finnish negations of the jobseeker: "ei-työnhakijat", "eivät ole työnhakijoita / TE-asiakkaita".
FI_NOT_JOBSEEKERS = (r"\bei-työnhakij|\b(?:e[nt]|ei\w*|emme|ette) (?:ole )?(?:työnhakij|työttöm|rekisteröity|"
                     + FI_EMPLOYMENT_CLIENTS + ")")
SV_OUTSIDE = r"utanför arbetskraften"
SV_NOT_PEOPLE = r"språk|kommuner|myndigheter|aktörer|organisationer"
# Checked in order; the first that matches decides. "muille kuin työttömille" is "others".
TARGET_CUES: dict[str, tuple[tuple[TargetGroup, str], ...]] = {
    "fi": (
        (TargetGroup.OTHERS, OTHER_THAN + r"|ulkopuol|" + FI_NOT_JOBSEEKERS),
        (TargetGroup.OTHERS, r"\bmu(?:u|ut|ita|ille|iden|ihin|ut)\s+(?:\w+\s+)?"
         r"(?:maahanmuutta|kotoutuj|asiak|maahanmuuttajaryhm|ryhm)"),
        # child home care allowance (14 § 1 mom. 3 k.): a parent caring for a child at home
        # is outside the labour force, the municipality's client
        (TargetGroup.OTHERS, r"kotihoido?n\s*tu|\bmuiden osalta\b"),
        # labour market training ("työvoimakoulutuksena") is the jobseekers' form of a service
        (TargetGroup.JOBSEEKERS, r"työnhakij|työttöm|työtön|työnhakija-asiak|työvoimakoulutu"),
        (TargetGroup.ALL, r"\bkaik\w* (?:\w+ )?(?:maahanmuutta|asiak|kotoutuj|perhe)|\bkaikkien osalta\b"
         r"|\briippumatta\b"),
    ),
    "sv": (
        (TargetGroup.OTHERS, rf"{SV_OTHER_THAN}|{SV_OUTSIDE}|övriga|\bför andra\b(?!\s+(?:{SV_NOT_PEOPLE}))"),
        (TargetGroup.JOBSEEKERS, r"arbetssökande|arbetslös|arbetskraftsutbildning"),
        (TargetGroup.ALL, r"alla invandrare|oberoende av|oavsett"),
    ),
}
# Only the unambiguous patterns count when a text names both groups.
_STRONG_OTHERS = OTHER_THAN + "|" + SV_OTHER_THAN + "|" + FI_NOT_JOBSEEKERS


# A table column headed only "Muut" / "Övriga" next to a jobseekers column: everyone else.
_BARE_OTHERS = r"(?:muut|muille|övriga|andra)"


# A column headed by whose clients its people are: the employment authority's are the
# jobseekers, the municipality's everyone else ("TE-asiakkaat", "Kunnan asiakkaat",
# "Sysselsättningsområdets kunder", "Kommunens kunder").
CLIENTS_OF: tuple[tuple[TargetGroup, str], ...] = (
    (TargetGroup.JOBSEEKERS, FI_EMPLOYMENT_CLIENTS + "|" + SV_EMPLOYMENT_CLIENTS
                             + r"|(?:sysselsättningsområdets|arbetskraftsmyndighetens|te-byråns)\s+kunder"),
    (TargetGroup.OTHERS, r"(?:kunnan|kaupungin)\s+(?:\w+\s+)?asiak\w*|muut\s+kuntalaiset"
                         r"|(?:kommunens|stadens)\s+(?:\w+\s+)?kunder"),
    (TargetGroup.ALL, r"kaikki|alla"),
)


def header_target_of(cell: str, language: str = "fi") -> TargetGroup | None:
    """The target group a responsibility table's column header names."""
    header = " ".join(cell.strip(" :*").lower().split())
    if re.fullmatch(_BARE_OTHERS, header):
        return TargetGroup.OTHERS
    for group, clients in CLIENTS_OF:
        if re.fullmatch(clients, header):
            return group
    return target_of(cell, language)


# "riippumatta siitä, onko asiakas työnhakija", "työmarkkina-asemasta riippumatta": a group
# named as the condition that is waived does not narrow the clause (the waiver means all).
WAIVED: dict[str, str] = {
    "fi": r"\briippumatta\s+siitä\s*,?\s*(?:onko|ovatko|oliko)\b[^.;]*|[\w-]+\s+riippumatta\b(?!\s+siitä)",
    "sv": r"\b(?:oberoende av|oavsett)\b[^.;]*",
}
WAIVER_WORD = {"fi": " riippumatta ", "sv": " oberoende av "}
# A word every waiver holds: the waiver pattern tries each word of a text as its start, so
# it is tried only on texts holding one.
WAIVER_WORDS = {"fi": ("riippumatta",), "sv": ("oberoende av", "oavsett")}


# A clause that opens on the bare other ("Muille …", "Muiden suunnitelman …", "Övriga …"),
# or ends on it ("Kaupunki tekee arvioinnin muille."), right after one about jobseekers
# speaks of everyone else.
CONTRAST_OTHERS: dict[str, re.Pattern[str]] = {
    "fi": re.compile(r"^\W*(?:muille|muiden|muut|muita)\b(?!\s+kuin\b)|\bmuille(?=\s*(?:[,.;:]|$))",
                     re.IGNORECASE),
    "sv": re.compile(r"^\W*(?:för\s+)?(?:övriga|andra)\b(?!\s+än\b)", re.IGNORECASE),
}


def contrast_group(text: str, running: TargetGroup | None, language: str = "fi") -> TargetGroup | None:
    """OTHERS for a sentence that opens on the bare other after a jobseekers' sentence."""
    cue = CONTRAST_OTHERS.get(language)
    if running == TargetGroup.JOBSEEKERS and cue is not None and cue.search(text):
        return TargetGroup.OTHERS
    return None


def target_of(text: str, language: str = "fi") -> TargetGroup | None:
    """The target group a clause names, or None when it names none or both."""
    lowered = text.lower()
    if language in WAIVED and any(word in lowered for word in WAIVER_WORDS[language]):
        lowered = re.sub(WAIVED[language], WAIVER_WORD[language], lowered)
    if re.search(_STRONG_OTHERS, lowered):
        return TargetGroup.OTHERS
    found = {group for group, cue in TARGET_CUES.get(language, TARGET_CUES["fi"])
             if re.search(cue, lowered)}
    if TargetGroup.OTHERS in found and TargetGroup.JOBSEEKERS in found:
        return None
    for group in (TargetGroup.OTHERS, TargetGroup.JOBSEEKERS, TargetGroup.ALL):
        if group in found:
            return group
    return None


# A sentence that gives each group its own body ("Arvioinnin tekee työnhakijoille työllisyysalue
# ja muille kaupunki", "… järjestää työnhakijoiden osalta työllisyysalue, muiden osalta kunta",
# "För arbetssökande ordnar sysselsättningsområdet och för övriga kommunen"): each group cue
# holds until the conjunction before the next one. Checked in order: "muille kuin
# työnhakijoille" is one cue of the others, not a jobseekers' cue inside it.
DISTRIBUTED_CUES: dict[str, tuple[tuple[TargetGroup, str], ...]] = {
    "fi": (
        (TargetGroup.OTHERS, OTHER_THAN + r"|työvoiman ulkopuol\w*(?:\s+olev\w*)?|\bei-työnhakij\w*"),
        (TargetGroup.JOBSEEKERS, r"\btyönhakij\w*|\btyöttöm\w*"),
        (TargetGroup.OTHERS, r"\bmu(?:ille|iden|ut|ita)\b(?!\s+kuin\b)(?!\s+(?:kunn|kunt|kaupunk"
                             r"|kaupung(?!in\b)|toimij|taho|viranom|organisaat|alue|palveluntuottaj"
                             r"|ammattilai|yhteistyö))"),
    ),
    "sv": (
        (TargetGroup.OTHERS, f"{SV_OTHER_THAN}|{SV_OUTSIDE}"),
        (TargetGroup.JOBSEEKERS, r"\barbetssökande\b|\barbetslösa\b"),
        (TargetGroup.OTHERS, rf"\bövriga\b|\bandra\b(?!\s+(?:än|{SV_NOT_PEOPLE}))"),
        # "… av sysselsättningsområdet om invandraren är arbetssökande, annars av staden"
        (TargetGroup.OTHERS, r"\bannars\b|\bi annat fall\b"),
    ),
}
CONJUNCTION = re.compile(r",|;|\bja\b|\bsekä\b|\bkun taas\b|\boch\b|\bmedan\b|\bsamt\b", re.IGNORECASE)


def distribution(text: str, language: str = "fi") -> list[tuple[int, TargetGroup]]:
    """(start, group) of each stretch of a sentence that names both groups, one after the
    other; empty when it names one group or none."""
    cues: list[tuple[int, int, TargetGroup]] = []
    for group, cue in DISTRIBUTED_CUES.get(language, ()):
        for match in re.finditer(cue, text, re.IGNORECASE):
            if not any(match.start() < end and start < match.end() for start, end, _g in cues):
                cues.append((match.start(), match.end(), group))
    cues.sort()
    if len({group for *_span, group in cues}) < 2:
        return []
    stretches = [(0, cues[0][2])]
    for (_start, end, group), (next_start, _end, next_group) in itertools.pairwise(cues):
        if next_group == group:
            continue
        joins = [m.start() for m in CONJUNCTION.finditer(text, end, next_start)]
        stretches.append((joins[-1] if joins else next_start, next_group))
    return stretches


def group_at(stretches: list[tuple[int, TargetGroup]], offset: int) -> TargetGroup | None:
    """The group of the stretch an offset falls in."""
    found = None
    for start, group in stretches:
        if start <= offset:
            found = group
    return found
