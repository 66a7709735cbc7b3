"""Facts, segment by segment and sentence by sentence: who is responsible for, provides or
takes part in which service, for which group, in which member municipality.

Every segment comes with its frame (`segments`): services, municipalities, group and the
role slot of its verbless bodies. A sentence's services are the ones it names itself, else
its frame's; its municipalities the frame's, narrowed where the sentence opens on one member
("Kuopiossa …", "I Larsmo …"); its group the one its clause names, else the one the
paragraph last named, else the frame's; its bodies' roles come from the grammar (`relations`,
`relations_sv`), and a body the grammar gives no role takes the frame's slot. Each fact
carries the rule that produced it and a confidence: statements that restate the law, plans
and options are kept with a low one, so that answers can leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Span

from extraction import framing
from extraction.division import division_group
from extraction.fact_store import FactStore
from extraction.mentions import Resolver
from extraction.model import Exclusion, Fact, Organisation, OrgKind, Provenance, Role, ServiceKey, TargetGroup
from extraction.relations import JOINT_RULE, LIST_RULE, VERB_ROLES, finished, purchased
from extraction.segments import Segment
from extraction.sentence_relations import ParsedDocument
from extraction.sentences import provenance, split_sentences
from extraction.services import (
    ANAPHORA,
    MULTISECTOR_VARIANTS,
    PROGRAMME_SCOPE,
    is_programme_monitoring,
    refers_to,
    section_services_for,
    service_positions,
    services_in_text,
    short_named_services,
)
from extraction.swedish import after_preposition as swedish_after_preposition
from extraction.swedish import for_clients_of as swedish_clients
from extraction.swedish import purchased as swedish_purchased
from extraction.targets import contrast_group, distribution, group_at, target_of

# A year or season of the past that dates a perfect-tense statement ("on osallistunut …
# vuosina 2023 ja 2024"): a past event, not what the programme arranges.
PAST_DATE = re.compile(r"\b(?:vuo(?:si|nna|sina)|syksyllä|keväällä|kesällä|talvella)\s+(?:20\d\d)\b",
                       re.IGNORECASE)
# Statements that hold for every service the programme has ("Kaikissa palveluissa …").
ALL_SERVICES = re.compile(r"\bkaik(?:issa|kiin|kia|ki)\s+(?:\w+\s+)?palvelu|\bi alla tjänster\b"
                          r"|\balla (?:\w+ )?tjänster(?:na)?\b", re.IGNORECASE)
# A group's services: "muiden kuin työnhakijoiden palvelut hoidetaan ostopalveluna …". The
# body 3 § puts in charge of that group named for them restates the law (LOW): "Työnhakijoiden
# palveluista vastaa työllisyysalue" is no service's own arrangement.
GROUP_SERVICES = re.compile(r"\b(?:työnhakijoiden|muiden kuin työnhakijoiden)\s+(?:kotoutumis)?"
                            r"palvelu(?:t|ista|ihin|iden|jen|ja|issa)\b"
                            r"|\b(?:kotoutumis)?palvelu(?:t|ista)\s+(?:muille kuin )?työnhakijoille\b"
                            r"|\b(?:arbetssökandes|övrigas)\s+(?:integrations)?tjänster"
                            r"|\b(?:integrations)?tjänsterna\s+för\s+(?:övriga|andra än arbetssökande"
                            r"|arbetssökande)\b", re.IGNORECASE)
# Cues that make a statement less than an arrangement of this programme: a restatement of
# the law, a plan, an option. Their facts are kept with LOW confidence.
HEDGES: dict[str, re.Pattern[str]] = {
    "fi": re.compile(
        r"\b\w*lain\b(?:\s*\([^)]*\))?\s+(?:\w+\s+)?mukaan\b|\blaissa\b|\bkotol\w* \d+\s*§:n mukaan\b"
        r"|\b\d+\s*§:n mukaan\b|\blakisääteinen\b"
        r"|\bsuunnittei\w*|\bsuunnitellaan\b|\bselvitetään\b|\bvoidaan tarvittaessa\b"
        r"|\btavoitteena on\b|\bon tarkoitus\b"
        # the law's duty restated of a generic body: "Kunnan on laadittava …"
        r"|\b(?:kunnan|kuntien|työvoimaviranomaisen|hyvinvointialueen)\s+on\s+\w+t[aä]v[aä]\b",
        re.IGNORECASE),
    "sv": re.compile(
        # the law restated ("Enligt lagen …", "… ska … enligt 27 §"), not a service named
        # after its act ("arbetskraftsservice enligt lagen om ordnande av arbetskraftsservice")
        r"^\s*enligt\b|\bska\b[^.]*\benligt (?:lagen|\d+\s*§)|\benligt (?:lagen|\d+\s*§)[^.]*\bska\b"
        r"|\bplanera[rst]?\b|\bplaneras\b|\butreds\b|\bkan vid behov\b"
        r"|\bmålet är\b|\bavsikten är\b", re.IGNORECASE),
}
# The final language test placed inside integration training (26 § 3 mom.): "Päättötestaus on
# osa kotoutumiskoulutusta", "… sen toteuttaa koulutuksen järjestäjä", "ingår i utbildningen".
INSIDE_TRAINING: dict[str, re.Pattern[str]] = {
    "fi": re.compile(r"\bosa\w*\s+(?:\w+\s+)?(?:kotoutumis|työvoima)?koulutu"
                     r"|koulutuksen\s+(?:yhteydessä|lopussa)|koulutukse(?:e|ss)n\s+sisältyv"
                     r"|koulutuksen\s+(?:järjestäjä|toteuttaja)", re.IGNORECASE),
    "sv": re.compile(r"\bingår\s+i\s+(?:\w+)?utbildning|utbildningsanordnar"
                     r"|i\s+slutet\s+av\s+(?:\w+)?utbildning|\bdel\s+av\s+(?:\w+)?utbildning"
                     r"|i\s+samband\s+med\s+(?:\w+)?utbildning"
                     r"|den\s+som\s+(?:genomför|ordnar|anordnar|håller)\s+(?:\w+)?utbildning", re.IGNORECASE),
}
IMPLIED_RULE = "implied-by-integration-training"
# "Sama taho, joka teki arvioinnin", "samassa kokoonpanossa kuin monialainen arviointi",
# "samma aktör som gjorde kartläggningen": the service has another service's bodies.
SAME_BODIES: dict[str, re.Pattern[str]] = {
    "fi": re.compile(r"\bsama(?:t)?\s+(?:taho|toimija|työntekijä|henkilö)\w*|\bsamassa\s+kokoonpanossa\b",
                     re.IGNORECASE),
    "sv": re.compile(r"\bsamma\s+(?:aktör|instans|part|person|sammansättning)\w*", re.IGNORECASE),
}
# Rules that read the seller of a purchase: it provides for the buyers the sentence names.
SELLER_RULES = ("provider-ablative:", "sv-provider-seller", "provider-purchased")
ASSESSMENT_AND_PLAN = frozenset({ServiceKey.ASSESSMENT, ServiceKey.MULTISECTOR_ASSESSMENT,
                                 ServiceKey.INTEGRATION_PLAN, ServiceKey.MULTISECTOR_INTEGRATION_PLAN})
# The services another one may take its bodies from (by their plain names: "monialainen"
# in the sentence makes them the multi-sector variants).
SAME_AS_SOURCES = (ServiceKey.ASSESSMENT, ServiceKey.INTEGRATION_PLAN, ServiceKey.INTEGRATION_TRAINING)
# Integration training given as labour market training ("työvoimakoulutuksena",
# "som arbetskraftsutbildning") is procured by the employment authority for its jobseekers.
LABOUR_MARKET_TRAINING: dict[str, re.Pattern[str]] = {
    "fi": re.compile(r"työvoimakoulutu", re.IGNORECASE),
    "sv": re.compile(r"arbetskraftsutbildning", re.IGNORECASE),
}
LABOUR_MARKET_RULE = "responsible-labour-market-training"
# A service left out of the programme: "… ei sisälly kotoutumisohjelmaan", "ingår inte i programmet".
EXCLUDED: dict[str, re.Pattern[str]] = {
    "fi": re.compile(r"\bei\w*\s+(?:\w+\s+){0,2}?(?:sisälly|kuulu)\w*\s+(?:tähän\s+|\w+n\s+)?"
                     r"(?:kotoutumis)?ohjelmaan", re.IGNORECASE),
    "sv": re.compile(r"\bingår\s+(?:\w+\s+)?(?:inte|ej)\s+i\s+(?:integrations)?programmet", re.IGNORECASE),
}
# Members agreeing to arrange services together (8 §): "ovat sopineet … yhteistyöstä …
# järjestämisestä", "samarbetsavtal", "producerar … tjänster också för X".
AGREEMENT = re.compile(r"\bsopi\w*[^.]{0,80}yhteisty\w*[^.]{0,120}järjestämi|\bsopimu\w*[^.]{0,80}järjestämi"
                       r"|\bsamarbetsavtal|\bavtal\w*[^.]{0,80}\bordna|\bockså för\b", re.IGNORECASE)
# A statement for every member: "kaikkien sopijakuntien puolesta", "alla fyra kommuner".
ALL_MEMBERS = re.compile(r"\bkaik\w*\s+(?:\w+\s+)?(?:sopija|jäsen)?kun(?:t|n)\w*|\bsopijakun\w*"
                         r"|\balla\s+(?:\w+\s+)?kommuner\w*|\bsamtliga\s+kommuner", re.IGNORECASE)
# The individual services one member can arrange for another under such an agreement.
AGREEMENT_SERVICES = (
    ServiceKey.ASSESSMENT, ServiceKey.MULTISECTOR_ASSESSMENT, ServiceKey.INTEGRATION_PLAN,
    ServiceKey.MULTISECTOR_INTEGRATION_PLAN, ServiceKey.FAMILY_INTEGRATION_PLAN,
    ServiceKey.CIVIC_ORIENTATION, ServiceKey.INTEGRATION_TRAINING, ServiceKey.FINAL_LANGUAGE_TEST,
    ServiceKey.GUIDANCE_AND_COUNSELLING,
)
CONFIDENT = 0.9
DEFAULTED = 0.7  # the role or group came from the layout, not the sentence
LOW = 0.3
WHO = (Role.RESPONSIBLE, Role.PROVIDER)


def read_facts(parsed: ParsedDocument, segments: Sequence[Segment],
               covered: Sequence[str]) -> tuple[list[Fact], list[Exclusion]]:
    """The document's facts, each statement once (partners that are also in charge of the
    same service and group are left out: the stronger role says it), and its exclusions."""
    reader = _FactReader(parsed, segments, tuple(covered))
    reader.read()
    facts = _with_own_provision(_without_redundant_partners(reader.store.facts))
    facts = _with_labour_market_training(facts, reader.labour_market)
    return facts + _implied_facts(facts, reader.implied), list(dict.fromkeys(reader.exclusions))


@dataclass
class _FactReader:
    parsed: ParsedDocument
    segments: Sequence[Segment]
    covered: tuple[str, ...]
    store: FactStore = field(default_factory=lambda: FactStore([]))
    # who the text put in charge of a group in a municipality: bare role nouns work for it
    in_charge: dict[tuple[str, TargetGroup, ServiceKey | None], Organisation] = field(default_factory=dict)
    presented: tuple | None = None  # (resolve, span) of a body a sub-heading presents
    agreement: bool = False  # the members agreed that one arranges the others' municipal share
    shared: set[str] = field(default_factory=set)  # members whose units serve the others by agreement
    exclusions: list[Exclusion] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)  # members the sentence names as its actors
    # (municipality, group, service, the service whose bodies it has, provenance): a final test
    # the text puts inside the training; a service "by the same body as" another
    implied: list[tuple[str, TargetGroup, ServiceKey, ServiceKey, Provenance]] = field(default_factory=list)
    # (municipality, its employment area, provenance) where training is labour market training
    labour_market: list[tuple[str, Organisation, Provenance]] = field(default_factory=list)
    named_before: tuple[ServiceKey, ...] = ()  # the services the block's last naming sentence named
    named_at: int = -1  # that sentence's number in the block
    restating: bool = False  # the sentence names a group's services outside a service's section
    resolver: Resolver = field(init=False)  # generic bodies ("kunta", the area) per municipality

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.parsed.gazetteer)

    def read(self) -> None:
        self.agreement = any(AGREEMENT.search(s.block.text) and len(self._named_codes_text(s.block.text)) >= 2
                             for s in self.segments)
        running: TargetGroup | None = None
        previous_source, previous_group = -1, None
        for index, segment in enumerate(self.segments):
            frame = segment.frame
            if segment.block.kind == "heading":
                # a sub-heading that is one outside body's name ("Seutuopisto") presents what
                # it offers in the section's service
                self.presented = framing.presented_body(self.parsed, index, next(iter(self.covered), ""))
                continue
            if frame.skip:
                continue
            if frame.table or (segment.source != previous_source and not (
                    segment.block.kind == "paragraph" and self._continues(index, segment))) or (
                    frame.group is not None and frame.group != previous_group):
                # a group named in passing holds to the end of its block (or cell), and
                # gives way to a group label ("…; muut: asuinkunta")
                running = None
            previous_source, previous_group = segment.source, frame.group
            language = self.parsed.language_at(index)
            self.named_before, self.named_at = (), -1
            for number, sent in enumerate(split_sentences(self.parsed.docs[index], language)):
                running = self._sentence(index, segment, number, sent, running, language)

    def _continues(self, index: int, segment: Segment) -> bool:
        """A paragraph that goes on under the same frame as the paragraph before it (a PDF's
        line break may split one paragraph in two) runs on with its group."""
        if segment.frame.divided or segment.frame.table:
            return False  # a flattened table's paragraphs are cells, each on its own
        previous = next((s for s in reversed(self.segments[:index]) if s.source != segment.source), None)
        return previous is not None and previous.block.kind == "paragraph" and previous.frame == segment.frame

    def _sentence(self, index: int, segment: Segment, number: int, sent: Span,
                  running: TargetGroup | None, language: str) -> TargetGroup | None:
        """The facts of one sentence; returns the group the next sentence runs on with."""
        frame = segment.frame
        named = target_of(sent.text, language) or contrast_group(sent.text, running, language)
        if is_programme_monitoring(sent.text) or _past_event(sent):
            return named or running
        services = self._services(sent, segment, number, language)
        if not services:
            return named or running
        codes = self._codes(sent, index, frame.codes or self.covered)
        denied = self._exclusions(segment, sent, index, services, codes, language)
        self._note_implied(segment, sent, services, codes, named or frame.group, language)
        relations = self.parsed.relations(sent, index)
        if self.presented is not None and frame.slot != Role.PARTNER:
            relations += framing.presentation(self.presented, relations, codes)
        self.presented = None
        if frame.lead is not None and language == "fi":  # "Kela:" then "… annetaan itse"
            body = framing.lead_body(self.parsed, frame.lead)
            if body is not None:
                relations += [(role, target, rule, *body) for role, target, rule
                              in self.parsed.lead_passives(sent, index)]
        elif len(frame.codes) == 1 and (
                purchased(sent) if language == "fi" else swedish_purchased(sent.text)):
            # "Lempäälä: paikat ostetaan Tampereen seudun työväenopistolta", "3.2 Kaskö: …
            # köps av Närpes stad": under a member's own label its agentless purchase is its own
            relations.append((Role.RESPONSIBLE, None, "responsible-member-purchase",
                              self.parsed.own_municipality(), (sent.start_char, sent.start_char)))
        slot = frame.slot
        if slot is None and (frame.specific or frame.table or frame.entry) and not _has_finite_verb(sent):
            # "Kempele: kunnan kotoutumiskoordinaattori": a member's own entry;
            # "Kotoutumissuunnitelma: Kuhmon kaupunki": a service's entry
            slot = Role.RESPONSIBLE
        if slot is None and frame.body and number == 0:
            slot = Role.PROVIDER  # "Kela: etuusasiat …": the labelled body's part
        if slot is not None and not denied:  # "ei järjestetä kunnassa" in a cell: no one's
            relations = framing.slot_relations(self.parsed, sent, index, slot, relations,
                                               next(iter(codes), ""), cells=frame.divided or frame.table)
        hedged = bool(HEDGES.get(language, HEDGES["fi"]).search(sent.text))
        # members named as the sentence's own actors ("Kangasala ostaa Tampereen kaupungin
        # maahanmuuttajapalveluilta …") are not the members it serves
        self.actors = self._members_in(sent, relations)
        buyers = self._members_in(sent, [r for r in relations if r[0] == Role.RESPONSIBLE]) & set(codes)
        sold = any(r[2].startswith(SELLER_RULES) for r in relations)
        if buyers and sold and not ALL_MEMBERS.search(sent.text):
            # "Sotkamo, Paltamo ja Ristijärvi ostavat … Kajaanin kaupungilta": for its buyers only
            codes = tuple(c for c in codes if c in buyers)
        stretches = distribution(sent.text, language)
        relations = relations + self._verbless_doers(sent, index, relations, stretches, language)
        spread = self._distributed(sent, relations, stretches)
        own = self._own_services(sent, relations, services, language)
        for role, target, rule, resolve, span in relations:
            group = spread.get(span) or target or named or (running if role != Role.PARTNER else None) or (
                frame.group)
            confidence = LOW if hedged else (DEFAULTED if rule.endswith("-slot") else CONFIDENT)
            for code in codes:
                self._fact(segment, sent, own.get(span, services), code, role, group, rule, resolve,
                           confidence, codes, span)
        return named or running

    def _members_in(self, sent: Span, relations: list[tuple]) -> set[str]:
        """The members the relations' bodies name ("Kangasala ostaa …": Kangasala)."""
        text = sent.doc.text  # spaCy joins every token's text again on each access
        return {code for *_r, (a, b) in relations for code in self._named_codes_text(text[a:b])}

    @staticmethod
    def _own_services(sent: Span, relations: list[tuple], services: tuple[ServiceKey, ...],
                      language: str) -> dict[tuple[int, int], tuple[ServiceKey, ...]]:
        """Each body's service where the sentence names its services one after the other, each
        with a body of its own after it ("ostaa yhteiskuntaorientaation Kajaanin kaupungilta ja
        kotoutumiskoulutuksen Kainuun ammattiopistolta"); a body before them all has them all."""
        if len(services) < 2:
            return {}
        named = service_positions(sent.text, services, language)
        if not named:
            return {}
        own = {}
        for *_r, span in relations:
            before = [service for at, service in named if at < span[0] - sent.start_char]
            if before:
                own[span] = (before[-1],)
        return own if len({s for s in own.values()}) >= 2 else {}

    def _verbless_doers(self, sent: Span, index: int, relations: list[tuple],
                        stretches: list[tuple[int, TargetGroup]], language: str) -> list[tuple]:
        """"… tekee muille kuin työnhakijoille kotoutumiskoordinaattori, työnhakijoille
        työllisyysalue": where the sentence gives each group a stretch of its own, a body alone
        in the nominative in a stretch with no doer yet does what the clause's doer does (the
        parser hangs such a body anywhere, as an object or an apposition)."""
        doers = [r for r in relations if r[0] in WHO]
        if len({group for _at, group in stretches}) < 2 or not doers:
            return []
        role, _target, rule, *_rest = doers[0]
        covered = {group_at(stretches, r[4][0] - sent.start_char) for r in doers}
        taken = {r[4] for r in relations}
        out = []
        for start, end, resolve, place in self.parsed.sentence_orgs(sent, index, roles=True):
            group = group_at(stretches, start - sent.start_char)
            if (start, end) in taken or place or group is None or group in covered:
                continue
            span = sent.doc.char_span(start, end, alignment_mode="expand")
            if span is None or not _bare(span, language):
                continue
            out.append((role, None, rule + "+verbless", resolve, (start, end)))
            covered.add(group)
        return out

    @staticmethod
    def _distributed(sent: Span, relations: list[tuple],
                     stretches: list[tuple[int, TargetGroup]]) -> dict[tuple[int, int], TargetGroup]:
        """Each body's group where the sentence gives each group bodies of its own in charge
        ("työnhakijoille työllisyysalue ja muille kaupunki"): it decides over the group the
        clause's verb gave all its bodies. A sentence that names both groups for one body in
        charge ("kunta järjestää työnhakijoille ja muille") has none."""
        if not stretches:
            return {}
        spread = {r[4]: group_at(stretches, r[4][0] - sent.start_char) for r in relations}
        if len({spread[r[4]] for r in relations if r[0] in WHO} - {None}) < 2:
            return {}
        return {span: group for span, group in spread.items() if group is not None}

    def _note_implied(self, segment: Segment, sent: Span, services: tuple[ServiceKey, ...],
                      codes: Sequence[str], group: TargetGroup | None, language: str) -> None:
        """What the law makes of the sentence's wording, read once all facts are in: a final
        test inside integration training (its bodies hold the test), labour market training
        (the employment area's)."""
        inside = INSIDE_TRAINING.get(language, INSIDE_TRAINING["fi"])
        if ServiceKey.FINAL_LANGUAGE_TEST in services and inside.search(sent.text):
            prov = provenance(segment.block, sent, IMPLIED_RULE)
            self.implied += [(code, group or TargetGroup.ALL, ServiceKey.FINAL_LANGUAGE_TEST,
                              ServiceKey.INTEGRATION_TRAINING, prov) for code in codes]
        same = SAME_BODIES.get(language, SAME_BODIES["fi"])
        if same.search(sent.text):
            # "Kuka tekee? Sama taho, joka teki arvioinnin." under the plan's heading; "Arvioinnin
            # jälkeen samat tahot laativat kotoutumissuunnitelman": the two services have the
            # same bodies, whichever of them the text named the bodies for
            named = services_in_text(sent.text, language)
            spoken = section_services_for(sent.text, tuple(
                s for s in SAME_AS_SOURCES if {s, MULTISECTOR_VARIANTS.get(s)} & set(named)
                or refers_to(sent.text, s, language)), language)
            pair = tuple(dict.fromkeys((*segment.frame.services, *named, *spoken)))
            if len(pair) == 2:
                for target, source in (pair, pair[::-1]):
                    prov = provenance(segment.block, sent, f"same-bodies-as:{source.value}")
                    self.implied += [(code, group or TargetGroup.ALL, target, source, prov) for code in codes]
        labour_market = LABOUR_MARKET_TRAINING.get(language, LABOUR_MARKET_TRAINING["fi"])
        if ServiceKey.INTEGRATION_TRAINING in services and labour_market.search(sent.text):
            prov = provenance(segment.block, sent, LABOUR_MARKET_RULE)
            areas = {code: self.resolver.generic(OrgKind.EMPLOYMENT_AREA, code) for code in codes}
            self.labour_market += [(code, area, prov) for code, area in areas.items() if area is not None]

    def _exclusions(self, segment: Segment, sent: Span, index: int, services: tuple[ServiceKey, ...],
                    codes: Sequence[str], language: str) -> bool:
        """What the sentence says is not arranged: by the doer of a negated cue verb, or by
        the programme at all ("… ei sisälly kotoutumisohjelmaan"). Whether it says so."""
        denied = [(resolve, f"denied:{rule}")
                  for _role, _target, rule, resolve, _span in self.parsed.denials(sent, index)]
        if not denied and EXCLUDED.get(language, EXCLUDED["fi"]).search(sent.text):
            denied = [(lambda _code: None, "excluded-from-programme")]
        if not denied:
            return False
        prov = provenance(segment.block, sent, "excluded")
        for resolve, rule in denied:
            for code in codes:
                self.exclusions += [Exclusion(code, service, resolve(code), replace(prov, rule=rule))
                                    for service in services]
        return True

    def _services(self, sent: Span, segment: Segment, number: int, language: str) -> tuple[ServiceKey, ...]:
        """The services a sentence names, else its frame's; in a cooperation chapter or
        outside any service section, only the ones it names (or all, "kaikissa palveluissa")."""
        self.restating = not segment.frame.services and bool(GROUP_SERVICES.search(sent.text))
        own = tuple(services_in_text(sent.text, language))
        if own:
            self.named_before, self.named_at = own, number
            # "Orienteringen ingår i integrationsutbildningen": a sentence that names another
            # service but speaks of its section's by the short word is about both
            also = tuple(s for s in segment.frame.services
                         if s not in own and refers_to(sent.text, s, language))
            return own + also
        if segment.frame.services:
            # "… ja kotoutumiskoulutus": "Yhteiskuntaorientaatio järjestetään kaikille. Sen
            # toteuttaa Ekami.": a pronoun speaks of the service the sentence before named
            before = tuple(s for s in self.named_before if s in segment.frame.services)
            if before and ANAPHORA.get(language, ANAPHORA["fi"]).match(sent.text):
                return before
            section = tuple(section_services_for(sent.text, segment.frame.services, language))
            # under "Alkukartoitus ja suunnitelma", "… arvioinnin tekee X" speaks of the one
            # service its short word names (a training's sentence may still hold its test)
            short = tuple(s for s in section if refers_to(sent.text, s, language))
            if set(section) <= ASSESSMENT_AND_PLAN and 0 < len(short) < len(section):
                return short
            return section
        if ALL_SERVICES.search(sent.text) or self.restating:
            return PROGRAMME_SCOPE
        if (segment.frame.codes or self._named_codes_text(sent.text)) and not segment.frame.cooperation and (
                short := short_named_services(sent.text, language)):
            return short  # a member's own line, or a sentence naming members as its actors
        # "Den flerspråkiga samhällsorienteringen ordnas gemensamt. Närpes stad ansvarar för
        # orienteringen …": a short word speaks of the service the sentence before named
        if self.named_at != number - 1:
            return ()
        if ANAPHORA.get(language, ANAPHORA["fi"]).match(sent.text):
            return self.named_before  # "… järjestää Kajaanin kaupunki. Se toteutetaan …"
        return tuple(s for s in self.named_before if refers_to(sent.text, s, language))

    def _codes(self, sent: Span, index: int, codes: Sequence[str]) -> tuple[str, ...]:
        """In a joint text, a sentence that opens on a member ("Kuopiossa …", "I Larsmo …",
        "Kronoby kommun köper …") speaks for that member only, unless it says it speaks for
        all ("Närpes stad ansvarar för orienteringen för alla tre kommuner")."""
        if len(codes) < 2 or ALL_MEMBERS.search(sent.text):
            return tuple(codes)
        doc = sent.doc
        local = []
        for m in self.parsed.mentions[index]:
            if not (sent.start <= m.start < sent.end and m.kind == "named" and m.org is not None
                    and m.org.kind == OrgKind.MUNICIPALITY and m.org.key in codes):
                continue
            opening = m.start - sent.start <= 2
            head = doc[m.end - 1]
            swedish_place = m.place or (m.start > sent.start and doc[m.start - 1].lower_ in ("i", "för"))
            local_case = bool(set(head.morph.get("Case")) & {"Ine", "Ade"}) or swedish_place
            # "Suomen kielen kursseja Kuopiossa antavat …": the place of the clause's own verb
            # (a place of a participle or converb, "… jalkautuen Kempeleessä", is not)
            of_main_verb = local_case and head.dep_ in ("obl", "advmod", "nmod") and (
                "Fin" in head.head.morph.get("VerbForm"))
            # Swedish has no parse: "… i Jakobstad" anywhere places the sentence's activity
            swedish = self.parsed.language_at(index) == "sv"
            in_member = swedish_place and swedish
            # "… myös Muhoksen muille kuin työnhakija-asiakkaille": the member whose clients
            # receive the service
            recipients = (head.dep_ == "nmod:poss" and "All" in head.head.morph.get("Case")) or (
                swedish and swedish_clients(doc.text[sent.start_char:doc[m.start].idx]))
            if (opening and (local_case or swedish)) or of_main_verb or in_member or recipients:
                local.append(m.org.key)
        return tuple(dict.fromkeys(local)) or tuple(codes)

    def _fact(self, segment: Segment, sent: Span, services: tuple[ServiceKey, ...], code: str,
              role: Role, group: TargetGroup | None, rule: str, resolve, confidence: float,
              codes: Sequence[str], span: tuple[int, int]) -> None:
        org = resolve(code)
        if org is None and role == Role.PARTNER:
            return  # "… työntekijän kanssa": a person, of no named body
        if self.restating and group is not None and division_group(org) == group and (
                group == TargetGroup.JOBSEEKERS or _owner(org) == code):
            confidence = LOW  # the 3 § body of the group restated, not the member's arrangement
        if group is None and segment.frame.divided:
            group = division_group(org)  # a flattened table's column: the body's 3 § group
        tg = group or _default_group(org, role, rule)
        if org is None:
            org = self._in_charge(code, tg, services[0])
        elif role == Role.RESPONSIBLE:
            for service in (*services, None):
                self.in_charge[(code, tg, service)] = org
        if role == Role.PARTNER and _owner(org) == code and org.kind in (
                OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT) and _cooperating_subject(rule, sent, span):
            return  # "Kunta tekee yhteistyötä X:n kanssa": the programme's own body
        prov = provenance(segment.block, sent, rule)
        if segment.context and sent.start == 0:  # "Vastuutaho: muut: asuinkunta."
            prov = replace(prov, quote=segment.context + prov.quote, start=prov.start - len(segment.context))
        for service in services:
            if code in segment.frame.codes or self._serves(org, code, codes, tg, service, sent):
                # a member's own label ("Oulu, Kempele ja Muhos: Oulun työväenopisto") says
                # whom the body serves
                self.store.add(Fact(code, service, role, tg, org, prov, confidence))

    def _serves(self, org: Organisation, code: str, codes: Sequence[str], group: TargetGroup,
                service: ServiceKey, sent: Span) -> bool:
        """Whether a member municipality's body acts in another member's programme.

        In a joint programme a body of one municipality ("Kuopion kaupunki", its units,
        "Kuopion kansalaisopisto") acts for that municipality only. The municipality itself
        acts for another member when the sentence names that member, or when the members
        have agreed that one of them arranges the municipal share (those who are not
        jobseekers, 3 § and 8 §) of the individual services (14–17 §, 21 §, 25–27 §, 10 §).
        """
        owner = _owner(org)
        if owner is None or owner == code or owner not in codes:
            return True
        if code in self._named_codes(sent) - self.actors or ALL_MEMBERS.search(sent.text):
            return True  # "… tekee arviot myös Tuusniemen … kunnille", "kaikkien sopijakuntien puolesta"
        return (org.kind == OrgKind.MUNICIPALITY or owner in self.shared) and (
            self.agreement and group != TargetGroup.JOBSEEKERS and service in AGREEMENT_SERVICES)

    def _named_codes(self, sent: Span) -> set[str]:
        return self._named_codes_text(sent.text)

    def _named_codes_text(self, text: str) -> set[str]:
        text = text.lower()
        return {code for code in self.covered if any(
            name and name.lower()[:max(4, len(name) - 2)] in text for name in self._names(code))}

    def _names(self, code: str) -> tuple[str, ...]:
        org = self.parsed.gazetteer.municipality(code)
        return (org.name, org.name_sv or "") if org else ()

    def _in_charge(self, code: str, target: TargetGroup, service: ServiceKey) -> Organisation:
        """A role without organisation works for whoever the text put in charge of the
        service, else for the authority last put in charge of the group (a school or an
        association in charge of another service employs no "kotoutumiskoordinaattori")."""
        for key in ((code, target, service), (code, TargetGroup.ALL, service)):
            if key in self.in_charge:
                return self.in_charge[key]
        for key in ((code, target, None), (code, TargetGroup.ALL, None)):
            if key in self.in_charge and self.in_charge[key].kind in STAFF_EMPLOYERS:
                return self.in_charge[key]
        kind = OrgKind.EMPLOYMENT_AREA if target == TargetGroup.JOBSEEKERS else OrgKind.MUNICIPALITY
        org = self.resolver.generic(kind, code)
        return org or Organisation(key=code, name=code, kind=OrgKind.MUNICIPALITY)


