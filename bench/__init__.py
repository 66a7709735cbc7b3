"""kotograph benchmarks: `python -m bench.run` (what `make bench` runs) writes BENCHMARKS.md.

Every figure is a ratio against a baseline measured in the same run on the same machine:
the extraction pipeline against bare pdfminer text extraction, kotograph's SPARQL endpoint
and REST API against Oxigraph's own server on the same data.
"""
