"""The in-process door's `offload` mode: same answers, and the caller's event loop stays free."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import build_portal
from desktop_handover.emulator.transport import EmulatorTransport


def listing_batch(owner: int) -> dict[str, object]:
    """50 chained contact pages: the heaviest request a client sends (§3)."""
    cmd = {
        f"req_{k}": (
            f"crm.item.list?entityTypeId=3&filter[assignedById]={owner}&order[id]=ASC&start=-1"
            + (f"&filter[>id]=$result[req_{k - 1}][items][49][id]" if k else "&filter[>id]=0")
        )
        for k in range(50)
    }
    return {"halt": 1, "cmd": cmd}


@pytest.mark.asyncio
async def test_offloaded_door_answers_like_the_inline_one() -> None:
    portal = build_portal(seed=2, scale="small")
    hook = portal.webhooks[0]
    path = f"/rest/{hook.user_id}/{hook.secret}/batch"
    body = listing_batch(portal.facts.big_book_user_id)
    answers = []
    for offload in (False, True):
        emulator = Emulator(portal, EmulatorConfig(burst=1000, rate=1000.0))
        transport = EmulatorTransport(emulator, offload=offload)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            reply = await client.post(path, json=body)
        assert reply.status_code == 200
        answers.append(reply.json()["result"]["result"])
    assert answers[0] == answers[1]
    assert answers[0]["req_0"]["items"]


@pytest.mark.asyncio
async def test_offloaded_requests_leave_the_event_loop_responsive() -> None:
    portal = build_portal(seed=2, scale="medium")
    hook = portal.webhooks[0]
    emulator = Emulator(lambda: portal, EmulatorConfig(burst=1000, rate=1000.0))
    transport = EmulatorTransport(emulator, offload=True)
    path = f"/rest/{hook.user_id}/{hook.secret}/batch"
    body = listing_batch(portal.facts.big_book_user_id)
    ticks: list[float] = []

    async def tick() -> None:
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick())
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        replies = await asyncio.gather(*(client.post(path, json=body) for _ in range(3)))
    ticker.cancel()
    assert all(r.status_code == 200 for r in replies)
    # Requests ran one at a time (the lock) and the loop kept ticking meanwhile.
    assert emulator.stats()["http_requests"] == 3
    assert len(ticks) > 3
