"""Start a server as a subprocess, poll until it answers, and always stop it again."""

from __future__ import annotations

import contextlib
import http.client
import os
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class ServerFailed(RuntimeError):
    """The server exited or never became ready; the message carries its log's tail."""


@dataclass(frozen=True, slots=True)
class RunningServer:
    name: str
    host: str
    port: int
    pid: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


def _answers(host: str, port: int, path: str) -> bool:
    conn = http.client.HTTPConnection(host, port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status < 500
    except OSError:
        return False
    finally:
        conn.close()


@contextlib.contextmanager
def run_server(
    name: str,
    argv: Sequence[str],
    *,
    port: int,
    ready_path: str = "/",
    log: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    cpus: set[int] | None = None,
    timeout_s: float = 120.0,
) -> Iterator[RunningServer]:
    """Run `argv` (listening on 127.0.0.1:`port`) until the with-block ends.

    Output goes to `log`, never to a pipe, so a chatty server cannot block on a full pipe.
    `cpus` pins the server (and its threads) to those CPUs.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **(env or {})}

    def pin() -> None:
        if cpus:
            os.sched_setaffinity(0, cpus)

    with log.open("wb") as out:
        proc = subprocess.Popen(list(argv), stdout=out, stderr=subprocess.STDOUT, env=full_env,
                                cwd=cwd, preexec_fn=pin, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout_s
        while not _answers("127.0.0.1", port, ready_path):
            if proc.poll() is not None:
                raise ServerFailed(f"{name} exited with {proc.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise ServerFailed(f"{name} not ready after {timeout_s:.0f} s:\n{_tail(log)}")
            time.sleep(0.1)
        yield RunningServer(name, "127.0.0.1", port, proc.pid, log)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
