"""A third-party Bitrix24 client (fast-bitrix24, from PyPI) works against the loopback portal.

It was written against real portals, not against our emulator, so it is the independent
witness that the emulator speaks Bitrix24: paging, batch, envelopes, legacy value types.
"""

from __future__ import annotations

import pytest
from fast_bitrix24 import BitrixAsync

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import build_portal
from tests.contract.conftest import loopback_server

pytestmark = pytest.mark.loopback


@pytest.mark.asyncio
async def test_fast_bitrix24_lists_and_updates_through_the_loopback_portal() -> None:
    portal = build_portal(seed=4, scale="small")
    emulator = Emulator(portal, EmulatorConfig(burst=50, rate=200.0))
    hook = next(h for h in portal.webhooks if portal.users[h.user_id].is_admin)
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    expected = list(portal.table(2).by_owner.ids(departing))
    assert len(expected) > 100  # more than two pages: its paging must work

    async with loopback_server(emulator) as base:
        b24 = BitrixAsync(
            f"{base}/rest/{hook.user_id}/{hook.secret}/",
            verbose=False,
            request_pool_size=50,
            requests_per_second=200.0,
        )
        deals = await b24.get_all(
            "crm.deal.list", {"filter": {"ASSIGNED_BY_ID": departing}, "select": ["ID", "TITLE"]}
        )
        assert sorted(int(d["ID"]) for d in deals) == expected
        assert all(isinstance(d["ID"], str) for d in deals)  # legacy: strings (§11 item 4)

        chosen = expected[:60]  # over one batch of 50
        await b24.call(
            "crm.deal.update",
            [{"ID": deal_id, "fields": {"ASSIGNED_BY_ID": successor}} for deal_id in chosen],
        )
        items = await b24.get_all(
            "crm.item.list", {"entityTypeId": 2, "filter": {"assignedById": successor}}
        )

    moved = {
        deal_id
        for deal_id in expected
        if portal.table(2).rows[deal_id].assigned_by_id == successor
    }
    assert moved == set(chosen)
    assert set(chosen) <= {int(i["id"]) for i in items}
    assert emulator.stats()["rejected_503"] == 0
