"""crm.type.list, crm.category.list, crm.status.list: the CRM's types, pipelines and stages.

crm.type.* and crm.category.* speak the crm.item dialect (camelCase, ints, "Y"/"N"); the
stage catalogue crm.status.list is a legacy method whose values are all strings
(bitrix24-api.md §7.1, §7.4, §11 item 4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_handover.emulator.api import ApiError, CallContext, ListPage, Params, method
from desktop_handover.emulator.methods.crm_item import entity_type_param
from desktop_handover.emulator.methods.filtering import (
    COST_CATALOG,
    FieldSpec,
    FilterError,
    Page,
    parse_filter,
    parse_order,
    resolve_array_param,
    run_query,
    start_param,
    yn,
)
from desktop_handover.emulator.methods.filtering import Source as QuerySource
from desktop_handover.emulator.state import (
    COMPANY,
    CONTACT,
    DEAL,
    SMART_INVOICE,
    Category,
    SmartProcessType,
    Stage,
)

#: Types whose items live in pipelines (categories); leads and quotes have none (§7.1).
_CATEGORY_TYPES = (DEAL, CONTACT, COMPANY, SMART_INVOICE)

#: crm.status.list adds EXTRA only to these catalogues (S-crmrest prepareExtra, §7.4).
_EXTRA_PREFIXES = ("STATUS", "QUOTE_STATUS", "DEAL_STAGE")
_EXTRA_SEMANTICS = {"P": "process", "S": "success", "F": "failure"}


def _type_row(spa: SmartProcessType) -> dict[str, Any]:
    flag = yn
    return {
        "id": spa.id,
        "title": spa.title,
        "code": None,
        "createdBy": 1,
        "entityTypeId": spa.entity_type_id,
        "customSectionId": None,
        "isCategoriesEnabled": flag(spa.is_categories_enabled),
        "isStagesEnabled": flag(spa.is_stages_enabled),
        "isBeginCloseDatesEnabled": "Y",
        "isClientEnabled": flag(spa.is_client_enabled),
        "isUseInUserfieldEnabled": "N",
        "isLinkWithProductsEnabled": "N",
        "isMycompanyEnabled": "N",
        "isDocumentsEnabled": "N",
        "isSourceEnabled": "N",
        "isObserversEnabled": "Y",
        "isRecyclebinEnabled": "Y",
        "isAutomationEnabled": "Y",
        "isBizProcEnabled": "Y",
        "isSetOpenPermissions": "Y",
        "isPaymentsEnabled": "N",
        "isCountersEnabled": "N",
        "createdTime": "2024-01-01T09:00:00+01:00",
        "updatedTime": "2024-01-01T09:00:00+01:00",
        "updatedBy": 1,
    }


_TYPE_FIELDS: dict[str, FieldSpec[SmartProcessType]] = {
    "id": FieldSpec("id", lambda t: t.id, "int", "id"),
    "entityTypeId": FieldSpec("entityTypeId", lambda t: t.entity_type_id, "int"),
    "title": FieldSpec("title", lambda t: t.title),
}


@method("crm.type.list", scope="crm", cost=COST_CATALOG)
def type_list(ctx: CallContext, params: Params) -> ListPage:
    """crm.type.list {filter, order, start} → {"types": [...]} (§7.1); smart processes only."""
    try:
        where = parse_filter(params.get("filter"), _TYPE_FIELDS.get, strict=True)
        order = parse_order(params.get("order"), _TYPE_FIELDS.get, strict=True)
    except FilterError as exc:
        raise ApiError(400, "INVALID_ARG_VALUE", f"Invalid filter or order: '{exc.key}'") from None
    by_id = {t.id: t for t in ctx.portal.smart_types.values()}
    source: QuerySource[SmartProcessType] = QuerySource(
        by_id, sorted(by_id), lambda owner: [], lambda t: 0
    )
    page: Page[SmartProcessType] = run_query(
        source, where, order, offset=start_param(ctx, params), readable=None
    )
    return ListPage({"types": [_type_row(t) for t in page.records]}, page.next, page.total)


def _category_row(category: Category) -> dict[str, Any]:
    return {
        "id": category.id,
        "name": category.name,
        "sort": category.sort,
        "entityTypeId": category.entity_type_id,
        "isDefault": yn(category.is_default),
    }


@method("crm.category.list", scope="crm", cost=COST_CATALOG)
def category_list(ctx: CallContext, params: Params) -> ListPage:
    """crm.category.list {entityTypeId} → {"categories": [...]} (§7.1), all at once."""
    type_id = entity_type_param(ctx, params)
    spa = ctx.portal.smart_types.get(type_id)
    supported = spa.is_categories_enabled if spa is not None else type_id in _CATEGORY_TYPES
    if not supported:
        raise ApiError(400, "CATEGORIES_NOT_SUPPORTED", "Entity type does not support categories")
    found = sorted(
        (c for c in ctx.portal.categories.values() if c.entity_type_id == type_id),
        key=lambda c: (c.sort, c.id),
    )
    if not found:
        # Every type with pipelines has its default one, even when nobody created more.
        found = [Category(0, type_id, "General", 500, is_default=True)]
    rows = [_category_row(c) for c in found]
    return ListPage({"categories": rows}, None, len(rows))


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def status_row(stage: Stage) -> dict[str, Any]:
    """One crm.status.list row: every value a string, SEMANTICS null while in progress (§7.4)."""
    row: dict[str, Any] = {
        "ID": str(stage.id),
        "ENTITY_ID": stage.entity_id,
        "STATUS_ID": stage.status_id,
        "NAME": stage.name,
        "NAME_INIT": stage.name if stage.system else "",
        "SORT": str(stage.sort),
        "SYSTEM": yn(stage.system),
        "CATEGORY_ID": _str(stage.category_id),
        "COLOR": stage.color,
        "SEMANTICS": None if stage.semantics == "P" else stage.semantics,
    }
    if stage.entity_id.startswith(_EXTRA_PREFIXES):
        row["EXTRA"] = {"SEMANTICS": _EXTRA_SEMANTICS[stage.semantics], "COLOR": stage.color}
    return row


_STATUS_FIELDS: dict[str, FieldSpec[Stage]] = {
    "ID": FieldSpec("ID", lambda s: s.id, "int", "id"),
    "ENTITY_ID": FieldSpec("ENTITY_ID", lambda s: s.entity_id),
    "STATUS_ID": FieldSpec("STATUS_ID", lambda s: s.status_id),
    "NAME": FieldSpec("NAME", lambda s: s.name),
    "SORT": FieldSpec("SORT", lambda s: s.sort, "int"),
    "SYSTEM": FieldSpec("SYSTEM", lambda s: s.system, "bool"),
    "CATEGORY_ID": FieldSpec("CATEGORY_ID", lambda s: s.category_id, "int"),
    "SEMANTICS": FieldSpec("SEMANTICS", lambda s: None if s.semantics == "P" else s.semantics),
}


def _upper_resolver(
    fields: dict[str, FieldSpec[Stage]],
) -> Callable[[str], FieldSpec[Stage] | None]:
    return lambda name: fields.get(name.upper())


@method("crm.status.list", scope="crm", cost=COST_CATALOG)
def status_list(ctx: CallContext, params: Params) -> ListPage:
    """crm.status.list {filter, order}: every matching row at once, by SORT (§3, §7.4)."""
    resolve = _upper_resolver(_STATUS_FIELDS)
    try:
        where = parse_filter(resolve_array_param(params, "filter"), resolve, strict=False)
    except FilterError:
        return ListPage([], None, 0)  # PHP casts the bad value and finds nothing
    order = parse_order(resolve_array_param(params, "order"), resolve, strict=False)
    if not order:
        order = [(_STATUS_FIELDS["SORT"], False)]
    by_id = {s.id: s for s in ctx.portal.stages}
    source: QuerySource[Stage] = QuerySource(by_id, sorted(by_id), lambda owner: [], lambda s: 0)
    # Not paginated: one "page" as long as the catalogue.
    page = run_query(source, where, order, offset=0, readable=None, page_size=len(by_id) or 1)
    rows = [status_row(s) for s in page.records]
    return ListPage(rows, None, len(rows))
