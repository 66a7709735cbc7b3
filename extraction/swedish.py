"""Organisations and their roles in Swedish programme text, by cue tables over the words.

There is no Swedish parser among the project's dependencies, so Swedish sentences are read
with the language's word order instead: a finite verb comes second, so its subject stands
right before it, or right after it when the sentence opens on something else ("För
arbetssökande ansvarar arbetskraftsmyndigheten …", "I Larsmo ordnar kommunens fritidsbyrå
…"); a passive names its agent after "av" ("görs av integrationsenheten", "köps av Axxell");
"i samarbete med", "tillsammans med" and "deltar" name partners. Mentions are the
gazetteer's names (found by the caller), generic nouns in their definite forms
("kommunen", "arbetskraftsmyndigheten", "välfärdsområdet"), municipal units
("integrationsenheten", "medborgarinstitutet"), staff titles that stand for their employer
("integrationskoordinatorn", "den egna sysselsättningsexperten"), and capitalised names in
a role's position ("genomförs av Optima").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extraction.mentions import ADULT_EDUCATION, Mention
from extraction.model import Organisation, OrgKind, Role
from extraction.org_names import EDUCATION_HEADS
from extraction.programme_name import PROGRAMME_VOCABULARY
from extraction.services import services_in_text
from extraction.slots import slot_of

E = OrgKind.EMPLOYMENT_AREA
W = OrgKind.WELFARE_AREA
M = OrgKind.MUNICIPALITY

# Generic nouns, definite and genitive forms → the kind of body they refer to.
GENERIC: tuple[tuple[str, OrgKind], ...] = (
    (r"(?:hem|boende)?kommun(?:en|ens)|staden|stadens", M),
    (r"arbetskraftsmyndighet(?:en|ens|erna)?|sysselsättningsområde(?:t|ts)|te-byrå(?:n|ns)"
     r"|arbets- och näringsbyrå(?:n|ns)|sysselsättningstjänster(?:na|nas)?", E),
    (r"välfärdsområde(?:t|ts)", W),
)
# A municipality's own units (definite or genitive forms) → the Finnish lemma of the same unit
# (`mentions.GENERIC_LEMMAS`): the unit keeps its Swedish word, its key is the Finnish one, so
# that a bilingual programme's two statements name one body. None: no Finnish counterpart.
UNITS: tuple[tuple[str, str | None], ...] = (
    (r"integrationsenhet(?:en|ens)?", "kotoutumisyksikkö"),
    (r"integrationstjänster(?:na|nas)?", "kotoutumispalvelu"),
    (r"invandrartjänster(?:na|nas)?", "maahanmuuttopalvelu"),
    (r"invandrarservice(?:n|ns)?", "maahanmuuttajapalvelu"),
    (r"invandrarbyrå(?:n|ns)?", "maahanmuuttotoimisto"),
    (r"integrationspunkt(?:en|ens)?", "kotoutumispiste"),
    (r"medborgarinstitut(?:et|ets)?", "kansalaisopisto"),
    (r"arbetarinstitut(?:et|ets)?", "työväenopisto"),
    (r"\w*byrå(?:n|ns)", None),
    (r"ungdomstjänster(?:na|nas)?", "nuorisopalvelu"),
    (r"idrottstjänster(?:na|nas)?", "liikuntapalvelu"),
    (r"kulturtjänster(?:na|nas)?", "kulttuuripalvelu"),
    (r"fritidstjänster(?:na|nas)?", "vapaa-aikapalvelu"),
    (r"(?:stads|huvud)?bibliotek(?:et|ets)", "kirjasto"),
    (r"småbarnspedagogik(?:en|ens)", "varhaiskasvatus"),
    (r"bildningsnämnd(?:en|ens)", "sivistyslautakunta"),
    (r"bildningssektor(?:n|ns)", "sivistystoimi"),
    (r"bildnings- och fritidsväsende(?:t|ts)", "sivistys- ja vapaa-aikatoimi"),
    (r"välfärdstjänster(?:na|nas)?", "hyvinvointipalvelu"),
    (r"servicepunkt(?:en|ens|erna)?", "palvelupiste"),
    (r"(?:kommun|stads)kansli(?:et|ets)", "kunnanvirasto"),
    (r"socialväsende(?:t|ts)", "sosiaalitoimi"),
)
# Staff titles → the kind of body that employs them when the text names none.
ROLES: tuple[tuple[str, OrgKind], ...] = (
    (r"integrationskoordinator(?:n|ns|er|erna)?|(?:integrations|social)?handledar(?:e|en|ens|na)"
     r"|servicesekreterar(?:e|en|na)|lärar(?:e|en|na)|ungdomsarbetar(?:e|en|na)", M),
    (r"socialarbetar(?:e|en|ens|na)|socialsekreterar(?:e|en|ens|na)|hälsovårdar(?:e|en|na)|sjukskötar(?:e|en|na)"
     r"|familjearbetar(?:e|en|na)|barnrådgivning(?:en)?|familjearbete(?:t)?|familjecent(?:er|ret|ralen)", W),
    (r"sysselsättningsexpert(?:en|ens|er|erna)?|integrationsexpert(?:en|ens|er|erna)?"
     r"|arbetskraftsrådgivar(?:e|en|na)|teamledar(?:e|en)", E),
    (r"servicerådgivar(?:e|en|na)", M),
    # staff of whichever body the text names after them ("personal från familjecentret")
    (r"personal(?:en)?|representant(?:er|erna)|företrädar(?:e|en|na)|medarbetar(?:e|na)|frivilliga", M),
)
_GENERIC = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), k) for p, k in GENERIC]
# An area named by its region the gazetteer does not know: the municipality's own area.
NAMED_AREA = re.compile(r"\b(?:[A-ZÅÄÖ][\w\-]*\s+)*[A-ZÅÄÖ][\w\-]*s\s+"
                        r"(?P<area>sysselsättningsområde|välfärdsområde)\b")
_UNITS = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), lemma) for p, lemma in UNITS]
# A unit's own name right after it ("integrationspunkt Kompassi"): one capitalised word.
UNIT_NAME = re.compile(r"\s+[A-ZÅÄÖ][a-zåäö\-]+\b(?!\s+[A-ZÅÄÖ])")
_ROLES = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), k) for p, k in ROLES]
# A capitalised name (with "svenska", "finska" … inside, "Jakobstads svenska församling").
PROPER = re.compile(r"\b[A-ZÅÄÖ][\w\-]*(?:\s+(?:[A-ZÅÄÖ][\w\-]*|svenska|finska|suomalainen|ruotsalainen)"
                    r"(?=\s+[A-ZÅÄÖ]|\b))*(?:\s+(?:Ab|Oy|rf|ry|r\.f\.))?")
NOT_NAMES = frozenset((
    "Finland", "Sverige", "Suomi", "Europa", "ESF", "ESF+", "EU", "Teams", "YKI", "FRK", "TYP", "HUX",
    "Enligt", "Under", "Vid", "För", "Med", "Om", "Till", "Från", "Efter", "Genom", "Också", "Den",
    "Det", "De", "En", "Ett", "Alla", "Kunder", "Kunden", "Klienten", "Deltagare", "Planen",
    "Målgrupp", "Målgrupper", "Innehåll", "Tidtabell", "Bakgrund", "Mål", "Övriga", "Andra",
))


# Words that make a name a school's ("Kronoby folkhögskola", "Yrkesakademin i Österbotten").
SCHOOL_WORDS = re.compile(r"akademi|skola|institut|utbildning|samkommun|" + "|".join(EDUCATION_HEADS))
# A definite institution noun whose name goes on with its place ("Yrkesakademin i Österbotten").
INSTITUTION = re.compile(r"(?:akademin|institutet|högskolan|förbundet|gymnasiet)$")
IN_PLACE = re.compile(r"\s+i\s+[A-ZÅÄÖ][\w\-]*")
# Endings of Swedish common nouns, indefinite and definite ("Integrationsutbildning",
# "Samhällsorienteringen ger …", "Kommunikation"); participles and agent nouns name people
# ("Arbetssökande deltar …", "Invandrare får …", "Utbildningsanordnaren"). A capital on such
# a word is no name.
COMMON_NOUN = re.compile(r"(?:ning|ingen|ing|tion|ionen|het|heten|skap|skapen|erna|arna|orna|tjänsten"
                         r"|planen|testet|ande|ende|are|aren|ist|ör|ören|ad)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SvMention:
    """A mention in a Swedish sentence: character offsets, what it is, and its owner."""

    start: int
    end: int
    kind: str  # "named" | "generic" | "unit" | "role" | "proper"
    org: Organisation | None = None  # named: the body; unit or role: a named owner
    generic: OrgKind | None = None  # generic: its kind; unit or role: a generic owner's kind
    unit: str | None = None  # the unit's or title's word, lower case
    place: bool = False  # "i Jakobstad": a place, not a body
    unit_key: str | None = None  # a unit's Finnish lemma (`UNITS`)


# Names built on an institution noun: "Kronoby folkhögskola", "Jakobstads svenska församling",
# "Röda Korset Pargas avdelning", "Yrkeshögskolan Novia", "utvecklingsbolaget Concordia".
HEADED = re.compile(
    r"\b(?:[A-ZÅÄÖ][\w\-]*\s+)+(?:(?:svenska|finska|kristliga)\s+)?(?:"
    # "Kristliga folkhögskolan i Nykarleby": the definite form, the town in the name
    r"folkhögskolan?(?:\s+i\s+[A-ZÅÄÖ][\w\-]*)?|församling|förening|"
    r"\w*institut|yrkeshögskola|samkommun|avdelning|"
    r"marthaförening|utbildning(?=\s+Ab)|"
    # a provider's Finnish name kept in Swedish text ("Keski-Pohjanmaan koulutusyhtymä")
    r"\w*(?:" + "|".join(EDUCATION_HEADS) + r"))(?:\s+(?:Ab|rf|r\.f\.|ry))?\b"
    r"|\b(?:[Yy]rkeshögskolan|[Uu]tvecklingsbolaget|[Ff]öreningen|[Pp]rojektet)\s+[A-ZÅÄÖ][\w\-]*")


def doc_mentions(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A Swedish block's mentions as the pipeline's `Mention`s (token spans): the gazetteer's
    names the pipeline `found`, with the Swedish generic nouns, units, titles and names."""
    out = []
    for sent in doc.sents:
        named = [(doc[m.start].idx - sent.start_char,
                  doc[m.end - 1].idx + len(doc[m.end - 1]) - sent.start_char, m.org)
                 for m in found if sent.start <= m.start < sent.end and m.kind == "named" and m.org]
        for m in find_mentions(sent.text, named):
            span = doc.char_span(sent.start_char + m.start, sent.start_char + m.end, alignment_mode="expand")
            if span is None:
                continue
            # a proper name read from the text's shape alone is a guess: a short name the
            # document defines ("SSO = Borgå sysselsättningsområde") says more
            out.append(Mention(span.start, span.end, "named" if m.kind == "proper" else m.kind,
                               org=m.org, generic=m.generic, unit=m.unit, place=m.place,
                               unit_key=m.unit_key, guessed=m.kind == "proper"))
    return out


