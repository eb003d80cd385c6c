"""Property: the keyset listing returns every matching item exactly once (§3).

For any number of matching items around the page (50) and batch (pages_per_batch × 50)
boundaries, and while the caller reassigns items during the listing: items it never touches
come back exactly once, nothing comes back twice, and nothing comes back that never matched.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.ratelimit import BudgetLimits, RateLimits
from desktop_handover.emulator.state import DEAL, CrmItem, Portal
from desktop_handover.emulator.transport import EmulatorTransport
from tests.bitrix.fakes import FakeClock
from tests.contract.conftest import EmulatorSleep, make_emulator
from tests.contract.portals import COLLEAGUE, DEPARTING, SUCCESSOR, build, webhook_url

BOUNDARIES = [0, 1, 49, 50, 51, 99, 100, 101, 149, 150, 151, 199, 200, 201, 250]


async def list_while_reassigning(
    portal: Portal, pages_per_batch: int, moves: list[tuple[int, int]], seed: int
) -> tuple[list[int], set[int], set[int]]:
    """List the departing user's deals; after each page apply some moves.

    Returns (listed ids, ids never touched that matched at the start, ids that ever matched).
    """
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    table = portal.table(DEAL)
    matching = {i for i, item in table.rows.items() if item.assigned_by_id == DEPARTING}
    ever = set(matching)
    touched: set[int] = set()
    rng = random.Random(seed)
    spec = ListSpec.crm_items(DEAL)
    client = BitrixClient.from_webhook(
        webhook_url(),
        transport=EmulatorTransport(emulator, sleep=EmulatorSleep(clock)),
        clock=clock,
        sleep=clock.sleep,
        limits=RateLimits(burst=10_000, per_second=1_000),
        budget=BudgetLimits(seconds=1e9),
    )
    listed: list[int] = []
    pending = list(moves)
    async with client:
        async for page in client.list_pages(
            spec, filter={"assignedById": DEPARTING}, pages_per_batch=pages_per_batch
        ):
            listed += [spec.row_id(r) for r in page.rows]
            # The caller reassigns items meanwhile: listed ones, unlisted ones, and others'
            # items into the set (a colleague hands something to the departing user).
            for _ in range(min(len(pending), rng.randint(0, 6))):
                position, target = pending.pop()
                ids = sorted(table.rows)
                item: CrmItem = table.rows[ids[position % len(ids)]]
                touched.add(item.id)
                portal.reassign_item(item, target)
                if target == DEPARTING:
                    ever.add(item.id)
    return listed, matching - touched, ever


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    mine=st.one_of(st.sampled_from(BOUNDARIES), st.integers(0, 260)),
    others=st.sampled_from([0.0, 0.3, 0.7]),
    pages_per_batch=st.integers(1, 4),
    moves=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from([SUCCESSOR, COLLEAGUE, DEPARTING])),
        max_size=40,
    ),
    seed=st.integers(0, 1_000),
)
def test_keyset_listing_returns_each_matching_item_exactly_once(
    mine: int, others: float, pages_per_batch: int, moves: list[tuple[int, int]], seed: int
) -> None:
    portal, _ = build(deals=mine, others=others, seed=seed, small_kinds=0)
    if mine == 0:
        portal.add_item(CrmItem(DEAL, 1, COLLEAGUE))  # moves need something to move
    listed, stable, ever = asyncio.run(
        list_while_reassigning(portal, pages_per_batch, moves, seed)
    )
    assert listed == sorted(set(listed)), "ids must ascend, each once"
    assert stable <= set(listed), "an item the caller never touched was skipped"
    assert set(listed) <= ever, "an item that never matched was listed"


def test_untouched_listing_is_exact_at_every_boundary() -> None:
    for mine in BOUNDARIES:
        for pages_per_batch in (1, 2, 50):
            portal, layout = build(deals=mine, others=0.3, small_kinds=0)
            listed, _, _ = asyncio.run(list_while_reassigning(portal, pages_per_batch, [], 0))
            assert listed == list(layout.deals)
