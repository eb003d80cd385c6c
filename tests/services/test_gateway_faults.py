"""The gateway's read batches under per-command faults: failed reads are sent again."""

from __future__ import annotations

import pytest

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig, FaultSpec
from desktop_handover.emulator.seed import build_portal
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.engine import list_all
from desktop_handover.handover.sections import ACTIVITIES, CONTACTS, DEALS, TASKS
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.services.connection import open_portal
from tests.services.portal import FAST, webhook


@pytest.mark.asyncio
async def test_first_pages_and_owner_lookups_send_failed_commands_again() -> None:
    portal = build_portal(seed=3, scale="small")
    calm = Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))
    stormy = Emulator(
        portal,
        EmulatorConfig(
            burst=10_000,
            rate=10_000.0,
            faults=FaultSpec.parse("item_error=0.5"),
            fault_seed=2,
        ),
    )
    hook = webhook(portal, portal.facts.admin_user_id)
    reference = await open_portal(hook, transport=EmulatorTransport(calm), limits=FAST)
    faulty = await open_portal(hook, transport=EmulatorTransport(stormy), limits=FAST)
    departing = portal.facts.departing_active_user_id
    requests = [
        (section, departing, SectionFilter.ALL) for section in (DEALS, CONTACTS, ACTIVITIES, TASKS)
    ]
    try:
        expected_pages = await reference.gateway.first_pages(requests)
        deal_ids = [
            i.id for i in await list_all(reference.gateway, DEALS, departing, SectionFilter.ALL)
        ]
        expected_owners = await reference.gateway.owners_of(DEALS, [*deal_ids, 9_999_999])
        before = stormy.stats()["http_requests"]
        pages = await faulty.gateway.first_pages(requests)
        owners = await faulty.gateway.owners_of(DEALS, [*deal_ids, 9_999_999])
        spent = stormy.stats()["http_requests"] - before
    finally:
        await reference.aclose()
        await faulty.aclose()
    assert [list(p.items) for p in pages] == [list(p.items) for p in expected_pages]
    assert [p.complete for p in pages] == [p.complete for p in expected_pages]
    assert owners == expected_owners
    assert 9_999_999 not in owners
    assert spent > 2  # the faults struck, and only the failed commands were sent again
