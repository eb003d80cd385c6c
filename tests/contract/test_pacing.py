"""Pacing against the emulator's limits: zero 503s at full speed, time budgets, batch size."""

from __future__ import annotations

import asyncio
import math

import httpx
import pytest

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.ratelimit import (
    BudgetLimits,
    RateLimits,
    bucket_floor_seconds,
    eta_seconds,
)
from desktop_handover.bitrix.types import UpdateStatus, WaitReason
from desktop_handover.emulator.state import DEAL
from desktop_handover.emulator.transport import EmulatorTransport
from tests.bitrix.fakes import FakeClock, ProgressLog
from tests.contract.conftest import EmulatorSleep, connect, make_emulator
from tests.contract.portals import DEPARTING, SUCCESSOR, build, webhook_url
from tests.contract.test_client_emulator import reassign_deals

pytestmark = pytest.mark.asyncio


async def full_run(client: BitrixClient) -> list[int]:
    spec = ListSpec.crm_items(DEAL)
    listed = [
        spec.row_id(r)
        async for page in client.list_pages(spec, filter={"assignedById": DEPARTING})
        for r in page.rows
    ]
    outcomes = await client.update_many(reassign_deals(listed, SUCCESSOR))
    assert all(o.status is UpdateStatus.DONE for o in outcomes)
    return listed


async def test_full_speed_run_gets_no_503_and_stays_near_the_floor(
    door: str, clock: FakeClock
) -> None:
    limits = RateLimits.standard()
    deals = 2_600
    portal, _ = build(deals=deals, others=0.0)
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    log = ProgressLog()
    started = clock.now
    # The portal's time budget is out of the way here (both sides know it): the bucket rules.
    async with (
        connect(door, emulator, clock) as factory,
        factory(limits=limits, progress=log, budget=BudgetLimits(seconds=1e9)) as client,
    ):
        listed = await full_run(client)
        requests = client.stats.requests
    elapsed = clock.now - started
    assert len(listed) == deals
    assert requests == math.ceil(deals / 2_500) + math.ceil(deals / 50)
    assert emulator.stats()["rejected_503"] == 0
    assert emulator.stats()["http_requests"] == requests
    # The wait is the client's own schedule, which is the floor plus its small margins.
    floor = bucket_floor_seconds(requests, limits)
    assert floor < elapsed <= eta_seconds(requests, limits) + 1e-6
    assert all(e.wait_reason is WaitReason.RATE for e in log.waits())


async def test_enterprise_limits_get_no_503(door: str, clock: FakeClock) -> None:
    portal, _ = build(deals=1)
    emulator = make_emulator(portal, clock, burst=250, rate=5.0, operating_limit=1e9)
    limits = RateLimits.enterprise()
    started = clock.now
    async with (
        connect(door, emulator, clock) as factory,
        factory(limits=limits, budget=BudgetLimits(seconds=1e9)) as client,
    ):
        for _ in range(300):
            await client.call("user.current")
    assert emulator.stats()["rejected_503"] == 0
    assert bucket_floor_seconds(300, limits) < clock.now - started <= eta_seconds(300, limits)


async def test_a_bucket_filled_by_someone_else_costs_one_503(clock: FakeClock) -> None:
    portal, _ = build(deals=1_000, others=0.0)
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    # Another program on the same IP has just used 45 of the 50 slots (§5.1: per IP).
    for _ in range(45):
        assert emulator.limits.bucket.try_acquire()
    client = BitrixClient.from_webhook(
        webhook_url(),
        transport=EmulatorTransport(emulator, sleep=EmulatorSleep(clock)),
        clock=clock,
        sleep=clock.sleep,
        budget=BudgetLimits(seconds=1e9),
    )
    async with client:
        await full_run(client)
        assert client.stats.rejected_503 == 1
    assert emulator.stats()["rejected_503"] == 1


