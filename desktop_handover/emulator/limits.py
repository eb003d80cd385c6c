"""The emulated portal's limits and faults: rate bucket, operating budget, seeded failures.

Modelled on the cloud (bitrix24-api.md §5): a leaky bucket per portal (burst X, drain Y per
second; over it, 503 QUERY_LIMIT_EXCEEDED), a per-method, per-webhook budget of execution time
kept in ten one-minute buckets (over it, 429 OPERATION_TIME_LIMIT), and a 60 s cap per request.
Operating time is *virtual*: each call is billed its method's configured cost, so tests and
benchmarks get the cloud's pacing without spending the time. Every clock is injected.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: Returns unix time in seconds; tests pass a fake one so nothing ever sleeps.
Clock = Callable[[], float]

#: The fault kinds `--faults` understands (issue 2, "Faults").
FAULT_KINDS = (
    "rate_limit",  # a spurious 503 QUERY_LIMIT_EXCEEDED
    "server_error",  # 500 INTERNAL_SERVER_ERROR before the server acts
    "reset",  # the connection drops before the server acts
    "lost_reply",  # the server acts, then the connection drops
    "slow",  # the server acts, the reply comes later than the client waits
    "item_error",  # one batch command fails with INTERNAL_SERVER_ERROR before it acts
    # A colleague takes a record the client listed before the client's next request.
    "concurrent_edit",
)


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """Fault probabilities by kind, as given on the command line (`rate_limit=0.05,...`)."""

    probabilities: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def parse(cls, spec: str) -> FaultSpec:
        """Parse `kind=probability` pairs separated by commas; raise ValueError when invalid."""
        found: dict[str, float] = {}
        for raw_part in spec.split(","):
            part = raw_part.strip()
            if not part:
                continue
            kind, sep, raw = part.partition("=")
            kind = kind.strip()
            if not sep or kind not in FAULT_KINDS:
                raise ValueError(
                    f"bad fault {part!r}: expected kind=probability, kind one of "
                    + ", ".join(FAULT_KINDS)
                )
            try:
                probability = float(raw)
            except ValueError:
                raise ValueError(f"bad probability in {part!r}") from None
            if not 0.0 <= probability <= 1.0:
                raise ValueError(f"probability out of [0, 1] in {part!r}")
            found[kind] = probability
        return cls(MappingProxyType(found))

    def probability(self, kind: str) -> float:
        """The configured probability of `kind` (0 when not configured)."""
        return self.probabilities.get(kind, 0.0)

    def __str__(self) -> str:
        return ",".join(f"{k}={p:g}" for k, p in self.probabilities.items())


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything that shapes how the emulated portal limits, delays and fails calls.

    Defaults are the cloud's non-Enterprise figures (§5): burst 50, 2 requests/s, 480 s of
    operating time per method per 10 minutes, 60 s per request.
    """

    burst: int = 50
    rate: float = 2.0
    operating_limit: float = 480.0
    #: Operating cost in virtual seconds per call, by lower-case method name; overrides the
    #: cost the method registered with (api.MethodSpec.cost).
    costs: Mapping[str, float] = field(default_factory=dict)
    #: Added to every /rest/ request with asyncio.sleep (admin endpoints excluded).
    latency_ms: float = 0.0
    faults: FaultSpec = field(default_factory=FaultSpec)
    #: Seed of the fault generator: same seed and same request sequence, same faults.
    fault_seed: int = 0
    #: How long a `slow` reply is held back; longer than a client's usual read timeout.
    slow_seconds: float = 40.0
    #: Overrides of api.SWITCH_DEFAULTS (facts the reference marks [inferred]).
    switches: Mapping[str, bool] = field(default_factory=dict)
    #: S-apauth: webhook calls over plain http fail with INVALID_REQUEST "Https required."; the
    #: emulator allows http for loopback hosts only (127.0.0.0/8, ::1, localhost).
    https_required_for_non_loopback: bool = True
    #: §5.3: a request (a whole batch included) is cut off after this many seconds.
    request_cap: float = 60.0
    #: The offset the portal prints datetimes with (Europe/Warsaw in winter).
    utc_offset_minutes: int = 60

    def cost_of(self, method: str, registered: float) -> float:
        """Virtual seconds one call of `method` adds to its operating budget."""
        return self.costs.get(method, registered)


