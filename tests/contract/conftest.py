"""Fixtures joining the client to the emulator: in process, and over loopback HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import pytest_asyncio

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.ratelimit import RateLimits, RetryPolicy
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.server import EmulatorApp, bind, make_server
from desktop_handover.emulator.state import Portal
from desktop_handover.emulator.transport import EmulatorTransport
from tests.bitrix.fakes import FakeClock
from tests.contract.portals import ADMIN, ADMIN_SECRET, webhook_url


class EmulatorSleep:
    """The emulator's sleep on the shared fake clock: time passes, nothing waits."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    async def __call__(self, seconds: float) -> None:
        self.clock.advance(seconds)
        await asyncio.sleep(0)


def make_emulator(portal: Portal, clock: FakeClock, **config: Any) -> Emulator:
    return Emulator(portal, EmulatorConfig(**config), clock=clock, sleep=EmulatorSleep(clock))


ClientFactory = Callable[..., BitrixClient]


def in_process_factory(emulator: Emulator, clock: FakeClock) -> ClientFactory:
    def factory(secret: str = ADMIN_SECRET, user: int = ADMIN, **kwargs: Any) -> BitrixClient:
        kwargs.setdefault("retry", RetryPolicy(base=0.5, cap=8, budget=200, per_request=8))
        kwargs.setdefault(
            "limits", RateLimits(burst=emulator.config.burst, per_second=emulator.config.rate)
        )
        return BitrixClient.from_webhook(
            webhook_url(secret, user),
            transport=EmulatorTransport(emulator, sleep=EmulatorSleep(clock)),
            clock=clock,
            sleep=clock.sleep,
            **kwargs,
        )

    return factory


@contextlib.asynccontextmanager
async def loopback_server(emulator: Emulator) -> AsyncIterator[str]:
    """Serve `emulator` on 127.0.0.1 (a free port) in this event loop; yield its base URL."""
    sock = bind("127.0.0.1", 0)
    # Accepted sockets inherit this: without it the emulator's chunked replies (three writes)
    # meet Nagle plus delayed ACK, costing ~45 ms per request (reported to the lead).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    port = sock.getsockname()[1]
    server = make_server(EmulatorApp(emulator))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.005)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def loopback_factory(emulator: Emulator, clock: FakeClock, base: str) -> ClientFactory:
    def factory(secret: str = ADMIN_SECRET, user: int = ADMIN, **kwargs: Any) -> BitrixClient:
        kwargs.setdefault("retry", RetryPolicy(base=0.5, cap=8, budget=200, per_request=8))
        kwargs.setdefault(
            "limits", RateLimits(burst=emulator.config.burst, per_second=emulator.config.rate)
        )
        kwargs.setdefault("timeout", httpx.Timeout(2.0))
        return BitrixClient.from_webhook(
            webhook_url(secret, user, base), clock=clock, sleep=clock.sleep, **kwargs
        )

    return factory


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture(
    params=["in_process", pytest.param("loopback", marks=pytest.mark.loopback)]
)
async def door(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """Which door of the emulator the client goes through."""
    yield request.param


@contextlib.asynccontextmanager
async def connect(door: str, emulator: Emulator, clock: FakeClock) -> AsyncIterator[ClientFactory]:
    """A client factory for `emulator` through `door`."""
    if door == "in_process":
        yield in_process_factory(emulator, clock)
        return
    async with loopback_server(emulator) as base:
        yield loopback_factory(emulator, clock, base)
