"""Programme metadata: coordinating body, contact point, drafting partners, approval.

Found under the headings the ministry's checklist asks for (coordinating body, contact
person, drafting partners, approval) and, without such headings, in sentences with the
same vocabulary. Only patterns, no wording of any one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.model import Approval, Provenance

COORDINATOR_CUE = re.compile(r"koordinoi|samordna|koordiner", re.IGNORECASE)
CONTACT_CUE = re.compile(r"yhteyshenkilö|yhteystied|kontaktperson|kontaktuppgift", re.IGNORECASE)
DRAFTING_CUE = re.compile(
    r"laatimiseen osallistu|laadinta\w* osallistu|yhteistyökumppan|laadittu yhteistyössä"
    r"|utarbeta\w* i samarbete", re.IGNORECASE)
APPROVAL_VERB = re.compile(r"hyväksy|hyväksytty|käsitel|käsittely|godkän|behandl", re.IGNORECASE)
APPROVAL_BODY = re.compile(
    r"\b(?:kunnan|kaupungin)?(?:hallitu|valtuust|lautakun)\w*|\b\w*(?:nämnd|fullmäktige|styrelse)\w*",
    re.IGNORECASE)
DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d/])(?:\+358|0)\s?\d{1,3}[\s-]?\d{3,4}[\s-]?\d{2,4}(?:\s\d{2,4})?(?!\d)")
_NAME_PART = r"[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?"
PERSON = re.compile(rf"\b({_NAME_PART})\s+({_NAME_PART})\b")
ROLE_WORD = re.compile(r"(?:koordinaattori|ohjaaja|asiantuntija|päällikkö|johtaja|suunnittelija"
                       r"|samordnare|handledare|chef)\w*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ContactFields:
    title: str | None
    name: str | None
    email: str | None
    phone: str | None


def contact_fields(text: str) -> ContactFields:
    """Title, name, e-mail and phone from the text under a contact heading."""
    email = EMAIL.search(text)
    phone = PHONE.search(EMAIL.sub(" ", text))
    role = ROLE_WORD.search(text)
    title = None
    if role:
        start = text.rfind(" ", 0, role.start()) + 1
        title = text[start:role.end()].strip(" ,;:")
    name = None
    for match in PERSON.finditer(text):
        if not ROLE_WORD.search(match.group(0)) and not re.search(
                r"kaupunki|kunta|kommun|stad|hyvinvointi", match.group(0), re.IGNORECASE):
            name = match.group(0)
            break
    return ContactFields(title=title, name=name,
                         email=email.group(0) if email else None,
                         phone=phone.group(0).strip() if phone else None)


def approval_of(sentence: str, body_lemma: str | None, provenance: Provenance) -> Approval | None:
    """An approval when a sentence says a body approved / handled the programme."""
    if not APPROVAL_VERB.search(sentence):
        return None
    body = APPROVAL_BODY.search(sentence)
    if not body:
        return None
    date = DATE.search(sentence)
    iso = None
    if date:
        day, month, year = (int(g) for g in date.groups())
        if 1 <= day <= 31 and 1 <= month <= 12:
            iso = f"{year:04d}-{month:02d}-{day:02d}"
    return Approval(body=body_lemma or body.group(0), date=iso, provenance=provenance)
