"""The crash hook logs the traceback and shows one plain-text crash dialog."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_handover.ui.crash import CrashHandler


class PortalFailure(RuntimeError):
    """A stand-in for an unexpected error."""


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.fixture
def handler(qtbot: QtBot, tmp_path: Path) -> Iterator[CrashHandler]:
    opened: list[QUrl] = []
    crash = CrashHandler(log_file=lambda: tmp_path / "logs" / "app.log", open_url=opened.append)
    crash.opened = opened  # type: ignore[attr-defined]
    yield crash
    if crash.box is not None:
        crash.box.hide()
        crash.box.deleteLater()


def fire(crash: CrashHandler, exc: BaseException) -> None:
    caught = raised(exc)
    crash.hook(type(caught), caught, caught.__traceback__)


def test_logs_the_traceback_and_shows_one_plain_box(
    handler: CrashHandler, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        fire(handler, PortalFailure("crm.deal.update on acme.bitrix24.pl failed"))
    record = next(r for r in caplog.records if r.name == "desktop_handover.ui.crash")
    assert record.exc_info is not None
    assert record.exc_info[0] is PortalFailure
    assert "raise exc" in caplog.text  # the traceback is in the log
    boxes = visible_boxes()
    assert boxes == [handler.box]
    text = boxes[0].text()
    assert "PortalFailure: crm.deal.update on acme.bitrix24.pl failed" in text
    assert "journal" in text
    assert "resume" in text
    assert str(tmp_path / "logs" / "app.log") in text
    assert "Traceback" not in text
    assert "raise exc" not in text
    # Parentless: open() then blocks no window of the app.
    assert boxes[0].parent() is None


def test_a_second_error_does_not_stack_a_second_box(handler: CrashHandler) -> None:
    fire(handler, PortalFailure("first"))
    fire(handler, ValueError("second"))
    boxes = visible_boxes()
    assert len(boxes) == 1
    assert "first" in boxes[0].text()


def test_after_the_box_is_closed_the_next_error_reuses_it(handler: CrashHandler) -> None:
    fire(handler, PortalFailure("first"))
    first = handler.box
    assert first is not None
    first.done(0)
    fire(handler, ValueError("second"))
    assert visible_boxes() == [first]
    assert "ValueError: second" in first.text()


def test_portal_text_in_the_message_stays_plain(handler: CrashHandler) -> None:
    fire(handler, PortalFailure('<b>Acme</b> <a href="https://evil.example">click</a>'))
    assert handler.box is not None
    assert handler.box.textFormat() == Qt.TextFormat.PlainText
    assert '<b>Acme</b> <a href="https://evil.example">click</a>' in handler.box.text()


def test_the_button_opens_the_log_folder(handler: CrashHandler, tmp_path: Path) -> None:
    fire(handler, PortalFailure("boom"))
    assert handler.box is not None
    button = next(
        b for b in handler.box.buttons() if b.text().replace("&", "") == "Open log folder"
    )
    button.click()
    opened: list[QUrl] = handler.opened  # type: ignore[attr-defined]
    assert [Path(u.toLocalFile()) for u in opened] == [tmp_path / "logs"]


def test_install_and_uninstall_restore_the_previous_hook(handler: CrashHandler) -> None:
    before = sys.excepthook
    handler.install()
    try:
        assert sys.excepthook == handler.hook
    finally:
        handler.uninstall()
    assert sys.excepthook is before
