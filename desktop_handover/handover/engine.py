"""run_handover() and friends: check, resolve, batch, apply, journal, verify, report progress.

A run goes through these steps, each recorded in the journal so that `resume_run` can pick it
up after a crash, a kill, a power cut, a network loss or a cancel:

1. check the plan against the portal's users (refusals: PlanError);
2. resolve every selection on the server (">id" cursor) and journal the resolved items, with
   their successors, before the first update: the set cannot drift under the run (§3);
3. settle items whose reply is unknown by re-reading their owners;
4. reassign in requests filled to the brim (batching.py: groups of one section, old owner
   and new owner share a guard; several groups share a request), journalling each
   request's intent before it is sent and its outcomes after; items that met a temporary
   error ride in the next request;
5. timeline comments, summary messages, verification (residue), dismissal, as asked.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from desktop_handover.handover.batching import GroupKey, PackedGroup, queue_of, take_batch
from desktop_handover.handover.estimate import Estimate, Resolution, estimate, resolve_listing
from desktop_handover.handover.journal import (
    COMMENT_DONE,
    COMMENT_FAILED,
    COMMENT_NONE,
    Journal,
    JournalItem,
    PlannedItem,
    RunInfo,
)
from desktop_handover.handover.plan import (
    HandoverOptions,
    HandoverPlan,
    PlanError,
    RefusalCode,
    Single,
    check_plan,
)
from desktop_handover.handover.ports import (
    CrmGateway,
    GatewayError,
    HandoverSummary,
    ItemOutcome,
    Pacing,
    ProgressCallback,
    ReassignGroup,
    ReassignOptions,
    UserInfo,
)
from desktop_handover.handover.report import (
    DismissOutcome,
    HandoverReport,
    Outcome,
    Phase,
    Progress,
    RunKind,
    RunState,
    SectionProgress,
    Wait,
)
from desktop_handover.handover.sections import ItemKey, ItemRef, SectionSpec
from desktop_handover.handover.selection import AllMatching, SectionFilter

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
T = TypeVar("T")

#: Rounds of "send, then settle lost replies" before a run gives up on items whose replies
#: keep getting lost and stops as interrupted (resume tries again later).
MAX_SEND_ROUNDS = 3

#: How often one run sends an item again after the portal answered its update with a
#: temporary error, before reporting it FAILED with that error ("Retry failed" sends it again).
TEMPORARY_RETRIES = 3


class RunInterrupted(Exception):
    """A run stopped before finishing because the portal could not be reached or kept failing.

    The journal holds the exact partial report (`journal.report(run_id)`) and the run is
    resumable. `code` is the gateway's error code, never a message with a secret in it.
    """

    def __init__(self, run_id: int, code: str) -> None:
        super().__init__(f"run {run_id} interrupted: {code}")
        self.run_id = run_id
        self.code = code


# --- steps usable on their own (the UI's preview, the CLI's dry run) ---------------------------


async def list_all(
    gateway: CrmGateway, section: SectionSpec, owner_id: int, section_filter: SectionFilter
) -> list[ItemRef]:
    """Every item `owner_id` owns in `section` passing `section_filter`, ascending id."""
    items: list[ItemRef] = []
    async for page in gateway.list_items(section, owner_id, section_filter):
        items.extend(page)
    return items


async def check(plan: HandoverPlan, gateway: CrmGateway) -> list[UserInfo]:
    """Check `plan` against the portal's users and the webhook's own user; return the users.

    Raises:
        PlanError: the first refusal (see plan.plan_problems for all of them).
    """
    users = list(await gateway.list_users())
    me = await gateway.current_user()
    check_plan(plan, users, me.id)
    return users


async def resolve(plan: HandoverPlan, gateway: CrmGateway) -> Resolution:
    """List each section on the server and apply the plan's selections and split rules.

    Explicit selections are listed with the "all" filter, so ids the departing user no longer
    owns show up as `missing`. All sections are listed together (`CrmGateway.list_many`):
    about ⌈Σ N/2,500⌉ requests with the REST gateway.
    """
    requests = [
        (
            sp.section,
            plan.departing_user_id,
            sp.selection.filter if isinstance(sp.selection, AllMatching) else SectionFilter.ALL,
        )
        for sp in plan.sections
    ]
    listings = await gateway.list_many(requests)
    listed = {
        sp.section.key: list(items) for sp, items in zip(plan.sections, listings, strict=True)
    }
    return resolve_listing(plan, listed)


async def preview(
    plan: HandoverPlan, gateway: CrmGateway, *, pacing: Pacing | None = None
) -> tuple[Resolution, Estimate]:
    """The dry run: check, resolve, and estimate counts, requests and time. Changes nothing.

    Raises:
        PlanError: the plan would be refused.
    """
    await check(plan, gateway)
    resolution = await resolve(plan, gateway)
    if resolution.item_count == 0 and not any(resolution.missing.values()):
        raise PlanError(RefusalCode.NOTHING_SELECTED)
    return resolution, estimate(
        plan, resolution, batch_items=gateway.max_batch_items, pacing=pacing
    )


# --- runs ------------------------------------------------------------------------------------


async def run_handover(
    plan: HandoverPlan,
    gateway: CrmGateway,
    journal: Journal,
    progress: ProgressCallback | None = None,
    *,
    clock: Clock = time.monotonic,
    pacing: Pacing | None = None,
) -> HandoverReport:
    """Hand the plan's items over and return the exact report.

    The first progress event carries the run id (to know it before starting, call
    `journal.create_run(plan)` and then `resume_run(run_id, …)`, which runs a PLANNED run from
    the start). On `task.cancel()` the batch in flight is
    awaited and journalled, the run is marked CANCELLED (resumable) and CancelledError is
    re-raised; `journal.report(run_id)` then holds the exact partial report.

    Raises:
        PlanError: refused (nothing has been changed on the portal).
        RunInterrupted: the portal became unreachable; resumable.
    """
    run_id = journal.create_run(plan)
    return await _Runner(run_id, gateway, journal, progress, clock, pacing).execute()


async def resume_run(
    run_id: int,
    gateway: CrmGateway,
    journal: Journal,
    progress: ProgressCallback | None = None,
    *,
    clock: Clock = time.monotonic,
    pacing: Pacing | None = None,
) -> HandoverReport:
    """Continue an interrupted, cancelled or crashed run from its journal.

    Items whose reply was never recorded are settled by re-reading their owners (now with
    the new owner: done; still with the old one: sent again; with someone else: skipped),
    then everything still pending is sent. Nothing is redone, nothing is skipped.

    Raises:
        PlanError: RUN_NOT_FOUND, RUN_NOT_RESUMABLE (finished, refused or undone), or a plan
            refusal (e.g. a successor was dismissed meanwhile).
        RunInterrupted: the portal became unreachable again.
    """
    info = _load_run(journal, run_id)
    if not info.resumable:
        raise PlanError(RefusalCode.RUN_NOT_RESUMABLE, run_id=run_id, state=info.state.value)
    return await _Runner(run_id, gateway, journal, progress, clock, pacing).execute()


async def retry_failed(
    run_id: int,
    gateway: CrmGateway,
    journal: Journal,
    progress: ProgressCallback | None = None,
    *,
    clock: Clock = time.monotonic,
    pacing: Pacing | None = None,
) -> HandoverReport:
    """Send a run's FAILED items again (the "Retry failed" action), then verify again."""
    info = _load_run(journal, run_id)
    if info.state in (RunState.UNDONE, RunState.REFUSED):
        raise PlanError(RefusalCode.RUN_NOT_RESUMABLE, run_id=run_id, state=info.state.value)
    journal.requeue_failed(run_id)
    journal.set_state(run_id, RunState.INTERRUPTED)
    return await _Runner(run_id, gateway, journal, progress, clock, pacing).execute()


