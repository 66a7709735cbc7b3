"""Responsible / provider / partner relations in parsed Finnish sentences.

Cue lemmas come from the law's vocabulary ("vastata", "järjestää", "laatia", "tuottaa",
"yhteistyössä … kanssa"). The organisation is found through the dependency parse: the
subject of the cue verb, the agent of a passive ("X:n toimesta"), the owner of
"vastuulla" ("kunnan vastuulla"), the adessive of "vastuu on X:llä", the ablative of a
purchase ("ostetaan X:ltä" → X provides), or the noun of a "kanssa" phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from extraction.mentions import Mention
from extraction.model import OrgKind, Role, TargetGroup
from extraction.services import services_in_text
from extraction.slots import slot_of
from extraction.targets import target_of

# cue verb lemma → role of its subject.
VERB_ROLES: dict[str, Role] = {
    "vastata": Role.RESPONSIBLE,
    "järjestää": Role.RESPONSIBLE,
    "laatia": Role.RESPONSIBLE,
    "tehdä": Role.RESPONSIBLE,
    "hoitaa": Role.RESPONSIBLE,
    "huolehtia": Role.RESPONSIBLE,
    "tarkistaa": Role.RESPONSIBLE,
    "tuottaa": Role.PROVIDER,
    "toteuttaa": Role.PROVIDER,
    "tarjota": Role.PROVIDER,
    "antaa": Role.PROVIDER,
    # guidance is given by whoever advises or serves the client ("ohjata" also means to
    # refer or to steer, so it is no cue)
    "neuvoa": Role.PROVIDER,
    # referring clients to a service is a cue only with that service in the illative
    # (`_refers_to_service`)
    "palvella": Role.PROVIDER,
    "ostaa": Role.RESPONSIBLE,
    "hankkia": Role.RESPONSIBLE,
    "ylläpitää": Role.PROVIDER,  # "Neuvontapistettä ylläpitää X": X runs it
    "osallistua": Role.PARTNER,
    "päivystää": Role.PARTNER,  # "neuvontapisteessä päivystävät X:n vapaaehtoiset"
    "avustaa": Role.PARTNER,
    # tendering is a procurement step run for the body the law makes responsible (an ELY
    # centre tenders integration training for the areas): it names a cooperating body
    "kilpailuttaa": Role.PARTNER,
}
REFERRAL_VERBS = {"ohjata"}
# Verbs with a particle: (lemma, particle) → role of the subject ("kutsuu koolle" = convenes).
PARTICLE_VERB_ROLES: dict[tuple[str, str], Role] = {("kutsua", "koolle"): Role.RESPONSIBLE}
# Purchases: the ablative ("X:ltä") is the provider.
PURCHASE_VERBS = {"ostaa", "hankkia", "tilata"}
# "Hankinta toteutetaan X:ltä": a purchase noun as the verb's argument makes the ablative
# the seller, as the purchase verbs do.
PURCHASE_NOUNS = {"hankinta", "ostopalvelu", "osto"}
PURCHASE_LEMMAS = PURCHASE_VERBS | PURCHASE_NOUNS
# What is provided besides the service itself (interpreting, premises): its provider is a
# partner of the service.
AUXILIARY_SERVICES = {"tulkkaus", "tulkki", "tulkkauspalvelu", "toimitila", "tila", "lastenhoito"}
# Objects that turn a responsibility verb into cooperation: "tehdä yhteistyötä".
COOPERATION_OBJECTS = {"yhteistyö", "yhteistyöpalaveri", "palaveri"}
# Fitting services together ("huolehtii siitä, että suunnitelmat sovitetaan yhteen") is
# cooperation in them, not arranging them: verb lemma → the particle it needs, if any.
COORDINATION_VERBS: dict[str, str | None] = {"sovittaa": "yhteen", "koordinoida": None,
                                             "yhteensovittaa": None}
# Objects that make a verb an agreement about the service, not its arranging: "Muhos on
# tehnyt sopimuksen …" (the agreement's content says who arranges it).
AGREEMENT_OBJECTS = ("sopimus", "päätös")
# "Kunta saa Kelan tiedot / Kelalta tiedot": the body that supplies client information to
# the one arranging a service cooperates in it.
INFORMATION_VERBS = {"saada", "pyytää"}
INFORMATION_NOUNS = {"tieto", "ilmoitus"}
# "Neuvontaa saat X:stä": what a client receives from a body, that body gives.
RECEIVE_VERBS = {"saada"}
# "hakeutua / hakea opiskelemaan X:ään": an educational institution that clients apply to
# (illative) provides the education they take there.
ENROL_VERBS = {"hakeutua", "hakea", "ilmoittautua"}
# "vastata" needs an elative ("vastaa arvioinnista"); else it means "answer".
NEEDS_ELATIVE = {"vastata"}
# "vastaa yhteensovittamisesta / seurannasta": steering a programme (45 §) is no service
# (compound lemmas: "yhteensovitustehtävä").
STEERING_TASKS = ("yhteensovit", "koordinoin", "koordinaatio", "seuranta", "raportoin")
RESPONSIBILITY_NOUNS = {"vastuu", "vastuutaho", "järjestämisvastuu"}
PARTNER_POSTPOSITIONS = {"kanssa", "kesken"}
INVITE_VERBS = {"kutsua", "pyytää"}
RELATIVE_PRONOUNS = {"joka", "mikä"}
AGENT_NOUNS = {"toimesta"}
SUBJECT_DEPS = ("nsubj", "nsubj:cop", "nsubj:pass")
# "X toimii vastuutahona / toteuttajana": the essive of a slot noun with these verbs.
ESSIVE_VERBS = {"toimia", "olla"}


@dataclass(frozen=True, slots=True)
class Relation:
    """A role of an organisation mention in one sentence (before municipality expansion)."""

    role: Role
    mention: Mention
    target: TargetGroup | None
    rule: str


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _verb_role(verb: Token) -> Role | None:
    lemma = _lemma(verb)
    for child in verb.children:
        if (lemma, child.lower_) in PARTICLE_VERB_ROLES:
            return PARTICLE_VERB_ROLES[(lemma, child.lower_)]
    if lemma in REFERRAL_VERBS and (_refers_to_service(verb) or _guides_clients(verb)):
        return Role.PROVIDER
    return VERB_ROLES.get(lemma)


# Nouns for the people a service is for (lemma endings: "kotoutuja-asiakas").
CLIENT_NOUNS = ("työnhakija", "asiakas", "asukas", "kuntalainen", "maahanmuuttaja", "kotoutuja")
# People a body guides ("ohjaa asiakkaita arjen asioissa"): with no destination named, to
# guide them is to give guidance, not to refer them or to steer something.
GUIDED = (*CLIENT_NOUNS, "henkilö", "perhe", "nuori", "opiskelija", "tulija")
DESTINATION_CASES = {"Ill", "All"}
DESTINATION_WORDS = {"pariin", "luo", "luokse", "piiriin"}  # "ohjaa kotoutujat toiminnan pariin"


def _guides_clients(verb: Token) -> bool:
    objects = [c for c in verb.children if c.dep_ == "obj"]
    return any(_lemma(o).endswith(GUIDED) for o in objects) and not any(
        DESTINATION_CASES & set(t.morph.get("Case")) or t.lower_ in DESTINATION_WORDS
        for t in verb.subtree if t.i > verb.i)


def _refers_to_service(verb: Token) -> bool:
    """"ohjaa asiakkaan (osallistumaan) kotoutumiskoulutukseen": the referral a service's
    arranger owes its clients (27 § 1 mom.) names the service in the illative."""
    return any("Ill" in t.morph.get("Case") and services_in_text(t.text)
               for t in verb.subtree if t.i > verb.i)


def _with_conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_with_conjuncts(child))
    return out


def _coordination(token: Token) -> list[Token]:
    """All conjuncts of the coordination `token` is in ("A:n, B:n ja C:n kanssa": the
    postposition may hang on the last conjunct, which the parser makes a child of the first)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return _with_conjuncts(token)


