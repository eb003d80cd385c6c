"""Hand-written fakes for tier-1 tests: FakeCrmGateway, an in-memory portal for the domain."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

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
from desktop_handover.handover.report import Outcome, Wait
from desktop_handover.handover.sections import (
    BUILTIN_SECTIONS,
    ItemKey,
    ItemRef,
    SectionSpec,
)
from desktop_handover.handover.selection import SectionFilter

#: A webhook URL as a real one looks; tests check it never reaches the journal or a report.
FAKE_WEBHOOK_URL = "https://acme.bitrix24.pl/rest/1/s3cr3tw3bh00kt0k3n/"


@dataclass
class Call:
    """One recorded gateway call."""

    method: str
    section: str | None = None
    from_user: int | None = None
    to_user: int | None = None
    ids: tuple[int, ...] = ()
    options: ReassignOptions | None = None


@dataclass
class FakeCrmGateway:
    """A realistic in-memory portal implementing ports.CrmGateway.

    It really moves items, enforces the guard (an item not owned by `from_user` is skipped
    and reported with its current owner, never overwritten), and records every call (a
    reassign request as one Call per group, and its groups' sizes in `request_sizes`). Tests
    script trouble through the public attributes:

    * `fail_items`: (section, id) → error code: the update is refused (FAILED);
    * `temporary_items`: (section, id) → how many times its update meets a temporary error
      (answered PENDING with a code, not applied) before it goes through;
    * `lost_replies`: reassign call (request) numbers, 1-based, that apply, then answer
      UNKNOWN;
    * `unapplied_unknown`: reassign call numbers that apply nothing and answer UNKNOWN;
    * `raise_before` / `raise_after`: reassign call numbers that raise GatewayError before
      applying anything / after applying everything (the reply lost on the wire);
    * `before_reassign`: called once per reassign request with (gateway, request number,
      the groups' section keys, the groups) before the guards, to make concurrent edits
      between the listing and the update;
    * `in_flight`: awaited inside reassign after the guard (the batch is "on the wire"), to
      cancel a run at a precise point;
    * `waits`: ready() call numbers → a Wait reported to the listener;
    * `fail_comment_items`, `fail_notify`, `fail_dismiss`.
    """

    users: dict[int, UserInfo]
    webhook_user_id: int = 1
    max_batch_items: int = 49
    page_size: int = 50
    smart_processes: list[SectionSpec] = field(default_factory=list)
    items: dict[str, dict[int, ItemRef]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    comments: list[tuple[str, int, int, int]] = field(default_factory=list)
    notices: list[HandoverSummary] = field(default_factory=list)
    applied: Counter[ItemKey] = field(default_factory=Counter)
    fail_items: dict[tuple[str, int], str] = field(default_factory=dict)
    temporary_items: dict[tuple[str, int], int] = field(default_factory=dict)
    request_sizes: list[tuple[int, ...]] = field(default_factory=list)
    ready_requests: list[tuple[ReassignGroup, ...]] = field(default_factory=list)
    lost_replies: set[int] = field(default_factory=set)
    unapplied_unknown: set[int] = field(default_factory=set)
    raise_before: set[int] = field(default_factory=set)
    raise_after: set[int] = field(default_factory=set)
    before_reassign: (
        Callable[[FakeCrmGateway, int, tuple[str, ...], Sequence[ReassignGroup]], None] | None
    ) = None
    in_flight: Callable[[int], Awaitable[None]] | None = None
    waits: dict[int, Wait] = field(default_factory=dict)
    fail_comment_items: set[tuple[str, int]] = field(default_factory=set)
    fail_notify: bool = False
    fail_dismiss: bool = False
    webhook_url: str = FAKE_WEBHOOK_URL
    reassign_count: int = 0
    ready_count: int = 0
    _listener: WaitListener | None = None

    # --- building the portal ----------------------------------------------------------------

    def add(self, section: str, item_id: int, owner_id: int, **fields: object) -> ItemRef:
        """Put an item on the portal."""
        title = str(fields.pop("title", f"{section} #{item_id}"))
        ref = ItemRef(section=section, id=item_id, title=title, owner_id=owner_id, **fields)  # type: ignore[arg-type]
        self.items.setdefault(section, {})[item_id] = ref
        return ref

    def owner(self, section: str, item_id: int) -> int | None:
        """The current owner of an item (None if it does not exist)."""
        ref = self.items.get(section, {}).get(item_id)
        return None if ref is None else ref.owner_id

    def set_owner(self, section: str, item_id: int, owner_id: int) -> None:
        """Someone else changes an item's owner (a concurrent edit)."""
        ref = self.items[section][item_id]
        self.items[section][item_id] = dataclasses.replace(ref, owner_id=owner_id)

    def delete(self, section: str, item_id: int) -> None:
        """Someone deletes an item."""
        del self.items[section][item_id]

    def owners(self) -> dict[ItemKey, int]:
        """Every item's owner: compare snapshots to see exactly what changed."""
        return {
            ItemKey(section, item_id): ref.owner_id
            for section, items in self.items.items()
            for item_id, ref in items.items()
        }

    def reassign_calls(self) -> list[Call]:
        """The recorded reassign calls."""
        return [c for c in self.calls if c.method == "reassign"]

    def sections(self) -> list[SectionSpec]:
        """Built-in sections plus the smart processes."""
        return [*BUILTIN_SECTIONS, *self.smart_processes]

    # --- ports.CrmGateway -------------------------------------------------------------------

    def set_wait_listener(self, listener: WaitListener | None) -> None:
        self._listener = listener

    async def ready(
        self, request: Sequence[ReassignGroup] = (), options: ReassignOptions | None = None
    ) -> None:
        self.ready_count += 1
        self.ready_requests.append(tuple(request))
        wait = self.waits.get(self.ready_count)
        if wait is not None and self._listener is not None:
            self._listener(wait)

    async def current_user(self) -> UserInfo:
        self.calls.append(Call("current_user"))
        return self.users[self.webhook_user_id]

    async def list_users(self) -> Sequence[UserInfo]:
        self.calls.append(Call("list_users"))
        return list(self.users.values())

    async def discover_sections(self) -> Sequence[SectionSpec]:
        self.calls.append(Call("discover_sections"))
        return list(self.smart_processes)

    async def count_owned(
        self, user_id: int, sections: Sequence[SectionSpec]
    ) -> Mapping[str, int]:
        self.calls.append(Call("count_owned", from_user=user_id))
        return {
            s.key: sum(1 for r in self.items.get(s.key, {}).values() if r.owner_id == user_id)
            for s in sections
        }

    async def list_items(
        self,
        section: SectionSpec,
        owner_id: int,
        section_filter: SectionFilter,
        *,
        after_id: int = 0,
    ) -> AsyncIterator[Sequence[ItemRef]]:
        cursor = after_id
        while True:
            # Re-read the live state for every page, like a ">id" cursor on a real portal.
            self.calls.append(Call("list_items", section.key, from_user=owner_id))
            page = sorted(
                (
                    r
                    for r in self.items.get(section.key, {}).values()
                    if r.id > cursor and r.owner_id == owner_id and section_filter.matches(r)
                ),
                key=lambda r: r.id,
            )[: self.page_size]
            if page:
                yield page
                cursor = page[-1].id
            if len(page) < self.page_size:
                return

    async def list_many(
        self, requests: Sequence[tuple[SectionSpec, int, SectionFilter]]
    ) -> Sequence[Sequence[ItemRef]]:
        listed = []
        for section, owner_id, section_filter in requests:
            items: list[ItemRef] = []
            async for page in self.list_items(section, owner_id, section_filter):
                items.extend(page)
            listed.append(items)
        return listed

    async def first_pages(
        self, requests: Sequence[tuple[SectionSpec, int, SectionFilter]]
    ) -> Sequence[FirstPage]:
        keys = ",".join(section.key for section, _, _ in requests)
        self.calls.append(Call("first_pages", keys))
        pages = []
        for section, owner_id, section_filter in requests:
            page = sorted(
                (
                    r
                    for r in self.items.get(section.key, {}).values()
                    if r.owner_id == owner_id and section_filter.matches(r)
                ),
                key=lambda r: r.id,
            )[: self.page_size]
            pages.append(FirstPage(page, complete=len(page) < self.page_size))
        return pages

    async def owners_of(self, section: SectionSpec, ids: Sequence[int]) -> Mapping[int, int]:
        self.calls.append(Call("owners_of", section.key, ids=tuple(ids)))
        found = self.items.get(section.key, {})
        return {i: found[i].owner_id for i in ids if i in found}

    async def owners_many(
        self, requests: Sequence[tuple[SectionSpec, Sequence[int]]]
    ) -> Sequence[Mapping[int, int]]:
        return [await self.owners_of(section, ids) for section, ids in requests]

    async def reassign(
        self, groups: Sequence[ReassignGroup], options: ReassignOptions
    ) -> Sequence[Sequence[ItemOutcome]]:
        self.reassign_count += 1
        n = self.reassign_count
        # The contract the engine must keep.
        assert groups
        assert sum(1 + len(g.ids) for g in groups) <= self.max_batch_items + 1, groups
        seen = [(g.section.key, i) for g in groups for i in g.ids]
        assert len(set(seen)) == len(seen)
        self.request_sizes.append(tuple(len(g.ids) for g in groups))
        for g in groups:
            assert g.ids
            assert g.from_user != g.to_user
            self.calls.append(
                Call("reassign", g.section.key, g.from_user, g.to_user, tuple(g.ids), options)
            )
        if self.before_reassign is not None:
            self.before_reassign(self, n, tuple(g.section.key for g in groups), groups)
        if n in self.raise_before:
            raise GatewayError("NETWORK_ERROR", "connection reset")
        if n in self.unapplied_unknown:
            return [[ItemOutcome(i, Outcome.UNKNOWN) for i in g.ids] for g in groups]
        replies = [self._apply(g) for g in groups]
        if self.in_flight is not None:
            await self.in_flight(n)
        if n in self.raise_after:
            raise GatewayError("NETWORK_ERROR", "read timeout")
        if n in self.lost_replies:
            return [[ItemOutcome(i, Outcome.UNKNOWN) for i in g.ids] for g in groups]
        return replies

    def _apply(self, group: ReassignGroup) -> list[ItemOutcome]:
        """One guarded group: move what `from_user` still owns, report the rest."""
        key = group.section.key
        outcomes = []
        found = self.items.setdefault(key, {})
        for item_id in group.ids:
            ref = found.get(item_id)
            if ref is None:
                outcomes.append(ItemOutcome(item_id, Outcome.SKIPPED_NOT_FOUND))
            elif ref.owner_id != group.from_user:
                outcomes.append(
                    ItemOutcome(
                        item_id, Outcome.SKIPPED_MOVED_MEANWHILE, current_owner=ref.owner_id
                    )
                )
            elif (key, item_id) in self.fail_items:
                code = self.fail_items[(key, item_id)]
                outcomes.append(ItemOutcome(item_id, Outcome.FAILED, error=code))
            elif self.temporary_items.get((key, item_id), 0) > 0:
                self.temporary_items[(key, item_id)] -= 1
                outcomes.append(
                    ItemOutcome(item_id, Outcome.PENDING, error="QUERY_LIMIT_EXCEEDED")
                )
            else:
                found[item_id] = dataclasses.replace(ref, owner_id=group.to_user)
                self.applied[ItemKey(key, item_id)] += 1
                outcomes.append(ItemOutcome(item_id, Outcome.DONE))
        return outcomes

    async def add_comments(
        self, section: SectionSpec, from_user: int, to_user: int, ids: Sequence[int]
    ) -> Sequence[ItemOutcome]:
        self.calls.append(Call("add_comments", section.key, from_user, to_user, tuple(ids)))
        assert 0 < len(ids) <= self.max_batch_items
        outcomes = []
        for item_id in ids:
            if (section.key, item_id) in self.fail_comment_items:
                outcomes.append(ItemOutcome(item_id, Outcome.FAILED, error="ACCESS_DENIED"))
            else:
                self.comments.append((section.key, item_id, from_user, to_user))
                outcomes.append(ItemOutcome(item_id, Outcome.DONE))
        return outcomes

    async def notify(self, summary: HandoverSummary) -> None:
        self.calls.append(Call("notify", to_user=summary.successor_id))
        if self.fail_notify:
            raise GatewayError("NETWORK_ERROR")
        self.notices.append(summary)

    async def dismiss_user(self, user_id: int) -> None:
        self.calls.append(Call("dismiss_user", from_user=user_id))
        if self.fail_dismiss:
            raise GatewayError("ACCESS_DENIED")
        self.users[user_id] = dataclasses.replace(self.users[user_id], active=False)
