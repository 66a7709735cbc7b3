"""Plain data classes that extraction produces and `graph` consumes.

No RDF here: these are the contract between the NLP side and the graph side. Every
fact carries a `Provenance` so that a user can always see the sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ServiceKey(StrEnum):
    """The statutory services (public API keys; see ontology/kotograph.ttl)."""

    ASSESSMENT = "assessment"
    MULTISECTOR_ASSESSMENT = "multisector-assessment"
    INTEGRATION_PLAN = "integration-plan"
    MULTISECTOR_INTEGRATION_PLAN = "multisector-integration-plan"
    FAMILY_INTEGRATION_PLAN = "family-integration-plan"
    CIVIC_ORIENTATION = "civic-orientation"
    INTEGRATION_TRAINING = "integration-training"
    FINAL_LANGUAGE_TEST = "final-language-test"
    OTHER_TRAINING_AND_SERVICES = "other-training-and-services"
    GUIDANCE_AND_COUNSELLING = "guidance-and-counselling"
    OTHER_MUNICIPAL_SERVICES = "other-municipal-services"


class TargetGroup(StrEnum):
    JOBSEEKERS = "jobseekers"
    OTHERS = "others"
    ALL = "all"


class Role(StrEnum):
    RESPONSIBLE = "responsible"
    PROVIDER = "provider"
    PARTNER = "partner"


class OrgKind(StrEnum):
    """Kinds of organisation (SKOS scheme kg:OrganisationKinds)."""

    MUNICIPALITY = "municipality"
    MUNICIPAL_UNIT = "municipal-unit"
    EMPLOYMENT_AUTHORITY = "employment-authority"
    EMPLOYMENT_AREA = "employment-area"
    WELFARE_AREA = "welfare-area"
    KELA = "kela"
    REGIONAL_STATE_AUTHORITY = "regional-state-authority"
    EDUCATIONAL_INSTITUTION = "educational-institution"
    NGO = "ngo"
    PARISH = "parish"
    COMPANY = "company"
    PROJECT = "project"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact was read: document, 1-based page, character span in the page text."""

    page: int
    start: int
    end: int
    quote: str
    rule: str


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality from the gazetteer (Statistics Finland 3-digit code)."""

    code: str
    name_fi: str
    name_sv: str | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    """A canonical organisation. `key` is stable across documents (slug or official code)."""

    key: str
    name: str
    kind: OrgKind
    unit: str | None = None  # e.g. "maahanmuuttopalvelut" of "Kuopion kaupunki"
    parent_key: str | None = None  # the organisation a unit belongs to
    identifier: str | None = None  # official code (municipality code, welfare area code …)
    name_sv: str | None = None


@dataclass(frozen=True, slots=True)
class LegalRef:
    """A reference to a statute provision, e.g. 681/2023 14 § 1 mom. 5 k."""

    statute: str  # "681/2023"
    section: str | None = None  # "14", "32a"
    subsection: int | None = None  # momentti
    point: int | None = None  # kohta
    chapter: int | None = None  # luku, when known from the statute's structure


@dataclass(frozen=True, slots=True)
class Fact:
    """Organisation X has role R for service S in municipality M, for target group G."""

    municipality: str  # municipality code
    service: ServiceKey
    role: Role
    target_group: TargetGroup
    organisation: Organisation
    provenance: Provenance
    # how sure the reading is: a statement of the programme's own arrangement ~0.9, a role
    # taken from the layout ~0.7, a restatement of the law, a plan or an option ~0.3
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Exclusion:
    """The document says a service is not arranged: by a body ("Kunta ei järjestä omaa
    kotoutumiskoulutusta"), or not at all in the programme ("ei sisälly ohjelmaan").
    A statement to show, not a gap."""

    municipality: str
    service: ServiceKey
    organisation: Organisation | None  # None: excluded from the programme
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ServiceDescription:
    """A section of the document describing a statutory service for some municipalities."""

    service: ServiceKey
    municipalities: tuple[str, ...]
    heading: str
    text: str
    legal_refs: tuple[LegalRef, ...]
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ContactPoint:
    municipality: str | None  # None: for the whole document
    title: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    organisation: Organisation | None = None
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    body: str
    date: str | None  # ISO date when stated
    provenance: Provenance


@dataclass(slots=True)
class DocumentExtraction:
    """Everything read from one programme document."""

    source_name: str  # file name as given by the user
    sha256: str  # content hash: the document's identity
    media_type: str
    language: str  # "fi" | "sv"
    title: str | None
    page_count: int
    municipalities: list[Municipality] = field(default_factory=list)
    services: list[ServiceDescription] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    legal_refs: list[tuple[LegalRef, Provenance]] = field(default_factory=list)
    contact_points: list[ContactPoint] = field(default_factory=list)
    coordinators: list[tuple[Organisation, Provenance]] = field(default_factory=list)
    drafting_partners: list[tuple[Organisation, Provenance]] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document_date: str | None = None  # ISO date the file gives itself (extraction.document_date)
