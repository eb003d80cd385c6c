"""crm.lead|deal|contact|company|quote .list/.get/.update/.fields: the legacy CRM methods.

Their dialect differs from crm.item.* in every detail (bitrix24-api.md §7.6, §11): UPPER_CASE
keys, every value a string, a plain array as `result` with `total`/`next` at the top, offsets
rounded down to pages of 50 (§3), wrapper keys in several spellings (§11 item 2), and errors
with an empty code and HTTP 400 (§2.3).
"""

from __future__ import annotations

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
    php_intval,
)
from desktop_handover.emulator.methods.crm_item import (
    apply_changes,
    check_assignee,
    semantics,
    stage_catalogue,
    stage_of_type,
)
from desktop_handover.emulator.methods.filtering import (
    COST_CATALOG,
    COST_GET,
    COST_LIST,
    COST_UPDATE,
    PAGE_SIZE,
    FieldSpec,
    FilterError,
    Kind,
    Role,
    Source,
    as_bool,
    parse_filter,
    parse_order,
    readable_owners,
    resolve_array_param,
    run_query,
    select_names,
    start_param,
    to_int,
)
from desktop_handover.emulator.state import (
    COMPANY,
    CONTACT,
    DEAL,
    LEAD,
    QUOTE,
    CrmItem,
    Portal,
)

Value = Callable[[Portal, CrmItem], Any]


@dataclass(frozen=True, slots=True)
class LegacyField:
    """One field of a legacy method: UPPER name, type for .fields, how to read and write it."""

    name: str
    type: str
    value: Value
    kind: Kind = "str"
    read_only: bool = False
    #: The crm_item.apply_changes key a write goes to; None: not writable here.
    writes: str | None = None


def _lf(
    name: str,
    type_: str,
    value: Value,
    kind: Kind = "str",
    *,
    read_only: bool = False,
    writes: str | None = None,
) -> LegacyField:
    return LegacyField(name, type_, value, kind, read_only, writes)


def _closed(portal: Portal, item: CrmItem) -> bool:
    return semantics(portal, item) != "P"


_ID = _lf("ID", "integer", lambda p, i: i.id, "int", read_only=True)
_COMMON = [
    _lf("ASSIGNED_BY_ID", "user", lambda p, i: i.assigned_by_id, "int", writes="ASSIGNED_BY_ID"),
    _lf("CREATED_BY_ID", "user", lambda p, i: i.created_by, "int", read_only=True),
    _lf("MODIFY_BY_ID", "user", lambda p, i: i.updated_by, "int", read_only=True),
    _lf("DATE_CREATE", "datetime", lambda p, i: i.created_time, "datetime", read_only=True),
    _lf("DATE_MODIFY", "datetime", lambda p, i: i.updated_time, "datetime", read_only=True),
    _lf("OPENED", "char", lambda p, i: i.opened, "bool", writes="OPENED"),
]
_TITLE = _lf("TITLE", "string", lambda p, i: i.title, writes="TITLE")
_NAME = _lf("NAME", "string", lambda p, i: i.name, writes="NAME")
_LAST_NAME = _lf("LAST_NAME", "string", lambda p, i: i.last_name, writes="LAST_NAME")
_OPPORTUNITY = _lf(
    "OPPORTUNITY", "double", lambda p, i: i.opportunity, "float", writes="OPPORTUNITY"
)
_CURRENCY = _lf("CURRENCY_ID", "crm_currency", lambda p, i: i.currency_id, writes="CURRENCY_ID")
_SOURCE = _lf("SOURCE_ID", "crm_status", lambda p, i: i.source_id, writes="SOURCE_ID")
_COMPANY = _lf("COMPANY_ID", "crm_company", lambda p, i: i.company_id, "int", writes="COMPANY_ID")
_CONTACT = _lf(
    "CONTACT_ID", "crm_contact", lambda p, i: i.contact_ids[0] if i.contact_ids else None, "int"
)
_BEGIN = _lf("BEGINDATE", "date", lambda p, i: i.begindate, "datetime", writes="BEGINDATE")
_CLOSE = _lf("CLOSEDATE", "date", lambda p, i: i.closedate, "datetime", writes="CLOSEDATE")
# CLOSED is writable on a real deal; here it follows the stage, so a write is dropped.
_CLOSED = _lf("CLOSED", "char", _closed, "bool")

