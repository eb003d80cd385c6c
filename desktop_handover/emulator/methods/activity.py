"""crm.activity.list/update and crm.activity.todo.updateResponsibleUser (bitrix24-api.md §8).

crm.activity.* is a legacy family (all values strings, errors with an empty code, §8.1-§8.2);
the to-do controller speaks the crm.item dialect with named error codes (§8.3). An activity is
readable and writable by whoever may read records of its responsible user (§11 item 11).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from desktop_handover.emulator.methods.crm_item import check_assignee
from desktop_handover.emulator.methods.filtering import (
    COST_LIST,
    COST_UPDATE,
    PAGE_SIZE,
    FieldSpec,
    FilterError,
    Kind,
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
from desktop_handover.emulator.state import Activity

#: The universal to-do provider, the only one todo.updateResponsibleUser accepts (§8.3).
TODO_PROVIDER = "CRM_TODO"
#: Activities created by a REST app; outside that app's context they are off limits (§8.2).
REST_APP_PROVIDER = "REST_APP"

#: (wire name, filter kind, getter) in the order crm.activity.list writes a row (§8.1).
_COLUMNS: list[tuple[str, Kind, Callable[[Activity], Any]]] = [
    ("ID", "int", lambda a: a.id),
    ("OWNER_ID", "int", lambda a: a.owner_id),
    ("OWNER_TYPE_ID", "int", lambda a: a.owner_type_id),
    ("TYPE_ID", "int", lambda a: a.type_id),
    ("PROVIDER_ID", "str", lambda a: a.provider_id),
    ("PROVIDER_TYPE_ID", "str", lambda a: a.provider_type_id),
    ("PROVIDER_GROUP_ID", "str", lambda a: None),
    ("ASSOCIATED_ENTITY_ID", "int", lambda a: 0),
    ("SUBJECT", "str", lambda a: a.subject),
    ("CREATED", "datetime", lambda a: a.created),
    ("LAST_UPDATED", "datetime", lambda a: a.last_updated),
    ("START_TIME", "datetime", lambda a: a.start_time),
    ("END_TIME", "datetime", lambda a: a.end_time),
    # No deadline is reported as 9999-12-31 (§8.1, D-tut-act).
    ("DEADLINE", "datetime", lambda a: a.deadline or "9999-12-31T00:00:00+00:00"),
    ("COMPLETED", "bool", lambda a: a.completed),
    ("STATUS", "int", lambda a: a.status),
    ("RESPONSIBLE_ID", "int", lambda a: a.responsible_id),
    ("PRIORITY", "int", lambda a: a.priority),
    ("NOTIFY_TYPE", "int", lambda a: 0),
    ("NOTIFY_VALUE", "int", lambda a: 0),
    ("DESCRIPTION", "str", lambda a: a.description),
    ("DESCRIPTION_TYPE", "int", lambda a: 1),
    ("DIRECTION", "int", lambda a: a.direction),
    ("LOCATION", "str", lambda a: ""),
    ("SETTINGS", "str", lambda a: []),
    ("ORIGINATOR_ID", "str", lambda a: None),
    ("ORIGIN_ID", "str", lambda a: None),
    ("AUTHOR_ID", "int", lambda a: a.author_id),
    ("EDITOR_ID", "int", lambda a: a.editor_id),
]
#: Returned only when named in `select` (§8.1).
_ON_REQUEST: dict[str, Callable[[Activity], list[Any]]] = {
    "COMMUNICATIONS": lambda a: [],
    "FILES": lambda a: [],
}

_SPECS: dict[str, FieldSpec[Activity]] = {
    name: FieldSpec(
        name,
        get,
        kind,
        "id" if name == "ID" else "owner" if name == "RESPONSIBLE_ID" else None,
        sortable=name != "SETTINGS",
    )
    for name, kind, get in _COLUMNS
}


def _resolve(name: str) -> FieldSpec[Activity] | None:
    return _SPECS.get(name.upper())


def _wire(value: Any) -> Any:
    """All strings (§8.1), except SETTINGS/COMMUNICATIONS/FILES arrays; None stays null."""
    if value is None or isinstance(value, list):
        return value
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value)


def activity_row(activity: Activity, names: set[str] | None) -> dict[str, Any]:
    """One crm.activity.list row; `names` None means the default select."""
    row = {
        name: _wire(get(activity))
        for name, _kind, get in _COLUMNS
        if names is None or name in names
    }
    for name, get in _ON_REQUEST.items():
        if names is not None and name in names:
            row[name] = get(activity)
    return row


def _error(text: str) -> ApiError:
    return ApiError(400, "", text)  # legacy proxy: empty error code (§8.2)


def _with_bindings(raw: Any) -> Any:
    """Rewrite BINDINGS [{OWNER_TYPE_ID, OWNER_ID}, ...] as an OR group of owner filters (§8.1)."""
    filt = as_mapping(raw)
    if filt is None:
        return raw
    bindings = next((v for k, v in filt.items() if str(k).upper() == "BINDINGS"), None)
    if bindings is None:
        return filt
    rest = {k: v for k, v in filt.items() if str(k).upper() != "BINDINGS"}
    pairs = as_mapping(bindings) or {}
    group: dict[str, Any] = {"logic": "OR"}
    for n, pair in enumerate(pairs.values()):
        cond = as_mapping(pair)
        if cond is not None:
            group[str(n)] = dict(cond)
    # A numeric key holds a sub-filter (filtering.parse_filter); pick one no caller uses.
    rest[str(10**9)] = group
    return rest


@method("crm.activity.list", scope="crm", cost=COST_LIST)
def activity_list(ctx: CallContext, params: Params) -> ListPage:
    """crm.activity.list {filter, order, select, start}; default order START_TIME ASC (§8.1)."""
    try:
        where = parse_filter(
            _with_bindings(resolve_array_param(params, "filter")), _resolve, strict=False
        )
    except FilterError:
        return ListPage([], None, 0)  # the value is cast by PHP and matches nothing
    order = parse_order(resolve_array_param(params, "order"), _resolve, strict=False)
    if not order:
        order = [(_SPECS["START_TIME"], False)]
    names = select_names(resolve_array_param(params, "select"))
    chosen = None if names is None or "*" in names else {n.upper() for n in names} | {"ID"}
    if names is not None and "*" in names:
        chosen = {name for name, _k, _g in _COLUMNS} | ({n.upper() for n in names} - {"*"})
    start = start_param(ctx, params)
    # A classic CDBResult list: offsets rounded down to a page boundary (§3).
    offset = None if start is None else start // PAGE_SIZE * PAGE_SIZE
    table = ctx.portal.activities
    source = Source(table.rows, table.sorted_ids, table.by_owner.ids, lambda a: a.responsible_id)
    page = run_query(source, where, order, offset=offset, readable=readable_owners(ctx))
    rows = [activity_row(a, chosen) for a in page.records]
    return ListPage(rows, page.next, page.total, page.records)


@method("crm.activity.update", scope="crm", cost=COST_UPDATE, writes=True)
def activity_update(ctx: CallContext, params: Params) -> bool:
    """crm.activity.update {id, fields, params} → true; `{id, fields:{RESPONSIBLE_ID}}` is enough.

    Missing owner fields keep the current owner; no check of the old or new responsible
    user's status unless the `reject_inactive_assignee` switch is on (§8.2, §8.4 [inferred]).
    """
    # A legacy proxy (S-crmrest resolveEntityID): intval() of ID, else of id, so "12abc" is
    # 12 and a non-empty array, such as a batch reference that missed its row (§4), is 1.
    activity_id = php_intval(params["ID"] if params.get("ID") is not None else params.get("id"))
    if activity_id <= 0:
        raise _error("ID is not defined or invalid.")
    raw = as_mapping(resolve_array_param(params, "fields"))
    if raw is None:
        raise _error("Parameter 'fields' must be array.")
    activity = ctx.portal.activities.rows.get(activity_id)
    if activity is None:
        raise _error("Activity is not found.")
    fields = {str(k).upper(): v for k, v in raw.items()}
    if not ctx.can_read_owner(activity.responsible_id):
        raise _error("Access denied.")
    if activity.provider_id == REST_APP_PROVIDER:
        raise _error("Application context required.")
    _apply(ctx, activity, fields)
    return True


def _apply(ctx: CallContext, activity: Activity, fields: Mapping[str, Any]) -> None:
    responsible: int | None = None
    if "RESPONSIBLE_ID" in fields:
        responsible = check_assignee(ctx, fields["RESPONSIBLE_ID"])
        if responsible is None:
            raise _error("Responsible user is not found.")
    changed = False
    if responsible is not None and responsible != activity.responsible_id:
        ctx.portal.reassign_activity(activity, responsible)  # keeps the owner index current
        changed = True
    if "SUBJECT" in fields and str(fields["SUBJECT"]) != activity.subject:
        activity.subject = str(fields["SUBJECT"])
        changed = True
    if "DESCRIPTION" in fields and str(fields["DESCRIPTION"]) != activity.description:
        activity.description = str(fields["DESCRIPTION"])
        changed = True
    if "COMPLETED" in fields and as_bool(fields["COMPLETED"]) != activity.completed:
        activity.completed = as_bool(fields["COMPLETED"])
        changed = True
    if changed:
        activity.editor_id = ctx.user.id
        activity.last_updated = ctx.now()


@method("crm.activity.todo.updateResponsibleUser", scope="crm", cost=COST_UPDATE, writes=True)
def todo_update_responsible(ctx: CallContext, params: Params) -> dict[str, int]:
    """crm.activity.todo.updateResponsibleUser {id, ownerTypeId, ownerId, responsibleId} (§8.3).

    Returns `{"id": <activity id>}`. Refuses completed to-dos; use crm.activity.update for
    those (§12 item 10).
    """
    values: dict[str, int] = {}
    for name in ("id", "ownerTypeId", "ownerId", "responsibleId"):
        if params.get(name) is None:
            raise ApiError(400, "100", f"Could not find value for parameter {{{name}}}")
        number = to_int(params[name])
        if number is None:
            raise ApiError(400, "INVALID_ARG_VALUE", f'Parameter "{name}" must be an integer')
        values[name] = number
    if values["responsibleId"] <= 0:
        raise ApiError(
            400, "INVALID_ARG_VALUE", 'Parameter "responsibleId" must be greater than 0'
        )
    portal = ctx.portal
    owner_type, owner_id = values["ownerTypeId"], values["ownerId"]
    if owner_type not in portal.items or owner_id not in portal.items[owner_type].rows:
        raise ApiError(400, "OWNER_NOT_FOUND", "Owner of the entity not found")
    activity = portal.activities.rows.get(values["id"])
    if (
        activity is None
        or activity.provider_id != TODO_PROVIDER
        or (activity.owner_type_id, activity.owner_id) != (owner_type, owner_id)
    ):
        raise ApiError(400, "NOT_FOUND", "Not found.")
    if not ctx.can_read_owner(activity.responsible_id):
        raise ApiError(400, "ACCESS_DENIED", "Access denied.")
    if activity.completed:
        raise ApiError(
            400,
            "CAN_NOT_UPDATE_RESPONSIBLE_USER_COMPLETED_TODO",
            "Cannot change the responsible user of a completed to-do",
        )
    responsible = check_assignee(ctx, values["responsibleId"])
    if responsible is None:
        raise ApiError(400, "INVALID_ARG_VALUE", "Responsible user is not found")
    if responsible != activity.responsible_id:
        portal.reassign_activity(activity, responsible)
        activity.editor_id = ctx.user.id
        activity.last_updated = ctx.now()
    return {"id": activity.id}
