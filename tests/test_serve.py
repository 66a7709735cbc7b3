"""One process owns the embedded store: while `kotograph serve` runs, the CLI goes through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import free_port, run_server

ROOT = Path(__file__).resolve().parent.parent
KOTOGRAPH = [sys.executable, "-m", "api.cli"]

pytestmark = [pytest.mark.server, pytest.mark.model]


def test_ingest_while_serving_is_visible_without_restart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "KOTOGRAPH_STORE": str(store),
           "KOTOGRAPH_EXTRA_REFERENCE": json.dumps([str(ROOT / "examples" / "reference")])}
    port = free_port()
    with run_server([*KOTOGRAPH, "serve", "--port", str(port)], port, env=env, cwd=ROOT,
                    ready_path="/health") as url:
        server_file = Path(str(store) + ".server.json")
        assert server_file.exists() and oct(server_file.stat().st_mode & 0o777) == "0o600"
        assert httpx.get(f"{url}/api/v1/municipalities").json() == []

        done = subprocess.run([*KOTOGRAPH, "ingest", "--json",
                               str(ROOT / "examples" / "jarvela-kotoutumisohjelma.pdf")],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ingested"][0]["municipalities"][0]["code"] == "993"

        answer = httpx.get(f"{url}/api/v1/responsibilities",
                           params={"municipality": "Järvelä", "service": "assessment"}).json()
        assert any(r["role"] == "responsible" for r in answer["results"])

        # Reads through the server too.
        who = subprocess.run([*KOTOGRAPH, "who", "993", "assessment", "--json"], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        assert who.returncode == 0, who.stderr
        assert json.loads(who.stdout) == answer
    assert not server_file.exists()
