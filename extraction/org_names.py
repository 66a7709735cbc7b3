"""Organisations the reference tables do not list: schools, parishes, associations, firms.

A name is a noun phrase whose head ends in an organisation noun of the genre ("-opisto",
"lukio", "seurakunta", "yhdistys", "setlementti", "Oy", "ry" …) and that carries a proper
name: capitalised modifiers ("Järviseudun ammattiopisto", "Korpimaan 4H-yhdistys ry") or a
capitalised compound head that does not merely open the sentence ("Kivalo-opisto"). The
canonical name keeps the modifiers as written and puts the head in its lemma (nominative).
A bare head ("Seurakunta järjestää …", "Seutuopisto") refers to the one full name with the
same head in the document, when there is exactly one. Some common nouns name a body only
with its proper name in apposition after them ("Monikulttuurikeskus Mikseri", "-hanke
International Pointti"; APPOSITION_HEADS).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from extraction.gazetteer import slug
from extraction.model import Organisation, OrgKind

# Head suffixes (of the lemma, lower case) → kind.
HEADS: tuple[tuple[str, OrgKind], ...] = (
    ("ammattikorkeakoulu", OrgKind.EDUCATIONAL_INSTITUTION),
    ("amk", OrgKind.EDUCATIONAL_INSTITUTION),
    ("yliopisto", OrgKind.EDUCATIONAL_INSTITUTION),
    ("opisto", OrgKind.EDUCATIONAL_INSTITUTION),
    ("lukio", OrgKind.EDUCATIONAL_INSTITUTION),
    ("koulutuskuntayhtymä", OrgKind.EDUCATIONAL_INSTITUTION),
    ("koulutusyhtymä", OrgKind.EDUCATIONAL_INSTITUTION),  # "Keski-Pohjanmaan koulutusyhtymä"
    ("koulutuskeskus", OrgKind.EDUCATIONAL_INSTITUTION),  # "Koulutuskeskus Salpaus", "… aikuiskoulutuskeskus"
    ("seurakunta", OrgKind.PARISH),
    ("yhdistys", OrgKind.NGO),
    ("setlementti", OrgKind.NGO),
    ("säätiö", OrgKind.NGO),
    ("monikulttuurikeskus", OrgKind.NGO),
    ("seura", OrgKind.NGO),  # "urheiluseura", "salibandyseura"
    ("ohjaamo", OrgKind.OTHER),  # the youth one-stop guidance centres ("Ohjaamo Kuopio")
    ("folkhögskola", OrgKind.EDUCATIONAL_INSTITUTION),
    ("yrkesinstitut", OrgKind.EDUCATIONAL_INSTITUTION),
    ("arbetarinstitut", OrgKind.EDUCATIONAL_INSTITUTION),
    ("församling", OrgKind.PARISH),
    ("förening", OrgKind.NGO),
)
# The heads of educational institutions' names, in either language.
EDUCATION_HEADS = tuple(head for head, kind in HEADS if kind == OrgKind.EDUCATIONAL_INSTITUTION)
# Service words that head a provider's name only after an acronym ("STEP-koulutus", "ABC
# koulutus"): a "kotoutumiskoulutus" or "Kuopion koulutus" is no organisation.
ACRONYM_HEADS: dict[str, OrgKind] = {"koulutus": OrgKind.EDUCATIONAL_INSTITUTION}
# Common nouns that head a name only when written in title case after a capitalised word
# ("Meän Talo", "Kivijoen Perheiden Talo"); "kunnan talo" is no organisation.
TITLE_HEADS: dict[str, OrgKind] = {"talo": OrgKind.OTHER}
# Common nouns that head a name only with the body's own proper name in apposition after
# them ("Monikulttuurikeskus Mikseri", "Työllisyyden yhteispalvelu Pointti"); a project's
# name after "hanke" is the project ("ESR+ -hanke (2024–2027) International Pointti").
APPOSITION_HEADS: dict[str, OrgKind] = {"keskus": OrgKind.OTHER, "yhteispalvelu": OrgKind.OTHER,
                                        "hanke": OrgKind.PROJECT,
                                        "koulutuskuntayhtymä": OrgKind.EDUCATIONAL_INSTITUTION}
# Heads that start a name only where they are its first, capitalised word ("Koulutuskuntayhtymä
# Sedu"); after a genitive ("Kemi-Tornionlaakson koulutuskuntayhtymä Lappia") the brand rule reads it
CAPITALISED_APPOSITION = {"koulutuskuntayhtymä"}
NAMED_BY_APPOSITION = {"hanke"}
MAX_APPOSITION_WORDS = 3
# For the parse gate: an acronym before one of those heads, in any case form.
ACRONYM_NAME = re.compile(r"\b[A-ZÅÄÖ]{2,}(?:-|\s+)(?:" + "|".join(h[:-2] for h in ACRONYM_HEADS) + ")")
OWNER_NOUNS = {"kunta", "kaupunki"}
# Abbreviated heads written out in the canonical name ("Lapin AMK" = Lapin ammattikorkeakoulu).
ABBREVIATED_HEADS = {"amk": "ammattikorkeakoulu"}
LEGAL_FORMS = {"ry": OrgKind.NGO, "rf": OrgKind.NGO, "oy": OrgKind.COMPANY,
               "ab": OrgKind.COMPANY, "oyj": OrgKind.COMPANY}


# Heads recognised on the lemma only: their stem opens other words ("seuranta", "seuraava").
LEMMA_ONLY_HEADS = {"seura"}


def head_kind(token: Token) -> OrgKind | None:
    """The kind of organisation a noun heads, from its lemma's ending or, for a form the
    lemmatiser missed ("Kivalo-opistossa"), from the start of its last compound part."""
    return _head_kind(token.lemma_.lower(), token.text.lower().rsplit("-", 1)[-1])


@lru_cache(maxsize=65_536)
def _head_kind(lemma: str, last_part: str) -> OrgKind | None:
    """Kept per word form: every token of a document is asked, most of them many times."""
    for suffix, kind in HEADS:
        if lemma.endswith(suffix) or (suffix not in LEMMA_ONLY_HEADS
                                      and last_part.startswith(suffix)):
            return kind
    return None


def _proper(token: Token) -> bool:
    text = token.text
    return bool(text[:1].isupper() or text[:1].isdigit()) and any(ch.isalpha() for ch in text)


def _modifier(token: Token) -> bool:
    """A word of a name before its head: capitalised ("Järviseudun ammattiopisto"), or a
    genitive common noun inside the name ("Tornion yhteislyseon lukio"), but not the owner
    noun of a municipality's own unit ("Kuopion kaupungin aikuislukio")."""
    if token.pos_ not in ("PROPN", "NOUN", "ADJ", "NUM"):
        return False
    return _proper(token) or (token.pos_ == "NOUN" and "Gen" in token.morph.get("Case")
                              and token.lemma_.lower() not in OWNER_NOUNS)


