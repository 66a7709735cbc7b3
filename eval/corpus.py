"""Synthetic national test corpus: integration programme documents for every mainland municipality.

    python -m eval.corpus --out DIR --seed 1 [--fraction 0.1] [--omissions 0.1] [--format pdf|md]

For each employment area of ontology/reference (2025), the generator writes either one joint
programme for its member municipalities (per-municipality paragraphs "Kunta X: …") or one
programme per municipality (chosen by seed, about half and half; single-member areas always
get a single document). Documents recombine the layouts of the development corpus and of
examples/src — numbered chapters per statutory service with "Vastuutaho" / "Yhteistyö"
subsections, unnumbered headings with per-municipality paragraphs, a VASTUUTAULUKKO — with
the reference data: the employment area, the welfare area, Kela, a Red Cross branch, the
parish and the municipality itself. The sentences are this module's own templates.

Names are inflected by proposing candidate forms from stems (consonant gradation, -nen → -se-,
i → e stems, -s → -kse-/-de-) and keeping the first one that Voikko analyses as the wanted
case of that base form; a name with no verified genitive falls back to the nominative in a
"kunta X" construction. Only genitives of place names are used in running text: the
locative of a place name (Kuopiossa vs. Lapinlahdella) is a lexical choice that Voikko
cannot decide, so locatives appear only on common-noun heads ("Kuopion kaupungilla").

Some municipalities (--omissions) get a known defect — a required service left out, a
responsible body for only one target group, or no contact point — and DIR/manifest.json
records, for every document and municipality, the services described, the responsible /
provider / partner organisations (as in examples/expected.json), the omissions and the
SHACL results (shapes/kotograph-13.ttl) that validation should report.

Output is deterministic: the same seed gives byte-identical files (fixed PDF creation date;
every choice is drawn from a `random.Random` seeded with a string). All people, e-mail
addresses (*.example), phone numbers, decisions and educational institutions are fictional.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "ontology" / "reference"
RENDERER = ROOT / "examples" / "render_pdfs.py"

JOBSEEKERS, OTHERS, ALL = "jobseekers", "others", "all"
ASSESSMENT = "assessment"
MULTI_ASSESSMENT = "multisector-assessment"
PLAN = "integration-plan"
MULTI_PLAN = "multisector-integration-plan"
FAMILY_PLAN = "family-integration-plan"
ORIENTATION = "civic-orientation"
TRAINING = "integration-training"
FINAL_TEST = "final-language-test"
OTHER_TRAINING = "other-training-and-services"
GUIDANCE = "guidance-and-counselling"
OTHER_MUNICIPAL = "other-municipal-services"

# The services 13 § 1 mom. requires (kg:requiredBy13 true in the ontology), in document order.
REQUIRED = (ASSESSMENT, MULTI_ASSESSMENT, PLAN, MULTI_PLAN, ORIENTATION, TRAINING, FINAL_TEST,
            OTHER_TRAINING, GUIDANCE)
ORDER = (ASSESSMENT, MULTI_ASSESSMENT, PLAN, MULTI_PLAN, FAMILY_PLAN, ORIENTATION, TRAINING,
         FINAL_TEST, OTHER_TRAINING, GUIDANCE, OTHER_MUNICIPAL)
MULTISECTOR = (MULTI_ASSESSMENT, MULTI_PLAN)
PROVIDED = (ORIENTATION, TRAINING, FINAL_TEST)

LAYOUTS = ("chapters", "paragraphs", "table")
OMISSION_KINDS = ("missing-service", "one-target-group", "no-contact-point")

# Towns (kaupunki) among the mainland municipalities of 2025. The reference tables do not
# give the municipality type; this list is from general knowledge (UNVERIFIED against
# Statistics Finland's kuntamuoto classification).
CITIES = frozenset("""
Akaa Alajärvi Alavus Espoo Forssa Haapajärvi Haapavesi Hamina Hanko Harjavalta Heinola Helsinki
Huittinen Hyvinkää Hämeenlinna Iisalmi Ikaalinen Imatra Joensuu Jyväskylä Jämsä Järvenpää Kaarina
Kajaani Kalajoki Kangasala Kankaanpää Kannus Karkkila Kaskinen Kauhajoki Kauhava Kauniainen Kemi
Kemijärvi Kerava Keuruu Kitee Kiuruvesi Kokkola Kotka Kouvola Kristiinankaupunki Kuhmo Kuopio
Kurikka Kuusamo Lahti Laitila Lappeenranta Lapua Lieksa Lohja Loimaa Loviisa Mikkeli
Mänttä-Vilppula Naantali Nivala Nokia Nurmes Närpiö Orimattila Orivesi Oulainen Oulu Outokumpu
Paimio Parainen Parkano Pieksämäki Pietarsaari Pori Porvoo Pudasjärvi Pyhäjärvi Raahe Raasepori
Raisio Rauma Riihimäki Rovaniemi Saarijärvi Salo Sastamala Savonlinna Seinäjoki Somero Suonenjoki
Tampere Tornio Turku Ulvila Uusikaarlepyy Uusikaupunki Vaasa Valkeakoski Vantaa Varkaus
Viitasaari Virrat Ylivieska Ylöjärvi Äänekoski
""".split())  # noqa: SIM905 (a word list reads better than a literal)

# Idiomatic genitives that Voikko cannot choose between: -inen place names mostly take the
# plural genitive (Kauniaisten, Paraisten), which the generator proposes first; Kaustinen
# takes the singular. The override is still checked with Voikko.
PREFERRED_GENITIVE = {"Kaustinen": "Kaustisen"}


# --------------------------------------------------------------------------------------------
# Inflection: candidate forms from stems, verified with Voikko
# --------------------------------------------------------------------------------------------

CASE_TAGS = {"genitive": "omanto", "inessive": "sisaolento", "elative": "sisaeronto",
             "adessive": "ulkoolento", "ablative": "ulkoeronto"}
CASE_ENDINGS = {"genitive": ("n",), "inessive": ("ssa", "ssä"), "elative": ("sta", "stä"),
                "adessive": ("lla", "llä"), "ablative": ("lta", "ltä")}
# Strong → weak grade of the consonant(s) before a stem's last vowel; and back.
WEAK = (("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"),
        ("nt", "nn"), ("rt", "rr"), ("ht", "hd"), ("lk", "lj"), ("rk", "rj"), ("lk", "l"),
        ("rk", "r"), ("hk", "h"), ("t", "d"), ("p", "v"), ("k", ""))
STRONG = (("ng", "nk"), ("mm", "mp"), ("ll", "lt"), ("nn", "nt"), ("rr", "rt"), ("hd", "ht"),
          ("d", "t"), ("v", "p"), ("k", "kk"), ("p", "pp"), ("t", "tt"))
VOWELS = "aeiouyäö"
PREFIXES = ("Uusi", "Iso")  # first parts of compound names that may inflect too


def _graded(base: str, table: Sequence[tuple[str, str]]) -> list[str]:
    """`base` with its final consonant (cluster) swapped by each matching rule of `table`."""
    out = []
    for old, new in table:
        if base.endswith(old) and (len(old) == 2 or base[-len(old) - 1:-len(old)] in VOWELS + "lrnmh"):
            out.append(base[: len(base) - len(old)] + new)
    return out


def stems(word: str) -> list[str]:
    """Candidate singular stems of a Finnish word, most likely first (over-generating)."""
    out: list[str] = []
    last = word[-1:]
    if word.endswith("nen"):
        out.append(word[:-3] + "se")
    elif last in VOWELS:
        base = word[:-1]
        out.append(word)
        if last == "e" and not word.endswith("ee"):
            out.append(word + "e")  # Keitele → Keiteleen, työllisyysalue → työllisyysalueen
        if last == "i":
            out.append(base + "e")  # Kirkkonummi → Kirkkonummen
            if base.endswith("s"):
                out.append(base[:-1] + "de")  # Haapavesi → Haapaveden
        for weak in _graded(base, WEAK):
            out.append(weak + last)  # Turku → Turun, Helsinki → Helsingin
            if last == "i":
                out.append(weak + "e")  # Lahti → Lahden, Pieksämäki → Pieksämäen
    else:
        if word.endswith("s"):
            out.append(word[:-1] + "kse")  # Nurmes → Nurmeksen
            if word[-2:-1] in "uy":
                out.append(word[:-2] + word[-2] + "de")  # Alavus → Alavuden
            if word[-2:-1] in "aäeo":
                for strong in _graded(word[:-2], STRONG):
                    out.append(strong + word[-2] * 2)  # Pihtipudas → Pihtiputaan
        if word.endswith(("un", "yn")):
            for strong in _graded(word[:-2], STRONG):
                out.append(strong + word[-2] + "me")  # Punkalaidun → Punkalaitumen
        out.append(word + "i")  # Korsnäs → Korsnäsin
    return list(dict.fromkeys(s for s in out if len(s) >= 2))


def _word_candidates(word: str, case: str) -> list[tuple[str, bool]]:
    """(form, plural?) candidates of one word in `case`, preferred first."""
    endings = CASE_ENDINGS[case]
    out: list[tuple[str, bool]] = []
    if word.endswith("nen"):  # -inen place names: the plural forms first (Kauniaisten)
        if case == "genitive":
            out.append((word[:-3] + "sten", True))
        else:
            out.extend((word[:-3] + "si" + e, True) for e in endings)
    if word.endswith(("at", "ät")) and len(word) > 4:  # plural names: Virrat → Virtain
        base = word[:-2]
        for strong in [*_graded(base, STRONG), base]:
            if case == "genitive":
                out.extend([(strong + word[-2] + "in", True), (strong + "ojen", True)])
        out.extend((base + "oi" + e, True) for e in endings if case != "genitive")
    out.extend((stem + e, False) for stem in stems(word) for e in endings)
    return list(dict.fromkeys(out))


def _head_index(words: list[str]) -> int:
    """Which word of a multi-word name inflects: the last, unless it is an abbreviation."""
    for index in range(len(words) - 1, -1, -1):
        if not re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]?|[A-ZÅÄÖ]{2,}", words[index]):
            return index
    return len(words) - 1


class Inflector:
    """Inflects names with candidate forms checked against Voikko's analyses."""

    def __init__(self) -> None:
        import libvoikko

        self._voikko = libvoikko.Voikko("fi")
        self._cache: dict[tuple[str, str], str | None] = {}

    def analyses(self, word: str) -> list[dict[str, str]]:
        return [dict(a) for a in self._voikko.analyze(word)]

    def _verifies(self, form: str, base: str, case: str, plural: bool, plural_base: str | None) -> bool:
        """Voikko analyses `form` as `case` of `base`, in the candidate's number."""
        for analysis in self.analyses(form):
            if analysis.get("SIJAMUOTO") != CASE_TAGS[case]:
                continue
            number = analysis.get("NUMBER", "singular")
            found = analysis.get("BASEFORM", "")
            if found == base and (number == "plural") == plural:
                return True
            if plural_base and found == plural_base and number == "plural":
                return True  # Virrat: a plural form of "virta"
        return False

    def _lenient(self, form: str, base: str, case: str, plural: bool) -> bool:
        return any(a.get("SIJAMUOTO") == CASE_TAGS[case]
                   and a.get("BASEFORM", "").casefold() == base.casefold()
                   and (a.get("NUMBER", "singular") == "plural") == plural for a in self.analyses(form))

    def word(self, word: str, case: str) -> str | None:
        """`word` in `case`, or None when no candidate verifies."""
        key = (word, case)
        if key not in self._cache:
            self._cache[key] = self._word(word, case)
        return self._cache[key]

    def _word(self, word: str, case: str) -> str | None:
        if "-" in word:  # Mänttä-Vilppula, Pohjois-Savo: the whole word is analysed
            head, _, tail = word.rpartition("-")
            candidates = [(f"{head}-{form}", plural) for form, plural in _word_candidates(tail, case)]
        else:
            candidates = _word_candidates(word, case)
        for prefix in PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix) + 3:
                # Uusikaupunki → Uudenkaupungin, Isokyrö → Isossakyrössä: both parts inflect
                rest = word[len(prefix):]
                heads = [cap(form) for form, p in _word_candidates(prefix.lower(), case) if not p]
                candidates = [(head + form, p) for head in heads
                              for form, p in _word_candidates(rest, case)] + candidates
        preferred = PREFERRED_GENITIVE.get(word) if case == "genitive" else None
        if preferred:
            candidates.insert(0, (preferred, False))
        plural_base = None
        nominative = [a for a in self.analyses(word) if a.get("SIJAMUOTO") == "nimento"]
        if nominative and all(a.get("NUMBER") == "plural" for a in nominative):
            plural_base = nominative[0].get("BASEFORM")  # Virrat: plural of "virta"
        for form, plural in candidates:
            if self._verifies(form, word, case, plural, plural_base):
                return form
        for form, plural in candidates:  # Kela: Voikko's base form is lower-case "kela"
            if self._lenient(form, word, case, plural):
                return form
        return None

    def phrase(self, name: str, case: str) -> str | None:
        """A multi-word name in `case`: its head word inflected, the rest kept."""
        words = name.split(" ")
        index = _head_index(words)
        form = self.word(words[index], case)
        if form is None:
            return None
        return " ".join([*words[:index], form, *words[index + 1:]])


