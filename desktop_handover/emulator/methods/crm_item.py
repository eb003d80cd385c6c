"""crm.item.list/get/update/fields: the universal CRM methods for every type (bitrix24-api.md §7).

Wire rules of this family (§11 item 4): camelCase keys, ints for ids and numbers, "Y"/"N" for
booleans, null for empty values, rows wrapped in `items` (lists) or `item` (get/update).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from desktop_handover.emulator.api import (
    ApiError,
    CallContext,
    ListPage,
    Params,
    as_mapping,
    method,
)
from desktop_handover.emulator.methods.filtering import (
    COST_CATALOG,
    COST_GET,
    COST_LIST,
    COST_UPDATE,
    FieldSpec,
    FilterError,
    Kind,
    Role,
    Source,
    as_bool,
    parse_filter,
    parse_order,
    readable_owners,
    run_query,
    select_names,
    start_param,
    to_int,
)
from desktop_handover.emulator.state import (
    COMPANY,
    CONTACT,
    DEAL,
    FIRST_SMART_PROCESS,
    LEAD,
    QUOTE,
    SMART_INVOICE,
    CrmItem,
    Portal,
    Stage,
)

#: The old invoice type, which crm.item.* refuses (§7.1).
OLD_INVOICE = 5

#: Switch (api.SWITCH_DEFAULTS): reject dismissed users as assignees. Off by default: no such
#: check is known on a real portal (bitrix24-api.md §7.5 [inferred]).
STRICT_ASSIGNEE = "reject_inactive_assignee"

Value = Callable[[Portal, CrmItem], Any]


@dataclass(frozen=True, slots=True)
class ItemField:
    """One field of one CRM type as crm.item.* shows it: wire name, type, how to read it."""

    name: str
    upper: str
    type: str
    value: Value
    kind: Kind = "str"
    read_only: bool = False
    multiple: bool = False
    title: str = ""
    only_with_star: bool = False  # `fm` comes back only when select has "*" (§7.2)


def _f(
    name: str,
    type_: str,
    value: Value,
    kind: Kind = "str",
    *,
    read_only: bool = False,
    multiple: bool = False,
    star: bool = False,
) -> ItemField:
    upper = camel_to_upper(name)
    title = upper.replace("_", " ").capitalize()
    return ItemField(name, upper, type_, value, kind, read_only, multiple, title, star)


def camel_to_upper(name: str) -> str:
    """`assignedById` → `ASSIGNED_BY_ID`; UPPER_SNAKE names pass through (§7.2, §7.5)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


def semantics(portal: Portal, item: CrmItem) -> str:
    """P, S or F: the semantics of the item's stage (§7.4)."""
    return portal.stage_semantics(item.stage_id)


def is_closed(portal: Portal, item: CrmItem) -> bool:
    """Deals and quotes are closed once their stage is final (S or F, §7.4)."""
    return semantics(portal, item) != "P"


# --- field catalogue ----------------------------------------------------------------------------

_ID = _f("id", "integer", lambda p, i: i.id, "int", read_only=True)
_COMMON_HEAD = [_ID]
_COMMON_TAIL = [
    _f("assignedById", "user", lambda p, i: i.assigned_by_id, "int"),
    _f("createdBy", "user", lambda p, i: i.created_by, "int", read_only=True),
    _f("updatedBy", "user", lambda p, i: i.updated_by, "int", read_only=True),
    _f("createdTime", "datetime", lambda p, i: i.created_time, "datetime", read_only=True),
    _f("updatedTime", "datetime", lambda p, i: i.updated_time, "datetime", read_only=True),
    _f("opened", "boolean", lambda p, i: i.opened, "bool"),
    _f("lastActivityBy", "user", lambda p, i: i.updated_by, "int", read_only=True),
    _f("lastActivityTime", "datetime", lambda p, i: i.updated_time, "datetime", read_only=True),
    _f("webformId", "integer", lambda p, i: None, "int", read_only=True),
]
_UTM = [
    _f(name, "string", lambda p, i: None)
    for name in ("utmSource", "utmMedium", "utmCampaign", "utmContent", "utmTerm")
]