def _appended_form(token: Token) -> str:
    """The proper name after the head ("Setlementti Toivolan" → Toivola). A name in
    apposition is not partitive: "Ammattiopisto Lappia" read as Lappi's partitive is the
    lemmatiser guessing, so the text stays as written. A genitive the lemmatiser does not
    know loses its case ending."""
    if "Par" in token.morph.get("Case"):
        return token.text
    unknown = token.lemma_.lower() == token.text.lower()  # the lemmatiser kept the word as written
    if "Gen" in token.morph.get("Case") and unknown and token.text.endswith("n"):
        return token.text[:-1]  # an unknown name in the genitive: "Setlementti Puijolan"
    if unknown and (ending := CASE_ENDING.search(token.text)):
        return token.text[:ending.start()]  # an unknown name in a local case: "… Sedulta"
    return _head_form(token)


def _brand(doc: Doc, i: int, span: Span, known: Callable[[str], bool]) -> bool:
    """A one-word brand after a lower-case head ("Jyväskylän koulutuskuntayhtymä Gradia"):
    capitalised, unknown to the lexicon, with no capitalised word after it."""
    return brand_word(doc[i].text, known) and not (i + 1 < span.end and doc[i + 1].text[:1].isupper())


def _head_form(token: Token) -> str:
    if token.text.lower() in ABBREVIATED_HEADS:
        return ABBREVIATED_HEADS[token.text.lower()]
    lemma = token.lemma_
    if not lemma or "#" in lemma:
        return token.text
    lemma = lemma.replace("#", "")
    return lemma[:1].upper() + lemma[1:] if token.text[:1].isupper() else lemma


def _acronym(text: str) -> bool:
    return len(text) >= 2 and text.isalpha() and text.isupper()


def _acronym_name(token: Token, span: Span, taken: set[int]) -> tuple[int, str, OrgKind] | None:
    """(start, name, kind) of "STEP-koulutukseen" / "STEP koulutukseen" (see ACRONYM_HEADS)."""
    prefix, dash, rest = token.text.partition("-")
    head = token.lemma_.lower().rpartition("-")[2] if dash else token.lemma_.lower()
    if head not in ACRONYM_HEADS:
        return None
    if dash and _acronym(prefix) and rest:
        return token.i, f"{prefix}-{head}", ACRONYM_HEADS[head]
    before = token.i - 1
    if not dash and before >= span.start and before not in taken and _acronym(token.doc[before].text):
        return before, f"{token.doc[before].text} {head}", ACRONYM_HEADS[head]
    return None


