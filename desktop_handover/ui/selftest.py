"""`desktop-handover --self-test`: the smoke check of a build, driven through the real UI.

It starts the app offscreen against the small in-process demo portal, picks the first
dismissed employee, waits until one section's table has rows, closes the window, and reports
"ok" (exit 0) or why not (exit 1) within a minute. packaging/build.py runs it on every bundle.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.pickers import EmployeePickerDialog
from desktop_handover.ui.views.section_tab import SectionTab

SELF_TEST_TIMEOUT_S = 60.0
POLL_MS = 50
CLOSE_GRACE_S = 10.0


def self_test_hook(outcome: dict[str, str]) -> Callable[[QApplication], None]:
    """A startup hook driving the demo from the picker to one loaded section, then closing."""
    deadline = time.monotonic() + SELF_TEST_TIMEOUT_S
    stage = {"now": "waiting for the main window and the employee picker"}

    def close_everything() -> bool:
        """Reject the picker and close the main window; True once the window was closed."""
        closed = False
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, EmployeePickerDialog) and widget.isVisible():
                widget.reject()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
                closed = True
        return closed

    def finish(result: str) -> None:
        outcome["result"] = result
        wind_down(time.monotonic() + CLOSE_GRACE_S)

    def wind_down(give_up_at: float) -> None:
        # The main window may not exist yet (still connecting): keep trying, then give up hard,
        # since a self-test that cannot even close must not hang the build.
        if close_everything():
            return
        if time.monotonic() > give_up_at:
            print(f"self-test: {outcome['result']} (and the app did not close)", flush=True)
            os._exit(1)
        QTimer.singleShot(POLL_MS, lambda: wind_down(give_up_at))

    def poll() -> None:
        if time.monotonic() > deadline:
            finish(f"FAIL: timed out {stage['now']}")
            return
        tops = QApplication.topLevelWidgets()
        windows = [w for w in tops if isinstance(w, MainWindow) and w.isVisible()]
        pickers = [w for w in tops if isinstance(w, EmployeePickerDialog) and w.isVisible()]
        if pickers and pickers[0].dismissed_proxy.rowCount():
            picker = pickers[0]
            picker.dismissed_view.setCurrentIndex(picker.dismissed_proxy.index(0, 0))
            picker.accept()
            stage["now"] = "waiting for a section to load"
        elif windows and not pickers:
            for tab in windows[0].findChildren(SectionTab):
                model = tab.table.model()
                if model is not None and model.rowCount() > 0:
                    index = windows[0].tabs.indexOf(tab)
                    name = windows[0].tabs.tabText(index) if index >= 0 else "?"
                    finish(f"ok: main window shown, section {name!r}: {model.rowCount()} rows")
                    return
        QTimer.singleShot(POLL_MS, poll)

    def hook(qapp: QApplication) -> None:
        del qapp
        QTimer.singleShot(0, poll)

    return hook
