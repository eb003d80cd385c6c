"""Pacing: a leaky bucket like the portal's, per-method time budgets, back-off, batch sizing.

Everything here is pure and takes the time as an argument or from an injected clock, so
tests drive it with a fake clock and never sleep.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

#: Returns the current time in seconds (monotonic or unix, but one kind per object).
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The portal's request bucket: `burst` requests at once, then `per_second` (§5.1).

    Attributes:
        burst: the bucket size X (50 on standard plans, 250 on Enterprise).
        per_second: the drain rate Y (2, Enterprise 5).
        headroom: requests of the bucket the client leaves unused, to absorb the
            difference between when we send and when the portal counts.
        drain_margin: fraction by which the client drains slower than the portal, so
            that arrival jitter never makes two requests land in one slot.
        initial_fill: how full the client assumes the portal's bucket is when it starts
            (0..burst). See `BitrixClient` for the choice of the default.
    """

    burst: int = 50
    per_second: float = 2.0
    # One request of headroom absorbs up to 1/Y seconds of arrival jitter (0.5 s on a
    # standard plan) and an off-by-one in where the portal draws the line; 1 % slower
    # draining absorbs clock drift. Together they cost about 2 % over the floor.
    headroom: int = 1
    drain_margin: float = 0.01
    initial_fill: float = 0.0

    @classmethod
    def standard(cls) -> RateLimits:
        """All plans but Enterprise: burst 50, 2 requests per second."""
        return cls(burst=50, per_second=2.0)

    @classmethod
    def enterprise(cls) -> RateLimits:
        """Enterprise: burst 250, 5 requests per second."""
        return cls(burst=250, per_second=5.0)

    @property
    def capacity(self) -> float:
        """The fill level the client never exceeds."""
        return max(1.0, float(self.burst - self.headroom))

    @property
    def drain(self) -> float:
        """The drain rate the client assumes (slightly below the portal's)."""
        return self.per_second * (1.0 - self.drain_margin)


