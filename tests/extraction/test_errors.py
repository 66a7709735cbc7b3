"""Bad input gives a DocumentError that names the file, never a traceback."""

from pathlib import Path

import pytest

from extraction.errors import DocumentError
from extraction.pipeline import extract_bytes, extract_file


def _pdf_with_only_a_rectangle(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "tyhja.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match=r"tyhja\.pdf: the file is empty"):
        extract_file(path)


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "rikki.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage \x00\x01 trailer")
    with pytest.raises(DocumentError, match=r"rikki\.pdf") as info:
        extract_file(path)
    assert "corrupt" in str(info.value) or "no text" in str(info.value)


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "skannattu.pdf"
    _pdf_with_only_a_rectangle(path)
    with pytest.raises(DocumentError, match="no text layer") as info:
        extract_file(path)
    assert info.value.hint and "OCR" in info.value.hint


def test_unsupported_type() -> None:
    with pytest.raises(DocumentError, match="unsupported file type"):
        extract_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "kuva.png")


def test_not_a_programme() -> None:
    text = "Kaupunginvaltuuston kokous pidetään torstaina. Esityslistalla on talousarvio."
    with pytest.raises(DocumentError, match="not look like an integration programme"):
        extract_bytes(text.encode(), "poytakirja.txt")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        extract_file(tmp_path / "ei-ole.pdf")
