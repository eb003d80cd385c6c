"""Every fault kind the emulator offers: the client lists and reassigns everything anyway."""

from __future__ import annotations

import pytest

from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.bitrix.types import UpdateStatus, WaitReason
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import FAULT_KINDS, EmulatorConfig, FaultSpec
from desktop_handover.emulator.seed import build_portal
from desktop_handover.emulator.state import DEAL
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.ports import ReassignGroup, ReassignOptions
from desktop_handover.handover.report import Outcome
from desktop_handover.handover.sections import ACTIVITIES, DEALS, TASKS, SectionSpec
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.services.connection import open_portal
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
        taken_while_listing = len(emulator.concurrent_edits)
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
        # A colleague took deals the client had listed (issue 2): those of the last listing
        # request at the start of the first update request, between the list and the update.
        # This bare client does not guard its updates, so they overwrote the colleague's; the
        # services gateway skips such deals instead (next test).
        edits = emulator.concurrent_edits
        assert len(edits) > taken_while_listing > 0, "the fault never struck"
        assert all(k == str(DEAL) and old == DEPARTING for k, _, old, _ in edits)
        assert all(new != DEPARTING for _, _, _, new in edits)
        assert {deal_id for _, deal_id, _, _ in edits} <= set(layout.deals)
    # The client's pacing caused no 503 of its own: every one was injected.
    if kind != "rate_limit":
        assert served["rejected_503"] == 0
    assert stats.rejected_503 == served["rejected_503"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("section", "kind"), [(DEALS, str(DEAL)), (ACTIVITIES, "activity"), (TASKS, "task")]
)
async def test_the_guarded_gateway_never_overwrites_a_colleagues_concurrent_edit(
    section: SectionSpec, kind: str
) -> None:
    # Issue 2's concurrent edit: a colleague takes records between the client's list and its
    # update. The services gateway lists, then sends one guarded batch (§4); every record a
    # colleague took stays with the colleague and is reported as moved meanwhile.
    portal = build_portal(seed=3, scale="small")
    emulator = Emulator(
        portal,
        EmulatorConfig(
            burst=10_000,
            rate=10_000.0,
            faults=FaultSpec.parse("concurrent_edit=0.3"),
            fault_seed=11,
        ),
    )
    admin = next(h for h in portal.webhooks if h.user_id == portal.facts.admin_user_id)
    connection = await open_portal(
        f"http://127.0.0.1/rest/{admin.user_id}/{admin.secret}/",
        transport=EmulatorTransport(emulator),
        limits=RateLimits(burst=10_000, per_second=10_000),
    )
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    try:
        listed = [
            ref.id
            async for page in connection.gateway.list_items(section, departing, SectionFilter.ALL)
            for ref in page
        ][:40]
        edits_while_listing = len(emulator.concurrent_edits)
        [outcomes] = await connection.gateway.reassign(
            [ReassignGroup(section, departing, successor, listed)], ReassignOptions()
        )
    finally:
        await connection.aclose()

    # The listing's last request armed records; the guarded batch's start let a colleague
    # take them, before its guard ran.
    assert len(emulator.concurrent_edits) > edits_while_listing, "the fault never struck"
    taken = {
        record_id: colleague
        for edit_kind, record_id, old, colleague in emulator.concurrent_edits
        if edit_kind == kind and record_id in listed and old == departing
    }
    assert taken
    by_id = {o.item_id: o for o in outcomes}
    owners = emulator.snapshot()[kind]
    for item_id in listed:
        if item_id in taken:
            # Not listed by the guard: left for the engine to settle by its owner.
            assert by_id[item_id].outcome is Outcome.UNKNOWN
            assert owners[str(item_id)] == taken[item_id]  # never overwritten
        else:
            assert by_id[item_id].outcome is Outcome.DONE
            assert owners[str(item_id)] == successor
