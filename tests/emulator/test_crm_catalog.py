"""crm.type.list, crm.category.list, crm.status.list (bitrix24-api.md §3, §7.1, §7.4)."""

from __future__ import annotations

import pytest

from desktop_handover.emulator.api import ApiError
from desktop_handover.emulator.state import DEAL, LEAD, SmartProcessType
from tests.emulator.crm_fixtures import SPA, call, context, full_portal, page


def test_type_list_shape() -> None:
    # §7.1: result.types[] with id, entityTypeId, title and "Y"/"N" flags.
    portal = full_portal()
    portal.smart_types[1036] = SmartProcessType(7, 1036, "Rollout", is_categories_enabled=False)
    result = page(context(portal), "crm.type.list", {})
    types = result.result["types"]
    assert [(t["id"], t["entityTypeId"], t["title"]) for t in types] == [
        (1, SPA, "Projects"),
        (7, 1036, "Rollout"),
    ]
    assert types[0]["isCategoriesEnabled"] == "Y"
    assert types[1]["isCategoriesEnabled"] == "N"
    assert {"isStagesEnabled", "isClientEnabled", "isObserversEnabled"} <= set(types[0])
    assert result.total == 2
    only = page(context(portal), "crm.type.list", {"filter": {"entityTypeId": 1036}})
    assert [t["id"] for t in only.result["types"]] == [7]


def test_category_list_shape() -> None:
    # §7.1: result.categories[] with {id, name, sort, entityTypeId, isDefault}.
    result = page(context(full_portal()), "crm.category.list", {"entityTypeId": "2"})
    assert result.result == {
        "categories": [
            {"id": 0, "name": "General", "sort": 500, "entityTypeId": DEAL, "isDefault": "Y"},
            {"id": 9, "name": "Partners", "sort": 600, "entityTypeId": DEAL, "isDefault": "N"},
        ]
    }
    spa = page(context(full_portal()), "crm.category.list", {"entityTypeId": SPA})
    assert [c["id"] for c in spa.result["categories"]] == [20]


def test_category_list_of_a_type_without_pipelines() -> None:
    with pytest.raises(ApiError) as caught:
        call(context(full_portal()), "crm.category.list", {"entityTypeId": LEAD})
    assert caught.value.status == 400
    with pytest.raises(ApiError) as caught:
        call(context(full_portal()), "crm.category.list", {"entityTypeId": 999})
    assert caught.value.code == "NOT_FOUND"


def test_status_list_rows_are_strings_sorted_by_sort_with_extra() -> None:
    # §7.4 row shape; EXTRA only for STATUS, QUOTE_STATUS and DEAL_STAGE*; not paginated (§3).
    ctx = context(full_portal())
    rows = page(ctx, "crm.status.list", {"filter": {"ENTITY_ID": "DEAL_STAGE_9"}}).result
    assert rows[0] == {
        "ID": "7",
        "ENTITY_ID": "DEAL_STAGE_9",
        "STATUS_ID": "C9:NEW",
        "NAME": "C9:New",
        "NAME_INIT": "",
        "SORT": "10",
        "SYSTEM": "N",
        "CATEGORY_ID": "9",
        "COLOR": "#39A8EF",
        "SEMANTICS": None,
        "EXTRA": {"SEMANTICS": "process", "COLOR": "#39A8EF"},
    }
    assert [(r["STATUS_ID"], r["SEMANTICS"]) for r in rows] == [("C9:NEW", None), ("C9:WON", "S")]
    spa = page(ctx, "crm.status.list", {"FILTER": {"ENTITY_ID": "DYNAMIC_128_STAGE_20"}}).result
    assert [r["SEMANTICS"] for r in spa] == [None, "S", "F"]
    assert all("EXTRA" not in r for r in spa)


def test_status_list_everything_at_once() -> None:
    ctx = context(full_portal())
    everything = page(ctx, "crm.status.list", {})
    assert len(everything.result) == 15
    assert (everything.next, everything.total) == (None, 15)
    sorts = [int(r["SORT"]) for r in everything.result]
    assert sorts == sorted(sorts)
