"""Cancellation against the emulator: it lands between requests and the report is exact."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.ratelimit import BudgetLimits
from desktop_handover.bitrix.types import UpdateOutcome, UpdateStatus
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.state import DEAL
from desktop_handover.emulator.transport import EmulatorTransport
from tests.bitrix.fakes import FakeClock
from tests.contract.conftest import EmulatorSleep, make_emulator
from tests.contract.portals import DEPARTING, SUCCESSOR, build, webhook_url
from tests.contract.test_client_emulator import reassign_deals

pytestmark = pytest.mark.asyncio


class CancellingTransport(httpx.AsyncBaseTransport):
    """Cancels `target` while request number `at` is on the wire, then lets it through."""

    def __init__(self, emulator: Emulator, clock: FakeClock, at: int) -> None:
        self.inner = EmulatorTransport(emulator, sleep=EmulatorSleep(clock))
        self.at = at
        self.count = 0
        self.target: asyncio.Task[object] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.count == self.at and self.target is not None:
            self.target.cancel()
            await asyncio.sleep(0)  # the cancellation is delivered to the waiting client now
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize("at", [1, 3])
async def test_cancel_mid_update_reports_exactly_what_landed(clock: FakeClock, at: int) -> None:
    portal, layout = build(deals=400, others=0.0)
    emulator = make_emulator(portal, clock)
    transport = CancellingTransport(emulator, clock, at)
    reported: list[UpdateOutcome] = []
    client = BitrixClient.from_webhook(
        webhook_url(),
        transport=transport,
        clock=clock,
        sleep=clock.sleep,
        budget=BudgetLimits(seconds=1e9),
    )
    task: asyncio.Task[object] = asyncio.ensure_future(
        client.update_many(reassign_deals(layout.deals, SUCCESSOR), on_batch=reported.extend)
    )
    transport.target = task
    with pytest.raises(asyncio.CancelledError):
        await task
    await client.aclose()
    assert transport.count == at, "no request may start after the cancel"
    changed = {i for i in layout.deals if portal.table(DEAL).rows[i].assigned_by_id == SUCCESSOR}
    assert {int(o.key) for o in reported if o.status is UpdateStatus.DONE} == changed
    assert len(changed) == 50 * at
    assert all(o.status is UpdateStatus.DONE for o in reported)


async def test_cancel_mid_listing_stops_without_another_request(clock: FakeClock) -> None:
    portal, _ = build(deals=600, others=0.0)
    emulator = make_emulator(portal, clock)
    transport = CancellingTransport(emulator, clock, at=2)
    client = BitrixClient.from_webhook(
        webhook_url(), transport=transport, clock=clock, sleep=clock.sleep
    )
    spec = ListSpec.crm_items(DEAL)
    seen: list[int] = []

    async def listing() -> None:
        async for page in client.list_pages(
            spec, filter={"assignedById": DEPARTING}, pages_per_batch=2
        ):
            seen.extend(spec.row_id(r) for r in page.rows)

    task = asyncio.ensure_future(listing())
    transport.target = task
    with pytest.raises(asyncio.CancelledError):
        await task
    await client.aclose()
    assert transport.count == 2
    assert len(seen) == 100  # the first batch's two pages; the second landed but is dropped
