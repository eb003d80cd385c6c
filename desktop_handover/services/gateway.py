"""BitrixCrmGateway: the handover engine's CrmGateway, implemented with the REST client.

This is the one place where domain values meet wire names: it turns SectionSpecs into list
and update commands, rows into ItemRefs, and batch outcomes into ItemOutcomes.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import (
    AccessDenied,
    BitrixError,
    InvalidArgument,
    NotFound,
)
from desktop_handover.bitrix.listing import LIST_LIMIT, ListRequest, ListSpec
from desktop_handover.bitrix.types import (
    BatchResult,
    Command,
    CommandOutcome,
    CommandStatus,
    Progress,
    Ref,
    Row,
)
from desktop_handover.bitrix.types import WaitReason as ClientWaitReason
from desktop_handover.handover.ports import (
    FirstPage,
    GatewayError,
    HandoverSummary,
    ItemOutcome,
    ReassignGroup,
    ReassignOptions,
    UserInfo,
    WaitListener,
)
from desktop_handover.handover.report import Outcome, Wait, WaitReason
from desktop_handover.handover.sections import (
    COMPANY_TYPE,
    CONTACT_TYPE,
    DEAL_TYPE,
    LEAD_TYPE,
    QUOTE_TYPE,
    ApiFamily,
    ItemKey,
    ItemRef,
    OpenClosedRule,
    SectionSpec,
    section_key_for_entity_type,
)
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.services.prefetch import (
    Prefetch,
    StageCatalogue,
    department_names,
    smart_process_sections,
    user_info_from_row,
)
from desktop_handover.services.wire_helpers import as_int, by_ids, chunks, gateway_error

logger = logging.getLogger(__name__)

#: The port's error for a client error (shared with the catalog: wire_helpers).
_gateway_error = gateway_error

#: Commands per batch (§4); one of them is the guard of a reassign batch.
BATCH_LIMIT = 50
#: A reassign batch: one guard list plus this many updates (style.md, "conflict-safe").
REASSIGN_BATCH_ITEMS = BATCH_LIMIT - 1
#: How often a read command that failed temporarily is sent again before the call fails.
TEMPORARY_RETRIES = 3
#: Per-command codes worth sending again: the portal did not act on them (§4, §5).
_TEMPORARY_CODES = frozenset(
    {
        "OPERATION_TIME_LIMIT",
        "QUERY_LIMIT_EXCEEDED",
        "INTERNAL_SERVER_ERROR",
        "ERROR_UNEXPECTED_ANSWER",
        "ERROR_BATCH_LENGTH_EXCEEDED",
    }
)
#: A task is closed once completed (REAL_STATUS 5, §9).
TASK_COMPLETED = 5
#: UF_CRM_TASK binding prefixes → entityTypeId (D_12 is deal 12; T80_5 is SPA 128, item 5).
_TASK_BINDING_PREFIXES = {"L": 1, "D": 2, "C": 3, "CO": 4, "Q": 7, "SI": 31}
_TASK_BINDING = re.compile(r"^(?P<prefix>[A-Z]+?)(?P<hex>[0-9a-f]*)_(?P<id>\d+)$")
#: crm.timeline.comment.add's ENTITY_TYPE for the built-in types (§10.1).
_TIMELINE_TYPES = {
    1: "lead",
    2: "deal",
    3: "contact",
    4: "company",
    7: "quote",
    31: "smart_invoice",
}

#: Built-in types whose legacy update takes params.REGISTER_SONET_EVENT (§7.6).
_LEGACY_UPDATE = {
    LEAD_TYPE: "crm.lead.update",
    DEAL_TYPE: "crm.deal.update",
    CONTACT_TYPE: "crm.contact.update",
    COMPANY_TYPE: "crm.company.update",
    QUOTE_TYPE: "crm.quote.update",
}
#: Legacy crm.* errors come with an empty code (§2.3): the code their text maps to, so an
#: outcome carries a code the report can word, never the portal's sentence.
_LEGACY_ERROR_CODES: dict[type[BitrixError], str] = {
    AccessDenied: "ACCESS_DENIED",
    NotFound: "NOT_FOUND",
    InvalidArgument: "INVALID_ARG_VALUE",
}

_WAIT_REASONS = {
    ClientWaitReason.RATE: WaitReason.RATE_LIMIT,
    ClientWaitReason.OPERATING: WaitReason.TIME_BUDGET,
    ClientWaitReason.TIME_LIMIT: WaitReason.TIME_BUDGET,
    ClientWaitReason.BACKOFF: WaitReason.RETRY,
}


@dataclass(frozen=True, slots=True)
class Wording:
    """The sentences the gateway writes into the portal (comments, summary messages).

    The portal's users read them, in the portal's language; the app passes translated
    templates. Placeholders: {old}, {new} (user names), {counts} (a list like "deals: 3").
    """

    comment: str = "Responsible person changed from {old} to {new} (handover)."
    summary: str = "You are now responsible for items handed over from {old}: {counts}."


def can_skip_feed_post(section: SectionSpec) -> bool:
    """Whether `section`'s items can change hands without a live-feed post (§7.6).

    Only leads, deals, contacts, companies and quotes: their legacy update takes
    `params.REGISTER_SONET_EVENT`. Smart invoices, smart processes, activities and tasks
    have no such switch (§7.5, §8.2, §9).
    """
    return section.family is ApiFamily.CRM_ITEM and section.entity_type_id in _LEGACY_UPDATE


def progress_to_wait(progress: Progress) -> Wait | None:
    """The domain's Wait for a client progress event that announces a pause, else None."""
    if progress.wait_reason is None or progress.wait_seconds <= 0:
        return None
    return Wait(progress.wait_seconds, _WAIT_REASONS[progress.wait_reason])


