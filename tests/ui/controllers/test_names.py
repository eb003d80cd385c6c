"""Tier 3: names looked up in the background while sections load; paused during a run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_handover.handover.journal import Journal
from desktop_handover.handover.ports import GatewayError
from desktop_handover.handover.sections import COMPANY_TYPE, CONTACT_TYPE, DEALS
from desktop_handover.ui.controllers.section_controller import NameLookup, SectionController
from desktop_handover.ui.controllers.session_controller import SessionController
from desktop_handover.ui.models.columns import DisplayNames, columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.views.main_window import MainWindow
from tests.fakes import FakeCrmGateway
from tests.ui.factories import ADMIN, ANNA, DEPARTING, gateway, users
from tests.ui.names_fakes import DEAL_NEW, FakeCatalog


def many_deals(n: int, page_size: int = 50) -> FakeCrmGateway:
    """`n` deals of the departing user, each with its own company and contact."""
    gw = FakeCrmGateway(users=users(), webhook_user_id=ADMIN, page_size=page_size)
    for i in range(1, n + 1):
        gw.add(DEALS.key, i, DEPARTING, company_id=1000 + i, contact_ids=(5000 + i, 9))
    return gw


def loader(gw: FakeCrmGateway, lookup: NameLookup, names: DisplayNames) -> SectionController:
    model = CrmItemsModel(columns_for(DEALS, names))
    return SectionController(gw, DEALS, DEPARTING, model, names=lookup)


@pytest.mark.asyncio
async def test_a_small_section_costs_one_lookup_after_its_rows(qtbot) -> None:
    gw = gateway(deals=12)  # companies 500..503, no contacts
    catalog = FakeCatalog(companies={500: "Orbis", 501: "Polmet", 502: "Agrotech"})
    names = DisplayNames()
    lookup = NameLookup(catalog, names)
    controller = loader(gw, lookup, names)
    rows_when_asked: list[int] = []
    catalog.on_call = lambda: rows_when_asked.append(controller.model.rowCount())
    changed: list[int] = []
    controller.model.dataChanged.connect(lambda tl, br, roles=(): changed.append(tl.column()))
    await controller.reload()
    await lookup.wait()
    assert len(catalog.calls) == 1
    assert rows_when_asked == [13]  # the rows came first; the names did not hold them up
    assert sorted(catalog.asked_ids(COMPANY_TYPE)) == [500, 501, 502, 503]
    assert names.companies == {500: "Orbis", 501: "Polmet", 502: "Agrotech"}
    model = controller.model
    column = model.column_of("company_id")
    assert set(changed) == {column}
    row = model.row_of(4)  # deal 4: company 500
    assert model.data(model.index(row, column)) == "Orbis"
    row = model.row_of(3)  # deal 3: company 503 is unknown to the portal
    assert model.data(model.index(row, column)) == "Company #503"
    # Reloading asks for nothing again, found or not.
    await controller.reload()
    await lookup.wait()
    assert len(catalog.calls) == 1


@pytest.mark.asyncio
async def test_lookups_coalesce_pages_into_full_requests(qtbot) -> None:
    gw = many_deals(120, page_size=10)
    catalog = FakeCatalog(
        companies={1000 + i: f"Company {i}" for i in range(1, 121)},
        contacts={5000 + i: f"Person {i}" for i in range(1, 121)},
    )
    names = DisplayNames()
    lookup = NameLookup(catalog, names, batch=100)
    controller = loader(gw, lookup, names)
    await controller.reload()
    await lookup.wait()
    # 241 distinct ids (company, first contact each; contact 9 is never shown): 100 a lookup.
    assert len(catalog.calls) == 3
    assert all(sum(len(v) for v in call.values()) <= 100 for call in catalog.calls)
    asked = catalog.asked_ids(COMPANY_TYPE) + catalog.asked_ids(CONTACT_TYPE)
    assert len(asked) == len(set(asked)) == 240
    assert 9 not in catalog.asked_ids(CONTACT_TYPE)
    model = controller.model
    column = model.column_of("company_id")
    assert all(
        model.data(model.index(r, column)) == f"Company {model.item_at(r).id}, Person "
        f"{model.item_at(r).id}"
        for r in range(model.rowCount())
    )


@pytest.mark.asyncio
async def test_paused_lookups_wait_and_resume(qtbot) -> None:
    gw = gateway(deals=12)
    catalog = FakeCatalog(companies={500: "Orbis"})
    names = DisplayNames()
    lookup = NameLookup(catalog, names)
    controller = loader(gw, lookup, names)
    lookup.pause()
    await controller.reload()
    await lookup.wait()
    assert catalog.calls == []
    assert lookup.pending == 4
    lookup.resume()
    await lookup.wait()
    assert len(catalog.calls) == 1
    assert names.companies == {500: "Orbis"}


@pytest.mark.asyncio
async def test_a_failed_lookup_leaves_the_placeholders(qtbot) -> None:
    gw = gateway(deals=12)
    catalog = FakeCatalog()

    def refuse() -> None:
        raise GatewayError("ACCESS_DENIED", "no")

    catalog.on_call = refuse
    names = DisplayNames()
    lookup = NameLookup(catalog, names)
    controller = loader(gw, lookup, names)
    await controller.reload()
    await lookup.wait()
    assert len(catalog.calls) == 1
    assert controller.complete
    model = controller.model
    assert model.data(model.index(model.row_of(4), model.column_of("company_id"))) == (
        "Company #500"
    )


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


@pytest.mark.asyncio
async def test_session_names_stages_and_pauses_lookups_during_a_run(
    qtbot, journal, settings_store
) -> None:
    gw = gateway(deals=12, contacts=8)
    for n in range(1, 4):
        gw.add("contacts", 200 + n, DEPARTING, company_id=700 + n)
    catalog = FakeCatalog(companies={500: "Orbis", 501: "Polmet", 701: "Late Ltd"})
    window = MainWindow("acme.bitrix24.pl")
    qtbot.addWidget(window)
    window.show()
    session = SessionController(
        gw, gw.users[ADMIN], journal, window, settings=settings_store, catalog=catalog
    )
    running_when_asked: list[bool] = []
    catalog.on_call = lambda: running_when_asked.append(session.run.running)
    await session.load()
    user = session.users_model.user(DEPARTING)
    assert user is not None
    await session.set_departing(user)
    deals = session.controller_for("deals")
    await asyncio.wait_for(deals.wait(), 5)
    await session.wait_catalogues()
    lookup = session.name_lookup
    assert lookup is not None
    await lookup.wait()
    assert catalog.loads == 1
    model = deals.model
    row = model.row_of(4)  # deal 4: stage NEW in the default pipeline, company 500
    assert model.data(model.index(row, model.column_of("stage_id"))) == f"{DEAL_NEW} · open ○"
    assert model.data(model.index(row, model.column_of("category_id"))) == "Sales"
    assert model.data(model.index(row, model.column_of("company_id"))) == "Orbis"
    paused_in_run: list[bool] = []
    session.run.progressed.connect(lambda _p: paused_in_run.append(lookup.paused))
    session.controller_for("contacts").model.set_for_all(True)
    contacts = session.controller_for("contacts")
    contacts.start()  # its companies are asked for while the run is being prepared
    plan = session.plan
    assert plan is not None
    plan.add_successor(ANNA)
    report = await asyncio.wait_for(session.run_plan(plan.plan()), 10)
    assert report is not None
    assert paused_in_run
    assert all(paused_in_run)
    assert not lookup.paused
    await asyncio.wait_for(contacts.wait(), 5)
    await lookup.wait()
    assert True not in running_when_asked  # no lookup ever went out during the run
    assert 701 in catalog.asked_ids(COMPANY_TYPE)
    assert session.display_names.companies[701] == "Late Ltd"
    await session.shutdown()
