"""user.* and department.get through both doors (bitrix24-api.md §6, §11 item 4)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_handover.emulator.state import User
from tests.emulator.conftest import LIMITED_SECRET, Door, MakeDoor, build_test_portal


def ids(document: dict[str, Any]) -> list[str]:
    return [row["ID"] for row in document["result"]]


@pytest.mark.asyncio
async def test_user_rows_have_the_documented_value_types(door: Door) -> None:
    document = await door.ok("user.get", {"ID": 3})
    assert document["total"] == 1
    (row,) = document["result"]
    assert row["ID"] == "3"
    assert row["ACTIVE"] is True
    assert row["UF_DEPARTMENT"] == [2]
    assert row["IS_ONLINE"] == "Y"
    assert row["USER_TYPE"] == "employee"
    assert row["NAME"] == "Ewa"
    assert row["LAST_NAME"] == "Wiśniewska"
    assert row["EMAIL"] == "ewa@portal.test"
    assert row["WORK_POSITION"] == "Handlowiec"
    assert row["UF_EMPLOYMENT_DATE"] == ""
    assert row["DATE_REGISTER"].endswith("+01:00")


@pytest.mark.asyncio
async def test_user_get_includes_dismissed_and_drops_unreal_users(door: Door) -> None:
    document = await door.ok("user.get")
    # Dismissed 4 and 8 are in; bot 7 is not (IS_REAL_USER, §6.1).
    assert ids(document) == ["1", "2", "3", "4", "5", "6", "8"]
    assert document["total"] == 7
    assert "next" not in document


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("active", "expected"),
    [
        (True, ["1", "2", "3", "5", "6"]),
        (False, ["4", "8"]),
        ("Y", ["1", "2", "3", "5", "6"]),
        ("N", ["4", "8"]),
        (0, ["4", "8"]),
        ("0", ["4", "8"]),
        # The trap (§6.1): the string "false" is truthy and not "N", so it means active.
        ("false", ["1", "2", "3", "5", "6"]),
    ],
)
async def test_active_filter_semantics(door: Door, active: Any, expected: list[str]) -> None:
    assert ids(await door.ok("user.get", {"FILTER": {"ACTIVE": active}})) == expected


@pytest.mark.asyncio
async def test_form_encoded_active_false_means_active(door: Door) -> None:
    response = await door.client.get(door.url("user.get") + "?FILTER[ACTIVE]=false")
    assert ids(response.json()) == ["1", "2", "3", "5", "6"]
    response = await door.client.get(door.url("user.get") + "?filter[ACTIVE]=N")
    assert ids(response.json()) == ["4", "8"]


@pytest.mark.asyncio
async def test_filter_may_be_top_level_but_a_filter_array_replaces_it(door: Door) -> None:
    assert ids(await door.ok("user.get", {"UF_DEPARTMENT": 2})) == ["2", "3", "8"]
    assert ids(await door.ok("user.get", {"filter": {"uf_department": [3]}})) == ["4", "5"]
    # S-user: with a FILTER array the top-level keys are ignored.
    assert ids(await door.ok("user.get", {"ACTIVE": False, "FILTER": {"UF_DEPARTMENT": 2}})) == [
        "2",
        "3",
        "8",
    ]
    # Unknown fields are dropped silently.
    assert ids(await door.ok("user.get", {"FILTER": {"NO_SUCH": 1, "ID": 2}})) == ["2"]


@pytest.mark.asyncio
async def test_user_type_and_name_search(door: Door) -> None:
    assert ids(await door.ok("user.get", {"FILTER": {"USER_TYPE": "extranet"}})) == ["6"]
    assert ids(await door.ok("user.get", {"FILTER": {"NAME_SEARCH": "kowal"}})) == ["2"]
    assert ids(await door.ok("user.get", {"FILTER": {"NAME_SEARCH": "handl"}})) == ["3", "8"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({">ID": 4}, ["5", "6", "8"]),
        ({">=ID": 4, "<ID": 6}, ["4", "5"]),
        ({"!ID": 1, "ACTIVE": True}, ["2", "3", "5", "6"]),
        ({"@ID": [2, 5]}, ["2", "5"]),
        ({"!@ID": [1, 2, 3, 4]}, ["5", "6", "8"]),
        ({"%LAST_NAME": "ski"}, ["2", "4"]),
        ({"!%LAST_NAME": "ski"}, ["1", "3", "5", "6", "8"]),
        ({"NAME": "e%"}, ["3"]),
        ({"=%NAME": "%a"}, ["1", "3", "5"]),
        ({"EMAIL": "PIOTR@portal.test"}, ["2"]),
    ],
)
async def test_filter_prefixes(door: Door, filter_: dict[str, Any], expected: list[str]) -> None:
    assert ids(await door.ok("user.get", {"FILTER": filter_})) == expected


@pytest.mark.asyncio
async def test_sort_needs_both_sort_and_order(door: Door) -> None:
    by_name = await door.ok("user.get", {"sort": "LAST_NAME", "order": "DESC", "ACTIVE": True})
    assert [r["LAST_NAME"] for r in by_name["result"]] == [
        "Wiśniewska",
        "Smith",
        "Nowak",
        "Lewandowska",
        "Kowalski",
    ]
    only_sort = await door.ok("user.get", {"SORT": "LAST_NAME", "ACTIVE": True})
    assert ids(only_sort) == ["1", "2", "3", "5", "6"]


@pytest.mark.asyncio
async def test_no_match_returns_an_empty_list_without_total(door: Door) -> None:
    document = await door.ok("user.get", {"FILTER": {"ID": 999}})
    assert document["result"] == []
    assert "total" not in document
    assert "next" not in document


@pytest.mark.asyncio
async def test_user_get_pages_by_exact_offsets(make_door: MakeDoor) -> None:
    portal = build_test_portal()
    for user_id in range(100, 160):
        portal.users[user_id] = User(user_id, f"N{user_id}", "Test", "", "Tester", [2])
    door = await make_door(portal=portal)
    first = await door.ok("user.get", {"FILTER": {"LAST_NAME": "Test"}})
    assert len(first["result"]) == 50
    assert (first["next"], first["total"]) == (50, 60)
    second = await door.ok("user.get", {"FILTER": {"LAST_NAME": "Test"}, "start": 50})
    assert ids(second) == [str(i) for i in range(150, 160)]
    assert "next" not in second
    # An ORM list: start=7 is taken exactly, not rounded to a page.
    seventh = await door.ok("user.get", {"FILTER": {"LAST_NAME": "Test"}, "start": "7"})
    assert seventh["result"][0]["ID"] == "107"
    assert seventh["next"] == 57
    # S-user counts even for start=-1 and reads the first page.
    unbounded = await door.ok("user.get", {"FILTER": {"LAST_NAME": "Test"}, "start": -1})
    assert (unbounded["result"][0]["ID"], unbounded["total"], unbounded["next"]) == ("100", 60, 50)


@pytest.mark.asyncio
async def test_user_search_find_and_prefix_search(door: Door) -> None:
    assert ids(await door.ok("user.search", {"FIND": "Ewa"})) == ["3"]
    assert ids(await door.ok("user.search", {"FILTER": {"FIND": "wspar"}})) == ["4", "5"]
    assert ids(await door.ok("user.search", {"LAST_NAME": "Ko"})) == ["2"]
    assert ids(await door.ok("user.search", {"UF_DEPARTMENT_NAME": "Sprzed"})) == ["2", "3", "8"]
    # user.get knows neither key: both are dropped silently.
    assert len((await door.ok("user.get", {"FIND": "Ewa"}))["result"]) == 7


@pytest.mark.asyncio
async def test_user_current_is_the_webhook_owner(door: Door) -> None:
    limited = await door.ok("user.current", secret=LIMITED_SECRET)
    assert limited["result"]["ID"] == "5"
    assert limited["result"]["ACTIVE"] is True
    assert "total" not in limited
    brief = await door.ok("user.current", secret="briefsecret")
    assert brief["result"]["ID"] == "3"
    assert "EMAIL" not in brief["result"]  # user_brief: no contact details


@pytest.mark.asyncio
async def test_admin_dismisses_and_rehires_through_user_update(door: Door) -> None:
    assert (await door.ok("user.update", {"ID": 3, "ACTIVE": "N"}))["result"] is True
    assert (await door.ok("user.get", {"ID": 3}))["result"][0]["ACTIVE"] is False
    assert (await door.ok("user.update", {"id": "3", "active": "Y"}))["result"] is True
    assert (await door.ok("user.get", {"ID": 3}))["result"][0]["ACTIVE"] is True
    await door.ok("user.update", {"ID": 3, "UF_DEPARTMENT": [3], "WORK_POSITION": "Kierownik"})
    row = (await door.ok("user.get", {"ID": 3}))["result"][0]
    assert (row["UF_DEPARTMENT"], row["WORK_POSITION"]) == ([3], "Kierownik")


@pytest.mark.asyncio
async def test_non_admins_may_edit_only_themselves_and_not_active(door: Door) -> None:
    other = await door.call("user.update", {"ID": 3, "ACTIVE": "N"}, secret=LIMITED_SECRET)
    assert other.status_code == 400
    assert other.json() == {"error": "ERROR_CORE", "error_description": "access_denied"}
    assert door.emulator.portal.users[3].active is True
    own = await door.ok(
        "user.update",
        {"ID": 5, "ACTIVE": "N", "UF_DEPARTMENT": [1], "NAME": "Marysia"},
        secret=LIMITED_SECRET,
    )
    assert own["result"] is True
    me = door.emulator.portal.users[5]
    assert (me.active, me.departments, me.name) == (True, [3], "Marysia")
    missing = await door.call("user.update", {"NAME": "X"})
    assert missing.json()["error_description"] == "access_denied"


@pytest.mark.asyncio
async def test_department_get_rows_filters_sorting_and_paging(door: Door) -> None:
    document = await door.ok("department.get")
    assert document["result"] == [
        {"ID": "1", "NAME": "Zarząd", "SORT": 100, "UF_HEAD": "1"},
        {"ID": "2", "NAME": "Sprzedaż", "SORT": 200, "PARENT": "1", "UF_HEAD": "2"},
        {"ID": "3", "NAME": "Wsparcie", "SORT": 300, "PARENT": "1"},
    ]
    assert document["total"] == 3
    assert [r["ID"] for r in (await door.ok("department.get", {"PARENT": 1}))["result"]] == [
        "2",
        "3",
    ]
    named = await door.ok("department.get", {"sort": "NAME", "order": "DESC"})
    assert [r["NAME"] for r in named["result"]] == ["Zarząd", "Wsparcie", "Sprzedaż"]
    assert (await door.ok("department.get", {"NAME": "Wsparcie"}))["result"][0]["ID"] == "3"
    # A classic list: start=2 rounds down to the page start; start=-1 counts nothing.
    assert len((await door.ok("department.get", {"START": 2}))["result"]) == 3
    unbounded = await door.ok("department.get", {"start": -1})
    assert unbounded["total"] == 0
    assert "next" not in unbounded
