"""Take the README's screenshots from the demo mode.

Run under Xvfb (desktop-toolchain.md §8), from the checkout:

    Xvfb :99 -screen 0 1600x1000x24 -nolisten tcp &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb uv run python resources/screenshots/take_screenshots.py

It drives the real window against the embedded demo portal (medium scale, realistic latency
and limits): picks a dismissed salesperson with a big book, ticks some deals, "for all" on
contacts with one exclusion, splits between two successors, and starts the handover.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop_handover.app import demo_emulator, open_demo
from desktop_handover.emulator.seed import demo_facts
from desktop_handover.handover.journal import Journal
from desktop_handover.ui import aio
from desktop_handover.ui.controllers.plan_draft import SplitMode
from desktop_handover.ui.controllers.session_controller import SessionController
from desktop_handover.ui.views.main_window import MainWindow

OUT = Path(__file__).resolve().parent


async def settle(seconds: float = 0.3) -> None:
    """Let the window paint."""
    await asyncio.sleep(seconds)


async def shoot() -> int:
    """Drive the demo window and save the three screenshots next to this script."""
    emulator = demo_emulator("medium")
    facts = demo_facts(emulator.portal)
    connection = await open_demo(emulator)
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal(Path(tmp) / "journal.sqlite3")
        window = MainWindow(f"{connection.host} (demo)")
        window.resize(1360, 820)
        window.show()
        session = SessionController(
            connection.gateway,
            connection.me,
            journal,
            window,
            pacing=connection.pacing,
            catalog=connection.catalog,
        )
        try:
            await session.load()
            departing = session.users_model.user(facts.big_book_user_id)
            assert departing is not None
            await session.set_departing(departing)
            keys = [s.key for s in session.sections]
            window.tabs.setCurrentIndex(keys.index("contacts"))
            window.tabs.setCurrentIndex(keys.index("deals"))
            deals = session.controller_for("deals")
            contacts = session.controller_for("contacts")
            for controller in (deals, contacts):
                await controller.wait()
            await session.wait_catalogues()
            if session.name_lookup is not None:
                await session.name_lookup.wait()
            tab = window.tab_for("deals")
            tab.table.sortByColumn(deals.model.column_of("amount"), Qt.SortOrder.DescendingOrder)
            for row in (0, 1, 2, 4, 5):
                tab.proxy.setData(tab.proxy.index(row, 0), 2, Qt.ItemDataRole.CheckStateRole)
            contact_tab = window.tab_for("contacts")
            contact_tab.for_all.setChecked(True)
            contact_tab.proxy.setData(
                contact_tab.proxy.index(1, 0), 0, Qt.ItemDataRole.CheckStateRole
            )
            plan = session.plan
            assert plan is not None
            s1, s2 = facts.successor_candidate_ids[:2]
            plan.set_successors([s1, s2])
            window.panel.mode.setCurrentIndex(window.panel.mode.findData(SplitMode.EVEN.value))
            await plan.refresh()
            tab.table.selectRow(3)
            await settle(1.0)
            window.grab().save(str(OUT / "main-window.png"))
            panel = window.panel
            bottom = panel.plan_box.geometry().bottom() + 8
            panel.grab(QRect(0, 0, panel.width(), bottom)).save(str(OUT / "plan-panel.png"))

            run = asyncio.ensure_future(session.run_plan(plan.plan()))
            # Past the burst of 50 requests the portal's rate limit paces the run.
            for _ in range(600):
                await asyncio.sleep(0.1)
                dialog = session.progress
                if dialog is not None and dialog.wait.text() and "done" in dialog.totals.text():
                    break
            await settle(0.5)
            dialog = session.progress
            assert dialog is not None
            dialog.grab().save(str(OUT / "progress-dialog.png"))
            dialog.cancel_button.click()
            await asyncio.gather(run, return_exceptions=True)
        finally:
            await session.shutdown()
            await connection.aclose()
            journal.close()
            window.close()
    return 0


def shrink() -> None:
    """Quantize the PNGs to 128 colours with ImageMagick, if installed (toolchain §6.8)."""
    convert = Path("/usr/bin/convert")
    if not convert.exists():
        return
    for name in ("main-window", "plan-panel", "progress-dialog"):
        path = str(OUT / f"{name}.png")
        subprocess.run(  # noqa: S603 - fixed program, our own file names
            [str(convert), path, "-strip", "-colors", "128", f"PNG8:{path}"], check=True
        )


def main() -> int:
    """Take the screenshots; returns the exit code."""
    QApplication.instance() or QApplication(sys.argv[:1])
    code = aio.run(shoot())
    shrink()
    return code


if __name__ == "__main__":
    sys.exit(main())
