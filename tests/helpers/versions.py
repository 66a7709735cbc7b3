"""A newer version of an example programme, rendered as the examples are.

Järvelä's programme for 2026–2027: approved a year later, and for people who are not
jobseekers the assessment moves from the municipality to the welfare area. Everything
else, word for word, as in examples/src/jarvela-kotoutumisohjelma.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "examples" / "src" / "jarvela-kotoutumisohjelma.md"
CHANGES = (
    ("# Järvelän kunnan kotoutumisohjelma 2025–2026", "# Järvelän kunnan kotoutumisohjelma 2026–2027"),
    ("Kunnanhallitus hyväksyi kotoutumisohjelman 18.11.2024 § 211.",
     "Kunnanhallitus hyväksyi kotoutumisohjelman 17.11.2025 § 190."),
    ("Muut maahanmuuttajat: Järvelän kunta. Arvioinnin tekee kunnan kotoutumispalvelujen virkasuhteinen "
     "kotoutumisohjaaja.",
     "Muut maahanmuuttajat: Järviseudun hyvinvointialue. Arvioinnin tekee hyvinvointialueen "
     "maahanmuuttajapalvelujen sosiaaliohjaaja."),
)


def _renderer():
    if "render_pdfs" in sys.modules:
        return sys.modules["render_pdfs"]
    spec = importlib.util.spec_from_file_location("render_pdfs", ROOT / "examples" / "render_pdfs.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["render_pdfs"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def jarvela_2026(folder: Path) -> Path:
    """Render the newer version into `folder`; its path."""
    text = SOURCE.read_text("utf-8")
    for old, new in CHANGES:
        assert old in text, old
        text = text.replace(old, new)
    render = _renderer()
    target = folder / "jarvela-kotoutumisohjelma-2026.pdf"
    render.render_pdf(render.parse(text), "fi", target)
    return target
