"""crm.item.list/get/update/fields against the reference (bitrix24-api.md §3, §7, §11)."""

from __future__ import annotations

import statistics
import time
from typing import Any
from urllib.parse import quote

import pytest

from desktop_handover.emulator.api import REGISTRY, ApiError
from desktop_handover.emulator.seed import build_portal
from desktop_handover.emulator.state import CONTACT, DEAL, LEAD, QUOTE, CrmItem, Portal, owner_of
from tests.emulator.crm_fixtures import (
    ADMIN,
    ANNA,
    BOB,
    CAROL,
    DAVE,
    SPA,
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


def many_deals(n: int, owner: int = ANNA) -> Portal:
    portal = full_portal()
    for item_id in range(100, 100 + n):
        portal.add_item(CrmItem(DEAL, item_id, owner, title=f"D{item_id}", stage_id="NEW"))
    return portal


# --- list ---------------------------------------------------------------------------------------


def test_list_rows_are_camel_case_ints_yn_and_null() -> None:
    # §7.2 response shape, §11 item 4 value types.
    ctx = context(full_portal())
    result = page(ctx, "crm.item.list", {"entityTypeId": "2", "filter": {"id": 1}})
    assert list(result.result) == ["items"]
    (row,) = result.result["items"]
    assert row["id"] == 1
    assert row["entityTypeId"] == 2
    assert row["assignedById"] == ANNA
    assert row["opened"] == "Y"
    assert row["closed"] == "N"
    assert row["stageSemanticId"] == "P"
    assert row["contactIds"] == [1, 2]
    assert row["observers"] == [BOB]
    assert row["opportunity"] == 1000
    assert row["leadId"] is None
    assert "fm" not in row  # deals have no multi-fields


def test_stage_semantics_and_closed_follow_the_stage() -> None:
    # §7.4: closed = Y once the deal is in a final stage; P/S/F from the catalogue.
    ctx = context(full_portal())
    rows = page(ctx, "crm.item.list", {"entityTypeId": 2, "select": ["stageSemanticId", "closed"]})
    by_id = {r["id"]: (r["stageSemanticId"], r["closed"]) for r in rows.result["items"]}
    assert by_id[1] == ("P", "N")
    assert by_id[2] == ("S", "Y")
    assert by_id[3] == ("F", "Y")
    assert by_id[7] == ("S", "Y")  # C9:WON, a stage of another pipeline
    quotes = page(ctx, "crm.item.list", {"entityTypeId": QUOTE, "select": ["closed"]})
    assert [r["closed"] for r in quotes.result["items"]] == ["N", "Y"]


def test_filter_on_stage_semantics_and_closed() -> None:
    ctx = context(full_portal())
    open_deals = page(
        ctx, "crm.item.list", {"entityTypeId": 2, "filter": {"stageSemanticId": "P"}}
    )
    assert [r["id"] for r in open_deals.result["items"]] == [1, 4, 5, 6, 8, 9, 11]
    closed = page(ctx, "crm.item.list", {"entityTypeId": 2, "filter": {"closed": "Y"}})
    assert [r["id"] for r in closed.result["items"]] == [2, 3, 7, 10, 12]
    leads = page(ctx, "crm.item.list", {"entityTypeId": LEAD, "filter": {"!stageSemanticId": "P"}})
    assert [r["id"] for r in leads.result["items"]] == [2, 3]


def test_spa_open_items_by_stage_lists() -> None:
    # §7.4 [inferred]: SPAs have no stageSemanticId; filter @stageId / !@stageId.
    ctx = context(full_portal())
    closed_stages = ["DT128_20:SUCCESS", "DT128_20:FAIL"]
    open_items = page(
        ctx, "crm.item.list", {"entityTypeId": SPA, "filter": {"!@stageId": closed_stages}}
    )
    assert [r["id"] for r in open_items.result["items"]] == [1]
    done = page(ctx, "crm.item.list", {"entityTypeId": SPA, "filter": {"@stageId": closed_stages}})
    assert [r["id"] for r in done.result["items"]] == [2]
    err = error_of(ctx, "crm.item.list", {"entityTypeId": SPA, "filter": {"stageSemanticId": "P"}})
    assert (err.status, err.code) == (400, "INVALID_ARG_VALUE")


def test_select_subset_returns_those_fields_and_the_id() -> None:
    ctx = context(full_portal())
    rows = page(ctx, "crm.item.list", {"entityTypeId": 2, "select": ["assignedById"]})
    assert rows.result["items"][0] == {"id": 1, "assignedById": ANNA}


def test_fm_only_with_star() -> None:
    # §7.2: `fm` (phones, e-mails) comes back only with select *.
    ctx = context(full_portal())
    star = page(ctx, "crm.item.list", {"entityTypeId": CONTACT, "select": ["*"]})
    assert star.result["items"][0]["fm"] == []
    named = page(ctx, "crm.item.list", {"entityTypeId": CONTACT, "select": ["id", "fm"]})
    assert "fm" not in named.result["items"][0]


def test_pages_of_fifty_with_exact_offsets() -> None:
    # §3: 50 rows per page; crm.item.list is an ORM method, so offsets are exact.
    ctx = context(many_deals(60))
    params: dict[str, Any] = {"entityTypeId": 2, "order": {"id": "ASC"}, "select": ["id"]}
    first = page(ctx, "crm.item.list", {**params, "start": 0})
    assert (len(first.result["items"]), first.next, first.total) == (50, 50, 72)
    shifted = page(ctx, "crm.item.list", {**params, "start": "3"})
    assert shifted.result["items"][0]["id"] == 4
    last = page(ctx, "crm.item.list", {**params, "start": 50})
    assert (len(last.result["items"]), last.next, last.total) == (22, None, 72)


def test_start_minus_one_cursor_walk() -> None:
    # §3 fast full scan: order id ASC, >id cursor, start=-1 → total 0 and no next.
    ctx = context(many_deals(60))
    seen: list[int] = []
    cursor = 0
    while True:
        result = page(
            ctx,
            "crm.item.list",
            {
                "entityTypeId": 2,
                "filter": {"assignedById": ANNA, ">id": cursor},
                "order": {"id": "ASC"},
                "select": ["id"],
                "start": -1,
            },
        )
        assert (result.total, result.next) == (0, None)
        items = result.result["items"]
        seen += [r["id"] for r in items]
        if len(items) < 50:
            break
        cursor = items[-1]["id"]
    assert seen == [1, 3, 5, 7, 9, 11, *range(100, 160)]


def test_order_desc_and_bad_direction() -> None:
    ctx = context(full_portal())
    rows = page(
        ctx, "crm.item.list", {"entityTypeId": 2, "order": {"id": "DESC"}, "select": ["id"]}
    )
    assert rows.result["items"][0]["id"] == 12
    err = error_of(ctx, "crm.item.list", {"entityTypeId": 2, "order": {"id": "UP"}})
    assert (err.status, err.code) == (400, "INVALID_ARG_VALUE")
    assert err.description == (
        "Invalid order: allowed sort directions are ASC, DESC. But got 'UP' for field 'id'"
    )


def test_unknown_filter_field_is_invalid_arg_value() -> None:
    ctx = context(full_portal())
    err = error_of(ctx, "crm.item.list", {"entityTypeId": 2, "filter": {"bogus": 1}})
    assert (err.status, err.code) == (400, "INVALID_ARG_VALUE")
    assert err.description == "Invalid filter: field 'bogus' is not allowed in filter"


def test_filter_accepts_upper_snake_names() -> None:
    ctx = context(full_portal())
    rows = page(ctx, "crm.item.list", {"entityTypeId": 2, "filter": {"ASSIGNED_BY_ID": BOB}})
    assert [r["id"] for r in rows.result["items"]] == [2, 8, 12]


@pytest.mark.parametrize(
    ("type_id", "code"),
    [(5, "ENTITY_TYPE_NOT_SUPPORTED"), (6, "NOT_FOUND"), (129, "NOT_FOUND"), ("x", "NOT_FOUND")],
)
def test_entity_type_errors(type_id: Any, code: str) -> None:
    # §7.1/§7.2: the old invoice type 5 is refused; unknown types are NOT_FOUND.
    ctx = context(full_portal())
    for name in ("crm.item.list", "crm.item.get", "crm.item.fields"):
        err = error_of(ctx, name, {"entityTypeId": type_id, "id": 1})
        assert (err.status, err.code) == (400, code)


def test_every_type_lists() -> None:
    ctx = context(full_portal())
    for type_id in (1, 2, 3, 4, 7, 31, SPA):
        rows = page(ctx, "crm.item.list", {"entityTypeId": type_id})
        assert rows.total > 0
        assert all(r["entityTypeId"] == type_id for r in rows.result["items"])


def test_lists_omit_unreadable_items() -> None:
    # §1.1, §7.2: Carol (support) sees only her own items; Bob sees his sales colleagues'.
    portal = full_portal()
    carol = page(context(portal, CAROL), "crm.item.list", {"entityTypeId": 2})
    assert [r["id"] for r in carol.result["items"]] == [4, 10]
    assert carol.total == 2
    bob = page(context(portal, BOB), "crm.item.list", {"entityTypeId": 2})
    assert [r["id"] for r in bob.result["items"]] == [1, 2, 3, 5, 6, 7, 8, 9, 11, 12]
    filtered = page(
        context(portal, CAROL),
        "crm.item.list",
        {"entityTypeId": 2, "filter": {"assignedById": ANNA}},
    )
    assert (filtered.result["items"], filtered.total) == ([], 0)


# --- get and fields -----------------------------------------------------------------------------


def test_get_returns_the_item_wrapper() -> None:
    ctx = context(full_portal())
    result = call(ctx, "crm.item.get", {"entityTypeId": "2", "id": "2"})
    assert list(result) == ["item"]
    assert result["item"]["id"] == 2
    assert result["item"]["stageSemanticId"] == "S"


def test_get_checks_existence_before_access() -> None:
    ctx = context(full_portal(), CAROL)
    missing = error_of(ctx, "crm.item.get", {"entityTypeId": 2, "id": 999})
    assert (missing.status, missing.code) == (400, "NOT_FOUND")
    denied = error_of(ctx, "crm.item.get", {"entityTypeId": 2, "id": 1})
    assert (denied.status, denied.code) == (400, "ACCESS_DENIED")


def test_fields_describes_every_field() -> None:
    # §7.3: fields.<camelName> = {type, isRequired, isReadOnly, isImmutable, isMultiple, ...}.
    ctx = context(full_portal())
    fields = call(ctx, "crm.item.fields", {"entityTypeId": 2})["fields"]
    assert fields["assignedById"] == {
        "type": "user",
        "isRequired": False,
        "isReadOnly": False,
        "isImmutable": False,
        "isMultiple": False,
        "isDynamic": False,
        "title": "Assigned by id",
        "upperName": "ASSIGNED_BY_ID",
    }
    assert fields["stageSemanticId"]["isReadOnly"] is True
    assert fields["contactIds"]["isMultiple"] is True
    assert "closed" in fields
    spa_fields = call(ctx, "crm.item.fields", {"entityTypeId": SPA})["fields"]
    assert "stageSemanticId" not in spa_fields
    assert "xmlId" in spa_fields


# --- update -------------------------------------------------------------------------------------


def test_update_returns_the_whole_item_and_moves_the_owner_index() -> None:
    # §7.5: {"item": {...}} with every field; Portal.reassign_item keeps the index.
    portal = full_portal()
    ctx = context(portal)
    result = call(
        ctx,
        "crm.item.update",
        {"entityTypeId": "2", "id": "1", "fields": {"assignedById": str(BOB)}},
    )
    item = result["item"]
    assert item["assignedById"] == BOB
    assert item["updatedBy"] == ADMIN
    assert {"id", "stageSemanticId", "closed", "observers", "contactIds", "opened"} <= set(item)
    assert 1 in portal.table(DEAL).by_owner.ids(BOB)
    assert 1 not in portal.table(DEAL).by_owner.ids(ANNA)


def test_every_saved_update_counts_a_live_feed_post() -> None:
    # §7.5 lists no switch for it (entityTypeId, id, fields, useOriginalUfNames): extra
    # params change nothing; an update that changes nothing saves, and posts, nothing.
    portal = full_portal()
    ctx = context(portal)
    for _ in range(2):
        call(
            ctx,
            "crm.item.update",
            {
                "entityTypeId": 2,
                "id": 1,
                "fields": {"assignedById": BOB},
                "params": {"REGISTER_SONET_EVENT": "N"},
            },
        )
    assert portal.feed_posts == {(DEAL, 1): 1}


@pytest.mark.parametrize("key", ["assignedById", "ASSIGNED_BY_ID", "assigned_by_id"])
def test_update_field_keys_are_case_insensitive(key: str) -> None:
    ctx = context(full_portal())
    item = call(ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {key: BOB}})["item"]
    assert item["assignedById"] == BOB


