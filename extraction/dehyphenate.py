"""Join words that the PDF broke at a line end, keep the hyphens Finnish spelling needs.

Finnish writes a hyphen inside compounds when the parts meet with the same vowel
("maahanmuutto-ohjaaja"), before a capitalised part ("Etelä-Savon"), after an acronym or a
digit ("STEP-koulutus", "29-vuotiaille"), and for a suspended
compound before a conjunction ("työllisyys- ja koulutuspalvelut"). Every other hyphen at a
line end is the typesetter's and is removed ("työnha-" + "kijana" → "työnhakijana").
"""

from __future__ import annotations

import re
from collections.abc import Callable

VOWELS = frozenset("aeiouyäöå")
# A hyphenated word followed by one of these is a suspended compound: "työ- ja elinkeino".
CONJUNCTIONS = frozenset({"ja", "tai", "sekä", "eli", "että", "ynnä", "och", "eller", "samt"})

_WORD_START = re.compile(r"\S+")

SpellCheck = Callable[[str], bool]


def keep_hyphen(left: str, right: str, spell: SpellCheck | None = None) -> bool:
    """Should the hyphen at the end of `left` stay when `right` follows on the next line?"""
    stem = left.rstrip("-")
    if not stem or not right:
        return True
    last_word = stem.split()[-1] if stem.split() else stem
    match = _WORD_START.match(right)
    first = match.group(0) if match else right
    first_clean = first.strip(",.;:()")
    if first_clean.lower() in CONJUNCTIONS or first[:1] in ",;)":
        return True
    if first[:1].isupper() or first[:1].isdigit():
        return True
    if last_word[-1:].lower() in VOWELS and last_word[-1:].lower() == first[:1].lower():
        return True
    if not last_word[-1:].isalpha() or last_word[-1:].isupper():
        return True  # "29-vuotiaille", "STEP-koulutukseen": after a digit or an acronym
    if spell is not None:
        joined = last_word + first_clean
        hyphened = f"{last_word}-{first_clean}"
        if not spell(joined) and spell(hyphened):
            return True
    return False


def join_lines(left: str, right: str, spell: SpellCheck | None = None) -> str:
    """Join two consecutive lines of one paragraph, repairing a line-end hyphenation."""
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        if keep_hyphen(left, right, spell):
            first = right.split()[0].strip(",.;:()").lower()
            # "työllisyys-" + "ja": a suspended compound needs the space back.
            if first in CONJUNCTIONS:
                return f"{left} {right}"
            return left + right
        return left[:-1] + right
    return f"{left} {right}"


def dehyphenate_text(text: str, spell: SpellCheck | None = None) -> str:
    """Dehyphenate a whole text whose lines (possibly with blank lines between) form prose."""
    lines = [line for line in text.splitlines() if line.strip()]
    out = ""
    for line in lines:
        out = join_lines(out, line, spell) if out else line.strip()
    return out