@lru_cache(maxsize=1)
def inflector() -> Inflector:
    return Inflector()


def genitive(name: str) -> str | None:
    """The Voikko-verified genitive of a (place) name, or None."""
    return inflector().phrase(name, "genitive")


# --------------------------------------------------------------------------------------------
# Reference data and organisations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    lead: str | None
    members: tuple[str, ...]  # municipality codes


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    welfare_area: str
    employment_area: str


@dataclass(frozen=True)
class Reference:
    places: dict[str, Place]
    areas: dict[str, Area]
    welfare: dict[str, str]  # key → name_fi


def _csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def reference() -> Reference:
    """Mainland municipalities (those with an employment area), their areas and welfare areas."""
    places = {row["code"]: Place(row["code"], row["name_fi"], row["welfare_area"], row["employment_area"])
              for row in _csv("municipalities.csv") if row["employment_area"] and row["welfare_area"]}
    members: dict[str, list[str]] = {}
    for place in places.values():
        members.setdefault(place.employment_area, []).append(place.code)
    areas = {row["key"]: Area(row["key"], row["name_fi"], row["lead_municipality"] or None,
                              tuple(sorted(members.get(row["key"], ()))))
             for row in _csv("employment_areas.csv") if members.get(row["key"])}
    welfare = {row["key"]: row["name_fi"] for row in _csv("welfare_areas.csv")}
    return Reference(places, areas, welfare)


@dataclass(frozen=True)
class Org:
    """An organisation as written in the text, with its case forms and its canonical name."""

    name: str
    kind: str
    canonical: str
    identifier: str | None = None
    forms: tuple[tuple[str, str], ...] = ()

    def case(self, case: str) -> str:
        if case == "nominative":
            return self.name
        return dict(self.forms)[case]


FORM_CASES = ("genitive", "adessive", "ablative", "inessive", "elative")


class InflectionError(ValueError):
    pass


def make_org(name: str, kind: str, canonical: str | None = None, identifier: str | None = None) -> Org:
    """An organisation whose head word's case forms all verify with Voikko."""
    forms = []
    for case in FORM_CASES:
        form = inflector().phrase(name, case)
        if form is None:
            raise InflectionError(f"no verified {case} for {name!r}")
        forms.append((case, form))
    return Org(name, kind, canonical or name, identifier, tuple(forms))


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str  # as in the reference table ("Pedersören kunta", "Koski Tl")
    short: str  # for labels and lists ("Pedersöre", "Koski Tl")
    genitive: str | None  # verified genitive of `name`; None → the "kunta X" fallback
    attributive: str  # genitive of `short` as a modifier ("Kuopion seurakunta"), or `short`
    org: Org  # "Kuopion kaupunki"
    city: bool
    slug: str


HEAD_FORMS = {  # "kunta X" fallback: the head noun inflects, the name stays nominative
    "kunta": {"genitive": "kunnan", "adessive": "kunnalla", "ablative": "kunnalta",
              "inessive": "kunnassa", "elative": "kunnasta"},
    "kaupunki": {"genitive": "kaupungin", "adessive": "kaupungilla", "ablative": "kaupungilta",
                 "inessive": "kaupungissa", "elative": "kaupungista"},
}


