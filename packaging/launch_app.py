"""PyInstaller entry point of the desktop app (the same as the `desktop-handover` script).

`--self-test` (the bundle's smoke check, run by packaging/build.py): start the app offscreen
against the in-process demo portal, pick the first dismissed employee, wait until one
section's table has rows, close the window, and exit 0; exit 1 if that does not happen within
a minute. When app.py implements `--self-test` itself, the flag is passed through to it and
this launcher's version is not used.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_handover import app

SELF_TEST = "--self-test"
SELF_TEST_TIMEOUT_S = 60.0
POLL_MS = 50
CLOSE_GRACE_S = 10.0


def app_has_self_test() -> bool:
    """Whether app.py's own command line already knows --self-test."""
    return SELF_TEST in app.build_parser().format_help()


def self_test_hook(outcome: dict[str, str]) -> Callable[[QApplication], None]:
    """A startup hook driving the demo from the picker to one loaded section, then closing."""
    # Imported here: only the self-test needs the view classes.
    from desktop_handover.ui.views.main_window import MainWindow  # noqa: PLC0415
    from desktop_handover.ui.views.pickers import EmployeePickerDialog  # noqa: PLC0415
    from desktop_handover.ui.views.section_tab import SectionTab  # noqa: PLC0415

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


def main(argv: list[str]) -> int:
    """Run the app; handle --self-test here unless app.py does."""
    if SELF_TEST not in argv or app_has_self_test():
        return app.main(argv)
    outcome: dict[str, str] = {"result": "FAIL: the app ended before the self-test finished"}
    app.STARTUP_HOOKS.append(self_test_hook(outcome))
    rest = [a for a in argv if a != SELF_TEST]
    code = app.main(["--demo", "--demo-scale", "small", "--demo-latency-ms", "0", *rest])
    print(f"self-test: {outcome['result']}", flush=True)
    if code != 0:
        return code
    return 0 if outcome["result"].startswith("ok") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
