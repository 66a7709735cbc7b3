"""What `kotograph ingest` does before any store or model is needed: find the files, and
hand each to a running server's upload API.

Kept to the standard library: while a server runs, these are all the command imports
besides its settings, so the user waits for the server's extraction, not for imports.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".txt"})


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the supported files inside folders (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def upload(base_url: str, token: str, path: Path, timeout_s: float) -> dict[str, Any] | str:
    """POST the file to `{base_url}/api/v1/documents`: the server's summary of what it
    ingested, or the problem (naming the file) as a message."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"{path.name}: cannot read the file ({exc.strerror or exc})"
    request = urllib.request.Request(
        f"{base_url}/api/v1/documents", data=data, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream",
                 "X-Filename": path.name.encode("utf-8").decode("latin-1")})  # UTF-8 bytes
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            problem = json.loads(exc.read())
        except ValueError:
            problem = {}
        return problem.get("detail") or f"{path.name}: the server answered {exc.code} {exc.reason}"
    except OSError as exc:  # refused, reset, timed out
        return f"{path.name}: the server at {base_url} did not take it ({exc})"


__all__ = ["SUPPORTED_SUFFIXES", "expand_paths", "upload"]
