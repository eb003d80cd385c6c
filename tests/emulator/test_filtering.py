"""The shared filter language and the indexed query planner (bitrix24-api.md §3, §6.1, §7.2)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_handover.emulator.methods.filtering import (
    FieldSpec,
    FilterError,
    Group,
    Source,
    parse_filter,
    parse_order,
    resolve_array_param,
    run_query,
    split_key,
    start_param,
    to_int,
)
from desktop_handover.emulator.state import DEAL, CrmItem, Portal
from tests.emulator.crm_fixtures import context, small_portal

SPECS: dict[str, FieldSpec[CrmItem]] = {
    "id": FieldSpec("id", lambda i: i.id, "int", "id"),
    "assignedById": FieldSpec("assignedById", lambda i: i.assigned_by_id, "int", "owner"),
    "opportunity": FieldSpec("opportunity", lambda i: i.opportunity, "float"),
    "stageId": FieldSpec("stageId", lambda i: i.stage_id, "str"),
    "title": FieldSpec("title", lambda i: i.title, "str"),
    "opened": FieldSpec("opened", lambda i: i.opened, "bool"),
    "contactIds": FieldSpec("contactIds", lambda i: i.contact_ids, "ints", sortable=False),
    "createdTime": FieldSpec("createdTime", lambda i: i.created_time, "datetime"),
}


def source_of(portal: Portal) -> Source[CrmItem]:
    table = portal.table(DEAL)
    return Source(table.rows, table.sorted_ids, table.by_owner.ids, lambda i: i.assigned_by_id)


def deals(*rows: tuple[int, int, float | None, str]) -> Portal:
    portal = Portal()
    for item_id, owner, amount, stage in rows:
        portal.add_item(
            CrmItem(
                DEAL, item_id, owner, title=f"Deal {stage}", opportunity=amount, stage_id=stage
            )
        )
    return portal


def ids(records: list[CrmItem]) -> list[int]:
    return [r.id for r in records]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("id", ("=", "id")),
        (">id", (">", "id")),
        (">=id", (">=", "id")),
        ("<=id", ("<=", "id")),
        ("<id", ("<", "id")),
        ("@id", ("@", "id")),
        ("!@id", ("!@", "id")),
        ("%title", ("%", "title")),
        ("=%title", ("=%", "title")),
        ("%=title", ("=%", "title")),
        ("!%title", ("!%", "title")),
        ("!=%title", ("!=%", "title")),
        ("!%=title", ("!=%", "title")),
        ("=id", ("=", "id")),
        ("!=id", ("!=", "id")),
        ("!id", ("!=", "id")),
    ],
)
def test_every_prefix_of_the_reference_is_split_off(key: str, expected: tuple[str, str]) -> None:
    # §7.2 lists `>= > <= < @ !@ % =% %= !% !=% !%= = != !`.
    assert split_key(key) == expected


def test_filter_values_from_forms_and_json_mean_the_same() -> None:
    portal = deals((1, 2, 10.0, "NEW"), (2, 3, 20.0, "WON"), (3, 2, 30.0, "NEW"))
    as_json = parse_filter({"assignedById": 2, ">id": 1}, SPECS.get, strict=True)
    as_form = parse_filter({"assignedById": "2", ">id": "1"}, SPECS.get, strict=True)
    for where in (as_json, as_form):
        page = run_query(source_of(portal), where, [], offset=0, readable=None)
        assert ids(page.records) == [3]


def test_or_group_in_the_documented_shape() -> None:
    # {"0": {"logic": "OR", "0": {...}, "1": {...}}} (§7.2); form encoding turns the outer
    # {"0": ...} into a list, which must mean the same.
    portal = deals((1, 2, 10.0, "NEW"), (2, 3, 20.0, "WON"), (3, 4, 30.0, "LOSE"))
    group = {"logic": "OR", "0": {"stageId": "WON"}, "1": {"stageId": "LOSE"}}
    for raw in ({"0": group}, [group]):
        where = parse_filter(raw, SPECS.get, strict=True)
        page = run_query(source_of(portal), where, [], offset=0, readable=None)
        assert ids(page.records) == [2, 3]


def test_top_level_logic_or() -> None:
    portal = deals((1, 2, 10.0, "NEW"), (2, 3, 20.0, "WON"), (3, 4, 30.0, "LOSE"))
    where = parse_filter(
        {"LOGIC": "OR", "stageId": "WON", "assignedById": 4}, SPECS.get, strict=True
    )
    page = run_query(source_of(portal), where, [], offset=0, readable=None)
    assert ids(page.records) == [2, 3]


def test_unknown_field_is_an_error_only_when_strict() -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter({"nope": 1}, SPECS.get, strict=True)
    assert caught.value.reason == "field"
    assert parse_filter({"nope": 1}, SPECS.get, strict=False).parts == ()


def test_bad_value_for_a_number_field_is_reported() -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter({">id": "abc"}, SPECS.get, strict=False)
    assert caught.value.reason == "value"


def test_in_lists_accept_json_lists_php_maps_and_comma_strings() -> None:
    portal = deals(*((n, 2, None, "NEW") for n in range(1, 8)))
    for value in ([2, 5], {"0": "2", "1": "5"}, "2,5"):
        where = parse_filter({"@id": value}, SPECS.get, strict=True)
        assert ids(run_query(source_of(portal), where, [], offset=0, readable=None).records) == [
            2,
            5,
        ]
    where = parse_filter({"!@id": [2, 5]}, SPECS.get, strict=True)
    assert ids(run_query(source_of(portal), where, [], offset=0, readable=None).records) == [
        1,
        3,
        4,
        6,
        7,
    ]


def test_like_operators() -> None:
    portal = Portal()
    for n, title in enumerate(["Alpha deal", "beta", "ALPHABET", "gamma alpha"], start=1):
        portal.add_item(CrmItem(DEAL, n, 2, title=title))

    def found(raw: dict[str, Any]) -> list[int]:
        where = parse_filter(raw, SPECS.get, strict=True)
        return ids(run_query(source_of(portal), where, [], offset=0, readable=None).records)

    assert found({"%title": "alpha"}) == [1, 3, 4]  # substring, case-insensitive
    assert found({"=%title": "alpha%"}) == [1, 3]  # the caller writes the wildcards
    assert found({"%=title": "%alpha"}) == [4]
    assert found({"!%title": "alpha"}) == [2]
    assert found({"!=%title": "alpha%"}) == [2, 4]


def test_bool_datetime_and_multiple_fields() -> None:
    portal = Portal()
    portal.add_item(
        CrmItem(
            DEAL, 1, 2, opened=True, contact_ids=[5, 6], created_time="2025-01-01T09:00:00+01:00"
        )
    )
    portal.add_item(
        CrmItem(DEAL, 2, 2, opened=False, contact_ids=[], created_time="2025-06-01T09:00:00+02:00")
    )

    def found(raw: dict[str, Any]) -> list[int]:
        where = parse_filter(raw, SPECS.get, strict=True)
        return ids(run_query(source_of(portal), where, [], offset=0, readable=None).records)

    assert found({"opened": "Y"}) == [1]
    assert found({"opened": "N"}) == [2]
    assert found({"opened": 0}) == [2]
    assert found({">createdTime": "2025-03-01"}) == [2]
    assert found({"contactIds": 6}) == [1]
    assert found({"@contactIds": [7, 5]}) == [1]
    assert found({"!contactIds": 5}) == [2]


def test_paging_counts_and_next_offsets() -> None:
    portal = deals(*((n, 2, None, "NEW") for n in range(1, 121)))
    where = parse_filter({"assignedById": 2}, SPECS.get, strict=True)
    first = run_query(source_of(portal), where, [], offset=0, readable=None)
    assert (len(first.records), first.next, first.total) == (50, 50, 120)
    last = run_query(source_of(portal), where, [], offset=100, readable=None)
    assert (ids(last.records)[0], len(last.records), last.next, last.total) == (101, 20, None, 120)
    # start=-1: no count, no next (§3).
    fast = run_query(source_of(portal), where, [], offset=None, readable=None)
    assert (len(fast.records), fast.next, fast.total) == (50, None, 0)


def test_order_by_another_field_puts_nulls_first_and_keeps_id_ties() -> None:
    portal = deals((1, 2, 30.0, "A"), (2, 2, None, "B"), (3, 2, 10.0, "C"), (4, 2, 30.0, "D"))
    order = parse_order({"opportunity": "ASC"}, SPECS.get, strict=True)
    page = run_query(source_of(portal), Group("AND", ()), order, offset=0, readable=None)
    assert ids(page.records) == [2, 3, 1, 4]
    order = parse_order({"opportunity": "desc", "id": "ASC"}, SPECS.get, strict=True)
    page = run_query(source_of(portal), Group("AND", ()), order, offset=0, readable=None)
    assert ids(page.records) == [1, 4, 3, 2]


def test_bad_order_direction_and_field() -> None:
    with pytest.raises(FilterError) as caught:
        parse_order({"id": "UP"}, SPECS.get, strict=True)
    assert caught.value.reason == "direction"
    with pytest.raises(FilterError):
        parse_order({"contactIds": "ASC"}, SPECS.get, strict=True)
    assert parse_order({"id": "UP"}, SPECS.get, strict=False)[0][1] is False


def test_unreadable_owners_are_left_out_quietly() -> None:
    portal = deals((1, 2, None, "A"), (2, 3, None, "A"), (3, 4, None, "A"), (4, 2, None, "A"))
    page = run_query(
        source_of(portal), Group("AND", ()), [], offset=0, readable=lambda owner: owner != 3
    )
    assert (ids(page.records), page.total) == ([1, 3, 4], 3)
    where = parse_filter({"assignedById": 3}, SPECS.get, strict=True)
    page = run_query(source_of(portal), where, [], offset=0, readable=lambda owner: owner != 3)
    assert (page.records, page.total) == ([], 0)


def test_parameter_helpers() -> None:
    assert to_int("12") == 12
    assert to_int(12) == 12
    assert to_int("1e3") is None
    assert to_int(None) is None
    params = {"arFilter": {"ID": 1}, "FILTER": {"ID": 2}}
    assert resolve_array_param(params, "filter") == {"ID": 2}  # FILTER before arFilter
    assert resolve_array_param({"arFilter": {"ID": 1}}, "filter") == {"ID": 1}
    assert resolve_array_param({"Filter": {"ID": 3}}, "filter") == {"ID": 3}
    ctx = context(small_portal())
    assert start_param(ctx, {"start": "-1"}) is None
    assert start_param(ctx, {"start": "75"}) == 75
    assert start_param(ctx, {"start": "abc"}) == 0  # PHP intval
    assert start_param(ctx, {}) == 0


# --- the indexed path against a naive scan ------------------------------------------------------

OWNERS = [2, 3, 4, 5]
STAGES = ["NEW", "WON", "LOSE"]

record = st.tuples(
    st.sampled_from(OWNERS),
    st.one_of(st.none(), st.integers(0, 5).map(float)),
    st.sampled_from(STAGES),
)
condition = st.one_of(
    st.sampled_from(OWNERS).map(lambda o: ("assignedById", o)),
    st.lists(st.sampled_from(OWNERS), min_size=1, max_size=3).map(lambda o: ("@assignedById", o)),
    st.integers(0, 40).map(lambda n: (">id", n)),
    st.integers(0, 40).map(lambda n: (">=id", n)),
    st.integers(0, 40).map(lambda n: ("<id", n)),
    st.integers(0, 40).map(lambda n: ("<=id", n)),
    st.lists(st.integers(0, 40), min_size=1, max_size=6).map(lambda v: ("@id", v)),
    st.integers(0, 40).map(lambda n: ("id", n)),
    st.integers(0, 5).map(lambda n: (">=opportunity", n)),
    st.sampled_from(STAGES).map(lambda s: ("!stageId", s)),
    st.sampled_from(STAGES).map(lambda s: ("stageId", s)),
)


def naive_key(spec: FieldSpec[CrmItem], record: CrmItem) -> tuple[bool, float]:
    # NULLs first when ascending, as MySQL sorts them.
    value = spec.get(record)
    return (value is not None, float(value or 0))


def _filter(
    conditions: list[tuple[str, Any]], or_group: list[tuple[str, Any]], top_or: bool
) -> dict[str, Any]:
    raw: dict[str, Any] = {"logic": "OR"} if top_or else {}
    for key, value in conditions:
        raw[key] = value  # a repeated key keeps the last value, as PHP arrays do
    if or_group:
        raw["0"] = {"logic": "OR", **{str(n): {k: v} for n, (k, v) in enumerate(or_group)}}
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(record, max_size=40),
    moves=st.lists(st.tuples(st.integers(1, 40), st.sampled_from(OWNERS)), max_size=10),
    conditions=st.lists(condition, max_size=4),
    or_group=st.lists(condition, max_size=3),
    order=st.sampled_from([{}, {"id": "ASC"}, {"id": "DESC"}, {"opportunity": "DESC"}]),
    offset=st.one_of(st.none(), st.integers(0, 45)),
    readable_owners=st.one_of(st.none(), st.sets(st.sampled_from(OWNERS))),
    page_size=st.sampled_from([3, 50]),
    top_or=st.booleans(),
)
def test_indexed_query_equals_a_full_scan(
    rows: list[tuple[int, float | None, str]],
    moves: list[tuple[int, int]],
    conditions: list[tuple[str, Any]],
    or_group: list[tuple[str, Any]],
    order: dict[str, str],
    offset: int | None,
    readable_owners: set[int] | None,
    page_size: int,
    top_or: bool,
) -> None:
    portal = Portal()
    for n, (owner, amount, stage) in enumerate(rows, start=1):
        portal.add_item(CrmItem(DEAL, n, owner, opportunity=amount, stage_id=stage))
    table = portal.table(DEAL)
    for item_id, owner in moves:
        if item_id in table.rows:
            portal.reassign_item(table.rows[item_id], owner)  # the index must follow
    where = parse_filter(_filter(conditions, or_group, top_or), SPECS.get, strict=True)
    sort = parse_order(order, SPECS.get, strict=True)
    readable = None if readable_owners is None else readable_owners.__contains__

    got = run_query(
        source_of(portal), where, sort, offset=offset, readable=readable, page_size=page_size
    )

    naive = [
        r
        for r in table.rows.values()
        if where.matches(r) and (readable is None or readable(r.assigned_by_id))
    ]
    naive.sort(key=lambda r: r.id)
    for spec, desc in reversed(sort):
        naive.sort(key=partial(naive_key, spec), reverse=desc)
    start = offset or 0
    assert ids(got.records) == ids(naive[start : start + page_size])
    if offset is None:
        assert (got.total, got.next) == (0, None)
    else:
        assert got.total == len(naive)
        assert got.next == (offset + page_size if offset + page_size < len(naive) else None)