def slugify(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e"})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


@lru_cache(maxsize=512)
def municipality(code: str) -> Municipality:
    place = reference().places[code]
    name = place.name
    if name.endswith(" kunta"):  # "Pedersören kunta": the official name already names the body
        attributive = name[: -len(" kunta")]
        bases = {a.get("BASEFORM") for a in inflector().analyses(attributive)
                 if a.get("SIJAMUOTO") == "omanto"}
        short = sorted(b for b in bases if b)[0] if bases - {None} else attributive
        org = make_org(name, "municipality", identifier=code)
        return Municipality(code, name, short, genitive(name), attributive, org, False, slugify(short))
    city = name in CITIES
    head = "kaupunki" if city else "kunta"
    gen = genitive(name)
    if gen is not None:
        org = make_org(f"{gen} {head}", "municipality", identifier=code)
    else:  # fallback: "kunta X", "kunnan X"
        org = Org(f"{head} {name}", "municipality", f"{head} {name}", code,
                  tuple((case, f"{HEAD_FORMS[head][case]} {name}") for case in FORM_CASES))
    return Municipality(code, name, name, gen, gen or name, org, city, slugify(name))


def genitive_report() -> dict[str, Any]:
    """How many municipality names got a Voikko-verified genitive."""
    names = sorted(reference().places.values(), key=lambda p: p.code)
    failed = [p.name for p in names if municipality(p.code).genitive is None]
    return {"total": len(names), "verified": len(names) - len(failed), "fallback": failed}


def region_genitive(welfare_name: str) -> str:
    """"Pohjois-Savon" from "Pohjois-Savon hyvinvointialue"; "Helsingin" from "Helsingin kaupunki"."""
    return welfare_name.split(" ")[0] if " " in welfare_name else welfare_name


# --------------------------------------------------------------------------------------------
# Phrases
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceWords:
    nom: str
    gen: str
    ela: str
    ill: str
    short: tuple[str, str, str, str]  # nom, gen, ela, ill of a short form
    plural: bool  # agreement of the verb with the nominative
    verb: tuple[str, str]  # active 3rd person singular / plural ("laatii", "laativat")
    passive: str  # "laaditaan"
    heading: tuple[str, ...]  # heading variants
    law: str  # section(s) of Act 681/2023

    @property
    def acc(self) -> str:
        """The total object: the genitive in the singular, the nominative in the plural."""
        return self.nom if self.plural else self.gen

    @property
    def short_acc(self) -> str:
        return self.short[0] if self.plural else self.short[1]


def combined(first: str, second: str) -> ServiceWords:
    """The words of a section that describes two services together."""
    a, b = SERVICES[first], SERVICES[second]
    return ServiceWords(
        f"{a.nom} ja {b.nom}", f"{a.gen} ja {b.gen}", f"{a.ela} ja {b.ela}", f"{a.ill} ja {b.ill}",
        (f"{a.short[0]} ja {b.short[0]}", f"{a.short[1]} ja {b.short[1]}", f"{a.short[2]} ja {b.short[2]}",
         f"{a.short[3]} ja {b.short[3]}"), True, a.verb, a.passive,
        (f"{a.heading[0]} ja {b.heading[0][:1].lower()}{b.heading[0][1:]}",), a.law)


SERVICES: dict[str, ServiceWords] = {
    ASSESSMENT: ServiceWords(
        "osaamisen ja kotoutumisen palvelutarpeen arviointi",
        "osaamisen ja kotoutumisen palvelutarpeen arvioinnin",
        "osaamisen ja kotoutumisen palvelutarpeen arvioinnista",
        "osaamisen ja kotoutumisen palvelutarpeen arviointiin",
        ("arviointi", "arvioinnin", "arvioinnista", "arviointiin"), False, ("tekee", "tekevät"),
        "tehdään", ("Osaamisen ja kotoutumisen palvelutarpeen arviointi",), "14 §"),
    MULTI_ASSESSMENT: ServiceWords(
        "monialainen osaamisen ja kotoutumisen palvelutarpeen arviointi",
        "monialaisen osaamisen ja kotoutumisen palvelutarpeen arvioinnin",
        "monialaisesta osaamisen ja kotoutumisen palvelutarpeen arvioinnista",
        "monialaiseen osaamisen ja kotoutumisen palvelutarpeen arviointiin",
        ("monialainen arviointi", "monialaisen arvioinnin", "monialaisesta arvioinnista",
         "monialaiseen arviointiin"), False, ("tekee", "tekevät"), "tehdään",
        ("Monialainen osaamisen ja kotoutumisen palvelutarpeen arviointi",), "15 §"),
    PLAN: ServiceWords(
        "kotoutumissuunnitelma", "kotoutumissuunnitelman", "kotoutumissuunnitelmasta",
        "kotoutumissuunnitelman laatimiseen",
        ("suunnitelma", "suunnitelman", "suunnitelmasta", "suunnitelman laatimiseen"), False,
        ("laatii", "laativat"), "laaditaan",
        ("Kotoutumissuunnitelma",
         "Osaamisen ja kotoutumisen palvelutarpeen arvioinnin pohjalta laadittava kotoutumissuunnitelma"),
        "16 §"),
    MULTI_PLAN: ServiceWords(
        "monialainen kotoutumissuunnitelma", "monialaisen kotoutumissuunnitelman",
        "monialaisesta kotoutumissuunnitelmasta", "monialaisen kotoutumissuunnitelman laatimiseen",
        ("monialainen suunnitelma", "monialaisen suunnitelman", "monialaisesta suunnitelmasta",
         "monialaisen suunnitelman laatimiseen"), False, ("laatii", "laativat"), "laaditaan",
        ("Monialainen kotoutumissuunnitelma",), "17 §"),
    FAMILY_PLAN: ServiceWords(
        "perheen kotoutumissuunnitelma", "perheen kotoutumissuunnitelman",
        "perheen kotoutumissuunnitelmasta", "perheen kotoutumissuunnitelman laatimiseen",
        ("perheen suunnitelma", "perheen suunnitelman", "perheen suunnitelmasta",
         "perheen suunnitelman laatimiseen"), False, ("laatii", "laativat"), "laaditaan",
        ("Perheen kotoutumissuunnitelma",), "21 §"),
    ORIENTATION: ServiceWords(
        "monikielinen yhteiskuntaorientaatio", "monikielisen yhteiskuntaorientaation",
        "monikielisestä yhteiskuntaorientaatiosta", "monikieliseen yhteiskuntaorientaatioon",
        ("yhteiskuntaorientaatio", "yhteiskuntaorientaation", "yhteiskuntaorientaatiosta",
         "yhteiskuntaorientaatioon"), False, ("järjestää", "järjestävät"), "järjestetään",
        ("Monikielinen yhteiskuntaorientaatio",), "25 §"),
    TRAINING: ServiceWords(
        "kotoutumiskoulutus", "kotoutumiskoulutuksen", "kotoutumiskoulutuksesta",
        "kotoutumiskoulutukseen",
        ("koulutus", "koulutuksen", "koulutuksesta", "koulutukseen"), False,
        ("järjestää", "järjestävät"), "järjestetään", ("Kotoutumiskoulutus",), "26–27 §"),
    FINAL_TEST: ServiceWords(
        "kielitaidon päättötestaus", "kielitaidon päättötestauksen", "kielitaidon päättötestauksesta",
        "kielitaidon päättötestaukseen",
        ("päättötestaus", "päättötestauksen", "päättötestauksesta", "päättötestaukseen"), False,
        ("järjestää", "järjestävät"), "järjestetään",
        ("Kielitaidon päättötestaus", "Suomen tai ruotsin kielen päättötestaus"), "26 § 3 mom."),
    OTHER_TRAINING: ServiceWords(
        "muut kotoutumista edistävät koulutukset ja palvelut",
        "muiden kotoutumista edistävien koulutusten ja palvelujen",
        "muista kotoutumista edistävistä koulutuksista ja palveluista",
        "muihin kotoutumista edistäviin koulutuksiin ja palveluihin",
        ("muut koulutukset ja palvelut", "muiden koulutusten ja palvelujen",
         "muista koulutuksista ja palveluista", "muihin koulutuksiin ja palveluihin"), True,
        ("järjestää", "järjestävät"), "järjestetään",
        ("Muut kotoutumista edistävät koulutukset ja palvelut",
         "Muu kielitaitoa, työelämävalmiuksia ja yrittäjyyttä edistävä koulutus ja palvelu"),
        "13 § 1 mom. 4 k."),
    GUIDANCE: ServiceWords(
        "kotoutumisohjelman aikainen ohjaus ja neuvonta",
        "kotoutumisohjelman aikaisen ohjauksen ja neuvonnan",
        "kotoutumisohjelman aikaisesta ohjauksesta ja neuvonnasta",
        "kotoutumisohjelman aikaiseen ohjaukseen ja neuvontaan",
        ("ohjaus ja neuvonta", "ohjauksen ja neuvonnan", "ohjauksesta ja neuvonnasta",
         "ohjaukseen ja neuvontaan"), False, ("järjestää", "järjestävät"), "järjestetään",
        ("Kotoutumisohjelman aikainen ohjaus ja neuvonta", "Ohjaus ja neuvonta kotoutumisohjelman aikana"),
        "13 § 1 mom. 5 k."),
    OTHER_MUNICIPAL: ServiceWords(
        "muut kunnan palvelut", "muiden kunnan palvelujen", "muista kunnan palveluista",
        "muihin kunnan palveluihin",
        ("muut palvelut", "muiden palvelujen", "muista palveluista", "muihin palveluihin"), True,
        ("järjestää", "järjestävät"), "järjestetään",
        ("Muut kunnan palvelut", "Muut kunnan järjestämät kotoutumista edistävät palvelut"), "13 § 2 mom."),
}

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    ASSESSMENT: (
        "Arvioinnissa kartoitetaan maahanmuuttajan koulutustausta, työkokemus, kielitaito sekä työ- ja "
        "toimintakyky, ja sen pohjalta sovitaan jatkopalveluista.",
        "Palvelutarpeen arviointi käynnistetään ilman viivettä, kun tieto arviointiin oikeutetusta "
        "henkilöstä saadaan.",
        "Arviointi koskee henkilöitä, joiden ensimmäisestä oleskeluluvasta tai oleskeluoikeuden "
        "rekisteröinnistä on kulunut enintään kolme vuotta.",
        "Arviointi tehdään asiakkaan äidinkielellä tai muulla hänen hyvin hallitsemallaan kielellä, "
        "tarvittaessa tulkin avulla.",
    ),
    MULTI_ASSESSMENT: (
        "Monialaista arviointia käytetään, kun asiakkaan tilanne vaatii kotoutumispalvelujen sekä sosiaali- "
        "ja terveyspalvelujen yhteensovittamista.",
        "Arvioinnissa selvitetään tavanomaisen sisällön lisäksi kuntoutuksen sekä sosiaali- ja "
        "terveydenhuollon tarpeet.",
        "Monialainen arviointi tehdään aina esimerkiksi kiintiöpakolaisille ja ilman huoltajaa maahan "
        "tulleille nuorille.",
    ),
    PLAN: (
        "Suunnitelmaan kirjataan asiakkaan omat tavoitteet sekä kielikoulutus ja muut palvelut, joihin hän "
        "osallistuu.",
        "Suunnitelma laaditaan arvioinnin jälkeen viipymättä, ja sitä tarkistetaan vähintään puolen vuoden "
        "välein.",
        "Asiakas ohjataan sovittuun palveluun kuukauden kuluessa suunnitelman laatimisesta.",
    ),
    MULTI_PLAN: (
        "Monialaisessa suunnitelmassa sovitetaan yhteen kotoutumista tukevat palvelut sekä sosiaali-, "
        "terveys- ja kuntoutuspalvelut.",
        "Monialainen suunnitelma laaditaan monialaisen arvioinnin perusteella.",
        "Suunnitelman toteutumista seurataan yhteisissä asiakastapaamisissa.",
    ),
    FAMILY_PLAN: (
        "Perheen suunnitelma voidaan laatia huoltajien suostumuksella, kun perheen tilanne sitä edellyttää.",
        "Suunnitelmassa kiinnitetään huomiota lasten ja nuorten hyvinvointiin sekä vanhempien tuen "
        "tarpeisiin.",
    ),
    ORIENTATION: (
        "Orientaatio antaa tietoa suomalaisesta yhteiskunnasta, työelämästä sekä asukkaan oikeuksista ja "
        "velvollisuuksista.",
        "Orientaatio toteutetaan mahdollisuuksien mukaan osallistujien omalla kielellä, muutoin tulkkausta "
        "käyttäen.",
        "Ryhmiä järjestetään lähiopetuksena ja tarvittaessa etäyhteyksin.",
    ),
    TRAINING: (
        "Koulutuksessa opiskellaan suomen kieltä sekä arjen, työelämän ja yhteiskunnan taitoja.",
        "Koulutus voidaan toteuttaa työvoimakoulutuksena, omaehtoisena opiskeluna tai vapaan sivistystyön "
        "koulutuksena.",
        "Koulutuksen tavoitteena on toimiva peruskielitaito suomen tai ruotsin kielessä.",
    ),
    FINAL_TEST: (
        "Testaus tehdään koulutuksen päättyessä valtakunnallisesti yhtenäisellä testillä.",
        "Testin tulos kirjataan asiakkaan suunnitelmaan, ja sitä hyödynnetään jatkopolun suunnittelussa.",
    ),
    OTHER_TRAINING: (
        "Kotoutumiskoulutuksen lisäksi tarjolla on luku- ja kirjoitustaidon opetusta, kielikursseja, "
        "työkokeiluja ja yrittäjyysneuvontaa.",
        "Palveluilla tuetaan kielitaidon, työelämävalmiuksien ja yrittäjyyden kehittymistä.",
    ),
    GUIDANCE: (
        "Ohjelman aikana asiakas saa henkilökohtaista ohjausta ja neuvontaa asumiseen, koulutukseen, työhön "
        "ja palveluihin liittyvissä asioissa.",
        "Neuvontaa annetaan ajanvarauksella ja avoimessa asiointipisteessä, tarvittaessa tulkin "
        "välityksellä.",
    ),
    OTHER_MUNICIPAL: (
        "Kirjasto-, liikunta-, kulttuuri- ja nuorisopalvelut tukevat uusien asukkaiden osallisuutta.",
        "Uusille asukkaille järjestetään tervetulotilaisuuksia ja tutustumiskäyntejä yhdessä järjestöjen "
        "kanssa.",
    ),
}


