"""Emulator test helpers: a hand-built portal, a fake clock, and both doors as httpx clients.

Every emulator test talks raw JSON over httpx, never through the project's own REST client
(style.md §8): the emulator is checked against the API reference, not against our client.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio

from desktop_handover.emulator.api import REGISTRY, CallContext, Params, method
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.server import EmulatorApp, bind, make_server
from desktop_handover.emulator.state import (
    COMPANY,
    DEAL,
    Activity,
    CrmItem,
    Department,
    Portal,
    SmartProcessType,
    Task,
    User,
    Webhook,
)
from desktop_handover.emulator.transport import EmulatorTransport

ADMIN_SECRET = "adminsecret123"
LIMITED_SECRET = "limitedsecret45"
ALL_SCOPES = frozenset({"crm", "user", "department", "task", "im"})

# Test-only methods: `emulatortest.echo` returns its parameters (to observe parsing and batch
# substitution); `emulatortest.take` is a bare writing method (any update, for the handler's
# `concurrent_edit` bookkeeping): it gives deal `id` to user `to` and reports the owner it found
# and the owner it left.
if "emulatortest.echo" not in REGISTRY:

    @method("emulatortest.echo", scope=None, cost=0.01)
    def _echo(ctx: CallContext, params: Params) -> Any:
        return params

    @method("emulatortest.take", scope="crm", cost=0.2, writes=True)
    def _take(ctx: CallContext, params: Params) -> Any:
        item = ctx.portal.table(DEAL).rows[int(params["id"])]
        found = item.assigned_by_id
        ctx.portal.reassign_item(item, int(params["to"]))
        return {"found": found, "owner": item.assigned_by_id}


def build_test_portal() -> Portal:
    """A small portal: three departments, employees, a dismissed one, extranet, a bot."""
    portal = Portal(domain="portal.test")
    for dept in (
        Department(1, "Zarząd", None, head=1, sort=100),
        Department(2, "Sprzedaż", 1, head=2, sort=200),
        Department(3, "Wsparcie", 1, head=None, sort=300),
    ):
        portal.departments[dept.id] = dept
    users = [
        User(1, "Anna", "Nowak", "anna@portal.test", "Prezes", [1], is_admin=True),
        User(2, "Piotr", "Kowalski", "piotr@portal.test", "Kierownik sprzedaży", [2]),
        User(3, "Ewa", "Wiśniewska", "ewa@portal.test", "Handlowiec", [2], is_online=True),
        User(4, "Jan", "Zieliński", "jan@portal.test", "Konsultant", [3], active=False),
        User(5, "Maria", "Lewandowska", "maria@portal.test", "Konsultantka", [3]),
        User(6, "John", "Smith", "john@partner.test", "Partner", [], user_type="extranet"),
        User(7, "Bot", "Bitrix", "bot@portal.test", "", [], user_type="bot"),
        User(8, "Adam", "Wójcik", "adam@portal.test", "Handlowiec", [2], active=False),
    ]
    for user in users:
        portal.users[user.id] = user
    portal.webhooks += [
        Webhook(1, ADMIN_SECRET, ALL_SCOPES),
        Webhook(5, LIMITED_SECRET, frozenset({"crm", "user", "department"})),
        Webhook(2, "crmonlysecret", frozenset({"crm"})),
        Webhook(3, "briefsecret", frozenset({"user_brief", "department"})),
        Webhook(8, "dismissedsecret", ALL_SCOPES),
    ]
    portal.smart_types[1] = SmartProcessType(1, 128, "Umowy serwisowe")
    for item_id, owner in ((1, 2), (2, 3), (3, 4), (4, 4), (5, 5)):
        portal.add_item(CrmItem(DEAL, item_id, owner, title=f"Deal {item_id}"))
    portal.add_item(CrmItem(COMPANY, 1, 4, title="ACME"))
    portal.add_item(CrmItem(128, 1, 5, title="Umowa 1"))
    portal.add_activity(Activity(1, DEAL, 3, 4, "Call back"))
    portal.add_task(Task(1, "Prepare offer", 4, 1))
    return portal


class FakeClock:
    """A settable unix clock: tests advance it instead of sleeping."""

    def __init__(self, now: float = 1_790_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RecordingSleep:
    """An asyncio.sleep stand-in that records the delays instead of waiting."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class Door:
    """One way into an emulator (in-process transport or loopback HTTP) plus call helpers."""

    kind: str
    emulator: Emulator
    client: httpx.AsyncClient

    def url(self, method_name: str, secret: str = ADMIN_SECRET, uid: int | None = None) -> str:
        owner = uid if uid is not None else self._owner(secret)
        return f"/rest/{owner}/{secret}/{method_name}"

    def _owner(self, secret: str) -> int:
        for webhook in self.emulator.portal.webhooks:
            if webhook.secret == secret:
                return webhook.user_id
        return 1

    async def call(
        self, method_name: str, params: dict[str, Any] | None = None, *, secret: str = ADMIN_SECRET
    ) -> httpx.Response:
        """POST a JSON body, as the docs recommend (§2.1)."""
        return await self.client.post(self.url(method_name, secret), json=params or {})

    async def ok(
        self, method_name: str, params: dict[str, Any] | None = None, *, secret: str = ADMIN_SECRET
    ) -> dict[str, Any]:
        """Call and insist on HTTP 200; the decoded envelope."""
        response = await self.call(method_name, params, secret=secret)
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document


class LoopbackServer:
    """One uvicorn server on 127.0.0.1 in its own thread; tests swap the app's emulator."""

    def __init__(self) -> None:
        self.app = EmulatorApp(Emulator(build_test_portal()))
        self.sock = bind("127.0.0.1", 0)
        self.port: int = self.sock.getsockname()[1]
        self.server = make_server(self.app)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.run(self.server.serve(sockets=[self.sock]))

    def start(self) -> None:
        self.thread.start()
        # uvicorn offers only a flag; wait on the thread in short slices until it is up.
        while not self.server.started and self.thread.is_alive():
            self.thread.join(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def loopback_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    yield server
    server.stop()


MakeDoor = Callable[..., Awaitable[Door]]


@pytest.fixture(params=["inprocess", pytest.param("loopback", marks=pytest.mark.loopback)])
def door_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest_asyncio.fixture
async def make_door(request: pytest.FixtureRequest, door_kind: str) -> AsyncIterator[MakeDoor]:
    """Factory: `await make_door(config=..., portal=..., clock=...)` → a Door of this kind."""
    clients: list[httpx.AsyncClient] = []

    async def make(
        config: EmulatorConfig | None = None,
        portal: Portal | None = None,
        clock: FakeClock | None = None,
        client_timeout: float = 10.0,
    ) -> Door:
        emulator = Emulator(
            portal if portal is not None else build_test_portal(),
            config,
            clock=clock if clock is not None else FakeClock(),
        )
        if door_kind == "inprocess":
            client = httpx.AsyncClient(
                transport=EmulatorTransport(emulator),
                base_url="https://portal.test",
                timeout=client_timeout,
            )
        else:
            server: LoopbackServer = request.getfixturevalue("loopback_server")
            server.app.emulator = emulator
            client = httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{server.port}", timeout=client_timeout
            )
        clients.append(client)
        return Door(door_kind, emulator, client)

    yield make
    for client in clients:
        await client.aclose()


@pytest_asyncio.fixture
async def door(make_door: MakeDoor) -> Door:
    """A door to a default emulator of the test portal."""
    return await make_door()