async def test_known_budget_slows_down_before_any_429(door: str, clock: FakeClock) -> None:
    portal, layout = build(deals=400, others=0.0)
    emulator = make_emulator(portal, clock, operating_limit=60.0, costs={"crm.item.update": 0.5})
    log = ProgressLog()
    async with (
        connect(door, emulator, clock) as factory,
        factory(progress=log, budget=BudgetLimits(seconds=60.0)) as client,
    ):
        await full_run(client)
        assert client.stats.rejected_429 == 0
    assert emulator.stats()["rejected_429"] == 0
    assert any(e.wait_reason is WaitReason.OPERATING for e in log.waits())
    assert all(portal.table(DEAL).rows[i].assigned_by_id == SUCCESSOR for i in layout.deals)


async def test_unknown_budget_recovers_from_429_by_waiting(door: str, clock: FakeClock) -> None:
    # The client assumes 480 s; the portal allows 40. It learns from the 429s and waits.
    portal, layout = build(deals=400, others=0.0)
    emulator = make_emulator(portal, clock, operating_limit=40.0, costs={"crm.item.update": 0.5})
    log = ProgressLog()
    async with connect(door, emulator, clock) as factory, factory(progress=log) as client:
        await full_run(client)
        assert client.stats.rejected_429 > 0
    assert any(e.wait_reason is WaitReason.TIME_LIMIT for e in log.waits())
    assert all(portal.table(DEAL).rows[i].assigned_by_id == SUCCESSOR for i in layout.deals)
    # Bounded waste: after the first refusals the client keeps under the learned budget.
    assert emulator.stats()["rejected_429"] <= 3 * 50


async def test_direct_call_429_waits_until_operating_reset_at(clock: FakeClock) -> None:
    portal, layout = build(deals=5, others=0.0)
    emulator = make_emulator(portal, clock, operating_limit=1.0, costs={"crm.item.get": 0.6})
    log = ProgressLog()
    client = BitrixClient.from_webhook(
        webhook_url(),
        transport=EmulatorTransport(emulator, sleep=EmulatorSleep(clock)),
        clock=clock,
        sleep=clock.sleep,
        progress=log,
    )
    async with client:
        for item_id in layout.deals:
            await client.call("crm.item.get", {"entityTypeId": DEAL, "id": item_id})
    # 0.6 + 0.6 crosses 1.0; the third call is refused until the window moves on.
    assert emulator.stats()["rejected_429"] <= 1
    waits = [
        e for e in log.waits() if e.wait_reason in (WaitReason.TIME_LIMIT, WaitReason.OPERATING)
    ]
    assert waits
    assert max(e.wait_seconds for e in waits) > 60


async def test_batch_size_adapts_to_slow_commands(door: str, clock: FakeClock) -> None:
    # Each update takes 1.5 s of server time: 50 of them would pass the 60 s cap (§5.3).
    portal, layout = build(deals=300, others=0.0)
    emulator = make_emulator(portal, clock, operating_limit=1e9, costs={"crm.item.update": 1.5})
    async with (
        connect(door, emulator, clock) as factory,
        factory(budget=BudgetLimits(seconds=1e9)) as client,
    ):
        outcomes = await client.update_many(reassign_deals(layout.deals, SUCCESSOR))
        requests = client.stats.requests
        retries = client.stats.retries
    assert all(o.status is UpdateStatus.DONE for o in outcomes)
    # The first batch is cut off, the retry at half size lands; from then on batches of 20
    # (30 s / 1.5 s) go through: far fewer than one request per update, no more cut-offs.
    assert retries <= 2
    assert requests <= 2 + math.ceil(300 / 20) + 1


async def test_timeouts_do_not_hang_the_client(clock: FakeClock) -> None:
    portal, _ = build(deals=3)
    emulator = make_emulator(portal, clock)

    class Hanging(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("no reply", request=request)

    client = BitrixClient.from_webhook(
        webhook_url(), transport=Hanging(), clock=clock, sleep=clock.sleep
    )
    async with client:
        with pytest.raises(Exception) as caught:
            await asyncio.wait_for(client.call("user.current"), timeout=5)
    assert type(caught.value).__name__ == "RetryBudgetExhausted"
    del emulator