@dataclass(frozen=True)
class Group:
    osalta: tuple[str, ...]  # "työnhakijoiden osalta"
    allative: tuple[str, ...]  # "työnhakijoille"
    genitive: tuple[str, ...]  # "työnhakijoiden" (as a modifier)
    label: tuple[str, ...]  # "Työnhakijat:"


GROUPS = {
    JOBSEEKERS: Group(
        ("työnhakijoiden osalta", "työnhakijana olevien maahanmuuttajien osalta",
         "työttömien työnhakijoiden osalta"),
        ("työnhakijoille", "työttömille työnhakijoille", "työnhakijaksi ilmoittautuneille maahanmuuttajille"),
        ("työnhakijoiden", "työnhakijana olevien maahanmuuttajien"),
        ("Työnhakijat:", "Työnhakijana olevat maahanmuuttajat:")),
    OTHERS: Group(
        ("muiden maahanmuuttajien osalta", "muiden kuin työnhakijoiden osalta",
         "työvoiman ulkopuolella olevien osalta"),
        ("muille maahanmuuttajille", "muille kuin työnhakijoille",
         "työvoiman ulkopuolella oleville maahanmuuttajille"),
        ("muiden maahanmuuttajien", "muiden kuin työnhakijoiden", "työvoiman ulkopuolella olevien"),
        ("Muut maahanmuuttajat:", "Muut kotoutuja-asiakkaat:", "Työvoiman ulkopuolella olevat:")),
}

FIRST_NAMES = ("Laura", "Mikko", "Anna", "Juha", "Sanna", "Timo", "Riikka", "Petri", "Heidi", "Jari",
               "Elina", "Antti", "Katja", "Sami", "Minna", "Ville", "Tiina", "Marko", "Hanna", "Janne",
               "Outi", "Pekka", "Noora", "Teemu", "Aino", "Eero", "Satu", "Olli", "Jenni", "Tuomas")
LAST_NAMES = ("Halme", "Vuorela", "Rautio", "Koskela", "Lehtimäki", "Salmela", "Kallio", "Niemelä",
              "Heikkilä", "Saarinen", "Laaksonen", "Hiltunen", "Karjalainen", "Toivonen", "Ahonen",
              "Peltola", "Rinne", "Lahtinen", "Väisänen", "Honkanen", "Aaltonen", "Kivelä", "Mustonen",
              "Oksanen", "Pesonen", "Räsänen", "Suominen", "Tuominen", "Virtanen", "Ylönen")
TITLES = ("kotoutumiskoordinaattori", "maahanmuuttokoordinaattori", "kotoutumisohjaaja",
          "hyvinvointikoordinaattori", "sivistysjohtaja", "maahanmuuttopalvelujen päällikkö",
          "työllisyyskoordinaattori")
UNITS = ("kotoutumispalvelut", "maahanmuuttopalvelut", "hyvinvointipalvelut", "sivistyspalvelut",
         "työllisyyspalvelut")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " ja " + items[-1]


def orgs_case(orgs: Sequence[Org], case: str) -> str:
    return join([o.case(case) for o in orgs])


# --------------------------------------------------------------------------------------------
# Content model: who is responsible for what, per municipality
# --------------------------------------------------------------------------------------------


@dataclass
class GroupPlan:
    responsible: list[Org]
    providers: list[Org]
    partners: list[Org]


@dataclass
class Contact:
    title: str
    name: str
    email: str
    phone: str
    org: Org
    unit: str


@dataclass
class MunicipalityPlan:
    place: Municipality
    services: dict[str, dict[str, GroupPlan]]  # service → group → plan ({} = explicitly excluded)
    contact: Contact | None
    omissions: list[dict[str, str]] = field(default_factory=list)
    explicit_exclusions: set[str] = field(default_factory=set)


@dataclass
class Context:
    """The organisations of one employment area's document(s)."""

    area: Area
    employment: Org
    welfare: Org
    welfare_display: Org  # Helsinki: the city's social and health services
    kela: Org
    vocational: Org
    lead: Municipality


def _local_orgs(place: Municipality) -> dict[str, Org]:
    stem = place.attributive
    return {
        "parish": make_org(f"{stem} seurakunta", "parish", identifier=None),
        "redcross": make_org(f"Suomen Punaisen Ristin {stem} osasto", "ngo", "Suomen Punainen Risti"),
        "adult-education": make_org(f"{stem} kansalaisopisto", "educational-institution"),
    }


def _contact(rng: random.Random, place: Municipality) -> Contact:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{slugify(first)}.{slugify(last)}@{place.slug}.example"
    phone = f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return Contact(rng.choice(TITLES), f"{first} {last}", email, phone, place.org, rng.choice(UNITS))


def plan_municipality(rng: random.Random, ctx: Context, place: Municipality, joint: bool,
                      merge_training: bool = False,
                      vocational: frozenset[str] = frozenset()) -> MunicipalityPlan:
    """The true content of one municipality's programme (before omissions).

    `vocational`: the services whose jobseeker part the area's vocational institute delivers
    (decided per document, since a joint document states the jobseekers' side once).
    """
    local = _local_orgs(place)
    ea, wa, kela = ctx.employment, ctx.welfare_display, ctx.kela
    services: dict[str, dict[str, GroupPlan]] = {}
    explicit: set[str] = set()
    for service in ORDER:
        if service == FAMILY_PLAN and rng.random() < 0.35:
            if rng.random() < 0.5:
                services[service] = {}
                explicit.add(service)
            continue
        if service == OTHER_MUNICIPAL and rng.random() < 0.3:
            continue
        pool = {
            ASSESSMENT: [wa, kela], MULTI_ASSESSMENT: [kela, local["parish"]], PLAN: [kela, wa],
            MULTI_PLAN: [kela], FAMILY_PLAN: [wa, local["parish"]], ORIENTATION: [local["redcross"], kela],
            TRAINING: [local["redcross"], local["parish"]], FINAL_TEST: [kela],
            OTHER_TRAINING: [local["parish"], local["redcross"]], GUIDANCE: [kela, wa],
            OTHER_MUNICIPAL: [local["parish"], local["redcross"]],
        }[service]
        partners = pool[: rng.choice((1, 2))] if len(pool) > 1 else list(pool)
        if service in (FAMILY_PLAN, OTHER_MUNICIPAL):
            services[service] = {ALL: GroupPlan([place.org], [place.org], list(partners))}
            continue
        js = [ea, wa] if service in MULTISECTOR else [ea]
        ot = [place.org, wa] if service in MULTISECTOR else [place.org]
        js_prov, ot_prov = list(js), list(ot)
        if service in PROVIDED:
            if service in vocational:
                js_prov = [ctx.vocational]
            choice = rng.random()
            if joint and place.code != ctx.lead.code and choice < 0.35:
                ot_prov = [ctx.lead.org]  # bought from the lead town
            elif choice < 0.7 and service != ORIENTATION:
                ot_prov = [local["adult-education"]]
        services[service] = {
            JOBSEEKERS: GroupPlan(js, js_prov, list(partners)),
            OTHERS: GroupPlan(ot, ot_prov, list(partners)),
        }
        if service == FINAL_TEST and merge_training:  # one section describes both services
            services[service] = {g: GroupPlan(list(p.responsible), list(p.providers), list(p.partners))
                                 for g, p in services[TRAINING].items()}
    return MunicipalityPlan(place, services, _contact(rng, place), explicit_exclusions=explicit)


