"""list_many against the emulator: every row of every listing once, in the packed request count.

Several keyset listings share batches (§3 fast full scan, §4 batch): the claim checked here is
that after a first batch shared evenly, the counts make every later batch full, so a set of
listings costs 1 + ⌈Σ pages still needed after the first batch / 50⌉ requests.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import BitrixError
from desktop_handover.bitrix.listing import ListRequest, ListSpec
from desktop_handover.bitrix.ratelimit import BudgetLimits, RateLimits, RetryPolicy
from desktop_handover.bitrix.types import Progress
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import FaultSpec
from desktop_handover.emulator.state import DEAL, LEAD, Activity, CrmItem, Portal, Task
from desktop_handover.emulator.transport import EmulatorTransport
from tests.bitrix.fakes import FakeClock
from tests.contract.conftest import EmulatorSleep, make_emulator
from tests.contract.portals import (
    ADMIN,
    COLLEAGUE,
    DEPARTING,
    LIMITED,
    LIMITED_SECRET,
    SUCCESSOR,
    build,
    webhook_url,
)

pytestmark = pytest.mark.asyncio

#: The size of the W1 benchmark's ten sections of one departing user.
W1_SIZES = (642, 800, 2_778, 273, 160, 255, 219, 60, 2_103, 518)

OWNER_KEY = {
    "crm.item.list": "assignedById",
    "tasks.task.list": "RESPONSIBLE_ID",
    "crm.activity.list": "RESPONSIBLE_ID",
}


@dataclass(frozen=True)
class Section:
    """One listing of a test: a family (by name), an owner and how many rows it owns."""

    kind: str  # "deal", "lead", "legacy-deal", "activity", "task"
    owner: int
    size: int

    @property
    def spec(self) -> ListSpec:
        return {
            "deal": ListSpec.crm_items(DEAL),
            "lead": ListSpec.crm_items(LEAD),
            "legacy-deal": ListSpec.legacy_crm("crm.deal.list"),
            "activity": ListSpec.activities(),
            "task": ListSpec.tasks(),
        }[self.kind]

    def request(self, after_id: int = 0) -> ListRequest:
        spec = self.spec
        return ListRequest(
            spec, {OWNER_KEY.get(spec.method, "ASSIGNED_BY_ID"): self.owner}, after_id=after_id
        )


def portal_with(sections: Sequence[Section], seed: int = 0, noise: float = 0.3) -> Portal:
    """A portal whose records of each table belong to the sections' owners, interleaved.

    A share `noise` of extra records belongs to the colleague, so one owner's ids have gaps.
    `legacy-deal` sections list the deals of a `deal` section and add no records.
    """
    portal, _ = build(deals=0, small_kinds=0)
    rng = random.Random(seed)
    tables: dict[str, list[int]] = {}
    for section in sections:
        if section.kind == "legacy-deal":
            continue
        tables.setdefault(section.kind, []).extend([section.owner] * section.size)
    for kind, listed in tables.items():
        owners = listed + [COLLEAGUE] * int(len(listed) * noise)
        rng.shuffle(owners)
        for record_id, owner in enumerate(owners, start=1):
            if kind in ("deal", "lead"):
                entity = DEAL if kind == "deal" else LEAD
                portal.add_item(CrmItem(entity, record_id, owner, title=f"{kind} {record_id}"))
            elif kind == "activity":
                portal.add_activity(Activity(record_id, DEAL, 1, owner, f"Call {record_id}"))
            else:
                portal.add_task(Task(record_id, f"Task {record_id}", owner, ADMIN))
    return portal


def client_for(
    emulator: Emulator,
    clock: FakeClock,
    *,
    secret: str | None = None,
    user: int = ADMIN,
    **kw: object,
) -> BitrixClient:
    """A client without pacing waits worth speaking of: the tests count requests, not time."""
    args: dict[str, object] = {
        "limits": RateLimits(burst=10_000, per_second=1_000),
        "budget": BudgetLimits(seconds=1e9),
        "retry": RetryPolicy(base=0.5, cap=8, budget=10_000, per_request=8),
        **kw,
    }
    args.setdefault("transport", EmulatorTransport(emulator, sleep=EmulatorSleep(clock)))
    url = webhook_url(secret, user) if secret else webhook_url()
    return BitrixClient.from_webhook(
        url,
        clock=clock,
        sleep=clock.sleep,
        **args,
    )


def packed_requests(sizes: Sequence[int], slots: int = 50) -> int:
    """The request count claimed for fresh listings of `sizes` rows (no faults, no edits).

    A listing of n rows needs n // 50 + 1 pages (the last one short, possibly empty). The
    first batch gives each of the L listings slots // L pages (the first slots % L one more);
    every later batch is full, so the rest costs ⌈Σ pages still needed / slots⌉.
    """
    each, extra = divmod(slots, len(sizes))
    first = [each + (1 if i < extra else 0) for i in range(len(sizes))]
    left = sum(max(0, n // 50 + 1 - f) for n, f in zip(sizes, first, strict=True))
    return 1 + math.ceil(left / slots)


def owned_ids(portal: Portal, section: Section) -> list[int]:
    if section.kind in ("deal", "legacy-deal", "lead"):
        table = portal.table(DEAL if section.kind != "lead" else LEAD)
        return sorted(i for i, r in table.rows.items() if r.assigned_by_id == section.owner)
    rows: Mapping[int, Activity | Task] = (
        portal.activities.rows if section.kind == "activity" else portal.tasks.rows
    )
    return sorted(i for i, r in rows.items() if r.responsible_id == section.owner)


MIXED = (
    Section("deal", DEPARTING, 2_600),  # more than one batch of 50 pages on its own
    Section("deal", SUCCESSOR, 50),  # exactly one full page: the proof page is empty
    Section("legacy-deal", SUCCESSOR, 50),  # the same rows through crm.deal.list
    Section("lead", DEPARTING, 100),  # exactly two full pages
    Section("lead", SUCCESSOR, 0),  # empty
    Section("activity", DEPARTING, 173),
    Section("task", DEPARTING, 61),
    Section("task", SUCCESSOR, 49),
)


async def test_each_listing_equals_list_pages_in_the_packed_request_count() -> None:
    portal = portal_with(MIXED)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in MIXED])
    packed = emulator.stats()["http_requests"]
    assert client.stats.requests == packed
    assert client.stats.items == sum(s.size for s in MIXED)
    one_by_one = 0
    async with client_for(emulator, clock) as client:
        for section, result in zip(MIXED, results, strict=True):
            spec = section.spec
            before = emulator.stats()["http_requests"]
            expected = [
                r
                async for p in client.list_pages(spec, filter=section.request().filter)
                for r in p.rows
            ]
            one_by_one += emulator.stats()["http_requests"] - before
            assert list(result.rows) == expected, section
            ids = [spec.row_id(r) for r in result.rows]
            assert ids == owned_ids(portal, section)
            assert len(ids) == section.size
            assert result.total == section.size
    assert packed == packed_requests([s.size for s in MIXED])
    assert packed == 2
    assert one_by_one == 9


async def test_w1_sections_cost_four_requests_instead_of_eleven() -> None:
    # W1 of the benchmark: ten sections of one user (here ten owners' deals of those sizes).
    sections = [Section("deal", 10 + i, n) for i, n in enumerate(W1_SIZES)]
    portal = portal_with(sections, noise=0.0)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in sections])
    assert emulator.stats()["http_requests"] == packed_requests(W1_SIZES) == 4
    for section, result in zip(sections, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)
    one_by_one = sum(math.ceil((n // 50 + 1) / 50) for n in W1_SIZES)
    assert one_by_one == 11  # what list_pages costs, one listing at a time


async def test_after_id_resumes_each_listing_and_counts_only_what_is_left() -> None:
    sections = (Section("deal", DEPARTING, 300), Section("task", DEPARTING, 80))
    portal = portal_with(sections)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    cut = [owned_ids(portal, s)[s.size // 3] for s in sections]
    async with client_for(emulator, clock) as client:
        results = await client.list_many(
            [s.request(c) for s, c in zip(sections, cut, strict=True)]
        )
    for section, after, result in zip(sections, cut, results, strict=True):
        expected = [i for i in owned_ids(portal, section) if i > after]
        assert [section.spec.row_id(r) for r in result.rows] == expected
        assert result.total == len(expected)


async def test_the_same_listing_twice_and_no_listing_at_all() -> None:
    section = Section("deal", DEPARTING, 120)
    portal = portal_with([section])
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        assert await client.list_many([]) == []
        assert emulator.stats()["http_requests"] == 0
        twice = await client.list_many([section.request(), section.request()])
    assert twice[0] == twice[1]
    assert [section.spec.row_id(r) for r in twice[0].rows] == owned_ids(portal, section)


@pytest.mark.parametrize("literal", [False, True], ids=["deepest-part", "literal"])
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_failed_pages_are_sent_again_and_junk_is_never_read(
    literal: bool, seed: int
) -> None:
    # item_error: a command fails with INTERNAL_SERVER_ERROR before it acts; the pages
    # chained behind it filter on a reference to nothing (§3 caveat [inferred]: the deepest
    # existing part or literal text), and the batch goes on (halt=0).
    portal = portal_with(MIXED, seed=seed)
    clock = FakeClock()
    emulator = make_emulator(
        portal,
        clock,
        operating_limit=1e9,
        faults=FaultSpec.parse("item_error=0.2"),
        fault_seed=seed,
        switches={"batch_missing_path_literal": literal},
    )
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in MIXED])
        assert client.stats.retries > 0
    for section, result in zip(MIXED, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)
        assert result.total == section.size


async def test_counting_off_lists_the_same_rows() -> None:
    portal = portal_with(MIXED)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in MIXED], count=False)
    for section, result in zip(MIXED, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)
        assert result.total is None


async def test_a_small_batch_cap_packs_every_batch_to_the_cap() -> None:
    sections = [Section("deal", 10 + i, n) for i, n in enumerate((0, 50, 100, 333, 49, 251))]
    portal = portal_with(sections)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in sections], pages_per_batch=7)
    assert emulator.stats()["http_requests"] == packed_requests([s.size for s in sections], 7)
    for section, result in zip(sections, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)


async def test_more_listings_than_a_batch_holds_take_turns() -> None:
    sizes = [(i * 7) % 61 for i in range(55)]  # 55 listings of 0..60 rows
    sections = [Section("deal", 10 + i, n) for i, n in enumerate(sizes)]
    portal = portal_with(sections)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in sections])
    for section, result in zip(sections, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)
        assert result.total == section.size
    # 50 listings get their counting page first, the other 5 wait; the 55 + 10 pages (ten
    # listings of 50+ rows need a second page) fit in two batches.
    assert sum(n // 50 + 1 for n in sizes) == 65
    assert emulator.stats()["http_requests"] == 2


async def test_offset_families_and_id_filters_are_refused_before_any_request() -> None:
    portal = portal_with(MIXED[:1])
    clock = FakeClock()
    emulator = make_emulator(portal, clock)
    async with client_for(emulator, clock) as client:
        with pytest.raises(ValueError, match="list_pages"):
            await client.list_many([MIXED[0].request(), ListRequest(ListSpec.users())])
        with pytest.raises(ValueError, match="cursor"):
            await client.list_many(
                [ListRequest(ListSpec.crm_items(DEAL), {">id": 5, "assignedById": 2})]
            )
    assert emulator.stats()["http_requests"] == 0


async def test_a_permanent_error_raises_what_list_pages_raises() -> None:
    # The limited webhook has no `task` scope: tasks.task.list fails inside the batch.
    sections = (Section("deal", DEPARTING, 70), Section("task", DEPARTING, 10))
    portal = portal_with(sections)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock, secret=LIMITED_SECRET, user=LIMITED) as client:
        with pytest.raises(BitrixError) as from_pages:
            async for _ in client.list_pages(
                ListSpec.tasks(), filter=sections[1].request().filter
            ):
                pass
        with pytest.raises(BitrixError) as from_many:
            await client.list_many([s.request() for s in sections])
    assert type(from_many.value) is type(from_pages.value)
    assert from_many.value.code == from_pages.value.code == "insufficient_scope"


class Mover:
    """Between requests, hands random records of the listed tables to random owners."""

    def __init__(self, portal: Portal, seed: int, per_request: int = 8) -> None:
        self.portal = portal
        self.rng = random.Random(seed)
        self.per_request = per_request
        self.touched: dict[str, set[int]] = {"deal": set(), "task": set()}
        self.ever: dict[tuple[str, int], set[int]] = {}

    def note(self, kind: str, owner: int, ids: Sequence[int]) -> None:
        self.ever.setdefault((kind, owner), set()).update(ids)

    def __call__(self, event: Progress) -> None:
        if event.wait_reason is not None:
            return
        for _ in range(self.per_request):
            target = self.rng.choice([DEPARTING, SUCCESSOR, COLLEAGUE])
            if self.rng.random() < 0.5:
                deal = self.rng.choice(list(self.portal.table(DEAL).rows.values()))
                self.portal.reassign_item(deal, target)
                self.touched["deal"].add(deal.id)
                self.note("deal", target, [deal.id])
            else:
                task = self.rng.choice(list(self.portal.tasks.rows.values()))
                self.portal.reassign_task(task, target)
                self.touched["task"].add(task.id)
                self.note("task", target, [task.id])


@pytest.mark.parametrize("seed", [4, 5])
async def test_moves_during_the_listing_never_skip_or_repeat_a_row_that_kept_its_owner(
    seed: int,
) -> None:
    sections = (
        Section("deal", DEPARTING, 420),
        Section("deal", SUCCESSOR, 130),
        Section("task", DEPARTING, 260),
        Section("task", SUCCESSOR, 50),
    )
    portal = portal_with(sections, seed=seed)
    clock = FakeClock()
    # concurrent_edit: a colleague takes records the client has just listed.
    emulator = make_emulator(
        portal,
        clock,
        operating_limit=1e9,
        faults=FaultSpec.parse("concurrent_edit=0.2"),
        fault_seed=seed,
    )
    mover = Mover(portal, seed)
    at_start = {s: owned_ids(portal, s) for s in sections}
    for section in sections:
        mover.note(section.kind, section.owner, at_start[section])
    # A small cap makes several rounds, so moves land between the pages of each listing.
    async with client_for(emulator, clock, progress=mover) as client:
        results = await client.list_many([s.request() for s in sections], pages_per_batch=6)
    assert emulator.stats()["http_requests"] >= 4
    assert emulator.concurrent_edits
    taken: set[tuple[str, int]] = set()
    for kind, record, _, colleague in emulator.concurrent_edits:
        name = "deal" if kind == str(DEAL) else kind
        taken.add((name, record))
        mover.note(name, colleague, [record])
    for section, result in zip(sections, results, strict=True):
        ids = [section.spec.row_id(r) for r in result.rows]
        assert ids == sorted(set(ids))  # ascending, nothing twice
        touched = mover.touched[section.kind] | {
            record for kind, record in taken if kind == section.kind
        }
        kept = [i for i in at_start[section] if i not in touched]
        assert set(kept) <= set(ids)  # nothing that kept its owner was skipped
        assert set(ids) <= mover.ever[(section.kind, section.owner)]  # nothing that never matched


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(
        st.one_of(st.sampled_from([0, 1, 49, 50, 51, 99, 100, 101, 150]), st.integers(0, 400)),
        min_size=1,
        max_size=6,
    ),
    cap=st.integers(2, 12),
)
async def test_any_sizes_list_exactly_in_the_packed_count(sizes: list[int], cap: int) -> None:
    sections = [Section("deal", 10 + i, n) for i, n in enumerate(sizes)]
    portal = portal_with(sections)
    clock = FakeClock()
    emulator = make_emulator(portal, clock, operating_limit=1e9)
    async with client_for(emulator, clock) as client:
        results = await client.list_many([s.request() for s in sections], pages_per_batch=cap)
    for section, result in zip(sections, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)
        assert result.total == section.size
    if len(sizes) <= cap:
        assert emulator.stats()["http_requests"] == packed_requests(sizes, cap)


class RecordingTransport(httpx.AsyncBaseTransport):
    """The emulator's in-process door, noting which methods each batch request carried."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: FakeClock) -> None:
        self.inner = inner
        self.clock = clock
        self.batches: list[tuple[float, set[str]]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content or b"{}")
        commands = body.get("cmd", {}) if isinstance(body, dict) else {}
        methods = {str(c).split("?", 1)[0] for c in commands.values()}
        self.batches.append((self.clock(), methods))
        return await self.inner.handle_async_request(request)


