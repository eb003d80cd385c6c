"""Pure pacing: the client's bucket, time budgets, back-off and batch sizing."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_handover.bitrix.ratelimit import (
    BatchSizer,
    BudgetLimits,
    LeakyBucket,
    OperatingBudget,
    RateLimits,
    RetryPolicy,
    bucket_floor_seconds,
    estimate_seconds,
    eta_seconds,
    minimum_requests,
)
from tests.bitrix.fakes import FakeClock


class PortalBucket:
    """The portal's bucket as §5.1 states it: +1 per request, -Y per second, refuse past X."""

    def __init__(self, burst: int, rate: float, start: float) -> None:
        self.burst, self.rate, self.level, self.last = burst, rate, 0.0, start

    def arrive(self, at: float) -> bool:
        self.level = max(0.0, self.level - (at - self.last) * self.rate)
        self.last = at
        if self.level + 1 > self.burst:
            return False
        self.level += 1
        return True


def run_paced(limits: RateLimits, requests: int, clock: FakeClock) -> list[float]:
    bucket = LeakyBucket(limits, clock)
    sent = []
    for _ in range(requests):
        clock.advance(bucket.delay())
        bucket.record()
        sent.append(clock.now)
    return sent


def test_burst_goes_at_once_then_requests_follow_the_drain_rate() -> None:
    clock = FakeClock()
    limits = RateLimits(burst=50, per_second=2.0, headroom=2, drain_margin=0.0)
    sent = run_paced(limits, 60, clock)
    start = sent[0]
    assert all(t == start for t in sent[:48])
    gaps = [b - a for a, b in itertools.pairwise(sent[48:])]
    assert all(abs(g - 0.5) < 1e-9 for g in gaps)


def test_saturate_makes_the_next_request_wait() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(RateLimits(), clock)
    assert bucket.delay() == 0
    bucket.saturate()
    assert bucket.delay() > 0.4


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    requests=st.integers(1, 400),
    burst=st.sampled_from([50, 250]),
    rate=st.sampled_from([2.0, 5.0, 20.0]),
    jitter=st.lists(st.floats(0.0, 0.2), min_size=400, max_size=400),
)
def test_paced_requests_never_overflow_the_portal_even_with_arrival_jitter(
    requests: int, burst: int, rate: float, jitter: list[float]
) -> None:
    # Each request reaches the portal up to 200 ms after it was sent; arrivals stay ordered
    # (one stream). The client's headroom and drain margin must absorb the bunching.
    clock = FakeClock()
    limits = RateLimits(burst=burst, per_second=rate)
    sent = run_paced(limits, requests, clock)
    portal = PortalBucket(burst, rate, sent[0])
    arrival = sent[0]
    # Bound the bunching the margins must absorb to what two requests of headroom cover.
    max_jitter = min(0.2, limits.headroom / rate)
    for t, j in zip(sent, jitter, strict=False):
        arrival = max(arrival, t + min(j, max_jitter))
        assert portal.arrive(arrival)


def test_floor_and_eta() -> None:
    limits = RateLimits(burst=50, per_second=2.0)
    assert bucket_floor_seconds(204, limits) == 77.0  # §12: 10,000 deals ≈ 77 s
    assert bucket_floor_seconds(30, limits) == 0.0
    assert bucket_floor_seconds(60, limits, initial_fill=50) == 30.0
    eta = eta_seconds(204, limits)
    assert 77.0 < eta < 77.0 * 1.05
    clock = FakeClock()
    sent = run_paced(limits, 204, clock)
    assert abs((sent[-1] - sent[0]) - eta) <= 1 / limits.drain + 1e-9


def test_estimate_seconds_for_a_dry_run() -> None:
    limits = RateLimits.standard()
    assert estimate_seconds(10_000, 10_000, limits) == eta_seconds(204, limits)
    assert estimate_seconds(100, 100, limits) == 0.0  # 3 requests fit in the burst