_TITLE = _f("title", "string", lambda p, i: i.title)
_NAME = _f("name", "string", lambda p, i: i.name)
_LAST_NAME = _f("lastName", "string", lambda p, i: i.last_name)
_STAGE = _f("stageId", "crm_status", lambda p, i: i.stage_id)
_SEMANTIC = _f("stageSemanticId", "string", semantics, read_only=True)
_CLOSED = _f("closed", "boolean", is_closed, "bool", read_only=True)
_CATEGORY = _f(
    "categoryId", "crm_category", lambda p, i: 0 if i.category_id is None else i.category_id, "int"
)
_COMPANY = _f("companyId", "crm_company", lambda p, i: i.company_id, "int")
_CONTACT = _f(
    "contactId", "crm_contact", lambda p, i: i.contact_ids[0] if i.contact_ids else None, "int"
)
_CONTACTS = _f(
    "contactIds", "crm_contact", lambda p, i: list(i.contact_ids), "ints", multiple=True
)
_OPPORTUNITY = _f("opportunity", "double", lambda p, i: i.opportunity, "float")
_CURRENCY = _f("currencyId", "crm_currency", lambda p, i: i.currency_id)
_SOURCE = _f("sourceId", "crm_status", lambda p, i: i.source_id)
_OBSERVERS = _f("observers", "user", lambda p, i: list(i.observers), "ints", multiple=True)
_MOVED_BY = _f("movedBy", "user", lambda p, i: None, "int", read_only=True)
_MOVED_TIME = _f("movedTime", "datetime", lambda p, i: None, "datetime", read_only=True)
_BEGIN = _f("begindate", "date", lambda p, i: i.begindate, "datetime")
_CLOSE = _f("closedate", "date", lambda p, i: i.closedate, "datetime")
_DEAL_ID = _f("dealId", "crm_deal", lambda p, i: i.deal_id, "int")
_LEAD_ID = _f("leadId", "crm_lead", lambda p, i: i.lead_id, "int")
_FM = _f("fm", "crm_multifield", lambda p, i: [], "ints", read_only=True, multiple=True, star=True)
_PREVIOUS_STAGE = _f("previousStageId", "crm_status", lambda p, i: None, read_only=True)


def _flag(name: str, value: bool, *, read_only: bool = False) -> ItemField:
    return _f(name, "boolean", lambda p, i: value, "bool", read_only=read_only)


_TYPE_FIELDS: dict[int, list[ItemField]] = {
    LEAD: [
        _TITLE,
        _NAME,
        _LAST_NAME,
        _STAGE,
        _SEMANTIC,
        _COMPANY,
        _CONTACT,
        _CONTACTS,
        _OPPORTUNITY,
        _CURRENCY,
        _SOURCE,
        _OBSERVERS,
        _MOVED_BY,
        _MOVED_TIME,
        _f("dateClosed", "datetime", lambda p, i: i.closedate, "datetime", read_only=True),
        _flag("isReturnCustomer", False, read_only=True),
        _FM,
    ],
    DEAL: [
        _TITLE,
        _CATEGORY,
        _STAGE,
        _SEMANTIC,
        _CLOSED,
        _COMPANY,
        _CONTACT,
        _CONTACTS,
        _f("quoteId", "crm_quote", lambda p, i: None, "int"),
        _LEAD_ID,
        _OPPORTUNITY,
        _CURRENCY,
        _SOURCE,
        _BEGIN,
        _CLOSE,
        _OBSERVERS,
        _MOVED_BY,
        _MOVED_TIME,
        _flag("isNew", False, read_only=True),
        _flag("isRecurring", False, read_only=True),
    ],
    CONTACT: [
        _NAME,
        _LAST_NAME,
        _COMPANY,
        _f(
            "companyIds",
            "crm_company",
            lambda p, i: [i.company_id] if i.company_id else [],
            "ints",
            multiple=True,
        ),
        _CATEGORY,
        _SOURCE,
        _flag("export", True),
        _OBSERVERS,
        _FM,
    ],
    COMPANY: [
        _TITLE,
        _flag("isMyCompany", False),
        _CATEGORY,
        _CONTACTS,
        _OBSERVERS,
        _FM,
    ],
    QUOTE: [
        _TITLE,
        _STAGE,
        _CLOSED,
        _DEAL_ID,
        _LEAD_ID,
        _COMPANY,
        _CONTACT,
        _CONTACTS,
        _f("quoteNumber", "string", lambda p, i: str(i.id), read_only=True),
        _OPPORTUNITY,
        _CURRENCY,
        _BEGIN,
        _CLOSE,
    ],
    SMART_INVOICE: [
        _TITLE,
        _CATEGORY,
        _STAGE,
        _PREVIOUS_STAGE,
        _MOVED_BY,
        _MOVED_TIME,
        _COMPANY,
        _CONTACTS,
        _f("mycompanyId", "crm_company", lambda p, i: None, "int"),
        _f("accountNumber", "string", lambda p, i: str(i.id), read_only=True),
        _OPPORTUNITY,
        _CURRENCY,
        _BEGIN,
        _CLOSE,
        _OBSERVERS,
    ],
}
_UTM_TYPES = (LEAD, DEAL, CONTACT, COMPANY, QUOTE)

