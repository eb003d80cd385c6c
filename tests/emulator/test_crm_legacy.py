"""Legacy crm.lead|deal|contact|company|quote methods (bitrix24-api.md §2.3, §3, §7.6, §11)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_handover.emulator.api import ApiError
from desktop_handover.emulator.state import DEAL, CrmItem, Portal
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


def many_deals(n: int) -> Portal:
    portal = full_portal()
    for item_id in range(100, 100 + n):
        portal.add_item(CrmItem(DEAL, item_id, ANNA, title=f"D{item_id}", stage_id="NEW"))
    return portal


def test_rows_are_upper_case_and_every_value_a_string() -> None:
    # §7.6: UPPER_CASE keys, all values strings, result a plain array.
    ctx = context(full_portal())
    result = page(ctx, "crm.deal.list", {"filter": {"ID": 1}})
    assert isinstance(result.result, list)
    (row,) = result.result
    assert row["ID"] == "1"
    assert row["ASSIGNED_BY_ID"] == str(ANNA)
    assert row["OPPORTUNITY"] == "1000.00"
    assert row["CLOSED"] == "N"
    assert row["STAGE_SEMANTIC_ID"] == "P"
    assert row["OPENED"] == "Y"
    assert all(v is None or isinstance(v, str) for v in row.values())
    assert "CONTACT_IDS" not in row  # left out of the default select (§7.6)


def test_semantic_fields_per_type() -> None:
    # §7.4: leads STATUS_SEMANTIC_ID; deals STAGE_SEMANTIC_ID + CLOSED; quotes CLOSED + STATUS_ID.
    ctx = context(full_portal())
    leads = page(ctx, "crm.lead.list", {"select": ["STATUS_ID", "STATUS_SEMANTIC_ID"]}).result
    assert [(r["STATUS_ID"], r["STATUS_SEMANTIC_ID"]) for r in leads] == [
        ("NEW", "P"),
        ("CONVERTED", "S"),
        ("JUNK", "F"),
        ("NEW", "P"),
    ]
    quotes = page(ctx, "crm.quote.list", {"select": ["STATUS_ID", "CLOSED"]}).result
    assert [(r["STATUS_ID"], r["CLOSED"]) for r in quotes] == [("DRAFT", "N"), ("APPROVED", "Y")]
    deals = page(ctx, "crm.deal.list", {"filter": {"CLOSED": "N", "ASSIGNED_BY_ID": ANNA}}).result
    assert [r["ID"] for r in deals] == ["1", "5", "9", "11"]
    open_deals = page(ctx, "crm.deal.list", {"filter": {"STAGE_SEMANTIC_ID": "P"}}).result
    assert [r["ID"] for r in open_deals] == ["1", "4", "5", "6", "8", "9", "11"]


@pytest.mark.parametrize("wrapper", ["filter", "FILTER", "Filter", "arFilter"])
def test_wrapper_key_spellings(wrapper: str) -> None:
    # §11 item 2 (S-crmrest resolveArrayParam).
    ctx = context(full_portal())
    rows = page(ctx, "crm.deal.list", {wrapper: {"ASSIGNED_BY_ID": BOB}, "ORDER": {"ID": "DESC"}})
    assert [r["ID"] for r in rows.result] == ["12", "8", "2"]


def test_unknown_filter_keys_are_ignored() -> None:
    ctx = context(full_portal())
    rows = page(ctx, "crm.contact.list", {"filter": {"NOPE": 1}})
    assert rows.total == 5


def test_offsets_round_down_to_pages_of_fifty() -> None:
    # §3: classic methods read start as page floor(start/50)+1.
    ctx = context(many_deals(60))
    params: dict[str, Any] = {"order": {"ID": "ASC"}, "select": ["ID"]}
    first = page(ctx, "crm.deal.list", {**params, "start": 0})
    assert (len(first.result), first.next, first.total) == (50, 50, 72)
    rounded = page(ctx, "crm.deal.list", {**params, "start": "49"})  # read as start=0
    assert rounded.result[0]["ID"] == "1"
    second = page(ctx, "crm.deal.list", {**params, "start": 60})  # read as start=50
    assert len(second.result) == 22
    assert second.result[0]["ID"] == "138"  # the 51st deal: 1..12, then 100..137
    assert (second.next, second.total) == (None, 72)
    fast = page(ctx, "crm.deal.list", {**params, "start": -1, "filter": {">ID": 120}})
    assert ([r["ID"] for r in fast.result], fast.total, fast.next) == (
        [str(n) for n in range(121, 160)],
        0,
        None,
    )


def test_get_and_its_errors() -> None:
    # §2.3: legacy errors have an empty code and HTTP 400.
    ctx = context(full_portal())
    assert call(ctx, "crm.company.get", {"ID": "1"})["TITLE"] == "Acme"
    for params, text in (
        ({}, "ID is not defined or invalid."),
        ({"id": "0"}, "ID is not defined or invalid."),
        ({"id": 999}, "Not found"),
    ):
        err = error_of(ctx, "crm.deal.get", params)
        assert (err.status, err.code, err.description) == (400, "", text)
    denied = error_of(context(full_portal(), CAROL), "crm.deal.get", {"id": 1})
    assert (denied.status, denied.code, denied.description) == (400, "", "Access denied.")


@pytest.mark.parametrize("wrapper", ["fields", "FIELDS", "arFields"])
def test_update_returns_true_and_reassigns(wrapper: str) -> None:
    # §7.6: id or ID, fields / FIELDS / arFields, params.REGISTER_SONET_EVENT accepted.
    portal = full_portal()
    ctx = context(portal)
    result = call(
        ctx,
        "crm.deal.update",
        {
            "ID": "1",
            wrapper: {"ASSIGNED_BY_ID": str(BOB)},
            "params": {"REGISTER_SONET_EVENT": "N"},
        },
    )
    assert result is True
    assert portal.table(DEAL).rows[1].assigned_by_id == BOB
    assert 1 in portal.table(DEAL).by_owner.ids(BOB)
    row = call(ctx, "crm.deal.get", {"id": 1})
    assert (row["ASSIGNED_BY_ID"], row["MODIFY_BY_ID"]) == (str(BOB), str(ADMIN))


def test_update_drops_read_only_and_unknown_fields() -> None:
    portal = full_portal()
    ctx = context(portal)
    before = call(ctx, "crm.lead.get", {"id": 1})
    assert call(ctx, "crm.lead.update", {"id": 1, "fields": {"STATUS_SEMANTIC_ID": "S", "X": 1}})
    assert call(ctx, "crm.lead.get", {"id": 1}) == before


def test_update_errors() -> None:
    ctx = context(full_portal())
    err = error_of(ctx, "crm.deal.update", {"id": 1, "fields": "oops"})
    assert (err.code, err.description) == ("", "Parameter 'fields' must be array.")
    err = error_of(ctx, "crm.deal.update", {"id": 999, "fields": {"TITLE": "x"}})
    assert (err.code, err.description) == ("", "Not found")
    err = error_of(context(full_portal(), CAROL), "crm.deal.update", {"id": 1, "fields": {}})
    assert (err.code, err.description) == ("", "Access denied.")
    err = error_of(ctx, "crm.deal.update", {"id": 1, "fields": {"ASSIGNED_BY_ID": 999}})
    assert (err.status, err.code) == (400, "")


def test_dismissed_assignee_is_accepted_by_default() -> None:
    portal = full_portal()
    assert call(
        context(portal), "crm.contact.update", {"id": 1, "fields": {"ASSIGNED_BY_ID": DAVE}}
    )
    strict = context(full_portal(), reject_inactive_assignee=True)
    err = error_of(strict, "crm.contact.update", {"id": 1, "fields": {"ASSIGNED_BY_ID": DAVE}})
    assert err.code == ""


def test_lists_omit_unreadable_records() -> None:
    carol = page(context(full_portal(), CAROL), "crm.contact.list", {})
    assert ([r["ID"] for r in carol.result], carol.total) == (["4", "5"], 2)


def test_fields_method_shape() -> None:
    fields = call(context(full_portal()), "crm.deal.fields", {})
    assert fields["ASSIGNED_BY_ID"]["type"] == "user"
    assert fields["STAGE_SEMANTIC_ID"]["isReadOnly"] is True
    assert {"CLOSED", "STAGE_ID", "CATEGORY_ID"} <= set(fields)
    assert "STATUS_SEMANTIC_ID" in call(context(full_portal()), "crm.lead.fields", {})


@pytest.mark.asyncio
async def test_over_transport_total_and_next_sit_at_the_top() -> None:
    status, body = await rest(
        many_deals(60), "crm.deal.list", form="filter[ASSIGNED_BY_ID]=2&order[ID]=ASC&select[]=ID"
    )
    assert status == 200
    assert isinstance(body["result"], list)
    assert (body["total"], body["next"]) == (66, 50)
    status, body = await rest(full_portal(), "crm.deal.get", form="ID=999")
    assert (status, body["error"], body["error_description"]) == (400, "", "Not found")


def test_update_cannot_move_a_deal_to_another_pipeline() -> None:
    # §7.6: legacy updates keep the pipeline; a foreign stage is not saved.
    portal = full_portal()
    ctx = context(portal)
    assert call(ctx, "crm.deal.update", {"id": 1, "fields": {"STAGE_ID": "C9:WON"}})
    assert portal.table(DEAL).rows[1].stage_id == "NEW"
    assert call(ctx, "crm.deal.update", {"id": 1, "fields": {"STAGE_ID": "WON"}})
    row = call(ctx, "crm.deal.get", {"id": 1})
    assert (row["STAGE_ID"], row["CLOSED"], row["STAGE_SEMANTIC_ID"]) == ("WON", "Y", "S")
    assert call(ctx, "crm.lead.update", {"id": 1, "fields": {"STATUS_ID": "JUNK"}})
    assert call(ctx, "crm.lead.get", {"id": 1})["STATUS_SEMANTIC_ID"] == "F"


def test_list_hands_the_handler_the_records_behind_its_rows() -> None:
    # api.ListPage.records: what the `concurrent_edit` fault arms after a listing.
    portal = full_portal()
    result = page(context(portal), "crm.deal.list", {"filter": {"ASSIGNED_BY_ID": ANNA}})
    assert result.result
    assert [str(r.id) for r in result.records] == [row["ID"] for row in result.result]
    assert all(r is portal.table(DEAL).rows[r.id] for r in result.records)


@pytest.mark.parametrize(
    ("options", "posts"),
    [
        (None, 1),  # left out: the entity's default registers the post
        ({}, 1),
        ({"REGISTER_SONET_EVENT": "Y"}, 1),
        ({"REGISTER_SONET_EVENT": "y"}, 1),  # upper-cased before the comparison
        ({"REGISTER_SONET_EVENT": "N"}, 0),
        ({"REGISTER_SONET_EVENT": "no"}, 0),  # anything but Y means no (S-crmrest)
    ],
)
def test_update_counts_a_live_feed_post_unless_register_sonet_event_says_no(
    options: dict[str, str] | None, posts: int
) -> None:
    # §7.6: params.REGISTER_SONET_EVENT controls the live-feed post about the change.
    portal = full_portal()
    params: dict[str, Any] = {"id": 1, "fields": {"ASSIGNED_BY_ID": BOB}}
    if options is not None:
        params["params"] = options
    assert call(context(portal), "crm.deal.update", params) is True
    assert portal.table(DEAL).rows[1].assigned_by_id == BOB
    assert portal.feed_posts.get((DEAL, 1), 0) == posts


def test_an_update_that_changes_nothing_posts_nothing() -> None:
    portal = full_portal()
    ctx = context(portal)
    assert call(ctx, "crm.deal.update", {"id": 1, "fields": {"ASSIGNED_BY_ID": BOB}})
    assert call(ctx, "crm.deal.update", {"id": 1, "fields": {"ASSIGNED_BY_ID": BOB}})
    assert portal.feed_posts == {(DEAL, 1): 1}


def test_refused_updates_post_nothing_and_params_must_be_an_array() -> None:
    portal = full_portal()
    err = error_of(
        context(portal), "crm.deal.update", {"id": 1, "fields": {}, "params": "REGISTER=N"}
    )
    assert (err.status, err.code, err.description) == (
        400,
        "",
        "Parameter 'params' must be array.",
    )
    err = error_of(
        context(portal, CAROL), "crm.deal.update", {"id": 1, "fields": {"ASSIGNED_BY_ID": BOB}}
    )
    assert err.description == "Access denied."
    assert portal.feed_posts == {}
    assert portal.table(DEAL).rows[1].assigned_by_id == ANNA


@pytest.mark.asyncio
async def test_form_encoded_params_reach_the_update() -> None:
    # The client sends nested params in PHP bracket syntax (§2.1).
    portal = full_portal()
    status, body = await rest(
        portal,
        "crm.deal.update",
        form=f"id=1&fields[ASSIGNED_BY_ID]={BOB}&params[REGISTER_SONET_EVENT]=N",
    )
    assert (status, body["result"]) == (200, True)
    assert portal.table(DEAL).rows[1].assigned_by_id == BOB
    assert portal.feed_posts == {}


@pytest.mark.parametrize(
    ("raw", "target"),
    [
        ("05", 5),  # "0" + a substituted id (§4): intval reads 5
        ([{"ID": "5"}, {"ID": "6"}], 1),  # a whole array: intval() of it is 1
        ("0$result[g][items][9][id]", None),  # a reference left as text: intval 0
        ([], None),
    ],
)
def test_the_id_is_read_with_php_intval(raw: object, target: int | None) -> None:
    # S-crmrest resolveEntityID: intval($arParams['ID'] ?? $arParams['id']).
    portal = full_portal()
    owners = {i: d.assigned_by_id for i, d in portal.table(DEAL).rows.items()}
    params = {"id": raw, "fields": {"ASSIGNED_BY_ID": BOB}}
    if target is None:
        err = error_of(context(portal), "crm.deal.update", params)
        assert (err.code, err.description) == ("", "ID is not defined or invalid.")
        changed: set[int] = set()
    else:
        assert call(context(portal), "crm.deal.update", params) is True
        changed = {target}
    after = {i: d.assigned_by_id for i, d in portal.table(DEAL).rows.items()}
    assert {i for i in after if after[i] != owners[i]} == changed  # deals 1 and 5 are Anna's
