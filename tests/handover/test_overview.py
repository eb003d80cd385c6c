"""Successor candidates, dismissed owners with counts, and section discovery."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_handover.handover.overview import (
    discover_all_sections,
    dismissed_owners,
    owned_by,
    successor_candidates,
)
from desktop_handover.handover.sections import BUILTIN_SECTIONS, smart_process_section
from tests.fakes import FakeCrmGateway
from tests.handover.portal import ADMIN, ANNA, EWA, JAN, OLGA, PIOTR, make_users


def test_successor_candidates_are_active_and_not_the_departing_user() -> None:
    users = list(make_users().values())
    assert [u.id for u in successor_candidates(users, ANNA)] == [ADMIN, EWA, JAN, PIOTR]


@pytest.mark.asyncio
async def test_dismissed_owners_with_counts(portal: FakeCrmGateway) -> None:
    portal.add("deals", 900, OLGA)
    portal.add("activities", 901, OLGA)
    portal.add("activities", 902, OLGA)
    portal.users[ANNA] = replace(portal.users[ANNA], active=False)
    annas = sum(1 for owner in portal.owners().values() if owner == ANNA)
    owners = await dismissed_owners(portal, BUILTIN_SECTIONS)
    assert [(o.user.id, o.total) for o in owners] == [(ANNA, annas), (OLGA, 3)]
    assert owners[1].counts == {"deals": 1, "activities": 2}


@pytest.mark.asyncio
async def test_owned_by_and_discovery(portal: FakeCrmGateway) -> None:
    summary = await owned_by(portal, portal.users[ANNA], BUILTIN_SECTIONS)
    assert summary.counts["deals"] == 6
    assert summary.counts["quotes"] == 0
    portal.smart_processes = [smart_process_section(1040, "Projekty")]
    keys = [s.key for s in await discover_all_sections(portal)]
    assert keys.index("spa_1040") == keys.index("invoices") + 1
