"""PHP bracket encoding of batch commands (§2.1, §4)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from desktop_handover.bitrix.encoding import encode_command, encode_query
from desktop_handover.bitrix.types import Command, Ref


def test_nested_filter_order_and_select_use_brackets() -> None:
    query = encode_query(
        {
            "entityTypeId": 2,
            "filter": {">id": 10, "assignedById": 7},
            "order": {"id": "ASC"},
            "select": ["id", "assignedById"],
            "start": -1,
        }
    )
    assert parse_qsl(query) == [
        ("entityTypeId", "2"),
        ("filter[>id]", "10"),
        ("filter[assignedById]", "7"),
        ("order[id]", "ASC"),
        ("select[0]", "id"),
        ("select[1]", "assignedById"),
        ("start", "-1"),
    ]


def test_values_are_percent_encoded_so_ampersands_cannot_split_them() -> None:
    query = encode_query({"fields": {"title": "A&B=C #1 50%"}})
    assert "&B" not in query
    assert parse_qsl(query) == [("fields[title]", "A&B=C #1 50%")]


def test_list_filters_and_nested_lists_keep_their_order() -> None:
    query = encode_query({"filter": {"@stageId": ["C1:NEW", "C1:WON"]}})
    assert parse_qsl(query) == [
        ("filter[@stageId][0]", "C1:NEW"),
        ("filter[@stageId][1]", "C1:WON"),
    ]


def test_booleans_none_and_empty_containers() -> None:
    query = encode_query({"a": True, "b": False, "c": None, "d": [], "e": {}, "f": 2.0})
    assert parse_qsl(query, keep_blank_values=True) == [
        ("a", "Y"),
        ("b", "N"),
        ("c", ""),
        ("f", "2"),
    ]


def test_references_reach_the_server_literally() -> None:
    ref = Ref.result("req_0", "items", 49, "id")
    command = Command("crm.item.list", {"filter": {">id": ref}})
    assert encode_command(command) == "crm.item.list?filter[%3Eid]=$result[req_0][items][49][id]"


def test_reference_validation() -> None:
    with pytest.raises(ValueError):
        Ref("result[x]")
    with pytest.raises(ValueError):
        Ref("$result[x]&y=1")


def test_command_without_params_is_the_bare_method() -> None:
    assert encode_command(Command("user.current")) == "user.current"


@pytest.mark.parametrize("method", ["", "crm.item.list?x=1", "a b", "../x"])
def test_bad_method_names_are_refused(method: str) -> None:
    with pytest.raises(ValueError):
        encode_command(Command(method))
