"""The analytic SPARQL queries of the benchmarks (a supervisor's questions over the graph)."""

from __future__ import annotations

from graph.namespaces import ROLE
from graph.sparql_text import prefixes

_RESPONSIBLE = ROLE["responsible"]

ANALYTIC = {
    "coverage": (
        "municipalities × services: statutory services with a responsible body, per municipality",
        prefixes("kg", "cv", "skos", "dct") + f"""SELECT ?code ?name (COUNT(DISTINCT ?svc) AS ?services)
       (COUNT(DISTINCT ?p) AS ?responsibilities)
WHERE {{
  ?offer a kg:ServiceOffer ; kg:municipality ?m ; kg:serviceType ?svc ; cv:hasParticipation ?p .
  ?p cv:role <{_RESPONSIBLE}> .
  ?m dct:identifier ?code ; skos:prefLabel ?name . FILTER(LANG(?name) = "fi")
}} GROUP BY ?code ?name ORDER BY ?code"""),
    "missing": (
        "municipalities with a programme but no responsible body for a service 13 § requires",
        prefixes("kg", "cv", "skos", "dct") + f"""SELECT DISTINCT ?code ?name ?service
WHERE {{
  ?doc a kg:ProgrammeDocument ; kg:covers ?m .
  ?m dct:identifier ?code ; skos:prefLabel ?name . FILTER(LANG(?name) = "fi")
  ?svc skos:inScheme kg:StatutoryServices ; kg:requiredBy13 true ; kg:key ?service .
  MINUS {{ ?offer kg:municipality ?m ; kg:serviceType ?svc ;
                 cv:hasParticipation/cv:role <{_RESPONSIBLE}> . }}
}} ORDER BY ?code ?service"""),
    "multi-municipality": (
        "organisations responsible in more than one municipality",
        prefixes("kg", "cv", "skos") + f"""SELECT ?org ?name (COUNT(DISTINCT ?m) AS ?municipalities)
WHERE {{
  ?p a cv:Participation ; cv:role <{_RESPONSIBLE}> ; cv:hasParticipant ?org ; kg:municipality ?m .
  OPTIONAL {{ ?org skos:prefLabel ?name . FILTER(LANG(?name) = "fi") }}
}} GROUP BY ?org ?name HAVING (COUNT(DISTINCT ?m) > 1) ORDER BY DESC(?municipalities) ?org"""),
}