_fields_cache: dict[tuple[int, tuple[bool, ...]], list[ItemField]] = {}


def item_fields(portal: Portal, entity_type_id: int) -> list[ItemField]:
    """The fields crm.item.* shows for one (already validated) type, in output order."""
    spa = portal.smart_types.get(entity_type_id)
    flags = (
        (spa.is_categories_enabled, spa.is_stages_enabled, spa.is_client_enabled)
        if spa is not None
        else ()
    )
    key = (entity_type_id, flags)
    cached = _fields_cache.get(key)
    if cached is not None:
        return cached
    typed: list[ItemField]
    if spa is not None:
        # An SPA's fields depend on the type's flags (§7.3).
        typed = [_TITLE, _f("xmlId", "string", lambda p, i: None)]
        if spa.is_categories_enabled:
            typed.append(_CATEGORY)
        if spa.is_stages_enabled:
            typed += [_STAGE, _PREVIOUS_STAGE, _MOVED_BY, _MOVED_TIME]
        if spa.is_client_enabled:
            typed += [_COMPANY, _CONTACT, _CONTACTS]
        typed += [_OPPORTUNITY, _CURRENCY, _BEGIN, _CLOSE, _OBSERVERS]
    else:
        typed = list(_TYPE_FIELDS[entity_type_id])
    fields = [*_COMMON_HEAD, *typed, *_COMMON_TAIL]
    if entity_type_id in _UTM_TYPES:
        fields += _UTM
    _fields_cache[key] = fields
    return fields


def _wire(value: Any) -> Any:
    """Python value → crm.item wire value: "Y"/"N", whole floats as ints, "" as null."""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == "":
        return None
    return value


def render_item(
    portal: Portal, item: CrmItem, fields: list[ItemField], names: set[str] | None
) -> dict[str, Any]:
    """One item as crm.item.* returns it; `names` None means select `*`."""
    out: dict[str, Any] = {}
    for fld in fields:
        if names is None or fld.name in names:
            out[fld.name] = _wire(fld.value(portal, item))
        # entityTypeId travels with every full item (§7.5's example).
        if fld is _ID and (names is None or "entityTypeId" in names):
            out["entityTypeId"] = item.entity_type_id
    return out


# --- shared checks ------------------------------------------------------------------------------


def entity_type_param(ctx: CallContext, params: Params) -> int:
    """Validate `entityTypeId`: 5 is refused, unknown types are NOT_FOUND (§7.1, §7.2)."""
    raw = params.get("entityTypeId", params.get("ENTITY_TYPE_ID"))
    if raw is None:
        raise ApiError(400, "100", "Could not find value for parameter {entityTypeId}")
    type_id = to_int(raw)
    if type_id == OLD_INVOICE:
        raise ApiError(400, "ENTITY_TYPE_NOT_SUPPORTED", f"Entity type {type_id} is not supported")
    if type_id is None or not _served(ctx.portal, type_id):
        raise ApiError(400, "NOT_FOUND", "Smart process not found")
    return type_id


def _served(portal: Portal, type_id: int) -> bool:
    if type_id >= FIRST_SMART_PROCESS:
        return type_id in portal.smart_types
    return type_id in _TYPE_FIELDS