MUNICIPALITY_KIND = re.compile(r"\s+(?:stad|kommun)\b")
CLIENTS_AFTER = re.compile(r"\s+(?:kund|klient|invånar|deltagar|elev)\w*", re.IGNORECASE)
AREA_AFTER = re.compile(r"s?\s+sysselsättningsområde\w*", re.IGNORECASE)
AREA_OF = re.compile(r"(?:välfärdsområde|sysselsättningsområde)t?\s+i\s+$", re.IGNORECASE)
# After a name: the end of the text or the next item of a list.
# What may follow a name listed alone: the end, the next item, or a bracketed note
# ("Optima (upphandling)").
LISTED_NAME = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:[.;]?\s*$|,|och\b|samt\b)")
MUNICIPAL_INSTITUTION = re.compile(r"(?:medborgarinstitut|arbetarinstitut|bibliotek|musikinstitut)\w*$")


def find_mentions(sentence: str, named: list[tuple[int, int, Organisation]]) -> list[SvMention]:
    """The sentence's organisation mentions, left to right; `named` are the gazetteer's."""
    out: list[SvMention] = []
    for match in HEADED.finditer(sentence):
        text = match.group()
        kind = OrgKind.PARISH if "församling" in text else OrgKind.PROJECT if text.lower().startswith(
            "projektet") else OrgKind.EDUCATIONAL_INSTITUTION if SCHOOL_WORDS.search(text) else OrgKind.NGO
        # "Närpes medborgarinstitut": an institution named after its town is the town's own
        owner = next((org.key for a, _b, org in named if a == match.start() and org.kind == M), None)
        owned = owner if MUNICIPAL_INSTITUTION.search(text) else None
        out.append(SvMention(*match.span(), "named", org=Organisation(
            key="name:" + re.sub(r"\W+", "-", text.lower()).strip("-"), name=text, kind=kind,
            parent_key=owned)))
    taken = [(m.start, m.end) for m in out]
    for a, b, org in named:
        if any(a < y and x < b for x, y in taken):
            continue
        if org.kind == OrgKind.EMPLOYMENT_AUTHORITY:  # "arbetskraftsmyndigheten": the area's
            out.append(SvMention(a, b, "generic", generic=E))
        elif org.kind == M and (area := AREA_AFTER.match(sentence, b)):
            b = area.end()  # "Åbo sysselsättningsområde": the area named by its town, not the town
            out.append(SvMention(a, b, "generic", generic=E))
        elif org.kind == M and (kind_word := MUNICIPALITY_KIND.match(sentence, b)):
            b = kind_word.end()  # "Pargas stad", "Kronoby kommun": the municipality as a body
            out.append(SvMention(a, b, "named", org=org))
        else:
            out.append(SvMention(a, b, "named", org=org, place=org.kind == M and _place_before(sentence, a)))
        taken.append((a, b))

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    for match in NAMED_AREA.finditer(sentence):  # "Östra Nylands sysselsättningsområde"
        if free(*match.span()):
            kind = E if match.group("area").startswith("syss") else W
            out.append(SvMention(*match.span(), "generic", generic=kind))
            taken.append(match.span())
    for pattern, kind in _GENERIC:
        for match in pattern.finditer(sentence):
            if free(*match.span()):
                out.append(SvMention(*match.span(), "generic", generic=kind))
                taken.append(match.span())
    for pattern, lemma in _UNITS:
        for match in pattern.finditer(sentence):
            if free(*match.span()):
                a, b = match.span()
                # "stadens integrationspunkt Kompassi": the unit's own name goes with it
                own_name = UNIT_NAME.match(sentence, b)
                if own_name is not None and free(b, own_name.end()):
                    b = own_name.end()
                out.append(SvMention(a, b, "unit", unit=_base(match.group()), generic=M, unit_key=lemma))
                taken.append((a, b))
    for pattern, kind in _ROLES:
        for match in pattern.finditer(sentence):
            if free(*match.span()):
                out.append(SvMention(*match.span(), "role", unit=_base(match.group()), generic=kind))
                taken.append(match.span())
    for match in PROPER.finditer(sentence):
        a, b = match.span()
        where = IN_PLACE.match(sentence, b) if INSTITUTION.search(match.group()) else None
        if where is not None and free(a, where.end()):
            b = where.end()  # "Yrkesakademin i Österbotten", "Arbetarinstitutet i Vasa"
        words = match.group().split()
        # the document itself ("Integrationsprogram" alone on a cover page) is no body
        if not free(a, b) or words[0] in NOT_NAMES or PROGRAMME_VOCABULARY.match(words[0]) or len(
                match.group()) < 3:
            continue
        if services_in_text(match.group(), "sv") or services_in_text(match.group(), "fi"):
            # "Integrationsplan", "Kotoutumiskoulutus" (a bilingual title): a service's, no body
            continue
        if AREA_OF.search(sentence, 0, a):
            continue  # "Välfärdsområdet i Egentliga Finland": the area's region, not a body
        opening = a == 0 or sentence[:a].rstrip().endswith((".", ":", "•", "-", "–"))
        # "Axxell", "Axxell, Optima": a name alone in a cell or an item, not a common noun
        listed = (LISTED_NAME.match(sentence, b) is not None and not COMMON_NOUN.search(words[-1])
                  and slot_of(words[0]) is None)  # "Samarbete", "Ansvar": a slot's heading
        acts = _ACTIVE_VERB.match(sentence, b) or _slot_predicate(sentence, b)
        if opening and not listed and (not acts or COMMON_NOUN.search(words[0])):
            continue  # a capital that only opens the sentence ("Folkhälsan ordnar" is a subject)
        out.append(SvMention(a, b, "proper", org=Organisation(
            key="name:" + re.sub(r"\W+", "-", sentence[a:b].lower()).strip("-"),
            name=_name(sentence[a:b]), kind=OrgKind.OTHER), place=_place_before(sentence, a)))
        taken.append((a, b))
    # "stadens kunder", "kommunens invånare": whose clients, not who acts
    out = [m for m in out if not CLIENTS_AFTER.match(sentence, m.end)]
    return _owned(sentence, sorted(out, key=lambda m: m.start))


