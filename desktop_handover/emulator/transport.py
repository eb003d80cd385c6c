"""The in-process door of the emulated portal: an httpx transport for tests and demo mode."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

import httpx

from desktop_handover.emulator.handler import DROP_PROMISED_BYTES, Emulator, Request, Response

#: What httpx reports when a server closes the connection after the response head but before
#: the promised body: what a client of the loopback door sees for `reset` and `lost_reply`.
DROPPED = (
    "peer closed connection without sending complete message body "
    f"(received 0 bytes, expected {DROP_PROMISED_BYTES})"
)


class EmulatorTransport(httpx.AsyncBaseTransport):
    """Hands httpx requests straight to an `Emulator`, no sockets involved.

    Faults behave as a dropped connection or an overdue reply would: `reset` and `lost_reply`
    raise `httpx.RemoteProtocolError`; a `slow` reply raises `httpx.ReadTimeout` at once when
    the request's read timeout is shorter than the delay (the server has acted, as with a slow
    portal), and otherwise really waits.
    """

    def __init__(
        self,
        emulator: Emulator,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        offload: bool = False,
    ) -> None:
        self.emulator = emulator
        self._sleep = sleep
        # A 2,500-row listing batch costs the emulator 150-400 ms of pure Python. In the
        # desktop demo that work would run on the GUI's event loop and freeze the window, so
        # `offload` moves each request into a worker thread (one at a time: the portal state
        # is not thread-safe, and a real portal is another process anyway).
        self._offload = offload
        self._lock = threading.Lock()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Override httpx.AsyncBaseTransport.handle_async_request."""
        body = await request.aread()
        raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        emulated = Request(
            method=request.method,
            scheme=request.url.scheme,
            host=request.url.host,
            path=raw_path,
            query=request.url.query.decode("ascii"),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
        if self._offload:
            handled = await asyncio.to_thread(self._handle_in_thread, emulated)
        else:
            handled = await self.emulator.handle(emulated)
        if handled.drop:
            raise httpx.RemoteProtocolError(DROPPED, request=request)
        if handled.delay > 0:
            timeouts = request.extensions.get("timeout", {})
            read_timeout = timeouts.get("read") if isinstance(timeouts, dict) else None
            if read_timeout is not None and read_timeout < handled.delay:
                raise httpx.ReadTimeout("timed out", request=request)
            await self._sleep(handled.delay)
        return httpx.Response(
            handled.status,
            headers=handled.headers,
            content=handled.body,
            request=request,
        )

    def _handle_in_thread(self, request: Request) -> Response:
        # The emulator's own waits (latency) run on this thread's private loop.
        with self._lock:
            return asyncio.run(self.emulator.handle(request))
