"""Run `kotograph serve` on mimalloc instead of glibc's malloc.

Most of an evaluated SPARQL request's instructions are Oxigraph's own: it allocates and frees
many small objects while it plans and evaluates a query, and under glibc's malloc that
allocator work is about a quarter of the request's instructions (callgrind, the who-query).
mimalloc (Debian package `libmimalloc2.0`, installed by `make setup`) does the same work for a
fraction of it: measured on one core at 8 clients, 1.08 -> 0.81 ms of server CPU per evaluated
who-query (BENCHMARKS.md has the figures of the latest run, and the same allocator under
Oxigraph's own server for comparison).

The dynamic loader preloads a library only into a new process, so the command executes itself
again, once, with the library added to LD_PRELOAD; that process sees it in its LD_PRELOAD
(`Settings.ld_preload`) and goes on. Without the library, or with `KOTOGRAPH_ALLOCATOR=system`,
the command runs on the system allocator as it is.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from api.settings import Settings

# allocator name -> (library name for ctypes.util.find_library, soname for LD_PRELOAD)
LIBRARIES: dict[str, tuple[str, str]] = {"mimalloc": ("mimalloc", "libmimalloc.so.2")}

# Commands where the allocator pays for one more process start (about 0.3 s). Not `ingest`:
# its time is spaCy's and pdfminer's Python, and ingesting the examples took 6.2-7.6 s on
# mimalloc against 6.4-6.9 s on glibc, alternating runs.
PRELOADED_COMMANDS = frozenset({"serve"})
# Global options that take a value (so that the value is not taken for the command).
_VALUED_OPTIONS = frozenset({"--store"})


def command_of(args: Sequence[str]) -> str | None:
    """The subcommand in the command line's arguments (after the program name)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def mapped_allocator(maps: Path = Path("/proc/self/maps")) -> str:
    """The allocator this process runs on: a preloaded one found in its memory map, or
    "system"."""
    try:
        text = maps.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "system"
    for name, (_, soname) in LIBRARIES.items():
        if f"/{soname}" in text:
            return name
    return "system"


def preload_plan(settings: Settings, args: Sequence[str]) -> str | None:
    """The LD_PRELOAD value to re-execute with, or None to go on in this process."""
    library = LIBRARIES.get(settings.allocator)
    if library is None or command_of(args) not in PRELOADED_COMMANDS:
        return None
    find_name, soname = library
    preloaded = settings.ld_preload.replace(":", " ").split()
    if soname in preloaded or ctypes.util.find_library(find_name) is None:
        return None  # already asked for (loaded or not: never loop), or not installed
    return " ".join([*preloaded, soname])


def reexec_with_allocator(settings: Settings) -> None:
    """Replace this process by the same command on the configured allocator, if it is
    installed and not yet in place; otherwise return."""
    preload = preload_plan(settings, sys.argv[1:])
    if preload is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.environ["LD_PRELOAD"] = preload
    # orig_argv: the interpreter's own command line, `-m api.cli` or the console script.
    os.execv(sys.executable, sys.orig_argv)
