"""The domain's contract with the outside world: the CrmGateway Protocol and its value types.

`services/gateway.py` implements CrmGateway with the REST client; `tests/fakes.py` implements it
in memory. Nothing here knows a wire name: the gateway maps assignedById, RESPONSIBLE_ID,
UF_CRM_TASK and friends to the snake_case values below.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from desktop_handover.handover.report import Outcome, Progress, Wait
from desktop_handover.handover.sections import ItemRef, SectionSpec
from desktop_handover.handover.selection import SectionFilter

#: Receives every progress event of a run (style.md §5). Called on the event loop; keep it quick.
ProgressCallback = Callable[[Progress], None]

#: Receives the gateway's pauses as they begin (rate limit, time budget, retry back-off).
WaitListener = Callable[[Wait], None]

#: The pacing model: seconds needed to send this many HTTP requests (the client exposes one).
Pacing = Callable[[int], float]


@dataclass(frozen=True, slots=True)
class UserInfo:
    """An employee as pickers and plan checks need them (user.get, §6.1).

    Attributes:
        id: the user id.
        name: display name (portal text).
        active: False for a dismissed employee.
        position: WORK_POSITION (portal text).
        departments: department names (portal text).
    """

    id: int
    name: str
    active: bool
    position: str = ""
    departments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReassignOptions:
    """How the gateway sends reassignments.

    Attributes:
        register_events: False sends REGISTER_SONET_EVENT=N where the method accepts it
            (legacy lead/deal/contact/company/quote updates, §7.6), so those changes make no
            live-feed post; other sections have no such switch.
    """

    register_events: bool = True


@dataclass(frozen=True, slots=True)
class ReassignGroup:
    """Ids of one section going from one owner to another: one guard's worth of a request.

    Attributes:
        section: the section the ids belong to.
        from_user: the owner the items must still have to be moved (the guard's filter).
        to_user: the new owner.
        ids: distinct ids, ascending.
    """

    section: SectionSpec
    from_user: int
    to_user: int
    ids: Sequence[int]


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """The gateway's answer for one id of a reassign or add_comments call.

    Attributes:
        item_id: the id it is about.
        outcome: DONE, SKIPPED_MOVED_MEANWHILE, SKIPPED_NOT_FOUND, FAILED or UNKNOWN; and, from
            reassign only, PENDING: certainly not applied because the portal answered with a
            temporary error (`error` holds its code), so the engine sends it again.
        error: the portal's error code for FAILED (a code such as "ACCESS_DENIED", never a
            message with a URL in it).
        current_owner: for SKIPPED_MOVED_MEANWHILE, who owns the item now, when known.
    """

    item_id: int
    outcome: Outcome
    error: str | None = None
    current_owner: int | None = None


@dataclass(frozen=True, slots=True)
class HandoverSummary:
    """The one summary message a successor receives instead of one notice per item.

    The gateway words it (in the portal's language) from these facts; the domain holds no
    sentences.

    Attributes:
        successor_id: who receives the message.
        departing_user_id: whose items they received.
        counts: per section key, how many items they received.
    """

    successor_id: int
    departing_user_id: int
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The first page of one listing, for callers that expect it to be short (residue checks).

    Attributes:
        items: the page's items, ids ascending.
        complete: True when the page holds every matching item (it came back short); False
            means there may be more, so list the section in full with `list_items`.
    """

    items: Sequence[ItemRef]
    complete: bool


class GatewayError(Exception):
    """A whole gateway call failed after the client's own retries (network down, auth lost).

    For reassign and add_comments this means the call's effect is unknown: the engine marks
    the batch UNKNOWN, stops the run as interrupted, and resume settles it by re-reading owners.
    The message and `code` never contain the webhook URL or secret.
    """

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


class CrmGateway(Protocol):
    """What the handover engine needs from a Bitrix24 portal.

    Rules every implementation keeps:
      * One request stream: calls are awaited one at a time; the gateway paces them itself and
        reports every pause to the wait listener before it sleeps.
      * `CancelledError` passes through untouched.
      * Ids are ints; ItemRef values carry no wire names.
    """

    @property
    def max_batch_items(self) -> int:
        """The most ids one request carries: 49 on Bitrix24 (50 commands, one is a guard).

        A reassign request holds `max_batch_items + 1` commands: each group in it costs one
        guard plus one per id, so one group alone can carry `max_batch_items` ids.
        """
        ...

    def set_wait_listener(self, listener: WaitListener | None) -> None:
        """Register (or with None remove) the callable told about each pause before it starts."""
        ...

    async def ready(
        self, request: Sequence[ReassignGroup] = (), options: ReassignOptions | None = None
    ) -> None:
        """Wait until the portal's pace lets the next request go without waiting.

        Does not use up the slot; it only moves the pacing wait out of the send, so that the
        engine can cancel during the wait with nothing in flight (style.md §5: shield the send,
        not the wait before it). When the next request is a reassign of `request` (sent with
        `options`), the wait covers the time budgets of the methods it will call too (§5.2:
        they can take minutes). Reports the wait to the listener. May return at once.
        """
        ...

    async def current_user(self) -> UserInfo:
        """The user the webhook acts as (user.current); a plan must not dismiss them (§1.1)."""
        ...

    async def list_users(self) -> Sequence[UserInfo]:
        """Every real user, active and dismissed (user.get without ACTIVE, §6.1)."""
        ...

    async def discover_sections(self) -> Sequence[SectionSpec]:
        """The portal's smart processes as sections (crm.type.list, §7.1); built-ins excluded."""
        ...

    async def count_owned(
        self, user_id: int, sections: Sequence[SectionSpec]
    ) -> Mapping[str, int]:
        """Per section key, how many items `user_id` is responsible for (all filters)."""
        ...

    def list_items(
        self,
        section: SectionSpec,
        owner_id: int,
        section_filter: SectionFilter,
        *,
        after_id: int = 0,
    ) -> AsyncIterator[Sequence[ItemRef]]:
        """Pages of the items `owner_id` owns in `section` that pass `section_filter`.

        Walks an ascending ">id" cursor starting after `after_id` (never offsets: updates
        move rows out of the filter, §3), so ids come strictly ascending across pages. Page
        size is the gateway's choice (up to 2,500 per HTTP request with chained batches).
        """
        ...

    async def list_many(
        self, requests: Sequence[tuple[SectionSpec, int, SectionFilter]]
    ) -> Sequence[Sequence[ItemRef]]:
        """Every item of each (section, owner, filter) listing, ids ascending, in order.

        Each listing has what `list_items` yields for the same arguments, all pages joined.
        The REST gateway packs the pages of all listings into shared batches, so listing ten
        sections costs about ⌈Σ pages / 50⌉ requests rather than one listing at a time.
        """
        ...

    async def first_pages(
        self, requests: Sequence[tuple[SectionSpec, int, SectionFilter]]
    ) -> Sequence[FirstPage]:
        """The first page of each (section, owner, filter) listing, in order, in one go.

        Each page has what `list_items` would yield first for the same arguments. The REST
        gateway sends one list command per listing, all in one batch (up to 50 per HTTP
        request), so checking many sections that are usually empty costs one request.
        """
        ...

    async def owners_of(self, section: SectionSpec, ids: Sequence[int]) -> Mapping[int, int]:
        """The current owner of each id; ids missing from the result do not exist (any more).

        Used to settle UNKNOWN and in-flight items on resume, undo and verification.
        """
        ...

    async def owners_many(
        self, requests: Sequence[tuple[SectionSpec, Sequence[int]]]
    ) -> Sequence[Mapping[int, int]]:
        """`owners_of` for several sections at once, in order (one batch with REST)."""
        ...

    async def reassign(
        self, groups: Sequence[ReassignGroup], options: ReassignOptions
    ) -> Sequence[Sequence[ItemOutcome]]:
        """Move each group's ids to its `to_user`, but only those still owned by `from_user`.

        All groups go in one request: Σ (1 + len(ids)) ≤ `max_batch_items` + 1, and no id
        appears twice in one section. The check and the updates must be atomic per group as
        far as the portal allows (the REST gateway sends one batch: per group a guard listing
        the ids still owned by `from_user`, then updates that take their ids from that guard's
        result), so an item someone else took is never overwritten; it comes back
        SKIPPED_MOVED_MEANWHILE with its current owner when the gateway knows it, or UNKNOWN
        (the REST gateway: the guard only says "not the old owner's"), which the engine
        settles by re-reading owners.

        Returns:
            Per group, in order, one ItemOutcome per id: DONE, SKIPPED_*, FAILED with a code,
            PENDING with a code when a temporary error means it was not applied (send it
            again), or UNKNOWN when that command's reply is missing. The engine treats any id
            without an outcome as UNKNOWN.

        Raises:
            GatewayError: the call as a whole failed; its effect is unknown.
        """
        ...

    async def add_comments(
        self, section: SectionSpec, from_user: int, to_user: int, ids: Sequence[int]
    ) -> Sequence[ItemOutcome]:
        """Add a timeline note "handed over from `from_user` to `to_user`" to each id (§10.1).

        The gateway words the note. At most `max_batch_items` ids. Sections without a
        timeline (tasks) answer DONE without writing.

        Raises:
            GatewayError: the call as a whole failed.
        """
        ...

    async def notify(self, summary: HandoverSummary) -> None:
        """Send one summary message to `summary.successor_id`.

        Raises:
            GatewayError: not sent.
        """
        ...

    async def dismiss_user(self, user_id: int) -> None:
        """Dismiss `user_id` (user.update ACTIVE=N, §6.3).

        Raises:
            GatewayError: not dismissed (for example the webhook lacks the `user` scope).
        """
        ...