def _partner_tokens(sent: Span) -> set[int]:
    """Tokens inside "X:n kanssa" phrases (never the responsible party)."""
    inside: set[int] = set()
    for token in sent:
        if _lemma(token) in PARTNER_POSTPOSITIONS:
            for head in _coordination(token.head):
                inside.update(t.i for t in head.subtree)
    return inside


def _mentions_in(tokens: Iterable[Token], mentions: list[Mention],
                 exclude: set[int] = frozenset()) -> list[Mention]:  # type: ignore[assignment]
    tokens = list(tokens)
    indices = {t.i for t in tokens} - exclude
    doc = tokens[0].doc if tokens else None
    found = [m for m in mentions if any(i in indices for i in range(m.start, m.end))
             and not (doc is not None and INHABITANTS.search(doc[m.end - 1].lower_))]
    # a role is only needed when no organisation is named
    orgs = [m for m in found if m.kind != "role"]
    return orgs or found


def _clause_text(verb: Token, skip: set[int]) -> str:
    tokens = []
    own_clauses = {
        t.i for child in verb.children
        if child.dep_ in ("conj", "parataxis") and child.pos_ in ("VERB", "AUX")
        for t in child.subtree
    }
    own_clauses |= {i for child in verb.children for i in _second_clause(child)}
    cc = _mangled_clause_cc(verb)
    # the words before the verb in its own stretch belong to its clause even where the
    # parser hung them elsewhere ("Muiden kuin työnhakijoiden arvioinnin tekee X")
    start = verb.i
    while start > verb.sent.start and verb.doc[start - 1].text not in (",", ";", ":"):
        start -= 1
    indices = {t.i for t in verb.subtree} | set(range(start, verb.i))
    for token in sorted((verb.doc[i] for i in indices), key=lambda t: t.i):
        if token.i not in own_clauses and token.i not in skip and (cc is None or token.i > cc):
            tokens.append(token.text)
    return " ".join(tokens)


def _mangled_clause_cc(verb: Token) -> int | None:
    """"A vastaa X:stä ja Y:n tuottaa B": the parser may make the second finite verb the
    subject of the first, with A and Y coordinated under it. A finite verb is never an
    argument, so the conjunction before it opens the second clause; returns its index."""
    if ("Fin" not in verb.morph.get("VerbForm") or verb.dep_ not in SUBJECT_DEPS
            or verb.head.pos_ not in ("VERB", "AUX")):
        return None
    return next((t.i for t in verb.subtree if t.i < verb.i and t.dep_ == "cc"), None)


def _second_clause(token: Token) -> set[int]:
    """The tokens of a mangled second clause hanging on `token` (see `_mangled_clause_cc`)."""
    cc = _mangled_clause_cc(token)
    return set() if cc is None else {t.i for t in token.subtree if t.i > cc}


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    own_cc = _mangled_clause_cc(verb)
    if own_cc is not None:  # the second clause: only its own subjects, after the conjunction
        subjects = [s for s in subjects if s.i > own_cc]
    # the first clause: its subjects are those the second verb took before the conjunction
    subjects = [t for s in subjects for t in (
        [c for c in s.children if c.dep_ in SUBJECT_DEPS and c.i < s.i]
        if _mangled_clause_cc(s) is not None else [s])]
    if not subjects and verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS]
    # "… Setlementti Toivolan kanssa, joka tuottaa …": the relative pronoun stands for the
    # noun the clause modifies.
    subjects = [verb.head if _lemma(s) == "joka" and verb.dep_.startswith("acl") else s
                for s in subjects]
    if not subjects and _misparsed_attribute(verb):
        subjects = [verb.head]
    return [s for subject in subjects for s in _with_conjuncts(subject)]


