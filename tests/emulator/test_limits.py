"""Rate bucket, operating budget and fault spec in isolation (bitrix24-api.md §5)."""

from __future__ import annotations

import pytest

from desktop_handover.emulator.limits import (
    FAULT_KINDS,
    FaultInjector,
    FaultSpec,
    LeakyBucket,
    OperatingBudget,
)
from tests.emulator.conftest import FakeClock


def test_fault_spec_parses_the_command_line_form() -> None:
    spec = FaultSpec.parse("rate_limit=0.05, lost_reply=0.02,,")
    assert dict(spec.probabilities) == {"rate_limit": 0.05, "lost_reply": 0.02}
    assert spec.probability("slow") == 0.0
    assert str(spec) == "rate_limit=0.05,lost_reply=0.02"
    assert FaultSpec.parse("").probabilities == {}
    assert set(FAULT_KINDS) == {
        "rate_limit",
        "server_error",
        "reset",
        "lost_reply",
        "slow",
        "item_error",
        "concurrent_edit",
    }


@pytest.mark.parametrize("bad", ["flood=0.1", "rate_limit", "slow=abc", "reset=1.5", "reset=-1"])
def test_fault_spec_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError, match=r"bad|probability"):
        FaultSpec.parse(bad)


def test_leaky_bucket_refuses_past_the_burst_and_drains_at_the_rate() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(burst=3, rate=2.0, clock=clock)
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]
    clock.advance(0.5)  # drains one request
    assert bucket.try_acquire()
    assert not bucket.try_acquire()
    clock.advance(10)
    assert bucket.level() == 0.0


def test_operating_budget_blocks_only_once_over_and_per_method_and_key() -> None:
    clock = FakeClock(6000.0)
    budget = OperatingBudget(limit=1.0, clock=clock)
    budget.bill("hook", "crm.item.update", 0.6)
    assert not budget.is_over("hook", "crm.item.update")
    budget.bill("hook", "crm.item.update", 0.6)  # the call that crosses still ran
    assert budget.used("hook", "crm.item.update") == pytest.approx(1.2)
    assert budget.is_over("hook", "crm.item.update")
    assert not budget.is_over("hook", "crm.item.list")
    assert not budget.is_over("other hook", "crm.item.update")
    assert budget.reset_at("hook", "crm.item.update") == 6600


def test_operating_budget_drops_each_minute_bucket_ten_minutes_after_its_first_call() -> None:
    clock = FakeClock(6000.0)
    budget = OperatingBudget(limit=100.0, clock=clock)
    budget.bill("k", "m", 1.0)
    clock.advance(30)
    budget.bill("k", "m", 2.0)  # same minute bucket
    clock.advance(60)
    budget.bill("k", "m", 4.0)  # next minute: its own bucket, first call at 6090
    assert budget.used("k", "m") == 7.0
    clock.now = 6599.0
    assert budget.used("k", "m") == 7.0
    assert budget.reset_at("k", "m") == 6600
    clock.now = 6600.0
    assert budget.used("k", "m") == 4.0
    assert budget.reset_at("k", "m") == 6690
    clock.now = 6690.0
    assert budget.used("k", "m") == 0.0
    assert budget.reset_at("k", "m") == 7290  # nothing live: now + 10 minutes


def test_fault_injector_is_reproducible_and_silent_when_off() -> None:
    spec = FaultSpec.parse("reset=0.5")
    first = FaultInjector(spec, seed=7)
    second = FaultInjector(spec, seed=7)
    rolls = [first.roll("reset") for _ in range(50)]
    assert rolls == [second.roll("reset") for _ in range(50)]
    assert 5 < sum(rolls) < 45
    # An unconfigured kind never strikes and does not disturb the sequence.
    third = FaultInjector(spec, seed=7)
    mixed = []
    for _ in range(50):
        assert not third.roll("slow")
        mixed.append(third.roll("reset"))
    assert mixed == rolls
    assert all(FaultInjector(FaultSpec.parse("reset=1"), 1).roll("reset") for _ in range(20))