class LeakyBucket:
    """The per-portal request counter of §5.1: +1 per request, drained at `rate` per second.

    A request that would push the counter past `burst` is refused and not counted, so a client
    that backs off recovers at the drain rate.
    """

    def __init__(self, burst: int, rate: float, clock: Clock) -> None:
        self.burst = burst
        self.rate = rate
        self._clock = clock
        self._level = 0.0
        self._last = clock()

    def level(self) -> float:
        """The counter now, after draining."""
        now = self._clock()
        elapsed = max(0.0, now - self._last)
        self._last = now
        self._level = max(0.0, self._level - elapsed * self.rate)
        return self._level

    def try_acquire(self) -> bool:
        """Count one request; False (and not counted) when the bucket is full."""
        if self.level() + 1 > self.burst:
            return False
        self._level += 1
        return True


@dataclass(slots=True)
class _Minute:
    index: int  # floor(unix / 60)
    first_call: float
    seconds: float


class OperatingBudget:
    """Per webhook and method, execution time over a sliding 10 minutes in minute buckets (§5.2).

    A bucket drops out 10 minutes after its first call; `reset_at` says when the oldest one
    does. `is_over` is checked before a call; the call that crosses the limit still completes.
    """

    WINDOW = 600.0

    def __init__(self, limit: float, clock: Clock) -> None:
        self.limit = limit
        self._clock = clock
        self._buckets: dict[tuple[Any, str], list[_Minute]] = {}

    def _live(self, key: Any, method: str) -> list[_Minute]:
        now = self._clock()
        buckets = self._buckets.get((key, method), [])
        while buckets and now >= buckets[0].first_call + self.WINDOW:
            buckets.pop(0)
        return buckets

    def used(self, key: Any, method: str) -> float:
        """Seconds billed to `method` through `key` in the live window."""
        return sum(b.seconds for b in self._live(key, method))

    def is_over(self, key: Any, method: str) -> bool:
        """Whether the method is blocked for this webhook: already past the limit."""
        return self.used(key, method) > self.limit

    def bill(self, key: Any, method: str, seconds: float) -> None:
        """Add one call's virtual execution time."""
        now = self._clock()
        buckets = self._live(key, method)
        self._buckets[(key, method)] = buckets
        index = int(now // 60)
        if buckets and buckets[-1].index == index:
            buckets[-1].seconds += seconds
        else:
            buckets.append(_Minute(index, now, seconds))

    def reset_at(self, key: Any, method: str) -> int:
        """Unix time when the oldest live bucket drops out (now + 10 min when none is live)."""
        buckets = self._live(key, method)
        start = buckets[0].first_call if buckets else self._clock()
        return int(start + self.WINDOW)


class FaultInjector:
    """Seeded, reproducible fault decisions: the same seed and request order, the same faults."""

    def __init__(self, spec: FaultSpec, seed: int) -> None:
        self.spec = spec
        self._rng = random.Random(seed)

    def roll(self, kind: str) -> bool:
        """Whether `kind` strikes now; draws from the generator only for configured kinds."""
        probability = self.spec.probability(kind)
        if probability <= 0.0:
            return False
        return self._rng.random() < probability

    def choice(self, count: int) -> int:
        """A seeded index in range(count), for picking who a fault involves."""
        return self._rng.randrange(count)


@dataclass
class Stats:
    """Counters behind GET /_emulator/stats (calls inside batches counted one by one)."""

    http_requests: int = 0
    rejected_503: int = 0
    rejected_429: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    operating: dict[str, float] = field(default_factory=dict)
    #: The `concurrent_edit` fault: records armed by a listing, and records a colleague took.
    concurrent_edits_armed: int = 0
    concurrent_edits: int = 0

    def as_json(self) -> dict[str, Any]:
        """The admin endpoint's document."""
        return {
            "http_requests": self.http_requests,
            "rejected_503": self.rejected_503,
            "rejected_429": self.rejected_429,
            "calls": dict(self.calls),
            "operating": {k: round(v, 6) for k, v in self.operating.items()},
            "concurrent_edits_armed": self.concurrent_edits_armed,
            "concurrent_edits": self.concurrent_edits,
        }


class Limits:
    """The limit state of one emulated portal: bucket, budget, faults and counters."""

    def __init__(self, config: EmulatorConfig, clock: Clock = time.time) -> None:
        self.config = config
        self.clock = clock
        self.bucket = LeakyBucket(config.burst, config.rate, clock)
        self.budget = OperatingBudget(config.operating_limit, clock)
        self.faults = FaultInjector(config.faults, config.fault_seed)
        self.stats = Stats()