def _misparsed_attribute(verb: Token) -> bool:
    """"… vastaavat Hangon kaupunki ja Y yhdessä": a plural verb taken for a participle
    attribute of the singular nominative noun after it. An attribute agrees in number with
    its noun; a plural form before coordinated singular nouns is their predicate."""
    head = verb.head
    if not (verb.dep_ in ("acl", "amod") and head.i > verb.i and "Plur" in verb.morph.get("Number")
            and "Nom" in head.morph.get("Case")):
        return False
    if "Sing" in head.morph.get("Number") and any(c.dep_ == "conj" for c in head.children):
        return True
    # "Suunnitelman laativat kotoutumispalvelut ja …": a sentence with no finite verb besides
    # the "participle" has it for its predicate
    return not any("Fin" in t.morph.get("VerbForm") for t in verb.sent if t is not verb)


# "Havulahtelaiset osallistuvat …": a place's inhabitants are no body of the place.
INHABITANTS = re.compile(r"l[aä]i(?:nen|s[eit]\w*)$")
# "Jos … on työnhakija, X vastaa; muussa tapauksessa Y": the alternative gets the other group.
ALTERNATIVE_WORDS = {"muutoin", "muuten"}
OTHER_GROUP = {TargetGroup.JOBSEEKERS: TargetGroup.OTHERS, TargetGroup.OTHERS: TargetGroup.JOBSEEKERS}
JOINT_RULE = "+joint"  # marks relations of bodies acting together
LIST_RULE = "+colon-list"  # marks bodies listed after "toimijat:" / "toimesta:"
JOINT_ACTION = re.compile(r"\b(?:yhdessä|yhteistyössä)\b", re.IGNORECASE)
# Local and adverbial cases: a dependent in one of these is no subject.
ADVERBIAL_CASES = {"Ine", "Ela", "Ill", "Ade", "Abl", "All", "Ess", "Tra", "Abe", "Com", "Ins"}


def _postponed_subjects(verb: Token, mentions: list[Mention]) -> list[Token]:
    """"… arvion tekevät yhteistyössä kunnan kotoutumispalveluiden, työllisyysalueen sekä
    Lapin hyvinvointialueen työntekijät": a plural verb's subject after it (or before it),
    which the parser may attach as an oblique. The coordinated bodies after the verb, in the nominative or
    as owners of the subject noun, are its subjects."""
    out = []
    for child in verb.children:
        if child.dep_ not in ("obl", "nmod", "obj", "dep"):
            continue
        if set(child.morph.get("Case")) & ADVERBIAL_CASES or (child.dep_ == "obj" and (
                "Nom" not in child.morph.get("Case"))):
            continue
        conjuncts = _with_conjuncts(child)
        # before the verb ("X:n sekä Y:n työntekijät laativat"), only a coordination that
        # ends in a nominative plural noun can be the subject the parser missed
        if child.i < verb.i and not any("Nom" in c.morph.get("Case") and "Plur" in c.morph.get(
                "Number") for c in conjuncts):
            continue
        if len(conjuncts) >= 2 and _mentions_in((t for c in conjuncts for t in c.subtree),
                                                mentions):
            out.extend(conjuncts)
    return out


def _fronted_object_subjects(verb: Token, subjects: list[Token]) -> list[Token]:
    """"Orientaation järjestää työnhakijoille X": a fronted total object (genitive-accusative)
    misparsed as the subject. A finite active verb's subject is never genitive, so the
    nominative "object" after the verb is the real subject; so it is when the verb has no
    subject at all ("Kemissä tarjoaa kunnan peruspalvelut, Kivalo-opisto …")."""
    # the finite form is the verb's own or its auxiliary's ("voi toteuttaa kunta")
    finite = verb if "Fin" in verb.morph.get("VerbForm") else next(
        (c for c in verb.children if c.dep_ == "aux" and "Fin" in c.morph.get("VerbForm")), None)
    if finite is None or _is_passive(verb) or _is_passive(finite) or not all(
            "Gen" in s.morph.get("Case") for s in subjects) or (
            not subjects and "Sing" not in finite.morph.get("Number")):
        return subjects  # a plural verb's postponed subjects: `_postponed_subjects`
    swapped = [c for c in verb.children if c.dep_ == "obj" and c.i > verb.i
               and "Nom" in c.morph.get("Case")]
    return [t for c in swapped for t in _with_conjuncts(c)] or subjects


def _agents(sent: Span, mentions: list[Mention]) -> tuple[list[Token], bool]:
    """"X:n toimesta"; "… viranomaisen toimesta: kunta, Y ja Z" names the agents after the
    colon. Also says whether the agents came from such a list."""
    agents: list[Token] = []
    listed = False
    for token in sent:
        if _lemma(token) in AGENT_NOUNS or token.lower_ in AGENT_NOUNS:
            owners = [c for c in token.children if c.dep_.startswith("nmod")]
            if not owners and token.dep_ == "case":
                owners = [token.head]
            found = [o for owner in owners for o in _with_conjuncts(owner)]
            after_colon = [] if _mentions_in((t for o in found for t in o.subtree), mentions) else (
                _colon_list(token, sent))
            listed = listed or bool(after_colon)
            agents.extend(after_colon or found)
    return agents, listed


MAX_COLON_GAP = 2  # "toimijat:", "toimesta:": the colon right after the noun


def _colon_list(token: Token, sent: Span) -> list[Token]:
    """"antavat seuraavat toimijat: A, B ja C": the bodies listed after a colon that closes
    the phrase of `token` (whatever the parser made of the list)."""
    for i in range(token.i + 1, min(token.i + 1 + MAX_COLON_GAP, sent.end)):
        if sent.doc[i].text == ":":
            return list(sent.doc[i + 1:sent.end])
        if sent.doc[i].is_punct:
            break
    return []


