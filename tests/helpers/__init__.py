"""Reusable test helpers (real server processes, app factories)."""