async def test_a_method_out_of_time_budget_waits_while_the_others_go_on() -> None:
    # §5.2: tasks.task.list's budget runs out mid-listing; its pages fail inside the batch
    # with OPERATION_TIME_LIMIT. The client blocks that method and lists the deals meanwhile
    # instead of holding every listing back until the budget recovers.
    sections = (Section("task", DEPARTING, 600), Section("deal", DEPARTING, 1_000))
    portal = portal_with(sections)
    clock = FakeClock()
    emulator = make_emulator(
        portal, clock, operating_limit=60.0, costs={"tasks.task.list": 8.0, "crm.item.list": 0.5}
    )
    start = clock()
    recorder = RecordingTransport(EmulatorTransport(emulator, sleep=EmulatorSleep(clock)), clock)
    async with client_for(emulator, clock, transport=recorder) as client:
        results = await client.list_many([s.request() for s in sections], pages_per_batch=10)
        assert client.stats.rejected_429 > 0
    for section, result in zip(sections, results, strict=True):
        assert [section.spec.row_id(r) for r in result.rows] == owned_ids(portal, section)
    deals_done = max(t for t, methods in recorder.batches if "crm.item.list" in methods)
    tasks_done = max(t for t, methods in recorder.batches if "tasks.task.list" in methods)
    # The deals went on alone while tasks.task.list was blocked, and were done before it
    # could go on: they never waited for another method's budget.
    assert deals_done < tasks_done
    assert tasks_done - start >= 60.0