def _base(word: str) -> str:
    return word.lower()


def _name(text: str) -> str:
    """A name as written, without a genitive -s the text added ("Folkhälsans" → "Folkhälsan")."""
    genitive = text.endswith("s") and not text.endswith(("ss", "us", "is")) and len(text) > 4
    return text[:-1] if genitive else text


PLACE_BEFORE = re.compile(r"\b(?i:i|på|till|från|runt|utanför)\s+"
                          r"(?:[A-ZÅÄÖ][\w\-]*(?:\s*,\s*|\s+och\s+|\s+samt\s+))*$")


# Prepositions that make the body after them anything but a gapped clause's doer.
PREPOSITIONS = frozenset({"av", "med", "från", "hos", "vid", "till", "för", "i", "på", "genom", "via"})


def after_preposition(sentence: str, start: int) -> bool:
    """Whether the word right before `start` is a preposition ("för övriga", "vid X")."""
    words = sentence[:start].split()
    return bool(words) and words[-1].lower() in PREPOSITIONS


def _place_before(sentence: str, start: int) -> bool:
    """"i Jakobstad", "på Åland", "i Houtskär och Iniö": a place, not a body."""
    return bool(PLACE_BEFORE.search(sentence[:start]))


# "Borgå stads", "Larsmo kommuns": the genitive of a named municipality's own noun.
TOWN_GENITIVE = re.compile(r"\s+(?:stads|kommuns)\s+", re.IGNORECASE)


