from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from desktop_handover.handover.sections import CONTACTS, DEALS
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.views.section_tab import SectionTab
from tests.ui.factories import deal


def make_tab(qtbot, n: int = 10, section=DEALS, total: int | None = None) -> SectionTab:
    model = CrmItemsModel(columns_for(section))
    if n:
        model.append_rows([deal(i) for i in range(1, n + 1)])
    tab = SectionTab(section, model, "Dora Leaving")
    qtbot.addWidget(tab)
    tab.set_loaded(n, n if total is None else total)
    tab.set_finished(True)
    tab.resize(900, 500)
    tab.show()
    return tab


def checkbox_center(view, index) -> QPoint:
    # The real indicator rectangle (desktop-toolchain.md §5.1).
    opt = QStyleOptionViewItem()
    view.initViewItemOption(opt)
    opt.rect = view.visualRect(index)
    opt.index = index
    opt.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, view)
    return QPoint(rect.center())


def test_clicking_a_rows_checkbox_ticks_that_item(qtbot) -> None:
    tab = make_tab(qtbot)
    index = tab.proxy.index(2, 0)
    item_id = tab.proxy.index(2, 0).data(Qt.ItemDataRole.UserRole + 2)
    with qtbot.waitSignal(tab.model.dataChanged, timeout=1000):
        qtbot.mouseClick(
            tab.table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=checkbox_center(tab.table, index),
        )
    assert tab.model.selection() == Explicit(frozenset({item_id}))


def test_header_checkbox_is_tri_state_over_loaded_rows(qtbot) -> None:
    tab = make_tab(qtbot, 6)
    tab.model.set_checked(1, True)
    tab._refresh()
    assert tab.header.check_state() == Qt.CheckState.PartiallyChecked
    qtbot.mouseClick(
        tab.header.viewport(), Qt.MouseButton.LeftButton, pos=tab.header.checkbox_center()
    )
    assert tab.model.selection() == Explicit(frozenset(range(1, 7)))
    tab._refresh()
    assert tab.header.check_state() == Qt.CheckState.Checked
    tab.toggle_loaded()
    assert tab.model.selection() == Explicit(frozenset())


def test_header_ticks_only_rows_the_filter_shows(qtbot) -> None:
    tab = make_tab(qtbot, 9)
    tab.filter_box.setCurrentIndex(tab.filter_box.findData(SectionFilter.CLOSED))
    tab.toggle_loaded()
    assert tab.model.selection() == Explicit(frozenset({3, 6, 9}))


def test_space_toggles_the_current_row_in_any_column(qtbot) -> None:
    tab = make_tab(qtbot)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.proxy.index(0, 3))
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    first = tab.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    assert tab.model.is_checked(first)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert not tab.model.is_checked(first)


def test_for_all_then_untick_shows_all_except_one(qtbot) -> None:
    tab = make_tab(qtbot, 5, total=40)
    tab.for_all.click()
    tab.proxy.setData(tab.proxy.index(0, 0), 0, Qt.ItemDataRole.CheckStateRole)
    tab._refresh()
    first = tab.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    assert tab.model.selection() == AllMatching(SectionFilter.ALL, frozenset({first}))
    assert "all 40 except 1" in tab.status.text()
    assert "40" in tab.for_all.text()
    tab.toggle_for_all()
    assert tab.model.selection() == Explicit(frozenset())


def test_ticks_survive_sorting_and_search(qtbot) -> None:
    tab = make_tab(qtbot, 8)
    tab.model.check_ids([2, 7])
    tab.table.sortByColumn(tab.model.column_of("amount"), Qt.SortOrder.DescendingOrder)
    tab.proxy.set_text("deal 7")
    assert tab.proxy.visible_ids() == [7]
    assert tab.proxy.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    tab.proxy.set_text("")
    assert tab.model.selection() == Explicit(frozenset({2, 7}))


def test_sections_without_stages_have_no_open_closed_filter(qtbot) -> None:
    assert not make_tab(qtbot, 0, CONTACTS).filter_box.isEnabled()
    assert make_tab(qtbot, 0, DEALS).filter_box.isEnabled()


def test_empty_section_says_so_instead_of_an_empty_grid(qtbot) -> None:
    tab = make_tab(qtbot, 0, total=0)
    assert tab.stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text() == "Dora Leaving owns no deals."
    assert tab.empty_label.textFormat() == Qt.TextFormat.PlainText


def test_error_banner_offers_try_again(qtbot) -> None:
    tab = make_tab(qtbot, 3)
    tab.show_error("Loading stopped: the portal could not be reached.")
    assert tab.banner.isVisible()
    with qtbot.waitSignal(tab.reload_requested, timeout=1000):
        tab.banner.action_button().click()


def test_controls_have_accessible_names(qtbot) -> None:
    tab = make_tab(qtbot, 3)
    for widget in (tab.search, tab.filter_box, tab.reload_button, tab.table, tab.loading_bar):
        assert widget.accessibleName()
