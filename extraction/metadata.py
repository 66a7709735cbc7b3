"""Programme metadata: title, coordinating body, contact points, drafting partners, approval.

Found under the headings the ministry's checklist asks for (coordinating body, contact
person, drafting partners, approval) and, without such headings, in sentences and labels
with the same vocabulary ("Koordinoiva taho:", "Yhteyshenkilö:", "Ohjelman valmisteluun
osallistuivat …", "Kunnanhallitus hyväksyi … 18.11.2024 § 211"). A heading that names
several of these ("Koordinointi, yhteyshenkilö ja valmistelu") leaves each block to say
which one it is. Only patterns, no wording of any one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from extraction.model import Approval, Provenance

COORDINATOR_CUE = re.compile(r"koordinoi|koordinointi|koordinaatio|samordna|koordiner",
                             re.IGNORECASE)
CONTACT_CUE = re.compile(r"yhteyshenkilö|yhteystied|kontaktperson|kontaktuppgift", re.IGNORECASE)
DRAFTING_CUE = re.compile(
    r"laatimiseen osallistu|laadinta\w* osallistu|yhteistyökumppan|laadittu yhteistyössä"
    r"|valmistel\w* osallistu|valmisteluun|valmistelu ja|utarbeta\w* i samarbete"
    r"|samarbetspart\w*|beredning", re.IGNORECASE)
APPROVAL_CUE = re.compile(r"käsittely|hyväksymi|hyväksyntä|godkännande|behandling",
                          re.IGNORECASE)
APPROVAL_VERB = re.compile(r"hyväksy|hyväksytty|käsitel|käsittely|godkän|behandl", re.IGNORECASE)
APPROVAL_BODY = re.compile(
    r"\b\w*(?:hallitu|valtuust|lautakun)\w*|\b\w*(?:nämnd|fullmäktige|styrelse)\w*",
    re.IGNORECASE)
DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d/])(?:\+358|0)\s?\d{1,3}[\s-]?\d{3,4}[\s-]?\d{2,4}(?:\s\d{2,4})?(?!\d)")
_NAME_PART = r"[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?"
NAME_WORD = re.compile(_NAME_PART)
PERSON = re.compile(rf"\b({_NAME_PART})\s+({_NAME_PART})\b")
ROLE_WORD = re.compile(r"\w*(?:koordinaattori|ohjaaja|asiantuntija|päällikkö|johtaja|suunnittelija"
                       r"|sihteeri|neuvontapiste|koordinator|samordnare|handledare|chef)\w*",
                       re.IGNORECASE)
NOT_A_NAME = re.compile(r"kaupunki|kaupungin|kunta|kunnan|kommun|stad|hyvinvointi|välfärd"
                        r"|alue|palvelu|byrån|sektor", re.IGNORECASE)
# Recipients ("esitti sen valtuustolle") and owners ("valtuuston päätös") do not approve.
NOT_APPROVER_CASES = {"All", "Ill", "Gen", "Par"}


@dataclass(frozen=True, slots=True)
class ContactFields:
    title: str | None
    name: str | None
    email: str | None
    phone: str | None


def _person(text: str) -> str | None:
    """The first two adjacent capitalised words that are neither a title nor a body's name."""
    words = list(NAME_WORD.finditer(text))
    for first, second in pairwise(words):
        if text[first.end():second.start()].strip():
            continue
        pair = text[first.start():second.end()]
        if ROLE_WORD.fullmatch(first.group(0)) or ROLE_WORD.fullmatch(second.group(0)):
            continue
        after = text[second.end():second.end() + 12]
        if NOT_A_NAME.search(pair) or re.match(r"\s+(?:kaupunki|kunta|stad|kommun)\b", after):
            continue
        return pair
    return None


def contact_fields(text: str) -> ContactFields:
    """Title, name, e-mail and phone from the text under a contact heading."""
    email = EMAIL.search(text)
    phone = PHONE.search(EMAIL.sub(" ", text))
    role = ROLE_WORD.search(EMAIL.sub(" ", text))
    title = role.group(0).strip(" ,;:").lower() if role else None
    return ContactFields(title=title, name=_person(EMAIL.sub(" ", text)),
                         email=email.group(0) if email else None,
                         phone=phone.group(0).strip() if phone else None)


def iso_date(text: str) -> str | None:
    date = DATE.search(text)
    if not date:
        return None
    day, month, year = (int(g) for g in date.groups())
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def approval_of(sentence: str, body_lemma: str | None, provenance: Provenance) -> Approval | None:
    """An approval when a sentence says a body approved / handled the programme."""
    if not APPROVAL_VERB.search(sentence):
        return None
    body = APPROVAL_BODY.search(sentence)
    if not body:
        return None
    return Approval(body=body_lemma or body.group(0), date=iso_date(sentence),
                    provenance=provenance)


def approval_clauses(text: str) -> list[tuple[int, int, int]]:
    """(body start, body end, clause end) for each decision-making body named in a text.

    A clause runs from the body to the next body, so that each body keeps its own date and
    section ("Hyvinvointilautakunta käsitteli … 22.10.2024 § 58. Kunnanhallitus hyväksyi …").
    """
    bodies = list(APPROVAL_BODY.finditer(text))
    out = []
    for number, body in enumerate(bodies):
        end = bodies[number + 1].start() if number + 1 < len(bodies) else len(text)
        out.append((body.start(), body.end(), end))
    return out
