"""Tier 3: controllers on a real qasync loop against FakeCrmGateway."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer

from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import EvenSplit, Single
from desktop_handover.handover.ports import GatewayError
from desktop_handover.handover.report import Outcome, Progress, RunState
from desktop_handover.handover.sections import CONTACTS, DEALS, ItemKey
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from desktop_handover.ui.aio import ask, next_emission
from desktop_handover.ui.controllers.plan_controller import PlanController
from desktop_handover.ui.controllers.plan_draft import SplitMode
from desktop_handover.ui.controllers.run_controller import RunController
from desktop_handover.ui.controllers.section_controller import SectionController
from desktop_handover.ui.controllers.users_controller import UsersController
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.models.users_model import (
    GROUP_ACTIVE,
    GROUP_DISMISSED_EMPTY,
    GROUP_DISMISSED_WITH_ITEMS,
    UsersModel,
)
from desktop_handover.ui.views.progress_dialog import ProgressDialog
from tests.ui.factories import ADMIN, ANNA, DEPARTING, EWA, GONE, PIOTR, gateway, users


def section(gw, spec=DEALS, **kwargs) -> SectionController:
    model = CrmItemsModel(columns_for(spec))
    return SectionController(gw, spec, DEPARTING, model, **kwargs)


@pytest.mark.asyncio
async def test_section_loads_page_by_page_with_exact_counts(qtbot) -> None:
    gw = gateway(deals=23)
    controller = section(gw, total=24, chunk=2)
    seen: list[tuple[int, int]] = []
    controller.loaded.connect(lambda n, total: seen.append((n, total)))
    await controller.reload()
    assert controller.complete
    assert controller.model.rowCount() == 24  # 23 + the hostile one
    assert seen[0] == (2, 24)  # the first rows arrive with the first chunk of the first page
    assert seen[-1] == (24, 24)
    assert [n for n, _ in seen] == sorted(n for n, _ in seen)
    assert sorted(controller.model.ids()) == sorted(
        i for i, r in gw.items["deals"].items() if r.owner_id == DEPARTING
    )


@pytest.mark.asyncio
async def test_large_section_pauses_and_fetch_more_continues(qtbot) -> None:
    gw = gateway(deals=30)
    controller = section(gw, total=31, eager_limit=10)
    await controller.reload()
    assert not controller.complete
    assert controller.model.rowCount() == 10
    assert controller.model.canFetchMore(controller.model.index(-1, -1).parent())
    controller.model.fetchMore(controller.model.index(-1, -1).parent())  # the view scrolled
    await next_emission(controller.load_finished)
    assert controller.model.rowCount() == 20


@pytest.mark.asyncio
async def test_section_load_failure_keeps_rows_and_says_why(qtbot) -> None:
    gw = gateway(deals=12)
    pages = 0
    original = gw.list_items

    async def flaky(*args, **kwargs):
        nonlocal pages
        async for page in original(*args, **kwargs):
            pages += 1
            if pages == 2:
                raise GatewayError("NETWORK_ERROR")
            yield page

    gw.list_items = flaky  # type: ignore[method-assign]
    controller = section(gw)
    reasons: list[str] = []
    controller.load_failed.connect(reasons.append)
    await controller.reload()
    assert controller.model.rowCount() == 5
    assert reasons
    assert "could not be reached" in reasons[0]


@pytest.mark.asyncio
async def test_users_are_grouped_by_what_they_own(qtbot) -> None:
    gw = gateway()
    model = UsersModel()
    controller = UsersController(gw, model)
    await controller.load([DEALS, CONTACTS])
    group = {u.id: model.group_of(u) for u in model.users()}
    assert group[DEPARTING] == GROUP_DISMISSED_WITH_ITEMS
    assert group[GONE] == GROUP_DISMISSED_EMPTY
    assert group[ANNA] == GROUP_ACTIVE
    assert model.counts(DEPARTING) == {"deals": 13, "contacts": 8}


def plan_controller(gw, *sections: SectionController) -> PlanController:
    plan = PlanController(users()[DEPARTING], list(users().values()), ADMIN)
    for c in sections:
        plan.add_section(c)
    return plan


@pytest.mark.asyncio
async def test_plan_split_for_all_with_exclusion_and_to_column(qtbot) -> None:
    gw = gateway(deals=10, contacts=6)
    deals, contacts = section(gw, DEALS), section(gw, CONTACTS)
    await deals.reload()
    await contacts.reload()
    plan = plan_controller(gw, deals, contacts)
    deals.model.check_ids([1, 2, 3])
    contacts.model.set_for_all(True)
    contacts.model.set_checked(102, False)
    plan.set_successors([ANNA, PIOTR])
    plan.set_mode(SplitMode.EVEN)
    plan.set_keep_related(False)
    summary = await plan.refresh()
    built = summary.plan
    assert built.rule == EvenSplit((ANNA, PIOTR))
    assert built.section_plan("deals").selection == Explicit(frozenset({1, 2, 3}))
    assert built.section_plan("contacts").selection == AllMatching(
        SectionFilter.ALL, frozenset({102})
    )
    assert summary.per_section == {"deals": 3, "contacts": 5}
    # Round-robin per section in ascending id: deals 2+1, contacts 3+2.
    assert summary.per_successor == {ANNA: 5, PIOTR: 3}
    assert not summary.problems
    to = deals.model.column_of("to")
    assert deals.model.index(deals.model.row_of(1), to).data() == "Anna Nowak"
    assert deals.model.index(deals.model.row_of(2), to).data() == "Piotr Wiśniewski"
    assert deals.model.index(deals.model.row_of(4), to).data() == ""


@pytest.mark.asyncio
async def test_assign_selection_overrides_the_rule(qtbot) -> None:
    gw = gateway(deals=6, contacts=3)
    deals, contacts = section(gw, DEALS), section(gw, CONTACTS)
    await deals.reload()
    await contacts.reload()
    plan = plan_controller(gw, deals, contacts)
    plan.add_successor(ANNA)
    deals.model.check_ids([1, 2])
    plan.assign_selection("deals", EWA)
    deals.model.check_ids([3])
    contacts.model.set_for_all(True)
    plan.assign_selection("contacts", PIOTR)
    built = plan.plan()
    assert built.rule == Single(ANNA)
    assert built.assignments == {ItemKey("deals", 1): EWA, ItemKey("deals", 2): EWA}
    assert built.section_plan("contacts").rule == Single(PIOTR)
    summary = await plan.refresh()
    assert summary.per_successor == {EWA: 2, ANNA: 1, PIOTR: 3}


@pytest.mark.asyncio
async def test_plan_refuses_the_departing_user_as_successor(qtbot) -> None:
    gw = gateway(deals=3, contacts=0)
    deals = section(gw, DEALS)
    await deals.reload()
    plan = plan_controller(gw, deals)
    deals.model.check_ids([1])
    summary = await plan.refresh()
    assert summary.problems
    assert summary.problems[0].code.value == "no_successor"
    plan.add_successor(GONE)
    summary = await plan.refresh()
    assert [p.code.value for p in summary.problems] == ["successor_dismissed"]


@pytest.mark.asyncio
async def test_run_controller_reports_progress_and_finishes(qtbot, tmp_path: Path) -> None:
    gw = gateway(deals=60, contacts=0)
    deals = section(gw, DEALS)
    await deals.reload()
    plan = plan_controller(gw, deals)
    deals.model.set_for_all(True)
    plan.add_successor(ANNA)
    journal = Journal(tmp_path / "j.sqlite3")
    run = RunController(gw, journal)
    progress: list[Progress] = []
    run.progressed.connect(progress.append)
    report = await run.start_run(plan.plan())
    assert report is not None
    assert report.total(Outcome.DONE) == 61
    assert progress
    assert progress[-1].done == 61
    assert all(gw.owner("deals", i) == ANNA for i in range(1, 61))
    journal.close()


@pytest.mark.asyncio
async def test_cancel_stops_cleanly_with_an_exact_partial_report(qtbot, tmp_path: Path) -> None:
    gw = gateway(deals=150, contacts=0)
    deals = section(gw, DEALS)
    await deals.reload()
    plan = plan_controller(gw, deals)
    deals.model.set_for_all(True)
    plan.add_successor(ANNA)
    journal = Journal(tmp_path / "j.sqlite3")
    run = RunController(gw, journal)
    dialog = ProgressDialog("Dora Leaving", {"deals": "Deals"})
    qtbot.addWidget(dialog)
    dialog.cancel_requested.connect(run.cancel)
    stopped: list[tuple[object, str]] = []
    run.stopped.connect(lambda r, why: stopped.append((r, why)))
    run.stopped.connect(dialog.show_report)
    released = asyncio.Event()

    async def in_flight(n: int) -> None:
        if n == 2:
            # The second batch is on the wire: click Cancel now, as the admin would.
            QTimer.singleShot(0, dialog.cancel_button.click)
            await released.wait()

    gw.in_flight = in_flight
    QTimer.singleShot(50, released.set)
    dialog.open()
    task = run.start_run(plan.plan())
    with pytest.raises(asyncio.CancelledError):
        await task
    report, why = stopped[0]
    assert report is not None
    moved = [i for i in range(1, 151) if gw.owner("deals", i) == ANNA]
    assert report.total(Outcome.DONE) == len(moved) == 2 * gw.max_batch_items  # type: ignore[attr-defined]
    info = journal.load_run(report.run_id)  # type: ignore[attr-defined]
    assert info is not None
    assert info.state is RunState.CANCELLED
    assert "Cancelled" in why
    assert dialog.resume_button.isVisibleTo(dialog)
    # Resume finishes the rest without doing anything twice.
    resumed = await run.start_resume(report.run_id)  # type: ignore[attr-defined]
    assert resumed is not None
    assert resumed.total(Outcome.DONE) == 151
    assert max(gw.applied.values()) == 1
    journal.close()


@pytest.mark.asyncio
async def test_ask_awaits_a_dialog_without_a_nested_loop(qtbot) -> None:
    dialog = ProgressDialog("x", {})
    qtbot.addWidget(dialog)
    dialog._running = False
    QTimer.singleShot(0, dialog.accept)
    assert await ask(dialog) == 1
