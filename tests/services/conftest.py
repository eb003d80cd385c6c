"""Fixtures of the services tests: a small seeded portal, its emulator and an open connection."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import DemoPortal, build_portal
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.services.connection import PortalConnection, open_portal
from tests.services.portal import FAST, webhook


@pytest.fixture
def portal() -> DemoPortal:
    return build_portal(seed=3, scale="small")


@pytest.fixture
def emulator(portal: DemoPortal) -> Emulator:
    return Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))


@pytest_asyncio.fixture
async def connection(portal: DemoPortal, emulator: Emulator) -> AsyncIterator[PortalConnection]:
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    yield conn
    await conn.aclose()
