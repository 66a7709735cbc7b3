"""Which command re-executes on mimalloc, and that a preload is asked for once at most."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.allocator import command_of, mapped_allocator, preload_plan
from api.settings import Settings

MIMALLOC = "libmimalloc.so.2"


@pytest.fixture
def needs_mimalloc() -> None:
    """`make setup` installs libmimalloc2.0; without it these tests fail and say so."""
    if preload_plan(Settings(allocator="mimalloc", LD_PRELOAD=""), ["serve"]) is None:
        pytest.fail("libmimalloc2.0 is not installed (make setup installs it)", pytrace=False)


@pytest.mark.parametrize(("args", "command"), [
    (["serve", "--port", "8001"], "serve"),
    (["--store", "var/x", "ingest", "a.pdf"], "ingest"),
    (["--store", "serve", "who", "993", "assessment"], "who"),  # a store directory named "serve"
    (["--help"], None),
])
def test_command_of_skips_global_options_and_their_values(args: list[str], command: str | None) -> None:
    assert command_of(args) == command


@pytest.mark.usefixtures("needs_mimalloc")
def test_serve_asks_for_mimalloc_other_commands_do_not() -> None:
    s = Settings(allocator="mimalloc", LD_PRELOAD="")
    assert preload_plan(s, ["--store", "x", "serve", "--port", "8001"]) == MIMALLOC
    assert preload_plan(s, ["--store", "x", "ingest", "a.pdf"]) is None
    assert preload_plan(s, ["who", "993", "assessment"]) is None
    assert preload_plan(Settings(allocator="system", LD_PRELOAD=""), ["serve"]) is None


@pytest.mark.usefixtures("needs_mimalloc")
def test_a_preload_already_asked_for_is_never_asked_again() -> None:
    """The re-executed process sees its own LD_PRELOAD: no second exec, even if the loader
    could not load the library; other preloaded libraries are kept."""
    assert preload_plan(Settings(allocator="mimalloc", LD_PRELOAD=MIMALLOC), ["serve"]) is None
    assert preload_plan(Settings(allocator="mimalloc", LD_PRELOAD=f"libfoo.so:{MIMALLOC}"),
                        ["serve"]) is None
    assert preload_plan(Settings(allocator="mimalloc", LD_PRELOAD="libfoo.so"),
                        ["serve"]) == f"libfoo.so {MIMALLOC}"


def test_mapped_allocator_reads_the_memory_map(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n")
    assert mapped_allocator(maps) == "system"
    maps.write_text(maps.read_text() + f"7f02-7f03 r-xp 0 08:01 2 /usr/lib/x86_64-linux-gnu/{MIMALLOC}\n")
    assert mapped_allocator(maps) == "mimalloc"
    assert mapped_allocator(tmp_path / "missing") == "system"
