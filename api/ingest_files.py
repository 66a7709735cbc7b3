"""What `kotograph ingest` does before any store or model is needed: find the files, and
hand each to a running server's upload API.

Kept to the standard library: while a server runs, these are all the command imports
besides its settings, so the user waits for the server's extraction, not for imports.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    ingested, or the problem (naming the file) as a message.

    Straight to the server the CLI found beside the store, never through a proxy of the
    environment (urllib would send it to one when `http_proxy` is set)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"{path.name}: cannot read the file ({exc.strerror or exc})"
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=timeout_s)
    try:
        connection.request("POST", f"{url.path.rstrip('/')}/api/v1/documents", body=data, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream",
            "X-Filename": path.name.encode("utf-8").decode("latin-1")})  # UTF-8 bytes
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out
        return f"{path.name}: the server at {base_url} did not take it ({exc})"
    finally:
        connection.close()
    if response.status < 300:
        return json.loads(body)
    try:
        problem = json.loads(body)
    except ValueError:
        problem = {}
    return problem.get("detail") or f"{path.name}: the server answered {response.status} {response.reason}"


__all__ = ["SUPPORTED_SUFFIXES", "expand_paths", "upload"]