def test_update_ignores_unknown_and_read_only_keys() -> None:
    portal = full_portal()
    ctx = context(portal)
    before = call(ctx, "crm.item.get", {"entityTypeId": 2, "id": 1})["item"]
    after = call(
        ctx,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"nonsense": "x", "id": 77, "createdBy": BOB}},
    )["item"]
    assert after == before  # nothing changed, so nothing was saved (updatedTime kept)


def test_update_of_title_and_empty_value() -> None:
    ctx = context(full_portal())
    item = call(
        ctx,
        "crm.item.update",
        {"entityTypeId": 2, "id": 1, "fields": {"title": "New", "currencyId": ""}},
    )["item"]
    assert (item["title"], item["currencyId"]) == ("New", None)


def test_update_rejects_unknown_user() -> None:
    ctx = context(full_portal())
    err = error_of(
        ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"assignedById": 999}}
    )
    assert (err.status, err.code) == (400, "CRM_FIELD_ERROR_VALUE_NOT_VALID")


def test_dismissed_assignee_accepted_unless_strict() -> None:
    # §7.5 [inferred]: accepted by default; the reject_inactive_assignee switch refuses it.
    params = {"entityTypeId": 2, "id": 1, "fields": {"assignedById": DAVE}}
    assert call(context(full_portal()), "crm.item.update", params)["item"]["assignedById"] == DAVE
    strict = context(full_portal(), reject_inactive_assignee=True)
    err = error_of(strict, "crm.item.update", params)
    assert err.code == "CRM_FIELD_ERROR_VALUE_NOT_VALID"


