"""PreviewDialog: the plan per section and successor, the options and the warnings."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.handover.plan import HandoverOptions
from desktop_handover.handover.selection import AllMatching
from desktop_handover.services.gateway import can_skip_feed_post
from desktop_handover.ui import messages
from desktop_handover.ui.controllers.plan_draft import PlanSummary


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    # QTableWidgetItem renders plain text; portal names are safe here.
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class PreviewDialog(QDialog):
    """Shows what goes to whom before anything changes; "Hand over N items" accepts."""

    def __init__(
        self,
        summary: PlanSummary,
        names: Mapping[int, str],
        section_names: Mapping[str, str],
        departing_name: str,
        *,
        departing_active: bool,
        webhook_is_departing: bool = False,
        options: HandoverOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(messages.fmt(self.tr("Preview: {0}'s items"), departing_name))
        self.resize(680, 520)
        options = options or HandoverOptions()
        self.summary = summary
        approx = "≈ " if summary.approximate else ""

        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Section"),
                self.tr("Successor"),
                self.tr("Items"),
                self.tr("Open"),
                self.tr("Closed"),
            ]
        )
        self.table.setAccessibleName(self.tr("What goes to whom"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for (section, successor), n in sorted(summary.per_section_successor.items()):
            row = self.table.rowCount()
            self.table.insertRow(row)
            total = summary.per_section.get(section, 0) or 1
            closed = round(summary.per_section_closed.get(section, 0) * n / total)
            self.table.setItem(row, 0, _cell(section_names.get(section, section)))
            self.table.setItem(row, 1, _cell(names.get(successor, f"#{successor}")))
            self.table.setItem(row, 2, _cell(approx + messages.number(n), True))
            self.table.setItem(row, 3, _cell(messages.number(n - closed), True))
            self.table.setItem(row, 4, _cell(messages.number(closed), True))

        self.totals = QLabel(self)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.totals.setText(
            messages.fmt(
                self.tr("{0}{1} items · {2} requests · about {3}"),
                approx,
                messages.number(summary.item_count),
                messages.number(summary.requests),
                messages.duration(summary.eta_seconds),
            )
        )

        box = QGroupBox(self.tr("Options"), self)
        self.suppress = QCheckBox(
            self.tr("No live-feed post per item (leads, deals, contacts, companies, quotes)")
        )
        self.suppress.setToolTip(
            self.tr(
                "Bitrix24 posts nothing about the change in the live feed "
                "(REGISTER_SONET_EVENT=N). Other sections have no such switch."
            )
        )
        self.suppress.setChecked(options.suppress_notifications)
        self.comment = QCheckBox(self.tr("Add a timeline note to each item"))
        self.comment.setChecked(options.timeline_comment)
        self.summary_message = QCheckBox(self.tr("Send each successor one summary message"))
        self.summary_message.setChecked(options.summary_message)
        self.dismiss = QCheckBox(
            messages.fmt(self.tr("Dismiss {0} at the end (when nothing is left)"), departing_name)
        )
        self.dismiss.setChecked(options.dismiss_at_end)
        self.dismiss.setVisible(departing_active and not webhook_is_departing)
        self.dismiss_confirm = QCheckBox(
            messages.fmt(self.tr("Yes, dismiss {0}: they can no longer log in"), departing_name)
        )
        self.dismiss_confirm.setVisible(False)
        self.dismiss.toggled.connect(self._on_dismiss_toggled)
        self.dismiss_confirm.toggled.connect(self._update_ok)
        options_layout = QVBoxLayout(box)
        for widget in (
            self.suppress,
            self.comment,
            self.summary_message,
            self.dismiss,
            self.dismiss_confirm,
        ):
            options_layout.addWidget(widget)

        warnings = [
            self.tr(
                "Automation rules and business processes run for every changed item, as when "
                "the responsible person is changed by hand."
            )
        ]
        if not all(can_skip_feed_post(sp.section) for sp in summary.plan.sections):
            warnings.append(
                self.tr(
                    "Only leads, deals, contacts, companies and quotes can be handed over "
                    "without a live-feed post. For the other sections Bitrix24 may still "
                    "notify the new responsible person about each item."
                )
            )
        if webhook_is_departing:
            warnings.append(
                self.tr(
                    "The webhook belongs to the departing employee; it stops working when they "
                    "are dismissed."
                )
            )
        if any(summary.per_section_closed.values()) or any(
            isinstance(sp.selection, AllMatching) for sp in summary.plan.sections
        ):
            warnings.append(
                self.tr(
                    "The plan may include closed items; Bitrix24 advises reassigning them too."
                )
            )
        if summary.approximate:
            warnings.append(
                self.tr(
                    "Some “for all” sections are not fully loaded; their counts are estimates. "
                    "The run lists them on the portal first."
                )
            )
        self.warnings = QLabel("\n".join("⚠ " + w for w in warnings), self)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        if summary.problems:
            self.problem.setText("✖ " + messages.refusal_text(summary.problems[0], names))

        self.buttons = QDialogButtonBox(self)
        self.back_button = self.buttons.addButton(
            self.tr("Back"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button = self.buttons.addButton(
            messages.fmt(self.tr("Hand over {0} items"), messages.number(summary.item_count)),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(box)
        layout.addWidget(self.warnings)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._update_ok()

    def options(self) -> HandoverOptions:
        """The options as ticked."""
        dismiss = self.dismiss.isVisible() and self.dismiss.isChecked()
        return HandoverOptions(
            suppress_notifications=self.suppress.isChecked(),
            timeline_comment=self.comment.isChecked(),
            summary_message=self.summary_message.isChecked(),
            dismiss_at_end=dismiss,
            dismiss_confirmed=dismiss and self.dismiss_confirm.isChecked(),
        )

    def _on_dismiss_toggled(self, on: bool) -> None:
        self.dismiss_confirm.setVisible(on)
        if not on:
            self.dismiss_confirm.setChecked(False)
        self._update_ok()

    def _update_ok(self, *args: object) -> None:
        del args
        blocked = bool(self.summary.problems) or self.summary.item_count == 0
        if self.dismiss.isChecked() and not self.dismiss_confirm.isChecked():
            blocked = True
        self.ok_button.setEnabled(not blocked)
