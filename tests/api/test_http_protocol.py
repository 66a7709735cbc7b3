"""The server protocol's write coalescing: a response's head and body in one send()."""

from __future__ import annotations

import asyncio

from api.http_protocol import CoalescingTransport


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"peername": ("127.0.0.1", 1234)}.get(name, default)


def run(scenario) -> RecordingTransport:
    async def main() -> RecordingTransport:
        real = RecordingTransport()
        await scenario(CoalescingTransport(real, asyncio.get_running_loop()), real)
        return real

    return asyncio.run(main())


def test_head_and_body_written_in_one_turn_leave_as_one_write() -> None:
    async def scenario(t: CoalescingTransport, real: RecordingTransport) -> None:
        t.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        assert real.writes == []  # held until the body comes
        t.write(b"{}")
        assert real.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]

    run(scenario)


def test_a_lone_write_leaves_at_the_end_of_its_turn() -> None:
    async def scenario(t: CoalescingTransport, real: RecordingTransport) -> None:
        t.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        assert real.writes == []
        await asyncio.sleep(0)
        assert real.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
        await asyncio.sleep(0)
        assert len(real.writes) == 1  # the scheduled flush found nothing more to send

    run(scenario)


def test_an_empty_body_sends_the_held_head_at_once() -> None:
    async def scenario(t: CoalescingTransport, real: RecordingTransport) -> None:
        t.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        t.write(b"")
        assert real.writes == [b"HTTP/1.1 204 No Content\r\n\r\n"]

    run(scenario)


def test_close_sends_what_is_held_and_abort_drops_it() -> None:
    async def closing(t: CoalescingTransport, real: RecordingTransport) -> None:
        t.write(b"bye")
        t.close()
        assert real.writes == [b"bye"] and real.closed

    async def aborting(t: CoalescingTransport, real: RecordingTransport) -> None:
        t.write(b"lost")
        t.abort()
        await asyncio.sleep(0)
        assert real.writes == [] and real.aborted

    run(closing)
    run(aborting)


def test_other_transport_calls_reach_the_real_transport() -> None:
    async def scenario(t: CoalescingTransport, real: RecordingTransport) -> None:
        assert t.get_extra_info("peername") == ("127.0.0.1", 1234)
        t.write(b"abc")
        assert t.get_write_buffer_size() == 3
        assert not t.is_closing()

    run(scenario)
