"""user.current, user.get, user.search, user.update and department.get (bitrix24-api.md §6).

Shapes follow S-user `getUserData`: `ID` a string, `ACTIVE` a JSON bool, `UF_DEPARTMENT` an int
array, `IS_ONLINE` "Y"/"N" (§6.1, §11 item 4). Filters follow S-user `userGet`: keys upper-cased,
a `FILTER` array replaces the top-level keys, unknown fields are dropped silently, `ACTIVE` is
"Y" for any truthy value other than "N" (so the form string "false" means *active*, §6.1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from desktop_handover.emulator.api import (
    ApiError,
    CallContext,
    ListPage,
    Params,
    as_mapping,
    method,
    php_bool,
    php_intval,
)
from desktop_handover.emulator.state import Department, User

PAGE_SIZE = 50
COST_READ = 0.01
COST_UPDATE = 0.1

# S-user $allowedUserFields (+ USER_TYPE with intranet), plus the filter-only keys of userGet.
_FIELDS = {
    "ID",
    "ACTIVE",
    "EMAIL",
    "NAME",
    "LAST_NAME",
    "SECOND_NAME",
    "PERSONAL_GENDER",
    "PERSONAL_PROFESSION",
    "PERSONAL_WWW",
    "PERSONAL_BIRTHDAY",
    "PERSONAL_PHOTO",
    "PERSONAL_ICQ",
    "PERSONAL_PHONE",
    "PERSONAL_FAX",
    "PERSONAL_MOBILE",
    "PERSONAL_PAGER",
    "PERSONAL_STREET",
    "PERSONAL_CITY",
    "PERSONAL_STATE",
    "PERSONAL_ZIP",
    "PERSONAL_COUNTRY",
    "WORK_COMPANY",
    "WORK_POSITION",
    "WORK_PHONE",
    "UF_DEPARTMENT",
    "UF_PHONE_INNER",
    "USER_TYPE",
}
_FILTER_ONLY = {"IS_ONLINE", "NAME_SEARCH", "EXTERNAL_AUTH_ID"}
_SEARCH_ONLY = {"FIND", "UF_DEPARTMENT_NAME"}
# The filter prefixes of §6.1, longest first so that "!=%" is not read as "!".
_PREFIXES = ("!=%", "!%=", ">=", "<=", "!@", "=%", "%=", "!%", "!=", ">", "<", "@", "%", "=", "!")
# `=IS_REAL_USER = 'Y'` drops bots, mail, open-channel and replica users (§6.1); the system
# users holding transferred webhooks are never listed either (D-sysuser).
_REAL_USER_TYPES = frozenset({"employee", "extranet"})
_BRIEF_HIDDEN = ("EMAIL", "WORK_PHONE", "PERSONAL_PHONE", "PERSONAL_MOBILE", "UF_PHONE_INNER")


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


def _active_flag(value: Any) -> str:
    # S-user prepareUserData: ($v && $v != 'N') ? 'Y' : 'N'. The string "false" is truthy.
    return "Y" if php_bool(value) and value != "N" else "N"


def _photo_url(ctx: CallContext, user: User) -> str:
    photo = user.personal_photo
    if not photo or photo.startswith(("http://", "https://")):
        return photo
    return f"https://{ctx.portal.domain}/{photo.lstrip('/')}"


def user_json(ctx: CallContext, user: User) -> dict[str, Any]:
    """One user as user.get/user.current return it (§6.1)."""
    out: dict[str, Any] = {
        "ID": str(user.id),
        "ACTIVE": user.active,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "SECOND_NAME": user.second_name,
        "EMAIL": user.email,
        "LAST_LOGIN": user.last_login,
        "DATE_REGISTER": user.date_register,
        "TIME_ZONE": "",
        "IS_ONLINE": _yn(user.is_online),
        "TIMESTAMP_X": user.date_register,
        "LAST_ACTIVITY_DATE": user.last_login,
        "PERSONAL_GENDER": "",
        "PERSONAL_PHOTO": _photo_url(ctx, user),
        "PERSONAL_BIRTHDAY": "",
        "PERSONAL_MOBILE": "",
        "PERSONAL_CITY": "",
        "WORK_PHONE": user.work_phone,
        "WORK_POSITION": user.work_position,
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": list(user.departments),
        "USER_TYPE": user.user_type,
    }
    if not (ctx.has_scope("user") or ctx.has_scope("user_basic")):
        # user_brief returns no e-mail or phone (§6.1, D-uscope).
        for key in _BRIEF_HIDDEN:
            out.pop(key, None)
    return out


def _split_key(key: str) -> tuple[str, str]:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return prefix, key[len(prefix) :]
    return "", key


def _like(pattern: str) -> re.Pattern[str]:
    parts = (re.escape(p) for p in pattern.split("%"))
    return re.compile("^" + ".*".join(parts) + "$", re.IGNORECASE | re.DOTALL)


def _values(value: Any) -> list[Any]:
    mapping = as_mapping(value)
    return list(mapping.values()) if mapping is not None else [value]


def _field_value(ctx: CallContext, user: User, field: str) -> Any:
    """The stored value a filter on `field` compares with (a list for multi-fields)."""
    if field == "ID":
        return user.id
    if field == "ACTIVE":
        return _yn(user.active)
    if field == "IS_ONLINE":
        return _yn(user.is_online)
    if field == "UF_DEPARTMENT":
        return list(user.departments)
    if field == "UF_DEPARTMENT_NAME":
        return [d.name for d in _departments_of(ctx, user)]
    mapping = {
        "EMAIL": user.email,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "SECOND_NAME": user.second_name,
        "WORK_POSITION": user.work_position,
        "WORK_PHONE": user.work_phone,
        "USER_TYPE": user.user_type,
        "PERSONAL_PHOTO": user.personal_photo,
        "EXTERNAL_AUTH_ID": "",
    }
    return mapping.get(field, "")


def _departments_of(ctx: CallContext, user: User) -> list[Department]:
    return [ctx.portal.departments[d] for d in user.departments if d in ctx.portal.departments]


def _compare_one(op: str, stored: Any, wanted: Any) -> bool:
    numeric = isinstance(stored, int)
    if numeric:
        wanted_value: Any = php_intval(wanted)
    else:
        stored, wanted_value = str(stored).casefold(), str(wanted).casefold()
    if op in ("", "="):
        if not numeric and "%" in wanted_value:
            return bool(_like(wanted_value).match(stored))
        return bool(stored == wanted_value)
    if op in ("!", "!="):
        return bool(stored != wanted_value)
    if op == "%":
        return wanted_value in stored
    if op == "!%":
        return wanted_value not in stored
    if op in ("=%", "%="):
        return bool(_like(wanted_value).match(stored))
    if op in ("!=%", "!%="):
        return not _like(wanted_value).match(stored)
    comparisons: dict[str, Callable[[Any, Any], bool]] = {
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }
    return comparisons[op](stored, wanted_value)


def _matches(stored: Any, op: str, wanted: Any) -> bool:
    """One filter condition; a list value means IN, a multi-field matches on any element."""
    stored_values = stored if isinstance(stored, list) else [stored]
    wanted_values = _values(wanted)
    if op == "!@":
        return not any(_compare_one("=", s, w) for s in stored_values for w in wanted_values)
    negative = op in ("!", "!=", "!%", "!=%", "!%=")
    base_op = "=" if op == "@" else op
    if negative:
        # NOT: no stored element may match any wanted value.
        positive = {"!": "=", "!=": "=", "!%": "%", "!=%": "=%", "!%=": "=%"}[op]
        return not any(_compare_one(positive, s, w) for s in stored_values for w in wanted_values)
    return any(_compare_one(base_op, s, w) for s in stored_values for w in wanted_values)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,.;]+", text.casefold()) if w]


def _search_matches(haystack: Iterable[str], needle: Any) -> bool:
    """UserUtils::getUserSearchFilter without a full-text index.

    Each word of the query must start one of the words of the searched fields (§6.2, the
    "starts with" fallback).
    """
    words = [w for text in haystack for w in _words(text)]
    return all(any(w.startswith(q) for w in words) for q in _words(str(needle)))


def _build_filter(
    ctx: CallContext, source: dict[str, Any], is_search: bool
) -> list[Callable[[User], bool]]:
    allowed = _FIELDS | _FILTER_ONLY | (_SEARCH_ONLY if is_search else set())
    tests: list[Callable[[User], bool]] = []
    search_fields: dict[str, Any] = {}
    for key, raw in source.items():
        op, field = _split_key(key)
        if field not in allowed or raw is None:
            continue  # S-user prepareUserData keeps allowed fields only, silently
        value: Any = raw
        if field in ("ACTIVE", "IS_ONLINE"):
            value = _active_flag(raw)
        elif field == "UF_DEPARTMENT":
            value = [php_intval(v) for v in _values(raw)]
        if field in ("NAME_SEARCH", "FIND"):
            search_fields["FIND"] = value
            continue
        if (
            is_search
            and op == ""
            and field
            in (
                "NAME",
                "LAST_NAME",
                "SECOND_NAME",
                "WORK_POSITION",
                "UF_DEPARTMENT_NAME",
            )
        ):
            search_fields[field] = value
            continue
        tests.append(_condition(ctx, field, op, value))
    if "FIND" in search_fields:
        needle = search_fields["FIND"]

        def find(user: User) -> bool:
            haystack = [user.name, user.last_name, user.second_name, user.work_position]
            if is_search:
                haystack += [d.name for d in _departments_of(ctx, user)]
            return _search_matches(haystack, needle)

        tests.append(find)
    else:
        tests.extend(_prefix_search(ctx, f, n) for f, n in search_fields.items())
    return tests


def _condition(ctx: CallContext, field: str, op: str, value: Any) -> Callable[[User], bool]:
    return lambda user: _matches(_field_value(ctx, user, field), op, value)


def _prefix_search(ctx: CallContext, field: str, needle: Any) -> Callable[[User], bool]:
    return lambda user: _search_matches(_as_texts(_field_value(ctx, user, field)), needle)


def _as_texts(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _sort_key(ctx: CallContext, field: str) -> Callable[[User], Any]:
    def key(user: User) -> Any:
        value = _field_value(ctx, user, field)
        if isinstance(value, list):
            return (0, value[0]) if value else (-1, 0)
        return (0, value) if isinstance(value, int) else (0, str(value).casefold())

    return key


def _user_list(ctx: CallContext, params: Params, *, is_search: bool) -> Any:
    query = {str(k).upper(): v for k, v in params.items()}
    sort, order = query.get("SORT"), query.get("ORDER")
    nested = as_mapping(query.get("FILTER"))
    if nested is not None:
        # S-user: "The following code is a mistake but it must be here to save backward
        # compatibility": a FILTER array replaces every top-level key.
        query = {str(k).upper(): v for k, v in nested.items()}
    tests = _build_filter(ctx, query, is_search)
    users = [
        u
        for u in sorted(ctx.portal.users.values(), key=lambda u: u.id)
        if u.user_type in _REAL_USER_TYPES and all(test(u) for test in tests)
    ]
    if not users:
        return []  # S-user: no rows, no total
    if isinstance(sort, str) and sort and isinstance(order, str) and order:
        field = sort.upper()
        if field in _FIELDS | _FILTER_ONLY:
            users.sort(key=_sort_key(ctx, field), reverse=order.upper() == "DESC")
    # An ORM query: exact offsets; start < 0 reads the first page and still counts (S-user
    # getNavData($nav, true), setNavData with offset 0).
    offset = max(0, ctx.start)
    page = users[offset : offset + PAGE_SIZE]
    following = offset + len(page)
    return ListPage(
        [user_json(ctx, u) for u in page],
        following if following < len(users) else None,
        len(users),
    )


@method("user.current", scope="user", cost=COST_READ, also_scopes=("user_basic", "user_brief"))
def user_current(ctx: CallContext, params: Params) -> Any:
    """The webhook owner's own user record (§6.3)."""
    return user_json(ctx, ctx.user)