def _apposition_head(token: Token) -> str | None:
    """The APPOSITION_HEADS entry a singular noun's lemma ends in. The head of a head-first
    name stays in the nominative ("Monikulttuurikeskus Mikserissä"); an inflected head with
    a place after it is an adverbial ("terveyskeskuksessa Kuopiossa")."""
    lemma = (token.lemma_ or token.text).lower()
    head = next((h for h in APPOSITION_HEADS if lemma.endswith(h)), None)
    if head is None or token.pos_ not in ("NOUN", "PROPN") or "Plur" in token.morph.get("Number"):
        return None
    if head in CAPITALISED_APPOSITION and not token.text[:1].isupper():
        return None
    if token.morph.get("Case") and "Nom" not in token.morph.get("Case"):
        return None
    return head


def _apposition_words(doc: Doc, after: int, end: int, taken: set[int]) -> list[Token]:
    """The capitalised words right after a head, past a bracketed date ("(2024–2027)")."""
    j = after
    if j < end and doc[j].text == "(":
        close = next((k for k in range(j, min(end, j + 8)) if doc[k].text == ")"), None)
        j = close + 1 if close is not None else j
    words: list[Token] = []
    while (j < end and j not in taken and len(words) < MAX_APPOSITION_WORDS
           and doc[j].text[:1].isupper() and doc[j].text.isalpha() and not doc[j].text.isupper()):
        words.append(doc[j])
        j += 1
    return words


def _apposition_name(token: Token, span: Span, taken: set[int]) -> tuple[int, int, str, OrgKind] | None:
    """(start, end, name, kind) of a head with its proper name after it (APPOSITION_HEADS)."""
    head = _apposition_head(token)
    after = token.i + 1
    words = _apposition_words(span.doc, after, span.end, taken) if head else []
    if head is None or not words:
        return None
    proper = [w.text for w in words[:-1]] + [_appended_form(words[-1])]
    end = words[-1].i + 1
    if head in NAMED_BY_APPOSITION:
        return words[0].i, end, " ".join(proper), APPOSITION_HEADS[head]
    if after != words[0].i:
        return None
    start = _name_start(span.doc, token.i, span, taken)
    name = " ".join([*_words_before(span.doc, start, token.i), _head_form(token), *proper])
    return start, end, name, APPOSITION_HEADS[head]


def _name_start(doc: Doc, head: int, span: Span, taken: set[int]) -> int:
    """The first word of a name: its modifiers before the head, from the first capital."""
    start = _elliptic_start(doc, head, span.start, taken)
    while (start - 1 >= span.start and start - 1 not in taken and (
            _modifier(doc[start - 1]) or _inner_adjective(doc, start - 1, span))
           and not (start - 1 == span.start and _capital_by_position(doc[start - 1], doc[head]))):
        start -= 1
    while start < head and not _proper(doc[start]):
        start += 1  # the name starts at its first capitalised word
    return start


def _capital_by_position(first: Token, head: Token) -> bool:
    """A sentence's first word is capitalised by its place, so it joins a name only as a
    genitive or when it agrees with the head: not an adjective ("Monikielinen …"), nor a
    nominative noun before an inflected head ("Ostopalvelu Kymenlaakson opistolta")."""
    if first.pos_ == "ADJ":
        return True
    head_case = head.morph.get("Case")
    return (first.pos_ == "NOUN" and first.morph.get("Case") == ["Nom"]
            and bool(head_case) and "Nom" not in head_case)


def _inner_adjective(doc: Doc, i: int, span: Span) -> bool:
    """"Jyväskylän kristillinen opisto", "Pietarsaaren suomenkielinen työväenopisto": a
    lower-case adjective between a name's capitalised word and its head."""
    return (doc[i].pos_ == "ADJ" and doc[i].text[:1].islower() and i - 1 >= span.start
            and _proper(doc[i - 1]) and "Gen" in doc[i - 1].morph.get("Case"))


COORDINATORS = {"ja", "sekä", "tai"}


def _elliptic_start(doc: Doc, head: int, floor: int, taken: set[int]) -> int:
    """"Savon ammatti- ja aikuisopisto": a compound part ending in a hyphen, coordinated
    with the head, shares the head (Finnish ellipsis), so it belongs to the name."""
    conj, dash = head - 1, head - 2
    if conj - 1 < floor or doc[conj].lower_ not in COORDINATORS or conj in taken:
        return head
    if doc[dash].text == "-" and dash - 1 >= floor and doc[dash - 1].is_alpha and dash - 1 not in taken:
        return dash - 1
    if doc[dash].text.endswith("-") and len(doc[dash].text) > 1 and dash not in taken:
        return dash
    return head


