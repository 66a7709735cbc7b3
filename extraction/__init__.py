"""Extraction layer: programme documents (PDF, DOCX, HTML, TXT) → `model.DocumentExtraction`.

Public entry points live in `extraction.pipeline` (`extract_file`, `extract_bytes`).
"""
