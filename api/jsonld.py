"""JSON-LD for the REST API: the same JSON, a context that maps it onto the ontology.

A client that asks for `application/ld+json` gets data any RDF tool can load, with the
field names of the plain JSON. The context is data (ontology/context.jsonld); keys such
as "responsible" become the SKOS concepts' IRIs.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib.resources import files
from typing import Any

from graph import iris
from graph.formats import Format, negotiate
from graph.namespaces import ORG_KIND, ROLE, TARGET_GROUP

MEDIA_TYPE = "application/ld+json"
REST_FORMATS = (Format("application/json", "application/json"), Format(MEDIA_TYPE, MEDIA_TYPE))


@cache
def context() -> dict[str, Any]:
    return json.loads(files("ontology").joinpath("context.jsonld").read_text("utf-8"))["@context"]


def wants_jsonld(accept: str | None) -> bool:
    """True when the client prefers JSON-LD over plain JSON (plain JSON on a tie)."""
    return negotiate(accept, REST_FORMATS) is REST_FORMATS[1]


def responsibilities_jsonld(answer: dict[str, Any]) -> dict[str, Any]:
    """The who-answer as the service offer it describes, with its participations."""
    data = copy.deepcopy(answer)
    for r in data["results"]:
        r["role"] = str(ROLE[r["role"]])
        r["target_group"] = str(TARGET_GROUP[r["target_group"]])
        if r["organisation"].get("kind"):
            r["organisation"]["kind"] = str(ORG_KIND[r["organisation"]["kind"]])
    offer = iris.service_offer_iri(data["municipality"]["code"], data["service"]["key"])
    return {"@context": context(), "iri": str(offer), **data}