def test_update_error_order_not_found_then_access_denied() -> None:
    ctx = context(full_portal(), CAROL)
    missing = error_of(
        ctx, "crm.item.update", {"entityTypeId": 2, "id": 999, "fields": {"assignedById": CAROL}}
    )
    assert missing.code == "NOT_FOUND"
    denied = error_of(
        ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"assignedById": CAROL}}
    )
    assert (denied.status, denied.code) == (400, "ACCESS_DENIED")


def test_update_without_fields_and_multiple_field_needs_a_list() -> None:
    ctx = context(full_portal())
    err = error_of(ctx, "crm.item.update", {"entityTypeId": 2, "id": 1})
    assert (err.status, err.code) == (400, "100")
    err = error_of(
        ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"observers": "3"}}
    )
    assert (err.code, err.description) == ("100", "Expected iterable value for multiple field")


def test_list_hands_the_handler_the_records_behind_its_rows() -> None:
    # api.ListPage.records: what the `concurrent_edit` fault arms after a listing.
    portal = full_portal()
    result = page(
        context(portal), "crm.item.list", {"entityTypeId": 2, "filter": {"assignedById": ANNA}}
    )
    rows = result.result["items"]
    assert rows
    assert [r.id for r in result.records] == [row["id"] for row in rows]
    assert all(r is portal.table(DEAL).rows[r.id] for r in result.records)
    # Records the caller may not read are left out of both (§11 item 11).
    limited = page(context(portal, CAROL), "crm.item.list", {"entityTypeId": 2})
    assert [r.id for r in limited.records] == [row["id"] for row in limited.result["items"]]
    assert all(owner_of(r) == CAROL for r in limited.records)