def apply_omission(rng: random.Random, plan: MunicipalityPlan, kind: str) -> None:
    """Introduce one known defect into a municipality's programme."""
    if kind == "missing-service":
        service = rng.choice(REQUIRED)
        del plan.services[service]
        plan.omissions.append({"kind": kind, "service": service})
    elif kind == "one-target-group":
        service = rng.choice(REQUIRED)
        group = rng.choice((JOBSEEKERS, OTHERS))
        del plan.services[service][group]
        plan.omissions.append({"kind": kind, "service": service, "missing_group": group})
    else:
        plan.contact = None
        plan.omissions.append({"kind": kind})


def expected_results(plan: MunicipalityPlan) -> list[dict[str, str]]:
    """The SHACL results (shapes/kotograph-13.ttl) that the plan's municipality should get."""
    out = []
    for service in REQUIRED:
        groups = plan.services.get(service)
        if not groups:
            out.append({"shape": "kgsh:MinimumContentShape", "constraint": "kgsh:MissingRequiredService",
                        "severity": "Violation", "service": service})
            continue
        if ALL in groups:
            continue
        for group in (JOBSEEKERS, OTHERS):
            if group not in groups:
                out.append({"shape": "kgsh:ResponsibleTargetGroupShape",
                            "constraint": "kgsh:ResponsibleBodyMissingForTargetGroup",
                            "severity": "Warning", "service": service, "group": group})
    if plan.contact is None:
        out.append({"shape": "kgsh:ContactPointShape", "constraint": "kgsh:NoContactPoint",
                    "severity": "Warning"})
    return out


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def _verb(service: ServiceWords, orgs: Sequence[Org]) -> str:
    return service.verb[1] if len(orgs) > 1 else service.verb[0]


def responsibility(rng: random.Random, words: ServiceWords, group: str, orgs: Sequence[Org]) -> str:
    """One sentence naming the body responsible for a service for `group`."""
    g = GROUPS[group]
    nom = orgs_case(orgs, "nominative")
    together = " yhdessä" if len(orgs) > 1 else ""
    vastaa = "vastaavat" if len(orgs) > 1 else "vastaa"
    options = [
        lambda: f"{cap(rng.choice(g.osalta))} {words.ela} {vastaa} {nom}{together}.",
        lambda: f"{nom} {vastaa}{together} {rng.choice(g.genitive)} {words.ela}.",
        lambda: f"{cap(words.nom)} {'ovat' if words.plural else 'on'} {rng.choice(g.osalta)} "
                f"{orgs_case(orgs, 'genitive')} {'yhteisellä ' if len(orgs) > 1 else ''}vastuulla.",
        lambda: f"{cap(rng.choice(g.allative))} {words.acc} {_verb(words, orgs)} {nom}{together}.",
        lambda: f"{nom} {_verb(words, orgs)}{together} {words.acc} {rng.choice(g.allative)}.",
        lambda: f"Vastuu {rng.choice(g.genitive)} {words.ela} on {orgs_case(orgs, 'adessive')}{together}.",
    ]
    return cap(rng.choice(options)())


def responsibility_all(rng: random.Random, words: ServiceWords, orgs: Sequence[Org]) -> str:
    nom = orgs_case(orgs, "nominative")
    options = [
        f"{cap(words.ela)} vastaa {nom} kaikkien asiakkaiden osalta.",
        f"{nom} vastaa {words.ela} riippumatta siitä, onko asiakas työnhakija.",
        f"{cap(words.nom)} {'ovat' if words.plural else 'on'} {orgs_case(orgs, 'genitive')} vastuulla "
        f"kaikkien kuntalaisten osalta.",
    ]
    return cap(rng.choice(options))


def provider_sentence(rng: random.Random, words: ServiceWords, plan: GroupPlan,
                      lead: Municipality | None) -> str:
    """Who delivers the service, when it is not the responsible body ('' otherwise)."""
    if [o.canonical for o in plan.providers] == [o.canonical for o in plan.responsible]:
        return ""
    provider = plan.providers[0]
    if lead is not None and provider.canonical == lead.org.canonical:
        return rng.choice((f"Palvelu ostetaan {provider.case('ablative')}.",
                           f"{cap(words.short[0])} hankitaan {provider.case('ablative')}, ja asiakkaat "
                           f"osallistuvat sen ryhmiin."))
    return rng.choice((f"{cap(words.short_acc)} toteuttaa {provider.name}.",
                       f"Palvelun tuottaa {provider.name}.",
                       f"{cap(words.short[0])} hankitaan ostopalveluna {provider.case('ablative')}."))


def provider_note(plan: GroupPlan, lead: Municipality | None) -> str:
    """A bracketed producer note for tables: " (toteuttaja: …)"."""
    if [o.canonical for o in plan.providers] == [o.canonical for o in plan.responsible]:
        return ""
    provider = plan.providers[0]
    if lead is not None and provider.canonical == lead.org.canonical:
        return f" (palvelu ostetaan {provider.case('ablative')})"
    return f" (toteuttaja: {provider.name})"


def cooperation(rng: random.Random, words: ServiceWords, partners: Sequence[Org],
                labelled: bool = False) -> str:
    """One sentence naming the partners of a service."""
    many = len(partners) > 1
    options = [
        f"{cap(words.short[0])} {words.passive} yhteistyössä {orgs_case(partners, 'genitive')} kanssa.",
        f"Yhteistyötä tehdään {orgs_case(partners, 'genitive')} kanssa.",
        f"{orgs_case(partners, 'nominative')} {'osallistuvat' if many else 'osallistuu'} tarvittaessa "
        f"{words.short[3]}.",
        f"Palvelun toteutuksessa {'ovat' if many else 'on'} mukana {orgs_case(partners, 'nominative')}.",
    ]
    if not labelled:
        options.append(f"Yhteistyötaho{'t' if many else ''}: {orgs_case(partners, 'nominative')}.")
    return cap(rng.choice(options))


def description(rng: random.Random, service: str, count: int = 2) -> list[str]:
    pool = list(DESCRIPTIONS[service])
    rng.shuffle(pool)
    return pool[:count]


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


@dataclass
class Style:
    layout: str
    numbered: bool
    upper: bool
    law_style: str  # "KotoL", "KOTOL", "kotoutumislaki", ""
    subsections: tuple[str, str, str]
    label_style: str  # "plain" ("Kuopio:"), "kunta" ("Kunta Kuopio:")
    label_own_line: bool
    summary_table: bool
    area_level: bool  # joint docs: jobseeker statements once for the whole area


def choose_style(rng: random.Random, joint: bool) -> Style:
    layout = rng.choice(LAYOUTS)
    return Style(
        layout=layout,
        numbered=layout == "chapters" or rng.random() < 0.3,
        upper=rng.random() < 0.25,
        law_style=rng.choice(("KotoL", "KOTOL", "kotoutumislaki", "")),
        subsections=rng.choice((("Kuvaus", "Vastuutaho", "Yhteistyö"),
                                ("A) Kuvaus palvelusta", "B) Vastuutaho", "C) Yhteistyö"),
                                ("Palvelun kuvaus", "Vastuutahot", "Yhteistyö ja kumppanit"))),
        label_style=rng.choice(("plain", "kunta")),
        label_own_line=rng.random() < 0.4,
        summary_table=layout == "chapters" and rng.random() < 0.4,
        area_level=joint and rng.random() < 0.7,
    )