@method("user.get", scope="user", cost=COST_READ, also_scopes=("user_basic", "user_brief"))
def user_get(ctx: CallContext, params: Params) -> Any:
    """Users by filter; dismissed ones included unless ACTIVE is given (§6.1)."""
    return _user_list(ctx, params, is_search=False)


@method("user.search", scope="user", cost=COST_READ, also_scopes=("user_basic", "user_brief"))
def user_search(ctx: CallContext, params: Params) -> Any:
    """user.get plus FIND and UF_DEPARTMENT_NAME, and name fields searched by prefix (§6.2)."""
    return _user_list(ctx, params, is_search=True)


@method("user.update", scope="user", cost=COST_UPDATE, writes=True)
def user_update(ctx: CallContext, params: Params) -> Any:
    """Change a user; only admins may change others, ACTIVE or departments (§6.3)."""
    fields = {str(k).upper(): v for k, v in params.items()}
    user_id = php_intval(fields.get("ID"))
    # S-user userUpdate throws a plain Exception('access_denied'): 400 ERROR_CORE.
    denied = ApiError(400, "ERROR_CORE", "access_denied")
    if user_id <= 0:
        raise denied
    if not ctx.is_admin and user_id != ctx.user.id:
        raise denied
    target = ctx.portal.users.get(user_id)
    if target is None:
        raise ApiError(400, "ERROR_CORE", "User not found.")
    if ctx.is_admin:
        if "ACTIVE" in fields and fields["ACTIVE"] is not None:
            target.active = _active_flag(fields["ACTIVE"]) == "Y"
        if "UF_DEPARTMENT" in fields:
            departments = [php_intval(v) for v in _values(fields["UF_DEPARTMENT"])]
            target.departments = [d for d in departments if d > 0]
    # A non-admin's own ACTIVE and UF_DEPARTMENT are dropped silently (§6.3).
    for key, attr in (
        ("NAME", "name"),
        ("LAST_NAME", "last_name"),
        ("SECOND_NAME", "second_name"),
        ("EMAIL", "email"),
        ("WORK_POSITION", "work_position"),
        ("WORK_PHONE", "work_phone"),
    ):
        if key in fields and isinstance(fields[key], (str, int)):
            setattr(target, attr, str(fields[key]))
    return True