async def undo_run(
    run_id: int,
    gateway: CrmGateway,
    journal: Journal,
    progress: ProgressCallback | None = None,
    *,
    timeline_comment: bool = False,
    clock: Clock = time.monotonic,
    pacing: Pacing | None = None,
) -> HandoverReport:
    """Give a run's moved items back to their original owners, as a new run of kind UNDO.

    Only items the run moved (DONE) go back, and only while the successor still owns them:
    the same guard as a handover, so anything changed since is skipped and reported. The
    original run is marked UNDONE (no longer resumable). A dismissal done at the end of the
    original run is not reverted.

    Raises:
        PlanError: RUN_NOT_FOUND, or RUN_NOT_UNDOABLE (an undo run, already undone, or
            nothing was moved).
        RunInterrupted: the portal became unreachable; the undo run is resumable.
    """
    info = _load_run(journal, run_id)
    if info.kind is RunKind.UNDO or info.state in (RunState.UNDONE, RunState.PLANNED):
        raise PlanError(RefusalCode.RUN_NOT_UNDOABLE, run_id=run_id, state=info.state.value)
    specs = {sp.section.key: sp.section for sp in info.plan.sections}
    # Settle replies that were lost, so that "what the run moved" is exact.
    try:
        await _settle(run_id, gateway, journal, specs)
    except GatewayError as err:
        raise RunInterrupted(run_id, err.code) from err
    done = journal.items(run_id, [Outcome.DONE])
    if not done:
        raise PlanError(RefusalCode.RUN_NOT_UNDOABLE, run_id=run_id, reason="nothing_done")
    undo_plan = dataclasses.replace(
        info.plan,
        assignments={},
        keep_related=False,
        options=HandoverOptions(
            suppress_notifications=info.plan.options.suppress_notifications,
            timeline_comment=timeline_comment,
        ),
    )
    undo_id = journal.create_run(undo_plan, kind=RunKind.UNDO, undo_of=run_id)
    journal.record_resolved(
        undo_id,
        [
            PlannedItem(
                section=i.section,
                item_id=i.item_id,
                title=i.title,
                old_owner=i.new_owner,
                new_owner=i.old_owner,
            )
            for i in done
        ],
    )
    journal.set_state(run_id, RunState.UNDONE)
    return await _Runner(undo_id, gateway, journal, progress, clock, pacing).execute()


