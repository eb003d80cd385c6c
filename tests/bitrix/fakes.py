"""Test doubles for the client: a fake clock whose sleep advances time, and a progress log."""

from __future__ import annotations

import asyncio

from desktop_handover.bitrix.types import Progress


class FakeClock:
    """Unix time that moves only when the client sleeps; records every sleep."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        # Still a real suspension point, so cancellation can land here as in production.
        await asyncio.sleep(0)


class ProgressLog:
    """Collects the client's progress events."""

    def __init__(self) -> None:
        self.events: list[Progress] = []

    def __call__(self, event: Progress) -> None:
        self.events.append(event)

    def waits(self) -> list[Progress]:
        return [e for e in self.events if e.wait_reason is not None]
