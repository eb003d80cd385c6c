"""How many HTTP requests the gateway's setup and residue calls cost on the emulated portal."""

from __future__ import annotations

from collections import Counter

import pytest

from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.handover.engine import check, list_all
from desktop_handover.handover.plan import HandoverPlan, SectionPlan, Single
from desktop_handover.handover.sections import (
    ACTIVITIES,
    CONTACTS,
    DEALS,
    INVOICES,
    QUOTES,
    TASKS,
)
from desktop_handover.handover.selection import AllMatching, SectionFilter
from desktop_handover.services.connection import PortalConnection


def _calls(emulator: Emulator) -> Counter[str]:
    return Counter(emulator.stats()["calls"])


@pytest.mark.asyncio
async def test_first_pages_cost_one_request_and_match_list_items(
    portal: DemoPortal, emulator: Emulator, connection: PortalConnection
) -> None:
    gateway = connection.gateway
    requests = [
        (DEALS, portal.facts.big_book_user_id, SectionFilter.ALL),
        (DEALS, portal.facts.departing_active_user_id, SectionFilter.OPEN),
        (CONTACTS, portal.facts.departing_active_user_id, SectionFilter.ALL),
        (INVOICES, portal.facts.departing_active_user_id, SectionFilter.CLOSED),
        (QUOTES, portal.facts.departing_active_user_id, SectionFilter.OPEN),
        (ACTIVITIES, portal.facts.departing_active_user_id, SectionFilter.OPEN),
        (TASKS, portal.facts.departing_active_user_id, SectionFilter.CLOSED),
        (TASKS, portal.facts.admin_user_id, SectionFilter.ALL),
    ]
    # Full listings first (they also load the invoice stage catalogue the filter needs).
    full = [await list_all(gateway, s, owner, f) for s, owner, f in requests]
    assert any(len(items) >= 50 for items in full)  # a first page that is not the whole
    assert any(len(items) < 50 for items in full)

    before = emulator.stats()["http_requests"]
    pages = await gateway.first_pages(requests)

    assert emulator.stats()["http_requests"] - before == 1
    assert [list(p.items) for p in pages] == [items[:50] for items in full]
    assert [p.complete for p in pages] == [len(items) < 50 for items in full]


@pytest.mark.asyncio
async def test_check_lists_users_once_and_nothing_else(
    portal: DemoPortal, emulator: Emulator, connection: PortalConnection
) -> None:
    plan = HandoverPlan(
        departing_user_id=portal.facts.departing_active_user_id,
        sections=(SectionPlan(DEALS, AllMatching()),),
        rule=Single(portal.facts.successor_candidate_ids[0]),
    )
    before_http = emulator.stats()["http_requests"]
    async for _page in connection.client.list_pages(ListSpec.users()):
        pass
    listing = emulator.stats()["http_requests"] - before_http
    for _ in range(2):  # the second check costs what the first does: the user list only
        before_http, before_calls = emulator.stats()["http_requests"], _calls(emulator)
        users = await check(plan, connection.gateway)
        spent = _calls(emulator) - before_calls

        # user.current (asked when the portal was opened) and the departments (listed then
        # too) are not asked again; only the paged user list is read (§6.1).
        assert "user.get" in spent
        assert set(spent) <= {"user.get", "batch"}  # user.get pages may come batched
        assert emulator.stats()["http_requests"] - before_http == listing
    assert connection.me.id in {u.id for u in users}
