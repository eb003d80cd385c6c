"""Tier 3: the session flow on FakeCrmGateway: pickers, plan, run, follow-ups, resume."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QMessageBox

from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import ByCategory, CategoryRoute
from desktop_handover.handover.report import Outcome, RunKind, RunState, Wait, WaitReason
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.services.connection import ConnectionCheck, ConnectionProblem
from desktop_handover.services.credentials import CredentialStore
from desktop_handover.ui.aio import next_emission
from desktop_handover.ui.controllers.connect_controller import ConnectController
from desktop_handover.ui.controllers.plan_draft import SplitMode
from desktop_handover.ui.controllers.session_controller import SessionController
from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.pickers import SuccessorPickerDialog
from tests.fakes import FakeCrmGateway
from tests.ui.factories import ADMIN, ANNA, DEPARTING, EWA, HOSTILE, PIOTR, gateway


def when_shown(find: Callable[[], Any], action: Callable[[Any], Any], tries: int = 300) -> None:
    def poll(left: int) -> None:
        found = find()
        if found is not None and found.isVisible():
            action(found)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))


def visible(parent: Any, kind: type) -> Any:
    found = [w for w in parent.findChildren(kind) if w.isVisible()]
    return found[-1] if found else None


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


async def start_session(
    qtbot, gw: FakeCrmGateway, journal: Journal, settings_store, departing: int = DEPARTING
) -> SessionController:
    window = MainWindow("acme.bitrix24.pl")
    qtbot.addWidget(window)
    window.show()
    session = SessionController(gw, gw.users[ADMIN], journal, window, settings=settings_store)
    await session.load()
    user = session.users_model.user(departing)
    assert user is not None
    await session.set_departing(user)
    for key in ("deals", "contacts"):
        controller = session.controller_for(key)
        if not controller.started:
            controller.start()
        await asyncio.wait_for(controller.wait(), 5)
        assert controller.complete
    return session


@pytest.mark.asyncio
async def test_tabs_show_counts_and_shortcuts_switch_them(qtbot, journal, settings_store) -> None:
    session = await start_session(qtbot, gateway(deals=12, contacts=8), journal, settings_store)
    window = session.window
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:4] == ["Leads 0", "Deals 13", "Contacts 8", "Companies 0"]
    assert window.tabs.currentIndex() == 1  # the first section with items
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_for("contacts").search.hasFocus()
    window.tab_for("contacts").table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(session.controller_for("contacts").model.selection().ids) == 8  # type: ignore[union-attr]
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert session.controller_for("contacts").model.state.for_all
    await session.shutdown()


@pytest.mark.asyncio
async def test_assign_selected_through_the_successor_picker(
    qtbot, journal, settings_store
) -> None:
    session = await start_session(qtbot, gateway(), journal, settings_store)
    deals = session.controller_for("deals")
    deals.model.check_ids([1, 2])

    def choose(picker: SuccessorPickerDialog) -> None:
        assert DEPARTING not in picker.visible_user_ids()
        picker.choose([EWA])
        picker.ok_button.click()

    when_shown(lambda: visible(session.window, SuccessorPickerDialog), choose)
    await asyncio.wait_for(session.assign("deals"), 5)
    assert session.plan is not None
    summary = await session.plan.refresh()
    assert summary.per_successor == {EWA: 2}
    to = deals.model.column_of("to")
    assert deals.model.index(deals.model.row_of(1), to).data() == "Ewa Kowalska"
    assert session.window.handover_button.text() == "Hand over 2 ▶"
    assert session.window.handover_button.isEnabled()
    assert settings_store.load().recent_successors == (EWA,)
    await session.shutdown()


@pytest.mark.asyncio
async def test_split_by_pipeline_offers_one_box_per_pipeline(
    qtbot, journal, settings_store
) -> None:
    session = await start_session(qtbot, gateway(), journal, settings_store)
    plan = session.plan
    assert plan is not None
    session.controller_for("deals").model.set_for_all(True)
    plan.set_successors([ANNA, PIOTR])
    panel = session.window.panel
    panel.mode.setCurrentIndex(panel.mode.findData(SplitMode.BY_PIPELINE.value))
    assert panel.routes_box.isVisibleTo(panel)
    assert panel.routes.rowCount() == 2  # deals in pipelines 0 and 1
    item = panel.routes.itemAt(1, panel.routes.ItemRole.FieldRole)
    assert item is not None
    box = item.widget()
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(PIOTR))
    built = plan.plan()
    assert built.rule == ByCategory((CategoryRoute("deals", 1, PIOTR),), ANNA)
    summary = await plan.refresh()
    odd = sum(1 for i in range(1, 13) if i % 2)
    assert summary.per_successor[PIOTR] == odd
    await session.shutdown()


@pytest.mark.asyncio
async def test_run_then_undo_gives_everything_back(qtbot, journal, settings_store) -> None:
    gw = gateway(deals=12, contacts=8)
    session = await start_session(qtbot, gw, journal, settings_store)
    before = gw.owners()
    session.controller_for("contacts").model.set_for_all(True)
    plan = session.plan
    assert plan is not None
    plan.add_successor(ANNA)
    report = await asyncio.wait_for(session.run_plan(plan.plan()), 10)
    assert report is not None
    assert report.total(Outcome.DONE) == 8
    assert all(gw.owner("contacts", 100 + n) == ANNA for n in range(1, 9))
    progress = session.progress
    assert progress is not None
    assert progress.undo_button.isVisibleTo(progress)

    def confirm(box: QMessageBox) -> None:
        box.button(QMessageBox.StandardButton.Yes).click()

    when_shown(lambda: visible(progress, QMessageBox), confirm)
    progress.undo_button.click()
    while session.run.last_report is None or session.run.last_report.kind is not RunKind.UNDO:
        await asyncio.wait_for(next_emission(session.run_finished), 10)
    assert gw.owners() == before
    info = journal.load_run(report.run_id)
    assert info is not None
    assert info.state is RunState.UNDONE
    await session.shutdown()


@pytest.mark.asyncio
async def test_dismiss_after_handover_asks_in_plain_text(qtbot, journal, settings_store) -> None:
    gw = gateway()
    gw.users[PIOTR] = gw.users[PIOTR].__class__(PIOTR, HOSTILE, True, "Sales rep", ("Sales",))
    session = await start_session(qtbot, gw, journal, settings_store, departing=PIOTR)
    seen: list[str] = []

    def cancel(box: QMessageBox) -> None:
        seen.append(box.text())
        assert box.textFormat() == Qt.TextFormat.PlainText
        box.button(QMessageBox.StandardButton.Cancel).click()

    when_shown(lambda: visible(session.window, QMessageBox), cancel)
    assert not await asyncio.wait_for(session.confirm_and_dismiss(), 5)
    assert HOSTILE in seen[0]
    assert gw.users[PIOTR].active
    assert await session.confirm_and_dismiss(confirmed=True)
    assert not gw.users[PIOTR].active
    await session.shutdown()


@pytest.mark.asyncio
async def test_an_interrupted_run_is_offered_for_resume(qtbot, journal, settings_store) -> None:
    gw = gateway(deals=120, contacts=0)
    session = await start_session(qtbot, gw, journal, settings_store)
    session.controller_for("deals").model.set_for_all(True)
    plan = session.plan
    assert plan is not None
    plan.add_successor(ANNA)
    gw.raise_before = {2}  # the portal drops away during the second batch
    report = await asyncio.wait_for(session.run_plan(plan.plan()), 10)
    assert report is not None
    assert report.total(Outcome.DONE) == gw.max_batch_items
    progress = session.progress
    assert progress is not None
    assert progress.resume_button.isVisibleTo(progress)
    progress.close_button.click()
    await session.shutdown()

    # Next start: the app offers the run; "Resume" finishes it.
    gw.raise_before = set()
    window = MainWindow("acme")
    qtbot.addWidget(window)
    window.show()
    again = SessionController(gw, gw.users[ADMIN], journal, window, settings=settings_store)
    await again.load()

    def resume(box: QMessageBox) -> None:
        assert "Resume it now" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    when_shown(lambda: visible(window, QMessageBox), resume)
    assert await asyncio.wait_for(again.offer_resume(), 10)
    assert all(gw.owner("deals", i) == ANNA for i in range(1, 121))
    assert journal.resumable_runs() == []
    await again.shutdown()


@pytest.mark.asyncio
async def test_open_closed_filter_makes_for_all_select_by_it(
    qtbot, journal, settings_store
) -> None:
    session = await start_session(qtbot, gateway(deals=9), journal, settings_store)
    tab = session.window.tab_for("deals")
    tab.filter_box.setCurrentIndex(tab.filter_box.findData(SectionFilter.OPEN))
    tab.for_all.click()
    plan = session.plan
    assert plan is not None
    plan.add_successor(ANNA)
    summary = await plan.refresh()
    assert summary.plan.section_plan("deals").selection.filter is SectionFilter.OPEN  # type: ignore[union-attr]
    assert summary.per_section["deals"] == 7  # 6 open of 1..9, plus the open hostile one
    await session.shutdown()


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (ConnectionProblem.UNREACHABLE, "could not be reached"),
        (ConnectionProblem.WRONG_SECRET, "secret is wrong"),
        (ConnectionProblem.MISSING_SCOPES, "tick crm, task"),
        (ConnectionProblem.NOT_ADMIN, "not a portal administrator"),
        (ConnectionProblem.NO_REST_ON_PLAN, "commercial plans"),
        (ConnectionProblem.OWNER_DISMISSED, "dismissed employee"),
    ],
)
@pytest.mark.asyncio
async def test_test_connection_words_each_failure(
    qtbot, settings_store, problem: ConnectionProblem, words: str
) -> None:
    async def check(url: str) -> ConnectionCheck:
        return ConnectionCheck(problem, host="acme.bitrix24.pl", missing_scopes=("crm", "task"))

    async def opener(url: str) -> Any:
        raise AssertionError("must not open a portal that failed the test")

    controller = ConnectController(check, opener, CredentialStore(), settings_store)
    dialog = controller.make_dialog()
    qtbot.addWidget(dialog)
    dialog.url.setText("https://acme.bitrix24.pl/rest/1/abcdefgh12345678/")
    result = await controller.test()
    assert result.problem is problem
    assert words in dialog.verdict.text()


@pytest.mark.asyncio
async def test_without_a_keychain_the_secret_is_kept_for_this_run_only(
    qtbot, settings_store
) -> None:
    old = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        credentials = CredentialStore()
        controller = ConnectController(
            lambda url: None,  # type: ignore[arg-type,return-value]
            lambda url: None,  # type: ignore[arg-type,return-value]
            credentials,
            settings_store,
        )
        dialog = controller.make_dialog()
        qtbot.addWidget(dialog)
        url = "https://acme.bitrix24.pl/rest/1/abcdefgh12345678/"
        assert not await controller.remember("Acme", "acme.bitrix24.pl", url)
        assert "session only" in dialog.verdict.text()
        assert await credentials.load("Acme") == url
        stored = Path(settings_store.file_name()).read_text()  # noqa: ASYNC240
        assert "abcdefgh12345678" not in stored
        assert "acme.bitrix24.pl" in stored
    finally:
        keyring.set_keyring(old)


@pytest.mark.asyncio
async def test_retry_failed_sends_the_failed_items_again(qtbot, journal, settings_store) -> None:
    gw = gateway(deals=6, contacts=0)
    gw.fail_items = {("deals", 2): "ACCESS_DENIED", ("deals", 4): "ACCESS_DENIED"}
    session = await start_session(qtbot, gw, journal, settings_store)
    session.controller_for("deals").model.set_for_all(True)
    plan = session.plan
    assert plan is not None
    plan.add_successor(ANNA)
    report = await asyncio.wait_for(session.run_plan(plan.plan()), 10)
    assert report is not None
    assert report.total(Outcome.FAILED) == 2
    progress = session.progress
    assert progress is not None
    assert progress.retry_button.isVisibleTo(progress)
    assert progress.failed.rowCount() == 2
    gw.fail_items = {}
    progress.retry_button.click()
    while session.run.last_report is None or session.run.last_report.total(Outcome.FAILED):
        await asyncio.wait_for(next_emission(session.run_finished), 10)
    assert session.run.last_report.total(Outcome.DONE) == 7
    assert gw.owner("deals", 2) == ANNA
    assert gw.owner("deals", 4) == ANNA
    await session.shutdown()


@pytest.mark.asyncio
async def test_portal_pauses_show_in_the_open_tab(qtbot, journal, settings_store) -> None:
    gw = gateway()
    session = await start_session(qtbot, gw, journal, settings_store)
    assert gw._listener is not None
    gw._listener(Wait(3, WaitReason.RATE_LIMIT))
    tab = session.window.current_tab()
    assert tab is not None
    assert tab.banner.isVisible()
    assert tab.banner.text() == "Waiting for the portal's rate limit: 3 s"
    assert not tab.banner.action_button().isVisible()
    await session.shutdown()


@pytest.mark.asyncio
async def test_ctrl_enter_before_choosing_anyone_does_nothing(qtbot, journal) -> None:
    gw = gateway()
    window = MainWindow("acme")
    qtbot.addWidget(window)
    window.show()
    session = SessionController(gw, gw.users[ADMIN], journal, window)
    await session.load()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await asyncio.sleep(0)
    assert visible(window, QMessageBox) is None
    assert session.plan is None
    await session.shutdown()
