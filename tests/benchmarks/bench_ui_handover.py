"""UI figures on the emulator over loopback HTTP: a 100,000-row section, and W1 from the dialog.

bench_ui.py measures the same widgets on an in-memory gateway; this one drives the real REST
gateway against a served portal, as the running app does. It is run by tests/benchmarks/run.py
(`uv run python -m tests.benchmarks.run`), which serves the portal, resets it and passes the
webhook in DESKTOP_HANDOVER_WEBHOOK; by hand:

    uv run python -m tests.benchmarks.bench_ui_handover --big-book 6 --departing 41 \\
        --successor 7 --rate-limit 50/10 --journal /tmp/j.sqlite3

It prints one JSON line: time to first rows, load time and the longest event-loop stall while
the big-book user's contacts load into a sorted tab; time to the first progress event, run
time and the longest stall while W1 (every section, one successor) runs with the progress
dialog open. Nothing is asserted on time (style.md §8).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.report import Outcome
from desktop_handover.handover.sections import CONTACTS
from desktop_handover.services.connection import open_portal
from desktop_handover.services.planspec import PlanSpec, build_plan
from desktop_handover.ui import aio
from desktop_handover.ui.controllers.plan_controller import PlanController
from desktop_handover.ui.controllers.run_controller import RunController
from desktop_handover.ui.controllers.section_controller import NameLookup, SectionController
from desktop_handover.ui.models.columns import DisplayNames, columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.views.progress_dialog import ProgressDialog
from desktop_handover.ui.views.section_tab import SectionTab
from tests.benchmarks.bench_ui import StallMeter


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Both measurements, one after the other, on one connection."""
    burst, _, rate = args.rate_limit.partition("/")
    conn = await open_portal(
        os.environ["DESKTOP_HANDOVER_WEBHOOK"],
        limits=RateLimits(burst=int(burst), per_second=float(rate)),
    )
    figures: dict[str, Any] = {}
    try:
        users = list(await conn.gateway.list_users())
        by_id = {u.id: u for u in users}
        # --- a 100,000-row section loading into a sorted tab ---------------------------------
        # With --names the companies' names are looked up while rows load, as in the app.
        names = DisplayNames()
        lookup = NameLookup(conn.catalog, names) if args.names else None
        model = CrmItemsModel(columns_for(CONTACTS, names))
        controller = SectionController(
            conn.gateway, CONTACTS, args.big_book, model, eager_limit=10**7, names=lookup
        )
        tab = SectionTab(CONTACTS, model, by_id[args.big_book].name)
        tab.resize(1200, 700)
        tab.show()
        tab.table.sortByColumn(model.column_of("title"), Qt.SortOrder.AscendingOrder)
        controller.loaded.connect(tab.set_loaded)
        plan = PlanController(by_id[args.big_book], users, conn.me.id)
        plan.add_section(controller)
        first_rows: list[float] = []
        started = time.perf_counter()
        model.rowsInserted.connect(
            lambda *_: first_rows.append(time.perf_counter() - started) if not first_rows else None
        )
        meter = StallMeter()
        meter.start()
        await controller.reload()
        figures["load_seconds"] = time.perf_counter() - started
        meter.stop()
        figures["rows"] = model.rowCount()
        figures["first_rows_ms"] = first_rows[0] * 1000 if first_rows else None
        figures["load_stall_ms"] = meter.worst
        figures["load_ticks_over_50ms"] = meter.over(50)
        if lookup is not None:
            meter = StallMeter()
            meter.start()
            await lookup.wait()
            meter.stop()
            figures["names_seconds"] = time.perf_counter() - started
            figures["names_requests"] = lookup.requests
            figures["names_stall_ms"] = meter.worst
        await plan.stop()
        tab.close()
        tab.deleteLater()
        del model, controller, tab, plan
        gc.collect()
        if args.load_only:
            return figures
        # --- W1 from the progress dialog ----------------------------------------------------
        handover, _notes = await build_plan(
            PlanSpec(departing=args.departing, successors=(args.successor,)), conn.gateway
        )
        journal = Journal(Path(args.journal))
        run = RunController(conn.gateway, journal, pacing=conn.pacing)
        dialog = ProgressDialog(
            by_id[args.departing].name,
            {sp.section.key: sp.section.key for sp in handover.sections},
        )
        first_progress: list[float] = []
        run.progressed.connect(dialog.update_progress)
        dialog.open()
        meter = StallMeter()
        started = time.perf_counter()
        run.progressed.connect(
            lambda _p: (
                first_progress.append(time.perf_counter() - started)
                if not first_progress
                else None
            )
        )
        meter.start()
        report = await run.start_run(handover)
        figures["run_seconds"] = time.perf_counter() - started
        meter.stop()
        figures["run_first_progress_ms"] = first_progress[0] * 1000 if first_progress else None
        figures["run_stall_ms"] = meter.worst
        figures["run_ticks_over_50ms"] = meter.over(50)
        figures["run_done"] = report.total(Outcome.DONE) if report is not None else 0
        dialog.close()
        journal.close()
    finally:
        await conn.aclose()
    return figures


def main(argv: list[str]) -> int:
    """Parse the options, measure, print one JSON line."""
    parser = argparse.ArgumentParser(prog="bench_ui_handover")
    parser.add_argument("--big-book", type=int, required=True)
    parser.add_argument("--departing", type=int, required=True)
    parser.add_argument("--successor", type=int, required=True)
    parser.add_argument("--rate-limit", default="50/2")
    parser.add_argument("--journal", required=True)
    parser.add_argument(
        "--names", action="store_true", help="look up company names while rows load"
    )
    parser.add_argument(
        "--load-only", action="store_true", help="measure the section load, skip the W1 run"
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="write a cProfile of the whole measurement to FILE"
    )
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {}

    async def body() -> int:
        figures.update(await measure(args))
        return 0

    if args.profile:
        with cProfile.Profile() as profile:
            code = aio.run(body())
        profile.dump_stats(args.profile)
        print(json.dumps(figures), flush=True)
        return code

    code = aio.run(body())
    print(json.dumps(figures), flush=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
