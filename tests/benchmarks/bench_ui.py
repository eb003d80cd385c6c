"""UI benchmarks: a 100,000-row section loading into a real tab, and a 10,000-item handover.

Prints figures, asserts nothing about time (style.md §8). Run:

    uv run pytest -m bench -s tests/benchmarks/bench_ui.py
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import HandoverPlan, SectionPlan, Single
from desktop_handover.handover.ports import UserInfo
from desktop_handover.handover.sections import CONTACTS, DEALS, ItemRef, SectionSpec
from desktop_handover.handover.selection import AllMatching, SectionFilter
from desktop_handover.ui import aio
from desktop_handover.ui.controllers.plan_controller import PlanController
from desktop_handover.ui.controllers.run_controller import RunController
from desktop_handover.ui.controllers.section_controller import APPEND_CHUNK, SectionController
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.views.progress_dialog import ProgressDialog
from desktop_handover.ui.views.section_tab import SectionTab
from tests.fakes import FakeCrmGateway

pytestmark = [pytest.mark.bench, pytest.mark.timeout(300)]

ROWS = 100_000
PAGE = 2_500  # items per HTTP request with chained batches (bitrix24-api.md §3)
LATENCY = 0.05  # seconds per page, a fast portal
DEPARTING, SUCCESSOR = 2, 3

WORDS = [
    "Umowa",
    "ramowa",
    "Drukarnia",
    "Wdrożenie",
    "CRM",
    "Office",
    "furniture",
    "Consulting",
    "retainer",
    "Kampania",
    "reklamowa",
    "Hardware",
    "refresh",
    "Szkolenie",
    "zespołu",
    "Website",
    "redesign",
    "Rozbudowa",
    "sieci",
]


def rss_mb() -> float:
    """Resident set size of this process, in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_items(section: SectionSpec, n: int) -> list[ItemRef]:
    rng = random.Random(7)
    items = []
    for i in range(1, n + 1):
        closed = rng.random() < 0.4
        items.append(
            ItemRef(
                section=section.key,
                id=i,
                title=" ".join(rng.choice(WORDS) for _ in range(4)) + f" {i}",
                owner_id=DEPARTING,
                category_id=rng.choice((0, 1, 2)),
                closed=closed,
                stage_id="WON" if closed else "NEGOTIATION",
                amount=round(rng.uniform(100, 250_000), 2),
                currency="PLN",
                updated=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+01:00",
                company_id=rng.randint(1, 5000),
            )
        )
    return items


class PagedGateway(FakeCrmGateway):
    """FakeCrmGateway whose listing pages like the REST gateway: 2,500 rows, some latency."""

    async def list_items(
        self,
        section: SectionSpec,
        owner_id: int,
        section_filter: SectionFilter,
        *,
        after_id: int = 0,
    ) -> AsyncIterator[Sequence[ItemRef]]:
        rows = sorted(
            (r for r in self.items.get(section.key, {}).values() if r.owner_id == owner_id),
            key=lambda r: r.id,
        )
        rows = [r for r in rows if r.id > after_id and section_filter.matches(r)]
        for start in range(0, len(rows), PAGE):
            await asyncio.sleep(LATENCY)
            yield rows[start : start + PAGE]


class StallMeter:
    """Measures the longest gap between ticks of a 1 ms Qt timer: how long the loop stalled."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0
        self.gaps: list[int] = []

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        gap = now - self.last
        self.gaps.append(gap)
        self.worst = max(self.worst, gap)
        self.last = now

    def stop(self) -> None:
        self.timer.stop()

    def over(self, ms: int) -> int:
        return sum(1 for g in self.gaps if g > ms)


def search(tab: SectionTab, text: str) -> None:
    """Type `text` into the tab's search field and apply it now."""
    tab.search.setText(text)
    tab.search.flush()


def users() -> dict[int, UserInfo]:
    return {
        1: UserInfo(1, "Admin", True),
        DEPARTING: UserInfo(DEPARTING, "Dora Leaving", False),
        SUCCESSOR: UserInfo(SUCCESSOR, "Sam Next", True),
    }


@pytest.mark.parametrize("sort", ["load order", "sorted by title"])
def test_bench_100k_rows_load_into_a_tab(qtbot, sort: str) -> None:
    # The qasync loop comes from aio.run(): the loop-factory hook lives in tests/ui only.
    assert aio.run(_load_100k(qtbot, sort)) == 0


