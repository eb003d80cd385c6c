"""tasks.task.list and tasks.task.update (scope `task`, bitrix24-api.md §9).

Rows come as `{"tasks": [...]}` with camelCase keys and string values; filters and `fields`
use UPPER_CASE names. A task is readable and writable by whoever may read records of its
responsible user (§11 item 11).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from desktop_handover.emulator.api import (
    ApiError,
    CallContext,
    ListPage,
    Params,
    as_mapping,
    method,
)
from desktop_handover.emulator.methods.crm_item import check_assignee
from desktop_handover.emulator.methods.filtering import (
    COST_GET,
    COST_LIST,
    COST_UPDATE,
    PAGE_SIZE,
    TASK_PREFIXES,
    FieldSpec,
    FilterError,
    Kind,
    Source,
    parse_filter,
    parse_order,
    readable_owners,
    run_query,
    select_names,
    start_param,
    to_int,
)
from desktop_handover.emulator.state import Portal, Task, User

#: (UPPER name, filter kind, getter), in the order a row lists them.
_COLUMNS: list[tuple[str, Kind, Callable[[Task], Any]]] = [
    ("ID", "int", lambda t: t.id),
    ("PARENT_ID", "int", lambda t: None),
    ("TITLE", "str", lambda t: t.title),
    ("DESCRIPTION", "str", lambda t: t.description),
    ("PRIORITY", "int", lambda t: t.priority),
    # STATUS is the real status here; the meta statuses (-1 overdue, ...) are not emulated.
    ("STATUS", "int", lambda t: t.real_status),
    ("REAL_STATUS", "int", lambda t: t.real_status),
    ("GROUP_ID", "int", lambda t: t.group_id),
    ("CREATED_BY", "int", lambda t: t.created_by),
    ("CREATED_DATE", "datetime", lambda t: t.created_date),
    ("RESPONSIBLE_ID", "int", lambda t: t.responsible_id),
    ("CHANGED_DATE", "datetime", lambda t: t.changed_date or t.created_date),
    ("CLOSED_DATE", "datetime", lambda t: t.closed_date),
    ("DEADLINE", "datetime", lambda t: t.deadline),
    ("UF_CRM_TASK", "strs", lambda t: list(t.uf_crm_task)),
]
_GETTERS = {name: get for name, _kind, get in _COLUMNS}

#: What a row holds when the caller names no fields (the docs advise naming them, §9).
_DEFAULT_SELECT = [
    "ID",
    "PARENT_ID",
    "TITLE",
    "DESCRIPTION",
    "PRIORITY",
    "STATUS",
    "GROUP_ID",
    "CREATED_BY",
    "CREATED_DATE",
    "RESPONSIBLE_ID",
    "CHANGED_DATE",
    "CLOSED_DATE",
    "DEADLINE",
]

_SPECS: dict[str, FieldSpec[Task]] = {
    name: FieldSpec(
        name,
        get,
        kind,
        "id" if name == "ID" else "owner" if name == "RESPONSIBLE_ID" else None,
        sortable=kind != "strs",
    )
    for name, kind, get in _COLUMNS
}


def _resolve(name: str) -> FieldSpec[Task] | None:
    return _SPECS.get(name.upper())


def camel(name: str) -> str:
    """`RESPONSIBLE_ID` → `responsibleId`, `UF_CRM_TASK` → `ufCrmTask`."""
    head, *rest = name.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


def _wire(value: Any) -> Any:
    if value is None or isinstance(value, list):
        return value
    return str(value)


def _person(user: User | None, user_id: int) -> dict[str, Any]:
    name = f"{user.name} {user.last_name}".strip() if user is not None else ""
    return {
        "id": str(user_id),
        "name": name,
        "link": f"/company/personal/user/{user_id}/",
        "icon": user.personal_photo if user is not None and user.personal_photo else None,
        "workPosition": user.work_position if user is not None else None,
    }


def task_row(portal: Portal, task: Task, names: list[str]) -> dict[str, Any]:
    """One task as tasks.task.* returns it: camelCase keys, string values (§9)."""
    row: dict[str, Any] = {}
    for name in names:
        get = _GETTERS.get(name)
        if get is not None:
            row[camel(name)] = _wire(get(task))
    status = str(task.real_status)
    if "STATUS" in names:
        row["subStatus"] = status
    if "RESPONSIBLE_ID" in names:
        row["responsible"] = _person(portal.users.get(task.responsible_id), task.responsible_id)
    if "CREATED_BY" in names:
        row["creator"] = _person(portal.users.get(task.created_by), task.created_by)
    return row


def _select(raw: Any) -> list[str]:
    names = select_names(raw)
    if names is None or "*" in names:
        return list(_DEFAULT_SELECT) if names is None else [n for n, _k, _g in _COLUMNS]
    chosen = [_upper(n) for n in names]
    return ["ID", *(n for n in chosen if n != "ID")]


def _upper(name: str) -> str:
    # Accept camelCase select names too (responsibleId → RESPONSIBLE_ID).
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


@method("tasks.task.list", scope="task", cost=COST_LIST)
def task_list(ctx: CallContext, params: Params) -> ListPage:
    """tasks.task.list {filter, order, select, start} → {"tasks": [...]}; ID desc by default."""
    try:
        where = parse_filter(params.get("filter"), _resolve, strict=False, prefixes=TASK_PREFIXES)
    except FilterError:
        return ListPage({"tasks": []}, None, 0)
    order = parse_order(params.get("order"), _resolve, strict=False)
    if not order:
        order = [(_SPECS["ID"], True)]  # default order is ID desc (§3, §9)
    names = _select(params.get("select"))
    start = start_param(ctx, params)
    # Its navigation counts pages of 50 like the classic lists, so offsets are rounded down.
    offset = None if start is None else start // PAGE_SIZE * PAGE_SIZE
    table = ctx.portal.tasks
    source = Source(table.rows, table.sorted_ids, table.by_owner.ids, lambda t: t.responsible_id)
    page = run_query(source, where, order, offset=offset, readable=readable_owners(ctx))
    rows = [task_row(ctx.portal, t, names) for t in page.records]
    return ListPage({"tasks": rows}, page.next, page.total, page.records)


def _find(ctx: CallContext, params: Params) -> Task:
    raw = params.get("taskId", params.get("TASKID", params.get("id")))
    if raw is None:
        raise ApiError(400, "100", "Could not find value for parameter {taskId}")
    task_id = to_int(raw)
    task = ctx.portal.tasks.rows.get(task_id) if task_id is not None else None
    if task is None:
        raise ApiError(400, "ERROR_CORE", "Task not found")
    return task


_NOT_ALLOWED = ApiError(400, "0", "Action on the task is not allowed")


@method("tasks.task.get", scope="task", cost=COST_GET)
def task_get(ctx: CallContext, params: Params) -> dict[str, Any]:
    """tasks.task.get {taskId, select} → {"task": {...}}."""
    task = _find(ctx, params)
    if not ctx.can_read_owner(task.responsible_id):
        raise _NOT_ALLOWED
    return {"task": task_row(ctx.portal, task, _select(params.get("select")))}


@method("tasks.task.update", scope="task", cost=COST_UPDATE, writes=True)
def task_update(ctx: CallContext, params: Params) -> dict[str, Any]:
    """tasks.task.update {taskId, fields:{RESPONSIBLE_ID}} → {"task": {...}} (§9).

    A missing `fields` is error 100; an unknown responsible user is ERROR_CORE.
    """
    if params.get("fields") is None:
        raise ApiError(400, "100", "Could not find value for parameter {fields}")
    task = _find(ctx, params)
    fields = {str(k).upper(): v for k, v in (as_mapping(params["fields"]) or {}).items()}
    if not ctx.can_read_owner(task.responsible_id):
        raise _NOT_ALLOWED
    changed = False
    if "RESPONSIBLE_ID" in fields:
        responsible = check_assignee(ctx, fields["RESPONSIBLE_ID"])
        if responsible is None:
            raise ApiError(
                400, "ERROR_CORE", 'The user specified in the "Responsible" field was not found'
            )
        if responsible != task.responsible_id:
            ctx.portal.reassign_task(task, responsible)  # keeps the owner index current
            changed = True
    if "TITLE" in fields and str(fields["TITLE"]) != task.title:
        task.title = str(fields["TITLE"])
        changed = True
    if changed:
        task.changed_date = ctx.now()
    return {"task": task_row(ctx.portal, task, list(_DEFAULT_SELECT))}
