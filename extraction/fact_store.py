"""The facts of one document, each statement kept once, in the order first read."""

from __future__ import annotations

from extraction.model import Fact


class FactStore:
    """Keeps one statement of each (municipality, service, role, group, organisation): the
    first read, unless a later one is surer ("Kommunen ansvarar för tjänsterna för övriga",
    a restatement at 0.3, then "För övriga görs bedömningen av kommunen" at 0.9).

    An organisation is its kind and key: a welfare and an employment area share a region's
    key ("Pohjanmaan hyvinvointialue", "Pohjanmaan työllisyysalue": both "pohjanmaa")."""

    def __init__(self, facts: list[Fact]) -> None:
        self.facts = facts  # the document's list, appended to in place
        self._kept: dict[tuple, Fact] = {}

    def add(self, fact: Fact) -> bool:
        """Keep a fact unless the same statement is already kept as surely; whether it was kept."""
        key = _key(fact)
        old = self._kept.get(key)
        if old is not None and old.confidence >= fact.confidence:
            return False
        self._kept[key] = fact
        if old is None:
            self.facts.append(fact)
        else:  # in the place of the less sure statement: the order stays the reading order
            self.facts[self.facts.index(old)] = fact
        return True

    def remove(self, fact: Fact) -> None:
        """Drop a kept fact, so that a restated one (another group) can take its place."""
        self.facts.remove(fact)
        del self._kept[_key(fact)]


def _key(fact: Fact) -> tuple:
    org = fact.organisation
    return (fact.municipality, fact.service, fact.role, fact.target_group, org.kind, org.key)
