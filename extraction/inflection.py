"""Case forms of Finnish and Swedish place names, for names the lemmatiser does not know.

Voikko lemmatises real municipality names ("Kuopion" → "Kuopio"), but not new or fictional
ones. This module generates the inflected surface forms of a name from its stems:
the name itself, the name without its final vowel, the weak consonant grade
("Lapinlahti" → "Lapinlahde-n") and the -nen → -se- alternation.
"""

from __future__ import annotations

import re

# Case endings (and the illative's vowel + n) added to a stem.
FI_ENDINGS = (
    "", "n", "a", "ä", "ta", "tä", "na", "nä", "ssa", "ssä", "sta", "stä", "lla", "llä",
    "lta", "ltä", "lle", "ksi", "en", "in", "han", "hin", "seen", "siin", "on", "un", "yn",
    "ön", "an", "än", "nsa", "nsä", "laiset", "lainen",
)
SV_ENDINGS = ("", "s")
# Strong → weak consonant grade before the final vowel.
GRADATION = (
    ("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"),
    ("nt", "nn"), ("rt", "rr"), ("ht", "hd"), ("lk", "l"), ("rk", "r"), ("hk", "h"),
    ("t", "d"), ("p", "v"), ("k", ""),
)
_VOWELS = "aeiouyäö"


def stems(name: str) -> set[str]:
    """Stems of a (lower-case) Finnish name that case endings attach to."""
    out = {name}
    if name.endswith("nen"):
        out.add(name[:-3] + "se")
    if name[-1:] in _VOWELS:
        base = name[:-1]
        out.add(base)
        if name.endswith("i"):
            out.add(base + "e")
        for strong, weak in GRADATION:
            match = re.search(f"(?<=[{_VOWELS}lrnmh]){strong}$", base) or (
                re.search(f"{strong}$", base) if len(strong) == 2 else None
            )
            if match:
                weak_base = base[: match.start()] + weak
                out.add(weak_base + name[-1])
                if name.endswith("i"):
                    out.add(weak_base + "e")
                break
    return {stem for stem in out if len(stem) >= 2}


def surface_forms(name: str) -> set[str]:
    """All generated lower-case forms of a one-word name (Finnish and Swedish endings)."""
    lowered = name.lower()
    forms = {stem + ending for stem in stems(lowered) for ending in FI_ENDINGS}
    forms.update(lowered + ending for ending in SV_ENDINGS)
    return forms
