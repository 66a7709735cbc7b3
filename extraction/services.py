"""Which statutory service (13 § 1–2 mom.) a heading or sentence is about.

Cues are regular expressions over lower-cased, dehyphenated text, written on word stems so
that every case form matches ("kotoutumissuunnitelman", "-suunnitelmaa"). They follow the
law's own terms, in Finnish and Swedish. Section references in a heading ("KotoL 16 ja
17 §") are mapped through the statute's structure as well.
"""

from __future__ import annotations

import re

from extraction.model import LegalRef, ServiceKey

S = ServiceKey

# (service, cue, blocker): the cue matches unless the blocker does.
SERVICE_CUES: dict[str, tuple[tuple[ServiceKey, str, str | None], ...]] = {
    "fi": (
        (S.FAMILY_INTEGRATION_PLAN, r"perheen\s+kotoutumissuunnitelm|perhekohtai\w* kotoutumissuunnitelm",
         None),
        (S.MULTISECTOR_INTEGRATION_PLAN, r"monialai\w*\s+(?:\w+\s+)?kotoutumissuunnitelm", None),
        (S.INTEGRATION_PLAN, r"kotoutumissuunnitelm", None),
        (S.MULTISECTOR_ASSESSMENT, r"monialai\w*\s+(?:\w+\s+){0,5}?(?:palvelutar\w*\s*)?arvi"
         r"|\barvi\w*\s+(?:\w+\s+){0,2}monialai\w*", None),
        (S.ASSESSMENT, r"palvelutar(?:ve|pee)\w*\s*(?:n\s+)?arvi|palvelutarvearvi|alkukartoitu"
         r"|osaamis\w*\s+kartoitu"
         # the bare word beside the plan it leads to: "tekee arvioinnin ja kotoutumissuunnitelman"
         r"|\barvio\w*\s+(?:ja|sekä)\s+(?:\w+\s+)?kotoutumissuunnitelm",
         r"arvioinnin\s+(?:\w+\s+)?(?:pohjalta|perusteella)\s+laadit"),
        (S.CIVIC_ORIENTATION, r"yhteiskuntaorientaati", None),
        (S.FINAL_LANGUAGE_TEST, r"päättötest|päättökoe", None),
        (S.INTEGRATION_TRAINING, r"kotoutumiskoulutu", None),
        (S.OTHER_TRAINING_AND_SERVICES,
         r"muu\w*\s+koulutu\w*\s+(?:ja|tai)\s+(?:muu\w*\s+)?palvelu|luku-\s*ja\s*kirjoitustaido\w*\s+koulutu"
         # 13 § 1 mom. 4 k.: "muu kielitaitoa, … ja yrittäjyyttä edistävä koulutus"
         r"|muu\w*\s+(?:[\w,-]+\s+){0,8}?edistäv\w*\s+koulutu"
         # "Muu kieltä ja osallisuutta tukeva toiminta"
         r"|muu\w*\s+(?:kiel|suome)\w*\s+(?:[\w,-]+\s+){0,6}?(?:edistäv|tukev)\w*\s+(?:koulutu|toimin)"
         # "Muut kieli- ja työelämävalmiuksia tukevat palvelut", "Kieltä ja työelämävalmiuksia
         # vahvistavat muut palvelut": language and working life skills, either order
         r"|muu\w*\s+(?:kiel|suome|työelämä)[\w-]*\s+(?:[\w,-]+\s+){0,5}?(?:edistäv|tukev|vahvistav)\w*\s+palvelu"
         r"|(?:kiel|suome|työelämä)[\w-]*\s+(?:[\w,-]+\s+){0,4}?(?:edistäv|tukev|vahvistav)\w*\s+muu\w*\s+"
         r"(?:koulutu|toimin|palvelu)"
         # its entrepreneurship services: "alkavan yrittäjän palvelut", "yrittäjyyspalvelut"
         r"|\byrittäj\w*\s+palvelu|\byrittäj(?:yys|ä)palvelu", None),
        (S.GUIDANCE_AND_COUNSELLING, r"ohjau\w*\s*(?:-\s*)?(?:ja|sekä)\s+neuvon|ohjaus-\s*ja\s*neuvonta"
         r"|neuvon\w*\s*(?:-\s*)?(?:ja|sekä)\s+ohjau",
         None),
        (S.OTHER_MUNICIPAL_SERVICES,
         r"kunnan\s+järjestämisvastuu\w*\s+\w*\s*palvelu|muu\w*\s+kunnan\s+\w*\s*palvelu"
         r"|kunnan\s+muu\w*\s+palvelu", None),
    ),
    "sv": (
        (S.FAMILY_INTEGRATION_PLAN,
         r"familjens\s+integrationsplan|familjespecifik\w*\s+integrationsplan|integrationsplan\w* för familj"
         r"|familjeplan", None),
        (S.MULTISECTOR_INTEGRATION_PLAN, r"sektorsövergripande\s+integrationsplan", None),
        (S.INTEGRATION_PLAN, r"(?<!sektorsövergripande\s)(?<!familjens\s)integrationsplan", None),
        (S.MULTISECTOR_ASSESSMENT, r"sektorsövergripande\s+(?:\w+\s+){0,4}?(?:bedömning|kartläggning)", None),
        (S.ASSESSMENT, r"bedömning(?:en)? av (?:kompetens|kunnande|servicebehov)\w*"
         r"|(?:kompetens|servicebehov)\w* "
         r"(?:och \w+ )?bedömning|kartläggning(?:en)? av (?:kompetens|servicebehov)|servicebehovsbedömning"
         r"|kompetens(?:bedömning|kartläggning)"
         # the 2010 act's term, still in use ("alkukartoitus" in Finnish)
         r"|inledande\s+kartläggning"
         r"|\b(?:bedömning|kartläggning)(?:en|ar|arna)?\s+och\s+(?:\w+\s+)?integrationsplan",
         None),
        (S.CIVIC_ORIENTATION, r"samhällsorientering", None),
        (S.FINAL_LANGUAGE_TEST, r"sluttest|slutprov|(?:slutbedömning|testning)\w* av språkkunskap", None),
        (S.INTEGRATION_TRAINING, r"integrationsutbildning", None),
        (S.OTHER_TRAINING_AND_SERVICES,
         r"annan\s+utbildning\s+och\s+(?:andra\s+)?tjänster|övrig\w* utbildning",
         None),
        # either order: "handledning och rådgivning", "rådgivning och vägledning"
        (S.GUIDANCE_AND_COUNSELLING, r"(?:handledning|vägledning)\s+och\s+rådgivning"
         r"|rådgivning\s+och\s+(?:handledning|vägledning)", None),
        (S.OTHER_MUNICIPAL_SERVICES, r"andra\s+tjänster\s+som\s+kommunen"
         r"|kommunens\s+(?:övriga|andra)\s+tjänster"
         r"|andra\s+kommunala\s+tjänster",
         None),
    ),
}

