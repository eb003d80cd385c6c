"""Tier 2: the portal's names in the columns (DisplayNames), and their cheap repaint."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt

from desktop_handover.handover.sections import DEALS, LEADS, ItemRef
from desktop_handover.ui.models.columns import DisplayNames, columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.models.proxies import ItemsProxyModel
from desktop_handover.ui.models.roles import ItemRole
from tests.ui.factories import HOSTILE, deal
from tests.ui.names_fakes import DEAL_NEW, DEAL_WON, LEAD_NEW, stage_catalog


def names() -> DisplayNames:
    return DisplayNames(
        stages=stage_catalog(),
        pipelines={2: {0: "Sales", 1: "Service"}},
        companies={500: "Orbis S.A.", 501: HOSTILE},
        contacts={208: "Anna Nowak"},
    )


def model_with(rows: list[ItemRef], shown: DisplayNames, section=DEALS) -> CrmItemsModel:
    model = CrmItemsModel(columns_for(section, shown))
    model.append_rows(rows)
    return model


def text(model: CrmItemsModel, row: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, model.column_of(key)), role)


def test_stages_pipelines_and_clients_show_the_portals_names() -> None:
    rows = [
        deal(1, stage_id="NEW", closed=False, category_id=0, company_id=500, contact_ids=(208,)),
        deal(2, stage_id="C1:WON", closed=True, category_id=1, company_id=999, contact_ids=(7,)),
        deal(3, stage_id="WON", closed=True, category_id=0, company_id=None, contact_ids=(208,)),
    ]
    model = model_with(rows, names())
    assert text(model, 0, "stage_id") == f"{DEAL_NEW} · open ○"
    assert text(model, 1, "stage_id") == "Serviced · closed ✓"
    assert text(model, 2, "stage_id") == f"{DEAL_WON} · closed ✓"
    assert text(model, 0, "category_id") == "Sales"
    assert text(model, 1, "category_id") == "Service"
    assert text(model, 0, "company_id") == "Orbis S.A., Anna Nowak"
    # Not (yet) known: today's placeholders.
    assert text(model, 1, "company_id") == "Company #999, Contact #7"
    assert text(model, 2, "company_id") == "Anna Nowak"


def test_a_lead_status_and_a_deal_stage_with_the_same_id_keep_their_names() -> None:
    shown = names()
    lead = ItemRef(section=LEADS.key, id=1, title="L", owner_id=2, stage_id="NEW", closed=False)
    leads = model_with([lead], shown, LEADS)
    deals = model_with([deal(1, stage_id="NEW", closed=False, category_id=0)], shown)
    assert text(leads, 0, "stage_id") == f"{LEAD_NEW} · open ○"
    assert text(deals, 0, "stage_id") == f"{DEAL_NEW} · open ○"


def test_without_names_the_codes_show_as_before() -> None:
    model = model_with(
        [
            deal(
                1,
                stage_id="C1:NEW",
                closed=False,
                category_id=1,
                company_id=401,
                contact_ids=(208,),
            )
        ],
        DisplayNames(),
    )
    assert text(model, 0, "stage_id") == "C1:NEW · open ○"
    assert text(model, 0, "category_id") == "Pipeline 1"
    assert text(model, 0, "company_id") == "Company #401, Contact #208"


def test_portal_names_are_plain_text_and_escaped_in_tooltips() -> None:
    model = model_with([deal(1, company_id=501)], names())
    assert text(model, 0, "company_id") == HOSTILE
    assert text(model, 0, "company_id", Qt.ItemDataRole.ToolTipRole) == html.escape(HOSTILE)


def test_stage_sorts_by_the_portals_order_within_each_pipeline() -> None:
    rows = [
        deal(1, stage_id="WON", closed=True, category_id=0),
        deal(2, stage_id="C1:NEW", closed=False, category_id=1),
        deal(3, stage_id="PREPARATION", closed=False, category_id=0),
        deal(4, stage_id="NEW", closed=False, category_id=0),
        deal(5, stage_id="C1:WON", closed=True, category_id=1),
        deal(6, stage_id=None, closed=None, category_id=0),
    ]
    model = model_with(rows, names())
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(model.column_of("stage_id"), Qt.SortOrder.AscendingOrder)
    order = [proxy.data(proxy.index(r, 0), ItemRole.ID) for r in range(proxy.rowCount())]
    # Default pipeline by SORT (NEW 10, PREPARATION 20, WON 60), then pipeline 1, then none.
    assert order == [4, 3, 1, 2, 5, 6]


def test_company_sorts_by_name_once_known() -> None:
    shown = DisplayNames()
    rows = [deal(1, company_id=502), deal(2, company_id=500), deal(3, company_id=503)]
    model = model_with(rows, shown)
    column = model.column_of("company_id")
    by_id = [model.data(model.index(r, column), ItemRole.SORT) for r in range(3)]
    assert sorted(range(3), key=lambda r: by_id[r]) == [1, 0, 2]  # by id while unnamed
    shown.companies.update({502: "Alpha", 500: "Zeta", 503: "Mid"})
    by_name = [model.data(model.index(r, column), ItemRole.SORT) for r in range(3)]
    assert sorted(range(3), key=lambda r: by_name[r]) == [0, 2, 1]


def test_refresh_columns_emits_one_range_per_column(qtbot, qtmodeltester) -> None:
    shown = DisplayNames()
    model = model_with([deal(i) for i in range(1, 501)], shown)
    qtmodeltester.check(model, force_py=True)
    seen: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda tl, br, roles=(): seen.append((tl.row(), tl.column(), br.row(), br.column()))
    )
    resets: list[str] = []
    model.layoutChanged.connect(lambda *a: resets.append("layout"))
    model.modelReset.connect(lambda: resets.append("reset"))
    shown.companies[500] = "Orbis"
    model.refresh_columns(["company_id", "stage_id", "no_such_column"])
    company, stage = model.column_of("company_id"), model.column_of("stage_id")
    assert seen == [(0, company, 499, company), (0, stage, 499, stage)]
    assert resets == []
    assert text(model, 3, "company_id") == "Orbis"  # deal 4: company 500 + 4 % 4
    qtmodeltester.check(model, force_py=True)
    CrmItemsModel(columns_for(DEALS, shown)).refresh_columns(["company_id"])  # empty: no-op
