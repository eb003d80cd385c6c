from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTableWidget

from desktop_handover.handover.plan import (
    EvenSplit,
    HandoverOptions,
    HandoverPlan,
    PlanError,
    RefusalCode,
    SectionPlan,
)
from desktop_handover.handover.report import (
    HandoverReport,
    Outcome,
    Phase,
    Progress,
    ReportRow,
    RunKind,
    RunState,
    SectionProgress,
    Wait,
    WaitReason,
)
from desktop_handover.handover.sections import DEALS
from desktop_handover.handover.selection import Explicit
from desktop_handover.ui.controllers.plan_draft import PlanSummary
from desktop_handover.ui.settings_store import Profile
from desktop_handover.ui.views.about import AboutDialog
from desktop_handover.ui.views.connect_dialog import ConnectDialog
from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.preview_dialog import PreviewDialog
from desktop_handover.ui.views.progress_dialog import ProgressDialog
from tests.ui.factories import ANNA, DEPARTING, HOSTILE, PIOTR


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


NAMES = {ANNA: "Anna Nowak", PIOTR: HOSTILE, DEPARTING: "Dora Leaving"}


def summary(problems: tuple[PlanError, ...] = ()) -> PlanSummary:
    plan = HandoverPlan(
        DEPARTING, (SectionPlan(DEALS, Explicit(frozenset({1, 2, 3}))),), EvenSplit((ANNA, PIOTR))
    )
    return PlanSummary(
        plan=plan,
        problems=problems,
        per_successor={ANNA: 2, PIOTR: 1},
        per_section={"deals": 3},
        per_section_closed={"deals": 1},
        per_section_successor={("deals", ANNA): 2, ("deals", PIOTR): 1},
        requests=9,
        eta_seconds=75,
        approximate=False,
        destinations={},
    )


def preview(qtbot, s: PlanSummary, **kwargs) -> PreviewDialog:
    dialog = PreviewDialog(s, NAMES, {"deals": "Deals"}, HOSTILE, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_lists_who_gets_what_and_hands_over(qtbot) -> None:
    dialog = preview(qtbot, summary(), departing_active=False)
    assert dialog.table.rowCount() == 2
    cells = {
        (cell(dialog.table, r, 1), cell(dialog.table, r, 2))
        for r in range(dialog.table.rowCount())
    }
    assert cells == {("Anna Nowak", "2"), (HOSTILE, "1")}
    assert dialog.ok_button.text() == "Hand over 3 items"
    assert dialog.ok_button.isEnabled()
    assert "9 requests" in dialog.totals.text()
    assert "1 min 15 s" in dialog.totals.text()
    assert not dialog.dismiss.isVisibleTo(dialog)  # already dismissed


def test_preview_refuses_a_plan_with_problems(qtbot) -> None:
    dialog = preview(
        qtbot,
        summary((PlanError(RefusalCode.SUCCESSOR_DISMISSED, user_id=PIOTR),)),
        departing_active=True,
    )
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.text().endswith(f"{HOSTILE} is dismissed and cannot be a successor.")
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText


def test_dismissal_needs_an_explicit_confirmation(qtbot) -> None:
    dialog = preview(qtbot, summary(), departing_active=True)
    dialog.show()
    assert dialog.dismiss.isVisible()
    dialog.dismiss.setChecked(True)
    assert dialog.dismiss_confirm.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.dismiss_confirm.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert dialog.options() == HandoverOptions(
        suppress_notifications=False,
        timeline_comment=False,
        summary_message=False,
        dismiss_at_end=True,
        dismiss_confirmed=True,
    )


def test_no_dismissal_offer_when_the_webhook_is_the_departing_user(qtbot) -> None:
    dialog = preview(qtbot, summary(), departing_active=True, webhook_is_departing=True)
    assert not dialog.dismiss.isVisibleTo(dialog)
    assert "webhook belongs to the departing employee" in dialog.warnings.text()


def progress_event(done: int, wait: Wait | None = None) -> Progress:
    return Progress(
        run_id=1,
        phase=Phase.HANDING_OVER,
        sections=(
            SectionProgress("deals", done, 1, 0, 10),
            SectionProgress("contacts", 0, 0, 0, 5),
        ),
        rate=12.0,
        eta_seconds=70,
        wait=wait,
    )


def report(rows: tuple[ReportRow, ...], residue: int = 0) -> HandoverReport:
    return HandoverReport(
        run_id=1,
        kind=RunKind.HANDOVER,
        state=RunState.FINISHED,
        departing_user_id=DEPARTING,
        rows=rows,
        residue={"deals": tuple(range(residue))},
        sections=("deals",),
    )


def row(
    item_id: int, outcome: Outcome, title: str = "Deal", error: str | None = None
) -> ReportRow:
    return ReportRow("deals", item_id, title, DEPARTING, ANNA, outcome, error, None, "2026-11-27")


def test_progress_dialog_shows_bars_counts_rate_eta_and_the_wait(qtbot) -> None:
    dialog = ProgressDialog("Dora Leaving", {"deals": "Deals", "contacts": "Contacts"})
    qtbot.addWidget(dialog)
    dialog.update_progress(progress_event(4, Wait(3, WaitReason.RATE_LIMIT)))
    assert dialog.bars["deals"].value() == 5
    assert dialog.bars["deals"].maximum() == 10
    assert dialog.counts["contacts"].text() == "0 / 5"
    assert dialog.totals.text().startswith("4 done · 1 skipped")
    assert "12 items/s" in dialog.rate.text()
    assert "1 min 10 s" in dialog.rate.text()
    assert dialog.wait.text() == "Waiting for the portal's rate limit: 3 s"
    dialog.update_progress(progress_event(5))
    assert dialog.wait.text() == ""


def test_closing_the_progress_dialog_during_a_run_means_cancel(qtbot) -> None:
    dialog = ProgressDialog("Dora Leaving", {})
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.cancel_requested, timeout=1000):
        dialog.reject()
    assert dialog.isVisible()  # it stays until the run has stopped
    assert not dialog.cancel_button.isEnabled()
    dialog.close()
    assert dialog.isVisible()