def _owned(sentence: str, mentions: list[SvMention]) -> list[SvMention]:
    """A genitive body before a unit or title owns it ("välfärdsområdets socialarbetare",
    "FPA:s servicerådgivare", "Borgå stads invandrartjänster"); so does one after "vid",
    "från", "inom" or "på" ("sysselsättningsexpert vid arbetskraftsmyndigheten")."""
    out: list[SvMention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        gap = sentence[previous.end:mention.start] if previous else ""
        genitive = previous is not None and (
            (not gap.strip() and sentence[previous.start:previous.end].endswith("s"))
            or (previous.kind == "named" and TOWN_GENITIVE.fullmatch(gap) is not None))
        if genitive and mention.kind in ("unit", "role") and previous.kind in (
                "named", "generic", "unit", "proper"):
            out[-1] = _merge(previous, mention)
            continue
        if previous is not None and previous.kind == "role" and previous.org is None and re.fullmatch(
                r"\s+(?:vid|från|inom|på|hos)\s+(?:\w+s\s+)?", gap) and not mention.place:
            out[-1] = _merge(mention, previous, span=(previous.start, mention.end))
            continue
        out.append(mention)
    return out


def _merge(owner: SvMention, owned: SvMention, span: tuple[int, int] | None = None) -> SvMention:
    start, end = span or (owner.start, owned.end)
    if owner.kind == "unit":  # "integrationsenhetens handledare": the unit's staff
        return SvMention(start, end, "unit", org=owner.org, generic=owner.generic, unit=owner.unit,
                         unit_key=owner.unit_key)
    return SvMention(start, end, owned.kind, org=owner.org, generic=owner.generic, unit=owned.unit,
                     unit_key=owned.unit_key)


# Cue verbs: (active forms, passive forms, role of the doer).
VERBS: tuple[tuple[str, str, Role], ...] = (
    (r"ansvarar|svarar|har (?:huvud)?ansvar(?:et)?|står|sörjer|tar hand om", "", Role.RESPONSIBLE),
    (r"ordnar|anordnar|arrangerar|organiserar|sköter|handhar|gör(?: upp)?|uppgör|utarbetar|upprättar"
     r"|sammankallar|upphandlar|köper|anskaffar",
     r"ordnas|anordnas|arrangeras|organiseras|sköts|handhas|görs(?: upp)?|uppgörs|utarbetas|upprättas"
     r"|sammankallas|upphandlas|anskaffas",
     Role.RESPONSIBLE),
    (r"producerar|genomför|utför|förverkligar|verkställer|erbjuder|ger|tillhandahåller|håller|testar"
     r"|leder|bedömer|kartlägger|handleder|betjänar|upprätthåller",
     r"produceras|genomförs|utförs|förverkligas|verkställs|erbjuds|ges|tillhandahålls|hålls|testas"
     r"|leds|bedöms|kartläggs|handleds|upprätthålls|köps", Role.PROVIDER),
    (r"deltar|medverkar|är med(?=\s+(?:i|på)\b)|bistår|samarbetar|stöder|stödjer", r"bjuds in|kallas(?: in)?",
     Role.PARTNER),
)
_ACTIVE = [(re.compile(rf"\b(?:{a})\b", re.IGNORECASE), role) for a, _p, role in VERBS if a]
_ACTIVE_VERB = re.compile(r"\s+(?:" + "|".join(a for a, _p, _r in VERBS if a) + r")\b", re.IGNORECASE)
_PASSIVE = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), role) for _a, p, role in VERBS if p]
RECEIVE = re.compile(r"\b(?:får|erhåller)\b", re.IGNORECASE)
# A negation right after the verb (V2) or after its subject: "ordnar inte", "ordnar kommunen inte".
NEGATION = re.compile(r"(?:\s+\w+){0,2}?\s+(?:inte|ej|icke)\b", re.IGNORECASE)


