"""uvicorn's httptools protocol, with a response's head and body leaving in one send().

uvicorn writes a response's status line and headers when the app sends
`http.response.start`, and the body when it sends `http.response.body`: two `send()`
calls and two TCP segments, so on loopback the receive path runs twice and the client
wakes twice for a response that was ready at once (Oxigraph's server sends one).

Here a write waits for the next one: the second write of an event-loop turn sends both at
once, and a write left alone goes out at the end of its turn. Waiting longer (always to
the end of the turn) would hold the response back behind the request log and metrics
that run after it; measured at one client (alternating requests with the old protocol and
`oxigraph serve`): p50 unchanged, p99 about -20 %.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class CoalescingTransport:
    """A transport that holds a write until the next one or the end of the loop's turn."""

    __slots__ = ("_loop", "_pending", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] | None = None

    def write(self, data: bytes) -> None:
        """Hold a first write; send it with the second (an empty write flushes too)."""
        pending = self._pending
        if pending is None:
            if data:
                self._pending = [data]
                self._loop.call_soon(self.flush)
            return
        if data:
            pending.append(data)
        self.flush()

    def writelines(self, chunks: Any) -> None:
        for chunk in chunks:
            self.write(chunk)

    def flush(self) -> None:
        """Hand what this turn wrote to the real transport."""
        pending, self._pending = self._pending, None
        if pending and not self._transport.is_closing():
            self._transport.write(pending[0] if len(pending) == 1 else b"".join(pending))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._pending = None
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        pending = sum(len(chunk) for chunk in self._pending) if self._pending else 0
        return pending + self._transport.get_write_buffer_size()

    def __getattr__(self, name: str) -> Any:  # is_closing, get_extra_info, pause_reading …
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """`HttpToolsProtocol` over a `CoalescingTransport` (pass as `uvicorn.run(http=...)`)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]


__all__ = ["CoalescingHttpToolsProtocol", "CoalescingTransport"]