def _conjunct_target(subjects: list[Token], mention: Mention, language: str,
                     outside: set[int] = frozenset()) -> TargetGroup | None:  # type: ignore[assignment]
    """"vastaa työnhakijoiden osalta X ja muiden maahanmuuttajien osalta Y": Y's own frame.

    The words of one conjunct (its subtree without the conjuncts coordinated to it) may
    name the group that conjunct answers for.
    """
    for subject in subjects:
        if not subject.i <= mention.end - 1 or not mention.start <= subject.i:
            continue
        nested = {t.i for c in subject.children if c.dep_ == "conj" for t in c.subtree} | outside
        own = " ".join(t.text for t in subject.subtree
                       if t.i not in nested and not mention.start <= t.i < mention.end)
        return target_of(own, language) if own.strip() else None
    return None


def _alternative(token: Token, verb: Token) -> bool:
    """Is the body named as the alternative ("muussa tapauksessa kunta", "muutoin kunta")?"""
    while token.i != verb.i and token.head.i != token.i:
        if any(_lemma(c) in ALTERNATIVE_WORDS or (
                _lemma(c) == "tapaus" and any(_lemma(d) == "muu" for d in c.children))
               for c in token.children):
            return True
        token = token.head
    return False


def _cases(token: Token) -> set[str]:
    """The token's cases, with the one an abbreviation's ending shows ("Oy:ltä", "ELY:stä")."""
    cases = set(token.morph.get("Case"))
    ending = token.lower_.rpartition(":")[2] if ":" in token.text else ""
    for suffix, case in ((r"lt[aä]", "Abl"), (r"st[aä]", "Ela"), (r"ll[aä]", "Ade"), ("lle", "All"),
                         (r"ss[aä]", "Ine"), ("n", "Gen")):
        if ending and re.fullmatch(suffix, ending):
            cases = {case}
    return cases


def _is_passive(token: Token) -> bool:
    return "Pass" in token.morph.get("Voice")


def negated(verb: Token) -> bool:
    """"Kunta ei järjestä omaa kotoutumiskoulutusta": the negation verb ("ei", "eivät")
    or a connegative form says the body does not do it."""
    return "Yes" in verb.morph.get("Connegative") or any(
        "Neg" in c.morph.get("Polarity") for c in verb.children if c.dep_ == "aux")


def finished(verb: Token) -> bool:
    """"Pilotointi toteutettiin X:n toimesta", "X järjesti kurssin": the simple past tells of
    a finished event (a pilot, last year's course), not of how the programme arranges the
    service; the perfect ("on tehnyt sopimuksen") still holds and stays."""
    morph = verb.morph
    if verb.dep_ in ("acl", "amod") and "Past" in morph.get("PartForm"):
        return True  # "arvioinnin tehnyt työntekijä": who did it, not who arranges this
    return ("Past" in morph.get("Tense") and "Ind" in morph.get("Mood")
            and "Fin" in morph.get("VerbForm"))


def _informs_of_service(verb: Token) -> bool:
    """"Kela antaa kotihoidon tuen saajille tietoa palvelusta": telling clients about a
    service is cooperating in it, not giving it."""
    return any(_lemma(c) in INFORMATION_NOUNS and any(_lemma(g).startswith("palvelu") for g in c.children)
               for c in verb.children if c.dep_ == "obj")


def _coordinates(verb: Token) -> bool:
    """The verb, or the clause it governs ("huolehtii siitä, että … sovitetaan yhteen"),
    fits services together."""
    clauses = [verb, *(t for t in verb.subtree if t.dep_ in ("ccomp", "xcomp") and t.head.i in (
        verb.i, *(c.i for c in verb.children)))]
    for clause in clauses:
        lemma = _lemma(clause)
        if lemma in COORDINATION_VERBS:
            particle = COORDINATION_VERBS[lemma]
            if particle is None or any(_lemma(c) == particle for c in clause.children):
                return True
    return False