_FIELDS: dict[int, list[LegacyField]] = {
    LEAD: [
        _ID,
        _TITLE,
        _NAME,
        _LAST_NAME,
        _lf("STATUS_ID", "crm_status", lambda p, i: i.stage_id, writes="STAGE_ID"),
        _lf("STATUS_SEMANTIC_ID", "string", semantics, read_only=True),
        _OPPORTUNITY,
        _CURRENCY,
        _SOURCE,
        _COMPANY,
        _CONTACT,
        _lf("DATE_CLOSED", "datetime", lambda p, i: i.closedate, "datetime", read_only=True),
        _lf("IS_RETURN_CUSTOMER", "char", lambda p, i: False, "bool", read_only=True),
        *_COMMON,
    ],
    DEAL: [
        _ID,
        _TITLE,
        _lf(
            "CATEGORY_ID",
            "crm_category",
            lambda p, i: 0 if i.category_id is None else i.category_id,
            "int",
        ),
        _lf("STAGE_ID", "crm_status", lambda p, i: i.stage_id, writes="STAGE_ID"),
        _lf("STAGE_SEMANTIC_ID", "string", semantics, read_only=True),
        _CLOSED,
        _OPPORTUNITY,
        _CURRENCY,
        _COMPANY,
        _CONTACT,
        _lf("LEAD_ID", "crm_lead", lambda p, i: i.lead_id, "int"),
        _lf("QUOTE_ID", "crm_quote", lambda p, i: None, "int"),
        _BEGIN,
        _CLOSE,
        _SOURCE,
        _lf("IS_NEW", "char", lambda p, i: False, "bool", read_only=True),
        _lf("IS_RECURRING", "char", lambda p, i: False, "bool", read_only=True),
        *_COMMON,
    ],
    CONTACT: [
        _ID,
        _NAME,
        _LAST_NAME,
        _COMPANY,
        _SOURCE,
        _lf("EXPORT", "char", lambda p, i: True, "bool"),
        *_COMMON,
    ],
    COMPANY: [
        _ID,
        _TITLE,
        _lf("IS_MY_COMPANY", "char", lambda p, i: False, "bool"),
        *_COMMON,
    ],
    QUOTE: [
        _ID,
        _TITLE,
        _lf("STATUS_ID", "crm_status", lambda p, i: i.stage_id, writes="STAGE_ID"),
        _CLOSED,
        _lf("DEAL_ID", "crm_deal", lambda p, i: i.deal_id, "int"),
        _lf("LEAD_ID", "crm_lead", lambda p, i: i.lead_id, "int"),
        _COMPANY,
        _CONTACT,
        _lf("QUOTE_NUMBER", "string", lambda p, i: str(i.id), read_only=True),
        _OPPORTUNITY,
        _CURRENCY,
        _BEGIN,
        _CLOSE,
        *_COMMON,
    ],
}

#: Method prefix → entityTypeId.
LEGACY_TYPES: dict[str, int] = {
    "lead": LEAD,
    "deal": DEAL,
    "contact": CONTACT,
    "company": COMPANY,
    "quote": QUOTE,
}