def resolver(
    portal: Portal, fields: list[ItemField]
) -> Callable[[str], FieldSpec[CrmItem] | None]:
    """Maps filter/order keys (camelCase, or UPPER_SNAKE as upper-cased internally) to specs."""
    specs: dict[str, FieldSpec[CrmItem]] = {}
    for fld in fields:
        if fld.only_with_star:
            continue
        role: Role = "id" if fld.name == "id" else "owner" if fld.name == "assignedById" else None
        spec: FieldSpec[CrmItem] = FieldSpec(
            fld.name, partial(fld.value, portal), fld.kind, role, sortable=not fld.multiple
        )
        specs[fld.name] = spec
        specs[fld.upper] = spec
    return specs.get


def _filter_error(exc: FilterError) -> ApiError:
    # Texts as the docs list them (D-ilist, "Possible Error Codes").
    if exc.reason == "field":
        text = f"Invalid filter: field '{exc.key}' is not allowed in filter"
    elif exc.reason == "value":
        text = f"Invalid filter: field '{exc.key}' has invalid value"
    elif exc.reason == "order_field":
        text = f"Invalid order: field '{exc.key}' is not allowed in order"
    else:
        text = (
            "Invalid order: allowed sort directions are ASC, DESC. "
            f"But got '{exc.value}' for field '{exc.key}'"
        )
    return ApiError(400, "INVALID_ARG_VALUE", text)


def _selected(raw: Any, fields: list[ItemField]) -> set[str] | None:
    names = select_names(raw)
    if names is None or "*" in names:
        return None
    # `fm` is not selectable by name: it comes back with "*" only (§7.2).
    named = [f for f in fields if not f.only_with_star]
    by_any = {f.name: f.name for f in named} | {f.upper: f.name for f in named}
    chosen = {by_any[n] for n in names if n in by_any}
    if "entityTypeId" in names:
        chosen.add("entityTypeId")
    chosen.add("id")  # the cursor field always comes back (§3's batch chaining reads it)
    return chosen


def _find(ctx: CallContext, type_id: int, params: Params) -> CrmItem:
    """The item named by `id`, or 400 NOT_FOUND (the first check, §7.5)."""
    raw_id = params.get("id", params.get("ID"))
    if raw_id is None:
        raise ApiError(400, "100", "Could not find value for parameter {id}")
    item_id = to_int(raw_id)
    item = ctx.portal.table(type_id).rows.get(item_id) if item_id is not None else None
    if item is None:
        raise ApiError(400, "NOT_FOUND", "Element not found")
    return item


def _check_access(ctx: CallContext, item: CrmItem) -> None:
    """400 ACCESS_DENIED unless the caller may read and update the item (§7.5, §11 item 11)."""
    if not ctx.can_read_owner(item.assigned_by_id):
        raise ApiError(400, "ACCESS_DENIED", "Access denied")


# --- methods ------------------------------------------------------------------------------------


@method("crm.item.list", scope="crm", cost=COST_LIST)
def item_list(ctx: CallContext, params: Params) -> ListPage:
    """crm.item.list {entityTypeId, select, filter, order, start} (§7.2, §3)."""
    type_id = entity_type_param(ctx, params)
    portal = ctx.portal
    fields = item_fields(portal, type_id)
    resolve = resolver(portal, fields)
    try:
        where = parse_filter(params.get("filter"), resolve, strict=True)
        order = parse_order(params.get("order"), resolve, strict=True)
    except FilterError as exc:
        raise _filter_error(exc) from None
    names = _selected(params.get("select"), fields)
    table = portal.table(type_id)
    source = Source(
        table.rows, table.sorted_ids, table.by_owner.ids, lambda item: item.assigned_by_id
    )
    page = run_query(
        source,
        where,
        order,
        offset=start_param(ctx, params),
        readable=readable_owners(ctx),
    )
    items = [render_item(portal, item, fields, names) for item in page.records]
    return ListPage({"items": items}, page.next, page.total, page.records)


@method("crm.item.get", scope="crm", cost=COST_GET)
def item_get(ctx: CallContext, params: Params) -> dict[str, Any]:
    """crm.item.get {entityTypeId, id} → {"item": {...}} (§7.2)."""
    type_id = entity_type_param(ctx, params)
    item = _find(ctx, type_id, params)
    _check_access(ctx, item)
    return {"item": render_item(ctx.portal, item, item_fields(ctx.portal, type_id), None)}