# "för studerande från Kronoby", "för invånare i Larsmo och Kronoby": the members whose
# clients a statement is for; "också för deltagarna från …" adds them to the others instead.
CLIENTS_FROM = re.compile(
    r"(?<!också för )(?<!även för )\b(?:studerande|deltagar\w*|invånar\w*|kund\w*|klient\w*|"
    r"invandrar\w*|elev\w*)\s+(?:från|i)\s+(?:[A-ZÅÄÖ][\w\-]*\s*(?:,|och|samt)?\s*)*$")


def for_clients_of(text_before: str) -> bool:
    """Whether a member named right after `text_before` is the home of the clients served."""
    return bool(CLIENTS_FROM.search(text_before))


def has_cue_verb(text: str) -> bool:
    """Whether a short text holds one of the cue verbs (then it is a clause, not a label:
    "Arbetskraftsmyndigheten ansvarar för samhällsorienteringen.")."""
    return any(p.search(text) for p, _role in (*_ACTIVE, *_PASSIVE)) or bool(RECEIVE.search(text))
PASSIVE_PURCHASE = r"köps|upphandlas|anskaffas|beställs"
PURCHASE = re.compile(rf"\b(?:köper|upphandlar|anskaffar|beställer|{PASSIVE_PURCHASE})\b", re.IGNORECASE)
PURCHASED = re.compile(rf"\b(?:{PASSIVE_PURCHASE})\b", re.IGNORECASE)


def purchased(sentence: str) -> bool:
    """Whether the sentence buys without saying who ("… köps av Närpes stad")."""
    return any(not NEGATION.match(sentence, m.end()) for m in PURCHASED.finditer(sentence))
