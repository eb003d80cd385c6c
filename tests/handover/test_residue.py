"""The post-run residue check: one batched first-page call, full listings only when needed."""

from __future__ import annotations

import pytest

from desktop_handover.handover.engine import run_handover, verify_run
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.selection import AllMatching, Explicit
from tests.fakes import FakeCrmGateway
from tests.handover.portal import ANNA, everything, make_users, plan_for


@pytest.mark.asyncio
async def test_empty_residue_costs_one_call_for_all_sections(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    selections = everything()
    report = await run_handover(plan_for(selections), portal, journal)
    assert report.residue_total == 0
    portal.calls.clear()

    residue = await verify_run(report.run_id, portal, journal)

    assert residue == dict.fromkeys(selections, ())
    assert [(c.method, c.section) for c in portal.calls] == [("first_pages", ",".join(selections))]


@pytest.mark.asyncio
async def test_explicit_sections_still_read_owners(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    plan = plan_for({"deals": Explicit(frozenset({101, 103})), "contacts": AllMatching()})
    report = await run_handover(plan, portal, journal)
    portal.set_owner("deals", 103, ANNA)
    portal.calls.clear()

    residue = await verify_run(report.run_id, portal, journal)

    assert residue == {"deals": (103,), "contacts": ()}
    assert sorted(c.method for c in portal.calls) == ["first_pages", "owners_of"]


@pytest.mark.asyncio
async def test_a_full_first_page_falls_back_to_listing_the_rest(journal: Journal) -> None:
    portal = FakeCrmGateway(users=make_users(), page_size=50)
    for i in range(1, 131):
        portal.add("deals", i, ANNA, closed=False)
    kept = frozenset(range(1, 61))  # excluded: Anna keeps 60 deals, more than one page
    report = await run_handover(plan_for({"deals": AllMatching(excluded=kept)}), portal, journal)
    assert report.residue == {"deals": ()}
    portal.set_owner("deals", 120, ANNA)  # beyond the first page
    portal.calls.clear()

    residue = await verify_run(report.run_id, portal, journal)

    assert residue == {"deals": (120,)}
    methods = [c.method for c in portal.calls]
    assert methods[0] == "first_pages"
    assert set(methods[1:]) == {"list_items"}
