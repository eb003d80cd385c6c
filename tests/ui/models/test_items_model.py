from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop_handover.handover.sections import CONTACTS, DEALS
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.models.proxies import ItemsProxyModel
from desktop_handover.ui.models.roles import ItemRole
from tests.ui.factories import HOSTILE, deal


def make_model(n: int = 0) -> CrmItemsModel:
    model = CrmItemsModel(columns_for(DEALS))
    if n:
        model.append_rows([deal(i) for i in range(1, n + 1)])
    return model


def test_columns_follow_the_section() -> None:
    keys = [c.key for c in columns_for(DEALS)]
    assert keys[0] == "check"
    assert keys[1] == "title"
    assert keys[-1] == "to"
    assert "stage_id" in keys
    assert "amount" in keys
    assert "category_id" in keys
    assert "stage_id" not in [c.key for c in columns_for(CONTACTS)]


def test_model_passes_qtmodeltester_empty_loaded_toggled_and_for_all(qtmodeltester) -> None:
    model = make_model()
    qtmodeltester.check(model, force_py=True)
    model.append_rows([deal(i) for i in range(1, 8)])
    qtmodeltester.check(model, force_py=True)
    model.set_checked(3, True)
    qtmodeltester.check(model, force_py=True)
    model.set_for_all(True)
    qtmodeltester.check(model, force_py=True)
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    proxy.set_text("Deal 1")
    qtmodeltester.check(proxy, force_py=True)


def test_append_rows_signals_an_inclusive_range(qtbot) -> None:
    model = make_model(3)
    seen: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: seen.append((first, last)))
    added = model.append_rows([deal(i) for i in range(3, 7)])  # 3 is already there
    assert added == 3
    assert seen == [(3, 5)]
    assert model.rowCount() == 6


def test_checks_are_keyed_by_id_and_survive_sorting_and_reload() -> None:
    model = make_model(6)
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(model.column_of("amount"), Qt.SortOrder.DescendingOrder)
    # Tick the row shown first (the largest amount: deal 6) through the proxy, as a view does.
    top = proxy.index(0, 0)
    assert proxy.setData(top, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.is_checked(6)
    proxy.sort(model.column_of("amount"), Qt.SortOrder.AscendingOrder)
    assert proxy.index(5, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.clear()
    model.append_rows([deal(i) for i in range(1, 7)])
    assert model.index(model.row_of(6), 0).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert model.selection() == Explicit(frozenset({6}))


def test_for_all_with_an_exclusion_is_all_matching() -> None:
    model = make_model(5)
    model.set_for_all(True)
    assert all(
        model.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        for r in range(5)
    )
    model.setData(model.index(model.row_of(2), 0), 0, Qt.ItemDataRole.CheckStateRole)
    assert model.selection() == AllMatching(SectionFilter.ALL, frozenset({2}))
    model.set_section_filter(SectionFilter.OPEN)
    assert model.selection() == AllMatching(SectionFilter.OPEN, frozenset({2}))


def test_only_the_check_column_is_checkable() -> None:
    model = make_model(2)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(model.index(0, 1), 2, Qt.ItemDataRole.CheckStateRole)


def test_to_column_shows_destinations() -> None:
    model = make_model(3)
    model.set_destinations({2: 7}, {7: "Anna Nowak"})
    to = model.column_of("to")
    assert model.index(model.row_of(2), to).data() == "Anna Nowak"
    assert model.index(model.row_of(1), to).data() == ""


def test_tooltips_escape_portal_text() -> None:
    model = make_model()
    model.append_rows([deal(1, title=HOSTILE)])
    tip = model.index(0, model.column_of("title")).data(Qt.ItemDataRole.ToolTipRole)
    assert "<" not in tip
    assert "&lt;b&gt;" in tip
    assert model.index(0, 1).data() == HOSTILE


def test_proxy_filters_open_closed_and_text() -> None:
    model = make_model(9)
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.set_section_filter(SectionFilter.CLOSED)
    assert sorted(proxy.visible_ids()) == [3, 6, 9]
    proxy.set_section_filter(SectionFilter.OPEN)
    assert 3 not in proxy.visible_ids()
    assert len(proxy.visible_ids()) == 6
    proxy.set_text("deal 4")
    assert proxy.visible_ids() == [4]


def test_sort_role_is_typed() -> None:
    model = make_model(12)
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(model.column_of("amount"), Qt.SortOrder.AscendingOrder)
    # Numeric, not text order: 200 comes before 1,000.
    assert proxy.visible_ids()[:3] == [1, 2, 3]
    assert proxy.index(0, 0).data(ItemRole.ID) == 1


def test_fetch_more_asks_once_until_answered(qtbot) -> None:
    model = make_model(2)
    assert not model.canFetchMore(QModelIndex())
    model.set_more_available(True)
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.fetch_more_requested, timeout=1000):
        model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())  # the re-entry guard
    model.set_more_available(True)
    assert model.canFetchMore(QModelIndex())


def test_pages_appended_to_a_sorted_view_land_in_order(qtmodeltester) -> None:
    model = make_model()
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(model.column_of("amount"), Qt.SortOrder.DescendingOrder)
    order = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10]
    for start in range(0, 10, 3):
        model.append_rows([deal(i) for i in order[start : start + 3]])
        shown = proxy.visible_ids()
        assert shown == sorted(shown, reverse=True)  # amount grows with the id
    assert proxy.visible_ids() == list(range(10, 0, -1))
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 2))
        assert proxy.mapFromSource(source).row() == row
    qtmodeltester.check(proxy, force_py=True)


def test_the_current_row_follows_its_item_through_a_sort(qtbot) -> None:
    model = make_model(6)
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    held = QPersistentModelIndex(proxy.index(1, 1))  # deal 2
    proxy.sort(model.column_of("amount"), Qt.SortOrder.DescendingOrder)
    assert held.row() == 4
    assert held.data(ItemRole.ID) == 2
    proxy.set_text("deal")
    proxy.sort(-1)
    assert proxy.visible_ids() == [1, 2, 3, 4, 5, 6]
