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
    "filter": {"fi": "Suodata", "sv": "Filtrera", "en": "Filter"},
    "sort": {"fi": "Järjestys", "sv": "Sortering", "en": "Sort"},
    "sort_name": {"fi": "Nimen mukaan", "sv": "Efter namn", "en": "By name"},
    "sort_compliance": {"fi": "Puutteet ensin", "sv": "Brister först", "en": "Most gaps first"},
    "violations": {"fi": "Puutteet", "sv": "Brister", "en": "Violations"},
    "violation": {"fi": "Puute", "sv": "Brist", "en": "Violation"},
    "warning": {"fi": "Huomautus", "sv": "Anmärkning", "en": "Warning"},
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
    "missing": {"fi": "ei kuvattu (13 §:n vähimmäissisältöä)",
                "sv": "inte beskriven (minimiinnehåll enligt 13 §)",
                "en": "not described (minimum content of s. 13)"},
    "optional_missing": {"fi": "ei kuvattu (ei vaadita 13 §:ssä)", "sv": "inte beskriven (krävs inte i 13 §)",
                         "en": "not described (not required by s. 13)"},
    "excluded": {"fi": "rajattu ohjelman ulkopuolelle", "sv": "utesluten ur programmet",
                 "en": "explicitly left out of the programme"},
    "no_programme": {"fi": "ei tallennettua ohjelmaa", "sv": "inget inläst program",
                     "en": "no programme ingested"},
    "outside_scope": {"fi": "lain 681/2023 soveltamisalan ulkopuolella (Ahvenanmaa)",
                      "sv": "utanför tillämpningsområdet för lag 681/2023 (Åland)",
                      "en": "outside the scope of Act 681/2023 (Åland)"},
    "programme-ingested": {"fi": "Ohjelma tallennettu", "sv": "Program inläst", "en": "Programme ingested"},
    "no-programme": {"fi": "Ei tallennettua ohjelmaa", "sv": "Inget inläst program",
                     "en": "No programme ingested"},
    "outside-scope": {"fi": "Lain soveltamisalan ulkopuolella", "sv": "Utanför lagens tillämpningsområde",
                      "en": "Outside the Act's scope"},
    "programme_status": {"fi": "Ohjelman tila", "sv": "Programmets status", "en": "Programme status"},
    "elinvoimakeskus": {"fi": "Elinvoimakeskus",
                        "sv": "Livskraftscentral",
                        "en": "Economic Development Centre"},
    "required_services": {"fi": "13 §:n vähimmäissisältö", "sv": "Minimiinnehåll enligt 13 §",
                          "en": "Minimum content of s. 13"},
    "optional_services": {"fi": "Muut palvelut (eivät pakollisia)",
                          "sv": "Övriga tjänster (inte obligatoriska)",
                          "en": "Other services (not required)"},
    "required_short": {"fi": "vaaditaan (13 §)", "sv": "krävs (13 §)", "en": "required (s. 13)"},
    "optional_short": {"fi": "ei vaadita", "sv": "krävs inte", "en": "not required"},
    "abbr_jobseekers": {"fi": "TH", "sv": "AS", "en": "JS"},
    "abbr_others": {"fi": "M", "sv": "Ö", "en": "O"},
    "jobseekers": {"fi": "Työnhakijat", "sv": "Arbetssökande", "en": "Jobseekers"},
    "others": {"fi": "Muut", "sv": "Övriga", "en": "Others"},
    "role": {"fi": "Rooli", "sv": "Roll", "en": "Role"},
    "target_group": {"fi": "Kohderyhmä", "sv": "Målgrupp", "en": "Target group"},
    "organisation": {"fi": "Taho", "sv": "Aktör", "en": "Organisation"},
    "evidence": {"fi": "Lähde", "sv": "Källa", "en": "Evidence"},
    "page": {"fi": "s.", "sv": "s.", "en": "p."},
    "responsible": {"fi": "Vastuutaho", "sv": "Ansvarig", "en": "Responsible"},
    "provider": {"fi": "Palveluntuottaja", "sv": "Tjänsteproducent", "en": "Service provider"},
    "partner": {"fi": "Yhteistyötaho", "sv": "Samarbetspart", "en": "Cooperation partner"},
    "all": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
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
    "findings": {"fi": "Havainnot", "sv": "Iakttagelser", "en": "Findings"},
    "evidence_table": {"fi": "Vastuutahot ja lähteet",
                       "sv": "Ansvariga och källor",
                       "en": "Responsibilities and evidence"},
    "area_report": {"fi": "Alueen raportti", "sv": "Områdets rapport", "en": "Area report"},
    "no_municipalities": {"fi": "Suodatus ei jättänyt yhtään kuntaa.",
                          "sv": "Filtreringen lämnade inga kommuner.",
                          "en": "The filters leave no municipality."},
    "document_date": {"fi": "Asiakirjan päiväys", "sv": "Dokumentets datum", "en": "Document date"},
    "approval": {"fi": "Hyväksytty", "sv": "Godkänt", "en": "Approved"},
    "approval_unknown": {"fi": "asiakirjasta ei löytynyt hyväksymistietoa",
                         "sv": "dokumentet anger inget godkännande", "en": "the document states no approval"},
    "report": {"fi": "Raportti (tulostettava)", "sv": "Rapport (utskrivbar)", "en": "Report (printable)"},
    "no-programme_help": {
        "fi": "Kunnan kotoutumisohjelmaa ei ole tallennettu palveluun, joten sen sisällöstä ei tiedetä "
              "mitään.",
        "sv": "Kommunens integrationsprogram har inte lästs in, så ingenting är känt om dess innehåll.",
        "en": "No programme of the municipality has been ingested, so nothing is known of its content."},
    "outside-scope_help": {
        "fi": "Ahvenanmaalla on oma kotoutumislakinsa (ÅFS 2012:74); laki 681/2023 ei velvoita kuntaa "
              "laatimaan kotoutumisohjelmaa.",
        "sv": "Åland har en egen integrationslag (ÅFS 2012:74); lag 681/2023 förpliktar inte kommunen till "
              "ett integrationsprogram.",
        "en": "Åland has its own integration act (ÅFS 2012:74); Act 681/2023 does not oblige the "
              "municipality to a programme."},
    "version_status": {"fi": "Versio", "sv": "Version", "en": "Version"},
    "version_date": {"fi": "Version päivämäärä", "sv": "Versionens datum", "en": "Version date"},
    "current": {"fi": "voimassa oleva", "sv": "gällande", "en": "current"},
    "superseded": {"fi": "korvattu uudemmalla", "sv": "ersatt av en nyare", "en": "superseded"},
    "format-copy": {"fi": "sama versio toisessa muodossa", "sv": "samma version i annat format",
                    "en": "same version, another format"},
    "basis_approval": {"fi": "(hyväksymispäivä)", "sv": "(godkännandedatum)", "en": "(approval date)"},
    "basis_validity": {"fi": "(voimassaolon alku)",
                       "sv": "(giltighetens början)",
                       "en": "(start of validity)"},
    "basis_ingest": {"fi": "(tallennuspäivä)", "sv": "(inläsningsdatum)", "en": "(ingest date)"},
    "what_changed": {"fi": "Mikä muuttui edellisestä versiosta",
                     "sv": "Vad har ändrats sedan föregående version",
                     "en": "What changed since the previous version"},
    "change": {"fi": "Muutos", "sv": "Ändring", "en": "Change"},
    "change_added": {"fi": "Lisätty", "sv": "Tillagd", "en": "Added"},
    "change_removed": {"fi": "Poistettu", "sv": "Borttagen", "en": "Removed"},
    "change_changed": {"fi": "Vaihtunut", "sv": "Ändrad", "en": "Changed"},
    "change_service-added": {"fi": "Palvelu kuvattu uutena",
                             "sv": "Tjänsten beskrivs nu",
                             "en": "Service now described"},
    "change_service-removed": {"fi": "Palvelua ei enää kuvata", "sv": "Tjänsten beskrivs inte längre",
                               "en": "Service no longer described"},
    "no_changes": {"fi": "Vastuutahot eivät muuttuneet.", "sv": "De ansvariga har inte ändrats.",
                   "en": "The bodies did not change."},
    "login": {"fi": "Kirjaudu valvojana", "sv": "Logga in som handläggare", "en": "Sign in as supervisor"},
    "login_help": {"fi": "Valvoja voi vahvistaa, korjata, hylätä ja lisätä tietoja sekä kuitata havaintoja. "
                         "Lukeminen ei vaadi kirjautumista.",
                   "sv": "En handläggare kan bekräfta, rätta, avvisa och lägga till uppgifter samt kvittera "
                         "iakttagelser. För att läsa behöver man inte logga in.",
                   "en": "A supervisor can confirm, correct, reject and add facts and resolve findings. "
                         "Reading needs no sign-in."},
    "login_failed": {"fi": "Tunnus tai salasana on väärä.", "sv": "Fel användarnamn eller lösenord.",
                     "en": "Wrong name or password."},
    "user_name": {"fi": "Käyttäjätunnus", "sv": "Användarnamn", "en": "User name"},
    "password": {"fi": "Salasana", "sv": "Lösenord", "en": "Password"},
    "logout": {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Sign out"},
    "signed_in_as": {"fi": "Valvoja:", "sv": "Handläggare:", "en": "Supervisor:"},
    "account": {"fi": "Käyttäjä", "sv": "Användare", "en": "Account"},
    "review": {"fi": "Tarkista", "sv": "Granska", "en": "Review"},
    "reviews": {"fi": "Valvojan tarkistukset",
                "sv": "Handläggarens granskningar",
                "en": "Supervisors' reviews"},
    "review_confirm": {"fi": "Vahvistettu", "sv": "Bekräftad", "en": "Confirmed"},
    "review_correct": {"fi": "Korjattu", "sv": "Rättad", "en": "Corrected"},
    "review_reject": {"fi": "Hylätty", "sv": "Avvisad", "en": "Rejected"},
    "review_add": {"fi": "Lisätty", "sv": "Tillagd", "en": "Added"},
    "review_resolve": {"fi": "Havainto kuitattu", "sv": "Iakttagelse kvitterad", "en": "Finding resolved"},
    "confirm": {"fi": "Vahvistettu", "sv": "Bekräftad", "en": "Confirmed"},
    "correct": {"fi": "Korjattu", "sv": "Rättad", "en": "Corrected"},
    "reject": {"fi": "Hylätty", "sv": "Avvisad", "en": "Rejected"},
    "add": {"fi": "Lisätty", "sv": "Tillagd", "en": "Added"},
    "resolve": {"fi": "Kuitattu", "sv": "Kvitterad", "en": "Resolved"},
    "do_confirm": {"fi": "Vahvista", "sv": "Bekräfta", "en": "Confirm"},
    "do_reject": {"fi": "Hylkää", "sv": "Avvisa", "en": "Reject"},
    "do_correct": {"fi": "Korjaa", "sv": "Rätta", "en": "Correct"},
    "do_add": {"fi": "Lisää", "sv": "Lägg till", "en": "Add"},
    "do_resolve": {"fi": "Kuittaa havainto", "sv": "Kvittera iakttagelsen", "en": "Resolve the finding"},
    "add_fact": {"fi": "Lisää puuttuva tieto lainauksen kera",
                 "sv": "Lägg till en uppgift som saknas, med citat",
                 "en": "Add a missing fact with its quote"},
    "note": {"fi": "Perustelu", "sv": "Motivering", "en": "Note"},
    "resolve_note": {"fi": "Miksi havainto kuitataan", "sv": "Varför iakttagelsen kvitteras",
                     "en": "Why the finding is resolved"},
    "quote_from_document": {"fi": "Lainaus asiakirjasta",
                            "sv": "Citat ur dokumentet",
                            "en": "Quote from the document"},
    "other_body": {"fi": "– muu taho (nimi alla) –", "sv": "– annan aktör (namn nedan) –",
                   "en": "– another body (name below) –"},
    "other_body_name": {"fi": "tai tahon nimi", "sv": "eller aktörens namn", "en": "or the body's name"},
    "when": {"fi": "Milloin", "sv": "När", "en": "When"},
    "who": {"fi": "Kuka", "sv": "Vem", "en": "Who"},
    "review_state": {"fi": "Tila nyt", "sv": "Status nu", "en": "State now"},
    "applied": {"fi": "voimassa", "sv": "gäller", "en": "applied"},
    "quote-gone": {"fi": "lainausta ei löydy nykyisestä versiosta – tarkista uudelleen",
                   "sv": "citatet finns inte i den gällande versionen – granska på nytt",
                   "en": "the quote is not in the current version – review again"},
    "finding-gone": {"fi": "havaintoa ei enää ole",
                     "sv": "iakttagelsen finns inte längre",
                     "en": "finding gone"},
    "flagged_help": {"fi": "Osa tarkistuksista koskee lausetta, jota ei löydy ohjelman nykyisestä versiosta. "
                           "Ne eivät muuta tietoja ennen kuin ne tarkistetaan uudelleen.",
                     "sv": "Några granskningar gäller en mening som inte finns i programmets gällande "
                           "version. "
                           "De ändrar inga uppgifter förrän de granskats på nytt.",
                     "en": "Some reviews concern a sentence that is not in the programme's current version. "
                           "They change nothing until they are reviewed again."},
    "reviewed_cell": {"fi": "valvoja on tarkistanut", "sv": "granskad av handläggare",
                      "en": "reviewed by a supervisor"},
    "programme_findings": {"fi": "Koko ohjelmaa koskevat havainnot (yhteistyötahot, yhteyspiste)",
                           "sv": "Iakttagelser om hela programmet (samarbetsparter, kontaktpunkt)",
                           "en": "Findings about the whole programme (partners, contact point)"},
    "programme_findings_short": {"fi": "koko ohjelma", "sv": "hela programmet", "en": "whole programme"},
    "report_title": {"fi": "Kotoutumisohjelman tarkistusraportti",
                     "sv": "Granskningsrapport om integrationsprogrammet",
                     "en": "Integration programme review report"},
    "report_generated": {"fi": "Laadittu", "sv": "Upprättad", "en": "Generated"},
    "print": {"fi": "Tulosta tai tallenna PDF:ksi",
              "sv": "Skriv ut eller spara som PDF",
              "en": "Print or save as PDF"},
    "download_report": {"fi": "Lataa raportti", "sv": "Ladda ner rapporten", "en": "Download the report"},
    "responsibilities_by_service": {"fi": "Vastuutahot palveluittain", "sv": "Ansvariga per tjänst",
                                    "en": "Responsible bodies by service"},
    "whole_country": {"fi": "koko maa", "sv": "hela landet", "en": "the whole country"},
    "not_described_required": {"fi": "Puuttuu vähimmäissisällöstä", "sv": "Saknas i minimiinnehållet",
                               "en": "Missing from the minimum content"},
    "original_file": {"fi": "Alkuperäinen tiedosto", "sv": "Originalfilen", "en": "Original file"},
    "upload": {"fi": "Tallenna", "sv": "Läs in", "en": "Ingest"},
    "upload_label": {"fi": "Uusi ohjelma tai uusi versio", "sv": "Nytt program eller ny version",
                     "en": "A new programme or a new version"},
    "upload_help": {"fi": "Uudempi versio korvaa vanhemman, joka jää historiaan; saman version toinen "
                          "tiedostomuoto lasketaan kerran.",
                    "sv": "En nyare version ersätter den äldre, som finns kvar i historiken; samma version i "
                          "ett annat filformat räknas en gång.",
                    "en": "A newer version supersedes the older, which stays in the history; the same "
                          "version in another format counts once."},
    "resolved": {"fi": "Kuitattu", "sv": "Kvitterad", "en": "Resolved"},
    "search": {"fi": "Hae lähteistä", "sv": "Sök i källorna", "en": "Search the evidence"},
    "services": {"fi": "Palvelut", "sv": "Tjänster", "en": "Services"},
    "responsible_in": {"fi": "Roolit kunnittain", "sv": "Roller per kommun", "en": "Roles by municipality"},
}