class BitrixCrmGateway:
    """ports.CrmGateway over one BitrixClient: lists, guarded reassignments, notes, users.

    Reassignment is conflict-safe per group: a batch carries, per (section, old owner, new
    owner) group, a guard listing which of the group's ids the old owner still owns, and
    every update of the group takes its id from that guard (`"0$result[g0][items][k][id]"`),
    so the portal only ever updates items that were still the old owner's a moment before,
    inside the same request (§4 runs commands in order). Updates past the guard's count
    point at a missing path and change nothing, whichever way the portal substitutes it
    (§3 caveat; `_legacy_target`). Ids the guard did not return come back UNKNOWN and the
    engine settles them by re-reading owners; a guard that lists ids nobody chose stops the
    run (GUARD_MISMATCH).

    The client's progress callback must be routed to `on_client_progress`, so that pauses
    reach the engine's wait listener.

    Args:
        client: the portal's client.
        wording: the sentences written into the portal.
        prefetch: setup data from the connection check's batch (ignored if it came from
            another portal): the webhook's user, departments and stage catalogue are taken
            as they are; the user list and smart processes only while they are fresh.
        fresh_for: seconds a user list or smart-process list (listed or prefetched) answers
            later calls. 0, the default, lists again on every call, which long-lived
            sessions (the app) need so that a check before a run sees users dismissed since;
            a command that plans and runs at once (the CLI) may reuse a list for seconds.
        clock: monotonic seconds, the same clock as `Prefetch.fetched_at` (tests inject it).
    """

    def __init__(
        self,
        client: BitrixClient,
        *,
        wording: Wording | None = None,
        prefetch: Prefetch | None = None,
        fresh_for: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._wording = wording or Wording()
        self._listener: WaitListener | None = None
        self._fresh_for = fresh_for
        self._clock = clock
        # One crm.status.list serves every type's stages, once per gateway (§7.4).
        self._stages: StageCatalogue | None = None
        self._user_names: dict[int, str] = {}
        # Department names barely change during a session: listed once per gateway (§6.2).
        self._departments: Mapping[int, str] | None = None
        # The webhook acts as one user for its whole life; list_users refreshes the record.
        self._me: UserInfo | None = None
        # The last user and smart-process lists, with the clock reading they were asked at.
        self._users: tuple[tuple[UserInfo, ...], float] | None = None
        self._smart_processes: tuple[tuple[SectionSpec, ...], float] | None = None
        if prefetch is not None and prefetch.host == client.host:
            self._start_from(prefetch)

    def _start_from(self, prefetch: Prefetch) -> None:
        """Take what the check's batch brought; missing parts are asked for when needed."""
        self._me = prefetch.me
        self._departments = prefetch.departments
        self._stages = prefetch.stages
        if prefetch.users is not None:
            self._users = (prefetch.users, prefetch.fetched_at)
            self._user_names.update((u.id, u.name) for u in prefetch.users)
        if prefetch.smart_processes is not None:
            self._smart_processes = (prefetch.smart_processes, prefetch.fetched_at)

    def __repr__(self) -> str:
        return f"BitrixCrmGateway(host={self._client.host!r})"

    # --- plumbing --------------------------------------------------------------------------

    @property
    def max_batch_items(self) -> int:
        """49: one command of each batch is the guard."""
        return REASSIGN_BATCH_ITEMS

    def set_wait_listener(self, listener: WaitListener | None) -> None:
        """Register the callable told about each pause before it starts."""
        self._listener = listener

    def on_client_progress(self, progress: Progress) -> None:
        """The client's progress callback: forwards announced pauses to the wait listener."""
        wait = progress_to_wait(progress)
        if wait is not None and self._listener is not None:
            self._listener(wait)

    async def ready(
        self, request: Sequence[ReassignGroup] = (), options: ReassignOptions | None = None
    ) -> None:
        """Wait for the client's pacing so that the next request leaves at once.

        For a reassign request, the methods it will call (each group's guard list and its
        updates) are named, so that waits for their time budgets happen here too, where the
        engine can still cancel, rather than inside the shielded send (§5.2).
        """
        costs: Counter[str] = Counter()
        for group in request:
            costs[_list_spec(group.section).method] += 1
            costs[_update_method(group.section, options or ReassignOptions())] += len(group.ids)
        await self._client.wait_ready(costs)

    # --- users and sections ----------------------------------------------------------------

    async def current_user(self) -> UserInfo:
        """The webhook's own user (user.current, §6.3), asked once per gateway.

        Not at all when the check's prefetch brought it. Later calls answer from memory;
        `list_users` refreshes that record with the newest listing, so a check right after
        listing the users costs no request.
        """
        if self._me is not None:
            return self._me
        reply = await self._call("user.current")
        if not isinstance(reply, Mapping):
            raise GatewayError("UNEXPECTED_ANSWER", "user.current did not return a user")
        departments = await self._department_names()
        self._me = user_info_from_row(reply, departments)
        return self._me

    async def list_users(self) -> Sequence[UserInfo]:
        """Every real user, active and dismissed: user.get without ACTIVE lists both (§6.1).

        A list younger than `fresh_for` seconds answers without a request.
        """
        if self._users is not None and self._is_fresh(self._users[1]):
            return list(self._users[0])
        asked_at = self._clock()
        departments = await self._department_names()
        users: list[UserInfo] = []
        try:
            async for page in self._client.list_pages(ListSpec.users()):
                users.extend(user_info_from_row(row, departments) for row in page.rows)
        except BitrixError as exc:
            raise _gateway_error(exc) from None
        self._user_names.update((u.id, u.name) for u in users)
        if self._me is not None:
            self._me = next((u for u in users if u.id == self._me.id), self._me)
        self._users = (tuple(users), asked_at)
        return users

    def _is_fresh(self, asked_at: float) -> bool:
        """Whether data asked for at `asked_at` may still answer (never when fresh_for is 0)."""
        return self._clock() - asked_at < self._fresh_for

    async def _department_names(self) -> Mapping[int, str]:
        """Department id → name, listed once for the gateway's lifetime (not if it failed)."""
        if self._departments is not None:
            return self._departments
        names: dict[int, str] = {}
        try:
            async for page in self._client.list_pages(ListSpec.departments()):
                names.update(department_names(page.rows))
        except BitrixError as exc:
            # Without the department scope the pickers just show no department (§1.3).
            logger.warning("departments unavailable on %s: %s", self._client.host, exc.code)
            return names
        self._departments = names
        return names

    async def discover_sections(self) -> Sequence[SectionSpec]:
        """The portal's smart processes (crm.type.list, §7.1) as sections.

        A list younger than `fresh_for` seconds answers without a request.
        """
        if self._smart_processes is not None and self._is_fresh(self._smart_processes[1]):
            return list(self._smart_processes[0])
        asked_at = self._clock()
        sections = smart_process_sections(await self._call("crm.type.list"))
        self._smart_processes = (tuple(sections), asked_at)
        return sections

    async def count_owned(
        self, user_id: int, sections: Sequence[SectionSpec]
    ) -> Mapping[str, int]:
        """Per section, how many items `user_id` owns: one counting command per section.

        Up to 50 sections cost one request; `total` comes from start=0 (§3).
        """
        counts: dict[str, int] = {}
        for chunk in chunks(list(sections), BATCH_LIMIT):
            commands = {}
            for section in chunk:
                spec = _list_spec(section)
                base = spec.base_params(_owner_filter(section, user_id), [spec.id_field])
                commands[section.key] = spec.count_command(base)
            result = await self._read_batch(commands)
            for key, outcome in result.outcomes.items():
                if not outcome.ok:
                    raise _command_error(outcome)
                counts[key] = outcome.total or 0
        return counts

    # --- listing ---------------------------------------------------------------------------

    async def list_items(
        self,
        section: SectionSpec,
        owner_id: int,
        section_filter: SectionFilter,
        *,
        after_id: int = 0,
    ) -> AsyncIterator[Sequence[ItemRef]]:
        """Pages of `owner_id`'s items in `section` passing `section_filter`, ids ascending."""
        spec = _list_spec(section)
        closed_stages = await self._closed_stage_ids(section)
        item_filter = {
            **_owner_filter(section, owner_id),
            **_open_closed_filter(section, section_filter, closed_stages),
        }
        try:
            read = _row_reader(section, closed_stages)
            async for page in self._client.list_pages(
                spec, filter=item_filter, select=_select(section), after_id=after_id
            ):
                yield [read(row) for row in page.rows]
        except BitrixError as exc:
            raise _gateway_error(exc) from None

    async def list_many(
        self, requests: Sequence[tuple[SectionSpec, int, SectionFilter]]
    ) -> Sequence[Sequence[ItemRef]]:
        """Every item of each listing, ids ascending (what `list_items` yields, joined).

        The listings' pages share batches (`BitrixClient.list_many`): ten sections of a
        departing user cost about ⌈Σ rows / 2,500⌉ requests, not one listing at a time.
        """
        stages = [await self._closed_stage_ids(section) for section, _, _ in requests]
        listings = [
            ListRequest(
                _list_spec(section),
                {
                    **_owner_filter(section, owner_id),
                    **_open_closed_filter(section, section_filter, closed),
                },
                _select(section),
            )
            for (section, owner_id, section_filter), closed in zip(requests, stages, strict=True)
        ]
        try:
            results = await self._client.list_many(listings)
        except BitrixError as exc:
            raise _gateway_error(exc) from None
        listed: list[list[ItemRef]] = []
        for (section, _, _), closed, result in zip(requests, stages, results, strict=True):
            read = _row_reader(section, closed)
            listed.append([read(row) for row in result.rows])
        return listed

    async def first_pages(
        self, requests: Sequence[tuple[SectionSpec, int, SectionFilter]]
    ) -> Sequence[FirstPage]:
        """The first 50-row page of each listing: one list command each, 50 per batch (§3, §4).

        Each command is `list_items`' first page (same filter and select, ">id" 0, start=-1,
        id ascending); a page of 50 rows may have more behind it, so it is not complete.
        """
        stages = [await self._closed_stage_ids(section) for section, _, _ in requests]
        pages: list[FirstPage] = []
        for chunk in chunks(list(zip(requests, stages, strict=True)), BATCH_LIMIT):
            commands: dict[str, Command] = {}
            for n, ((section, owner_id, section_filter), closed) in enumerate(chunk):
                spec = _list_spec(section)
                item_filter = {
                    **_owner_filter(section, owner_id),
                    **_open_closed_filter(section, section_filter, closed),
                }
                base = spec.base_params(item_filter, _select(section))
                commands[f"p{n}"] = spec.keyset_commands(base, 0, 1)["req_0"]
            result = await self._read_batch(commands)
            for n, ((section, _, _), closed) in enumerate(chunk):
                outcome = result.outcomes[f"p{n}"]
                if not outcome.ok:
                    raise _command_error(outcome)
                spec = _list_spec(section)
                rows = spec.rows(outcome.result)
                items = [_item_ref(section, row, closed) for row in rows]
                pages.append(FirstPage(items, complete=len(rows) < LIST_LIMIT))
        return pages

    async def _closed_stage_ids(self, section: SectionSpec) -> frozenset[str]:
        """Stage ids with S/F semantics, for sections whose closedness the catalogue tells."""
        if section.open_closed is not OpenClosedRule.STAGE_CATALOGUE:
            return frozenset()
        type_id = section.entity_type_id
        assert type_id is not None
        if self._stages is None:
            # Unfiltered, the one reply holds every type's stages (§3 "Method quirks").
            reply = await self._call("crm.status.list", {"filter": {}})
            self._stages = StageCatalogue.from_reply(reply)
        return self._stages.closed_for(type_id)

    async def owners_of(self, section: SectionSpec, ids: Sequence[int]) -> Mapping[int, int]:
        """The current owner of each id (missing: no such item any more)."""
        [owners] = await self.owners_many([(section, ids)])
        return owners

    async def owners_many(
        self, requests: Sequence[tuple[SectionSpec, Sequence[int]]]
    ) -> Sequence[Mapping[int, int]]:
        """Owners for several sections at once: one list command per 50 ids, 50 per batch."""
        commands: list[tuple[int, Command]] = []
        for n, (section, ids) in enumerate(requests):
            spec = _list_spec(section)
            for page_ids in chunks(sorted(set(ids)), LIST_LIMIT):
                params = by_ids(
                    spec, {_id_in_key(section): list(page_ids)}, [_owner_select(section)]
                )
                commands.append((n, Command(spec.method, params)))
        owners: list[dict[int, int]] = [{} for _ in requests]
        for batch in chunks(commands, BATCH_LIMIT):
            result = await self._read_batch(
                {f"o{k}": command for k, (_, command) in enumerate(batch)}
            )
            for k, (n, _) in enumerate(batch):
                outcome = result.outcomes[f"o{k}"]
                if not outcome.ok:
                    raise _command_error(outcome)
                spec = _list_spec(requests[n][0])
                for row in spec.rows(outcome.result):
                    owner = spec.row_owner(row)
                    if owner is not None:
                        owners[n][spec.row_id(row)] = owner
        return owners

    # --- writing ---------------------------------------------------------------------------

    async def reassign(
        self, groups: Sequence[ReassignGroup], options: ReassignOptions
    ) -> Sequence[Sequence[ItemOutcome]]:
        """Move each group's ids still owned by its `from_user`: all groups in one batch.

        Per group, a guard lists which of its ids `from_user` still owns, and the group's
        updates take their ids from that guard's result; a command that meets a temporary
        error comes back PENDING (not applied: the engine sends it again in a later batch,
        instead of this call spending a request on it alone). Ids the guard did not list
        come back UNKNOWN, for the engine to settle by re-reading owners.
        """
        if not groups or sum(1 + len(set(g.ids)) for g in groups) > BATCH_LIMIT:
            raise ValueError(f"reassign takes 1..{BATCH_LIMIT} commands (a guard per group)")
        commands: dict[str, Command] = {}
        for n, group in enumerate(groups):
            section, spec = group.section, _list_spec(group.section)
            ids = sorted(set(group.ids))
            guard = by_ids(
                spec, {**_owner_filter(section, group.from_user), _id_in_key(section): ids}
            )
            commands[f"g{n}"] = Command(spec.method, guard)
            wrapper = (spec.wrapper,) if spec.wrapper else ()
            for k in range(len(ids)):
                target = Ref.result(f"g{n}", *wrapper, k, spec.id_field)
                commands[f"u{n}_{k}"] = _update_command(section, target, group.to_user, options)
        result = await self._batch(commands)
        self._note_time_limits(result)
        replies = [_guarded_outcomes(result, n, group) for n, group in enumerate(groups)]
        # Ids a guard did not return are someone else's now, or gone, or (after a lost reply
        # and a resend) already moved by us: UNKNOWN, which the engine settles by reading
        # the owners of all of them together after the round, rather than one look-up per
        # batch here.
        return [
            [outcomes.get(i, ItemOutcome(i, Outcome.UNKNOWN)) for i in group.ids]
            for group, outcomes in zip(groups, replies, strict=True)
        ]

    def _note_time_limits(self, result: BatchResult) -> None:
        """Tell the client about methods whose time budget ran out inside the batch (§5.2).

        Their commands come back PENDING and go again in the next request; the client then
        holds that request (in `ready`) until the budget resets instead of letting it fail
        the same way at once.
        """
        seen: set[str] = set()
        for outcome in result.outcomes.values():
            code = outcome.error.code.upper() if outcome.error else ""
            if code == "OPERATION_TIME_LIMIT" and outcome.method.lower() not in seen:
                seen.add(outcome.method.lower())
                self._client.note_time_limit(outcome)

    async def add_comments(
        self, section: SectionSpec, from_user: int, to_user: int, ids: Sequence[int]
    ) -> Sequence[ItemOutcome]:
        """A timeline note on each id (§10.1); activities and tasks have no own timeline."""
        type_name = _timeline_type(section)
        if type_name is None:
            return [ItemOutcome(i, Outcome.DONE) for i in ids]
        text = self._wording.comment.format(
            old=await self._user_name(from_user), new=await self._user_name(to_user)
        )
        commands = {
            f"c{n}": Command(
                "crm.timeline.comment.add",
                {"fields": {"ENTITY_ID": item_id, "ENTITY_TYPE": type_name, "COMMENT": text}},
            )
            for n, item_id in enumerate(ids)
        }
        result = await self._batch(commands)
        outcomes = []
        for n, item_id in enumerate(ids):
            outcome = result.outcomes[f"c{n}"]
            if outcome.ok:
                outcomes.append(ItemOutcome(item_id, Outcome.DONE))
            else:
                code = outcome.error.code if outcome.error else "NOT_RUN"
                outcomes.append(ItemOutcome(item_id, Outcome.FAILED, error=code or "ERROR"))
        return outcomes

    async def notify(self, summary: HandoverSummary) -> None:
        """One im.notify.system.add to the successor, with the counts per section."""
        counts = ", ".join(f"{key}: {n}" for key, n in summary.counts.items() if n)
        message = self._wording.summary.format(
            old=await self._user_name(summary.departing_user_id), counts=counts
        )
        await self._call(
            "im.notify.system.add", {"USER_ID": summary.successor_id, "MESSAGE": message}
        )

    async def dismiss_user(self, user_id: int) -> None:
        """user.update ACTIVE=N (§6.3); needs the full `user` scope and an admin webhook."""
        await self._call("user.update", {"ID": user_id, "ACTIVE": "N"})

    async def _user_name(self, user_id: int) -> str:
        if user_id not in self._user_names:
            await self.list_users()
        return self._user_names.get(user_id, f"#{user_id}")

    # --- client calls, errors mapped to the port's ----------------------------------------

    async def _call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        try:
            return (await self._client.call(method, params)).result
        except BitrixError as exc:
            raise _gateway_error(exc) from None

    async def _batch(self, commands: Mapping[str, Command]) -> BatchResult:
        try:
            return await self._client.batch(commands)
        except BitrixError as exc:
            raise _gateway_error(exc) from None

    async def _read_batch(self, commands: Mapping[str, Command]) -> BatchResult:
        """A batch of read-only commands; those that failed for a passing reason are resent.

        A list command that failed with a temporary code (a 5xx or the time budget inside
        the batch, §4, §5.2) changed nothing, so asking again is safe; after
        TEMPORARY_RETRIES resends its failure stands.
        """
        result = await self._batch(commands)
        outcomes = dict(result.outcomes)
        for _ in range(TEMPORARY_RETRIES):
            again = {
                key: commands[key]
                for key, outcome in outcomes.items()
                if _is_temporary(outcome) or outcome.status is CommandStatus.NOT_RUN
            }
            if not again:
                break
            outcomes.update((await self._batch(again)).outcomes)
        return BatchResult(outcomes, result.time)


# --- wire mapping ----------------------------------------------------------------------------


def _list_spec(section: SectionSpec) -> ListSpec:
    if section.family is ApiFamily.ACTIVITY:
        return ListSpec.activities()
    if section.family is ApiFamily.TASK:
        return ListSpec.tasks()
    assert section.entity_type_id is not None
    return ListSpec.crm_items(section.entity_type_id)


def _owner_filter(section: SectionSpec, owner_id: int) -> dict[str, Any]:
    if section.family is ApiFamily.CRM_ITEM:
        return {"assignedById": owner_id}
    return {"RESPONSIBLE_ID": owner_id}


def _owner_select(section: SectionSpec) -> str:
    return {
        ApiFamily.CRM_ITEM: "assignedById",
        ApiFamily.ACTIVITY: "RESPONSIBLE_ID",
        ApiFamily.TASK: "RESPONSIBLE_ID",
    }[section.family]


def _id_in_key(section: SectionSpec) -> str:
    """The filter key that selects a list of ids: `@id` (§7.2), `@ID` (legacy, activities).

    tasks.task.list knows no `@` prefix (§9: `!`, `<`, `<=`, `>`, `>=`); CTasks would read
    "@ID" as an unknown field and drop the condition, so a guard would list the first tasks
    of the owner instead of the chosen ones. A plain `ID` with an array means "one of" there.
    """
    if section.family is ApiFamily.CRM_ITEM:
        return "@id"
    return "ID" if section.family is ApiFamily.TASK else "@ID"


def _open_closed_filter(
    section: SectionSpec, section_filter: SectionFilter, closed_stages: frozenset[str]
) -> dict[str, Any]:
    """The server-side filter for open or closed items (§7.4, §8.1, §9)."""
    if section_filter is SectionFilter.ALL or not section.supports_open_closed:
        return {}
    want_closed = section_filter is SectionFilter.CLOSED
    rule = section.open_closed
    if rule is OpenClosedRule.STAGE_SEMANTIC and section.entity_type_id == QUOTE_TYPE:
        # Quotes carry `closed` but no stageSemanticId in crm.item (§7.3, §7.4).
        return {"closed": "Y" if want_closed else "N"}
    if rule is OpenClosedRule.STAGE_SEMANTIC:
        return {"@stageSemanticId": ["S", "F"]} if want_closed else {"stageSemanticId": "P"}
    if rule is OpenClosedRule.STAGE_CATALOGUE:
        stages = sorted(closed_stages)
        if not stages:
            return {} if not want_closed else {"@stageId": ["-"]}  # nothing can be closed
        return {"@stageId": stages} if want_closed else {"!@stageId": stages}
    if rule is OpenClosedRule.COMPLETED_FLAG:
        return {"COMPLETED": "Y" if want_closed else "N"}
    if rule is OpenClosedRule.TASK_STATUS:
        return {"REAL_STATUS": TASK_COMPLETED} if want_closed else {"!REAL_STATUS": TASK_COMPLETED}
    return {}


def _select(section: SectionSpec) -> list[str]:
    if section.family is ApiFamily.ACTIVITY:
        return [
            "ID", "SUBJECT", "RESPONSIBLE_ID", "COMPLETED", "DEADLINE", "OWNER_TYPE_ID",
            "OWNER_ID", "LAST_UPDATED",
        ]  # fmt: skip
    if section.family is ApiFamily.TASK:
        return ["ID", "TITLE", "RESPONSIBLE_ID", "REAL_STATUS", "DEADLINE", "UF_CRM_TASK",
                "CHANGED_DATE"]  # fmt: skip
    return [
        "id", "title", "name", "lastName", "assignedById", "categoryId", "stageId",
        "stageSemanticId", "closed", "opportunity", "currencyId", "updatedTime", "companyId",
        "contactIds",
    ]  # fmt: skip


def _guarded_outcomes(result: BatchResult, n: int, group: ReassignGroup) -> dict[int, ItemOutcome]:
    """The outcomes of group `n` of a reassign batch, for the ids its guard returned.

    Updates past the guard's count pointed at a missing path and failed harmlessly; ids the
    guard did not return are left out (the caller answers UNKNOWN for them).

    Raises:
        GatewayError: GUARD_MISMATCH when the guard listed an id the group did not ask for:
            the portal ignored the id filter, so updates may have reached items nobody
            chose. The run stops (interrupted) instead of sending more such batches.
    """
    spec = _list_spec(group.section)
    guard = result.outcomes[f"g{n}"]
    if not guard.ok:
        code = guard.error.code if guard.error and guard.error.code else "ERROR"
        # Nothing of the group was updated: every update pointed at the missing guard.
        outcome = Outcome.PENDING if _is_temporary(guard) else Outcome.FAILED
        return {i: ItemOutcome(i, outcome, error=code) for i in group.ids}
    try:
        rows = spec.rows(guard.result)
        listed = [spec.row_id(row) for row in rows]
    except ValueError:
        # A reply we cannot read: what the updates did is unknown; the engine re-reads owners.
        return {}
    chosen = set(group.ids)
    strangers = [i for i in listed if i not in chosen]
    if strangers:
        logger.error(
            "%s guard listed %d ids outside its group (e.g. %s): stopping the run",
            spec.method,
            len(strangers),
            strangers[:5],
        )
        raise GatewayError("GUARD_MISMATCH", f"{spec.method} ignored the guard's id filter")
    outcomes: dict[int, ItemOutcome] = {}
    for k, item_id in enumerate(listed):
        update = result.outcomes.get(f"u{n}_{k}")
        if update is not None and update.ok:
            outcomes[item_id] = ItemOutcome(item_id, Outcome.DONE)
            continue
        code = _update_error_code(update)
        temporary = update is not None and _is_temporary(update)
        outcomes[item_id] = ItemOutcome(
            item_id, Outcome.PENDING if temporary else Outcome.FAILED, error=code
        )
    return outcomes


def _update_method(section: SectionSpec, options: ReassignOptions) -> str:
    """The method `_update_command` calls for `section` (see there for why)."""
    if not options.register_events and can_skip_feed_post(section):
        return _LEGACY_UPDATE[section.entity_type_id or 0]
    if section.family is ApiFamily.ACTIVITY:
        return "crm.activity.update"
    if section.family is ApiFamily.TASK:
        return "tasks.task.update"
    return "crm.item.update"


def _update_command(
    section: SectionSpec, target: Ref, to_user: int, options: ReassignOptions
) -> Command:
    """The command that gives `target` (the guard's id reference) to `to_user`.

    With `options.register_events` off, the built-in types that have a legacy method go
    through it with `params.REGISTER_SONET_EVENT=N`, which stops the live-feed post about
    the change (§7.6). Nothing else has such a switch: crm.item.update takes only
    entityTypeId, id, fields and useOriginalUfNames (§7.5), crm.activity.update only
    REGISTER_HISTORY_EVENT (§8.2), tasks.task.update only taskId and fields (§9); smart
    invoices and smart processes have no legacy method (§7.6), so they keep crm.item.update.
    """
    if not options.register_events and can_skip_feed_post(section):
        legacy = _LEGACY_UPDATE[section.entity_type_id or 0]
        # Legacy dialect: UPPER_CASE fields, `true` back, errors with an empty code (§7.6).
        return Command(
            legacy,
            {
                "id": _legacy_target(target),
                "fields": {"ASSIGNED_BY_ID": to_user},
                "params": {"REGISTER_SONET_EVENT": "N"},
            },
        )
    if section.family is ApiFamily.ACTIVITY:
        # Plain crm.activity.update changes to-dos too, completed ones included (§8.3). It is
        # a legacy proxy too (§8.2), reading its id with intval(): see _legacy_target.
        return Command(
            "crm.activity.update",
            {"id": _legacy_target(target), "fields": {"RESPONSIBLE_ID": to_user}},
        )
    # tasks.task.update and crm.item.update take their ids through typed controller
    # arguments; whether an array id would be refused or cast to 1 there is not known, so
    # they get the same "0$result[...]" form, which is a plain number or no number at all.
    if section.family is ApiFamily.TASK:
        return Command(
            "tasks.task.update",
            {"taskId": _legacy_target(target), "fields": {"RESPONSIBLE_ID": to_user}},
        )
    return Command(
        "crm.item.update",
        {
            "entityTypeId": section.entity_type_id,
            "id": _legacy_target(target),
            "fields": {"assignedById": to_user},
        },
    )


def _legacy_target(target: Ref) -> str:
    """`target` inside a longer value, "0$result[...]", for an update's id.

    Legacy proxies read the id with PHP intval() (S-crmrest resolveEntityID). A reference
    that is the whole value and points past the guard's rows is replaced by the deepest
    part that exists, the guard's row array (§3, §4), and intval() of a non-empty array is
    1: the update would hit record #1. Inside a longer value a number is put in as text
    ("0" + "351" reads as 351) and an array is not put in at all (§4), so "0$result[...]"
    reads as 0: "ID is not defined or invalid.", nothing changed. The query is decoded
    before references are replaced (S-util ParseBatchQuery), so percent-encoding is fine.
    """
    return "0" + target.expression


def _item_ref(section: SectionSpec, row: Row, closed_stages: frozenset[str]) -> ItemRef:
    if section.family is ApiFamily.ACTIVITY:
        owner_section = section_key_for_entity_type(as_int(row.get("OWNER_TYPE_ID")) or 0)
        owner_item = as_int(row.get("OWNER_ID"))
        bindings = (
            (ItemKey(owner_section, owner_item),)
            if owner_section is not None and owner_item is not None
            else ()
        )
        return ItemRef(
            section=section.key,
            id=as_int(row.get("ID")) or 0,
            title=str(row.get("SUBJECT") or ""),
            owner_id=as_int(row.get("RESPONSIBLE_ID")) or 0,
            closed=row.get("COMPLETED") == "Y",
            updated=_str(row.get("LAST_UPDATED")),
            deadline=_deadline(row.get("DEADLINE")),
            bindings=bindings,
        )
    if section.family is ApiFamily.TASK:
        return ItemRef(
            section=section.key,
            id=as_int(row.get("id")) or 0,
            title=str(row.get("title") or ""),
            owner_id=as_int(row.get("responsibleId")) or 0,
            closed=as_int(row.get("realStatus") or row.get("status")) == TASK_COMPLETED,
            updated=_str(row.get("changedDate")),
            deadline=_str(row.get("deadline")),
            bindings=_task_bindings(row.get("ufCrmTask")),
        )
    return _crm_item_reader(section, closed_stages)(row)


def _row_reader(section: SectionSpec, closed_stages: frozenset[str]) -> Callable[[Row], ItemRef]:
    """`_item_ref` for one section, with the per-section decisions taken once, not per row."""
    if section.family is ApiFamily.CRM_ITEM:
        return _crm_item_reader(section, closed_stages)
    return lambda row: _item_ref(section, row, closed_stages)


def _crm_item_reader(
    section: SectionSpec, closed_stages: frozenset[str]
) -> Callable[[Row], ItemRef]:
    """The ItemRef of a crm.item.list row of `section` (§7.3 field names, §7.4 closedness).

    Runs once per listed row (100,000+ in a big book), so what depends only on the section
    is decided here, and the row is read without generators.
    """
    key = section.key
    rule = section.open_closed
    by_semantic = rule is OpenClosedRule.STAGE_SEMANTIC
    by_catalogue = rule is OpenClosedRule.STAGE_CATALOGUE

    def read(row: Row) -> ItemRef:
        stage = _str(row.get("stageId"))
        closed: bool | None
        if by_semantic and "closed" in row:
            closed = row.get("closed") == "Y"
        elif by_semantic:
            semantic = row.get("stageSemanticId")
            closed = semantic in ("S", "F") if semantic else None
        elif by_catalogue:
            closed = stage in closed_stages if stage else None
        else:
            closed = None
        title = row.get("title")
        if not title:
            name, last_name = row.get("name"), row.get("lastName")
            title = f"{name} {last_name}" if name and last_name else name or last_name
        contacts = row.get("contactIds")
        return ItemRef(
            section=key,
            id=as_int(row.get("id")) or 0,
            title=str(title or ""),
            owner_id=as_int(row.get("assignedById")) or 0,
            category_id=as_int(row.get("categoryId")),
            closed=closed,
            stage_id=stage,
            amount=_float(row.get("opportunity")),
            currency=_str(row.get("currencyId")),
            updated=_str(row.get("updatedTime")),
            company_id=as_int(row.get("companyId")) or None,
            contact_ids=tuple(i for i in map(as_int, contacts) if i) if contacts else (),
        )

    return read


def _task_bindings(raw: object) -> tuple[ItemKey, ...]:
    """UF_CRM_TASK values such as "D_12" or "T80_5" (hex of the SPA's entityTypeId)."""
    values = raw if isinstance(raw, list) else []
    keys = []
    for value in values:
        match = _TASK_BINDING.match(str(value))
        if match is None:
            continue
        prefix, hex_part = match["prefix"], match["hex"]
        type_id = (
            int(hex_part, 16) if prefix == "T" and hex_part else _TASK_BINDING_PREFIXES.get(prefix)
        )
        key = section_key_for_entity_type(type_id) if type_id else None
        if key is not None:
            keys.append(ItemKey(key, int(match["id"])))
    return tuple(keys)


def _timeline_type(section: SectionSpec) -> str | None:
    if section.family is not ApiFamily.CRM_ITEM or section.entity_type_id is None:
        return None
    if section.is_smart_process:
        return f"dynamic_{section.entity_type_id}"
    return _TIMELINE_TYPES.get(section.entity_type_id)


def _deadline(value: object) -> str | None:
    text = _str(value)
    # "No deadline" comes back as 9999-12-31 (§8.1).
    return None if text is None or text.startswith("9999-12-31") else text


def _float(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _update_error_code(outcome: CommandOutcome | None) -> str:
    """A failed update's error code; a legacy one's (empty, §2.3) read from its text.

    "NOT_RUN" when the portal did not run it (no outcome, or no error: halted, §4).
    """
    error = outcome.error if outcome is not None else None
    if outcome is None or error is None:
        return "NOT_RUN"
    if error.code:
        return error.code
    typed = error.to_exception(method=outcome.method, host="")
    return _LEGACY_ERROR_CODES.get(type(typed), "ERROR")


def _is_temporary(outcome: CommandOutcome) -> bool:
    code = outcome.error.code.upper() if outcome.error else ""
    return code in _TEMPORARY_CODES


def _command_error(outcome: CommandOutcome) -> GatewayError:
    code = outcome.error.code if outcome.error and outcome.error.code else "ERROR"
    return GatewayError(code, f"{outcome.method} failed: {code}")
