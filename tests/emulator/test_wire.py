"""PHP-style request parsing and the reply format (bitrix24-api.md §2, §11 items 2, 3, 5)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_handover.emulator import wire
from desktop_handover.emulator.api import php_bool, php_intval


def test_parse_str_builds_nested_arrays_from_bracket_syntax() -> None:
    query = (
        "filter%5B%3EID%5D=10&select[]=ID&select[]=NAME"
        "&fields[PHONE][0][VALUE]=%2B48+600&fields[PHONE][0][VALUE_TYPE]=WORK"
    )
    assert wire.parse_str(query) == {
        "filter": {">ID": "10"},
        "select": ["ID", "NAME"],
        "fields": {"PHONE": [{"VALUE": "+48 600", "VALUE_TYPE": "WORK"}]},
    }


def test_parse_str_follows_php_key_rules() -> None:
    # Last value wins; '.' and ' ' in the base name become '_'; an unmatched '[' too.
    assert wire.parse_str("a=1&a=2&b.c=3&d e=4&f[g=5") == {
        "a": "2",
        "b_c": "3",
        "d_e": "4",
        "f_g": "5",
    }
    # Arrays keyed 0..n-1 are lists (json_encode); any other key order is an object.
    assert wire.parse_str("x[1]=a&x[0]=b") == {"x": {"1": "a", "0": "b"}}
    assert wire.parse_str("x[]=a&x[5]=b&x[]=c") == {"x": {"0": "a", "5": "b", "6": "c"}}
    assert wire.parse_str("x[0]=a&x[1]=b") == {"x": ["a", "b"]}
    # A leading-zero key stays a string key, as in PHP.
    assert wire.parse_str("x[00]=a") == {"x": {"00": "a"}}
    # Empty pairs and nameless values are skipped; a bare name is an empty string.
    assert wire.parse_str("&&=1&flag") == {"flag": ""}


def test_parse_str_lets_a_later_scalar_replace_an_array_and_back() -> None:
    assert wire.parse_str("a[b]=1&a=2") == {"a": "2"}
    assert wire.parse_str("a=2&a[b]=1") == {"a": {"b": "1"}}


def _http_build_query(value: dict[str, Any], prefix: str = "") -> list[str]:
    pairs: list[str] = []
    for key, item in value.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(item, dict):
            pairs += _http_build_query(item, name)
        else:
            pairs.append(f"{quote(name)}={quote(item)}")
    return pairs


_names = st.text("abcdefgh_XYZ>!%@", min_size=1, max_size=6).filter(
    lambda s: not s.isdigit() and s[0] not in " ."
)
_trees = st.recursive(
    st.text(max_size=8),
    lambda children: st.dictionaries(_names, children, min_size=1, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(_names.filter(lambda s: "[" not in s), _trees, min_size=1, max_size=4))
def test_parse_str_inverts_http_build_query(tree: dict[str, Any]) -> None:
    assert wire.parse_str("&".join(_http_build_query(tree))) == tree


def test_body_wins_over_the_query_string() -> None:
    params = wire.request_params(
        "start=50&entityTypeId=2", "application/json", b'{"start": -1, "filter": {"x": 1}}'
    )
    assert params == {"start": -1, "entityTypeId": "2", "filter": {"x": 1}}


def test_undecodable_json_body_is_an_empty_parameter_set() -> None:
    params = wire.request_params("ID=5", "application/json; charset=utf-8", b'{"ID": 6,')
    assert params == {"ID": "5"}


def test_form_and_raw_bodies_are_read_as_query_strings() -> None:
    form = wire.request_params(
        "", "application/x-www-form-urlencoded", b"filter[ACTIVE]=false&start=0"
    )
    assert form == {"filter": {"ACTIVE": "false"}, "start": "0"}
    assert wire.request_params("", "", b"a[]=1&a[]=2") == {"a": ["1", "2"]}


def test_multipart_bodies_use_bracket_names() -> None:
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="filter[>ID]"\r\n\r\n'
        b"10\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="select[]"\r\n\r\n'
        b"ID\r\n"
        b"--XyZ--\r\n"
    )
    params = wire.request_params("", "multipart/form-data; boundary=XyZ", body)
    assert params == {"filter": {">ID": "10"}, "select": ["ID"]}


def test_encode_writes_empty_php_arrays_as_lists() -> None:
    document: dict[str, Any] = {
        "result": {"result": {}, "result_error": {}, "x": {"SETTINGS": {}}}
    }
    assert json.loads(wire.encode(document)) == {
        "result": {"result": [], "result_error": [], "x": {"SETTINGS": []}}
    }
    assert wire.encode({"name": "Łódź"}) == '{"name":"Łódź"}'.encode()


def test_call_time_has_every_key_of_the_time_object() -> None:
    tz = wire.portal_timezone(120)
    time = wire.CallTime(start=1_715_675_192.25, processing=0.5).as_json(tz, 12.5, 1_715_675_792)
    assert time == {
        "start": 1_715_675_192.25,
        "finish": 1_715_675_192.75,
        "duration": 0.5,
        "processing": 0.5,
        "date_start": "2024-05-14T10:26:32+02:00",
        "date_finish": "2024-05-14T10:26:32+02:00",
        "operating": 12.5,
        "operating_reset_at": 1_715_675_792,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", False),
        ("0", False),
        ("false", True),
        ("N", True),
        (0, False),
        ([], False),
        (None, False),
    ],
)
def test_php_bool(value: Any, expected: bool) -> None:
    assert php_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10abc", 10), ("abc", 0), ("-1", -1), (" 7", 7), (True, 1), (2.9, 2), (None, 0)],
)
def test_php_intval(value: Any, expected: int) -> None:
    assert php_intval(value) == expected
