"""The last resort for unhandled errors: log the traceback, show one plain crash dialog."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton

from desktop_handover.services.logs import current_log_file
from desktop_handover.ui import messages

logger = logging.getLogger(__name__)

# An exception message longer than this is cut in the dialog (the log keeps all of it).
MAX_MESSAGE_CHARS = 500

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashHandler(QObject):
    """Our `sys.excepthook` (style.md §3.5): every unexpected error ends up here.

    It logs the traceback through the root logger's redacting handlers and shows one
    crash dialog, like qutebrowser's crash handler. The dialog names the exception and its
    message (our errors carry no secrets), never the traceback; while it is showing, further
    errors are only logged, so a failing timer cannot stack dialogs.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        log_file: Callable[[], Path | None] = current_log_file,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        # Injectable so that tests never open a real file manager.
        self._log_file = log_file
        self._open_url = open_url
        self._previous: ExceptHook | None = None
        self.box: QMessageBox | None = None
        self._log_button: QPushButton | None = None

    def install(self) -> None:
        """Become `sys.excepthook`, remembering the hook in place before."""
        if self._previous is None:
            self._previous = sys.excepthook
        sys.excepthook = self.hook

    def uninstall(self) -> None:
        """Put the previous hook back (at shutdown)."""
        if self._previous is not None and sys.excepthook == self.hook:
            sys.excepthook = self._previous
        self._previous = None

    def hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """Log the exception with its traceback and show the crash dialog."""
        if issubclass(exc_type, KeyboardInterrupt):
            # Ctrl+C in a terminal is no crash: let the default hook end the program.
            sys.__excepthook__(exc_type, exc, tb)
            return
        logger.error("unhandled exception", exc_info=(exc_type, exc, tb))
        try:
            self.show(exc_type, exc)
        except Exception:  # the hook must never raise: log, and the log is all we have
            logger.exception("could not show the crash dialog")

    def show(self, exc_type: type[BaseException], exc: BaseException) -> None:
        """Show the crash dialog for `exc`, unless one is already showing."""
        if self.box is not None and self.box.isVisible():
            logger.info("a crash dialog is already showing; not stacking another")
            return
        box = self._box()
        box.setText(self.describe(exc_type, exc))
        # A parentless box opened with open() blocks no window: the app stays usable.
        box.open()

    def describe(self, exc_type: type[BaseException], exc: BaseException) -> str:
        """The dialog's plain text: what happened, that nothing is lost, where the log is."""
        message = str(exc).strip()
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[:MAX_MESSAGE_CHARS] + "…"
        what = f"{exc_type.__name__}: {message}" if message else exc_type.__name__
        log_file = self._log_file()
        where = (
            self.tr("Logging to a file is off in this run.")
            if log_file is None
            else messages.fmt(self.tr("The details are in the log file: {0}"), str(log_file))
        )
        if self._log_button is not None:
            self._log_button.setEnabled(log_file is not None)
        return "\n\n".join(
            [
                messages.fmt(self.tr("Something went wrong: {0}"), what),
                self.tr(
                    "Nothing is lost: every change made so far is in the journal, and an "
                    "interrupted handover is offered for resume at the next start."
                ),
                where,
            ]
        )

    def _box(self) -> QMessageBox:
        if self.box is None:
            box = QMessageBox()
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(self.tr("desktop_handover: unexpected error"))
            # The exception message may quote portal text: never let Qt read it as HTML.
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._log_button = box.addButton(
                self.tr("Open log folder"), QMessageBox.ButtonRole.ActionRole
            )
            box.addButton(QMessageBox.StandardButton.Close)
            box.buttonClicked.connect(self._on_button_clicked)
            self.box = box
        return self.box

    def _on_button_clicked(self, button: QAbstractButton) -> None:
        if button is not self._log_button:
            return
        log_file = self._log_file()
        if log_file is not None:
            self._open_url(QUrl.fromLocalFile(str(log_file.parent)))