@method("crm.item.fields", scope="crm", cost=COST_CATALOG)
def item_fields_method(ctx: CallContext, params: Params) -> dict[str, Any]:
    """crm.item.fields {entityTypeId} → {"fields": {camelName: description}} (§7.3)."""
    type_id = entity_type_param(ctx, params)
    described: dict[str, Any] = {}
    for fld in item_fields(ctx.portal, type_id):
        described[fld.name] = {
            "type": fld.type,
            "isRequired": fld.name == "title" and type_id in (LEAD,),
            "isReadOnly": fld.read_only,
            "isImmutable": fld.name == "id",
            "isMultiple": fld.multiple,
            "isDynamic": False,
            "title": fld.title,
            "upperName": fld.upper,
        }
    return {"fields": described}


@method("crm.item.update", scope="crm", cost=COST_UPDATE, writes=True)
def item_update(ctx: CallContext, params: Params) -> dict[str, Any]:
    """crm.item.update {entityTypeId, id, fields} → the whole item (§7.5).

    Checks run as documented: type, item exists, permission, then field values. Unknown and
    read-only keys are ignored; an unchanged item is not saved.
    """
    type_id = entity_type_param(ctx, params)
    raw_fields = params.get("fields")
    if raw_fields is None:
        raise ApiError(400, "100", "Could not find value for parameter {fields}")
    item = _find(ctx, type_id, params)
    raw_fields = as_mapping(raw_fields) or {}
    _check_access(ctx, item)
    fields = item_fields(ctx.portal, type_id)
    changes = _validated_changes(ctx, item, fields, raw_fields)
    if apply_changes(ctx, item, changes):
        # crm.item.update has no switch for the live-feed post (§7.5): a saved change
        # always counts one.
        ctx.portal.register_feed_post(item)
    return {"item": render_item(ctx.portal, item, fields, None)}


# --- update -------------------------------------------------------------------------------------

#: UPPER names crm.item.update writes; everything else is read-only or unknown, thus ignored.
_WRITABLE = {
    "ASSIGNED_BY_ID",
    "TITLE",
    "NAME",
    "LAST_NAME",
    "STAGE_ID",
    "CATEGORY_ID",
    "OPPORTUNITY",
    "CURRENCY_ID",
    "SOURCE_ID",
    "OPENED",
    "COMPANY_ID",
    "CONTACT_IDS",
    "CONTACT_ID",
    "OBSERVERS",
    "BEGINDATE",
    "CLOSEDATE",
}


def _invalid(field: str) -> ApiError:
    return ApiError(
        400, "CRM_FIELD_ERROR_VALUE_NOT_VALID", f"The value of the field '{field}' is not valid"
    )


def check_assignee(ctx: CallContext, value: Any) -> int | None:
    """The new responsible user's id, or None when the value is not an existing user.

    A dismissed user is accepted unless the `strict_assignee` switch is on (§7.5 [inferred]).
    """
    user_id = to_int(value)
    user = ctx.portal.users.get(user_id) if user_id is not None else None
    if user is None:
        return None
    if not user.active and ctx.switch(STRICT_ASSIGNEE):
        return None
    return user.id


def _validated_changes(
    ctx: CallContext, item: CrmItem, fields: list[ItemField], raw: Mapping[str, Any]
) -> dict[str, Any]:
    known = {f.upper: f for f in fields}
    changes: dict[str, Any] = {}
    for key, given in raw.items():
        value = given
        upper = camel_to_upper(str(key))
        fld = known.get(upper)
        if upper == "CONTACT_ID" and "CONTACT_IDS" in known:
            fld = known["CONTACT_IDS"]
            upper = "CONTACT_IDS"
            value = [] if value in (None, "") else [value]
        if fld is None or upper not in _WRITABLE:
            continue  # unknown and read-only keys are dropped silently (§7.5)
        if fld.multiple:
            if isinstance(value, Mapping):
                value = list(value.values())  # PHP arrays with non-sequential keys
            if value in (None, ""):
                value = []
            if not isinstance(value, list):
                raise ApiError(400, "100", "Expected iterable value for multiple field")
            ints = [to_int(v) for v in value]
            if any(v is None for v in ints):
                raise _invalid(fld.name)
            changes[upper] = [v for v in ints if v is not None]
            continue
        if upper == "ASSIGNED_BY_ID":
            assignee = check_assignee(ctx, value)
            if assignee is None:
                raise _invalid(fld.name)
            changes[upper] = assignee
        elif value is None or value == "":
            changes[upper] = None  # empty values set the field to null (§7.5)
        elif fld.kind == "bool":
            changes[upper] = as_bool(value)
        elif fld.kind == "int":
            number = to_int(value)
            if number is None:
                raise _invalid(fld.name)
            changes[upper] = number
        elif fld.kind == "float":
            try:
                changes[upper] = float(value)
            except (TypeError, ValueError):
                raise _invalid(fld.name) from None
        else:
            changes[upper] = str(value)
    return _settle_pipeline(ctx.portal, item, changes)