AGENT = re.compile(r"\bav\s+", re.IGNORECASE)
# "köps från Folkhälsan", "köper … från X": a purchase's seller where no "av" names one
FROM = re.compile(r"\bfrån\s+", re.IGNORECASE)
VENUE = re.compile(r"\b(?:vid|hos)\s+", re.IGNORECASE)
PARTNER_PHRASES = re.compile(r"\b(?:i samarbete med|tillsammans med|samarbetar med|i samråd med)\s+",
                             re.IGNORECASE)
JOINTLY = re.compile(r"\bgemensamt\s+av\b", re.IGNORECASE)
# Between a verb and its postponed subject ("ordnar kommunens fritidsbyrå dessutom").
ADVERBS = r"(?:\s+(?:också|även|dessutom|själv|själva|vid behov|i regel|huvudsakligen|alltid|ofta))*"
COORDINATION = re.compile(r"^\s*(?:,|och|samt|eller|respektive)\s*$", re.IGNORECASE)
RELATIVE = re.compile(r",\s*som\s*$", re.IGNORECASE)


def find_relations(sentence: str, mentions: list[SvMention]) -> list[tuple[Role, SvMention, str]]:
    """(role, mention, rule) for the bodies whose role a Swedish sentence states."""
    bodies = [m for m in mentions if not m.place]
    out: list[tuple[Role, SvMention, str]] = []
    partners: set[int] = set()
    for phrase in PARTNER_PHRASES.finditer(sentence):
        for m in _listed(sentence, bodies, phrase.end()):
            out.append((Role.PARTNER, m, "sv-partner-phrase"))
            partners.add(m.start)
    for pattern, role in _PASSIVE:
        for verb in pattern.finditer(sentence):
            verb_role = Role.PROVIDER if PURCHASE.fullmatch(verb.group()) else role
            if verb_role == Role.PARTNER:  # "Till mötet kallas vid behov också Optima": the invited
                for m in _subjects(sentence, bodies, verb.start(), verb.end()):
                    out.append((Role.PARTNER, m, f"sv-partner-invited:{verb.group().lower()}"))
                continue
            if AUXILIARY.search(sentence[max(0, verb.start() - 40):verb.start()]):
                verb_role = Role.PARTNER  # "tolkningen köps av X": X sells the interpreting, not the service
            agents = _agents(sentence, bodies, verb.end())
            if not agents and PURCHASE.fullmatch(verb.group()):
                agents = _sellers(sentence, mentions, verb.end())  # "köps från Folkhälsan"
            for m in agents:
                if m.start not in partners:
                    out.append((verb_role, m, f"sv-{verb_role.value}-agent:{verb.group().lower()}"))
            if not agents and verb_role != Role.PARTNER:
                # "… ordnas som frivilliga studier vid Närpes vuxeninstitut": where an agentless
                # passive's service is given, that body provides it
                for m in _agents(sentence, bodies, verb.end(), VENUE):
                    if m.start not in partners:
                        out.append((Role.PROVIDER, m, f"sv-provider-place:{verb.group().lower()}"))
    out += _predicates(sentence, bodies)
    for invite in INVITE.finditer(sentence):  # "Kommunen bjuder in FPA och välfärdsområdet"
        out += [(Role.PARTNER, m, "sv-partner-invited:bjuder in")
                for m in _listed(sentence, bodies, invite.end())]
    for verb in STUDY.finditer(sentence):  # "Övriga studerar svenska vid Närpes medborgarinstitut"
        if STUDENTS.search(sentence, 0, verb.start()):
            out += [(Role.PROVIDER, m, f"sv-provider-school:{verb.group().lower()}")
                    for m in _agents(sentence, bodies, verb.end(), VENUE) if _school(m)]
    for verb in RECEIVE.finditer(sentence):  # "Arbetssökande får vägledning … av X": X gives it
        for m in _agents(sentence, bodies, verb.end()):
            if m.start not in partners:
                out.append((Role.PROVIDER, m, "sv-provider-giver:får"))
    for pattern, role in _ACTIVE:
        for verb in pattern.finditer(sentence):
            if NEGATION.match(sentence, verb.end()):
                continue  # "Kommunen ordnar inte egen integrationsutbildning"
            subjects = _subjects(sentence, bodies, verb.start(), verb.end())
            for m in subjects:
                if m.start not in partners:
                    out.append((role, m, f"sv-{role.value}-subject:{verb.group().lower()}"))
            if subjects and role != Role.PARTNER:
                # "staden erbjuder frivilliga studier vid Karleby svenska arbetarinstitut": the
                # body where the subject has the service given provides it (a town is a place;
                # "arbetskraftsmyndigheten vid Åbo sysselsättningsområde" is where the subject works)
                for m in _agents(sentence, bodies, verb.end(), VENUE):
                    at_subject = any(VENUE.fullmatch(sentence[s.end:m.start].lstrip())
                                     for s in subjects if s.end <= m.start)
                    if at_subject or m.start in partners or (m.org is not None and m.org.kind == M):
                        continue
                    out.append((Role.PROVIDER, m, f"sv-provider-place:{verb.group().lower()}"))
            if PURCHASE.fullmatch(verb.group()):
                sellers = _sellers(sentence, mentions, verb.end())
                out += [(Role.PROVIDER, m, "sv-provider-seller") for m in sellers]
    return _dedupe(out)