class Writer:
    """Collects the Markdown-like source that examples/render_pdfs.py renders."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def heading(self, level: int, text: str) -> None:
        self.lines += [f"{'#' * level} {text}", ""]

    def para(self, *lines: str) -> None:
        lines = tuple(line for line in lines if line)
        if lines:
            self.lines += [*lines, ""]

    def bullets(self, items: Iterable[str]) -> None:
        self.lines += [f"- {item}" for item in items] + [""]

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        header, *body = rows
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "---|" * len(header))
        self.lines += ["| " + " | ".join(cell or "–" for cell in row) + " |" for row in body]
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


@dataclass
class DocumentPlan:
    key: str
    file_stem: str
    ctx: Context
    plans: list[MunicipalityPlan]
    joint: bool
    style: Style
    merge_training: bool


def _law(style: Style, service: str) -> str:
    law = SERVICES[service].law
    if not style.law_style:
        return ""
    if style.law_style == "kotoutumislaki":
        return f" (kotoutumislaki {law})"
    return f" ({style.law_style} {law})"


def _label(style: Style, place: Municipality) -> str:
    return f"Kunta {place.short}:" if style.label_style == "kunta" else f"{place.short}:"


def _with_label(style: Style, place: Municipality, sentences: Sequence[str]) -> tuple[str, ...]:
    body = " ".join(s for s in sentences if s)
    if style.label_own_line:
        return (_label(style, place), body)
    return (f"{_label(style, place)} {body}",)


class DocumentWriter:
    """Renders a DocumentPlan to the Markdown-like source."""

    def __init__(self, rng: random.Random, doc: DocumentPlan) -> None:
        self.rng, self.doc, self.style, self.ctx = rng, doc, doc.style, doc.ctx
        self.w = Writer()
        self.chapter = 1

    # -- front matter ------------------------------------------------------------------------

    def title(self) -> str:
        doc, rng = self.doc, self.rng
        if not doc.joint:
            org = doc.plans[0].place.org
            return rng.choice((f"{org.case('genitive')} kotoutumisohjelma 2025–2026",
                               f"{org.name} – Kotoutumisohjelma",
                               f"Kotoutumisohjelma: {org.name}"))
        if len(doc.plans) <= 4:
            return f"{join([p.place.org.case('genitive') for p in doc.plans])} yhteinen kotoutumisohjelma"
        return rng.choice((f"{self.ctx.employment.case('genitive')} kuntien kotoutumisohjelma",
                           f"Kotoutumisohjelma – {self.ctx.employment.name}"))

    def heading(self, level: int, text: str) -> None:
        if level == 2 and self.style.numbered:
            text = f"{self.chapter} {text}"
            self.chapter += 1
        if level == 2 and self.style.upper:
            text = text.upper()
        self.w.heading(level, text)

    def front(self) -> None:
        doc, ctx, rng, w = self.doc, self.ctx, self.rng, self.w
        w.heading(1, self.title())
        w.para(rng.choice(("Kotoutumisen alkuvaiheen palvelut ja niiden vastuutahot "
                           "(laki kotoutumisen edistämisestä 681/2023, 13 §)",
                           "Asiakirja kotoutumisohjelmasta (KotoL 681/2023 13 § 3 mom.)")),
               rng.choice(("Voimassa 1.1.2025 alkaen", "Hyväksytty 2024", "")))
        self.heading(2, rng.choice(("Yleistä", "Johdanto", "Taustaa")))
        intro = [rng.choice((
            "Laki kotoutumisen edistämisestä (681/2023) velvoittaa kunnan järjestämään kotoutumisohjelman "
            "ja kuvaamaan sen asiakirjassa.",
            "Kotoutumisohjelma on kunnan järjestämä kotoutumisen alkuvaiheen palvelukokonaisuus, josta "
            "säädetään kotoutumislain 13 §:ssä.",
            "Tämä asiakirja kuvaa kotoutumisen alkuvaiheen palvelut, niiden vastuutahot ja palveluihin "
            "liittyvän yhteistyön."))]
        if doc.joint:
            names = join([p.place.short for p in doc.plans])
            intro.append(rng.choice((
                f"Ohjelma on yhteinen kunnille {names}. Kunnat kuuluvat samaan työllisyysalueeseen "
                f"({ctx.employment.name}).",
                f"Asiakirja koskee seuraavia kuntia: {names}.")))
        if not any(o["kind"] == "one-target-group" for p in doc.plans for o in p.omissions):
            owner = "asuinkunta" if doc.joint else doc.plans[0].place.org.name
            intro.append(rng.choice((
                f"Työnhakijoiden osalta kotoutumisohjelman palveluista vastaa työvoimaviranomaisena toimiva "
                f"{ctx.employment.name}, ja muiden maahanmuuttajien osalta {owner}.",
                f"{ctx.employment.name} vastaa työnhakijaksi ilmoittautuneiden maahanmuuttajien palveluista; "
                f"muiden maahanmuuttajien palveluista vastaa {owner}.")))
        intro.append(rng.choice((
            f"Monialaiset palvelut toteutetaan yhdessä {ctx.welfare_display.case('genitive')} kanssa.",
            f"Sosiaali- ja terveyspalvelujen osalta yhteistyökumppanina toimii {ctx.welfare_display.name}.")))
        w.para(" ".join(intro))
        self.coordination()
        self.contacts()
        self.drafting()
        self.approval()

    def coordination(self) -> None:
        lead, rng = self.ctx.lead, self.rng
        unit = rng.choice(UNITS)
        self.heading(3 if self.style.numbered else 2, "Kotoutumisohjelmaa koordinoiva taho")
        self.w.para(rng.choice((f"Koordinoiva taho: {lead.org.case('genitive')} {unit}.",
                                f"Ohjelman koordinoinnista vastaa {lead.org.case('genitive')} "
                                f"kotoutumiskoordinaattori.")))

    def contacts(self) -> None:
        doc, w, rng = self.doc, self.w, self.rng
        contacts = [(p.place, p.contact) for p in doc.plans if p.contact]
        if not contacts:
            return
        self.heading(3 if self.style.numbered else 2,
                     rng.choice(("Yhteyshenkilö", "Yhteystiedot", "Kotoutumisohjelman yhteyshenkilö")))
        lead_contact = next((c for place, c in contacts if place.code == self.ctx.lead.code), None)
        documentwide = lead_contact is not None and (not doc.joint or all(p.contact for p in doc.plans))
        if not doc.joint:
            c = contacts[0][1]
            w.para(f"{cap(c.title)} {c.name}", f"{c.org.name}, {c.unit}", c.email, f"puh. {c.phone}")
            return
        if documentwide and lead_contact and rng.random() < 0.5:
            c = lead_contact
            w.para("Ohjelman yhteyshenkilö:", f"{cap(c.title)} {c.name}, {c.org.name}, {c.unit}",
                   f"{c.email}, puh. {c.phone}")
        w.para("Kuntien yhteyshenkilöt:")
        w.bullets(f"{place.short}: {c.title} {c.name}, {c.email}, puh. {c.phone}" for place, c in contacts)

    def drafting(self) -> None:
        ctx, rng = self.ctx, self.rng
        local = _local_orgs(ctx.lead)
        partners = [ctx.employment.name, ctx.welfare_display.name, "Kela", ctx.vocational.name,
                    local["redcross"].name, local["parish"].name]
        if ctx.employment.canonical == ctx.lead.org.canonical:
            partners = partners[1:]
        self.heading(3 if self.style.numbered else 2,
                     rng.choice(("Ohjelman laatimiseen osallistuneet yhteistyötahot",
                                 "Valmistelu ja yhteistyökumppanit")))
        if rng.random() < 0.5:
            self.w.para("Ohjelma on valmisteltu yhteistyössä seuraavien tahojen kanssa:")
            self.w.bullets(partners)
        else:
            self.w.para(f"Ohjelman valmisteluun osallistuivat {join(partners)}.")

    def approval(self) -> None:
        doc, rng = self.doc, self.rng
        self.heading(3 if self.style.numbered else 2,
                     rng.choice(("Käsittely ja hyväksyminen", "Hyväksyminen")))
        items = []
        for plan in doc.plans:
            body = "kaupunginhallitus" if plan.place.city else "kunnanhallitus"
            date = f"{rng.randint(1, 28)}.{rng.choice((10, 11, 12))}.2024"
            items.append((plan.place, body, date, rng.randint(20, 320)))
        if not doc.joint:
            _place, body, date, number = items[0]
            self.w.para(f"{cap(body)} hyväksyi kotoutumisohjelman {date} § {number}.")
        else:
            self.w.para("Ohjelma on hyväksytty kussakin kunnassa erikseen:")
            self.w.bullets(f"{place.attributive} {body} {date} § {number}"
                           for place, body, date, number in items)

    # -- services ----------------------------------------------------------------------------

    def sections(self) -> list[tuple[tuple[str, ...], ServiceWords]]:
        """The service sections of the document: one service each, or training + final test."""
        present = [s for s in ORDER if any(s in p.services for p in self.doc.plans)]
        merge = self.doc.merge_training and all(
            p.services.get(TRAINING) and p.services.get(FINAL_TEST)
            and set(p.services[TRAINING]) == set(p.services[FINAL_TEST]) for p in self.doc.plans)
        out: list[tuple[tuple[str, ...], ServiceWords]] = []
        for service in present:
            if merge and service == FINAL_TEST:
                continue
            if merge and service == TRAINING:
                out.append(((TRAINING, FINAL_TEST), combined(TRAINING, FINAL_TEST)))
            else:
                out.append(((service,), SERVICES[service]))
        return out

    def section_heading(self, services: tuple[str, ...], words: ServiceWords, level: int = 2) -> None:
        self.heading(level, self.rng.choice(words.heading) + _law(self.style, services[0]))

    def statements(self, words: ServiceWords, entry: dict[str, GroupPlan], groups: Sequence[str],
                   partners: bool) -> list[str]:
        """Responsibility (+ producer, + partner) sentences for one municipality's service."""
        rng, out = self.rng, []
        lead = self.ctx.lead if self.doc.joint else None
        if ALL in entry:
            out.append(responsibility_all(rng, words, entry[ALL].responsible))
            out.append(provider_sentence(rng, words, entry[ALL], lead))
        for group in groups:
            if group in entry:
                out.append(responsibility(rng, words, group, entry[group].responsible))
                out.append(provider_sentence(rng, words, entry[group], lead))
        if partners:
            out.append(cooperation(rng, words, _partners(entry), labelled=self.doc.joint))
        return [sentence for sentence in out if sentence]

    def exclusion(self, words: ServiceWords, place: Municipality) -> str:
        return self.rng.choice((f"{cap(words.nom)} ei sisälly {place.org.case('genitive')} "
                                f"kotoutumisohjelmaan.", "Ei sisälly ohjelmaan."))

    def service_section(self, services: tuple[str, ...], words: ServiceWords) -> None:
        doc, rng, w, style = self.doc, self.rng, self.w, self.style
        service = services[0]
        covered = [p for p in doc.plans if service in p.services]
        described = [p for p in covered if p.services[service]]
        excluded = [p for p in covered if not p.services[service]]
        # A joint document that silently leaves a municipality out of a section writes no
        # section-wide text there: everything in the section belongs to a named municipality.
        silent_gap = len(covered) < len(doc.plans)
        uniform = (doc.joint and style.area_level and not silent_gap and not excluded
                   and all(JOBSEEKERS in p.services[service] and OTHERS in p.services[service]
                           for p in described))
        groups = (OTHERS,) if uniform else (JOBSEEKERS, OTHERS)
        desc = [] if doc.joint and silent_gap else [
            d for s in services for d in description(rng, s, 1 if len(services) > 1 else 2)]
        self.section_heading(services, words)
        if style.layout == "chapters":
            self.chapter_section(service, words, desc, described, excluded, uniform, groups)
            return
        if desc:
            w.para(" ".join(desc))
        if uniform:
            ea = described[0].services[service][JOBSEEKERS]
            w.para(f"{responsibility(rng, words, JOBSEEKERS, ea.responsible)[:-1]} kaikissa kunnissa. "
                   f"{provider_sentence(rng, words, ea, None)}".rstrip())
        if doc.joint:
            w.para(rng.choice(("Vastuutahot kunnittain:", "Vastuutahot ja toteuttajat kunnittain:",
                               "Kuntakohtaiset vastuut:")))
        for plan in described:
            sentences = self.statements(words, plan.services[service], groups, True)
            if doc.joint:
                w.para(*_with_label(style, plan.place, sentences))
            else:
                w.para(" ".join(sentences))
        for plan in excluded:
            if doc.joint:
                w.para(*_with_label(style, plan.place, [self.exclusion(words, plan.place)]))
            else:
                w.para(self.exclusion(words, plan.place))

    def chapter_section(self, service: str, words: ServiceWords, desc: list[str],
                        described: list[MunicipalityPlan], excluded: list[MunicipalityPlan],
                        uniform: bool, groups: Sequence[str]) -> None:
        """Kuvaus / Vastuutaho / Yhteistyö subsections of a numbered chapter."""
        doc, rng, w, style = self.doc, self.rng, self.w, self.style
        sub = style.subsections
        if desc:
            w.heading(3, sub[0])
            w.para(" ".join(desc))
        w.heading(3, sub[1])
        if not doc.joint:
            for plan in described:
                self.chapter_responsibility(words, plan.services[service])
            for plan in excluded:
                w.para(self.exclusion(words, plan.place))
        else:
            if uniform:
                ea = described[0].services[service][JOBSEEKERS]
                together = " yhdessä" if len(ea.responsible) > 1 else ""
                w.para(f"{GROUPS[JOBSEEKERS].label[0]} {orgs_case(ea.responsible, 'nominative')}{together} "
                       f"kaikissa kunnissa{provider_note(ea, None)}.")
            for plan in described:
                w.para(*_with_label(style, plan.place,
                                    self.statements(words, plan.services[service], groups, False)))
            for plan in excluded:
                w.para(*_with_label(style, plan.place, [self.exclusion(words, plan.place)]))
        if not described:
            return
        w.heading(3, sub[2])
        if doc.joint:
            w.para(*(f"{plan.place.short}: "
                     f"{cooperation(rng, words, _partners(plan.services[service]), labelled=True)}"
                     for plan in described))
        else:
            w.para(cooperation(rng, words, _partners(described[0].services[service])))

    def chapter_responsibility(self, words: ServiceWords, entry: dict[str, GroupPlan]) -> None:
        rng = self.rng
        if ALL in entry:
            self.w.para(f"Kaikki asiakkaat: {orgs_case(entry[ALL].responsible, 'nominative')}. "
                        f"{responsibility_all(rng, words, entry[ALL].responsible)}")
            return
        for group in (JOBSEEKERS, OTHERS):
            if group not in entry:
                continue
            g = entry[group]
            together = " yhdessä" if len(g.responsible) > 1 else ""
            line = f"{rng.choice(GROUPS[group].label)} {orgs_case(g.responsible, 'nominative')}{together}."
            self.w.para(f"{line} {provider_sentence(rng, words, g, None)}".rstrip())

    def table_rows(self, plan: MunicipalityPlan, lead: Municipality | None) -> list[list[str]]:
        rows = [["Palvelu", "Työnhakijat", "Muut maahanmuuttajat", "Yhteistyökumppanit"]]
        for service in ORDER:
            if service not in plan.services:
                continue
            entry = plan.services[service]
            words = SERVICES[service]
            label = words.heading[0] + (f" ({words.law})" if self.style.law_style else "")
            if not entry:
                rows.append([label, "ei sisälly ohjelmaan", "ei sisälly ohjelmaan", "–"])
                continue
            cells = []
            for group in (JOBSEEKERS, OTHERS):
                g = entry.get(group) or entry.get(ALL)
                cells.append(f"{orgs_case(g.responsible, 'nominative')}{provider_note(g, lead)}"
                             if g else "–")
            rows.append([label, *cells, ", ".join(o.name for o in _partners(entry))])
        return rows

    def table_section(self) -> None:
        doc, rng, w = self.doc, self.rng, self.w
        lead = self.ctx.lead if doc.joint else None
        self.heading(2, "VASTUUTAULUKKO" if rng.random() < 0.5 else "Vastuutaulukko")
        w.para(rng.choice(("Taulukossa mainittu taho vastaa palvelun järjestämisestä. Suluissa on "
                           "palvelun toteuttaja, jos se on muu kuin vastuutaho.",
                           "Taulukko kokoaa palvelujen vastuutahot kohderyhmittäin sekä palveluihin "
                           "liittyvät yhteistyökumppanit.")))
        for plan in doc.plans:
            if doc.joint:
                w.heading(3, plan.place.short)
            w.table(self.table_rows(plan, lead))
        # Short descriptions only of the services that every municipality of the document describes.
        common = [(services, words) for services, words in self.sections()
                  if all(p.services.get(services[0]) for p in doc.plans)]
        if common:
            self.heading(2, rng.choice(("Palvelujen kuvaukset", "Palvelujen lyhyet kuvaukset")))
        for services, words in common:
            self.section_heading(services, words, level=3)
            w.para(" ".join(d for s in services for d in description(rng, s, 2)))

    def summary(self) -> None:
        self.heading(2, "VASTUUTAULUKKO")
        self.w.table(self.table_rows(self.doc.plans[0], None))

    def render(self) -> str:
        self.front()
        if self.style.layout == "table":
            self.table_section()
        else:
            for services, words in self.sections():
                self.service_section(services, words)
            if self.style.summary_table and not self.doc.joint:
                self.summary()
        return self.w.text()