def _wire(value: Any) -> str | None:
    """Every legacy value is a string (§7.6): "Y"/"N", money with two decimals; None stays null."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _row(
    portal: Portal, item: CrmItem, fields: list[LegacyField], names: set[str] | None
) -> dict[str, str | None]:
    return {
        f.name: _wire(f.value(portal, item)) for f in fields if names is None or f.name in names
    }


def _error(text: str) -> ApiError:
    # Legacy proxies throw RestException(message) without a code (§2.3).
    return ApiError(400, "", text)


def _resolver(
    portal: Portal, fields: list[LegacyField]
) -> Callable[[str], FieldSpec[CrmItem] | None]:
    specs: dict[str, FieldSpec[CrmItem]] = {}
    for fld in fields:
        role: Role = (
            "id" if fld.name == "ID" else "owner" if fld.name == "ASSIGNED_BY_ID" else None
        )
        specs[fld.name] = FieldSpec(fld.name, partial(fld.value, portal), fld.kind, role)
    return lambda name: specs.get(name.upper())


def _find(ctx: CallContext, type_id: int, params: Params) -> CrmItem:
    # S-crmrest resolveEntityID: intval() of ID, else of id. PHP reads "12abc" as 12 and
    # any non-empty array as 1, such as a batch reference that missed its row (§4).
    raw = params["ID"] if params.get("ID") is not None else params.get("id")
    item_id = php_intval(raw)
    if item_id <= 0:
        raise _error("ID is not defined or invalid.")
    item = ctx.portal.table(type_id).rows.get(item_id)
    if item is None:
        raise _error("Not found")
    return item


def _check_access(ctx: CallContext, item: CrmItem) -> None:
    if not ctx.can_read_owner(item.assigned_by_id):
        raise _error("Access denied.")


def _make_list(type_id: int) -> Callable[[CallContext, Params], ListPage]:
    fields = _FIELDS[type_id]

    def list_items(ctx: CallContext, params: Params) -> ListPage:
        """crm.<type>.list {filter, order, select, start} (§7.6, §3)."""
        portal = ctx.portal
        resolve = _resolver(portal, fields)
        try:
            # Unknown filter keys are dropped, as the legacy SQL builder skips them.
            where = parse_filter(resolve_array_param(params, "filter"), resolve, strict=False)
        except FilterError:
            return ListPage([], None, 0)  # PHP casts a bad value (intval) and finds nothing
        order = parse_order(resolve_array_param(params, "order"), resolve, strict=False)
        names = select_names(resolve_array_param(params, "select"))
        chosen = None if names is None or "*" in names else {n.upper() for n in names} | {"ID"}
        start = start_param(ctx, params)
        # Classic CDBResult paging: page number floor(start/50)+1, so offsets are rounded
        # down to a multiple of 50 (§3).
        offset = None if start is None else start // PAGE_SIZE * PAGE_SIZE
        table = portal.table(type_id)
        source = Source(
            table.rows, table.sorted_ids, table.by_owner.ids, lambda i: i.assigned_by_id
        )
        page = run_query(source, where, order, offset=offset, readable=readable_owners(ctx))
        rows = [_row(portal, item, fields, chosen) for item in page.records]
        return ListPage(rows, page.next, page.total, page.records)

    return list_items


def _make_get(type_id: int) -> Callable[[CallContext, Params], dict[str, str | None]]:
    fields = _FIELDS[type_id]

    def get_item(ctx: CallContext, params: Params) -> dict[str, str | None]:
        """crm.<type>.get {id} → one record (§7.6)."""
        item = _find(ctx, type_id, params)
        _check_access(ctx, item)
        return _row(ctx.portal, item, fields, None)

    return get_item


def _make_update(type_id: int) -> Callable[[CallContext, Params], bool]:
    fields = {f.name: f for f in _FIELDS[type_id]}

    def update_item(ctx: CallContext, params: Params) -> bool:
        """crm.<type>.update {id|ID, fields|FIELDS|arFields, params} → true (§7.6).

        A saved change counts one live-feed post (`Portal.feed_posts`) unless
        `params.REGISTER_SONET_EVENT` says otherwise; `REGISTER_HISTORY_EVENT` is accepted
        and changes nothing here (the emulator keeps no history).
        """
        item = _find(ctx, type_id, params)
        raw = as_mapping(resolve_array_param(params, "fields"))
        if raw is None:
            raise _error("Parameter 'fields' must be array.")
        options = resolve_array_param(params, "params")
        if options is not None and as_mapping(options) is None:
            raise _error("Parameter 'params' must be array.")
        _check_access(ctx, item)
        if apply_changes(ctx, item, _changes(ctx, item, fields, raw)) and _posts_to_feed(
            as_mapping(options)
        ):
            ctx.portal.register_feed_post(item)
        return True

    return update_item


def _posts_to_feed(options: Mapping[str, Any] | None) -> bool:
    """Whether an update registers its live-feed post (§7.6).

    The proxies pass REGISTER_SONET_EVENT on only when it is given, as `=== 'Y'` after
    upper-casing (S-crmrest innerUpdate); left out, the entity's own default posts.
    """
    if options is None or "REGISTER_SONET_EVENT" not in options:
        return True
    return str(options["REGISTER_SONET_EVENT"]).upper() == "Y"


def _changes(
    ctx: CallContext, item: CrmItem, fields: Mapping[str, LegacyField], raw: Mapping[str, Any]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        fld = fields.get(str(key).upper())
        if fld is None or fld.writes is None:
            continue  # read-only, hidden and unknown fields are dropped silently (§7.6)
        if fld.writes == "ASSIGNED_BY_ID":
            assignee = check_assignee(ctx, value)
            if assignee is None:
                raise _error("Responsible user is not found.")
            changes["ASSIGNED_BY_ID"] = assignee
        elif value is None or value == "":
            changes[fld.writes] = None
        elif fld.kind == "bool":
            changes[fld.writes] = as_bool(value)
        elif fld.kind == "int":
            changes[fld.writes] = to_int(value)
        elif fld.kind == "float":
            try:
                changes[fld.writes] = float(value)
            except (TypeError, ValueError):
                changes[fld.writes] = None
        else:
            changes[fld.writes] = str(value)
    stage_id = changes.get("STAGE_ID")
    if "STAGE_ID" in changes:
        stage = stage_of_type(ctx.portal, item.entity_type_id, stage_id) if stage_id else None
        # Legacy updates cannot move a deal to another pipeline (§7.6): a stage outside the
        # item's own pipeline, or an unknown one, is not saved.
        if stage is None or stage.entity_id != stage_catalogue(
            item.entity_type_id, item.category_id
        ):
            changes.pop("STAGE_ID")
    return changes


def _make_fields(type_id: int) -> Callable[[CallContext, Params], dict[str, Any]]:
    fields = _FIELDS[type_id]

    def describe(ctx: CallContext, params: Params) -> dict[str, Any]:
        """crm.<type>.fields → {NAME: {type, isRequired, isReadOnly, ...}} (§7.6)."""
        return {
            f.name: {
                "type": f.type,
                "isRequired": False,
                "isReadOnly": f.read_only or f.writes is None,
                "isImmutable": f.name == "ID",
                "isMultiple": False,
                "isDynamic": False,
                "title": f.name.replace("_", " ").capitalize(),
            }
            for f in fields
        }

    return describe


for _prefix, _type_id in LEGACY_TYPES.items():
    method(f"crm.{_prefix}.list", scope="crm", cost=COST_LIST)(_make_list(_type_id))
    method(f"crm.{_prefix}.get", scope="crm", cost=COST_GET)(_make_get(_type_id))
    method(f"crm.{_prefix}.update", scope="crm", cost=COST_UPDATE, writes=True)(
        _make_update(_type_id)
    )
    method(f"crm.{_prefix}.fields", scope="crm", cost=COST_CATALOG)(_make_fields(_type_id))