async def verify_run(
    run_id: int, gateway: CrmGateway, journal: Journal
) -> dict[str, tuple[int, ...]]:
    """Re-query the run's sections for items still owned by the departing user; journal it.

    For an "all matching" section the residue is every item of the departing user passing the
    section's filter, minus the exclusions (new items created since count too); for explicit
    selections it is the selected ids the departing user still owns. The goal is zero.
    """
    info = _load_run(journal, run_id)
    residue = await _residue(info.plan, gateway)
    journal.record_residue(run_id, residue)
    return residue


def _load_run(journal: Journal, run_id: int) -> RunInfo:
    """The journal's record of `run_id`, or the RUN_NOT_FOUND refusal."""
    info = journal.load_run(run_id)
    if info is None:
        raise PlanError(RefusalCode.RUN_NOT_FOUND, run_id=run_id)
    return info


async def _residue(plan: HandoverPlan, gateway: CrmGateway) -> dict[str, tuple[int, ...]]:
    """Per section, the ids the departing user still owns that the plan meant to move.

    After a run the matching sections are nearly always empty, so their first pages are
    fetched together (one request with the REST gateway); only a section whose first page may
    not be the whole listing is listed in full.
    """
    departing = plan.departing_user_id
    matching = [sp for sp in plan.sections if isinstance(sp.selection, AllMatching)]
    requests = [
        (sp.section, departing, sp.selection.filter)
        for sp in matching
        if isinstance(sp.selection, AllMatching)
    ]
    pages = await gateway.first_pages(requests) if requests else []
    first = {sp.section.key: page for sp, page in zip(matching, pages, strict=True)}
    residue: dict[str, tuple[int, ...]] = {}
    for sp in plan.sections:
        selection = sp.selection
        if isinstance(selection, AllMatching):
            page = first[sp.section.key]
            items = list(page.items)
            if not page.complete and items:
                # The rest continues the ">id" cursor after the first page (§3).
                async for more in gateway.list_items(
                    sp.section, departing, selection.filter, after_id=items[-1].id
                ):
                    items.extend(more)
            residue[sp.section.key] = tuple(i.id for i in items if selection.includes(i))
        else:
            ids = sorted(selection.ids)
            owners = await gateway.owners_of(sp.section, ids) if ids else {}
            residue[sp.section.key] = tuple(i for i in ids if owners.get(i) == departing)
    return residue