def _partners(entry: dict[str, GroupPlan]) -> list[Org]:
    seen: dict[str, Org] = {}
    for g in entry.values():
        for org in g.partners:
            seen.setdefault(org.name, org)
    return list(seen.values())


# --------------------------------------------------------------------------------------------
# Planning the corpus
# --------------------------------------------------------------------------------------------


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random("/".join(["kotograph-corpus", str(seed), *parts]))


def _order_key(seed: int, text: str) -> str:
    return hashlib.sha256(f"{seed}/{text}".encode()).hexdigest()


def context(area: Area) -> Context:
    ref = reference()
    lead_code = area.lead if area.lead in area.members else area.members[0]
    lead = municipality(lead_code)
    welfare_key = ref.places[lead_code].welfare_area
    welfare_name = ref.welfare[welfare_key]
    # Helsinki, Vantaa, Lahti and Kouvola are their own employment area (and Helsinki its own
    # welfare area): the city itself is then the body, under the municipality's identity.
    employment = (lead.org if area.name == lead.org.name
                  else make_org(area.name, "employment-area", identifier=area.key))
    welfare = display = (lead.org if welfare_name == lead.org.name
                         else make_org(welfare_name, "welfare-area", identifier=welfare_key))
    if welfare is lead.org:
        display = make_org(f"{lead.org.case('genitive')} sosiaali-, terveys- ja pelastustoimiala",
                           "municipality", lead.org.canonical, lead.code)
    kela = make_org("Kela", "kela")
    vocational = make_org(f"{region_genitive(welfare_name)} ammattiopisto", "educational-institution")
    return Context(area, employment, welfare, display, kela, vocational, lead)


def omission_assignments(seed: int, fraction: float) -> dict[str, str]:
    """Municipality code → omission kind, for a fraction of all mainland municipalities."""
    codes = sorted(reference().places, key=lambda c: _order_key(seed, f"omission/{c}"))
    chosen = codes[: round(fraction * len(codes))]
    return {code: OMISSION_KINDS[int(_order_key(seed, f"kind/{code}"), 16) % len(OMISSION_KINDS)]
            for code in chosen}


