"""crm.activity.list/update and crm.activity.todo.updateResponsibleUser (bitrix24-api.md §8)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_handover.emulator.api import ApiError
from desktop_handover.emulator.state import DEAL, Activity
from tests.emulator.crm_fixtures import (
    ADMIN,
    ANNA,
    BOB,
    CAROL,
    DAVE,
    call,
    context,
    full_portal,
    page,
    rest,
)


def error_of(ctx: Any, name: str, params: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(ctx, name, params)
    return caught.value


def test_rows_are_strings_with_settings_and_deadline() -> None:
    # §8.1: all strings, SETTINGS [] when empty, no deadline = 9999-12-31.
    result = page(context(full_portal()), "crm.activity.list", {"filter": {"ID": 1}})
    (row,) = result.result
    assert row["ID"] == "1"
    assert row["OWNER_TYPE_ID"] == "2"
    assert row["RESPONSIBLE_ID"] == str(ANNA)
    assert row["COMPLETED"] == "N"
    assert row["STATUS"] == "1"
    assert row["PROVIDER_ID"] == "CRM_TODO"
    assert row["SETTINGS"] == []
    assert row["DEADLINE"].startswith("9999-12-31")
    assert "COMMUNICATIONS" not in row
    assert all(isinstance(v, str) for k, v in row.items() if k != "SETTINGS" and v is not None)


def test_default_order_is_start_time_ascending() -> None:
    result = page(context(full_portal()), "crm.activity.list", {})
    assert [r["ID"] for r in result.result] == ["2", "4", "3", "5", "6", "1"]


@pytest.mark.parametrize(
    ("filt", "expected"),
    [
        ({"RESPONSIBLE_ID": ANNA, "COMPLETED": "N"}, ["5", "6", "1"]),
        ({"OWNER_TYPE_ID": DEAL, "OWNER_ID": 1}, ["2", "1"]),
        ({">ID": 3}, ["4", "5", "6"]),
        ({"@ID": [1, 6]}, ["6", "1"]),
        ({"PROVIDER_ID": "VOXIMPLANT_CALL"}, ["3"]),
        ({"TYPE_ID": 2}, ["3", "5"]),
        (
            {
                "BINDINGS": [
                    {"OWNER_TYPE_ID": 3, "OWNER_ID": 1},
                    {"OWNER_TYPE_ID": 2, "OWNER_ID": 2},
                ]
            },
            ["3", "5"],
        ),
    ],
)
def test_filters(filt: dict[str, Any], expected: list[str]) -> None:
    result = page(context(full_portal()), "crm.activity.list", {"filter": filt})
    assert [r["ID"] for r in result.result] == expected


def test_select_communications_on_request() -> None:
    result = page(
        context(full_portal()),
        "crm.activity.list",
        {"filter": {"ID": 1}, "select": ["ID", "COMMUNICATIONS"]},
    )
    assert result.result == [{"ID": "1", "COMMUNICATIONS": []}]


def test_unreadable_activities_are_left_out() -> None:
    result = page(context(full_portal(), CAROL), "crm.activity.list", {})
    assert ([r["ID"] for r in result.result], result.total) == (["4"], 1)


def test_paging_rounds_offsets_down() -> None:
    portal = full_portal()
    for n in range(10, 70):
        portal.add_activity(
            Activity(n, DEAL, 1, BOB, f"A{n}", start_time="2025-04-01T09:00:00+01:00")
        )
    ctx = context(portal)
    first = page(ctx, "crm.activity.list", {"order": {"ID": "ASC"}, "start": 0})
    assert (len(first.result), first.next, first.total) == (50, 50, 66)
    again = page(ctx, "crm.activity.list", {"order": {"ID": "ASC"}, "start": 7})
    assert again.result[0]["ID"] == "1"
    fast = page(
        ctx,
        "crm.activity.list",
        {"order": {"ID": "ASC"}, "filter": {"RESPONSIBLE_ID": BOB, ">ID": 60}, "start": -1},
    )
    assert ([r["ID"] for r in fast.result], fast.total, fast.next) == (
        [str(n) for n in range(61, 70)],
        0,
        None,
    )


def test_update_with_only_responsible_id() -> None:
    # §8.2: {id, fields:{RESPONSIBLE_ID}} is enough; returns true; completed ones too (§8.3).
    portal = full_portal()
    ctx = context(portal)
    assert call(ctx, "crm.activity.update", {"id": "2", "fields": {"RESPONSIBLE_ID": str(BOB)}})
    activity = portal.activities.rows[2]
    assert (activity.responsible_id, activity.completed, activity.owner_id) == (BOB, True, 1)
    assert activity.editor_id == ADMIN
    assert 2 in portal.activities.by_owner.ids(BOB)


def test_update_accepts_a_dismissed_responsible_by_default() -> None:
    # §8.4 [inferred]: no status check of the old or new user.
    assert call(
        context(full_portal()),
        "crm.activity.update",
        {"id": 1, "fields": {"RESPONSIBLE_ID": DAVE}},
    )
    strict = context(full_portal(), reject_inactive_assignee=True)
    err = error_of(strict, "crm.activity.update", {"id": 1, "fields": {"RESPONSIBLE_ID": DAVE}})
    assert (err.status, err.code) == (400, "")


@pytest.mark.parametrize(
    ("user", "params", "text"),
    [
        (ADMIN, {"fields": {"RESPONSIBLE_ID": 3}}, "ID is not defined or invalid."),
        (ADMIN, {"id": 1}, "Parameter 'fields' must be array."),
        (ADMIN, {"id": 99, "fields": {"RESPONSIBLE_ID": 3}}, "Activity is not found."),
        (CAROL, {"id": 1, "fields": {"RESPONSIBLE_ID": 4}}, "Access denied."),
    ],
)
def test_update_errors_have_an_empty_code(user: int, params: dict[str, Any], text: str) -> None:
    err = error_of(context(full_portal(), user), "crm.activity.update", params)
    assert (err.status, err.code, err.description) == (400, "", text)


def test_todo_update_responsible_user() -> None:
    # §8.3: → {"id": 999}.
    portal = full_portal()
    result = call(
        context(portal),
        "crm.activity.todo.updateResponsibleUser",
        {"id": "1", "ownerTypeId": "2", "ownerId": "1", "responsibleId": str(BOB)},
    )
    assert result == {"id": 1}
    assert portal.activities.rows[1].responsible_id == BOB


@pytest.mark.parametrize(
    ("user", "params", "code"),
    [
        (
            ADMIN,
            {"id": 2, "ownerTypeId": 2, "ownerId": 1, "responsibleId": BOB},
            "CAN_NOT_UPDATE_RESPONSIBLE_USER_COMPLETED_TODO",
        ),
        (
            ADMIN,
            {"id": 1, "ownerTypeId": 2, "ownerId": 1, "responsibleId": 0},
            "INVALID_ARG_VALUE",
        ),
        (
            ADMIN,
            {"id": 1, "ownerTypeId": 2, "ownerId": 1, "responsibleId": -3},
            "INVALID_ARG_VALUE",
        ),
        (ADMIN, {"id": 99, "ownerTypeId": 2, "ownerId": 1, "responsibleId": BOB}, "NOT_FOUND"),
        (ADMIN, {"id": 3, "ownerTypeId": 2, "ownerId": 2, "responsibleId": BOB}, "NOT_FOUND"),
        (
            ADMIN,
            {"id": 1, "ownerTypeId": 2, "ownerId": 999, "responsibleId": BOB},
            "OWNER_NOT_FOUND",
        ),
        (
            CAROL,
            {"id": 1, "ownerTypeId": 2, "ownerId": 1, "responsibleId": CAROL},
            "ACCESS_DENIED",
        ),
        (ADMIN, {"id": 1, "ownerTypeId": 2, "ownerId": 1}, "100"),
    ],
)
def test_todo_errors(user: int, params: dict[str, Any], code: str) -> None:
    # §8.3 / D-todo: named codes with HTTP 400; activity 3 is a call, not a CRM_TODO.
    err = error_of(context(full_portal(), user), "crm.activity.todo.updateResponsibleUser", params)
    assert (err.status, err.code) == (400, code)


@pytest.mark.asyncio
async def test_update_over_transport() -> None:
    portal = full_portal()
    status, body = await rest(
        portal, "crm.activity.update", form=f"id=1&fields[RESPONSIBLE_ID]={BOB}"
    )
    assert (status, body["result"]) == (200, True)
    status, body = await rest(
        portal,
        "crm.activity.list",
        json_body={"filter": {"RESPONSIBLE_ID": BOB}, "select": ["ID"]},
    )
    assert (status, [r["ID"] for r in body["result"]], body["total"]) == (200, ["3", "1"], 2)


def test_list_hands_the_handler_the_records_behind_its_rows() -> None:
    # api.ListPage.records: what the `concurrent_edit` fault arms after a listing.
    portal = full_portal()
    result = page(context(portal), "crm.activity.list", {"filter": {"RESPONSIBLE_ID": ANNA}})
    assert result.result
    assert [str(r.id) for r in result.records] == [row["ID"] for row in result.result]
    assert all(r is portal.activities.rows[r.id] for r in result.records)


def test_update_reads_the_id_with_php_intval() -> None:
    # A legacy proxy (S-crmrest resolveEntityID): a non-empty array is 1, "02" is 2, and a
    # reference left as text ("0$result[...]", §4) is 0.
    portal = full_portal()
    ctx = context(portal)
    assert call(ctx, "crm.activity.update", {"id": "02", "fields": {"RESPONSIBLE_ID": BOB}})
    assert portal.activities.rows[2].responsible_id == BOB
    assert call(
        ctx, "crm.activity.update", {"id": [{"ID": "9"}], "fields": {"RESPONSIBLE_ID": BOB}}
    )
    assert portal.activities.rows[1].responsible_id == BOB
    err = error_of(
        ctx, "crm.activity.update", {"id": "0$result[g][4][ID]", "fields": {"RESPONSIBLE_ID": 1}}
    )
    assert (err.code, err.description) == ("", "ID is not defined or invalid.")
