"""What the browser tests share: Debian's Chromium, and a server over the ingested examples."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.server import free_port, run_server
from tests.ui.support import CHROMIUM, KOTOGRAPH, ROOT


@pytest.fixture(scope="module", autouse=True)
def chromium() -> None:
    """`make setup` installs Debian's chromium; without it these tests fail and say so."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: Debian's chromium (make setup installs it)",
                    pytrace=False)


@contextmanager
def examples_server(folder: Path, **env: str) -> Iterator[str]:
    """`kotograph serve` over a store in `folder` with the examples ingested; its URL."""
    full = {**os.environ, "KOTOGRAPH_STORE": str(folder / "store"),
            "KOTOGRAPH_EXTRA_REFERENCE": f'["{ROOT / "examples" / "reference"}"]', **env}
    subprocess.run([*KOTOGRAPH, "ingest", str(ROOT / "examples")], check=True, env=full, cwd=ROOT,
                   capture_output=True)
    port = free_port()
    with run_server([*KOTOGRAPH, "serve", "--port", str(port)], port, env=full, cwd=ROOT,
                    ready_path="/health") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()
