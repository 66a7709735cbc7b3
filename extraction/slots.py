"""Layout slots: sub-headings and lead-ins that give the role of the bodies listed under them.

Programmes often list bodies without a verb: under a "Vastuutaho" / "Ansvar" sub-heading
(responsible), under "Yhteistyö" / "Samarbete" (partner), or after a "Toteuttaja" label
(provider). A label may also name the target group ("Työnhakijat: X", "Övriga invandrare:
X", 3 § of 681/2023) or the body itself ("Kela: etuudet …", a body listed in a service
section, which delivers that part of the service). The cue words are the law's and the
administrative genre's own terms, in Finnish and Swedish.
"""

from __future__ import annotations

import re

from extraction.model import Role

# A bracketed part of a label ("Järjestäjä (muut)"): what it says, apart from the label.
BRACKET = re.compile(r"\s*\(([^()]*)\)")
# Label or sub-heading text (lower case, start of the text) → the role of the bodies listed.
# The words a card's field asks who does the service with ("Kuka? X", "Vem? Y").
WHO_QUESTIONS = ("kuka", "vem")
SLOT_CUES: tuple[tuple[Role, str], ...] = (
    (Role.RESPONSIBLE, r"(?:vastuu|vastuut|vastuutaho\w*|vastuuhenkilö\w*|vastuunjako|"
     r"järjestämisvastuu\w*|järjestäjä|vastuussa oleva taho|(?:huvud)?ansvar\w*|"
     r"ansvarsfördelning|anordnare|"
     # a table's column headed by the verb: "Järjestää", "Järjestävä taho"
     r"järjestää|järjestävä\w*|vastaa|"
     # a card's field that asks: "Kuka? Kotopiste", "Vem? Kommunen"
     + "|".join(WHO_QUESTIONS) + ")"),
    (Role.PARTNER, r"(?:yhteistyö\w*|yhteistyökumppan\w*|yhteistyötaho\w*|kumppan\w*|"
     r"samarbete\w*|samarbetspart\w*|i samarbete med)"),
    (Role.PROVIDER, r"(?:toteuttaja\w*|kouluttaja\w*|palveluntuottaja\w*|palvelun tuottaja\w*|tuottaja\w*|"
     r"palvelun toteuttaa|producent\w*|utförare|(?:tjänste|service)producent\w*|genomförare|"
     r"tuottaa|tuottava\w*|toteuttaa|toteuttava\w*|toteutus|toteutustapa|"
     r"ostopalvelu\w*|köptjänst\w*)"),
)
# "Label: text" at the start of a block; the label is short and has no sentence inside.
LABEL = re.compile(r"^\s*(?:[•\-–—*▪●◦■□➢►✓\x00\uf000-\uf0ff]\s*)?([^\W\d][^:.!?]{0,60}?)\s*:(?!\w)\s*(.*)$",
                   re.DOTALL)
# Roles a verbless list under a slot cannot turn into partners: "X yhdessä Y:n kanssa"
# under "Vastuutaho" makes both responsible; "yhteistyössä" keeps Y a partner.
COOPERATION_ONLY = re.compile(r"yhteistyössä|yhteistyöllä|i samarbete med|samarbetar med",
                              re.IGNORECASE)


# A heading that announces what is on offer ("Kunnassa on tarjolla myös muita palveluita")
# introduces a list of services, each item naming the body that offers it.
OFFER = re.compile(r"\b(?:on|ovat)\s+(?:\w+\s+)?tarjolla\b|\btarjolla\s+olev\w*", re.IGNORECASE)


def offer_slot(text: str) -> Role | None:
    """The role of the bodies in the list under a heading that announces offered services."""
    return Role.PROVIDER if OFFER.search(text) else None


def slot_of(text: str) -> Role | None:
    """The role a sub-heading or label gives to the bodies listed under it."""
    lowered = re.sub(r"^\s*(?:[a-zåäö]\)|\d+(?:\.\d+)*\.?)\s*", "", text.strip().lower())
    # "Järjestäjä (työnhakijat)": the bracket names a group (read by the caller), not the role
    lowered = BRACKET.sub("", lowered).rstrip(": ").strip()
    for role, cue in SLOT_CUES:
        if re.fullmatch(cue + r"(?:\s+(?:ja|och)\s+\w+)?(?:\s+\w+){0,3}", lowered) and (
                len(lowered.split()) <= 4):
            return role
    return None


def split_label(text: str) -> tuple[str, str, int] | None:
    """("Työnhakijat", "Järvelän työllisyysalue.", offset of the rest) for "Label: rest"."""
    match = LABEL.match(text)
    if not match or len(match.group(1).split()) > 6:
        return None
    return match.group(1).strip(), match.group(2), match.start(2)


def label_end(text: str) -> int | None:
    """Offset where the text after an opening "Label:" starts (None: no label, or no text)."""
    label = split_label(text)
    if label is None or not label[1].strip():
        return None
    return label[2]
