"""The 3 § division of responsibility (Act 681/2023): the employment authority for jobseekers,
the municipality for the others. It gives the group of a body listed in a flattened table's
group columns and of a list naming both sides ("työllisyysalue tai kunta")."""

from __future__ import annotations

from extraction.model import Organisation, OrgKind, TargetGroup


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