class LeakyBucket:
    """The client's copy of the portal's leaky bucket (§5.1).

    Each request adds 1; the level drains at `limits.drain` per second. A request may go
    when, after it, the level stays within `limits.capacity`.
    """

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._level = min(float(limits.initial_fill), limits.capacity)
        self._stamp = clock()

    @property
    def limits(self) -> RateLimits:
        """The limits this bucket models."""
        return self._limits

    def level(self) -> float:
        """The current fill level after draining."""
        self._drain()
        return self._level

    def _drain(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._level = max(0.0, self._level - elapsed * self._limits.drain)
        self._stamp = now

    def delay(self) -> float:
        """Seconds to wait before the next request may be sent (0 if it may go now)."""
        self._drain()
        excess = self._level + 1.0 - self._limits.capacity
        return 0.0 if excess <= 0 else excess / self._limits.drain

    def record(self) -> None:
        """Count one request just sent."""
        self._drain()
        self._level += 1.0

    def saturate(self) -> None:
        """The portal said 503: its bucket is full whatever we thought, so ours is too."""
        self._drain()
        self._level = max(self._level, self._limits.capacity)


def bucket_floor_seconds(requests: int, limits: RateLimits, initial_fill: float = 0.0) -> float:
    """The least wall time the portal's bucket allows for `requests` requests (§5.1).

    With X = burst, Y = drain and the bucket starting at `initial_fill`, the first
    X - fill requests go at once and each further one needs 1/Y seconds.
    """
    free = max(0.0, limits.burst - initial_fill)
    return max(0.0, requests - free) / limits.per_second


def eta_seconds(requests: int, limits: RateLimits, initial_fill: float | None = None) -> float:
    """How long the client's own pacing takes to send `requests` requests (dry-run ETA).

    This is the client's schedule (headroom and drain margin included), not counting
    server time or operating-budget waits. `initial_fill` defaults to `limits.initial_fill`.
    """
    fill = limits.initial_fill if initial_fill is None else initial_fill
    free = max(0.0, limits.capacity - min(fill, limits.capacity))
    return max(0.0, requests - math.floor(free)) / limits.drain


def minimum_requests(list_rows: int = 0, updates: int = 0) -> int:
    """The fewest HTTP requests the portal allows: ceil(N/2500) to list, ceil(N/50) to update.

    Listing packs 50 pages of 50 rows into one batch (§3); updates go 50 to a batch (§4).
    A listing of zero rows still costs one request, to learn that it is empty.
    """
    listing = max(1, math.ceil(list_rows / 2500)) if list_rows >= 0 else 0
    return listing + math.ceil(updates / 50)


def estimate_seconds(list_rows: int, updates: int, limits: RateLimits) -> float:
    """Dry-run ETA of a handover: list `list_rows` rows, then send `updates` updates.

    The request count is the minimum (`minimum_requests`) and the time the client's pacing
    needs for it (`eta_seconds`); server time and operating-budget waits come on top.
    """
    return eta_seconds(minimum_requests(list_rows=list_rows, updates=updates), limits)


@dataclass(frozen=True, slots=True)
class BudgetLimits:
    """Per-method server-time budget over a sliding window (§5.2).

    Attributes:
        seconds: the budget per method per window (the docs' example: 480 s).
        window: the window length (10 minutes).
        slow_at: fraction of the budget at which the client starts waiting for old
            minutes to drop out instead of sending more work of that method.
    """

    seconds: float = 480.0
    window: float = 600.0
    slow_at: float = 0.9


class OperatingBudget:
    """Per-method accounting of server time from the replies' `time` objects (§5.2).

    The portal reports `operating` (the method's spend over the window) and
    `operating_reset_at` on direct calls; inside a batch only each command's `duration`
    is known. The client keeps its own sliding record of what it spent, takes the larger
    of the two views, and before sending more of a method asks how long to wait so that
    the spend stays under `slow_at` of the budget. On 429 the method is blocked until
    `operating_reset_at`. Times are unix seconds (the portal's clock).
    """

    def __init__(self, limits: BudgetLimits, clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._spent: dict[str, deque[tuple[float, float]]] = {}
        self._reported: dict[str, tuple[float, float, float | None]] = {}
        self._blocked_until: dict[str, float] = {}
        self._learned: dict[str, float] = {}
        # Running sums, so that a long run does not re-add thousands of entries per request.
        self._total: dict[str, float] = {}
        self._since_report: dict[str, float] = {}

    @property
    def limits(self) -> BudgetLimits:
        """The budget modelled."""
        return self._limits

    def observe(
        self,
        method: str,
        *,
        spent: float | None = None,
        operating: float | None = None,
        reset_at: float | None = None,
    ) -> None:
        """Record a reply: server time `spent` now, and the portal's own figures if given."""
        method = method.lower()
        now = self._clock()
        if spent is not None and spent > 0:
            self._spent.setdefault(method, deque()).append((now, spent))
            self._total[method] = self._total.get(method, 0.0) + spent
            self._since_report[method] = self._since_report.get(method, 0.0) + spent
        if operating is not None:
            # The reported figure already includes this call.
            self._reported[method] = (now, operating, reset_at)
            self._since_report[method] = 0.0

    def block_until(self, method: str, reset_at: float) -> None:
        """The portal answered 429 for `method`: send none of it before `reset_at`."""
        method = method.lower()
        self._blocked_until[method] = max(self._blocked_until.get(method, 0.0), reset_at)

    def refused(self, method: str, reset_at: float | None) -> float:
        """The portal answered 429 for `method`; return the unix time to wait until.

        The portal's real budget is not published (§5.2): a 429 proves it is no larger than
        what the client believes it has spent, so that becomes the method's limit from now
        on. The wait lasts until `reset_at` when the portal said so, else until enough of
        the client's own record ages out to get under the learned limit.
        """
        method = method.lower()
        now = self._clock()
        spent = self.estimate(method)
        if spent > 0:
            self._learned[method] = min(self._limit(method), spent)
        until = reset_at if reset_at is not None and reset_at > now else None
        if until is None:
            own = self.delay(method, 0.0)
            until = now + own if own > 0 else None
        if until is None:
            until = now + self._limits.window / 10  # one minute bucket (§5.2)
        self.block_until(method, until)
        return until

    def _limit(self, method: str) -> float:
        return self._learned.get(method, self._limits.seconds)

    def is_blocked(self, method: str) -> bool:
        """Whether a 429 still blocks `method`."""
        return self._blocked_until.get(method.lower(), 0.0) > self._clock()

    def reset_at(self, method: str) -> float | None:
        """The last `operating_reset_at` the portal reported for `method`."""
        reported = self._reported.get(method.lower())
        return reported[2] if reported else None

    def estimate(self, method: str) -> float:
        """The method's spend over the window as the client believes it now."""
        method = method.lower()
        now = self._clock()
        own = self._expire(method, now)
        reported = self._reported.get(method)
        if reported is None:
            return own
        _, operating, reset_at = reported
        if reset_at is not None and now >= reset_at:
            # Part of what was reported has dropped out; we cannot tell how much, so rely
            # on our own record from then on.
            return own
        return max(own, operating + self._since_report.get(method, 0.0))

    def _expire(self, method: str, now: float) -> float:
        entries = self._spent.get(method)
        if not entries:
            return 0.0
        total = self._total.get(method, 0.0)
        while entries and entries[0][0] <= now - self._limits.window:
            total -= entries.popleft()[1]
        total = max(0.0, total) if entries else 0.0
        self._total[method] = total
        return total

    def delay(self, method: str, expected: float = 0.0) -> float:
        """Seconds to wait before sending work of `method` expected to cost `expected` s."""
        method = method.lower()
        now = self._clock()
        blocked = self._blocked_until.get(method, 0.0) - now
        if blocked > 0:
            return blocked
        limit = self._limit(method) * self._limits.slow_at
        current = self.estimate(method)
        if current + expected <= limit:
            return 0.0
        reported = self._reported.get(method)
        if reported is not None and reported[2] is not None and reported[2] > now:
            # The portal told us when its oldest minute drops out: the soonest relief.
            return reported[2] - now
        # Otherwise wait until enough of our own record has aged out of the window.
        excess = current + expected - limit
        freed = 0.0
        for stamp, spent in self._spent.get(method, ()):
            freed += spent
            if freed >= excess:
                return max(0.0, stamp + self._limits.window - now)
        # More than a whole budget in one go: wait for the window to empty, then send.
        entries = self._spent.get(method)
        return max(0.0, entries[-1][0] + self._limits.window - now) if entries else 0.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retries of 503, 5xx, connection errors and timeouts (§5.1: back off, never parallelise).

    Attributes:
        base: the first back-off in seconds; it doubles with each retry of one request.
        cap: the longest single back-off.
        budget: retries allowed over the client's whole life (one run), then
            `RetryBudgetExhausted`.
        per_request: retries allowed for one request.
        time_limit_wait_cap: the longest wait for an operating budget to reset after 429.
    """

    base: float = 0.5
    cap: float = 30.0
    budget: int = 50
    per_request: int = 8
    time_limit_wait_cap: float = 600.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """The wait before retry number `attempt` (1-based): capped exponential, jittered.

        "Equal jitter": half the exponential step is kept, half is random, so retries
        from different runs spread out but never come back at once.
        """
        step = min(self.cap, self.base * 2.0 ** max(0, attempt - 1))
        return step / 2 + rng.uniform(0, step / 2)


class BatchSizer:
    """Adapts how many commands go into one batch to the portal's 60 s request cap (§5.3).

    After each batch the mean server time per command (from `result_time`) predicts the
    next batch's time; the size is chosen so that a batch stays under `target` seconds.
    A timed-out batch halves the size at once.
    """

    def __init__(self, maximum: int = 50, target: float = 30.0, minimum: int = 1) -> None:
        self._maximum = maximum
        self._minimum = minimum
        self._target = target
        self._per_command: float | None = None
        self._size = maximum

    @property
    def size(self) -> int:
        """The number of commands to put into the next batch."""
        return self._size

    def observe(self, commands: int, seconds: float) -> None:
        """Record that a batch of `commands` commands took `seconds` of server time."""
        if commands <= 0 or seconds < 0:
            return
        sample = seconds / commands
        # A moving average reacts within a few batches but ignores one odd batch.
        self._per_command = (
            sample if self._per_command is None else 0.5 * self._per_command + 0.5 * sample
        )
        worst = max(sample, self._per_command)
        fit = self._maximum if worst <= 0 else int(self._target / worst)
        self._size = max(self._minimum, min(self._maximum, fit))

    def timed_out(self) -> None:
        """A batch hit the request time cap: halve the size."""
        self._size = max(self._minimum, self._size // 2)
