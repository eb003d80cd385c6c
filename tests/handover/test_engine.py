"""The engine against the fake portal: selections, guard, failures, options, progress, verify."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from desktop_handover.handover.batching import count_requests
from desktop_handover.handover.engine import (
    MAX_SEND_ROUNDS,
    TEMPORARY_RETRIES,
    RunInterrupted,
    preview,
    resume_run,
    retry_failed,
    run_handover,
    verify_run,
)
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import (
    EvenSplit,
    HandoverOptions,
    PlanError,
    RefusalCode,
    Single,
)
from desktop_handover.handover.ports import ReassignGroup, ReassignOptions
from desktop_handover.handover.report import (
    DismissOutcome,
    Outcome,
    Phase,
    Progress,
    RunState,
    Wait,
    WaitReason,
)
from desktop_handover.handover.sections import ItemKey
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from tests.fakes import Call, FakeCrmGateway
from tests.handover.portal import (
    ADMIN,
    ANNA,
    EWA,
    JAN,
    OLGA,
    PIOTR,
    everything,
    make_users,
    plan_for,
)


def anna_owns(portal: FakeCrmGateway) -> set[ItemKey]:
    return {k for k, owner in portal.owners().items() if owner == ANNA}


@pytest.mark.asyncio
async def test_everything_goes_to_one_successor_and_nothing_else_moves(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    before = portal.owners()
    report = await run_handover(plan_for(everything()), portal, journal)

    after = portal.owners()
    moved = {k for k in before if before[k] != after[k]}
    assert moved == {k for k, owner in before.items() if owner == ANNA}
    assert all(after[k] == PIOTR for k in moved)
    assert report.state is RunState.FINISHED
    assert {(r.section, r.item_id) for r in report.rows} == {(k.section, k.id) for k in moved}
    assert all(r.outcome is Outcome.DONE and r.old_owner == ANNA for r in report.rows)
    assert report.residue_total == 0
    # One reassign call per section: every section here fits one batch.
    assert len(portal.reassign_calls()) == 6


@pytest.mark.asyncio
async def test_all_matching_with_exclusions_and_filter(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    plan = plan_for({"deals": AllMatching(SectionFilter.OPEN, frozenset({104}))})
    report = await run_handover(plan, portal, journal)

    assert sorted(r.item_id for r in report.rows) == [101, 103, 105]
    assert portal.owner("deals", 104) == ANNA  # excluded
    assert portal.owner("deals", 102) == ANNA  # closed
    assert portal.owner("deals", 106) == ANNA  # closed
    # Residue honours the filter and the exclusions: nothing left that was meant to go.
    assert report.residue == {"deals": ()}


@pytest.mark.asyncio
async def test_all_matching_covers_items_beyond_the_first_pages(journal: Journal) -> None:
    portal = FakeCrmGateway(users=make_users())
    for i in range(1, 131):
        portal.add("deals", i, ANNA, closed=False)
    portal.page_size = 50
    report = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    assert report.total(Outcome.DONE) == 130
    # 130 items in batches of at most 49 ids, one successor: ceil(130/49) = 3 calls.
    assert [len(c.ids) for c in portal.reassign_calls()] == [49, 49, 32]


@pytest.mark.asyncio
async def test_explicit_ids_no_longer_owned_are_reported_not_touched(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.set_owner("deals", 103, EWA)  # someone took it after the admin ticked it
    portal.delete("deals", 105)
    plan = plan_for({"deals": Explicit(frozenset({101, 103, 105}))})
    report = await run_handover(plan, portal, journal)

    by_id = {r.item_id: r for r in report.rows}
    assert by_id[101].outcome is Outcome.DONE
    assert by_id[103].outcome is Outcome.SKIPPED_MOVED_MEANWHILE
    assert by_id[103].current_owner == EWA
    assert by_id[105].outcome is Outcome.SKIPPED_NOT_FOUND
    assert portal.owner("deals", 103) == EWA
    sent = {i for c in portal.reassign_calls() for i in c.ids}
    assert sent == {101}


@pytest.mark.asyncio
async def test_items_moved_between_listing_and_update_are_skipped_never_overwritten(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    def someone_edits(gw: FakeCrmGateway, n: int, sections: object, groups: object) -> None:
        if n == 1:
            gw.set_owner("deals", 104, JAN)
            gw.delete("deals", 105)

    portal.before_reassign = someone_edits
    report = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)

    by_id = {r.item_id: r for r in report.rows}
    assert by_id[104].outcome is Outcome.SKIPPED_MOVED_MEANWHILE
    assert by_id[104].current_owner == JAN
    assert by_id[105].outcome is Outcome.SKIPPED_NOT_FOUND
    assert portal.owner("deals", 104) == JAN  # never overwritten
    assert report.total(Outcome.DONE) == 4
    assert report.residue == {"deals": ()}


@pytest.mark.asyncio
async def test_partial_batch_failure_is_reported_per_item(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.fail_items[("deals", 102)] = "ACCESS_DENIED"
    report = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)

    by_id = {r.item_id: r for r in report.rows}
    assert by_id[102].outcome is Outcome.FAILED
    assert by_id[102].error == "ACCESS_DENIED"
    assert portal.owner("deals", 102) == ANNA
    assert report.total(Outcome.DONE) == 5
    assert report.residue == {"deals": (102,)}

    # "Retry failed" sends only the failed item once the portal allows it.
    portal.fail_items.clear()
    calls_before = len(portal.reassign_calls())
    report = await retry_failed(report.run_id, portal, journal)
    assert [c.ids for c in portal.reassign_calls()[calls_before:]] == [(102,)]
    assert report.total(Outcome.DONE) == 6
    assert report.residue == {"deals": ()}


@pytest.mark.asyncio
async def test_lost_reply_is_settled_by_reading_owners_not_by_resending(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.lost_replies.add(1)
    report = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)

    assert report.total(Outcome.DONE) == 6
    assert len(portal.reassign_calls()) == 1
    assert all(n == 1 for n in portal.applied.values())
    assert any(c.method == "owners_of" for c in portal.calls)


@pytest.mark.asyncio
async def test_replies_lost_again_and_again_stop_the_run_resumably(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.unapplied_unknown = set(range(1, 1 + MAX_SEND_ROUNDS))
    with pytest.raises(RunInterrupted) as info:
        await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    assert info.value.code == "replies_lost"
    assert len(portal.reassign_calls()) == MAX_SEND_ROUNDS  # re-sent after each settle
    assert journal.counts(info.value.run_id) == {"leads": {Outcome.PENDING: 2}}
    report = await resume_run(info.value.run_id, portal, journal)
    assert report.total(Outcome.DONE) == 2


@pytest.mark.asyncio
async def test_eta_comes_from_the_pacing_model_before_the_first_batch(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    events: list[Progress] = []
    portal.max_batch_items = 2
    await run_handover(
        plan_for({"deals": AllMatching()}),
        portal,
        journal,
        events.append,
        clock=lambda: 0.0,  # no time passes: no measured rate
        pacing=lambda requests: requests * 10.0,
    )
    first = next(e for e in events if e.phase is Phase.HANDING_OVER)
    assert first.done == 0
    assert first.eta_seconds == 30.0  # 6 items, 2 per request: 3 requests


@pytest.mark.asyncio
async def test_network_loss_interrupts_with_a_resumable_journal(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.max_batch_items = 2
    portal.raise_after.add(2)  # applied, then the reply is lost with the connection
    with pytest.raises(RunInterrupted) as info:
        await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    run_id = info.value.run_id
    assert journal.load_run(run_id).state is RunState.INTERRUPTED  # type: ignore[union-attr]
    counts = journal.counts(run_id)["deals"]
    assert counts == {Outcome.DONE: 2, Outcome.UNKNOWN: 2, Outcome.PENDING: 2}

    report = await resume_run(run_id, portal, journal)
    assert report.total(Outcome.DONE) == 6
    assert all(n == 1 for n in portal.applied.values())  # nothing applied twice
    assert report.state is RunState.FINISHED


@pytest.mark.asyncio
async def test_gateway_failure_before_apply_is_resent_on_resume(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.raise_before.add(1)
    with pytest.raises(RunInterrupted) as info:
        await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    assert anna_owns(portal) >= {ItemKey("leads", 401), ItemKey("leads", 402)}
    report = await resume_run(info.value.run_id, portal, journal)
    assert report.total(Outcome.DONE) == 2
    assert portal.owner("leads", 401) == PIOTR


@pytest.mark.asyncio
async def test_reassign_groups_by_successor_and_respects_batch_size(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.max_batch_items = 2
    plan = plan_for({"deals": AllMatching()}, rule=EvenSplit((PIOTR, EWA)))
    await run_handover(plan, portal, journal)
    calls = portal.reassign_calls()
    assert all(len(c.ids) <= 2 for c in calls)
    # Round-robin by ascending id: 101,103,105 → Piotr; 102,104,106 → Ewa.
    to_piotr = sorted(i for c in calls if c.to_user == PIOTR for i in c.ids)
    to_ewa = sorted(i for c in calls if c.to_user == EWA for i in c.ids)
    assert (to_piotr, to_ewa) == ([101, 103, 105], [102, 104, 106])
    assert len(calls) == 4


@pytest.mark.asyncio
async def test_notifications_off_is_passed_to_the_gateway(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    plan = plan_for({"leads": AllMatching()}, options=HandoverOptions(suppress_notifications=True))
    await run_handover(plan, portal, journal)
    assert all(
        c.options is not None and not c.options.register_events for c in portal.reassign_calls()
    )


@pytest.mark.asyncio
async def test_timeline_comments_and_one_summary_per_successor(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.fail_items[("deals", 101)] = "ACCESS_DENIED"
    plan = plan_for(
        {"deals": AllMatching(), "contacts": AllMatching()},
        rule=EvenSplit((PIOTR, EWA)),
        options=HandoverOptions(timeline_comment=True, summary_message=True),
    )
    report = await run_handover(plan, portal, journal)

    done = {
        (r.section, r.item_id, r.old_owner, r.new_owner)
        for r in report.rows
        if r.outcome is Outcome.DONE
    }
    assert set(portal.comments) == done  # one comment per moved item, none for the failed one
    assert sorted(n.successor_id for n in portal.notices) == [PIOTR, EWA]
    for notice in portal.notices:
        assert notice.departing_user_id == ANNA
        expected: dict[str, int] = {}
        for section, _, _, new in done:
            if new == notice.successor_id:
                expected[section] = expected.get(section, 0) + 1
        assert dict(notice.counts) == expected


@pytest.mark.asyncio
async def test_dismiss_at_end_only_when_confirmed_and_nothing_left(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    confirmed = HandoverOptions(dismiss_at_end=True, dismiss_confirmed=True)
    plan = plan_for(everything(), options=confirmed)
    report = await run_handover(plan, portal, journal)
    assert report.dismissed is DismissOutcome.DISMISSED
    assert portal.users[ANNA].active is False
    assert [c.method for c in portal.calls].count("dismiss_user") == 1


@pytest.mark.asyncio
async def test_dismiss_is_skipped_while_items_remain(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.fail_items[("contacts", 202)] = "ACCESS_DENIED"
    confirmed = HandoverOptions(dismiss_at_end=True, dismiss_confirmed=True)
    report = await run_handover(plan_for(everything(), options=confirmed), portal, journal)
    assert report.dismissed is DismissOutcome.SKIPPED_RESIDUE
    assert portal.users[ANNA].active is True
    assert not any(c.method == "dismiss_user" for c in portal.calls)


@pytest.mark.asyncio
async def test_dismiss_failure_is_recorded_not_raised(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.fail_dismiss = True
    confirmed = HandoverOptions(dismiss_at_end=True, dismiss_confirmed=True)
    report = await run_handover(plan_for(everything(), options=confirmed), portal, journal)
    assert report.dismissed is DismissOutcome.FAILED
    assert report.state is RunState.FINISHED


@pytest.mark.asyncio
async def test_refusals_change_nothing(portal: FakeCrmGateway, journal: Journal) -> None:
    before = portal.owners()
    cases = [
        (plan_for(everything(), rule=Single(OLGA)), RefusalCode.SUCCESSOR_DISMISSED),
        (plan_for(everything(), rule=Single(ANNA)), RefusalCode.SUCCESSOR_IS_DEPARTING),
        (plan_for({"deals": Explicit()}), RefusalCode.NOTHING_SELECTED),
        (
            plan_for(everything(), options=HandoverOptions(dismiss_at_end=True)),
            RefusalCode.DISMISS_NOT_CONFIRMED,
        ),
    ]
    for plan, code in cases:
        with pytest.raises(PlanError) as info:
            await run_handover(plan, portal, journal)
        assert info.value.code is code
    # The webhook acts as Anna herself.
    portal.webhook_user_id = ANNA
    with pytest.raises(PlanError) as info:
        await run_handover(plan_for(everything()), portal, journal)
    assert info.value.code is RefusalCode.WEBHOOK_USER_IS_DEPARTING
    assert portal.owners() == before
    assert not portal.reassign_calls()
    assert all(r.state is RunState.REFUSED for r in journal.runs())
    assert journal.resumable_runs() == []


@pytest.mark.asyncio
async def test_all_matching_that_matches_nothing_is_refused(journal: Journal) -> None:
    portal = FakeCrmGateway(users=make_users())
    portal.add("deals", 1, ADMIN)
    with pytest.raises(PlanError) as info:
        await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    assert info.value.code is RefusalCode.NOTHING_SELECTED


@pytest.mark.asyncio
async def test_resolved_set_is_journalled_before_the_first_update(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    seen: list[dict[str, dict[Outcome, int]]] = []

    def new_deal_appears(gw: FakeCrmGateway, n: int, sections: object, groups: object) -> None:
        seen.append(journal.counts(journal.runs()[0].id))
        if n == 1:
            gw.add("deals", 150, ANNA, closed=False)  # created after resolution

    portal.before_reassign = new_deal_appears
    report = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    # At the first send, all six items were journalled (one SENT batch, nothing more).
    assert sum(seen[0]["deals"].values()) == 6
    assert 150 not in {r.item_id for r in report.rows}
    assert portal.owner("deals", 150) == ANNA
    # ...and verification reports the newcomer as residue.
    assert report.residue == {"deals": (150,)}


@pytest.mark.asyncio
async def test_progress_events_count_per_section_and_report_waits(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    events: list[Progress] = []
    ticks = iter(range(1000))
    portal.max_batch_items = 2
    portal.waits[2] = Wait(3.0, WaitReason.RATE_LIMIT)
    plan = plan_for({"deals": AllMatching(), "leads": AllMatching()})
    await run_handover(plan, portal, journal, events.append, clock=lambda: float(next(ticks)))

    run_id = journal.runs()[0].id
    assert all(e.run_id == run_id for e in events)
    assert events[0].phase is Phase.CHECKING
    assert events[-1].phase is Phase.FINISHED
    last = {s.section: s for s in events[-1].sections}
    assert (last["deals"].done, last["deals"].total) == (6, 6)
    assert (last["leads"].done, last["leads"].total) == (2, 2)
    waits = [e for e in events if e.wait is not None]
    assert waits
    assert waits[0].wait == Wait(3.0, WaitReason.RATE_LIMIT)
    done_counts = [e.done for e in events if e.phase is Phase.HANDING_OVER]
    assert done_counts == sorted(done_counts)
    assert events[-1].eta_seconds == 0.0
    assert any(e.rate > 0 for e in events)
    mid = [e for e in events if e.phase is Phase.HANDING_OVER and 0 < e.done < 8]
    assert all(e.eta_seconds is not None and e.eta_seconds > 0 for e in mid)


@pytest.mark.asyncio
async def test_cancel_mid_run_leaves_an_exact_partial_report(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.max_batch_items = 2
    release = asyncio.Event()
    landed = asyncio.Event()

    async def in_flight(n: int) -> None:
        if n == 2:
            landed.set()
            await release.wait()

    portal.in_flight = in_flight
    task = asyncio.ensure_future(run_handover(plan_for({"deals": AllMatching()}), portal, journal))
    await landed.wait()  # batch 2 is on the wire
    task.cancel()
    await asyncio.sleep(0)
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task

    run_id = journal.runs()[0].id
    report = journal.report(run_id)
    assert report.state is RunState.CANCELLED
    # Batches 1 and 2 landed and are recorded; nothing else was sent.
    assert len(portal.reassign_calls()) == 2
    assert sorted(r.item_id for r in report.rows if r.outcome is Outcome.DONE) == [
        101,
        102,
        103,
        104,
    ]
    assert sorted(r.item_id for r in report.rows if r.outcome is Outcome.PENDING) == [105, 106]
    assert {
        k.id for k, owner in portal.owners().items() if k.section == "deals" and owner == PIOTR
    } == {
        101,
        102,
        103,
        104,
        107,
    }

    portal.in_flight = None
    report = await resume_run(run_id, portal, journal)
    assert report.total(Outcome.DONE) == 6
    assert all(n == 1 for n in portal.applied.values())


@pytest.mark.asyncio
async def test_cancel_during_pacing_wait_sends_nothing_more(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.max_batch_items = 2
    gate = asyncio.Event()
    waiting = asyncio.Event()
    original_ready = portal.ready

    async def slow_ready(
        request: Sequence[ReassignGroup] = (), options: ReassignOptions | None = None
    ) -> None:
        await original_ready(request, options)
        if portal.ready_count == 2:
            waiting.set()
            await gate.wait()  # a long rate-limit wait

    portal.ready = slow_ready  # type: ignore[method-assign]
    task = asyncio.ensure_future(run_handover(plan_for({"deals": AllMatching()}), portal, journal))
    await waiting.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    report = journal.report(journal.runs()[0].id)
    # The wait knew what it was waiting for: the second request's groups (time budgets).
    assert [g.ids for g in portal.ready_requests[1]] == [(103, 104)]
    assert len(portal.reassign_calls()) == 1
    assert report.total(Outcome.DONE) == 2
    assert report.total(Outcome.PENDING) == 4
    assert report.total(Outcome.SENT) == 0


@pytest.mark.asyncio
async def test_verify_reports_residue(portal: FakeCrmGateway, journal: Journal) -> None:
    report = await run_handover(plan_for({"contacts": AllMatching()}), portal, journal)
    assert report.residue == {"contacts": ()}
    # Later, someone gives Anna a contact again; a fresh verification finds it.
    portal.set_owner("contacts", 205, ANNA)
    residue = await verify_run(report.run_id, portal, journal)
    assert residue == {"contacts": (205,)}
    assert journal.report(report.run_id).residue == {"contacts": (205,)}


@pytest.mark.asyncio
async def test_preview_counts_without_changing_anything(portal: FakeCrmGateway) -> None:
    before = portal.owners()
    plan = plan_for({"deals": AllMatching(), "leads": AllMatching()}, rule=EvenSplit((PIOTR, EWA)))
    resolution, est = await preview(plan, portal, pacing=lambda n: n * 0.5)
    assert portal.owners() == before
    assert est.per_section == {"deals": 6, "leads": 2}
    assert est.per_successor == {PIOTR: 4, EWA: 4}
    # Four (section, successor) groups of 3, 3, 1 and 1 ids: 4 guards + 8 updates, one request.
    assert est.requests.updates == 1
    assert est.eta_seconds == est.requests.total * 0.5
    assert resolution.item_count == 8


@pytest.mark.asyncio
async def test_groups_of_several_sections_and_successors_share_requests(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.max_batch_items = 4  # five commands a request
    plan = plan_for(everything(), rule=EvenSplit((PIOTR, EWA)))
    report = await run_handover(plan, portal, journal)
    assert report.total(Outcome.DONE) == 20
    # Every request but the last is full: one guard per group plus its ids make five
    # commands, or four when the one slot left could not hold another guard and an id.
    commands = [len(sizes) + sum(sizes) for sizes in portal.request_sizes]
    assert all(n >= 4 for n in commands[:-1]), portal.request_sizes
    assert all(n <= 5 for n in commands), portal.request_sizes
    assert any(len(sizes) > 1 for sizes in portal.request_sizes)
    # 20 items in 12 (section, successor) groups; packing never splits a group needlessly.
    assert len(portal.request_sizes) == count_requests(
        [len(c.ids) for c in _merged_calls(portal)], 5
    )


def _merged_calls(portal: FakeCrmGateway) -> list[Call]:
    """Reassign calls of one (section, from, to) merged, in the order they were sent."""
    merged: dict[tuple[str | None, int | None, int | None], Call] = {}
    for c in portal.reassign_calls():
        key = (c.section, c.from_user, c.to_user)
        if key in merged:
            merged[key] = Call("reassign", *key, ids=merged[key].ids + c.ids)
        else:
            merged[key] = c
    return list(merged.values())


@pytest.mark.asyncio
async def test_temporary_errors_ride_in_the_next_request_then_fail_with_the_code(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    portal.max_batch_items = 3
    portal.temporary_items[("deals", 102)] = 1  # goes through on the second try
    portal.temporary_items[("deals", 104)] = TEMPORARY_RETRIES + 5  # never does
    report = await run_handover(plan_for({"deals": AllMatching()}), portal, journal)
    sent = [c.ids for c in portal.reassign_calls()]
    # 101-103 first; 102 failed for now and leads the next request, before 104 and 105.
    assert sent[0] == (101, 102, 103)
    assert sent[1][0] == 102
    assert portal.applied[ItemKey("deals", 102)] == 1
    tries_104 = sum(1 for ids in sent if 104 in ids)
    assert tries_104 == TEMPORARY_RETRIES + 1
    by_id = {r.item_id: r for r in report.rows}
    assert by_id[102].outcome is Outcome.DONE
    assert by_id[104].outcome is Outcome.FAILED
    assert by_id[104].error == "QUERY_LIMIT_EXCEEDED"
    assert portal.owner("deals", 104) == ANNA
    assert report.total(Outcome.DONE) == 5


@pytest.mark.asyncio
@pytest.mark.parametrize("batch", [2, 3, 7, 49])
async def test_preview_counts_the_update_requests_the_run_sends(
    portal: FakeCrmGateway, journal: Journal, batch: int
) -> None:
    portal.max_batch_items = batch
    plan = plan_for(everything(), rule=EvenSplit((PIOTR, EWA, JAN)))
    _, est = await preview(plan, portal)
    await run_handover(plan, portal, journal)
    assert est.requests.updates == portal.reassign_count