def test_update_is_the_only_crm_item_method_that_writes() -> None:
    specs = {name: spec for name, spec in REGISTRY.items() if name.startswith("crm.item.")}
    assert {name for name, spec in specs.items() if spec.writes} == {"crm.item.update"}


# --- through the in-process transport (form and JSON bodies) ------------------------------------


@pytest.mark.asyncio
async def test_list_over_transport_with_json_body() -> None:
    status, body = await rest(
        full_portal(),
        "crm.item.list",
        json_body={
            "entityTypeId": 2,
            "filter": {"assignedById": ANNA, ">id": 1},
            "order": {"id": "ASC"},
            "select": ["id"],
            "start": -1,
        },
    )
    assert status == 200
    assert body["result"] == {"items": [{"id": 3}, {"id": 5}, {"id": 7}, {"id": 9}, {"id": 11}]}
    assert body["total"] == 0
    assert "next" not in body
    assert "time" in body


@pytest.mark.asyncio
async def test_list_over_transport_with_form_body() -> None:
    form = (
        "entityTypeId=2&filter[assignedById]=2&filter[%3Eid]=1&order[id]=ASC"
        "&select[]=id&select[]=stageSemanticId&start=0"
    )
    status, body = await rest(many_deals(60), "crm.item.list", form=form)
    assert status == 200
    assert body["total"] == 65
    assert body["next"] == 50
    assert body["result"]["items"][0] == {"id": 3, "stageSemanticId": "F"}


