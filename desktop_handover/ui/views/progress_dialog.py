"""ProgressDialog: a run's per-section bars, counts, rate, ETA and waits; then its summary."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.handover.report import (
    DismissOutcome,
    HandoverReport,
    Outcome,
    Progress,
    RunKind,
)
from desktop_handover.ui import messages


def _plain(parent: QWidget, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ProgressDialog(QDialog):
    """Modeless progress of a handover (opened with open(), never exec()), then its summary.

    While running, closing the dialog means Cancel; the dialog never closes itself during a
    run. When the run ends the same dialog shows the summary and the follow-up actions.

    Signals:
        cancel_requested(): Cancel (stop after the batch in flight).
        retry_requested(): "Retry failed".
        export_requested(): "Export report (CSV)…".
        undo_requested(): "Undo this handover".
        dismiss_requested(): "Dismiss {name}…".
        resume_requested(): "Resume" after a cancel or an interruption.
    """

    cancel_requested = Signal()
    retry_requested = Signal()
    export_requested = Signal()
    undo_requested = Signal()
    dismiss_requested = Signal()
    resume_requested = Signal()

    def __init__(
        self,
        departing_name: str,
        section_names: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._departing_name = departing_name
        self._section_names = dict(section_names)
        self.setWindowTitle(messages.fmt(self.tr("Handing over {0}'s items"), departing_name))
        self.setMinimumWidth(560)
        self._running = True
        self.bars: dict[str, QProgressBar] = {}
        self.counts: dict[str, QLabel] = {}
        self.grid = QGridLayout()
        # No window manager shows the title everywhere (and screen readers start here).
        self.heading = _plain(self, self.windowTitle())
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.phase = _plain(self, self.tr("Starting…"))
        self.totals = _plain(self)
        self.totals.setAccessibleName(self.tr("Done, skipped and failed"))
        self.rate = _plain(self)
        self.wait = _plain(self)
        self.wait.setAccessibleName(self.tr("Current wait"))
        self.outcome = _plain(self)
        self.outcome.setAccessibleName(self.tr("Result"))
        self.outcome.hide()
        self.failed = QTableWidget(0, 4, self)
        self.failed.setHorizontalHeaderLabels(
            [self.tr("Section"), self.tr("ID"), self.tr("Title"), self.tr("Reason")]
        )
        self.failed.setAccessibleName(self.tr("Items not handed over, with reasons"))
        self.failed.verticalHeader().hide()
        self.failed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failed.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.failed.hide()

        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop after the batch in flight"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.resume_button.clicked.connect(self.resume_requested)
        self.retry_button = QPushButton(self.tr("Retry failed"), self)
        self.retry_button.clicked.connect(self.retry_requested)
        self.export_button = QPushButton(self.tr("Export report (CSV)…"), self)
        self.export_button.clicked.connect(self.export_requested)
        self.undo_button = QPushButton(self.tr("Undo this handover"), self)
        self.undo_button.clicked.connect(self.undo_requested)
        self.dismiss_button = QPushButton(
            messages.fmt(self.tr("Dismiss {0}…"), departing_name), self
        )
        self.dismiss_button.clicked.connect(self.dismiss_requested)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.accept)
        self._after = (
            self.resume_button,
            self.retry_button,
            self.export_button,
            self.undo_button,
            self.dismiss_button,
            self.close_button,
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        for button in self._after:
            buttons.addWidget(button)
            button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.phase)
        layout.addLayout(self.grid)
        layout.addWidget(self.totals)
        layout.addWidget(self.rate)
        layout.addWidget(self.wait)
        layout.addWidget(self.outcome)
        layout.addWidget(self.failed, 1)
        layout.addLayout(buttons)

    @property
    def running(self) -> bool:
        """Whether the dialog shows a running job."""
        return self._running

    # --- while running ------------------------------------------------------------------------

    def start(self, title: str | None = None) -> None:
        """Show the running state again (retry, resume, undo)."""
        if title:
            self.setWindowTitle(title)
            self.heading.setText(title)
        self._running = True
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        for button in self._after:
            button.hide()
        self.outcome.hide()
        self.failed.hide()
        self.wait.clear()

    def _row(self, section: str) -> tuple[QProgressBar, QLabel]:
        bar = self.bars.get(section)
        if bar is None:
            row = len(self.bars)
            name = self._section_names.get(section, section)
            label = _plain(self, name)
            bar = QProgressBar(self)
            bar.setAccessibleName(messages.fmt(self.tr("{0} progress"), name))
            bar.setTextVisible(False)
            count = _plain(self)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(bar, row, 1)
            self.grid.addWidget(count, row, 2)
            self.grid.setColumnStretch(1, 1)
            self.bars[section] = bar
            self.counts[section] = count
        return bar, self.counts[section]

    def update_progress(self, progress: Progress) -> None:
        """Show one progress event."""
        self.phase.setText(messages.phase_text(progress.phase))
        done = skipped = failed = 0
        for sp in progress.sections:
            bar, count = self._row(sp.section)
            bar.setRange(0, max(sp.total, 1))
            bar.setValue(min(sp.processed, max(sp.total, 1)))
            count.setText(f"{messages.number(sp.processed)} / {messages.number(sp.total)}")
            done += sp.done
            skipped += sp.skipped
            failed += sp.failed
        self.totals.setText(
            messages.fmt(
                self.tr("{0} done · {1} skipped (someone else took them) · {2} failed"),
                messages.number(done),
                messages.number(skipped),
                messages.number(failed),
            )
        )
        if progress.rate > 0 or progress.eta_seconds is not None:
            self.rate.setText(
                messages.fmt(
                    self.tr("{0} items/s · about {1} left"),
                    f"{progress.rate:.0f}",
                    messages.duration(progress.eta_seconds),
                )
            )
        self.wait.setText(messages.wait_text(progress.wait))

    # --- at the end ---------------------------------------------------------------------------

    def show_report(self, report: HandoverReport, reason: str = "") -> None:
        """Show the summary of a finished (or stopped, with `reason`) run and its actions."""
        self._running = False
        self.cancel_button.hide()
        self.wait.clear()
        self.rate.clear()
        for section in report.progress_sections():
            bar, count = self._row(section.section)
            bar.setRange(0, max(section.total, 1))
            bar.setValue(min(section.processed, max(section.total, 1)))
            count.setText(
                f"{messages.number(section.processed)} / {messages.number(section.total)}"
            )
        done = report.total(Outcome.DONE)
        skipped = report.total(Outcome.SKIPPED_MOVED_MEANWHILE) + report.total(
            Outcome.SKIPPED_NOT_FOUND
        )
        failed = report.total(Outcome.FAILED)
        self.totals.setText(
            messages.fmt(
                self.tr("{0} done · {1} skipped · {2} failed"),
                messages.number(done),
                messages.number(skipped),
                messages.number(failed),
            )
        )
        lines = []
        if reason:
            lines.append(reason)
            self.phase.setText(self.tr("Stopped."))
        else:
            self.phase.setText(
                self.tr("Undo finished.") if report.kind is RunKind.UNDO else self.tr("Finished.")
            )
        residue = report.residue_total
        if residue is not None and report.kind is RunKind.HANDOVER:
            lines.append(
                messages.fmt(
                    self.tr("Residue check: {0} selected items left with {1}."),
                    messages.number(residue),
                    self._departing_name,
                )
            )
        if report.dismissed is not None:
            lines.append(
                {
                    DismissOutcome.DISMISSED: messages.fmt(
                        self.tr("{0} has been dismissed."), self._departing_name
                    ),
                    DismissOutcome.ALREADY_DISMISSED: messages.fmt(
                        self.tr("{0} was already dismissed."), self._departing_name
                    ),
                    DismissOutcome.SKIPPED_RESIDUE: messages.fmt(
                        self.tr("{0} was not dismissed: items are left or failed."),
                        self._departing_name,
                    ),
                    DismissOutcome.FAILED: messages.fmt(
                        self.tr("Dismissing {0} failed."), self._departing_name
                    ),
                }[report.dismissed]
            )
        self.outcome.setText("\n".join(lines))
        self.outcome.setVisible(bool(lines))
        problems = [r for r in report.rows if r.outcome is not Outcome.DONE]
        self.failed.setRowCount(0)
        for row in problems[:1000]:
            n = self.failed.rowCount()
            self.failed.insertRow(n)
            reason_text = messages.outcome_text(row.outcome)
            if row.error:
                reason_text += ": " + messages.error_text(row.error)
            for col, text in enumerate(
                (
                    self._section_names.get(row.section, row.section),
                    str(row.item_id),
                    row.title,
                    reason_text,
                )
            ):
                # QTableWidgetItem shows plain text: titles are portal text (ui.md §6).
                self.failed.setItem(n, col, QTableWidgetItem(text))
        self.failed.setVisible(bool(problems))
        stopped = bool(reason)
        self.resume_button.setVisible(stopped and report.kind is RunKind.HANDOVER)
        self.retry_button.setVisible(failed > 0 and not stopped)
        self.export_button.show()
        self.undo_button.setVisible(report.kind is RunKind.HANDOVER and done > 0)
        self.close_button.show()
        self.close_button.setDefault(True)

    def show_refusal(self, text: str) -> None:
        """The job was refused before anything changed."""
        self._running = False
        self.cancel_button.hide()
        self.phase.setText(self.tr("Nothing was changed."))
        self.outcome.setText(text)
        self.outcome.show()
        self.close_button.show()

    def set_dismiss_available(self, available: bool) -> None:
        """Offer "Dismiss {name}…" (admin only, while the employee is still active)."""
        self.dismiss_button.setVisible(available and not self._running)

    def append_result(self, text: str) -> None:
        """Add a line to the result text (dismissal, export)."""
        current = self.outcome.text()
        self.outcome.setText(f"{current}\n{text}" if current else text)
        self.outcome.show()

    # --- closing ----------------------------------------------------------------------------

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.phase.setText(self.tr("Stopping after the batch in flight…"))
        self.cancel_requested.emit()

    def reject(self) -> None:
        """Override QDialog::reject: Escape or the close box means Cancel while running."""
        if self._running:
            if self.cancel_button.isEnabled():
                self._on_cancel_clicked()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Override QWidget::closeEvent: never close during a run; cancel instead."""
        if self._running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