def _verb_relations(verb: Token, sent: Span, mentions: list[Mention], partners: set[int],
                    language: str) -> list[Relation]:
    lemma = _lemma(verb)
    role = _verb_role(verb)
    if role != Role.PARTNER and finished(verb):
        return []
    elatives = [t for t in verb.children if "Ela" in t.morph.get("Case")]
    if lemma in NEEDS_ELATIVE and (not elatives or all(
            any(task in _lemma(t) for task in STEERING_TASKS) for t in elatives)):
        return []
    objects = [_lemma(c) for c in verb.children if c.dep_ == "obj"]
    if any(o.endswith(AGREEMENT_OBJECTS) for o in objects):
        return []
    if any(o in COOPERATION_OBJECTS for o in objects) or _coordinates(verb) or _informs_of_service(verb):
        role = Role.PARTNER
    done = [c for c in verb.children if c.dep_ in ("obj", "nsubj:pass")]
    if verb.dep_ == "acl:relcl" and any(_lemma(c) in RELATIVE_PRONOUNS for c in done):
        done.append(verb.head)  # "… lastenhoito, jonka järjestää X": what the pronoun stands for
    if any(_lemma(c) in AUXILIARY_SERVICES or any(_lemma(c).startswith(a) for a in AUXILIARY_SERVICES)
           for c in done):
        role = Role.PARTNER  # "tulkkauksen tuottaa X": X sells the interpreting, not the service
    subjects = _fronted_object_subjects(verb, _subjects(verb))
    if subjects:
        # "X vastaa; muussa tapauksessa Y": a verbless nominative clause shares the verb
        subjects += [c for c in verb.children if c.dep_ == "parataxis" and c.pos_ in ("NOUN", "PROPN")
                     and "Nom" in c.morph.get("Case")]
    rule = f"{role.value}-verb-subject:{lemma}"
    if not subjects and _is_passive(verb):
        subjects, listed_agents = _agents(sent, mentions)
        rule = f"{role.value}-passive-agent:{lemma}" + (LIST_RULE if listed_agents else "")
    elif not subjects and "Plur" in verb.morph.get("Number") and "3" in verb.morph.get("Person"):
        subjects = _postponed_subjects(verb, mentions)
        rule = f"{role.value}-postponed-subject:{lemma}"
    if not _mentions_in((t for s in subjects for t in s.subtree), mentions, partners) and (
            not _is_passive(verb)):
        # the parser missed the subject (Finnish word order is free: "Suunnitelman laatii X",
        # "laatii ja seuraa X"): an organisation in the nominative in the verb's own clause
        found = _clause_nominatives(verb, sent, mentions, partners)
        if found:
            subjects, rule = found, f"{role.value}-clause-nominative:{lemma}"
    # a subject above the verb (a relative clause's noun, a misparsed attribute's noun):
    # the verb's own clause is not part of it
    own_clause = {t.i for t in verb.subtree} if any(s.i != verb.i and verb in s.subtree
                                                    for s in subjects) else set()
    subject_tokens = [t for s in subjects for t in s.subtree if t.i not in own_clause]
    listed = [t for s in subjects if not _mentions_in([s], mentions) for t in _colon_list(s, sent)]
    if listed:
        subjects, subject_tokens = listed, listed
        rule += LIST_RULE
    # The subject's own words do not frame the group, but a pronoun subject that is no
    # organisation ("Muiden kuin työnhakijoiden …", a misparse of a fronted object) may.
    skip = {t.i for s in subjects if _mentions_in(s.subtree, mentions) for t in s.subtree} - own_clause
    # a misparsed attribute's clause is its noun's: "Muiden kuin työnhakijoiden osalta …"
    # may hang on the noun
    frame = verb.head if _misparsed_attribute(verb) else verb
    mention_tokens = {i for m in mentions for i in range(m.start, m.end)}
    target = target_of(_clause_text(frame, skip if frame is verb else mention_tokens), language)
    out = []
    # "… X:n kanssa, joka tuottaa …": the relative clause states X's own role
    relative = any(_lemma(c) == "joka" for c in verb.children if c.dep_ in SUBJECT_DEPS)
    for m in _mentions_in(subject_tokens, mentions, set() if relative else partners):
        own = _conjunct_target(subjects, m, language, own_clause)
        if own is None and target in OTHER_GROUP and _alternative(sent.doc[m.start], verb):
            own = OTHER_GROUP[target]  # "jos … työnhakija, X; muussa tapauksessa Y"
        out.append(Relation(role, m, own or target, rule + ("+conjunct-group" if own else "")))
    if not out and not subjects and _is_passive(verb):
        # "… järjestetään osana koulutusta (X:n työllisyysalue.)": a body alone in brackets
        # after an agentless passive names who does it
        out = [Relation(role, m, target, f"{role.value}-passive-bracketed:{lemma}")
               for m in _bracketed(sent, mentions)]
    if (not out and _is_passive(verb) and role != Role.PARTNER) or (out and role != Role.PARTNER):
        # "ohjausta annetaan X:n työllisyyspalveluissa", "kaupunki järjestää koulutuksen
        # X:n kansalaisopistossa", "kaupunki tarjoaa koulutusta X:n työväenopistossa": the
        # body where the service is given provides it (a municipality's name in the
        # inessive is only the place)
        # "järjestää omaehtoista opiskelua X:n kansalaisopistossa": the place may hang on the
        # object (studying at X) as well as on the verb
        places = [c for c in verb.children if c.dep_ == "obl"] + [
            g for c in verb.children if c.dep_ == "obj" for g in c.children if g.dep_ == "nmod"]
        for child in places:
            if "Ine" in child.morph.get("Case"):
                for m in _mentions_in(child.subtree, mentions, partners):
                    if not (m.org is not None and m.org.kind == OrgKind.MUNICIPALITY):
                        out.append(Relation(Role.PROVIDER, m, target, f"provider-place:{lemma}"))
    if lemma in PURCHASE_VERBS:
        for child in verb.children:
            # the seller: "ostetaan X:ltä", "ostetaan X:stä / X:n ryhmistä", "X Oy:ltä"
            if {"Abl", "Ela"} & _cases(child):
                for m in _mentions_in(child.subtree, mentions):
                    out.append(Relation(Role.PROVIDER, m, target, f"provider-ablative:{lemma}"))
    if lemma in PURCHASE_VERBS or any(_lemma(c) in PURCHASE_NOUNS for c in verb.children
                                      if c.dep_ in ("obj", "obl", *SUBJECT_DEPS)):
        for m in _mentions_in(verb.subtree, mentions):
            if "Abl" in _cases(sent.doc[m.end - 1]) and not any(
                    r.mention == m and r.role == Role.PROVIDER for r in out):
                out.append(Relation(Role.PROVIDER, m, target, f"provider-ablative:{lemma}+purchase"))
    return out


# Dependents that make a coordinated verb a clause of its own.
OWN_ARGUMENTS = {"nsubj", "nsubj:pass", "obj"}
# Words that open a clause of their own after a comma ("…, jos …", "…, joka …").
CLAUSE_OPENERS = {"jos", "kun", "että", "mutta", "koska", "vaikka", "jotta", "kunnes", "joka", "mikä",
                  "jossa", "jolla", "jonka", "jota", "joiden", "joille", "jolle", "josta", "johon"}


def _clause_nominatives(verb: Token, sent: Span, mentions: list[Mention], partners: set[int]) -> list[Token]:
    """The last tokens of the nominative organisation mentions in the verb's clause: the
    comma-separated stretch around it that holds no other finite verb."""
    chunks: list[list[Token]] = [[]]
    for token in sent:
        if token.text in (",", ";", ":") and chunks[-1]:
            chunks.append([])
        elif not token.is_punct or token.text in ("(", ")"):
            chunks[-1].append(token)
    own = next((i for i, chunk in enumerate(chunks) if verb in chunk), None)
    if own is None:
        return []

    def finite(chunk: list[Token]) -> bool:
        # a verb coordinated with the cue verb shares its subject ("järjestää ja toteuttaa
        # X"), unless it has its own subject or object (", ja sen toteuttaa Y": a clause)
        return any(t is not verb and "Fin" in t.morph.get("VerbForm") and t.head is not verb
                   and (t.dep_ != "conj" or any(c.dep_ in OWN_ARGUMENTS for c in t.children))
                   for t in chunk)

    lo = own
    while lo > 0 and not finite(chunks[lo - 1]):
        lo -= 1
    hi = own
    while hi + 1 < len(chunks) and not finite(chunks[hi + 1]) and (
            not chunks[hi + 1] or _lemma(chunks[hi + 1][0]) not in CLAUSE_OPENERS):
        hi += 1
    indices = {t.i for chunk in chunks[lo:hi + 1] for t in chunk}
    out = []
    for m in mentions:
        head = sent.doc[m.end - 1]
        if m.start in indices and head.i in indices and not any(
                i in partners for i in range(m.start, m.end)) and _nominative(head):
            out.append(head)
    return out