async def _load_100k(qtbot, sort: str) -> int:
    gw = PagedGateway(users=users(), webhook_user_id=1)
    gw.items[CONTACTS.key] = {i.id: i for i in make_items(CONTACTS, ROWS)}
    gc.collect()
    rss_before = rss_mb()
    model = CrmItemsModel(columns_for(CONTACTS))
    controller = SectionController(
        gw,
        CONTACTS,
        DEPARTING,
        model,
        total=ROWS,
        eager_limit=ROWS,
        chunk=int(os.environ.get("CHUNK", APPEND_CHUNK)),
    )
    tab = SectionTab(CONTACTS, model, "Dora Leaving")
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    if sort != "load order":
        # The worst case for the proxy: a sort is active while pages stream in.
        tab.table.sortByColumn(model.column_of("title"), Qt.SortOrder.AscendingOrder)
    controller.loaded.connect(tab.set_loaded)
    plan = PlanController(users()[DEPARTING], list(users().values()), 1)
    plan.add_section(controller)

    first_rows: list[float] = []
    started = time.perf_counter()
    controller.loaded.connect(
        lambda n, _t: first_rows.append(time.perf_counter() - started) if not first_rows else None
    )
    meter = StallMeter()
    meter.start()
    await controller.reload()
    load_seconds = time.perf_counter() - started
    meter.stop()
    rss_loaded = rss_mb()
    phases = [f"loading {meter.worst} ms ({meter.over(50)} of {len(meter.gaps)} ticks > 50 ms)"]
    # Then what an admin does next, each measured on its own.
    for name, action in (
        ("choose a successor", lambda: plan.add_successor(SUCCESSOR)),
        ("for all", lambda: model.set_for_all(True)),
        ("plan summary", plan.refresh),
        ("search", lambda: search(tab, "Umowa ramowa")),
        (
            "sort by amount",
            lambda: tab.table.sortByColumn(
                model.column_of("amount"), Qt.SortOrder.DescendingOrder
            ),
        ),
    ):
        meter = StallMeter()
        meter.start()
        result = action()
        if asyncio.iscoroutine(result):
            await result
        await asyncio.sleep(0.3)
        meter.stop()
        phases.append(f"{name} {meter.worst} ms")
    summary = plan.summary
    assert summary is not None
    gc.collect()
    print(
        f"\n100k-row section ({sort}): first rows after {first_rows[0] * 1000:.0f} ms "
        f"(first page latency {LATENCY * 1000:.0f} ms); all {model.rowCount():,} rows in "
        f"{load_seconds:.2f} s ({ROWS // PAGE} pages of {PAGE:,}); longest loop stall: "
        + "; ".join(phases)
        + f". RSS {rss_before:.0f} MB before, {rss_loaded:.0f} MB with 100k rows loaded "
        f"(+{rss_loaded - rss_before:.0f} MB), {rss_mb():.0f} MB after the plan summary"
    )
    assert model.rowCount() == ROWS
    assert summary.item_count == ROWS
    await plan.stop()
    return 0


def test_bench_10k_item_handover_with_the_progress_dialog(qtbot, tmp_path: Path) -> None:
    assert aio.run(_handover_10k(qtbot, tmp_path)) == 0


async def _handover_10k(qtbot, tmp_path: Path) -> int:
    n = 10_000
    gw = FakeCrmGateway(users=users(), webhook_user_id=1, page_size=2_500)
    gw.items[DEALS.key] = {i.id: i for i in make_items(DEALS, n)}

    async def on_the_wire(_call: int) -> None:
        await asyncio.sleep(0.005)  # a fast portal's round trip per batch

    gw.in_flight = on_the_wire
    journal = Journal(tmp_path / "journal.sqlite3")
    run = RunController(gw, journal)
    dialog = ProgressDialog("Dora Leaving", {"deals": "Deals"})
    qtbot.addWidget(dialog)
    run.progressed.connect(dialog.update_progress)
    dialog.open()
    plan = HandoverPlan(
        DEPARTING, (SectionPlan(DEALS, AllMatching(SectionFilter.ALL)),), Single(SUCCESSOR)
    )
    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    report = await run.start_run(plan)
    seconds = time.perf_counter() - started
    meter.stop()
    assert report is not None
    print(
        f"\n10k-item handover: {report.total(report.rows[0].outcome):,} done in {seconds:.2f} s "
        f"({gw.reassign_count} batches); longest loop stall {meter.worst} ms; "
        f"ticks over 50 ms: {meter.over(50)} of {len(meter.gaps)}"
    )
    journal.close()
    return 0