# Counted nouns: (singular, after a numeral); Finnish takes the partitive after numerals
# above one ("6 kuntaa"), Swedish and English the plural.
COUNTED: dict[str, dict[str, tuple[str, str]]] = {
    "municipality": {"fi": ("kunta", "kuntaa"), "sv": ("kommun", "kommuner"),
                     "en": ("municipality", "municipalities")},
    "document": {"fi": ("asiakirja", "asiakirjaa"), "sv": ("dokument", "dokument"),
                 "en": ("document", "documents")},
    "fact": {"fi": ("tieto", "tietoa"), "sv": ("uppgift", "uppgifter"), "en": ("fact", "facts")},
    "violation": {"fi": ("puute", "puutetta"), "sv": ("brist", "brister"), "en": ("violation", "violations")},
    "warning": {"fi": ("huomautus", "huomautusta"), "sv": ("anmärkning", "anmärkningar"),
                "en": ("warning", "warnings")},
    "review": {"fi": ("tarkistus", "tarkistusta"), "sv": ("granskning", "granskningar"),
               "en": ("review", "reviews")},
}


def counted(n: int, noun: str, lang: str) -> str:
    """`6 kuntaa`, `1 kunta`, `6 kommuner`: a number with its noun in the right form."""
    one, many = COUNTED[noun].get(lang, COUNTED[noun]["fi"])
    return f"{n} {one if n == 1 else many}"


def fi_date(iso: str) -> str:
    """An ISO date as Finnish and Swedish write it: 18.11.2024."""
    parts = str(iso)[:10].split("-")
    return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}" if len(parts) == 3 and all(parts) else str(iso)


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