def _nominative(token: Token) -> bool:
    """The token can be a subject: nominative by the tagger, or by one of Voikko's readings
    when the tagger took it for a partitive ("työllisyysasiantuntijasi")."""
    cases = set(token.morph.get("Case"))
    if "Nom" in cases:
        return True
    if cases & (ADVERBIAL_CASES | {"Gen"}):
        return False
    from extraction.nlp import analyses

    voikko = analyses()
    return voikko is not None and any(r.get("SIJAMUOTO") == "nimento" for r in voikko.analyze(token.text))


def _bracketed(sent: Span, mentions: list[Mention]) -> list[Mention]:
    """Mentions that fill a bracket on their own: "(X)", "(X.)"; not a short name right
    after the body it abbreviates ("hyvinvointialueen (HVA)")."""
    doc = sent.doc
    ends = {m.end for m in mentions}
    out = []
    for m in mentions:
        after = [t.text for t in doc[m.end:min(m.end + 2, sent.end)]]
        if m.start > sent.start and doc[m.start - 1].text == "(" and after and (
                after[0] == ")" or after == [".", ")"]) and m.start - 1 not in ends:
            out.append(m)
    return out


def _noun_relations(token: Token, sent: Span, mentions: list[Mention],
                    partners: set[int], language: str) -> list[Relation]:
    """"kunnan vastuulla", "vastuu on X:llä", "X on vastuutaho"."""
    out: list[Relation] = []
    if _steering(token):
        return out
    target = target_of(sent.text, language)
    owners = [c for c in token.children if c.dep_.startswith("nmod")]
    # "kunnan vastuulla olevien palvelujen järjestäminen": in a participle attribute a generic
    # "kunta" names the law's category of services, not this document's body
    attribute = token.head.dep_ in ("acl", "amod") and "Part" in token.head.morph.get("VerbForm")
    if owners and {"Ade", "All"} & set(token.morph.get("Case")):  # "kunnan vastuulla / vastuulle"
        for m in _mentions_in((t for o in owners for t in o.subtree), mentions, partners):
            if attribute and m.kind == "generic":
                continue
            out.append(Relation(Role.RESPONSIBLE, m, target, "responsible-owner:vastuulla"))
    siblings = [c for c in token.head.children if c is not token] + list(token.children)
    for other in [*siblings, token.head]:
        if other is token or "Ade" not in other.morph.get("Case"):
            continue
        if other.dep_ in ("obl", "nmod", "nsubj", "ROOT") or other is token.head:
            owned = [other] + [c for c in other.children if c.dep_.startswith("nmod")]
            for m in _mentions_in((t for o in owned for t in o.subtree if t is not token
                                   and t not in token.subtree), mentions, partners):
                out.append(Relation(Role.RESPONSIBLE, m, target, "responsible-adessive:vastuu"))
    if "Nom" in token.morph.get("Case"):
        # "Vastuu X:stä on kunnalla (ja Y:llä)": the adessive the copula predicates, also
        # when the parser hangs it under the elative ("ohjauksesta … kaupungilla")
        for cop in sent:
            head = cop.head
            if cop.dep_ == "cop" and head is not token and head.pos_ in ("NOUN", "PROPN") and (
                    "Ade" in head.morph.get("Case")):
                predicate = [t for b in _with_conjuncts(head) for t in b.subtree]
                # the responsibility's own words ("maahanmuuttopalveluiden") are no body,
                # unless the predicate is among them (the misparse above)
                own = set() if head in token.subtree else {t.i for t in token.subtree}
                bodies = [t for t in predicate if t.i not in own and t is not token]
                for m in _mentions_in(bodies, mentions, partners):
                    out.append(Relation(Role.RESPONSIBLE, m, target, "responsible-adessive:vastuu"))
    if token.dep_ == "ROOT" and _lemma(token) == "vastuutaho":
        for s in _subjects(token):
            for m in _mentions_in(s.subtree, mentions, partners):
                out.append(Relation(Role.RESPONSIBLE, m, target, "responsible-predicate:vastuutaho"))
    return out


# "X:n toimeksiannosta", "X:n tilauksesta": the body that commissions a service arranges it.
COMMISSION_NOUNS = {"toimeksianto", "tilaus", "toimeksiantaja"}


def _commissioners(sent: Span, mentions: list[Mention], language: str) -> list[Relation]:
    out = []
    for token in sent:
        if _lemma(token) in COMMISSION_NOUNS:
            owners = [c for c in token.children if c.dep_.startswith("nmod")]
            for m in _mentions_in((t for o in owners for t in o.subtree), mentions):
                out.append(Relation(Role.RESPONSIBLE, m, target_of(sent.text, language),
                                    f"responsible-commissioner:{_lemma(token)}"))
    return out


def _steering(token: Token) -> bool:
    """"vastuu … koordinaatiosta on X:llä": a responsibility for steering (45 §) is no service's."""
    return any("Ela" in c.morph.get("Case") and any(task in _lemma(c) for task in STEERING_TASKS)
               for c in token.children)


