"""ItemsProxyModel: pages appended to a sorted, filtered view land where a full sort puts them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from PySide6.QtCore import QPersistentModelIndex, Qt

from desktop_handover.handover.sections import DEALS, ItemRef
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.models.proxies import ItemsProxyModel
from desktop_handover.ui.models.roles import ItemRole
from tests.ui.factories import deal

# Few distinct titles, so ties are common; "" sorts last; case differences compare equal.
TITLES = ["alpha", "Beta", "beta", "gamma", "", "Zeta", "ALPHA"]
AMOUNTS = [None, 5.0, 5.0, 7.5, 100.0, 0.0]

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def item(item_id: int, title: str, amount: float | None, closed: bool) -> ItemRef:
    return deal(item_id, title=title, amount=amount, closed=closed)


def title_key(i: ItemRef) -> tuple[bool, str]:
    return (i.title == "", i.title.casefold())


def amount_key(i: ItemRef) -> tuple[bool, float]:
    return (i.amount is None, i.amount or 0.0)


KEYS: dict[str, Callable[[ItemRef], tuple[bool, object]]] = {
    "title": title_key,
    "amount": amount_key,
}


def expected(
    loaded: Sequence[ItemRef],
    column: str,
    order: Qt.SortOrder,
    text: str = "",
    section_filter: SectionFilter = SectionFilter.ALL,
) -> list[int]:
    """The ids a full sort shows: by key, ties in load order, a descending sort reversed."""
    key = KEYS[column]
    shown = [
        (key(i), n, i.id)
        for n, i in enumerate(loaded)
        if section_filter.matches(i) and (not text or text in i.title.casefold())
    ]
    ids = [i for _, _, i in sorted(shown, key=lambda t: (t[0], t[1]))]
    return ids[::-1] if order == DESC else ids


def sorted_proxy(column: str, order: Qt.SortOrder) -> tuple[CrmItemsModel, ItemsProxyModel]:
    model = CrmItemsModel(columns_for(DEALS))
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(model.column_of(column), order)
    return model, proxy


def assert_maps_both_ways(proxy: ItemsProxyModel) -> None:
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 1))
        assert proxy.mapFromSource(source).row() == row


@pytest.mark.parametrize("order", [ASC, DESC])
def test_ties_keep_load_order_across_pages(qapp, order: Qt.SortOrder) -> None:
    model, proxy = sorted_proxy("title", order)
    model.append_rows([item(1, "same", 1.0, False), item(2, "same", 1.0, False)])
    model.append_rows([item(3, "same", 1.0, False), item(4, "same", 1.0, False)])
    model.append_rows([item(5, "same", 1.0, False)])
    # A page's equal keys go after the rows already there, as a full (stable) sort puts them.
    assert proxy.visible_ids() == ([1, 2, 3, 4, 5] if order == ASC else [5, 4, 3, 2, 1])
    assert_maps_both_ways(proxy)


@pytest.mark.parametrize("order", [ASC, DESC])
def test_a_page_interleaves_with_the_rows_shown(qapp, qtmodeltester, order) -> None:
    model, proxy = sorted_proxy("title", order)
    model.append_rows([item(1, "b", 1.0, False), item(2, "d", 1.0, False)])
    model.append_rows(
        [item(3, "e", 1.0, False), item(4, "a", 1.0, False), item(5, "c", 1.0, False)]
    )
    ascending = [4, 1, 5, 2, 3]
    assert proxy.visible_ids() == (ascending if order == ASC else ascending[::-1])
    assert_maps_both_ways(proxy)
    qtmodeltester.check(proxy, force_py=True)


def test_filtered_rows_of_a_page_stay_hidden_and_the_rest_merge(qapp) -> None:
    model, proxy = sorted_proxy("amount", DESC)
    proxy.set_section_filter(SectionFilter.OPEN)
    proxy.set_text("keep")
    model.append_rows([item(1, "keep", 10.0, False), item(2, "drop", 50.0, False)])
    model.append_rows(
        [
            item(3, "keep", 30.0, True),  # closed
            item(4, "Keep", 20.0, False),
            item(5, "keep", None, False),  # no amount: last ascending, first descending
        ]
    )
    assert proxy.visible_ids() == [5, 4, 1]
    assert_maps_both_ways(proxy)


def test_the_current_row_follows_its_item_through_merges(qapp) -> None:
    model, proxy = sorted_proxy("title", ASC)
    model.append_rows([item(1, "m", 1.0, False), item(2, "x", 1.0, False)])
    held = QPersistentModelIndex(proxy.index(1, 1))  # "x"
    model.append_rows([item(3, "a", 1.0, False), item(4, "n", 1.0, False)])
    assert held.row() == 3
    assert held.data(ItemRole.ID) == 2
    model.append_rows([item(5, "z", 1.0, False), item(6, "b", 1.0, False)])
    assert held.row() == 4
    assert held.data(ItemRole.ID) == 2


def test_a_sort_chosen_after_some_pages_merges_the_rest(qapp) -> None:
    model = CrmItemsModel(columns_for(DEALS))
    proxy = ItemsProxyModel()
    proxy.setSourceModel(model)
    loaded = [item(1, "c", 1.0, False), item(2, "a", 1.0, False)]
    model.append_rows(loaded)
    assert proxy.visible_ids() == [1, 2]  # load order until a sort is asked for
    proxy.sort(model.column_of("title"), DESC)
    page = [item(3, "b", 1.0, False), item(4, "d", 1.0, False)]
    model.append_rows(page)
    assert proxy.visible_ids() == expected(loaded + page, "title", DESC)
    proxy.sort(-1)
    assert proxy.visible_ids() == [1, 2, 3, 4]


rows_strategy = st.lists(
    st.tuples(st.sampled_from(TITLES), st.sampled_from(AMOUNTS), st.booleans()),
    max_size=40,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=rows_strategy,
    cuts=st.lists(st.integers(min_value=1, max_value=9), max_size=12),
    column=st.sampled_from(sorted(KEYS)),
    order=st.sampled_from([ASC, DESC]),
    text=st.sampled_from(["", "a", "beta"]),
    section_filter=st.sampled_from(list(SectionFilter)),
)
def test_any_pages_show_what_a_full_sort_shows(
    qapp,
    rows: list[tuple[str, float | None, bool]],
    cuts: list[int],
    column: str,
    order: Qt.SortOrder,
    text: str,
    section_filter: SectionFilter,
) -> None:
    items = [item(n, t, a, c) for n, (t, a, c) in enumerate(rows, start=1)]
    model, proxy = sorted_proxy(column, order)
    proxy.set_text(text)
    proxy.set_section_filter(section_filter)
    at = 0
    for size in [*cuts, len(items)]:
        page = items[at : at + size]
        at += len(page)
        model.append_rows(page)
        assert proxy.visible_ids() == expected(items[:at], column, order, text, section_filter)
        if at == len(items):
            break
    assert_maps_both_ways(proxy)
    # A fresh proxy sorting everything at once agrees with the one that merged page by page.
    fresh = ItemsProxyModel()
    fresh.setSourceModel(model)
    fresh.set_text(text)
    fresh.set_section_filter(section_filter)
    fresh.sort(model.column_of(column), order)
    assert fresh.visible_ids() == proxy.visible_ids()