# Plain service → its variants. A variant's cue also matches the plain service's cue
# ("monialaisesta kotoutumissuunnitelmasta", the modifier in any case): the plain service
# counts only for mentions beyond its variants'.
VARIANTS: dict[ServiceKey, tuple[ServiceKey, ...]] = {
    S.ASSESSMENT: (S.MULTISECTOR_ASSESSMENT,),
    S.INTEGRATION_PLAN: (S.MULTISECTOR_INTEGRATION_PLAN, S.FAMILY_INTEGRATION_PLAN),
}

# "kotoutumissuunnitelman (myös monialaisen) laadinta", "kotoutumissuunnitelman tai sen
# monialaisen version", "integrationsplanen eller dess sektorsövergripande version": words
# that add the variant (the first of VARIANTS) name the plain service and the variant both.
ALSO_VARIANT = {
    "fi": re.compile(r"\(\s*(?:myös|ja|sekä|tai)\s+monialai\w*\s*\)"
                     r"|\b(?:tai|ja|sekä)\s+sen\s+monialai\w*\s+(?:versi|muo[dt])\w*"),
    "sv": re.compile(r"\b(?:eller|och)\s+(?:dess|den)\s+sektorsövergripande\s+(?:version|form)\w*"),
}

# 681/2023 sections → services (13 § 1 mom. points and the sections they point to).
SECTION_SERVICES: dict[str, tuple[ServiceKey, ...]] = {
    "14": (S.ASSESSMENT,),
    "15": (S.MULTISECTOR_ASSESSMENT,),
    "16": (S.INTEGRATION_PLAN,),
    "17": (S.MULTISECTOR_INTEGRATION_PLAN,),
    "21": (S.FAMILY_INTEGRATION_PLAN,),
    "25": (S.CIVIC_ORIENTATION,),
    "26": (S.INTEGRATION_TRAINING,),
    "27": (S.INTEGRATION_TRAINING,),
    "10": (S.GUIDANCE_AND_COUNSELLING,),
}
# A subsection that has a service of its own: 26 § 3 mom. is the final language test.
SUBSECTION_SERVICES: dict[tuple[str, int], tuple[ServiceKey, ...]] = {
    ("26", 3): (S.FINAL_LANGUAGE_TEST,),
}
POINT_SERVICES_13_1: dict[int, tuple[ServiceKey, ...]] = {
    1: (S.ASSESSMENT, S.MULTISECTOR_ASSESSMENT),
    2: (S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN),
    3: (S.CIVIC_ORIENTATION,),
    4: (S.INTEGRATION_TRAINING, S.OTHER_TRAINING_AND_SERVICES),
    5: (S.GUIDANCE_AND_COUNSELLING,),
    6: (S.FINAL_LANGUAGE_TEST,),
}
# "the services of the programme" in general: all 13 § 1 mom. services.
PROGRAMME_SERVICES = (r"kotoutumisohjelma\w*\s+(?:sisältyv\w*|mukai\w*)\s+palvelu"
                      r"|integrationsprogrammets tjänster")
