"""Benchmark: the client on a 10,000-item handover against the emulator over loopback HTTP.

Run with `uv run pytest -m bench -s tests/benchmarks/bench_client.py`. It prints the figures
and asserts nothing about time (style §8): HTTP requests used vs the minimum (ceil(N/2500) to
list, ceil(N/50) to update), wall time vs the floor the portal's bucket allows, 503/429 counts.
"""

from __future__ import annotations

import asyncio
import math
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.ratelimit import (
    BudgetLimits,
    RateLimits,
    bucket_floor_seconds,
    eta_seconds,
    minimum_requests,
)
from desktop_handover.bitrix.types import Command, UpdateOutcome, UpdateStatus
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.server import EmulatorApp, bind, make_server
from desktop_handover.emulator.state import DEAL
from tests.contract.portals import DEPARTING, SUCCESSOR, build, webhook_url

ITEMS = 10_000
BURST = 50
# Scaled up from 2/s to keep the run short; the shape of the schedule is the same. At 20/s the
# emulator's own service time (~40 ms for a batch of 50 updates) nears the 50 ms slot, so the
# run is partly bound by the server, not by the bucket; 10/s shows the bucket-bound case.
RATES = (20.0, 10.0)


class TimedTransport(httpx.AsyncHTTPTransport):
    """Records how long each request takes on the wire and in the server (its service time)."""

    def __init__(self) -> None:
        super().__init__()
        self.service: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = await super().handle_async_request(request)
        await response.aread()
        self.service.append(time.perf_counter() - started)
        return response


def single_stream_floor(service: list[float], burst: int, rate: float) -> float:
    """The least wall time one request stream needs, given each request's service time.

    Each request starts when the previous one has answered and the portal's exact bucket
    (§5.1, no client margins) has room. While a slow request runs, the bucket may drain to
    empty, and that drain is lost to any single stream; the plain bucket floor ignores this.
    """
    level, last, now = 0.0, 0.0, 0.0
    for seconds in service:
        level = max(0.0, level - (now - last) * rate)
        if level + 1 > burst:
            now += (level + 1 - burst) / rate
            level = burst - 1.0
        level += 1
        last = now
        now += seconds
    return now


@pytest.fixture(params=RATES, ids=lambda r: f"{r:g}rps")
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Emulator, str]]:
    """The emulator on 127.0.0.1 in its own thread and event loop, like `portal serve`."""
    portal, layout = build(deals=ITEMS, others=0.25, small_kinds=0)
    assert len(layout.deals) == ITEMS
    emulator = Emulator(
        portal, EmulatorConfig(burst=BURST, rate=request.param, operating_limit=1e9)
    )
    sock = bind("127.0.0.1", 0)
    # Accepted sockets inherit it; without, every chunked reply waits ~40 ms for a delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server = make_server(EmulatorApp(emulator))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(server.serve(sockets=[sock]),), daemon=True
    )
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield emulator, f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    loop.close()
    sock.close()


@pytest.mark.bench
@pytest.mark.parametrize("mode", ["list-then-update", "streamed"])
def test_bench_list_and_reassign_10000(served: tuple[Emulator, str], mode: str) -> None:
    emulator, base = served
    rate = emulator.config.rate
    limits = RateLimits(burst=BURST, per_second=rate)
    waited: list[float] = []
    transport = TimedTransport()

    async def run() -> dict[str, float]:
        client = BitrixClient.from_webhook(
            webhook_url(base=base),
            transport=transport,
            limits=limits,
            budget=BudgetLimits(seconds=1e9),
            progress=lambda p: waited.append(p.wait_seconds) if p.wait_reason else None,
        )
        spec = ListSpec.crm_items(DEAL)

        def update(ids: list[int]) -> dict[str, Command]:
            return {
                str(i): Command(
                    "crm.item.update",
                    {"entityTypeId": DEAL, "id": i, "fields": {"assignedById": SUCCESSOR}},
                )
                for i in ids
            }

        async with client:
            started = time.perf_counter()
            ids: list[int] = []
            outcomes: list[UpdateOutcome] = []
            pending: list[int] = []
            async for page in client.list_pages(
                spec, filter={"assignedById": DEPARTING}, select=["id", "assignedById"]
            ):
                ids += [spec.row_id(r) for r in page.rows]
                if mode == "streamed":
                    # Reassign while listing (the cursor makes that safe, §3): the later
                    # listing batches then run while the bucket is full, not empty.
                    pending += [spec.row_id(r) for r in page.rows]
                    while len(pending) >= 50:
                        outcomes += await client.update_many(update(pending[:50]))
                        del pending[:50]
            listed_at = time.perf_counter()
            list_requests = client.stats.requests
            outcomes += await client.update_many(update(pending if mode == "streamed" else ids))
            finished = time.perf_counter()
            stats = client.stats
        done = sum(o.status is UpdateStatus.DONE for o in outcomes)
        return {
            "listed": len(ids),
            "done": done,
            "list_requests": list_requests,
            "requests": stats.requests,
            "retries": stats.retries,
            "list_seconds": listed_at - started,
            "wall": finished - started,
        }

    figures = asyncio.run(run())
    served_stats = emulator.stats()
    minimum = minimum_requests(list_rows=ITEMS, updates=ITEMS)
    requests = int(figures["requests"])
    floor = bucket_floor_seconds(requests, limits)
    floor_at_minimum = bucket_floor_seconds(minimum, limits)
    print()
    print(
        f"workload: list {ITEMS} matching deals (of {len(emulator.portal.table(DEAL))}), "
        f"reassign all; bucket {BURST} + {rate:g}/s, loopback HTTP"
    )
    print(
        f"listed {figures['listed']:.0f}, updated {figures['done']:.0f} "
        f"(retries {figures['retries']:.0f})"
    )
    print(
        f"HTTP requests: {requests} (by the end of the listing {figures['list_requests']:.0f}), "
        f"minimum {minimum} "
        f"(= {math.ceil(ITEMS / 2500)} + {math.ceil(ITEMS / 50)}), "
        f"overhead {100 * (requests - minimum) / minimum:.1f}%"
    )
    print(
        f"portal saw {served_stats['http_requests']} requests, "
        f"503: {served_stats['rejected_503']}, 429: {served_stats['rejected_429']}"
    )
    print(
        f"wall {figures['wall']:.2f} s (until the listing ended {figures['list_seconds']:.2f} s); "
        f"bucket floor {floor_at_minimum:.2f} s for the minimum, {floor:.2f} s for the "
        f"requests used; ratio {figures['wall'] / floor_at_minimum:.3f}x; "
        f"client schedule (eta) {eta_seconds(requests, limits):.2f} s"
    )
    single = single_stream_floor(transport.service, BURST, rate)
    print(
        f"waiting for the bucket {sum(waited):.2f} s; service time of the requests "
        f"{sum(transport.service):.2f} s ({1000 * sum(transport.service) / requests:.1f} ms "
        f"each)"
    )
    print(
        f"single-stream floor (exact bucket + these service times) {single:.2f} s; "
        f"ratio {figures['wall'] / single:.3f}x"
    )
    # Correctness is still checked: a benchmark that reassigned nothing would be meaningless.
    assert figures["done"] == ITEMS
    assert all(
        owner == SUCCESSOR
        for owner in (
            emulator.portal.table(DEAL).rows[i].assigned_by_id
            for i in emulator.portal.table(DEAL).by_owner.ids(SUCCESSOR)
        )
    )