def test_summary_lists_failures_with_reasons_as_plain_text(qtbot) -> None:
    dialog = ProgressDialog(HOSTILE, {"deals": "Deals"})
    qtbot.addWidget(dialog)
    dialog.show_report(
        report(
            (
                row(1, Outcome.DONE),
                row(2, Outcome.FAILED, HOSTILE, "ACCESS_DENIED"),
                row(3, Outcome.SKIPPED_MOVED_MEANWHILE),
            )
        )
    )
    assert not dialog.running
    assert dialog.failed.rowCount() == 2
    assert cell(dialog.failed, 0, 2) == HOSTILE
    assert "no permission" in cell(dialog.failed, 0, 3)
    assert "someone else took it" in cell(dialog.failed, 1, 3)
    assert "0 selected items left with" in dialog.outcome.text()
    assert dialog.retry_button.isVisibleTo(dialog)
    assert dialog.undo_button.isVisibleTo(dialog)
    assert dialog.export_button.isVisibleTo(dialog)
    assert not dialog.resume_button.isVisibleTo(dialog)
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.heading.text() == f"Handing over {HOSTILE}'s items"
    dialog.reject()
    assert not dialog.isVisible()


def test_a_stopped_run_offers_resume(qtbot) -> None:
    dialog = ProgressDialog("Dora Leaving", {"deals": "Deals"})
    qtbot.addWidget(dialog)
    dialog.show_report(report((row(1, Outcome.DONE), row(2, Outcome.PENDING))), "Cancelled.")
    assert dialog.resume_button.isVisibleTo(dialog)
    assert not dialog.retry_button.isVisibleTo(dialog)
    assert "Cancelled." in dialog.outcome.text()


def test_connect_dialog_validates_the_url_as_typed(qtbot) -> None:
    dialog = ConnectDialog([Profile("Acme", "acme.bitrix24.pl")], keychain_usable=False)
    qtbot.addWidget(dialog)
    assert dialog.url.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.connect_button.isEnabled()
    dialog.url.setText("http://acme.bitrix24.pl/rest/1/abcdefgh/")
    assert "https" in dialog.validation.text()
    assert not dialog.test_button.isEnabled()
    dialog.url.setText("hello")
    assert dialog.validation.text().startswith("✖")
    dialog.url.setText("https://acme.bitrix24.pl/rest/1/abcdefgh12345678/")
    assert dialog.validation.text().startswith("✓")
    assert dialog.test_button.isEnabled()
    assert dialog.connect_button.isEnabled()
    assert not dialog.oauth_radio.isEnabled()
    assert "session only" in dialog.keychain_note.text()
    assert dialog.profiles.count() == 2
    dialog.show_url.setChecked(True)
    assert dialog.url.echoMode() == QLineEdit.EchoMode.Normal


def test_help_about_opens_the_about_dialog(qtbot) -> None:
    window = MainWindow("acme.bitrix24.pl")
    qtbot.addWidget(window)
    window.about_action.trigger()
    dialogs = [d for d in window.findChildren(AboutDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_connect_dialog_labels_are_keyboard_shortcuts(qtbot) -> None:
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    labels = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert labels["&Webhook:"] is not None
    assert labels["&Name:"] is dialog.name
