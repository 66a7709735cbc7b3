"""Run a real server process for a test: a free port, poll until it answers, always stop it.

    with run_server([sys.executable, "-m", "uvicorn", ...], port, env) as base_url:
        httpx.get(f"{base_url}/sparql")

Used for `uvicorn` serving kotograph and for `oxigraph serve`. Never a fixed port and never
a fixed sleep: the helper polls the port, and fails at once, with the process's stderr, if
the process exits before it answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


class ServerFailed(RuntimeError):
    """The process exited, or did not answer in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, limit: int = 4000) -> str:
    text = path.read_text("utf-8", errors="replace")
    return text[-limit:] if len(text) > limit else text


@contextmanager
def run_server(
    cmd: Sequence[str],
    port: int,
    env: Mapping[str, str] | None = None,
    *,
    ready_path: str = "/",
    timeout_s: float = 30.0,
    cwd: str | Path | None = None,
) -> Iterator[str]:
    """Start `cmd` (which must listen on 127.0.0.1:`port`) and yield its base URL.

    `env` is added to the current environment. Ready means: `GET ready_path` got any HTTP
    answer. On exit the process is terminated, then killed if it has not stopped in 5 s.
    """
    base_url = f"http://127.0.0.1:{port}"
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryDirectory(prefix="server-") as tmp:
        log = Path(tmp) / "output.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                list(cmd), env=full_env, cwd=cwd, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if proc.poll() is not None:
                    raise ServerFailed(
                        f"{cmd[0]} exited with {proc.returncode} before answering:\n{_tail(log)}"
                    )
                try:
                    httpx.get(base_url + ready_path, timeout=1.0)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise ServerFailed(
                            f"{cmd[0]} did not answer on port {port} in {timeout_s:g} s:\n"
                            f"{_tail(log)}"
                        ) from None
                    time.sleep(0.05)
            yield base_url
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)


__all__ = ["ServerFailed", "free_port", "run_server"]