# "Staden är ansvarig för …", "Folkhälsan fungerar som utförare": a slot's noun as the
# predicate of its body; "Samarbetspartner är FPA och Folkhälsan": the same, inverted.
PREDICATE = re.compile(r"\b(?:är|fungerar som|verkar som|agerar som)\s+(?P<slot>\w+(?:\s+för)?)",
                       re.IGNORECASE)
_PREDICATE_AFTER = re.compile(r"\s+" + PREDICATE.pattern, re.IGNORECASE)
SLOT_FIRST = re.compile(r"^(?P<slot>[^,.;:]{3,60}?)\s+är\s+", re.IGNORECASE)
# "Orienteringen är stadens ansvar": a body's responsibility by the genitive.
OWN_RESPONSIBILITY = re.compile(r"\s+(?:huvud)?(?:ansvar|ansvarsområde|uppgift|uppdrag)\b", re.IGNORECASE)
# "Ansvaret för … ligger hos staden", "Huvudansvaret för … har staden".
RESPONSIBILITY_HELD = re.compile(
    r"\b(?:huvud)?ansvaret\b[^.;:]*?\b(?:ligger|vilar)\s+(?:hos|på)\s+"
    r"|^(?:huvud)?ansvaret\b[^.;:]*?\s(?:har|bär)\s+", re.IGNORECASE)


# Who a body invites takes part ("Kommunen bjuder in FPA att presentera sina tjänster").
INVITE = re.compile(r"\b(?:bjuder|kallar)\s+(?:\w+\s+)?in\s+|\binbjuder\s+", re.IGNORECASE)
# Clients studying at a school: the school gives the education ("1 400 utländska studenter
# studerar vid Åbo Akademi" is background, not a service).
STUDY = re.compile(r"\b(?:studerar|studera|läser|läsa)\b", re.IGNORECASE)
STUDENTS = re.compile(r"\b(?:övriga|andra|de|arbetssökande|invandrar\w*|kund\w*|klient\w*|deltagar\w*|"
                      r"elev\w*|studerande)(?:\s+(?:kan|får|ska))?\s*$", re.IGNORECASE)


def _school(m: SvMention) -> bool:
    """A school by its kind, its unit or its name ("Yrkesakademin i Österbotten")."""
    return m.unit_key in ADULT_EDUCATION or (m.org is not None and (
        m.org.kind == OrgKind.EDUCATIONAL_INSTITUTION or SCHOOL_WORDS.search(m.org.name.lower()) is not None))


def _slot_predicate(sentence: str, end: int) -> bool:
    """Whether a slot noun is the predicate right after `end` ("Folkhälsan är utförare")."""
    match = _PREDICATE_AFTER.match(sentence, end)
    return match is not None and slot_of(match.group("slot")) is not None


def _predicates(sentence: str, bodies: list[SvMention]) -> list[tuple[Role, SvMention, str]]:
    """Roles stated without a cue verb: a slot noun as predicate, a genitive of
    responsibility, the holder of "ansvaret"."""
    out: list[tuple[Role, SvMention, str]] = []
    for match in PREDICATE.finditer(sentence):
        role = slot_of(match.group("slot"))
        if role is not None:
            out += [(role, m, "sv-slot-predicate")
                    for m in _subjects(sentence, bodies, match.start(), match.end())]
    first = SLOT_FIRST.match(sentence)
    if first is not None and (role := slot_of(first.group("slot"))) is not None:
        out += [(role, m, "sv-slot-predicate") for m in _listed(sentence, bodies, first.end())]
    for m in bodies:
        if sentence[m.start:m.end].endswith("s") and OWN_RESPONSIBILITY.match(sentence, m.end):
            out.append((Role.RESPONSIBLE, m, "sv-responsible-genitive"))
    for held in RESPONSIBILITY_HELD.finditer(sentence):
        out += [(Role.RESPONSIBLE, m, "sv-responsible-holder") for m in _listed(sentence, bodies, held.end())]
    return out


def _sellers(sentence: str, mentions: list[SvMention], start: int) -> list[SvMention]:
    """A purchase's seller: the bodies after the first "av", else after "från" ("köps från
    Folkhälsan"; "från" marks no place here), unless the clients come from there ("platser
    för studerande från Kronoby")."""
    seller = AGENT.search(sentence, start)
    if seller is not None:
        return _listed(sentence, [m for m in mentions if not m.place], seller.end())
    for marker in FROM.finditer(sentence, start):
        if not for_clients_of(sentence[:marker.end()]):
            return _listed(sentence, mentions, marker.end())
    return []


