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


@pytest.mark.parametrize("text, first", [
    # a flattened table: the row label (a service's bare name) fused with its first cell
    ("Kotoutumiskoulutus Kotoutumiskoulutusta tarjotaan lähiopetuksena Kivijoella.", "Kotoutumiskoulutus"),
    ("Muu ohjaus ja neuvonta Työvoimaviranomainen neuvoo työnhakuun liittyvissä asioissa.",
     "Muu ohjaus ja neuvonta"),
    # a clause that opens with a service, and a name after a head noun, are not row labels
    ("Monialaisen kotoutumissuunnitelman laadinnassa voi olla mukana viranomaisia Lapin "
     "hyvinvointialueelta.", None),
    ("Työllisyyden yhteispalvelu Pointti antaa ohjausta ja neuvontaa.", None),
])
def test_a_fused_row_label_is_its_own_sentence(nlp, text: str, first: str | None) -> None:
    sentences = [s.text for s in nlp(text).sents]
    assert sentences[0] == (first or text)
