"""The parsed document the rule passes share, and what each of its sentences says: the
organisations it mentions and the relations (role, group, rule) the grammar finds for them.

A relation is the tuple (role, target, rule, resolve, (start, end)): `resolve(code)` is the
organisation for one member municipality, (start, end) the mention's offsets in the doc text.
Finnish sentences go through the dependency rules (`relations`), Swedish ones through the
surface patterns of `relations_sv`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extraction import swedish
from extraction.gazetteer import Gazetteer
from extraction.mentions import Mention, Resolver, find_mentions
from extraction.model import OrgKind
from extraction.nlp import get_nlp
from extraction.relations import Relation, agentless_passives, denied_relations, extract_relations
from extraction.structure import Block
from extraction.swedish import SvMention
from extraction.targets import target_of

LOCAL_CASES = {"Ine", "Ela", "Ill", "Ade", "Abl", "All"}


@dataclass
class ParsedDocument:
    """A document's blocks, their spaCy docs and the organisation mentions of each block
    (which the identity passes rewrite in place), with the gazetteer that resolves them."""

    blocks: list[Block]
    docs: list[Doc]
    mentions: list[list[Mention]]
    gazetteer: Gazetteer
    language: str  # the document's
    languages: list[str] | None = None  # each block's, where a bilingual document mixes them

    def language_at(self, index: int) -> str:
        return self.languages[index] if self.languages else self.language

    def own_municipality(self):
        """Resolve to the municipality a statement is for: the implied buyer or arranger of an
        agentless purchase ("paikat ostetaan …lta", "Vastuutaho: ostopalvelu …lta")."""
        resolver = Resolver(self.gazetteer)
        return lambda code: resolver.generic(OrgKind.MUNICIPALITY, code)

    def sentence_mentions(self, sent: Span, index: int) -> list[Mention]:
        """The block's organisation mentions that fall in this sentence."""
        return [m for m in self.mentions[index] if sent.start <= m.start < sent.end]

    def relations(self, sent: Span, index: int) -> list[tuple]:
        """(role, target, rule, resolve, (start, end) of the mention in the doc text)."""
        resolver = Resolver(self.gazetteer)
        if self.language_at(index) == "sv":
            return self._relations_sv(sent, index)
        return [(rel.role, rel.target, rel.rule, _bind(resolver, rel), _span(sent.doc, rel.mention))
                for rel in extract_relations(sent, self.sentence_mentions(sent, index), "fi")]

    def denials(self, sent: Span, index: int) -> list[tuple]:
        """The roles a sentence denies, as `relations` gives the ones it states."""
        if self.language_at(index) == "sv":
            offset = sent.start_char
            return [(role, None, rule, self._sv_resolve(m), (offset + m.start, offset + m.end))
                    for role, m, rule in swedish.denied_relations(sent.text, self._sv_mentions(sent, index))]
        resolver = Resolver(self.gazetteer)
        return [(rel.role, rel.target, rel.rule, _bind(resolver, rel), _span(sent.doc, rel.mention))
                for rel in denied_relations(sent, self.sentence_mentions(sent, index), "fi")]

    def lead_passives(self, sent: Span, index: int) -> list[tuple]:
        """`agentless_passives` of a sentence under a body's lead-in. The parse gate leaves a
        sentence that names no organisation unparsed ("Kotoutumiskoulutukset hankitaan
        ostopalveluna."): under a body's lead-in it is that body's, so it is parsed here."""
        if any(t.pos_ for t in sent):
            return agentless_passives(sent, self.sentence_mentions(sent, index))
        parsed = get_nlp()(sent.text)
        return [found for own in parsed.sents
                for found in agentless_passives(own, find_mentions(own, self.gazetteer))]

    def generic_municipalities(self, sent: Span, index: int) -> set[int]:
        """Start offsets of "kunta" / "kaupunki" without a name: the programme's own body."""
        doc = sent.doc
        return {doc[m.start].idx for m in self.mentions[index] if sent.start <= m.start < sent.end
                and m.kind == "generic" and m.generic == OrgKind.MUNICIPALITY}

    def sentence_orgs(self, sent: Span, index: int, *, roles: bool = False) -> list[tuple]:
        """Every organisation mention of a sentence: (start, end, resolve, is a place name).
        `roles`: staff titles without their employer too (they resolve to None: the caller
        puts them with whoever is in charge)."""
        out = []
        if self.language_at(index) == "sv":
            for m in self._sv_mentions(sent, index):
                if m.place:
                    continue  # "i Nagu och Korpo", "Kunder i Houtskär": where, not who
                municipality = m.kind == "named" and m.org is not None and m.org.kind == OrgKind.MUNICIPALITY
                bare_name = municipality and m.end - m.start == len(m.org.name_sv or m.org.name)
                place = bare_name
                out.append((sent.start_char + m.start, sent.start_char + m.end,
                            self._sv_resolve(m), place))
            return out
        resolver = Resolver(self.gazetteer)
        doc = sent.doc
        for m in self.mentions[index]:
            if not sent.start <= m.start < sent.end:
                continue
            if m.kind == "role" and m.org is None and not roles:
                continue
            # a municipality's bare name in a local case is where something happens
            # ("Kempeleessä, Limingassa ja Muhoksella"), not a body
            place = m.kind == "named" and m.org is not None and m.org.kind == OrgKind.MUNICIPALITY and (
                m.end - m.start == 1 or bool(set(doc[m.end - 1].morph.get("Case")) & LOCAL_CASES))
            out.append((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]),
                        lambda code, m=m: resolver.resolve(m, code), place))
        return out

    def _sv_mentions(self, sent: Span, index: int) -> list[SvMention]:
        """The sentence's mentions (`swedish.doc_mentions` made them) with offsets in it."""
        doc = sent.doc
        return [SvMention(doc[m.start].idx - sent.start_char,
                          doc[m.end - 1].idx + len(doc[m.end - 1]) - sent.start_char,
                          m.kind, org=m.org, generic=m.generic, unit=m.unit, place=m.place,
                          unit_key=m.unit_key)
                for m in self.mentions[index] if sent.start <= m.start < sent.end]

    def _sv_resolve(self, mention: SvMention):
        resolver = Resolver(self.gazetteer)
        if mention.kind in ("named", "proper") or (mention.kind == "role" and mention.org is not None):
            return lambda code, org=mention.org: org and self.gazetteer.regional_office(org, code)
        if mention.kind == "generic" or (mention.kind == "role" and mention.org is None):
            return lambda code, kind=mention.generic: resolver.generic(kind, code)
        as_mention = Mention(0, 0, mention.kind, org=mention.org, generic=mention.generic,
                             unit=mention.unit, unit_key=mention.unit_key)
        return lambda code: resolver.resolve(as_mention, code)

    def _relations_sv(self, sent: Span, index: int) -> list[tuple]:
        mentions = self._sv_mentions(sent, index)
        target = target_of(sent.text, "sv")
        out = []
        for role, mention, rule in swedish.find_relations(sent.text, mentions):
            span = (sent.start_char + mention.start, sent.start_char + mention.end)
            out.append((role, target, rule, self._sv_resolve(mention), span))
        return out


def _span(doc: Doc, mention: Mention) -> tuple[int, int]:
    """A mention's character span in its doc's text."""
    return doc[mention.start].idx, doc[mention.end - 1].idx + len(doc[mention.end - 1])


def _bind(resolver: Resolver, rel: Relation):
    return lambda code: resolver.resolve(rel.mention, code)
