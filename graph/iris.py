"""Deterministic, readable IRIs for everything kotograph mints.

The same document ingested twice yields the same IRIs, so re-ingest replaces rather than
duplicates, and links from other datasets stay valid.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from extraction.model import LegalRef, Organisation, OrgKind
from graph.namespaces import FINLEX, ID

# Chapters of 681/2023, for section IRIs of the form .../luku/{chapter}/pykala/{section}.
_CHAPTERS_681 = ((1, 9, 1), (10, 32, 2), (33, 39, 3), (40, 44, 4), (45, 48, 5), (49, 99, 6))


def slug(text: str) -> str:
    """ASCII slug: 'Etelä-Savon hyvinvointialue' → 'etela-savon-hyvinvointialue'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def short_hash(*parts: object, length: int = 12) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:length]


def municipality_iri(code: str) -> URIRef:
    return ID[f"municipality/{code}"]


def welfare_area_iri(key: str) -> URIRef:
    return ID[f"welfare-area/{key}"]


def employment_area_iri(key: str) -> URIRef:
    return ID[f"employment-area/{key}"]


def region_iri(code: str) -> URIRef:
    return ID[f"region/{code}"]


def elinvoimakeskus_iri(key: str) -> URIRef:
    """The same node as the public body `elinvoimakeskus-<key>` of the reference tables."""
    return ID[f"organisation/elinvoimakeskus-{slug(key)}"]


_ORG_PATHS = {
    OrgKind.MUNICIPALITY: municipality_iri,
    OrgKind.WELFARE_AREA: welfare_area_iri,
    OrgKind.EMPLOYMENT_AREA: employment_area_iri,
}


def organisation_iri(org: Organisation) -> URIRef:
    """Municipalities and areas get their reference IRIs; units hang under their parent."""
    if org.kind in _ORG_PATHS and "/" not in org.key:
        return _ORG_PATHS[org.kind](org.key)
    return ID[f"organisation/{'/'.join(slug(p) for p in org.key.split('/'))}"]


def local_id(node: URIRef) -> str:
    """The part of a kotograph IRI after /id/: the `dct:identifier` of what it names."""
    return str(node).removeprefix(str(ID))


def document_iri(sha256: str) -> URIRef:
    return ID[f"document/{sha256[:16]}"]


def document_graph_iri(sha256: str) -> URIRef:
    return ID[f"graph/document/{sha256[:16]}"]


def graph_of_document(document_iri: str) -> URIRef:
    """The named graph that holds a document (`document_iri` as `document_iri` made it)."""
    return document_graph_iri(str(document_iri).rsplit("/document/", 1)[-1])


def service_offer_iri(municipality_code: str, service_key: str) -> URIRef:
    return ID[f"municipality/{municipality_code}/service/{service_key}"]


def exclusion_iri(municipality_code: str, service_key: str, org_iri: str | None) -> URIRef:
    """An exclusion of a service: by one body, or ("programme") of the service itself."""
    return ID[f"municipality/{municipality_code}/service/{service_key}/exclusion/"
              f"{short_hash(org_iri, length=10) if org_iri else 'programme'}"]


def participation_iri(
    municipality_code: str, service_key: str, role: str, target_group: str, org_iri: str
) -> URIRef:
    return ID[
        f"municipality/{municipality_code}/service/{service_key}/{role}/{target_group}/"
        f"{short_hash(org_iri, length=10)}"
    ]


_MUNICIPALITIES = str(ID["municipality/"])


def offer_parts(offer_iri: str) -> tuple[str, str]:
    """(municipality code, service key) of a `service_offer_iri`."""
    code, _, key = offer_iri.removeprefix(_MUNICIPALITIES).partition("/service/")
    return code, key


def participation_parts(participation_iri_: str) -> tuple[str, str, str, str]:
    """(municipality code, service key, role, target group) of a `participation_iri`."""
    code, _, rest = participation_iri_.removeprefix(_MUNICIPALITIES).partition("/service/")
    key, role, group, _hash = rest.split("/")
    return code, key, role, group


def evidence_iri(sha256: str, page: int, start: int, end: int) -> URIRef:
    return ID[f"document/{sha256[:16]}/evidence/p{page}-{start}-{end}"]


def legal_iri(ref: LegalRef) -> URIRef:
    """Semantic Finlex ELI IRI of a statute or one of its sections.

    Sections of 681/2023 carry their chapter (…/luku/2/pykala/14); other statutes' chapters
    are not known here, so their sections are …/pykala/N. Subsection and point have no
    published ELI pattern: they become a fragment (#m1k5), as the reference notes advise.
    """
    year_number = ref.statute.split("/")
    if len(year_number) != 2:
        return ID[f"statute/{slug(ref.statute)}"]
    number, year = year_number
    base = f"{year}/{number}"
    if ref.section is None:
        return FINLEX[base]
    chapter = ref.chapter
    if chapter is None and ref.statute == "681/2023":
        digits = int(re.match(r"\d+", ref.section).group()) if re.match(r"\d+", ref.section) else 0
        chapter = next((c for lo, hi, c in _CHAPTERS_681 if lo <= digits <= hi), None)
    path = f"{base}/luku/{chapter}/pykala/{ref.section}" if chapter else f"{base}/pykala/{ref.section}"
    fragment = ""
    if ref.subsection is not None:
        fragment = f"#m{ref.subsection}" + (f"k{ref.point}" if ref.point is not None else "")
    return URIRef(f"{FINLEX}{path}{fragment}")


def section_of(ref: LegalRef) -> LegalRef:
    """The section a subsection/point reference belongs to."""
    return LegalRef(statute=ref.statute, section=ref.section, chapter=ref.chapter)
