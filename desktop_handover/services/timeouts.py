"""An httpx transport that waits a chosen time for replies (the CLI's --timeout)."""

from __future__ import annotations

import httpx


class ReplyTimeoutTransport(httpx.AsyncBaseTransport):
    """The HTTP transport with its own wait for replies.

    The client waits 70 s by default (the portal cuts requests at 60 s, bitrix24-api.md §5.3)
    and open_portal takes no timeout, so this transport overrides the timeout each request
    carries. A reply that misses it counts as lost, which the client and the engine handle.
    """

    def __init__(self, seconds: float) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._timeout = httpx.Timeout(seconds, connect=min(seconds, 10.0)).as_dict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` with this transport's timeouts."""
        request.extensions = {**request.extensions, "timeout": self._timeout}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the connections."""
        await self._inner.aclose()
