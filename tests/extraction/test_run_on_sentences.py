"""A capitalised name inside a clause starts no sentence: the parser may split only after
sentence-final punctuation or at a list mark."""

import pytest

pytestmark = pytest.mark.model

SENTENCE = ("Kivijoen kaupunki on tehnyt ostopalvelusopimuksen Setlementti Pajun kanssa, joka tuottaa "
            "matalan kynnyksen ohjausta ja neuvontaa Monikulttuurikeskus Mikserissä kaikille "
            "kivijokelaisille maahanmuuttajille.")


def test_a_name_after_its_head_stays_in_the_sentence(nlp) -> None:
    doc = nlp(f"{SENTENCE} Kunta vastaa.")
    assert [s.text for s in doc.sents] == [SENTENCE, "Kunta vastaa."]