def denied_relations(sentence: str, mentions: list[SvMention]) -> list[tuple[Role, SvMention, str]]:
    """The roles a Swedish sentence denies: "Kommunen ordnar inte egen integrationsutbildning"."""
    bodies = [m for m in mentions if not m.place]
    out = []
    for pattern, role in _ACTIVE:
        if role == Role.PARTNER:
            continue
        for verb in pattern.finditer(sentence):
            if NEGATION.match(sentence, verb.end()):
                out += [(role, m, f"sv-{role.value}-denied:{verb.group().lower()}")
                        for m in _subjects(sentence, bodies, verb.start(), verb.end())]
    return out


# What is bought or given besides the service itself: the seller is a partner of it.
AUXILIARY = re.compile(r"\b(?:tolk\w*|tulk\w*|lokal\w*|utrymme\w*)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _agents(sentence: str, bodies: list[SvMention], start: int,
            marker: re.Pattern[str] = AGENT) -> list[SvMention]:
    """The agents of a passive: the bodies after each "av" (or `marker`) up to the sentence's
    end, a new clause or the next passive verb ("genomförs av Optima på svenska och av Kpedu
    på finska")."""
    end = len(sentence)
    stop = re.search(r"[;:]|,\s*(?:men|medan|och|som)\b|\.\s", sentence[start:])
    if stop:
        end = start + stop.start()
    for pattern, _role in _PASSIVE:  # "ordnas av staden och genomförs av X": X is the next verb's
        later = pattern.search(sentence, start, end)
        if later:
            end = later.start()
    out: list[SvMention] = []
    for agent in marker.finditer(sentence, start, end):
        if PARTNER_PHRASES.search(sentence[start:agent.start()]) and not out:
            break
        out += [m for m in _listed(sentence, bodies, agent.end()) if m not in out]
        if not out and marker is AGENT and end < len(sentence) and sentence[end] == ":":
            # "upprättas av den som gjort bedömningen: sysselsättningsområdet …": the agent
            # described, then named after the colon
            out += _listed(sentence, bodies, end + 1)
    return out


def _listed(sentence: str, bodies: list[SvMention], start: int) -> list[SvMention]:
    """The bodies listed from `start`: the first one there and those coordinated with it."""
    out: list[SvMention] = []
    position = start
    for m in sorted(bodies, key=lambda m: m.start):
        if m.start < position:
            continue
        gap = sentence[position:m.start]
        if not out and not re.fullmatch(r"\s*(?:(?:den|det|de|en|ett|sin|sitt|sina|egna|egen|hens|"
                                        r"\w+ande)\s+)*", gap, re.IGNORECASE):
            break
        if out and not COORDINATION.match(gap):
            break
        out.append(m)
        position = m.end
    return out


def _subjects(sentence: str, bodies: list[SvMention], verb_start: int, verb_end: int) -> list[SvMention]:
    """The subject of the finite verb at [verb_start, verb_end): the bodies ending right
    before it (with those coordinated before them), else, after a fronted phrase, the
    bodies right after it; after ", som" the body the relative clause is about."""
    before = [m for m in bodies if m.end <= verb_start]
    if before and not sentence[before[-1].end:verb_start].strip():
        out = [before[-1]]
        for m in reversed(before[:-1]):
            if COORDINATION.match(sentence[m.end:out[0].start]):
                out.insert(0, m)
            else:
                break
        # "Kunder i Houtskär och Iniö deltar", "I Larsmo gör X …": the bodies are inside a
        # phrase, not the subject ("personal från X deltar" names X's staff, who are X's);
        # a fronted phrase puts the subject after the verb
        lead = sentence[:out[0].start]
        if not re.search(r"\b(?:i|på|till|om|för|med|hos)\s+$", lead, re.IGNORECASE):
            return out
    relative = RELATIVE.search(sentence[:verb_start])
    if relative is not None and before and not sentence[before[-1].end:relative.start()].strip():
        return [before[-1]]
    opening = sentence[:verb_start].strip()
    if opening and not opening.endswith((",", ";")):
        after = re.match(ADVERBS + r"\s*", sentence[verb_end:], re.IGNORECASE)
        return _listed(sentence, bodies, verb_end + (after.end() if after else 0))
    return []


def _dedupe(relations: list[tuple[Role, SvMention, str]]) -> list[tuple[Role, SvMention, str]]:
    seen: dict[tuple[Role, int], tuple[Role, SvMention, str]] = {}
    for rel in relations:
        seen.setdefault((rel[0], rel[1].start), rel)
    who = {m.start for role, m, _r in seen.values() if role != Role.PARTNER}
    return [r for r in seen.values() if r[0] != Role.PARTNER or r[1].start not in who]