PROGRAMME_SCOPE: tuple[ServiceKey, ...] = (
    S.ASSESSMENT, S.MULTISECTOR_ASSESSMENT, S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN,
    S.CIVIC_ORIENTATION, S.INTEGRATION_TRAINING, S.OTHER_TRAINING_AND_SERVICES,
    S.GUIDANCE_AND_COUNSELLING, S.FINAL_LANGUAGE_TEST,
)


# A sentence that opens on a pronoun ("Sen toteuttaa …", "Den ordnas …") speaks of what the
# sentence before it named.
ANAPHORA = {
    "fi": re.compile(r"^\W*(?:se|sen|sitä|siitä|siihen|siinä|tämä|tämän|tätä|tästä|ne|niitä|niiden)\b",
                     re.IGNORECASE),
    "sv": re.compile(r"^\W*(?:den|det|denna|detta|dessa)\b", re.IGNORECASE),
}


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).replace("\u00ad", "")


# "Arvioinnin perusteella laaditaan suunnitelma", "alkukartoituksessa selvinneen tarpeen
# perusteella" (where the need came to light), "… laadittava suunnitelma sen jälkeen, kun
# arviointi on tehty": a genitive phrase before a postposition of basis, or a clause of what
# happened before, names the ground of the service the sentence is about, not that service.
# So does a manner phrase of conformity ("suunnitelman mukaisesti", "suunnitelmassa sovitun
# mukaisesti": done as the plan says).
# Finnish postpositions of what comes besides a service ("Kotoutumiskoulutuksen lisäksi …")
BESIDES = ("lisäksi", "ohella", "rinnalla")
BASIS = {"fi": re.compile(r"(?:\w+ss[aä]\s+)?(?:(?:\w+n|ja|tai|sekä)\s+)*\w+n\s+"
                          r"(?:perusteella|pohjalta|pohjaksi|mukaisesti)\b"
                          r"|\b\w+ssa\s+sovitu\w*\s+(?:mukaisesti|tavalla)\b"
                          r"|\bsen jälkeen,?\s+kun\b[^.;]*"
                          # what a text speaks of besides a service is not that service
                          # ("Kotoutumiskoulutuksen lisäksi Vaasa-opisto järjestää …")
                          rf"|(?:(?:\w+n|ja|tai|sekä)\s+)*\w+n\s+(?:{'|'.join(BESIDES)})\b"),
         "sv": re.compile(r"\b(?:utöver|förutom|vid sidan av)\s+(?:(?:den|det|de)\s+)?[\w-]+")}
