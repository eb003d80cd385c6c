"""Undo: a run's moved items go back exactly; items changed since are skipped and reported."""

from __future__ import annotations

import pytest

from desktop_handover.handover.engine import RunInterrupted, resume_run, run_handover, undo_run
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import EvenSplit, PlanError, RefusalCode
from desktop_handover.handover.report import Outcome, RunKind, RunState
from desktop_handover.handover.sections import ItemKey
from desktop_handover.handover.selection import AllMatching
from tests.fakes import FakeCrmGateway
from tests.handover.portal import ANNA, EWA, JAN, PIOTR, everything, plan_for


@pytest.mark.asyncio
async def test_undo_restores_every_item_exactly(portal: FakeCrmGateway, journal: Journal) -> None:
    before = portal.owners()
    plan = plan_for(everything(), rule=EvenSplit((PIOTR, EWA, JAN)), keep_related=True)
    run = await run_handover(plan, portal, journal)
    assert portal.owners() != before
    calls_before_undo = len(portal.reassign_calls())

    undo = await undo_run(run.run_id, portal, journal)

    assert portal.owners() == before  # item by item
    assert undo.kind is RunKind.UNDO
    assert undo.undo_of == run.run_id
    assert undo.state is RunState.FINISHED
    assert undo.total(Outcome.DONE) == run.total(Outcome.DONE)
    # Every undo batch went from one successor back to Anna, guarded on the successor.
    undo_calls = portal.reassign_calls()[calls_before_undo:]
    assert len(undo_calls) == len({(r.section, r.old_owner) for r in undo.rows})
    assert {c.to_user for c in undo_calls} == {ANNA}
    assert {c.from_user for c in undo_calls} == {PIOTR, EWA, JAN}
    assert journal.load_run(run.run_id).state is RunState.UNDONE  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_undo_skips_items_changed_since(portal: FakeCrmGateway, journal: Journal) -> None:
    before = portal.owners()
    run = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    portal.set_owner("deals", 101, JAN)  # Piotr passed it on
    portal.delete("deals", 102)

    undo = await undo_run(run.run_id, portal, journal)

    rows = {r.item_id: r for r in undo.rows}
    assert rows[101].outcome is Outcome.SKIPPED_MOVED_MEANWHILE
    assert rows[101].current_owner == JAN
    assert rows[102].outcome is Outcome.SKIPPED_NOT_FOUND
    assert portal.owner("deals", 101) == JAN  # not overwritten
    for item_id in (103, 104, 105, 106):
        assert rows[item_id].outcome is Outcome.DONE
        assert portal.owner("deals", item_id) == before[ItemKey("deals", item_id)]


@pytest.mark.asyncio
async def test_undo_of_a_cancelled_run_takes_back_only_what_moved(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    before = portal.owners()
    portal.max_batch_items = 2
    portal.raise_before.add(2)
    with pytest.raises(RunInterrupted) as info:
        await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    undo = await undo_run(info.value.run_id, portal, journal)
    assert sorted(r.item_id for r in undo.rows) == [101, 102]
    assert portal.owners() == before
    # The interrupted run is no longer resumable: it has been undone.
    with pytest.raises(PlanError) as refused:
        await resume_run(info.value.run_id, portal, journal)
    assert refused.value.code is RefusalCode.RUN_NOT_RESUMABLE


@pytest.mark.asyncio
async def test_undo_settles_lost_replies_of_the_original_first(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    before = portal.owners()
    portal.raise_after.add(1)  # applied; the reply never came
    with pytest.raises(RunInterrupted) as info:
        await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    assert journal.counts(info.value.run_id)["leads"] == {Outcome.UNKNOWN: 2}
    undo = await undo_run(info.value.run_id, portal, journal)
    assert undo.total(Outcome.DONE) == 2
    assert portal.owners() == before


@pytest.mark.asyncio
async def test_undo_is_resumable_too(portal: FakeCrmGateway, journal: Journal) -> None:
    before = portal.owners()
    run = await run_handover(plan_for(everything()), portal, journal)
    portal.max_batch_items = 2  # the undo takes several requests; the second one fails
    portal.raise_before.add(portal.reassign_count + 2)
    with pytest.raises(RunInterrupted) as info:
        await undo_run(run.run_id, portal, journal)
    undo_id = info.value.run_id
    assert undo_id != run.run_id
    report = await resume_run(undo_id, portal, journal)
    assert report.kind is RunKind.UNDO
    assert portal.owners() == before


@pytest.mark.asyncio
async def test_undo_refusals(portal: FakeCrmGateway, journal: Journal) -> None:
    run = await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    undo = await undo_run(run.run_id, portal, journal)
    for run_id, code in (
        (run.run_id, RefusalCode.RUN_NOT_UNDOABLE),  # already undone
        (undo.run_id, RefusalCode.RUN_NOT_UNDOABLE),  # an undo is not undone
        (4242, RefusalCode.RUN_NOT_FOUND),
    ):
        with pytest.raises(PlanError) as info:
            await undo_run(run_id, portal, journal)
        assert info.value.code is code


@pytest.mark.asyncio
async def test_undo_of_a_run_that_moved_nothing_is_refused(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.fail_items = {("leads", 401): "ACCESS_DENIED", ("leads", 402): "ACCESS_DENIED"}
    run = await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    with pytest.raises(PlanError) as info:
        await undo_run(run.run_id, portal, journal)
    assert info.value.code is RefusalCode.RUN_NOT_UNDOABLE
    assert info.value.params["reason"] == "nothing_done"


@pytest.mark.asyncio
async def test_undo_can_comment(portal: FakeCrmGateway, journal: Journal) -> None:
    run = await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    await undo_run(run.run_id, portal, journal, timeline_comment=True)
    assert sorted(portal.comments) == [("leads", 401, PIOTR, ANNA), ("leads", 402, PIOTR, ANNA)]
