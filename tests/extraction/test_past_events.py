"""Past events are not the programme's arrangements: a sentence in the simple past, or in
the perfect dated by a past year, gives no facts; the perfect alone states a standing one."""

import pytest

from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma

Ohjaus ja neuvonta

Neuvonnan pilotointi toteutettiin Kivijoen seurakunnan toimesta.

Kivijoen kaupunki on osallistunut neuvontatilaisuuksien järjestämiseen yhdessä Kelan kanssa
vuosina 2023 ja 2024.

Kivijoen kaupunki on tehnyt ostopalvelusopimuksen Setlementti Pajun kanssa, joka tuottaa
ohjausta ja neuvontaa.
"""


def test_past_events_give_no_facts(tmp_path, nlp) -> None:
    keys = {f.organisation.key for f in facts_of_text(tmp_path, TEXT)}
    assert "kivijoen-seurakunta" not in keys
    assert "kela" not in keys
    assert "setlementti-paju" in keys