@pytest.mark.asyncio
async def test_or_filter_over_form_encoding() -> None:
    form = (
        "entityTypeId=2&filter[0][logic]=OR&filter[0][0][stageSemanticId]=S"
        "&filter[0][1][stageSemanticId]=F&select[]=id"
    )
    status, body = await rest(full_portal(), "crm.item.list", form=form)
    assert status == 200
    assert [r["id"] for r in body["result"]["items"]] == [2, 3, 7, 10, 12]


@pytest.mark.asyncio
async def test_update_and_errors_over_transport() -> None:
    portal = full_portal()
    status, body = await rest(
        portal, "crm.item.update", form=f"entityTypeId=2&id=1&fields[ASSIGNED_BY_ID]={BOB}"
    )
    assert status == 200
    assert body["result"]["item"]["assignedById"] == BOB
    status, body = await rest(portal, "crm.item.list", json_body={"entityTypeId": 5})
    assert (status, body["error"]) == (400, "ENTITY_TYPE_NOT_SUPPORTED")
    status, body = await rest(
        portal, "crm.item.get", json_body={"entityTypeId": 2, "id": 1}, user_id=CAROL
    )
    assert (status, body["error"]) == (400, "ACCESS_DENIED")
    bad = quote("filter[bogus]")
    status, body = await rest(portal, "crm.item.list", form=f"entityTypeId=2&{bad}=1")
    assert (status, body["error"]) == (400, "INVALID_ARG_VALUE")


# --- benchmark (prints figures, asserts only correctness; `uv run pytest -m bench -s`) ----------


@pytest.mark.bench
def test_bench_cursor_walk_of_the_big_book_on_the_large_portal() -> None:
    # The §3 fast full scan over the large demo portal's 100,000+ contacts of one user.
    portal = build_portal(1, "large")
    big = portal.facts.big_book_user_id
    ctx = context(portal, portal.facts.admin_user_id)
    expected = list(portal.table(CONTACT).by_owner.ids(big))
    for select in (["id", "assignedById"], ["*"]):
        seen: list[int] = []
        times: list[float] = []
        cursor = 0
        while True:
            params = {
                "entityTypeId": CONTACT,
                "filter": {"assignedById": str(big), ">id": str(cursor)},
                "order": {"id": "ASC"},
                "select": select,
                "start": "-1",
            }
            began = time.perf_counter()
            items = page(ctx, "crm.item.list", params).result["items"]
            times.append((time.perf_counter() - began) * 1000)
            seen += [r["id"] for r in items]
            if len(items) < 50:
                break
            cursor = items[-1]["id"]
        times.sort()
        print(
            f"\ncrm.item.list select={select} pages={len(times)} "
            f"median={statistics.median(times):.2f} ms p95={times[int(len(times) * 0.95)]:.2f} ms "
            f"max={times[-1]:.2f} ms"
        )
        assert seen == expected
    began = time.perf_counter()
    counted = page(
        ctx,
        "crm.item.list",
        {"entityTypeId": CONTACT, "filter": {"assignedById": big, "%name": "a"}, "start": 0},
    )
    print(
        f"count with a residual filter: total={counted.total} "
        f"{(time.perf_counter() - began) * 1000:.1f} ms"
    )


def test_update_stage_of_another_pipeline_moves_the_deal() -> None:
    # §7.6: crm.item.update can move a deal to another pipeline; stage and category agree.
    ctx = context(full_portal())
    item = call(
        ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"stageId": "C9:WON"}}
    )
    assert (item["item"]["stageId"], item["item"]["categoryId"]) == ("C9:WON", 9)
    assert (item["item"]["stageSemanticId"], item["item"]["closed"]) == ("S", "Y")
    item = call(ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"categoryId": 0}})
    assert (item["item"]["stageId"], item["item"]["categoryId"]) == ("NEW", 0)


def test_update_rejects_a_stage_of_another_type() -> None:
    ctx = context(full_portal())
    for stage in ("DRAFT", "DT128_20:NEW", "NOPE"):
        err = error_of(
            ctx, "crm.item.update", {"entityTypeId": 2, "id": 1, "fields": {"stageId": stage}}
        )
        assert err.code == "CRM_FIELD_ERROR_VALUE_NOT_VALID"
