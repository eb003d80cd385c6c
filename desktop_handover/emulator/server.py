"""The loopback HTTP door of the emulated portal: a raw ASGI app served by uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
from collections.abc import Awaitable, Callable, Generator, MutableMapping
from typing import Any

import uvicorn

from desktop_handover.emulator.handler import DROP_PROMISED_BYTES, Emulator, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ConnectionDropped(Exception):
    """Raised inside the ASGI app to make uvicorn abort a response it has started."""


class _QuietDrops(logging.Filter):
    """Keeps uvicorn from logging a traceback for every connection dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class EmulatorApp:
    """The ASGI application; `emulator` may be swapped between requests (test fixtures)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope (http only; lifespan is switched off)."""
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        raw_path = scope.get("raw_path") or scope["path"].encode()
        handled = await self.emulator.handle(
            Request(
                method=scope["method"],
                scheme=scope.get("scheme", "http"),
                host=_host_name(headers.get("host", "")),
                path=raw_path.split(b"?", 1)[0].decode("latin-1"),
                query=scope.get("query_string", b"").decode("latin-1"),
                headers=headers,
                body=b"".join(chunks),
            )
        )
        if handled.drop:
            # Start a response that promises a body, then abort: uvicorn closes the socket and
            # the client sees an incomplete message, as with a connection cut mid-reply.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", str(DROP_PROMISED_BYTES).encode())],
                }
            )
            raise ConnectionDropped
        if handled.delay > 0:
            await asyncio.sleep(handled.delay)
        await send(
            {
                "type": "http.response.start",
                "status": handled.status,
                # A Content-Length instead of chunked encoding: one write, no extra round trip.
                "headers": [
                    *((k.encode(), v.encode()) for k, v in handled.headers),
                    (b"content-length", str(len(handled.body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": handled.body})


class _Server(uvicorn.Server):
    """uvicorn's server, minus re-raising the captured SIGINT/SIGTERM after a clean shutdown.

    uvicorn re-raises the signal once it has stopped, so a SIGTERM would end the process with
    status -15; `portal serve` promises exit status 0.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """Override uvicorn.Server.capture_signals: handle, restore, never re-raise."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: the system picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio switches Nagle off (TCP_NODELAY) only on sockets whose proto
    # is IPPROTO_TCP, and with Nagle on every reply waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def make_server(app: EmulatorApp) -> uvicorn.Server:
    """A quiet uvicorn server for `app` (no access log, no lifespan, fast shutdown)."""
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
        server_header=False,
    )
    return _Server(config)


async def serve(sock: socket.socket, emulator: Emulator) -> None:
    """Serve `emulator` on an already bound socket until SIGINT/SIGTERM (or should_exit)."""
    server = make_server(EmulatorApp(emulator))
    await server.serve(sockets=[sock])