# Bodies whose staff a bare title ("kotoutumisohjaaja", "oma työntekijä") may stand for
# when the text put them in charge of another service for the group.
STAFF_EMPLOYERS = frozenset({OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT, OrgKind.EMPLOYMENT_AREA,
                             OrgKind.EMPLOYMENT_AUTHORITY, OrgKind.WELFARE_AREA})


def _default_group(org: Organisation | None, role: Role, rule: str) -> TargetGroup:
    """The group of a statement that names none: the employment authority arranges and
    provides for jobseekers (3 § of 681/2023); anything else holds for everyone."""
    if role == Role.PARTNER or rule.endswith("-slot") or JOINT_RULE in rule or LIST_RULE in rule:
        return TargetGroup.ALL
    return TargetGroup.JOBSEEKERS if division_group(org) == TargetGroup.JOBSEEKERS else TargetGroup.ALL


def _owner(org: Organisation) -> str | None:
    if org.kind == OrgKind.MUNICIPALITY:
        return org.key
    return org.parent_key


def _cooperating_subject(rule: str, sent: Span, span: tuple[int, int]) -> bool:
    """The subject of "tehdä yhteistyötä" (not of a verb of taking part, "osallistuu")."""
    verb = rule.partition(":")[2]
    return rule.startswith("partner-verb-subject:") and VERB_ROLES.get(verb) != Role.PARTNER and (
        _is_subject(sent, span))


