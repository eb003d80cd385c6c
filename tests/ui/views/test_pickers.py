from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_handover.ui.models.proxies import UsersProxyModel
from desktop_handover.ui.models.users_model import UsersModel
from desktop_handover.ui.views.pickers import EmployeePickerDialog, SuccessorPickerDialog
from tests.ui.factories import ADMIN, ANNA, DEPARTING, EWA, GONE, PIOTR, users


def make_model() -> UsersModel:
    model = UsersModel()
    model.set_section_names({"deals": "Deals", "contacts": "Contacts"})
    model.set_users(list(users().values()))
    model.set_counts(DEPARTING, {"deals": 12, "contacts": 3})
    model.set_counts(GONE, {"deals": 0, "contacts": 0})
    model.set_counts(ANNA, {"deals": 4, "contacts": 0})
    return model


def test_users_model_and_proxies_pass_qtmodeltester(qtmodeltester) -> None:
    model = make_model()
    qtmodeltester.check(model, force_py=True)
    proxy = UsersProxyModel.successors()
    proxy.setSourceModel(model)
    proxy.set_hidden([DEPARTING])
    proxy.set_text("sales")
    qtmodeltester.check(proxy, force_py=True)


def test_users_model_shows_counts_and_avatars() -> None:
    model = make_model()
    row = next(r for r in range(model.rowCount()) if model.user_at(r).id == DEPARTING)
    assert model.index(row, UsersModel.NAME).data() == "Dora Leaving (dismissed)"
    assert model.index(row, UsersModel.ITEMS).data() == "15"
    assert "Deals: 12" in model.index(row, UsersModel.ITEMS).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row, UsersModel.NAME).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.breakdown(DEPARTING) == "Deals 12 · Contacts 3"
    unknown = next(r for r in range(model.rowCount()) if model.user_at(r).id == EWA)
    assert model.index(unknown, UsersModel.ITEMS).data() == "…"


def test_employee_picker_groups_dismissed_with_items_first(qtbot) -> None:
    dialog = EmployeePickerDialog(make_model())
    qtbot.addWidget(dialog)
    dismissed = [
        dialog.dismissed_proxy.user_at(r) for r in range(dialog.dismissed_proxy.rowCount())
    ]
    active = [dialog.active_proxy.user_at(r) for r in range(dialog.active_proxy.rowCount())]
    assert dismissed == [DEPARTING]  # GONE owns nothing and is not offered
    assert sorted(active) == sorted([ADMIN, ANNA, PIOTR, EWA])
    dialog.search.setText("support")
    dialog.search.flush()
    assert [dialog.active_proxy.user_at(r) for r in range(dialog.active_proxy.rowCount())] == [EWA]
    assert not dialog.ok_button.isEnabled()
    assert dialog.choose(EWA)
    assert dialog.ok_button.isEnabled()
    assert dialog.chosen_user_id() == EWA


def test_successor_picker_never_offers_the_departing_or_dismissed(qtbot) -> None:
    model = make_model()
    dialog = SuccessorPickerDialog(model, ANNA, multiple=True, recent=[PIOTR])
    qtbot.addWidget(dialog)
    offered = dialog.visible_user_ids()
    assert ANNA not in offered
    assert DEPARTING not in offered
    assert GONE not in offered
    assert offered[0] == PIOTR  # recently chosen first
    dialog.search.setText("board")
    dialog.search.flush()
    assert dialog.visible_user_ids() == [ADMIN]
    dialog.search.setText("")
    dialog.search.flush()
    dialog.choose([EWA, PIOTR])
    assert sorted(dialog.chosen_user_ids()) == sorted([EWA, PIOTR])
    assert dialog.ok_button.isEnabled()


def test_searching_by_position_and_department(qtbot) -> None:
    dialog = SuccessorPickerDialog(make_model(), DEPARTING)
    qtbot.addWidget(dialog)
    dialog.search.setText("account warsaw")
    dialog.search.flush()
    assert dialog.visible_user_ids() == [ANNA]