def _words_before(doc: Doc, start: int, head: int) -> list[str]:
    """The name's words before its head, a hyphen kept on the compound part it ends."""
    words: list[str] = []
    case = set(doc[head].morph.get("Case")) - {"Nom"}
    for token in doc[start:head]:
        if token.text == "-" and words:
            words[-1] += "-"
        elif token.pos_ == "ADJ" and case and case <= set(token.morph.get("Case")) and token.lemma_:
            words.append(token.lemma_)  # agrees with the head: "kristilliseltä opistolta"
        else:
            words.append(token.text)
    return words


def _title_head(token: Token, first: int) -> OrgKind | None:
    """The kind of a title-case name's head (see TITLE_HEADS)."""
    kind = TITLE_HEADS.get(token.lemma_.lower())
    if kind is None or token.i == first or not token.text[:1].isupper() or token.i == 0:
        return None
    return kind if _proper(token.doc[token.i - 1]) else None


def _legal_form_name(token: Token, span: Span, taken: set[int],
                     found: list) -> tuple[int, str, OrgKind] | None:
    """"TyöVire Oy:ltä", "Kielisilta Tulkkaus Oy", "Moniväri ry": capitalised words before a
    legal form (in any case form) name a company or an association."""
    form = token.text.split(":", 1)[0].rstrip(".")  # "… Moniheli ry.": the tokenizer keeps the stop
    if form.lower() not in LEGAL_FORMS or token.i in taken or token.i == span.start:
        return None
    if any(a <= token.i - 1 < b for a, b, _org, _head in found):
        return None  # the form ends a name found already ("Setlementti Toivola ry")
    start = token.i
    while start - 1 >= span.start and start - 1 not in taken and _proper(token.doc[start - 1]) and (
            token.doc[start - 1].text[:1].isupper()):
        start -= 1
    if start == token.i:
        return None
    words = [t.text for t in token.doc[start:token.i]]
    return start, " ".join([*words, form]), LEGAL_FORMS[form.lower()]


def find_org_names(span: Span, taken: set[int], known: Callable[[str], bool] = lambda _w: True,
                   ) -> list[tuple[int, int, Organisation | None, str]]:
    """(start, end, organisation or None for a bare head, head lemma) in a sentence;
    `known` says which words the lexicon has (a brand after a head is one it has not)."""
    out = []
    doc = span.doc
    i = span.start
    # a bullet or dash before the first word does not make a capital a proper name
    first = next((t.i for t in span if t.is_alpha), span.start)
    while i < span.end:
        token = doc[i]
        acronym = _acronym_name(token, span, taken) if token.i not in taken else None
        if acronym is not None:
            start, name, kind = acronym
            out.append((start, i + 1, Organisation(key=slug(name), name=name, kind=kind),
                        name.rpartition(" ")[2].rpartition("-")[2]))
            i += 1
            continue
        apposition = _apposition_name(token, span, taken) if token.i not in taken else None
        if apposition is not None:
            start, end, name, kind = apposition
            out.append((start, end, Organisation(key=slug(name), name=name, kind=kind),
                        token.lemma_.lower()))
            i = end
            continue
        legal = _legal_form_name(token, span, taken, out)
        if legal is not None:
            start, name, kind = legal
            out.append((start, i + 1, Organisation(key=slug(name), name=name, kind=kind),
                        token.lower_.split(":", 1)[0]))
            i += 1
            continue
        kind = (head_kind(token) or _title_head(token, first)) if token.i not in taken else None
        if kind is None or token.pos_ not in ("NOUN", "PROPN"):
            i += 1
            continue
        start = _name_start(doc, i, span, taken)
        end = i + 1
        parts = [*_words_before(doc, start, i), _head_form(token)]
        if end < span.end and doc[end].lower_.rstrip(".") in LEGAL_FORMS:
            parts.append(doc[end].text.rstrip("."))
            end += 1
        elif (end < span.end and doc[end].pos_ == "PROPN" and end not in taken
              and (_proper(token) or _brand(doc, end, span, known))):
            parts.append(_appended_form(doc[end]))  # "Setlementti Toivolan", "koulutuskuntayhtymä Sedulta"
            end += 1
        head = token.lemma_.lower()
        named = start < i or end > i + 1 or (_proper(token) and i != first
                                             and token.text.lower() not in ABBREVIATED_HEADS)
        if named:
            name = " ".join(parts)
            out.append((start, end, Organisation(key=slug(name), name=name, kind=kind), head))
        elif "Plur" not in token.morph.get("Number"):
            out.append((start, end, None, head))
        i = end
    return out