def selected_areas(seed: int, fraction: float) -> list[Area]:
    """A deterministic subset of employment areas; a smaller fraction is a prefix of a larger one."""
    areas = sorted(reference().areas.values(), key=lambda a: _order_key(seed, f"area/{a.key}"))
    count = max(1, round(fraction * len(areas))) if fraction > 0 else 0
    return sorted(areas[:count], key=lambda a: a.key)


def plan_area(seed: int, area: Area, omissions: dict[str, str]) -> list[DocumentPlan]:
    """The documents of one employment area (independent of --fraction)."""
    rng = _rng(seed, "area", area.key)
    ctx = context(area)
    joint = len(area.members) > 1 and rng.random() < 0.5
    groups = [list(area.members)] if joint else [[code] for code in area.members]
    docs = []
    for codes in groups:
        key = area.key if joint else codes[0]
        doc_rng = _rng(seed, "document", key)
        style = choose_style(doc_rng, joint)
        merge = doc_rng.random() < 0.3
        vocational = frozenset(s for s in PROVIDED if doc_rng.random() < 0.6)
        plans = []
        for code in codes:
            place = municipality(code)
            plan = plan_municipality(_rng(seed, "municipality", code), ctx, place, joint, merge,
                                     vocational)
            if code in omissions:
                apply_omission(_rng(seed, "omission", code), plan, omissions[code])
            plans.append(plan)
        stem = (f"{area.key}-alue-kotoutumisohjelma" if joint
                else f"{codes[0]}-{municipality(codes[0]).slug}-kotoutumisohjelma")
        docs.append(DocumentPlan(key, stem, ctx, plans, joint, style, merge))
    return docs


# --------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------


@dataclass
class DocumentRecord:
    file: str
    sha256: str
    employment_area: str
    joint: bool
    layout: str
    title: str
    municipalities: dict[str, dict[str, Any]]


@dataclass
class Manifest:
    seed: int
    fraction: float
    omissions: float
    format: str
    genitives: dict[str, Any]
    documents: list[DocumentRecord]
    organisations: dict[str, dict[str, Any]]

    @property
    def municipality_codes(self) -> list[str]:
        return sorted(code for d in self.documents for code in d.municipalities)

    def expected_results(self) -> dict[str, list[dict[str, str]]]:
        return {code: m["expected_results"] for d in self.documents for code, m in d.municipalities.items()}

    def to_json(self) -> str:
        data = {
            "_notes": [
                "Synthetic programme documents written by eval/corpus.py; all people, contacts, decisions "
                "and educational institutions are fictional.",
                "documents[].municipalities.<code>.services.<service>.<group> -> responsible / providers / "
                "partners by canonical organisation name, as in examples/expected.json; {} marks a service "
                "the document explicitly leaves out.",
                "expected_results: the SHACL results of shapes/kotograph-13.ttl that validating a correct "
                "extraction of the document gives for the municipality (none when it has no omission).",
            ],
            **{k: v for k, v in asdict(self).items() if k not in ("documents", "organisations")},
            "summary": {
                "documents": len(self.documents),
                "joint_documents": sum(d.joint for d in self.documents),
                "municipalities": len(self.municipality_codes),
                "municipalities_with_omissions": sum(bool(m["omissions"]) for d in self.documents
                                                     for m in d.municipalities.values()),
            },
            "organisations": self.organisations,
            "documents": [asdict(d) for d in self.documents],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _group_record(plan: GroupPlan) -> dict[str, list[str]]:
    responsible = list(dict.fromkeys(o.canonical for o in plan.responsible))
    providers = list(dict.fromkeys(o.canonical for o in plan.providers))
    partners = [c for c in dict.fromkeys(o.canonical for o in plan.partners)
                if c not in responsible and c not in providers]
    return {"responsible": responsible, "providers": providers, "partners": partners}


def municipality_record(plan: MunicipalityPlan, document: str) -> dict[str, Any]:
    c = plan.contact
    return {
        "name": plan.place.name,
        "organisation": plan.place.org.canonical,
        "document": document,
        "services_described": [s for s in ORDER if plan.services.get(s)],
        "services": {s: {g: _group_record(p) for g, p in plan.services[s].items()}
                     for s in ORDER if s in plan.services},
        "contact_point": None if c is None else {
            "title": c.title, "name": c.name, "email": c.email, "phone": c.phone,
            "organisation": c.org.canonical, "unit": c.unit},
        "omissions": plan.omissions,
        "expected_results": expected_results(plan),
    }


def _collect_orgs(doc: DocumentPlan, into: dict[str, dict[str, Any]]) -> None:
    for plan in doc.plans:
        for entry in plan.services.values():
            for g in entry.values():
                for org in (*g.responsible, *g.providers, *g.partners):
                    record = into.setdefault(org.canonical, {"kind": org.kind})
                    if org.identifier:
                        record["identifier"] = org.identifier
                    if org.name != org.canonical:
                        aliases = record.setdefault("aliases", [])
                        if org.name not in aliases:
                            aliases.append(org.name)
                            aliases.sort()


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def renderer() -> ModuleType:
    """examples/render_pdfs.py, loaded from its path (examples/ is not a package)."""
    name = "kotograph_examples_render_pdfs"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, RENDERER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def render_file(source: str, target: str, fmt: str) -> str:
    """Write one document; returns its sha256. Runs in worker processes too."""
    path = Path(target)
    if fmt == "md":
        path.write_text(source, encoding="utf-8")
    else:
        module = renderer()
        module.render_pdf(module.parse(source), "fi", path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(out_dir: Path, seed: int = 1, fraction: float = 1.0, omissions: float = 0.1,
             fmt: str = "pdf", *, areas: Sequence[str] | None = None, workers: int | None = None,
             progress: bool = False) -> Manifest:
    """Write the synthetic corpus and DIR/manifest.json; return the manifest.

    `areas` (employment area keys) replaces the --fraction subset. A document's bytes depend
    only on the seed and its area, so a smaller subset holds the same files as a larger one.
    """
    if fmt not in ("pdf", "md"):
        raise ValueError(f"unknown format {fmt!r} (pdf or md)")
    if not 0 <= fraction <= 1 or not 0 <= omissions <= 1:
        raise ValueError("--fraction and --omissions must lie between 0 and 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    assignments = omission_assignments(seed, omissions)
    chosen = (selected_areas(seed, fraction) if areas is None
              else [reference().areas[key] for key in sorted(set(areas))])
    docs = [doc for area in chosen for doc in plan_area(seed, area, assignments)]
    sources = []
    for doc in docs:
        text = DocumentWriter(_rng(seed, "text", doc.key), doc).render()
        sources.append((doc, text, str(out_dir / f"{doc.file_stem}.{fmt}")))
    hashes = _render_all(sources, fmt, workers, progress)
    organisations: dict[str, dict[str, Any]] = {}
    records = []
    for (doc, text, target), sha in zip(sources, hashes, strict=True):
        _collect_orgs(doc, organisations)
        ctx = doc.ctx
        if ctx.employment is ctx.lead.org:
            organisations[ctx.lead.org.canonical]["employment_area"] = ctx.area.key
        if ctx.welfare is ctx.lead.org:
            welfare_key = reference().places[ctx.lead.code].welfare_area
            organisations[ctx.lead.org.canonical]["welfare_area"] = welfare_key
        title = text.splitlines()[0][2:]
        name = Path(target).name
        records.append(DocumentRecord(
            name, sha, doc.ctx.area.key, doc.joint, doc.style.layout, title,
            {p.place.code: municipality_record(p, name) for p in doc.plans}))
    manifest = Manifest(seed, fraction, omissions, fmt, genitive_report(), records,
                        dict(sorted(organisations.items())))
    (out_dir / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def _render_all(sources: list[tuple[DocumentPlan, str, str]], fmt: str, workers: int | None,
                progress: bool) -> list[str]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not progress, transient=False) as bar:
        task = bar.add_task(f"rendering {fmt.upper()}", total=len(sources))
        if fmt == "md" or len(sources) < 8 or workers == 1:
            hashes = []
            for _doc, text, target in sources:
                hashes.append(render_file(text, target, fmt))
                bar.advance(task)
            return hashes
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(render_file, text, target, fmt) for _doc, text, target in sources]
            for future in futures:
                future.result()
                bar.advance(task)
            return [f.result() for f in futures]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fraction", type=float, default=1.0, help="share of employment areas (0–1)")
    parser.add_argument("--omissions", type=float, default=0.1,
                        help="share of municipalities whose programme has a known defect (0–1)")
    parser.add_argument("--format", choices=("pdf", "md"), default="pdf")
    parser.add_argument("--workers", type=int, default=None, help="PDF rendering processes")
    args = parser.parse_args(argv)
    from rich.console import Console

    console = Console(stderr=True)
    started = time.perf_counter()
    manifest = generate(args.out, args.seed, args.fraction, args.omissions, args.format,
                        workers=args.workers, progress=True)
    elapsed = time.perf_counter() - started
    g = manifest.genitives
    omitted = sum(bool(m["omissions"]) for d in manifest.documents for m in d.municipalities.values())
    console.print(
        f"[green]{len(manifest.documents)} documents[/] ({sum(d.joint for d in manifest.documents)} joint) "
        f"for {len(manifest.municipality_codes)} municipalities, {omitted} with omissions, "
        f"in {elapsed:.1f} s → {args.out}/manifest.json")
    console.print(f"genitives verified with Voikko: {g['verified']}/{g['total']}"
                  + (f" (fallback: {', '.join(g['fallback'])})" if g["fallback"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
