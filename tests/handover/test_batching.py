"""Packing guarded groups into requests (handover/batching.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_handover.handover.batching import (
    GroupKey,
    PackedGroup,
    count_requests,
    queue_of,
    take_batch,
)

DEALS_TO_7 = GroupKey("deals", 41, 7)
DEALS_TO_8 = GroupKey("deals", 41, 8)
LEADS_TO_7 = GroupKey("leads", 41, 7)


def test_one_group_fills_a_request_with_its_guard() -> None:
    queue = queue_of([(DEALS_TO_7, range(1, 101))])
    first = take_batch(queue, 50)
    assert first == [PackedGroup(DEALS_TO_7, tuple(range(1, 50)))]
    assert len(queue) == 51


def test_groups_share_a_request_each_with_its_own_guard() -> None:
    queue = queue_of([(DEALS_TO_7, [3, 1, 2]), (DEALS_TO_8, [4]), (LEADS_TO_7, [5, 6])])
    assert take_batch(queue, 50) == [
        PackedGroup(DEALS_TO_7, (1, 2, 3)),
        PackedGroup(DEALS_TO_8, (4,)),
        PackedGroup(LEADS_TO_7, (5, 6)),
    ]
    assert not queue


def test_a_group_is_not_started_without_room_for_an_id() -> None:
    queue = queue_of([(DEALS_TO_7, [1, 2, 3]), (LEADS_TO_7, [5])])
    # Guard + 3 updates = 4 of 5 commands: the lead's guard and update do not both fit.
    assert take_batch(queue, 5) == [PackedGroup(DEALS_TO_7, (1, 2, 3))]
    assert take_batch(queue, 5) == [PackedGroup(LEADS_TO_7, (5,))]


def test_capacity_below_a_guard_and_an_update_is_refused() -> None:
    with pytest.raises(ValueError, match="guard"):
        take_batch(queue_of([(DEALS_TO_7, [1])]), 1)


@given(
    sizes=st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=12),
    capacity=st.integers(min_value=2, max_value=50),
)
def test_packing_keeps_order_respects_capacity_and_is_counted_exactly(
    sizes: list[int], capacity: int
) -> None:
    groups = [
        (GroupKey(f"s{n % 3}", 41, 7 + n), range(1000 * n, 1000 * n + size))
        for n, size in enumerate(sizes)
    ]
    queue = queue_of(groups)
    expected = list(queue)
    sent: list[tuple[GroupKey, int]] = []
    requests = 0
    while queue:
        batch = take_batch(queue, capacity)
        requests += 1
        assert batch
        assert sum(1 + len(g.ids) for g in batch) <= capacity
        # Full unless the queue ran dry or only a guard-sized slot was left.
        if queue:
            assert sum(1 + len(g.ids) for g in batch) >= capacity - 1
        sent.extend((g.key, i) for g in batch for i in g.ids)
    assert sent == expected
    assert requests == count_requests(sizes, capacity)