# A word every basis phrase holds: a text without one has none. The phrase pattern tries
# every word of a sentence as its start and backtracks over the words after it; this test
# leaves that work to the few sentences that may hold a basis.
BASIS_WORDS = {"fi": re.compile(r"perusteella|pohjalta|pohjaksi|mukaisesti|sovitu|sen jälkeen|"
                                + "|".join(BESIDES)),
               "sv": re.compile(r"utöver|förutom|vid sidan av")}


def services_in_text(text: str, language: str = "fi") -> list[ServiceKey]:
    """Services named in `text`, in table order (most specific first)."""
    lowered = normalise_text(text)
    maybe = language in BASIS and BASIS_WORDS[language].search(lowered)
    stripped = BASIS[language].sub(" ", lowered) if maybe else lowered
    if stripped.strip():
        lowered = stripped
    counts: dict[ServiceKey, int] = {}
    for service, cue, blocker in SERVICE_CUES.get(language, SERVICE_CUES["fi"]):
        hits = len(re.findall(cue, lowered))
        if hits and not (blocker and re.search(blocker, lowered)):
            counts[service] = hits
    also = language in ALSO_VARIANT and ALSO_VARIANT[language].search(lowered)
    for plain, variants in VARIANTS.items():
        if plain in counts and also:
            counts.setdefault(variants[0], 1)
            continue
        # "monialaisen … arviointi" also matches the plain cue: keep the plain service only
        # when it is named more often than its variants.
        if plain in counts and counts[plain] <= sum(counts.get(v, 0) for v in variants):
            del counts[plain]
    return list(counts)


def service_positions(text: str, services: tuple[ServiceKey, ...], language: str = "fi") -> list[
        tuple[int, ServiceKey]]:
    """(offset, service) where each of `services` is named in `text`, in text order; where
    a variant and its plain service match at one place, the first of `services` there."""
    lowered = text.lower()
    found: dict[int, ServiceKey] = {}
    for service, cue, _blocker in SERVICE_CUES.get(language, SERVICE_CUES["fi"]):
        if service in services:
            for match in re.finditer(cue, lowered):
                found.setdefault(match.start(), service)
    return sorted(found.items())


def services_from_refs(refs: list[LegalRef]) -> list[ServiceKey]:
    """Services a heading's statute references point to."""
    found: list[ServiceKey] = []
    for ref in refs:
        if ref.statute != "681/2023" or not ref.section:
            continue
        if ref.section == "13" and ref.subsection == 1 and ref.point:
            found.extend(POINT_SERVICES_13_1.get(ref.point, ()))
        elif ref.section == "13" and ref.subsection == 2:
            found.append(S.OTHER_MUNICIPAL_SERVICES)
        elif (ref.section, ref.subsection) in SUBSECTION_SERVICES:
            found.extend(SUBSECTION_SERVICES[(ref.section, ref.subsection)])
        else:
            found.extend(SECTION_SERVICES.get(ref.section, ()))
    return list(dict.fromkeys(found))


def _points_only(refs: list[LegalRef]) -> bool:
    """All the heading's 681/2023 references are 13 § 1 mom. points (each a group of services)."""
    own = [r for r in refs if r.statute == "681/2023" and r.section]
    return bool(own) and all(r.section == "13" and r.subsection == 1 and r.point for r in own)


