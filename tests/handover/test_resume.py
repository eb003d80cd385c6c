"""Resume after a crash at every point of the write-ahead protocol: nothing redone or skipped."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from desktop_handover.handover.batching import PackedGroup
from desktop_handover.handover.engine import RunInterrupted, resume_run, run_handover
from desktop_handover.handover.journal import Journal, PlannedItem
from desktop_handover.handover.plan import (
    EvenSplit,
    HandoverOptions,
    HandoverPlan,
    PlanError,
    RefusalCode,
)
from desktop_handover.handover.ports import ItemOutcome
from desktop_handover.handover.report import Outcome, RunState
from desktop_handover.handover.sections import ItemKey
from desktop_handover.handover.selection import AllMatching, Explicit
from tests.fakes import FakeCrmGateway
from tests.handover.portal import ANNA, EWA, JAN, PIOTR, everything, make_portal, plan_for


class SimulatedCrash(BaseException):
    """The process dies here: nothing after this line of the engine runs."""


class CrashingJournal(Journal):
    """A journal whose process "dies" at a chosen point of the protocol, the n-th time."""

    def __init__(self, path: Path, point: str, at: int = 1) -> None:
        super().__init__(path)
        self.point = point
        self.at = at
        self.seen = 0

    def _maybe_crash(self, point: str) -> None:
        if point == self.point:
            self.seen += 1
            if self.seen == self.at:
                raise SimulatedCrash(point)

    def record_resolved(self, run_id: int, items: Sequence[PlannedItem]) -> None:
        self._maybe_crash("before_resolved")
        super().record_resolved(run_id, items)

    def record_intents(self, run_id: int, groups: Sequence[PackedGroup]) -> list[int]:
        self._maybe_crash("before_intent")
        batches = super().record_intents(run_id, groups)
        self._maybe_crash("after_intent")  # journalled, never sent
        return batches

    def record_replies(
        self, run_id: int, replies: Sequence[tuple[int, str, Sequence[ItemOutcome]]]
    ) -> None:
        self._maybe_crash("before_outcome")  # sent and applied, reply not journalled
        super().record_replies(run_id, replies)
        self._maybe_crash("after_outcome")

    def mark_commented(self, run_id: int, section: str, ids: object, state: int) -> None:
        self._maybe_crash("before_commented")
        super().mark_commented(run_id, section, ids, state)  # type: ignore[arg-type]

    def record_residue(self, run_id: int, residue: object) -> None:
        self._maybe_crash("before_residue")
        super().record_residue(run_id, residue)  # type: ignore[arg-type]


POINTS = [
    "before_resolved",
    "before_intent",
    "after_intent",
    "before_outcome",
    "after_outcome",
    "before_commented",
    "before_residue",
]


def small_batches_plan() -> HandoverPlan:
    return plan_for(
        everything(),
        rule=EvenSplit((PIOTR, EWA)),
        options=HandoverOptions(timeline_comment=True),
    )


async def reference_owners() -> dict[ItemKey, int]:
    """Owners after a run that never crashed."""
    portal = make_portal()
    portal.max_batch_items = 2
    with tempfile.TemporaryDirectory() as tmp, Journal(Path(tmp) / "j.sqlite3") as journal:
        await run_handover(small_batches_plan(), portal, journal)
    return portal.owners()


ONCE = {"before_resolved", "before_residue"}
CASES = [(p, at) for p in POINTS for at in ((1,) if p in ONCE else (1, 2, 5, 11))]


@pytest.mark.asyncio
@pytest.mark.parametrize(("point", "at"), CASES)
async def test_resume_after_a_crash_at_every_point(tmp_path: Path, point: str, at: int) -> None:
    expected = await reference_owners()
    portal = make_portal()
    portal.max_batch_items = 2
    path = tmp_path / "journal.sqlite3"
    crashing = CrashingJournal(path, point, at)
    with pytest.raises(SimulatedCrash):
        await run_handover(small_batches_plan(), portal, crashing)
    crashing.close()  # the process is gone

    with Journal(path) as journal:  # the next start
        [run] = journal.resumable_runs()
        assert run.state is RunState.RUNNING
        report = await resume_run(run.id, portal, journal)
        assert report.state is RunState.FINISHED

    assert portal.owners() == expected
    # Nothing redone: every item was applied exactly once, whatever the crash point.
    assert all(n == 1 for n in portal.applied.values()), portal.applied
    # Nothing skipped: every item Anna had is reported DONE.
    assert report.total(Outcome.DONE) == len(portal.applied) == len(report.rows)
    assert report.residue_total == 0
    # Each moved item got its comment (a crash right after sending one may repeat it).
    commented = {(s, i) for s, i, _, _ in portal.comments}
    assert commented == {(r.section, r.item_id) for r in report.rows}


@pytest.mark.asyncio
async def test_resume_refuses_finished_runs(portal: FakeCrmGateway, journal: Journal) -> None:
    report = await run_handover(plan_for({"leads": AllMatching()}), portal, journal)
    with pytest.raises(PlanError) as info:
        await resume_run(report.run_id, portal, journal)
    assert info.value.code is RefusalCode.RUN_NOT_RESUMABLE
    with pytest.raises(PlanError) as info:
        await resume_run(999, portal, journal)
    assert info.value.code is RefusalCode.RUN_NOT_FOUND


# --- the invariant, under random trouble ---------------------------------------------------


@dataclass(frozen=True)
class Trouble:
    """What goes wrong during one run of the invariant test."""

    batch: int
    crash_point: str | None
    crash_at: int
    lost: frozenset[int]
    raise_after: frozenset[int]
    raise_before: frozenset[int]
    failing: frozenset[tuple[str, int]]
    moved: frozenset[tuple[str, int]]
    deleted: frozenset[tuple[str, int]]
    explicit_deals: frozenset[int] | None
    keep_related: bool


calls = st.frozensets(st.integers(1, 12), max_size=3)
trouble = st.builds(
    Trouble,
    batch=st.integers(1, 4),
    crash_point=st.none() | st.sampled_from(POINTS),
    crash_at=st.integers(1, 6),
    lost=calls,
    raise_after=calls,
    raise_before=calls,
    failing=st.frozensets(st.sampled_from([("deals", 102), ("contacts", 203), ("tasks", 601)])),
    moved=st.frozensets(
        st.sampled_from([("deals", 104), ("activities", 501), ("companies", 302)])
    ),
    deleted=st.frozensets(st.sampled_from([("deals", 105), ("leads", 402)])),
    explicit_deals=st.none() | st.frozensets(st.sampled_from([101, 102, 103, 104, 105, 107])),
    keep_related=st.booleans(),
)


async def run_until_settled(
    plan: HandoverPlan, portal: FakeCrmGateway, path: Path, t: Trouble
) -> int:
    """Run, crashing and being interrupted as scripted, resuming until the run finishes."""
    journal: Journal = (
        CrashingJournal(path, t.crash_point, t.crash_at) if t.crash_point else Journal(path)
    )
    run_id: int | None = None
    try:
        report = await run_handover(plan, portal, journal)
        event("ran through")
        return report.run_id
    except SimulatedCrash:
        event("crashed, resumed")
    except RunInterrupted:
        event("interrupted, resumed")
    finally:
        journal.close()
    for _ in range(20):
        with Journal(path) as fresh:
            [run] = fresh.resumable_runs()
            run_id = run.id
            try:
                await resume_run(run_id, portal, fresh)
                return run_id
            except RunInterrupted:
                continue
    raise AssertionError("the run never settled")


@settings(max_examples=40, deadline=None)
@given(trouble)
def test_every_selected_item_ends_planned_or_reported(t: Trouble) -> None:
    portal = make_portal()
    portal.max_batch_items = t.batch
    portal.lost_replies = set(t.lost)
    portal.raise_after = set(t.raise_after)
    portal.raise_before = set(t.raise_before)
    portal.fail_items = dict.fromkeys(t.failing, "ACCESS_DENIED")
    moved, deleted = t.moved, t.deleted

    def concurrent_edits(gw: FakeCrmGateway, n: int, sections: object, groups: object) -> None:
        if n == 1:
            for s, i in moved:
                gw.set_owner(s, i, JAN)
            for s, i in deleted:
                gw.delete(s, i)

    portal.before_reassign = concurrent_edits
    selections = everything()
    if t.explicit_deals is not None:
        selections["deals"] = Explicit(t.explicit_deals)
    plan = plan_for(selections, rule=EvenSplit((PIOTR, EWA)), keep_related=t.keep_related)
    before = portal.owners()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "journal.sqlite3"
        run_id = asyncio.run(run_until_settled(plan, portal, path, t))
        with Journal(path) as journal:
            report = journal.report(run_id)

    after = portal.owners()
    rows = {ItemKey(r.section, r.item_id): r for r in report.rows}
    # No item applied twice.
    assert all(n == 1 for n in portal.applied.values())
    for key, owner in before.items():
        row = rows.get(key)
        if row is None:
            # Not selected: only the scripted concurrent edits touched it.
            assert after.get(key) == (JAN if (key.section, key.id) in moved else owner) or (
                (key.section, key.id) in deleted
            )
            continue
        if row.outcome is Outcome.DONE:
            assert after[key] == row.new_owner
        elif row.outcome is Outcome.SKIPPED_MOVED_MEANWHILE:
            assert (key.section, key.id) in moved or before[key] != ANNA
            assert after[key] == row.current_owner
        elif row.outcome is Outcome.SKIPPED_NOT_FOUND:
            assert key not in after
        else:
            assert row.outcome is Outcome.FAILED
            assert row.error == "ACCESS_DENIED"
            assert after[key] == ANNA
    # Every item Anna owned and selected got a final outcome.
    assert all(r.outcome.is_final for r in report.rows)


@pytest.mark.asyncio
async def test_a_planned_run_can_be_started_by_id(
    portal: FakeCrmGateway, journal: Journal
) -> None:
    run_id = journal.create_run(plan_for({"leads": AllMatching()}))
    assert journal.load_run(run_id).state is RunState.PLANNED  # type: ignore[union-attr]
    report = await resume_run(run_id, portal, journal)
    assert report.run_id == run_id
    assert report.total(Outcome.DONE) == 2
