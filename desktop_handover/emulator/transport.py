"""The in-process door of the emulated portal: an httpx transport for tests and demo mode."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx

from desktop_handover.emulator.handler import DROP_PROMISED_BYTES, Emulator, Request

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
    ) -> None:
        self.emulator = emulator
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Override httpx.AsyncBaseTransport.handle_async_request."""
        body = await request.aread()
        raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        handled = await self.emulator.handle(
            Request(
                method=request.method,
                scheme=request.url.scheme,
                host=request.url.host,
                path=raw_path,
                query=request.url.query.decode("ascii"),
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body,
            )
        )
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