async def _settle(
    run_id: int, gateway: CrmGateway, journal: Journal, specs: Mapping[str, SectionSpec]
) -> int:
    """Settle SENT and UNKNOWN items by re-reading owners; return how many were settled."""
    unsettled = journal.unsettled_items(run_id)
    by_section: dict[str, list[JournalItem]] = {}
    for item in unsettled:
        by_section.setdefault(item.section, []).append(item)
    if not by_section:
        return 0
    # One look-up for every section (one batch with the REST gateway while it fits).
    owners = await gateway.owners_many(
        [(specs[section], [i.item_id for i in items]) for section, items in by_section.items()]
    )
    for (section, items), found in zip(by_section.items(), owners, strict=True):
        journal.settle(run_id, section, [_settled(i, found.get(i.item_id)) for i in items])
    return len(unsettled)


def _planned_for_missing(plan: HandoverPlan, section: str, item_id: int) -> int:
    """Who an explicitly selected item that was already gone would have gone to.

    0 when the split rule needs the item's own fields to decide (the report shows "no one").
    """
    chosen = plan.assignments.get(ItemKey(section, item_id))
    if chosen is not None:
        return chosen
    rule = plan.rule_for(section)
    return rule.successor_id if isinstance(rule, Single) else 0


def _settled(item: JournalItem, owner: int | None) -> ItemOutcome:
    if owner is None:
        return ItemOutcome(item.item_id, Outcome.SKIPPED_NOT_FOUND)
    if owner == item.new_owner:
        return ItemOutcome(item.item_id, Outcome.DONE)
    if owner == item.old_owner:
        # Never applied: send it again (the guard makes that safe in any case).
        return ItemOutcome(item.item_id, Outcome.PENDING)
    return ItemOutcome(item.item_id, Outcome.SKIPPED_MOVED_MEANWHILE, current_owner=owner)


def _normalised(outcome: ItemOutcome, new_owner: int) -> ItemOutcome:
    # The guard skips an item already owned by the new owner (a lost reply re-sent, or someone
    # did the same move meanwhile): the plan's goal holds, so count it as done.
    if outcome.outcome is Outcome.SKIPPED_MOVED_MEANWHILE and outcome.current_owner == new_owner:
        return ItemOutcome(outcome.item_id, Outcome.DONE)
    if outcome.outcome is Outcome.SENT:
        return ItemOutcome(outcome.item_id, Outcome.UNKNOWN)
    # PENDING stays: the gateway's "temporary error, not applied, send it again".
    return outcome


async def _land(sending: asyncio.Future[T]) -> T | None:
    """The result of a call already on the wire; None if it failed as a whole."""
    try:
        return await sending
    except GatewayError:
        return None


def _chunks(ids: Sequence[int], size: int) -> list[Sequence[int]]:
    return [ids[k : k + size] for k in range(0, len(ids), size)]


def _groups(
    items: Iterable[tuple[str, int, int, int]], order: Sequence[str]
) -> list[tuple[GroupKey, list[int]]]:
    """(section, old owner, new owner, id) grouped by the first three, sections in plan order.

    Ids ascending within each group.
    """
    groups: dict[GroupKey, list[int]] = {}
    for section, old, new, item_id in items:
        groups.setdefault(GroupKey(section, old, new), []).append(item_id)
    rank = {key: n for n, key in enumerate(order)}
    return [
        (key, sorted(ids))
        for key, ids in sorted(
            groups.items(),
            key=lambda kv: (rank.get(kv[0].section, len(rank)), kv[0].old_owner, kv[0].new_owner),
        )
    ]


