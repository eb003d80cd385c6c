"""Every fault kind the emulator offers: the client lists and reassigns everything anyway."""

from __future__ import annotations

import pytest

from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.types import UpdateStatus, WaitReason
from desktop_handover.emulator.limits import FAULT_KINDS, FaultSpec
from desktop_handover.emulator.state import DEAL
from tests.bitrix.fakes import FakeClock, ProgressLog
from tests.contract.conftest import connect, make_emulator
from tests.contract.portals import DEPARTING, SUCCESSOR, build
from tests.contract.test_client_emulator import reassign_deals

# Transport-level faults show up as retries; per-command ones as re-sent commands.
RETRIED = {"rate_limit", "server_error", "reset", "lost_reply", "slow"}


def test_every_fault_kind_is_covered() -> None:
    assert set(FAULT_KINDS) == RETRIED | {"item_error", "concurrent_edit"}


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", FAULT_KINDS)
async def test_listing_and_reassigning_survive_the_fault(
    door: str, clock: FakeClock, kind: str
) -> None:
    portal, layout = build(deals=240)
    probability = 0.1 if kind == "slow" and door == "loopback" else 0.25
    emulator = make_emulator(
        portal,
        clock,
        faults=FaultSpec.parse(f"{kind}={probability}"),
        fault_seed=7,
        # A slow reply over loopback really waits: keep it short, the client's timeout shorter.
        slow_seconds=1.0 if door == "loopback" else 3.0,
    )
    log = ProgressLog()
    spec = ListSpec.crm_items(DEAL)
    async with (
        connect(door, emulator, clock) as factory,
        factory(progress=log, timeout=0.5 if door == "loopback" else 2.0) as client,
    ):
        listed = [
            spec.row_id(r)
            async for page in client.list_pages(
                spec, filter={"assignedById": DEPARTING}, pages_per_batch=2
            )
            for r in page.rows
        ]
        assert listed == sorted(layout.deals)
        outcomes = await client.update_many(reassign_deals(listed, SUCCESSOR))
        stats = client.stats

    assert sorted(int(o.key) for o in outcomes) == sorted(layout.deals)
    assert all(o.status is UpdateStatus.DONE for o in outcomes), [
        (o.key, o.status, o.error) for o in outcomes if o.status is not UpdateStatus.DONE
    ]
    table = portal.table(DEAL)
    assert all(table.rows[i].assigned_by_id == SUCCESSOR for i in layout.deals)
    served = emulator.stats()
    if kind in RETRIED:
        assert stats.retries > 0, "the fault never struck: raise its probability"
        assert any(e.wait_reason is WaitReason.BACKOFF for e in log.events)
    if kind == "item_error":
        assert stats.retries > 0
    if kind == "concurrent_edit":
        assert emulator.concurrent_edits, "the fault never struck"
    # The client's pacing caused no 503 of its own: every one was injected.
    if kind != "rate_limit":
        assert served["rejected_503"] == 0
    assert stats.rejected_503 == served["rejected_503"]
