"""The composition root: the command line, journals per portal, and a real --demo start."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_handover import app
from desktop_handover.services.logs import reset_logging
from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.pickers import EmployeePickerDialog


def test_parser_knows_demo() -> None:
    args = app.build_parser().parse_args(["--demo"])
    assert args.demo
    assert args.demo_scale == "medium"
    assert args.demo_latency_ms == app.DEMO_LATENCY_MS


def test_one_journal_per_portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    a = app.journal_path("acme.bitrix24.pl")
    b = app.journal_path("beta.bitrix24.pl")
    demo = app.journal_path("acme.bitrix24.pl", demo=True)
    assert len({a, b, demo}) == 3
    assert app.journal_path("../../etc").name == ".._.._etc.sqlite3"
    assert a.parent.is_dir()


def test_demo_starts_offers_the_picker_and_quits_cleanly(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    seen: list[str] = []

    def poll(left: int = 500) -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        pickers = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, EmployeePickerDialog) and w.isVisible()
        ]
        if windows and pickers and pickers[0].dismissed_proxy.rowCount():
            seen.append(windows[0].windowTitle())
            pickers[0].reject()
            windows[0].close()
        elif left:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    try:
        code = app.main(["--demo", "--demo-scale", "small", "--demo-latency-ms", "0"])
    finally:
        reset_logging()  # main() configured the root logger for the app
    assert code == 0
    assert seen == ["desktop_handover — demo.bitrix24.pl (demo)"]
    assert list((tmp_path / "data").rglob("demo-demo.bitrix24.pl.sqlite3"))
