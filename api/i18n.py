"""User-interface strings in Finnish (first), Swedish and English; data labels come from RDF."""

from __future__ import annotations

from fastapi import Request

LANGS = ("fi", "sv", "en")

STRINGS: dict[str, dict[str, str]] = {
    "title": {"fi": "Kuntien kotoutumisohjelmat", "sv": "Kommunernas integrationsprogram",
              "en": "Municipal integration programmes"},
    "matrix": {"fi": "Vertailutaulukko", "sv": "Jämförelsetabell", "en": "Comparison matrix"},
    "municipality": {"fi": "Kunta", "sv": "Kommun", "en": "Municipality"},
    "municipalities": {"fi": "Kunnat", "sv": "Kommuner", "en": "Municipalities"},
    "code": {"fi": "Koodi", "sv": "Kod", "en": "Code"},
    "documents": {"fi": "Asiakirjat", "sv": "Dokument", "en": "Documents"},
    "compare": {"fi": "Vertaa", "sv": "Jämför", "en": "Compare"},
    "compare_help": {"fi": "Valitse 2–5 kuntaa vertailuun", "sv": "Välj 2–5 kommuner att jämföra",
                     "en": "Choose 2–5 municipalities to compare"},
    "welfare_area": {"fi": "Hyvinvointialue", "sv": "Välfärdsområde", "en": "Wellbeing services county"},
    "employment_area": {"fi": "Työllisyysalue", "sv": "Sysselsättningsområde", "en": "Employment area"},
    "region": {"fi": "Maakunta", "sv": "Landskap", "en": "Region"},
    "all": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
    "filter": {"fi": "Suodata", "sv": "Filtrera", "en": "Filter"},
    "sort": {"fi": "Järjestys", "sv": "Sortering", "en": "Sort"},
    "sort_name": {"fi": "Nimen mukaan", "sv": "Efter namn", "en": "By name"},
    "sort_compliance": {"fi": "Puutteet ensin", "sv": "Brister först", "en": "Most gaps first"},
    "violations": {"fi": "Puutteet", "sv": "Brister", "en": "Violations"},
    "validation_pending": {
        "fi": "13 §:n tarkistus on vielä käynnissä: puutteiden ja huomautusten määrät näkyvät, "
              "kun lataat sivun uudelleen hetken kuluttua.",
        "sv": "Kontrollen enligt 13 § pågår ännu: antalet brister och anmärkningar syns när du "
              "laddar om sidan om en stund.",
        "en": "The 13 § check is still running: the numbers of violations and warnings appear "
              "when you reload the page in a moment."},
    "warnings": {"fi": "Huomautukset", "sv": "Anmärkningar", "en": "Warnings"},
    "described_both": {"fi": "kuvattu, vastuutaho molemmille kohderyhmille",
                       "sv": "beskriven, ansvarig för båda målgrupperna",
                       "en": "described, responsible body for both target groups"},
    "described_partial": {"fi": "kuvattu, vastuutaho puuttuu toiselta kohderyhmältä",
                          "sv": "beskriven, ansvarig saknas för en målgrupp",
                          "en": "described, responsible body missing for one target group"},
    "described_none": {"fi": "kuvattu, ei vastuutahoa", "sv": "beskriven, ingen ansvarig",
                       "en": "described, no responsible body"},
    "missing": {"fi": "ei kuvattu", "sv": "inte beskriven", "en": "not described"},
    "jobseekers": {"fi": "Työnhakijat", "sv": "Arbetssökande", "en": "Jobseekers"},
    "others": {"fi": "Muut", "sv": "Övriga", "en": "Others"},
    "role": {"fi": "Rooli", "sv": "Roll", "en": "Role"},
    "target_group": {"fi": "Kohderyhmä", "sv": "Målgrupp", "en": "Target group"},
    "organisation": {"fi": "Taho", "sv": "Aktör", "en": "Organisation"},
    "evidence": {"fi": "Lähde", "sv": "Källa", "en": "Evidence"},
    "page": {"fi": "s.", "sv": "s.", "en": "p."},
    "responsible": {"fi": "Vastuutaho", "sv": "Ansvarig", "en": "Responsible"},
    "provider": {"fi": "Tuottaja", "sv": "Producent", "en": "Provider"},
    "partner": {"fi": "Yhteistyö", "sv": "Samarbete", "en": "Partner"},
    "not_described": {"fi": "Ei kuvattu asiakirjassa.", "sv": "Inte beskriven i dokumentet.",
                      "en": "Not described in the document."},
    "validation": {"fi": "Lain vähimmäissisältö (13 §)", "sv": "Lagens minimiinnehåll (13 §)",
                   "en": "The law's minimum content (s. 13)"},
    "conforms": {"fi": "Kaikki vaaditut palvelut ja vastuutahot on kuvattu.",
                 "sv": "Alla obligatoriska tjänster och ansvariga är beskrivna.",
                 "en": "All required services and responsible bodies are described."},
    "contact": {"fi": "Yhteyshenkilö", "sv": "Kontaktperson", "en": "Contact point"},
    "export": {"fi": "Lataa", "sv": "Ladda ner", "en": "Download"},
    "no_documents": {"fi": "Ei vielä asiakirjoja.", "sv": "Inga dokument ännu.",
                     "en": "No documents yet."},
    "ingested": {"fi": "Tallennettu", "sv": "Inläst", "en": "Ingested"},
    "facts": {"fi": "Tietoja", "sv": "Uppgifter", "en": "Facts"},
    "pages": {"fi": "Sivuja", "sv": "Sidor", "en": "Pages"},
    "language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "search": {"fi": "Hae lähteistä", "sv": "Sök i källorna", "en": "Search the evidence"},
    "services": {"fi": "Palvelut", "sv": "Tjänster", "en": "Services"},
    "responsible_in": {"fi": "Roolit kunnittain", "sv": "Roller per kommun", "en": "Roles by municipality"},
}


def pick_lang(request: Request) -> str:
    """`?lang=` first, then the cookie the switcher sets, then Finnish."""
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "fi"
    return lang if lang in LANGS else "fi"


def translator(lang: str):
    """`t("key")` for templates."""
    def t(key: str) -> str:
        entry = STRINGS.get(key)
        return entry.get(lang, entry["fi"]) if entry else key
    return t