# Where the parse puts a lone unknown name in a body's place: the subject of a verb
# ("Koulutuksen toteuttaa Sedu"), the seller in the ablative ("ostetaan Luksialta",
# "ostopalveluna Gradialta"), a conjunct of a body ("Kurikan kansalaisopisto ja Omnia").
UNKNOWN_NAME_SUBJECTS = {"nsubj"}
UNKNOWN_NAME_SELLER_CASE = "Abl"
ABLATIVE_ENDINGS = ("lta", "ltä")
# Local case endings an unknown name may carry ("Sedulta", "Gradiassa", "Luksiaan" aside).
CASE_ENDING = re.compile(r":?(?:lta|ltä|lla|llä|lle|sta|stä|ssa|ssä)$")
MIN_UNKNOWN_NAME = 3


def brand_word(text: str, known: Callable[[str], bool]) -> bool:
    """What a one-word brand looks like: capitalised, lower case after its first letter,
    unknown to the lexicon ("Sedu", "Gradialta"; not "KotoL", "SPR:n" or "Kuopio")."""
    word = text.replace(":", "")
    return (len(text) >= MIN_UNKNOWN_NAME and word[:1].isupper() and word[1:].islower()
            and word.isalpha() and not known(text))


def unknown_names(span: Span, taken: set[int], bodies: set[int],
                  known: Callable[[str], bool]) -> list[tuple[int, str]]:
    """(token index, name) of single capitalised words the lexicon (`known`) does not know
    that stand where a body stands, or alone in a sentence (an item of a list under a slot:
    "Toteutus: Sedu"). Many providers go by a one-word brand ("Sedu", "Gradia", "Luksia")
    that no head noun marks; a word with a capitalised neighbour is a longer name or a
    person's, and left alone."""
    out = []
    bracketed = _bracketed_tokens(span)
    # "Ekami (hankinta)": a word alone in its cell with a note in words of the lexicon's
    # language is what the cell names, however the tagger took it
    noted = bool(bracketed) and all(known(span.doc[i].text) for i in bracketed if span.doc[i].is_alpha)
    for token in span:
        text = token.text
        if token.i in taken or not brand_word(text, known):
            continue
        alone = all(t.i == token.i or t.is_punct or t.i in bracketed for t in span)
        if (not ((alone and noted) or _name_tag(span, token))
                or _capitalised(span, token.i - 1) or _capitalised(span, token.i + 1)):
            continue
        seller = UNKNOWN_NAME_SELLER_CASE in token.morph.get("Case") and text.endswith(ABLATIVE_ENDINGS)
        name = CASE_ENDING.sub("", text) if seller else text
        if len(name) < MIN_UNKNOWN_NAME:
            continue
        subject = token.dep_ in UNKNOWN_NAME_SUBJECTS and token.head.pos_ in ("VERB", "AUX")
        conjunct = (token.dep_ == "conj" and token.head.i in bodies) or any(
            child.dep_ == "conj" and child.i in bodies for child in token.children)
        if subject or seller or conjunct or alone:
            out.append((token.i, name))
    return out


def _bracketed_tokens(span: Span) -> set[int]:
    """The indices of the tokens inside brackets."""
    inside, depth = set(), 0
    for t in span:
        depth += t.text == "("
        if depth and t.text not in "()":
            inside.add(t.i)
        depth -= t.text == ")" and depth > 0
    return inside


def _name_tag(span: Span, token: Token) -> bool:
    """Tagged as a name; inside a sentence, a capitalised word the tagger guessed as a noun
    or an adjective ("ostetaan Ekamilta" without a full stop) may be one too, unless a
    capitalised noun or an institution's head before it makes it part of a longer name
    ("Ammattiopisto Lappialta", "koulutuskuntayhtymä Lappialta")."""
    if token.pos_ == "PROPN":
        return True
    previous = span.doc[token.i - 1] if token.i > span.start else None
    return token.pos_ in ("NOUN", "ADJ") and previous is not None and not (
        previous.text[:1].isupper() and previous.pos_ in ("NOUN", "PROPN")
        and not _capital_by_position(previous, token)) and not (
        previous.lemma_.lower().endswith(tuple(head for head, _kind in HEADS)))


def _capitalised(span: Span, i: int) -> bool:
    """A word at i inside the sentence that starts with a capital (not its first word)."""
    return span.start < i < span.end and span.doc[i].text[:1].isupper()