def _is_subject(sent: Span, span: tuple[int, int]) -> bool:
    """Is the mention at these offsets the subject of its clause? The municipality that
    cooperates with others is the programme's own body, not a partner of its own service."""
    tokens = sent.doc.char_span(span[0], span[1], alignment_mode="expand")
    return tokens is not None and any(
        t.dep_.startswith("nsubj") or (t.dep_ == "conj" and t.head.dep_.startswith("nsubj"))
        for t in tokens)


def _has_finite_verb(sent: Span) -> bool:
    return any("Fin" in t.morph.get("VerbForm") for t in sent)


def _past_event(sent: Span) -> bool:
    """The sentence reports something done before the programme: its main verb is in the
    simple past ("Pilotointi toteutettiin …"), or in the perfect dated by a past year."""
    root = next((t for t in sent if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return False
    if finished(root):
        return True
    perfect = any(c.lemma_ == "olla" and c.dep_.startswith("aux") for c in root.children) and (
        "Part" in root.morph.get("VerbForm"))
    return perfect and bool(PAST_DATE.search(sent.text))


def _identity(org: Organisation) -> tuple[str, str]:
    owner = _owner(org)
    if owner and org.kind in (OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT):
        return ("municipality", owner)
    return (org.kind.value, org.key)


def _without_redundant_partners(facts: list[Fact]) -> list[Fact]:
    """A body in charge of a service for a group is not its partner for that group too: a
    partner statement for everyone keeps only the group the body is not in charge of."""
    who: set[tuple] = set()
    for f in facts:
        if f.role in WHO:
            for group in _groups(f.target_group):
                who.add((f.municipality, f.service, group, _identity(f.organisation)))
    out = []
    for f in facts:
        if f.role in WHO:
            out.append(f)
            continue
        left = [g for g in _groups(f.target_group)
                if (f.municipality, f.service, g, _identity(f.organisation)) not in who]
        if len(left) == len(_groups(f.target_group)):
            out.append(f)
        elif left:
            out.append(replace(f, target_group=left[0]))
    return out


def _implied_facts(facts: list[Fact],
                   implied: list[tuple[str, TargetGroup, ServiceKey, ServiceKey, Provenance]]) -> list[Fact]:
    """Where the text gives a service the bodies of another (a final test inside integration
    training; "sama taho, joka teki arvioinnin"), that service's bodies hold it too, for the
    groups the text names no body of its own for it: a defaulted reading, quoted from the
    sentence that says so."""
    own = {(f.municipality, f.service, g) for f in facts
           if f.role in WHO and f.confidence >= DEFAULTED for g in _groups(f.target_group)}
    out: dict[tuple, Fact] = {}
    for code, group, service, source, prov in implied:
        open_groups = {g for g in _groups(group) if (code, service, g) not in own}
        for f in facts:
            if f.service != source or f.role not in WHO or f.municipality != code or f.confidence < DEFAULTED:
                continue
            for target in _groups(f.target_group):
                if target in open_groups:
                    out.setdefault((code, service, f.organisation.key, f.role, target), replace(
                        f, service=service, target_group=target, confidence=DEFAULTED,
                        provenance=replace(prov, rule=f"{prov.rule}:{f.provenance.rule}")))
    return list(out.values())


OWN_PROVISION_RULE = "responsible-own-provision"


def _with_own_provision(facts: list[Fact]) -> list[Fact]:
    """Each side of the 3 § division arranges what it provides itself: the municipality
    what its own staff provide for those who are not jobseekers ("Kunnan
    kotoutumiskoordinaattori antaa ohjausta …"), the employment area what it offers its
    jobseekers ("Työnhakijoille työllisyysalue tarjoaa …"). With no other body named in
    charge, that body is responsible too, as a reading of the layout of the law rather than
    of the sentence (the defaulted confidence)."""
    in_charge = {(f.municipality, f.service, g) for f in facts if f.role == Role.RESPONSIBLE
                 for g in _groups(f.target_group)}
    added = []
    for f in facts:
        own = f.role == Role.PROVIDER and (
            (f.target_group != TargetGroup.JOBSEEKERS and _owner(f.organisation) == f.municipality)
            or (f.target_group == TargetGroup.JOBSEEKERS and f.organisation.kind == OrgKind.EMPLOYMENT_AREA))
        if not own or any((f.municipality, f.service, g) in in_charge for g in _groups(f.target_group)):
            continue
        added.append(replace(f, role=Role.RESPONSIBLE, confidence=min(f.confidence, DEFAULTED),
                             provenance=replace(f.provenance, rule=OWN_PROVISION_RULE)))
        in_charge.update((f.municipality, f.service, g) for g in _groups(f.target_group))
    return facts + added


def _with_labour_market_training(facts: list[Fact],
                                 found: list[tuple[str, Organisation, Provenance]]) -> list[Fact]:
    """The employment area in charge of its jobseekers' integration training where the text
    gives it as labour market training and names no one in charge of it (a defaulted reading)."""
    in_charge = {f.municipality for f in facts if f.service == ServiceKey.INTEGRATION_TRAINING
                 and f.role == Role.RESPONSIBLE and TargetGroup.JOBSEEKERS in _groups(f.target_group)}
    added: dict[str, Fact] = {}
    for code, area, prov in found:
        if code not in in_charge:
            added.setdefault(code, Fact(code, ServiceKey.INTEGRATION_TRAINING, Role.RESPONSIBLE,
                                        TargetGroup.JOBSEEKERS, area, prov, DEFAULTED))
    return facts + list(added.values())


def _groups(group: TargetGroup) -> tuple[TargetGroup, ...]:
    return (TargetGroup.JOBSEEKERS, TargetGroup.OTHERS) if group == TargetGroup.ALL else (group,)


def _bare(span: Span, language: str) -> bool:
    """A body standing alone as a gapped clause's doer: in Finnish in the nominative; in
    Swedish (no case, no parse) not after a preposition ("…, stadens invandrarservice för
    övriga")."""
    if language == "fi":
        return span[-1].morph.get("Case") == ["Nom"]
    return not swedish_after_preposition(span.doc.text, span.start_char)