def department_json(department: Department) -> dict[str, Any]:
    """One department row as department.get returns it (§6.3)."""
    out: dict[str, Any] = {"ID": str(department.id), "NAME": department.name}
    out["SORT"] = department.sort
    if department.parent is not None:
        out["PARENT"] = str(department.parent)
    if department.head is not None:
        out["UF_HEAD"] = str(department.head)
    return out


def _department_value(department: Department, field: str) -> str:
    values = {
        "ID": department.id,
        "NAME": department.name,
        "SORT": department.sort,
        "PARENT": department.parent if department.parent is not None else "",
        "UF_HEAD": department.head if department.head is not None else "",
    }
    return str(values[field])


@method("department.get", scope="department", cost=COST_READ)
def department_get(ctx: CallContext, params: Params) -> Any:
    """Departments filtered by ID, NAME (exact), SORT, PARENT, UF_HEAD; sort/order; START."""
    # Filter fields are UPPER_CASE and sorting is `sort`/`order` in lower case, so that the
    # SORT filter and the sort parameter stay apart (D-dept).
    rows = sorted(ctx.portal.departments.values(), key=lambda d: d.id)
    for field in ("ID", "NAME", "SORT", "PARENT", "UF_HEAD"):
        if field in params and params[field] is not None:
            wanted = {str(v) for v in _values(params[field])}
            rows = [d for d in rows if _department_value(d, field) in wanted]
    sort, order = params.get("sort"), params.get("order")
    if isinstance(sort, str) and sort.upper() in ("ID", "NAME", "SORT", "PARENT", "UF_HEAD"):
        field = sort.upper()
        numeric = field != "NAME"
        rows.sort(
            key=lambda d: (
                php_intval(_department_value(d, field))
                if numeric
                else _department_value(d, field).casefold()
            ),
            reverse=isinstance(order, str) and order.upper() == "DESC",
        )
    start = php_intval(params["START"]) if "START" in params else ctx.start
    if start < 0:
        # Classic CDBResult with nTopCount: no count, no next (§3).
        return ListPage([department_json(d) for d in rows[:PAGE_SIZE]], None, 0)
    # Classic methods round the offset down to a page boundary (§3).
    offset = (start // PAGE_SIZE) * PAGE_SIZE
    page = rows[offset : offset + PAGE_SIZE]
    following = offset + len(page)
    return ListPage(
        [department_json(d) for d in page],
        following if following < len(rows) else None,
        len(rows),
    )
