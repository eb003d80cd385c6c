"""The whole flow against the in-process emulator: connect, pick, tick, split, apply, verify."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt, QTimer

from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import build_portal, demo_facts
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.report import Outcome
from desktop_handover.services.connection import (
    PortalConnection,
    check_connection,
    open_portal,
)
from desktop_handover.services.credentials import CredentialStore
from desktop_handover.ui.controllers.connect_controller import ConnectController
from desktop_handover.ui.controllers.plan_draft import SplitMode
from desktop_handover.ui.controllers.session_controller import SessionController
from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.pickers import EmployeePickerDialog
from desktop_handover.ui.views.preview_dialog import PreviewDialog

FAST = RateLimits(burst=100_000, per_second=100_000.0)
BASE = "https://demo.bitrix24.pl"
DEAL, CONTACT = "2", "3"


def when_shown(find: Callable[[], Any], action: Callable[[Any], Any], tries: int = 500) -> None:
    """Once `find()` returns a visible dialog, run `action(dialog)` (polls the Qt loop).

    A coroutine started with wait_for() begins on a later turn of the loop, so a plain
    singleShot(0) could click a dialog before it is opened.
    """

    def poll(left: int) -> None:
        found = find()
        if found is not None and found.isVisible():
            action(found)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))


def child(parent: Any, kind: type) -> Any:
    found = [w for w in parent.findChildren(kind) if w.isVisible()]
    return found[-1] if found else None


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(build_portal(1, "small"), EmulatorConfig(burst=100_000, rate=100_000.0))


@pytest.mark.asyncio
async def test_connect_pick_tick_for_all_split_apply_and_verify(
    qtbot, tmp_path: Path, settings_store, emulator: Emulator, memory_keyring
) -> None:
    facts = demo_facts(emulator.portal)
    transport = EmulatorTransport(emulator)

    async def check(url: str) -> Any:
        return await check_connection(url, transport=transport, limits=FAST)

    async def opener(url: str) -> PortalConnection:
        return await open_portal(url, transport=transport, limits=FAST)

    # 1. Connect: type the webhook, test, connect; the secret goes to the keychain only.
    connect = ConnectController(check, opener, CredentialStore(), settings_store)
    dialog = connect.make_dialog()
    qtbot.addWidget(dialog)
    url = emulator.webhook_url(BASE)
    dialog.name.setText("Demo")
    dialog.url.setText(url)
    assert dialog.connect_button.isEnabled()
    when_shown(lambda: dialog, lambda d: d.connect_button.click())
    connection = await asyncio.wait_for(connect.run(), 10)
    assert connection is not None
    assert memory_keyring.store[("desktop_handover", "profile:Demo")] == url
    saved = settings_store.load()
    assert [(p.name, p.host) for p in saved.profiles] == [("Demo", "demo.bitrix24.pl")]
    assert url.split("/")[-2] not in Path(settings_store.file_name()).read_text()  # noqa: ASYNC240

    journal = Journal(tmp_path / "journal.sqlite3")
    window = MainWindow("demo")
    qtbot.addWidget(window)
    session = SessionController(
        connection.gateway, connection.me, journal, window, settings=settings_store
    )
    try:
        await asyncio.wait_for(session.load(), 10)

        # 2. Pick a dismissed user who still owns items, through the picker.
        departing = facts.big_book_user_id

        def pick(picker: EmployeePickerDialog) -> None:
            assert picker.choose(departing)
            picker.ok_button.click()

        # Their counts must be known for them to be listed among "dismissed, owning items".
        await asyncio.wait_for(session.users.count_one(departing), 10)
        when_shown(lambda: child(window, EmployeePickerDialog), pick)
        assert await asyncio.wait_for(session.choose_departing(), 10)
        assert session.departing is not None
        assert session.departing.id == departing
        assert not session.departing.active

        deals = session.controller_for("deals")
        contacts = session.controller_for("contacts")
        for controller in (deals, contacts):
            if not controller.started:
                controller.start()
            await asyncio.wait_for(controller.wait(), 10)
            assert controller.complete
        assert deals.model.rowCount() == deals.total > 5
        assert contacts.model.rowCount() == contacts.total > 5

        # 3. Tick some deals (through the tab's proxy, as the view does).
        deal_tab = window.tab_for("deals")
        ticked = set()
        for row in (0, 2, 4):
            index = deal_tab.proxy.index(row, 0)
            assert deal_tab.proxy.setData(
                index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
            )
            ticked.add(deal_tab.proxy.mapToSource(index).row())
        ticked_deals = {deals.model.item_at(r).id for r in ticked}

        # 4. "For all" on contacts, then untick one row.
        contact_tab = window.tab_for("contacts")
        contact_tab.for_all.click()
        excluded = contacts.model.item_at(1).id
        shown = contact_tab.proxy.mapFromSource(contacts.model.index(1, 0))
        contact_tab.proxy.setData(
            shown, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
        )
        all_contacts = set(contacts.model.ids())

        # 5. Split evenly between two successors, related items not kept together.
        s1, s2 = facts.successor_candidate_ids[:2]
        plan = session.plan
        assert plan is not None
        window.panel.keep_related.setChecked(False)
        plan.set_successors([s1, s2])
        plan.set_mode(SplitMode.EVEN)
        summary = await plan.refresh()
        assert not summary.problems
        assert summary.item_count == len(ticked_deals) + len(all_contacts) - 1

        before = emulator.snapshot()

        # 6. Apply through the preview dialog.
        def accept_preview(preview: PreviewDialog) -> None:
            assert preview.ok_button.isEnabled()
            preview.ok_button.click()

        when_shown(lambda: child(window, PreviewDialog), accept_preview)
        report = await asyncio.wait_for(session.preview_and_run(), 30)
        assert report is not None
        assert report.total(Outcome.DONE) == summary.item_count
        assert report.residue_total == 0

        # 7. Exactly the chosen items moved, to the chosen people, evenly by ascending id.
        after = emulator.snapshot()
        changed = {
            (kind, int(i)): (before[kind][i], owner)
            for kind, rows in after.items()
            for i, owner in rows.items()
            if before[kind].get(i) != owner
        }
        expected: dict[tuple[str, int], tuple[int, int]] = {}
        for kind, ids in ((DEAL, ticked_deals), (CONTACT, all_contacts - {excluded})):
            for n, item_id in enumerate(sorted(ids)):
                expected[(kind, item_id)] = (departing, (s1, s2)[n % 2])
        assert changed == expected
        assert after[CONTACT][str(excluded)] == departing

        # The progress dialog now shows the summary with its follow-up actions.
        progress = session.progress
        assert progress is not None
        assert not progress.running
        assert "0" in progress.outcome.text()
        assert progress.export_button.isVisible()
        assert progress.undo_button.isVisible()
        exported = await session.export_report(tmp_path / "report.csv")
        assert exported is not None
        lines = exported.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 + summary.item_count
        assert url.split("/")[-2] not in exported.read_text(encoding="utf-8")
        progress.close_button.click()
        assert session.progress is None
    finally:
        await session.shutdown()
        await connection.aclose()
        journal.close()
