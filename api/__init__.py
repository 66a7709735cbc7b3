"""Serving: SPARQL endpoint, REST API, web UI and the command line."""
