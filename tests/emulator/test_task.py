"""tasks.task.list and tasks.task.update (bitrix24-api.md §9)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_handover.emulator.api import REGISTRY, ApiError
from tests.emulator.crm_fixtures import (
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


def test_scope_is_task() -> None:
    assert REGISTRY["tasks.task.list"].scope == "task"
    assert REGISTRY["tasks.task.update"].scope == "task"


def test_list_shape_camel_case_strings_id_desc() -> None:
    # §9: {"tasks": [...]}, camelCase keys, string values, default order ID desc, total.
    result = page(
        context(full_portal()),
        "tasks.task.list",
        {"select": ["ID", "TITLE", "RESPONSIBLE_ID", "STATUS"]},
    )
    tasks = result.result["tasks"]
    assert [t["id"] for t in tasks] == ["5", "4", "3", "2", "1"]
    assert tasks[0]["title"] == "Task 5"
    assert tasks[0]["responsibleId"] == str(ANNA)
    assert (tasks[0]["status"], tasks[0]["subStatus"]) == ("3", "3")
    assert tasks[0]["responsible"]["id"] == str(ANNA)
    assert result.total == 5


@pytest.mark.parametrize(
    ("filt", "expected"),
    [
        ({"RESPONSIBLE_ID": ANNA}, ["5", "2", "1"]),
        ({"RESPONSIBLE_ID": ANNA, ">ID": 1}, ["5", "2"]),
        ({"ID": 3}, ["3"]),
        ({"REAL_STATUS": 2}, ["4", "1"]),
        ({"!REAL_STATUS": 5, "CREATED_BY": ANNA}, ["3"]),
        ({"UF_CRM_TASK": "D_1"}, ["5", "1"]),
        ({"UF_CRM_TASK": ["D_2", "C_1"]}, ["5", "3"]),
        # An array under ID means "one of" (CTasks FilterCreate builds ID IN (...)).
        ({"ID": [2, 4, 5]}, ["5", "4", "2"]),
        ({"ID": ["3"]}, ["3"]),
        # CTasks knows no "@" prefix (§9): "@ID" is an unknown field and is dropped.
        ({"@ID": [2, 4], "RESPONSIBLE_ID": ANNA}, ["5", "2", "1"]),
    ],
)
def test_filters(filt: dict[str, Any], expected: list[str]) -> None:
    result = page(context(full_portal()), "tasks.task.list", {"filter": filt, "select": ["ID"]})
    assert [t["id"] for t in result.result["tasks"]] == expected


def test_select_uf_crm_task_and_order() -> None:
    result = page(
        context(full_portal()),
        "tasks.task.list",
        {"select": ["ID", "UF_CRM_TASK"], "order": {"ID": "asc"}},
    )
    assert result.result["tasks"][0] == {"id": "1", "ufCrmTask": ["D_1"]}


def test_unreadable_tasks_are_left_out() -> None:
    result = page(context(full_portal(), CAROL), "tasks.task.list", {"select": ["ID"]})
    assert ([t["id"] for t in result.result["tasks"]], result.total) == (["4"], 1)


def test_update_returns_the_task() -> None:
    # §9: {taskId, fields:{RESPONSIBLE_ID}} → {"task": {...camelCase...}}.
    portal = full_portal()
    result = call(
        context(portal),
        "tasks.task.update",
        {"taskId": "1", "fields": {"RESPONSIBLE_ID": str(BOB)}},
    )
    assert list(result) == ["task"]
    assert (result["task"]["id"], result["task"]["responsibleId"]) == ("1", str(BOB))
    assert portal.tasks.rows[1].responsible_id == BOB
    assert 1 in portal.tasks.by_owner.ids(BOB)


def test_update_errors() -> None:
    ctx = context(full_portal())
    err = error_of(ctx, "tasks.task.update", {"taskId": 1})
    assert (err.status, err.code) == (400, "100")
    err = error_of(ctx, "tasks.task.update", {"taskId": 1, "fields": {"RESPONSIBLE_ID": 999}})
    assert (err.code, err.description) == (
        "ERROR_CORE",
        'The user specified in the "Responsible" field was not found',
    )
    err = error_of(
        context(full_portal(), CAROL),
        "tasks.task.update",
        {"taskId": 1, "fields": {"RESPONSIBLE_ID": CAROL}},
    )
    assert (err.code, err.description) == ("0", "Action on the task is not allowed")


def test_dismissed_responsible_accepted_unless_strict() -> None:
    params = {"taskId": 2, "fields": {"RESPONSIBLE_ID": DAVE}}
    assert call(context(full_portal()), "tasks.task.update", params)["task"][
        "responsibleId"
    ] == str(DAVE)
    err = error_of(
        context(full_portal(), reject_inactive_assignee=True), "tasks.task.update", params
    )
    assert err.code == "ERROR_CORE"


@pytest.mark.asyncio
async def test_over_transport() -> None:
    portal = full_portal()
    status, body = await rest(
        portal, "tasks.task.update", form=f"taskId=3&fields[RESPONSIBLE_ID]={ANNA}"
    )
    assert (status, body["result"]["task"]["responsibleId"]) == (200, str(ANNA))
    status, body = await rest(
        portal, "tasks.task.list", form=f"filter[RESPONSIBLE_ID]={ANNA}&select[]=ID"
    )
    assert (status, body["total"]) == (200, 4)
    assert [t["id"] for t in body["result"]["tasks"]] == ["5", "3", "2", "1"]


def test_list_hands_the_handler_the_records_behind_its_rows() -> None:
    # api.ListPage.records: what the `concurrent_edit` fault arms after a listing.
    portal = full_portal()
    result = page(context(portal), "tasks.task.list", {"filter": {"RESPONSIBLE_ID": ANNA}})
    rows = result.result["tasks"]
    assert rows
    assert [str(r.id) for r in result.records] == [row["id"] for row in rows]
    assert all(r is portal.tasks.rows[r.id] for r in result.records)