def stage_catalogue(type_id: int, category_id: int | None) -> str | None:
    """The crm.status.list ENTITY_ID holding a type's stages in one pipeline (§7.4)."""
    category = category_id or 0
    if type_id == LEAD:
        return "STATUS"
    if type_id == QUOTE:
        return "QUOTE_STATUS"
    if type_id == DEAL:
        return "DEAL_STAGE" if category == 0 else f"DEAL_STAGE_{category}"
    if type_id == SMART_INVOICE:
        return f"SMART_INVOICE_STAGE_{category}"
    if type_id >= FIRST_SMART_PROCESS:
        return f"DYNAMIC_{type_id}_STAGE_{category}"
    return None  # contacts and companies have no stages


def stage_of_type(portal: Portal, type_id: int, status_id: str) -> Stage | None:
    """The stage `status_id` among any pipeline of `type_id`, or None."""
    for stage in portal.stages:
        if stage.status_id == status_id and stage.entity_id == stage_catalogue(
            type_id, stage.category_id
        ):
            return stage
    return None


def _settle_pipeline(portal: Portal, item: CrmItem, changes: dict[str, Any]) -> dict[str, Any]:
    """Keep stage and pipeline consistent.

    A stage of another pipeline moves the item there; a new pipeline without a stage puts it
    on that pipeline's first stage (§7.6: crm.item.update can move a deal between pipelines).
    """
    type_id = item.entity_type_id
    if "STAGE_ID" in changes:
        stage = (
            stage_of_type(portal, type_id, changes["STAGE_ID"])
            if changes["STAGE_ID"] is not None
            else None
        )
        if stage is None:
            raise _invalid("stageId")
        if stage.category_id is not None and type_id not in (LEAD, QUOTE):
            changes["CATEGORY_ID"] = stage.category_id
    elif changes.get("CATEGORY_ID") is not None and changes["CATEGORY_ID"] != item.category_id:
        first = portal.stages_of(stage_catalogue(type_id, changes["CATEGORY_ID"]) or "")
        if first:
            changes["STAGE_ID"] = first[0].status_id
        elif stage_catalogue(type_id, None) is not None:
            raise _invalid("categoryId")  # no such pipeline
    return changes


_ATTRS = {
    "TITLE": "title",
    "NAME": "name",
    "LAST_NAME": "last_name",
    "STAGE_ID": "stage_id",
    "CATEGORY_ID": "category_id",
    "OPPORTUNITY": "opportunity",
    "CURRENCY_ID": "currency_id",
    "SOURCE_ID": "source_id",
    "OPENED": "opened",
    "COMPANY_ID": "company_id",
    "CONTACT_IDS": "contact_ids",
    "OBSERVERS": "observers",
    "BEGINDATE": "begindate",
    "CLOSEDATE": "closedate",
}


def apply_changes(ctx: CallContext, item: CrmItem, changes: Mapping[str, Any]) -> bool:
    """Write validated UPPER_NAME → value changes; returns whether anything changed.

    Nothing is saved (updatedTime kept) when every value equals the stored one (§7.5, §12.7).
    """
    changed = False
    for upper, new in changes.items():
        value = new
        if upper == "ASSIGNED_BY_ID":
            if value != item.assigned_by_id:
                ctx.portal.reassign_item(item, value)  # keeps the owner index current
                changed = True
            continue
        attr = _ATTRS.get(upper)
        if attr is None:
            continue
        if attr == "opened" and value is None:
            value = False
        if getattr(item, attr) != value:
            setattr(item, attr, value)
            changed = True
    if changed:
        item.updated_by = ctx.user.id
        item.updated_time = ctx.now()
    return changed
