"""Packing reassignments into requests: several guarded groups share one batch of commands.

A reassign request is one batch of at most `capacity` commands (50 on Bitrix24, §4). Each
group of ids moving within one section from one owner to another costs one guard command (the
list of the ids the old owner still owns) plus one update per id. Filling every request to the
brim, across sections and successors, is what keeps a handover near the minimum number of
requests: a ten-section handover to three successors has thirty groups, and sending each one's
last partial batch on its own costs up to thirty extra requests.

Pure functions over plain values, shared by the engine (what to send next) and the estimate
(how many requests that will take), so the preview's count is the run's count.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class GroupKey:
    """Items that can share one guard: one section, one old owner, one new owner."""

    section: str
    old_owner: int
    new_owner: int


@dataclass(frozen=True, slots=True)
class PackedGroup:
    """One guard's share of a request: ids ascending, all under `key`."""

    key: GroupKey
    ids: tuple[int, ...]


def take_batch(queue: deque[tuple[GroupKey, int]], capacity: int) -> list[PackedGroup]:
    """Remove from the front of `queue` what fits in one request of `capacity` commands.

    Consecutive entries with the same key share a guard; a new key costs a guard of its own,
    so a group is only started when its guard and at least one id still fit. Order is kept:
    the caller puts items to retry at the front and they go first.

    Raises:
        ValueError: `capacity` is below 2 (a guard and one update).
    """
    if capacity < 2:
        raise ValueError("a reassign request needs room for a guard and one update")
    groups: list[PackedGroup] = []
    free = capacity
    key: GroupKey | None = None
    ids: list[int] = []
    while queue:
        next_key = queue[0][0]
        if next_key != key:
            if free < 2:
                break
            if key is not None:
                groups.append(PackedGroup(key, tuple(ids)))
            key, ids = next_key, []
            free -= 1  # the new group's guard
        elif free < 1:
            break
        ids.append(queue.popleft()[1])
        free -= 1
    if key is not None and ids:
        groups.append(PackedGroup(key, tuple(ids)))
    return groups


def count_requests(group_sizes: Iterable[int], capacity: int) -> int:
    """How many requests `take_batch` needs for groups of these sizes, sent in this order."""
    requests = 0
    free = 0
    for size in group_sizes:
        left = size
        while left > 0:
            if free < 2:
                requests += 1
                free = capacity
            taken = min(left, free - 1)
            free -= 1 + taken
            left -= taken
    return requests


def queue_of(groups: Sequence[tuple[GroupKey, Sequence[int]]]) -> deque[tuple[GroupKey, int]]:
    """The send queue for groups in the given order, each group's ids ascending."""
    return deque((key, item_id) for key, ids in groups for item_id in sorted(ids))