def test_minimum_requests() -> None:
    assert minimum_requests(list_rows=10_000, updates=10_000) == 4 + 200
    assert minimum_requests(list_rows=2_500) == 1
    assert minimum_requests(list_rows=2_501) == 2
    assert minimum_requests(list_rows=0) == 1


def test_budget_waits_for_reset_when_close_to_the_limit() -> None:
    clock = FakeClock()
    budget = OperatingBudget(BudgetLimits(seconds=100.0, slow_at=0.9), clock)
    budget.observe("crm.item.update", spent=1.0, operating=85.0, reset_at=clock.now + 42)
    assert budget.delay("crm.item.update", expected=1.0) == 0.0
    assert budget.delay("crm.item.update", expected=10.0) == 42.0
    # Another method has its own budget (§5.2).
    assert budget.delay("crm.item.list", expected=10.0) == 0.0


def test_budget_uses_its_own_record_when_the_portal_reports_nothing() -> None:
    clock = FakeClock()
    budget = OperatingBudget(BudgetLimits(seconds=10.0, window=600.0, slow_at=1.0), clock)
    for _ in range(10):
        budget.observe("m", spent=1.0)
        clock.advance(10)
    assert budget.estimate("m") == 10.0
    # The first second spent drops out 600 s after it was recorded: 500 s from now.
    assert budget.delay("m", expected=1.0) == 500.0
    clock.advance(500)
    assert budget.estimate("m") == 9.0
    assert budget.delay("m", expected=1.0) == 0.0


def test_block_until_after_429() -> None:
    clock = FakeClock()
    budget = OperatingBudget(BudgetLimits(), clock)
    budget.block_until("crm.item.update", clock.now + 30)
    assert budget.is_blocked("CRM.ITEM.UPDATE")
    assert budget.delay("crm.item.update") == 30.0
    clock.advance(30)
    assert not budget.is_blocked("crm.item.update")


def test_backoff_is_capped_exponential_with_jitter() -> None:
    policy = RetryPolicy(base=0.5, cap=8.0)
    rng = random.Random(1)
    for attempt in range(1, 12):
        step = min(8.0, 0.5 * 2 ** (attempt - 1))
        for _ in range(20):
            wait = policy.backoff(attempt, rng)
            assert step / 2 <= wait <= step


def test_batch_sizer_shrinks_for_slow_commands_and_recovers() -> None:
    sizer = BatchSizer(maximum=50, target=30.0)
    assert sizer.size == 50
    sizer.observe(50, 50 * 2.0)  # 2 s per command: 15 fit in 30 s
    assert sizer.size == 15
    sizer.timed_out()
    assert sizer.size == 7
    for _ in range(6):
        sizer.observe(7, 7 * 0.1)
    assert sizer.size == 50


def test_a_429_teaches_the_budget_and_blocks_until_reset() -> None:
    clock = FakeClock()
    budget = OperatingBudget(BudgetLimits(seconds=480.0, slow_at=0.9), clock)
    for _ in range(40):
        budget.observe("crm.item.update", spent=1.0)
    # The portal refused at 40 s spent: its budget is no more than that.
    until = budget.refused("crm.item.update", reset_at=None)
    assert until == clock.now + 600.0  # our oldest second ages out in 10 minutes
    assert budget.is_blocked("crm.item.update")
    clock.advance(600.0)
    assert not budget.is_blocked("crm.item.update")
    # From now on the learned limit (40 s, slowed at 90 %) paces the method.
    for _ in range(35):
        budget.observe("crm.item.update", spent=1.0)
    assert budget.delay("crm.item.update", expected=1.0) == 0.0
    budget.observe("crm.item.update", spent=1.0)
    assert budget.delay("crm.item.update", expected=1.0) > 0.0


def test_a_429_with_reset_at_waits_exactly_until_then() -> None:
    clock = FakeClock()
    budget = OperatingBudget(BudgetLimits(), clock)
    assert budget.refused("m", reset_at=clock.now + 12.5) == clock.now + 12.5
    assert budget.delay("m") == 12.5
