"""The facts of one document, each statement kept once, in the order first read."""

from __future__ import annotations

from extraction.model import Fact


class FactStore:
    """Keeps the first statement of each (municipality, service, role, group, organisation).

    An organisation is its kind and key: a welfare and an employment area share a region's
    key ("Pohjanmaan hyvinvointialue", "Pohjanmaan työllisyysalue": both "pohjanmaa")."""

    def __init__(self, facts: list[Fact]) -> None:
        self.facts = facts  # the document's list, appended to in place
        self._seen: set[tuple] = set()

    def add(self, fact: Fact) -> bool:
        """Keep a fact unless the same statement is already kept; whether it was kept."""
        key = _key(fact)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.facts.append(fact)
        return True

    def remove(self, fact: Fact) -> None:
        """Drop a kept fact, so that a restated one (another group) can take its place."""
        self.facts.remove(fact)
        self._seen.discard(_key(fact))


def _key(fact: Fact) -> tuple:
    org = fact.organisation
    return (fact.municipality, fact.service, fact.role, fact.target_group, org.kind, org.key)
