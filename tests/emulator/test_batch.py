"""`batch` through both doors (bitrix24-api.md §4, S-prov methodsBatch, S-util)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from desktop_handover.emulator.limits import EmulatorConfig, FaultSpec
from tests.emulator.conftest import ADMIN_SECRET, Door, MakeDoor

COLLECTIONS = ["result", "result_error", "result_total", "result_next", "result_time"]
COMMAND_TIME_KEYS = {"start", "finish", "duration", "processing", "date_start", "date_finish"}


async def batch(door: Door, body: dict[str, Any], secret: str = ADMIN_SECRET) -> dict[str, Any]:
    response = await door.call("batch", body, secret=secret)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["result"]
    assert list(result) == COLLECTIONS
    return result


@pytest.mark.asyncio
async def test_batch_runs_commands_in_order_and_substitutes_results(door: Door) -> None:
    response = await door.call(
        "batch",
        {
            "halt": 0,
            "cmd": {
                "me": "user.current",
                "dept": "department.get?ID=$result[me][UF_DEPARTMENT][0]",
                "users": "user.get?FILTER[UF_DEPARTMENT]=$result[dept][0][ID]&sort=ID&order=ASC",
            },
        },
    )
    assert response.status_code == 200
    document = response.json()
    assert set(document) == {"result", "time"}
    assert {"operating", "operating_reset_at"} <= set(document["time"])
    result = document["result"]
    assert result["result"]["me"]["ID"] == "1"
    assert result["result"]["dept"] == [{"ID": "1", "NAME": "Zarząd", "SORT": 100, "UF_HEAD": "1"}]
    assert [u["ID"] for u in result["result"]["users"]] == ["1"]
    assert result["result_error"] == []  # an empty PHP array
    assert result["result_total"] == {"dept": 1, "users": 1}
    assert result["result_next"] == []
    assert set(result["result_time"]) == {"me", "dept", "users"}
    assert set(result["result_time"]["me"]) == COMMAND_TIME_KEYS


@pytest.mark.asyncio
async def test_next_and_total_references_resolve_too(door: Door) -> None:
    result = await batch(
        door,
        {
            "cmd": {
                "all": "user.get?sort=ID&order=ASC",
                "echo": "emulatortest.echo?total=$total[all]&first=$result[all][0][ID]",
            }
        },
    )
    assert result["result"]["echo"] == {"total": 7, "first": "1"}


@pytest.mark.asyncio
async def test_a_reference_inside_a_longer_value_is_replaced_as_text(door: Door) -> None:
    result = await batch(
        door,
        {
            "cmd": {
                "me": "user.current",
                "echo": "emulatortest.echo?a=ID_$result[me][ID]&b=x $result[me][UF_DEPARTMENT]",
            }
        },
    )
    # A number becomes text; an array cannot, so that reference stays as written.
    assert result["result"]["echo"] == {"a": "ID_1", "b": "x $result[me][UF_DEPARTMENT]"}


@pytest.mark.asyncio
async def test_missing_path_gives_the_deepest_existing_part_by_default(door: Door) -> None:
    result = await batch(
        door,
        {
            "cmd": {
                "depts": "department.get?sort=ID&order=ASC",
                "echo": "emulatortest.echo?id=$result[depts][49][ID]&s=>$result[depts][49][ID]",
            }
        },
    )
    echoed = result["result"]["echo"]
    # [inferred] §3 caveat: page "depts" has 3 rows, so [49] does not exist and the whole
    # page is substituted where the reference is the entire value; in a longer value an
    # array cannot be turned into text and the reference stays.
    assert echoed["id"] == result["result"]["depts"]
    assert echoed["s"] == ">$result[depts][49][ID]"


@pytest.mark.asyncio
async def test_missing_path_left_literal_with_the_switch(make_door: MakeDoor) -> None:
    door = await make_door(EmulatorConfig(switches={"batch_missing_path_literal": True}))
    result = await batch(
        door,
        {
            "cmd": {
                "depts": "department.get",
                "echo": "emulatortest.echo?id=$result[depts][49][ID]&ok=$result[depts][2][ID]",
            }
        },
    )
    assert result["result"]["echo"] == {"id": "$result[depts][49][ID]", "ok": "3"}


@pytest.mark.asyncio
async def test_cmd_as_a_list_gives_list_collections(door: Door) -> None:
    result = await batch(door, {"cmd": ["user.current", "department.get?ID=2"]})
    assert isinstance(result["result"], list)
    assert result["result"][0]["ID"] == "1"
    assert result["result"][1][0]["NAME"] == "Sprzedaż"
    assert result["result_total"] == {"1": 1}  # keys 1 only: not 0..n-1, so an object
    assert isinstance(result["result_time"], list)
    failing = await batch(door, {"cmd": ["no.such.method", "user.current"]})
    assert failing["result"] == {"1": failing["result"]["1"]}
    assert failing["result_error"] == [
        {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
    ]


@pytest.mark.asyncio
async def test_list_collections_can_be_switched_off(make_door: MakeDoor) -> None:
    door = await make_door(EmulatorConfig(switches={"batch_list_collections": False}))
    result = await batch(door, {"cmd": ["user.current", "user.current"]})
    assert set(result["result"]) == {"0", "1"}
    assert set(result["result_time"]) == {"0", "1"}


@pytest.mark.asyncio
async def test_halt_stops_after_the_first_failure(door: Door) -> None:
    commands = {"a": "user.current", "b": "crm.nothing", "c": "user.current"}
    halted = await batch(door, {"halt": 1, "cmd": commands})
    assert list(halted["result"]) == ["a"]
    assert list(halted["result_error"]) == ["b"]
    for halt in (0, "0", False, ""):
        full = await batch(door, {"halt": halt, "cmd": commands})
        assert list(full["result"]) == ["a", "c"]
    # PHP's (bool)"false" is true.
    assert list((await batch(door, {"HALT": "false", "CMD": commands}))["result"]) == ["a"]


@pytest.mark.asyncio
async def test_commands_past_fifty_get_batch_length_exceeded(door: Door) -> None:
    commands = {f"c{i}": "user.current" for i in range(53)}
    result = await batch(door, {"cmd": commands})
    assert len(result["result"]) == 50
    assert list(result["result_error"]) == ["c50", "c51", "c52"]
    assert result["result_error"]["c50"] == {
        "error": "ERROR_BATCH_LENGTH_EXCEEDED",
        "error_description": "Max batch length exceeded",
    }
    stats = (await door.client.get("/_emulator/stats")).json()
    assert stats["calls"] == {"batch": 1, "user.current": 50}


@pytest.mark.asyncio
async def test_nested_batch_unknown_methods_and_missing_scope_fail_per_command(
    door: Door,
) -> None:
    result = await batch(
        door,
        {
            "cmd": {
                "inner": "batch?cmd[x]=user.current",
                "unknown": "crm.nothing",
                "dept": "department.get",
                "users": "user.get?ID=1",
                "skipped": 5,  # not a string: silently skipped
            }
        },
        secret="crmonlysecret",
    )
    assert result["result_error"] == {
        "inner": {
            "error": "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "error_description": "Method is not allowed for batch usage",
        },
        "unknown": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"},
        # CRestServerBatchItem throws insufficient_scope without a description.
        "dept": {"error": "insufficient_scope", "error_description": ""},
        "users": {"error": "insufficient_scope", "error_description": ""},
    }
    assert result["result"] == []


@pytest.mark.asyncio
async def test_form_encoded_batch_needs_commands_encoded_twice(door: Door) -> None:
    body = (
        "halt=0&cmd[me]=user.current"
        "&cmd[dept]=department.get%3FID%3D%24result%5Bme%5D%5BUF_DEPARTMENT%5D%5B0%5D"
    )
    response = await door.client.post(
        door.url("batch"),
        content=body.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    result = response.json()["result"]
    assert result["result"]["dept"][0]["ID"] == "1"


@pytest.mark.asyncio
async def test_inner_commands_are_billed_to_their_own_method(make_door: MakeDoor) -> None:
    door = await make_door(EmulatorConfig(operating_limit=0.025))
    result = await batch(door, {"cmd": {f"u{i}": "user.get?ID=1" for i in range(5)}})
    # 0.01 each: the third crosses 0.025 and completes; the fourth and fifth are refused.
    assert list(result["result"]) == ["u0", "u1", "u2"]
    assert result["result_error"]["u3"] == {
        "error": "OPERATION_TIME_LIMIT",
        "error_description": "Method is blocked due to operation time limit.",
    }
    stats = (await door.client.get("/_emulator/stats")).json()
    assert stats["rejected_429"] == 2
    assert "batch" not in stats["operating"]
    assert stats["operating"]["user.get"] == pytest.approx(0.03)
    # Other methods still run, inside or outside a batch.
    assert (await door.call("user.current")).status_code == 200


@pytest.mark.asyncio
async def test_item_error_fails_a_command_before_it_acts(make_door: MakeDoor) -> None:
    door = await make_door(EmulatorConfig(faults=FaultSpec.parse("item_error=1")))
    result = await batch(door, {"cmd": {"u": "user.update?ID=3&NAME=Ewelina"}})
    assert result["result_error"] == {
        "u": {"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"}
    }
    assert door.emulator.portal.users[3].name == "Ewa"


@pytest.mark.asyncio
async def test_a_batch_past_the_request_cap_is_cut_off(make_door: MakeDoor) -> None:
    door = await make_door(EmulatorConfig(costs={"user.update": 25.0}))
    commands = {f"u{i}": f"user.update?ID=3&NAME=Name{i}" for i in range(4)}
    with pytest.raises(httpx.RemoteProtocolError):
        await door.call("batch", {"cmd": commands})
    # Three commands ran (75 virtual seconds) before the cut; the fourth never did.
    assert door.emulator.portal.users[3].name == "Name2"
    stats = (await door.client.get("/_emulator/stats")).json()
    assert stats["calls"]["user.update"] == 3