# The bare plan beside the assessment it follows is the integration plan: in a heading
# ("Alkukartoitus ja suunnitelma", "Monialainen arviointi ja suunnitelma") and among a member's
# short words ("tekee arvioinnit ja suunnitelmat"); alone, "suunnitelma" may be any plan.
BARE_PLAN = {"fi": re.compile(r"(?:\barvi\w*|alkukartoitu\w*)\s+(?:ja|sekä)\s+suunnitelm", re.IGNORECASE),
                "sv": re.compile(r"\b(?:bedömning|kartläggning)\w*\s+och\s+plan(?:en)?\b", re.IGNORECASE)}


# A heading that opens on "other studies" introduces 13 § 1 mom. 4 k. ("7. Muut opinnot ja
# tie työelämään", "Andra studier"); in running text the words are too loose to name it.
_NUMBER = r"^\W*(?:\d{1,2}(?:\.\d{1,2})*[.)]?\s+)?"
OTHER_STUDIES_HEADING = {
    "fi": re.compile(_NUMBER + r"muu\w*\s+(?:opinno|opiskelu|koulutukse?t?\b)", re.IGNORECASE),
    "sv": re.compile(_NUMBER + r"(?:annan|andra|övrig\w*)\s+(?:studier|utbildning)", re.IGNORECASE),
}


def classify_heading(text: str, refs: list[LegalRef], language: str = "fi") -> list[ServiceKey]:
    """Services a section heading introduces (empty: not a service section)."""
    by_cue = services_in_text(text, language)
    if not by_cue and (studies := OTHER_STUDIES_HEADING.get(language)) and studies.search(text):
        by_cue = [S.OTHER_TRAINING_AND_SERVICES]
    plan = BARE_PLAN.get(language)
    if plan is not None and plan.search(text) and {S.ASSESSMENT, S.MULTISECTOR_ASSESSMENT} & set(by_cue):
        by_cue = [*by_cue, *section_services_for(text, (S.INTEGRATION_PLAN,), language)]
    by_ref = services_from_refs(refs)
    if not by_ref:
        return by_cue
    if by_cue and set(by_cue) < set(by_ref) and _points_only(refs):
        # "Muut kotoutumista edistävät koulutukset (13 § 1 mom. 4 k.)": the point groups
        # kotoutumiskoulutus with other training; the heading's words say which one
        return by_cue
    if by_cue and all(_compatible(service, by_ref) for service in by_cue) and not set(by_cue) & set(by_ref):
        # "Kielitaidon päättötestaus (KotoL 26 §)": the section holds the test and the
        # training; the heading's words say which one it is about
        return by_cue
    # The references decide; cues add the variants the references leave implicit.
    merged = list(by_ref)
    for service in by_cue:
        if service not in merged and _compatible(service, by_ref):
            merged.append(service)
    return merged


_FAMILIES = (
    {S.ASSESSMENT, S.MULTISECTOR_ASSESSMENT},
    {S.INTEGRATION_PLAN, S.MULTISECTOR_INTEGRATION_PLAN, S.FAMILY_INTEGRATION_PLAN},
    {S.INTEGRATION_TRAINING, S.FINAL_LANGUAGE_TEST},
)


def _compatible(service: ServiceKey, by_ref: list[ServiceKey]) -> bool:
    return any(service in family and family & set(by_ref) for family in _FAMILIES)


# "… jos tarvitaan monialaista yhteistyötä" in an assessment or plan section: the sentence is
# about the multi-sector variant (15 § / 17 §) of the section's service.
MULTISECTOR_VARIANTS = {S.ASSESSMENT: S.MULTISECTOR_ASSESSMENT,
                        S.INTEGRATION_PLAN: S.MULTISECTOR_INTEGRATION_PLAN}
MULTISECTOR = {"fi": re.compile(r"\bmonialai"), "sv": re.compile(r"\bsektorsövergripande")}


def section_services_for(text: str, section: tuple[ServiceKey, ...],
                         language: str = "fi") -> tuple[ServiceKey, ...]:
    """The section's services a sentence that names none of its own is about."""
    cue = MULTISECTOR.get(language)
    if cue is None or not cue.search(normalise_text(text)):
        return section
    return tuple(dict.fromkeys(MULTISECTOR_VARIANTS.get(s, s) for s in section))