class _Runner:
    """Executes one journalled run from wherever its journal says it stands."""

    def __init__(  # noqa: PLR0917 - private; every caller passes all six
        self,
        run_id: int,
        gateway: CrmGateway,
        journal: Journal,
        progress: ProgressCallback | None,
        clock: Clock,
        pacing: Pacing | None,
    ) -> None:
        info = _load_run(journal, run_id)
        self._run_id = run_id
        self._info = info
        self._plan = info.plan
        self._gateway = gateway
        self._journal = journal
        self._progress = progress
        self._clock = clock
        self._pacing = pacing
        self._specs = {sp.section.key: sp.section for sp in self._plan.sections}
        self._order = [sp.section.key for sp in self._plan.sections]
        self._phase = Phase.CHECKING
        self._wait: Wait | None = None
        self._started: float | None = None
        self._processed_at_start = 0
        # Per (section, id): temporary errors met in this run (see TEMPORARY_RETRIES).
        self._temporary: dict[tuple[str, int], int] = {}

    async def execute(self) -> HandoverReport:
        """Run every remaining step; see the module docstring."""
        self._gateway.set_wait_listener(self._on_wait)
        try:
            return await self._execute()
        finally:
            self._gateway.set_wait_listener(None)

    async def _execute(self) -> HandoverReport:
        run_id, journal, plan = self._run_id, self._journal, self._plan
        journal.set_state(run_id, RunState.RUNNING)
        try:
            users: list[UserInfo] | None = None
            if self._info.kind is RunKind.HANDOVER:
                self._emit(Phase.CHECKING)
                users = await self._checked()
                if not self._info.resolved:
                    await self._resolve()
                    # Journalling thousands of items took one long turn of the event loop;
                    # let the window repaint before the next one (reading them back).
                    await asyncio.sleep(0)
            self._emit(Phase.HANDING_OVER)
            await self._send_all()
            if plan.options.timeline_comment:
                await self._comment()
            if self._info.kind is RunKind.HANDOVER:
                if plan.options.summary_message:
                    await self._notify()
                self._emit(Phase.VERIFYING)
                residue = await _residue(plan, self._gateway)
                journal.record_residue(run_id, residue)
                if plan.options.dismiss_at_end and plan.options.dismiss_confirmed:
                    await self._dismiss(users or [], residue)
            # A turn of its own before the report reads every item (inside the try: a cancel
            # arriving here leaves a CANCELLED, resumable run, not a FINISHED one).
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            journal.set_state(run_id, RunState.CANCELLED)
            logger.info("run %d cancelled", run_id)
            self._emit(self._phase)
            raise
        except GatewayError as err:
            journal.set_state(run_id, RunState.INTERRUPTED)
            logger.warning("run %d interrupted: %s", run_id, err.code)
            raise RunInterrupted(run_id, err.code) from err
        except RunInterrupted:
            journal.set_state(run_id, RunState.INTERRUPTED)
            raise
        journal.set_state(run_id, RunState.FINISHED)
        self._emit(Phase.FINISHED)
        logger.info("run %d finished", run_id)
        return journal.report(run_id)

    async def _checked(self) -> list[UserInfo]:
        try:
            return await check(self._plan, self._gateway)
        except PlanError:
            self._journal.set_state(self._run_id, RunState.REFUSED)
            raise

    async def _resolve(self) -> None:
        self._emit(Phase.RESOLVING)
        plan = self._plan
        resolution = await resolve(plan, self._gateway)
        if resolution.item_count == 0 and not any(resolution.missing.values()):
            self._journal.set_state(self._run_id, RunState.REFUSED)
            raise PlanError(RefusalCode.NOTHING_SELECTED)
        planned: list[PlannedItem] = []
        for sp in plan.sections:
            key = sp.section.key
            for item in resolution.items[key]:
                planned.append(
                    PlannedItem(
                        section=key,
                        item_id=item.id,
                        title=item.title,
                        old_owner=plan.departing_user_id,
                        new_owner=resolution.assignment[item.key],
                    )
                )
            missing = resolution.missing[key]
            # Selected, but no longer the departing user's: report who has them now.
            owners = await self._gateway.owners_of(sp.section, missing) if missing else {}
            for item_id in missing:
                owner = owners.get(item_id)
                planned.append(
                    PlannedItem(
                        section=key,
                        item_id=item_id,
                        title="",
                        old_owner=plan.departing_user_id,
                        new_owner=_planned_for_missing(plan, key, item_id),
                        status=Outcome.SKIPPED_NOT_FOUND
                        if owner is None
                        else Outcome.SKIPPED_MOVED_MEANWHILE,
                        current_owner=owner,
                    )
                )
        # Write-ahead: the resolved set is fixed before the first update leaves.
        self._journal.record_resolved(self._run_id, planned)

    async def _send_all(self) -> None:
        """Settle lost replies, send everything pending, and repeat while replies get lost."""
        capacity = self._gateway.max_batch_items + 1
        for _ in range(MAX_SEND_ROUNDS):
            await _settle(self._run_id, self._gateway, self._journal, self._specs)
            pending = self._journal.pending_keys(self._run_id)
            if not pending:
                return
            await asyncio.sleep(0)  # reading thousands of items back was a long turn
            queue = queue_of(_groups(pending, self._order))
            while queue:
                again = await self._send(take_batch(queue, capacity))
                # Items that met a temporary error go first in the next request.
                queue.extendleft(reversed(again))
        await _settle(self._run_id, self._gateway, self._journal, self._specs)
        if self._journal.pending_keys(self._run_id):
            raise RunInterrupted(self._run_id, "replies_lost")

    async def _send(self, groups: Sequence[PackedGroup]) -> list[tuple[GroupKey, int]]:
        """Send one request of guarded groups; return the items to send again."""
        options = ReassignOptions(register_events=not self._plan.options.suppress_notifications)
        request = [
            ReassignGroup(self._specs[g.key.section], g.key.old_owner, g.key.new_owner, g.ids)
            for g in groups
        ]
        # The pacing wait (time budgets included) is cancellable: nothing is in flight yet.
        await self._gateway.ready(request, options)
        if self._started is None:
            self._started = self._clock()
            self._processed_at_start = self._processed()
        # Write-ahead: the intent is on disk before the request leaves.
        batch_ids = self._journal.record_intents(self._run_id, groups)
        sending = asyncio.ensure_future(self._gateway.reassign(request, options))
        try:
            replies = await asyncio.shield(sending)
        except asyncio.CancelledError:
            # The request is on the wire: wait for it, record it, then stop (style.md §5).
            landed = await _land(sending)
            self._record(groups, batch_ids, landed)
            raise
        except GatewayError:
            self._record(groups, batch_ids, None)
            raise
        return self._record(groups, batch_ids, replies)

    def _record(
        self,
        groups: Sequence[PackedGroup],
        batch_ids: Sequence[int],
        replies: Sequence[Sequence[ItemOutcome]] | None,
    ) -> list[tuple[GroupKey, int]]:
        """Journal a request's replies (None: no reply, every item UNKNOWN).

        Returns the items that met a temporary error and may be sent again; past
        TEMPORARY_RETRIES such an item is recorded FAILED with the portal's error code.
        """
        again: list[tuple[GroupKey, int]] = []
        recorded: list[tuple[int, str, Sequence[ItemOutcome]]] = []
        for n, (group, batch_id) in enumerate(zip(groups, batch_ids, strict=True)):
            outcomes: list[ItemOutcome] = []
            reply = replies[n] if replies is not None and n < len(replies) else ()
            for raw in reply:
                outcome = _normalised(raw, group.key.new_owner)
                if outcome.outcome is Outcome.PENDING:
                    slot = (group.key.section, outcome.item_id)
                    self._temporary[slot] = self._temporary.get(slot, 0) + 1
                    if self._temporary[slot] > TEMPORARY_RETRIES:
                        outcome = ItemOutcome(
                            outcome.item_id, Outcome.FAILED, error=outcome.error or "TEMPORARY"
                        )
                    else:
                        again.append((group.key, outcome.item_id))
                outcomes.append(outcome)
            recorded.append((batch_id, group.key.section, outcomes))
        self._journal.record_replies(self._run_id, recorded)
        self._wait = None
        self._emit(Phase.HANDING_OVER)
        return again

    async def _comment(self) -> None:
        self._emit(Phase.COMMENTING)
        items = [
            i
            for i in self._journal.items(self._run_id, [Outcome.DONE])
            if i.commented == COMMENT_NONE
        ]
        keys = [(i.section, i.old_owner, i.new_owner, i.item_id) for i in items]
        for key, ids in _groups(keys, self._order):
            section, old, new = key.section, key.old_owner, key.new_owner
            spec = self._specs[section]
            for chunk in _chunks(ids, self._gateway.max_batch_items):
                await self._gateway.ready()
                sending = asyncio.ensure_future(self._gateway.add_comments(spec, old, new, chunk))
                try:
                    outcomes = await asyncio.shield(sending)
                except asyncio.CancelledError:
                    landed = await _land(sending)
                    if landed is not None:
                        self._mark_commented(section, chunk, landed)
                    raise
                self._mark_commented(section, chunk, outcomes)

    def _mark_commented(
        self, section: str, chunk: Sequence[int], outcomes: Sequence[ItemOutcome]
    ) -> None:
        ok = {o.item_id for o in outcomes if o.outcome is Outcome.DONE}
        self._journal.mark_commented(self._run_id, section, ok, COMMENT_DONE)
        failed = [i for i in chunk if i not in ok]
        self._journal.mark_commented(self._run_id, section, failed, COMMENT_FAILED)

    async def _notify(self) -> None:
        self._emit(Phase.NOTIFYING)
        counts: dict[int, dict[str, int]] = {}
        for item in self._journal.items(self._run_id, [Outcome.DONE]):
            per_section = counts.setdefault(item.new_owner, {})
            per_section[item.section] = per_section.get(item.section, 0) + 1
        already = self._journal.notified(self._run_id)
        for successor in sorted(counts):
            if successor in already:
                continue
            await self._gateway.ready()
            await self._gateway.notify(
                HandoverSummary(successor, self._plan.departing_user_id, counts[successor])
            )
            self._journal.record_notified(self._run_id, successor)

    async def _dismiss(
        self, users: Sequence[UserInfo], residue: Mapping[str, Sequence[int]]
    ) -> None:
        if self._info.dismissed in (DismissOutcome.DISMISSED, DismissOutcome.ALREADY_DISMISSED):
            return
        self._emit(Phase.DISMISSING)
        departing = self._plan.departing_user_id
        unsettled = self._journal.items(
            self._run_id, [Outcome.FAILED, Outcome.UNKNOWN, Outcome.PENDING, Outcome.SENT]
        )
        user = next((u for u in users if u.id == departing), None)
        if unsettled or any(residue.values()):
            outcome = DismissOutcome.SKIPPED_RESIDUE
        elif user is not None and not user.active:
            outcome = DismissOutcome.ALREADY_DISMISSED
        else:
            try:
                await self._gateway.ready()
                await self._gateway.dismiss_user(departing)
                outcome = DismissOutcome.DISMISSED
            except GatewayError as err:
                logger.error("run %d: dismissing the user failed: %s", self._run_id, err.code)
                outcome = DismissOutcome.FAILED
        self._journal.record_dismissal(self._run_id, outcome)

    # --- progress ---------------------------------------------------------------------------

    def _on_wait(self, wait: Wait) -> None:
        self._wait = wait
        self._emit(self._phase)

    def _processed(self) -> int:
        return sum(
            n
            for c in self._journal.counts(self._run_id).values()
            for o, n in c.items()
            if o.is_final
        )

    def _emit(self, phase: Phase) -> None:
        if phase is not self._phase:
            self._wait = None  # a wait belongs to the step that reported it
        self._phase = phase
        if self._progress is None:
            return
        counts = self._journal.counts(self._run_id)
        sections = []
        for key in self._order:
            c = counts.get(key, {})
            sections.append(
                SectionProgress(
                    section=key,
                    done=c.get(Outcome.DONE, 0),
                    skipped=c.get(Outcome.SKIPPED_MOVED_MEANWHILE, 0)
                    + c.get(Outcome.SKIPPED_NOT_FOUND, 0),
                    failed=c.get(Outcome.FAILED, 0),
                    total=sum(c.values()),
                )
            )
        processed = sum(s.processed for s in sections)
        remaining = sum(s.total for s in sections) - processed
        rate = 0.0
        if self._started is not None:
            elapsed = self._clock() - self._started
            if elapsed > 0:
                rate = (processed - self._processed_at_start) / elapsed
        eta: float | None
        if remaining == 0:
            eta = 0.0
        elif rate > 0:
            eta = remaining / rate
        elif self._pacing is not None:
            eta = self._pacing(math.ceil(remaining / self._gateway.max_batch_items))
        else:
            eta = None
        self._progress(
            Progress(
                run_id=self._run_id,
                phase=phase,
                sections=tuple(sections),
                rate=rate,
                eta_seconds=eta,
                wait=self._wait,
            )
        )
