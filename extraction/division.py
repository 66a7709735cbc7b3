"""The 3 § division of responsibility (Act 681/2023): the employment authority for jobseekers,
the municipality for the others. It decides the group of a fact that names none, narrows a
service's group-less statements where the service splits by group, and fills the groups a
service section leaves open from the programme-wide division.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extraction.fact_store import FactStore
from extraction.model import (
    Fact,
    Organisation,
    OrgKind,
    Provenance,
    Role,
    ServiceDescription,
    ServiceKey,
    TargetGroup,
)
from extraction.relations import JOINT_RULE, LIST_RULE, OTHER_GROUP
from extraction.services import PROGRAMME_SCOPE

# (municipality, group) → the body the programme puts in charge of that group, and where
Division = dict[tuple[str, TargetGroup], tuple[Organisation, Provenance]]


def division_group(org: Organisation | None) -> TargetGroup | None:
    """The group 3 § gives a body: jobseekers to the employment authority, others to the
    municipality and its units."""
    if org is None:
        return None
    if org.kind in (OrgKind.EMPLOYMENT_AREA, OrgKind.EMPLOYMENT_AUTHORITY):
        return TargetGroup.JOBSEEKERS
    if org.kind in (OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT):
        return TargetGroup.OTHERS
    return None


def fact_group(org: Organisation | None, role: Role, rule: str, group: TargetGroup | None, *,
               carried: bool, lead: Organisation | None) -> TargetGroup:
    """The group of a fact: the one its text names or frames; a group only carried over from
    the previous paragraph that 3 § gives the other body belonged to that paragraph's body
    (a flattened table's other column), so the body's own group holds; with none, the group
    of the body whose lead-in ("Työllisyysalue:") the text is under, else the default."""
    own = division_group(org)
    if group is not None:
        return own if carried and own is not None and own == OTHER_GROUP.get(group) else group
    return division_group(lead) or _default_target(org, role, rule)


def splittable(role: Role, rule: str) -> bool:
    """A responsibility stated without a group that its service's 3 § split may narrow (not
    a slot's list, a colon list or joint action: those hold for everyone)."""
    return role == Role.RESPONSIBLE and not (rule.endswith("-slot") or JOINT_RULE in rule
                                             or LIST_RULE in rule)


def _default_target(org: Organisation | None, role: Role, rule: str) -> TargetGroup:
    """The group of a statement that names none.

    The employment authority is in charge for jobseekers (3 § of 681/2023), so when it is
    said to arrange or provide a service it does so for them. Cooperation, bodies listed
    under a slot or after a colon (each in charge of its own share) and joint action
    ("tekevät yhdessä") are not split by 3 §: they hold for everyone.
    """
    if role == Role.PARTNER or rule.endswith("-slot") or JOINT_RULE in rule or LIST_RULE in rule:
        return TargetGroup.ALL
    return TargetGroup.JOBSEEKERS if division_group(org) == TargetGroup.JOBSEEKERS else TargetGroup.ALL


def split_by_service(store: FactStore, ungrouped: Sequence[Fact]) -> None:
    """A service whose statements split responsibility by group (the employment
    authority named for jobseekers, the municipality for the others, 3 §) gives each
    body's group-less responsibility statement that body's group: "Kunnan on
    laadittava kotoutumissuunnitelma …" in such a section is the municipality's share."""
    groups: dict[tuple[str, ServiceKey], set[TargetGroup]] = {}
    for f in store.facts:
        if f.role != Role.PARTNER and f.target_group != TargetGroup.ALL and (
                division_group(f.organisation) == f.target_group):
            groups.setdefault((f.municipality, f.service), set()).add(f.target_group)
    halves = {key for key, found in groups.items() if len(found) == 2}
    for fact in ungrouped:
        group = division_group(fact.organisation)
        if group is None or (fact.municipality, fact.service) not in halves:
            continue
        store.remove(fact)
        store.add(replace(fact, target_group=group, provenance=replace(
            fact.provenance, rule=fact.provenance.rule + "+service-split")))


def fill_from_division(store: FactStore, descriptions: Sequence[ServiceDescription],
                       division: Division,
                       other_members: set[tuple[str, ServiceKey, TargetGroup]]) -> None:
    """Service sections that name no responsible body for a group get the division's.

    `other_members`: (municipality, service, group) a section answers with another member's
    body, which the programme-wide division does not fill in."""
    who = {(f.municipality, f.service, f.target_group) for f in store.facts
           if f.role in (Role.RESPONSIBLE, Role.PROVIDER)}
    for description in descriptions:
        if description.service not in PROGRAMME_SCOPE:
            continue
        for code in description.municipalities:
            for group in (TargetGroup.JOBSEEKERS, TargetGroup.OTHERS):
                if (code, description.service, group) in other_members:
                    continue
                if ((code, description.service, group) in who
                        or (code, description.service, TargetGroup.ALL) in who
                        or (code, group) not in division):
                    continue
                org, prov = division[(code, group)]
                store.add(Fact(code, description.service, Role.RESPONSIBLE, group, org, prov))