def _slot_noun_relations(sent: Span, mentions: list[Mention], language: str) -> list[Relation]:
    """A slot noun in a copular clause gives its role to the other argument.

    "Palveluntuottajia voivat olla mm. X tai Y" (the slot noun is the subject: the
    predicate's bodies), "X ja Y ovat yhteistyökumppaneita" (the slot noun is the
    predicate: the subject's bodies), "Vastuutahona toimii X" (essive with "toimia").
    """
    out: list[Relation] = []
    for token in sent:
        if token.pos_ not in ("NOUN", "PROPN") or not _lemma(token).isalpha():
            continue
        role = slot_of(_lemma(token))
        if role is None or _steering(token):
            continue
        bodies: list[Token] = []
        if token.dep_ == "nsubj:cop":
            bodies = _with_conjuncts(token.head)
            rule = "subject"
        elif any(c.dep_ == "cop" for c in token.children) and _predicate_case(token):
            bodies = [s for s in _subjects(token) if s is not token]
            rule = "predicate"
        elif "Ess" in token.morph.get("Case") and _lemma(token.head) in ESSIVE_VERBS:
            bodies = [s for s in _subjects(token.head) if s is not token]
            rule = "essive"
        if not bodies:
            continue
        target = target_of(sent.text, language)
        # the slot noun's own words name no body ("kunnan yhteistyökumppani"); as a copula's
        # predicate it heads its subject too, which stays
        own = {t.i for t in token.subtree}
        skip = own - {t.i for b in bodies if b.i in own for t in b.subtree}
        for m in _mentions_in((t for b in bodies for t in b.subtree), mentions, skip):
            out.append(Relation(role, m, target, f"{role.value}-slot-noun-{rule}:{_lemma(token)}"))
    return out


def _predicate_case(token: Token) -> bool:
    """A slot noun that predicates its subject's role: "X on yhteistyökumppani", "ovat
    toteuttajia", "on vastuussa"; "toteutuksessa ovat mukana X" says where X takes part."""
    cases = set(token.morph.get("Case"))
    return bool(cases & {"Nom", "Par"}) or ("Ine" in cases and _lemma(token) == "vastuu")


def _partner_relations(sent: Span, mentions: list[Mention], language: str) -> list[Relation]:
    out: list[Relation] = []
    for token in sent:
        lemma = _lemma(token)
        if lemma in PARTNER_POSTPOSITIONS:
            heads = _coordination(token.head)
            target = target_of(sent.text, language)
            for m in _mentions_in((t for h in heads for t in h.subtree), mentions):
                out.append(Relation(Role.PARTNER, m, target, f"partner-postposition:{lemma}"))
        elif token.lower_ == "mukana" and not any(_lemma(t) in INVITE_VERBS for t in sent):
            # "Laadinnassa voi olla mukana viranomaisia Lapin hyvinvointialueelta": the
            # bodies of the clause take part in the service
            clause = token.head if token.dep_ != "root" else token
            while clause.dep_ in ("advmod", "advcl", "nmod") and clause.head is not clause:
                clause = clause.head  # "Tarvittaessa mukana on …" parsed as a modifier of the subject
            for m in _mentions_in(clause.subtree, mentions):
                out.append(Relation(Role.PARTNER, m, None, "partner-involved:mukana"))
        elif lemma in INFORMATION_VERBS and token.pos_ == "VERB":
            target = target_of(sent.text, language)
            out.extend(_information_sources(token, mentions, target)
                       or _service_givers(token, mentions, target))
        elif lemma in INVITE_VERBS and any(t.lower_ in ("mukaan", "mukana") for t in sent):
            # a passive's object may be parsed as its subject ("kutsutaan mukaan Kpedun
            # opinto-ohjaaja"), and the invited one may come from a body ("asiantuntijansa
            # työllisyysalueelta")
            passive = _is_passive(token)
            objects = [c for c in token.children if c.dep_ in ("obj", "nsubj:pass") or (
                passive and c.dep_ == "nsubj") or (
                c.dep_ == "obl" and set(c.morph.get("Case")) & {"Abl", "Ela"})]
            for obj in objects:
                for m in _mentions_in(obj.subtree, mentions):
                    out.append(Relation(Role.PARTNER, m, None, f"partner-invited:{lemma}"))
    return out


def _enrolment_providers(sent: Span, mentions: list[Mention], language: str) -> list[Relation]:
    """"Kotoutujat voivat hakeutua X-opistoon": the school applied to provides."""
    verbs = [t for t in sent if t.pos_ == "VERB" and _lemma(t) in ENROL_VERBS]
    if not verbs:
        return []
    target = target_of(sent.text, language)
    return [Relation(Role.PROVIDER, m, target, f"provider-enrolment:{_lemma(verbs[0])}")
            for m in mentions if m.org is not None and m.org.kind == OrgKind.EDUCATIONAL_INSTITUTION
            and "Ill" in sent.doc[m.end - 1].morph.get("Case")]


def _information_sources(verb: Token, mentions: list[Mention],
                         target: TargetGroup | None) -> list[Relation]:
    """"Kunta saa Kelan järjestelmästä tiedot" / "saa Kelalta tiedot": the owner of the
    information (a genitive inside the object) or its source (ablative, elative) supplies it."""
    objects = [c for c in verb.children if c.dep_ in ("obj", "nsubj:pass")
               and _lemma(c) in INFORMATION_NOUNS]
    # an exchange between bodies: the receiver is a body too ("Pisteestä saa tietoa" is
    # information for clients)
    receivers = [c for c in verb.children if c.dep_ == "nsubj"]
    if not objects or not _mentions_in((t for r in receivers for t in r.subtree), mentions):
        return []
    sources = [t for o in objects for t in o.subtree if t.i != o.i]
    sources += [t for c in verb.children if {"Abl", "Ela"} & set(c.morph.get("Case")) for t in c.subtree]
    return [Relation(Role.PARTNER, m, target, f"partner-information-source:{_lemma(verb)}")
            for m in _mentions_in(sources, mentions)]