# The word a text uses for a section's own service when it does not name it in full
# ("Orienteringen ingår i integrationsutbildningen", "Suunnitelman laatii …"): a word on its
# own, not inside another compound.
SHORT_NAMES: dict[str, dict[ServiceKey, str]] = {
    "fi": {
        S.ASSESSMENT: r"arvio\w*|arviointi\w*", S.MULTISECTOR_ASSESSMENT: r"arvio\w*|arviointi\w*",
        S.INTEGRATION_PLAN: r"suunnitelm\w*", S.MULTISECTOR_INTEGRATION_PLAN: r"suunnitelm\w*",
        S.FAMILY_INTEGRATION_PLAN: r"suunnitelm\w*", S.CIVIC_ORIENTATION: r"orientaati\w*",
        S.INTEGRATION_TRAINING: r"koulutu\w*|koulutuks\w*", S.FINAL_LANGUAGE_TEST: r"testau\w*|testi\w*",
        S.GUIDANCE_AND_COUNSELLING: r"ohjau\w*|neuvon\w*",
    },
    "sv": {
        S.ASSESSMENT: r"bedömning\w*|kartläggning\w*",
        S.MULTISECTOR_ASSESSMENT: r"bedömning\w*|kartläggning\w*",
        S.INTEGRATION_PLAN: r"plan(?:en|er|erna)?", S.MULTISECTOR_INTEGRATION_PLAN: r"plan(?:en|er|erna)?",
        S.FAMILY_INTEGRATION_PLAN: r"plan(?:en|er|erna)?", S.CIVIC_ORIENTATION: r"orientering\w*",
        S.INTEGRATION_TRAINING: r"utbildning\w*", S.FINAL_LANGUAGE_TEST: r"test\w*|slutbedömning\w*",
        S.GUIDANCE_AND_COUNSELLING: r"handledning\w*|vägledning\w*|rådgivning\w*",
    },
}


def refers_to(text: str, service: ServiceKey, language: str = "fi") -> bool:
    """Does the text speak of the service by its short word ("orienteringen", "suunnitelman"),
    outside the full names of services it names ("monialainen … arviointi" is not "arviointi")?"""
    cue = SHORT_NAMES.get(language, SHORT_NAMES["fi"]).get(service)
    if cue is None:
        return False
    rest = normalise_text(text)
    for _service, name, _blocker in SERVICE_CUES.get(language, SERVICE_CUES["fi"]):
        rest = re.sub(rf"\w*(?:{name})\w*", " ", rest)
    return re.search(rf"(?<![\w-])(?:{cue})\b", rest) is not None


# In a member's own chapter outside any service section ("2 Kajaani: … arvioinnin tekee …",
# "Närpes: … gör kartläggningen"), the short words that can mean only one service name it.
STANDALONE_SHORT_NAMES = (S.ASSESSMENT, S.CIVIC_ORIENTATION, S.FINAL_LANGUAGE_TEST)


def short_named_services(text: str, language: str = "fi") -> tuple[ServiceKey, ...]:
    """The services a sentence names by an unambiguous short word; the bare plan counts
    beside the assessment it follows ("tekee arvioinnit ja suunnitelmat")."""
    found = tuple(s for s in STANDALONE_SHORT_NAMES if refers_to(text, s, language))
    plan = BARE_PLAN.get(language)
    if S.ASSESSMENT in found and plan is not None and plan.search(text):
        found += (S.INTEGRATION_PLAN,)
    return found


# Following up the programme itself ("kotoutumisohjelman toteutumista seurataan …
# seurantapalavereissa", 45 §) is steering, not one of its services.
MONITORING = re.compile(r"\bseura(?:nt|nn|t|a\b)\w*")
PROGRAMME = re.compile(r"ohjelm")


def is_programme_monitoring(text: str) -> bool:
    lowered = normalise_text(text)
    return bool(MONITORING.search(lowered) and PROGRAMME.search(lowered))