def _service_givers(verb: Token, mentions: list[Mention], target: TargetGroup | None) -> list[Relation]:
    """"Neuvontaa saat kaupungin kotoutumispisteestä": where the client (no body) receives
    something other than information from (ablative, elative), that body provides it."""
    if _lemma(verb) not in RECEIVE_VERBS or negated(verb):
        return []
    objects = [c for c in verb.children if c.dep_ == "obj" and _lemma(c) not in INFORMATION_NOUNS]
    receivers = [c for c in verb.children if c.dep_ == "nsubj"]
    if not objects or _mentions_in((t for r in receivers for t in r.subtree), mentions):
        return []
    # the source hangs on the verb, or on what is received ("saavat ohjausta X:ltä")
    sources = [t for c in [*verb.children, *(d for o in objects for d in o.children)]
               if c.dep_ in ("obl", "nmod") and {"Abl", "Ela"} & set(c.morph.get("Case"))
               for t in c.subtree]
    return [Relation(Role.PROVIDER, m, target, "provider-received:saada")
            for m in _mentions_in(sources, mentions)]


def denied_relations(sent: Span, mentions: list[Mention], language: str = "fi") -> list[Relation]:
    """The roles a sentence denies: the doers of its negated cue verbs ("Kunta ei järjestä
    omaa kotoutumiskoulutusta": the municipality, responsible, denied)."""
    if not mentions:
        return []
    partners = _partner_tokens(sent)
    return [r for token in sent if token.pos_ in ("VERB", "AUX") and negated(token)
            and _verb_role(token) not in (None, Role.PARTNER)
            for r in _verb_relations(token, sent, mentions, partners, language)]


def extract_relations(sent: Span, mentions: list[Mention], language: str = "fi") -> list[Relation]:
    """All relations a sentence states, with the rule that found each (a negated verb's
    are denied, not stated: `denied_relations`)."""
    if not mentions:
        return []
    partners = _partner_tokens(sent)
    out: list[Relation] = []
    for token in sent:
        lemma = _lemma(token)
        if _verb_role(token) is not None and token.pos_ in ("VERB", "AUX"):
            if not negated(token):
                out.extend(_verb_relations(token, sent, mentions, partners, language))
        elif lemma in RESPONSIBILITY_NOUNS:
            out.extend(_noun_relations(token, sent, mentions, partners, language))
    out.extend(_partner_relations(sent, mentions, language))
    out.extend(_commissioners(sent, mentions, language))
    out.extend(_slot_noun_relations(sent, mentions, language))
    out.extend(_enrolment_providers(sent, mentions, language))
    if JOINT_ACTION.search(sent.text) and any(
            r.rule.startswith("responsible-postponed-subject") for r in out):
        # "tekevät yhteistyössä X, Y sekä Z": together, for everyone
        return [Relation(r.role, r.mention, r.target, r.rule + JOINT_RULE) for r in _dedupe(out)]
    return _split_coordinated(_dedupe(out))


def agentless_passives(sent: Span, mentions: list[Mention],
                       language: str = "fi") -> list[tuple[Role, TargetGroup | None, str]]:
    """Roles of passive cue verbs that name nobody doing them ("tuotetaan itse", "hankitaan
    ostopalveluna"): under a lead-in label naming a body ("Työllisyysalue:") that body does
    them, so the caller binds them to it. None when the sentence names a doer itself."""
    if any(r.role != Role.PARTNER for r in extract_relations(sent, mentions, language)):
        return []
    out = []
    for verb in sent:
        role = _verb_role(verb)
        if role in (None, Role.PARTNER) or verb.pos_ not in ("VERB", "AUX") or not _is_passive(verb) or (
                _lemma(verb) in NEEDS_ELATIVE):
            continue
        target = target_of(_clause_text(verb, set()), language)
        out.append((role, target, f"{role.value}-lead-in-agent:{_lemma(verb)}"))
    return out


def purchased(sent: Span) -> bool:
    """Whether the sentence buys without saying who ("paikat ostetaan X:ltä")."""
    return any(_lemma(t) in PURCHASE_VERBS and t.pos_ == "VERB" and _is_passive(t) and not negated(t)
               and not finished(t) for t in sent)


def _dedupe(relations: list[Relation]) -> list[Relation]:
    seen: dict[tuple[Role, int, int], Relation] = {}
    for rel in relations:
        key = (rel.role, rel.mention.start, rel.mention.end)
        if key not in seen:
            seen[key] = rel
    # an organisation that is responsible is not also a partner in the same sentence
    responsible = {(r.mention.start, r.mention.end) for r in seen.values()
                   if r.role in (Role.RESPONSIBLE, Role.PROVIDER)}
    return [r for r in seen.values()
            if not (r.role == Role.PARTNER and (r.mention.start, r.mention.end) in responsible)]


def _split_coordinated(relations: list[Relation]) -> list[Relation]:
    """"Kunta tai työvoimaviranomainen laatii …" with no target cue: 3 § splits the groups."""
    untargeted = [r for r in relations if r.target is None and r.role == Role.RESPONSIBLE]
    kinds = {_kind_of(r.mention) for r in untargeted}
    if not {OrgKind.EMPLOYMENT_AREA, OrgKind.MUNICIPALITY} <= kinds:
        return relations
    out = []
    for rel in relations:
        if rel in untargeted:
            group = (TargetGroup.JOBSEEKERS if _kind_of(rel.mention) == OrgKind.EMPLOYMENT_AREA
                     else TargetGroup.OTHERS)
            rel = Relation(rel.role, rel.mention, group, rel.rule + "+3§-split")
        out.append(rel)
    return out


def _kind_of(mention: Mention) -> OrgKind | None:
    if mention.org is not None:
        kind = mention.org.kind
        return OrgKind.EMPLOYMENT_AREA if kind == OrgKind.EMPLOYMENT_AUTHORITY else kind
    if mention.kind == "unit":
        return OrgKind.MUNICIPALITY
    return mention.generic
