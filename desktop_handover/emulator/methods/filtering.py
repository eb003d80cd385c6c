"""Filters, ordering and paging shared by the emulator's CRM, activity and task list methods.

Every list method of the portal takes the same filter language (bitrix24-api.md §6.1, §7.2):
keys carry a prefix (`>= > <= < @ !@ % =% %= !% !=% !%= = != !`) in front of the field name,
nested dicts with a `logic` key form AND/OR groups. Method modules describe their fields with
`FieldSpec`, parse the caller's filter and order with `parse_filter`/`parse_order`, and run the
query with `run_query`, which narrows candidates through the table's owner index and sorted ids
before testing the remaining conditions, and stops early when no count is needed (§3: start=-1).

The module also holds the small parameter helpers the method modules share (PHP-style values:
form encoding gives strings, JSON gives ints, §2.1) and the operating cost of each method
family, kept in one place.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from desktop_handover.emulator.api import CallContext, as_mapping, php_intval

#: Rows per list page; callers cannot change it (bitrix24-api.md §3, IRestService::LIST_LIMIT).
PAGE_SIZE = 50

# Operating cost (virtual server seconds added to the method's 10-minute budget, §5.2) per call,
# by method family. Updates run automation after the save, so they are the heavy ones; §12's
# example uses ~0.2 s per crm.item.update. Lists and gets are index lookups here, as on a portal
# that is asked with start=-1 (§3).
COST_LIST = 0.02
COST_GET = 0.01
COST_UPDATE = 0.2
COST_CATALOG = 0.01
COST_NOTE = 0.05  # timeline comments and notifications: one insert, no automation

RecordT = TypeVar("RecordT")

Kind = Literal["int", "float", "str", "bool", "datetime", "ints", "strs"]
Role = Literal["id", "owner"] | None


@dataclass(frozen=True, slots=True)
class FieldSpec(Generic[RecordT]):
    """A filterable/sortable field of one record kind, under the name the caller uses.

    `kind` decides how filter values are coerced; `role` marks the record id and the
    responsible user, which the query planner answers from the table's indexes.
    """

    name: str
    get: Callable[[RecordT], Any]
    kind: Kind = "str"
    role: Role = None
    sortable: bool = True


class FilterError(ValueError):
    """The caller's filter or order names an unknown field or carries a bad value.

    Each method family maps it to its own error (crm.item: 400 INVALID_ARG_VALUE, §7.2).
    """

    def __init__(
        self,
        reason: Literal["field", "value", "order_field", "direction"],
        key: str,
        value: Any = None,
    ) -> None:
        super().__init__(f"{reason}: {key}")
        self.reason = reason
        self.key = key
        self.value = value


# Longest first, so that "!=%" is not read as "!=" followed by a field starting with "%".
_PREFIXES = ("!=%", "!%=", ">=", "<=", "!@", "=%", "%=", "!%", "!=", ">", "<", "@", "%", "=", "!")
_NEGATED_ALIASES = {"!": "!=", "!%=": "!=%"}
_LIKE_ALIASES = {"%=": "=%"}


#: The prefixes tasks.task.list knows (§9); CTasks reads any other prefix as part of a field
#: name it does not know, and drops the condition (S-tasks MkOperationFilter).
TASK_PREFIXES = (">=", "<=", "!", ">", "<")


def split_key(key: str, prefixes: tuple[str, ...] = _PREFIXES) -> tuple[str, str]:
    """Split a filter key into (operator, field name); no prefix means equality.

    `!` and `!=` both mean "not equal", `%=` is the same as `=%` (§7.2). `prefixes` are the
    ones the method knows, longest first.
    """
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            op = _NEGATED_ALIASES.get(prefix, _LIKE_ALIASES.get(prefix, prefix))
            return op, key[len(prefix) :]
    return "=", key


@dataclass(frozen=True, slots=True)
class Condition(Generic[RecordT]):
    """One `field op value` test; `value` is already coerced to the field's kind."""

    field: FieldSpec[RecordT]
    op: str
    value: Any

    def matches(self, record: RecordT) -> bool:
        """Whether `record` satisfies this condition."""
        return _test(self.field.kind, self.op, self.field.get(record), self.value)


@dataclass(frozen=True, slots=True)
class Group(Generic[RecordT]):
    """Conditions and sub-groups joined with AND or OR."""

    logic: Literal["AND", "OR"]
    parts: tuple[Condition[RecordT] | Group[RecordT], ...]

    def matches(self, record: RecordT) -> bool:
        """Whether `record` satisfies the group (an empty group matches everything)."""
        if self.logic == "OR":
            return not self.parts or any(p.matches(record) for p in self.parts)
        return all(p.matches(record) for p in self.parts)


Resolver = Callable[[str], "FieldSpec[Any] | None"]


def parse_filter(
    raw: Any, resolve: Resolver, *, strict: bool, prefixes: tuple[str, ...] = _PREFIXES
) -> Group[Any]:
    """Turn the caller's filter into a condition tree.

    Entries are joined with AND unless the filter carries `logic: OR` (any case); a numeric
    key holds a sub-filter with its own `logic`, which is how OR groups are written (§7.2).

    Args:
        raw: the `filter` parameter (a dict or PHP list; anything else means "no filter").
        resolve: maps a field name (without prefix) to its spec, or None when unknown.
        strict: raise `FilterError` on unknown fields (crm.item.*, §7.2) instead of dropping
            them (the legacy methods quietly ignore what they do not know).
        prefixes: the operator prefixes the method knows (TASK_PREFIXES for tasks).

    Raises:
        FilterError: unknown field (strict only) or a value the field's kind cannot take.
    """
    parts: list[Condition[Any] | Group[Any]] = []
    raw = as_mapping(raw)
    if raw is None:
        return Group("AND", ())
    logic: Literal["AND", "OR"] = "AND"
    for raw_key, value in raw.items():
        key = str(raw_key)
        if key.lower() == "logic":
            logic = "OR" if str(value).upper() == "OR" else "AND"
            continue
        if key.isdigit():
            # {"0": {"logic": "OR", "0": {...}, "1": {...}}} (§7.2).
            sub = as_mapping(value)
            if sub is not None:
                parts.append(parse_filter(sub, resolve, strict=strict, prefixes=prefixes))
            continue
        op, name = split_key(key, prefixes)
        spec = resolve(name)
        if spec is None:
            if strict:
                raise FilterError("field", key)
            continue
        parts.append(Condition(spec, op, _coerce_filter_value(spec, op, key, value)))
    return Group(logic, tuple(parts))


def parse_order(raw: Any, resolve: Resolver, *, strict: bool) -> list[tuple[FieldSpec[Any], bool]]:
    """Turn `{field: ASC|DESC}` into (field, descending) pairs, in the caller's key order.

    Raises:
        FilterError: unknown field or direction, when `strict` (§7.2); otherwise such entries
            are dropped and an unknown direction sorts ascending.
    """
    result: list[tuple[FieldSpec[Any], bool]] = []
    raw = as_mapping(raw)
    if raw is None:
        return result
    for key, direction in raw.items():
        spec = resolve(str(key))
        if spec is None or not spec.sortable:
            if strict:
                raise FilterError("order_field", str(key))
            continue
        text = str(direction).upper()
        if text not in ("ASC", "DESC"):
            if strict:
                raise FilterError("direction", str(key), direction)
            text = "ASC"
        result.append((spec, text == "DESC"))
    return result


# --- values -------------------------------------------------------------------------------------

_TRUE = {"y", "true", "1"}


def _coerce_one(spec: FieldSpec[Any], key: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    kind = spec.kind
    try:
        if kind == "strs":
            return str(value)
        if kind in ("int", "ints"):
            if isinstance(value, bool):
                return int(value)
            return int(str(value).strip())
        if kind == "float":
            return float(str(value).strip())
        if kind == "bool":
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in _TRUE
        if kind == "datetime":
            return parse_datetime(str(value))
    except ValueError:
        raise FilterError("value", key, value) from None
    return str(value)


def _coerce_filter_value(spec: FieldSpec[Any], op: str, key: str, value: Any) -> Any:
    if isinstance(value, Mapping):
        value = list(value.values())  # PHP arrays sent as {"0": .., "1": ..}
    if isinstance(value, list | tuple):
        if op in ("@", "!@", "=", "!="):
            # A list under "=" means "one of" (the ORM turns it into IN), under "!" "none of".
            op_values = frozenset(_coerce_one(spec, key, v) for v in value)
            return op_values
        if not value:
            return None
        value = value[0]
    if op in ("@", "!@"):
        # "@id": "5" or "1,2,3" from form encoding.
        return frozenset(_coerce_one(spec, key, v) for v in str(value).split(",") if v != "")
    if op in ("%", "!%", "=%", "!=%"):
        return None if value is None else str(value)
    return _coerce_one(spec, key, value)


def parse_datetime(text: str) -> datetime:
    """ISO-8601 date or datetime; a missing offset is read as UTC so values stay comparable."""
    text = text.strip()
    if len(text) == 10:
        text += "T00:00:00"
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _stored(kind: Kind, value: Any) -> Any:
    """A record's stored value in the form its filter values were coerced to."""
    if value is None or value == "":
        return None
    if kind == "datetime":
        try:
            return parse_datetime(str(value))
        except ValueError:
            return None
    if kind == "int" and not isinstance(value, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return value


def _like(pattern: str) -> re.Pattern[str]:
    # SQL LIKE: % any run, _ one character; case-insensitive as MySQL's default collation.
    regex = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile(regex, re.IGNORECASE | re.DOTALL)


def _test(kind: Kind, op: str, stored: Any, wanted: Any) -> bool:
    if kind in ("ints", "strs"):
        # Multiple fields: "=" / "@" mean "contains one of", "!" / "!@" "contains none of".
        members = set(stored or ())
        if op in ("=", "@"):
            if isinstance(wanted, frozenset):
                return bool(members & wanted)
            return wanted in members if wanted is not None else not members
        if op in ("!=", "!@"):
            if isinstance(wanted, frozenset):
                return not members & wanted
            return wanted not in members if wanted is not None else bool(members)
        return False
    have = _stored(kind, stored)
    if op in ("%", "!%", "=%", "!=%"):
        if wanted is None:
            return op in ("!%", "!=%")
        text = "" if have is None else str(have)
        if op in ("%", "!%"):
            found = str(wanted).lower() in text.lower()
        else:
            found = _like(str(wanted)).fullmatch(text) is not None
        return found if op in ("%", "=%") else not found
    if op == "=":
        return have in wanted if isinstance(wanted, frozenset) else have == wanted
    if op == "!=":
        return have not in wanted if isinstance(wanted, frozenset) else have != wanted
    if op == "@":
        return have in wanted
    if op == "!@":
        return have not in wanted
    if have is None or wanted is None:
        return False  # SQL: comparisons with NULL are never true
    try:
        if op == ">":
            return bool(have > wanted)
        if op == ">=":
            return bool(have >= wanted)
        if op == "<":
            return bool(have < wanted)
        if op == "<=":
            return bool(have <= wanted)
    except TypeError:
        return False
    return False


# --- planning and paging ------------------------------------------------------------------------


@dataclass(slots=True)
class Page(Generic[RecordT]):
    """One list page: the rows, the next offset (None when none follows) and the total.

    `total` is 0 when no count was asked for (start < 0, §3).
    """

    records: list[RecordT]
    next: int | None
    total: int


class Source(Generic[RecordT]):
    """What a query reads: records by id, their ids in ascending order, per-owner sorted ids."""

    def __init__(
        self,
        rows: Mapping[int, RecordT],
        sorted_ids: Sequence[int],
        owner_ids: Callable[[int], Sequence[int]],
        owner_of: Callable[[RecordT], int],
    ) -> None:
        self.rows = rows
        self.sorted_ids = sorted_ids
        self.owner_ids = owner_ids
        self.owner_of = owner_of


@dataclass(slots=True)
class _Plan:
    base: Sequence[int]
    lo: int
    hi: int
    owner: int | None  # the single owner every candidate belongs to, if known
    residual: list[Condition[Any] | Group[Any]]


def _plan(source: Source[Any], where: Group[Any]) -> _Plan:
    """Pick the narrowest sorted id list the indexes give, and what is left to test."""
    residual: list[Condition[Any] | Group[Any]] = []
    owners: frozenset[int] | None = None
    explicit: frozenset[int] | None = None
    lower: tuple[int, bool] | None = None  # (bound, inclusive)
    upper: tuple[int, bool] | None = None
    parts = where.parts if where.logic == "AND" else ((where,) if where.parts else ())
    for part in parts:
        if isinstance(part, Condition) and part.field.role == "owner" and owners is None:
            wanted = part.value
            if part.op == "=" and isinstance(wanted, int) and not isinstance(wanted, bool):
                owners = frozenset({wanted})
                continue
            if (
                part.op in ("=", "@")
                and isinstance(wanted, frozenset)
                and all(isinstance(w, int) for w in wanted)
            ):
                owners = wanted
                continue
        if isinstance(part, Condition) and part.field.role == "id":
            wanted = part.value
            if part.op in (">", ">=") and isinstance(wanted, int):
                bound = (wanted, part.op == ">=")
                if lower is None or _tighter_lower(bound, lower):
                    lower = bound
                continue
            if part.op in ("<", "<=") and isinstance(wanted, int):
                bound = (wanted, part.op == "<=")
                if upper is None or _tighter_upper(bound, upper):
                    upper = bound
                continue
            if part.op == "=" and isinstance(wanted, int):
                ids = frozenset({wanted})
                explicit = ids if explicit is None else explicit & ids
                continue
            if (
                part.op in ("=", "@")
                and isinstance(wanted, frozenset)
                and all(isinstance(w, int) for w in wanted)
            ):
                explicit = wanted if explicit is None else explicit & wanted
                continue
        residual.append(part)

    single_owner: int | None = None
    base: Sequence[int]
    if explicit is not None:
        base = sorted(i for i in explicit if i in source.rows)
        if owners is not None:
            residual.append(_owner_condition(source, owners))
    elif owners is not None:
        if len(owners) == 1:
            (single_owner,) = owners
            base = source.owner_ids(single_owner)
        else:
            base = list(heapq.merge(*(source.owner_ids(o) for o in sorted(owners))))
    else:
        base = source.sorted_ids
    lo, hi = 0, len(base)
    if lower is not None:
        value, inclusive = lower
        lo = (bisect.bisect_left if inclusive else bisect.bisect_right)(base, value)
    if upper is not None:
        value, inclusive = upper
        hi = (bisect.bisect_right if inclusive else bisect.bisect_left)(base, value)
    return _Plan(base, lo, max(lo, hi), single_owner, residual)


def _owner_condition(source: Source[Any], owners: frozenset[int]) -> Condition[Any]:
    spec: FieldSpec[Any] = FieldSpec("owner", source.owner_of, "int")
    return Condition(spec, "@", owners)


def _tighter_lower(new: tuple[int, bool], old: tuple[int, bool]) -> bool:
    # ">5" is tighter than ">=5"; compare as the first id admitted.
    return new[0] + (0 if new[1] else 1) > old[0] + (0 if old[1] else 1)


def _tighter_upper(new: tuple[int, bool], old: tuple[int, bool]) -> bool:
    return new[0] - (0 if new[1] else 1) < old[0] - (0 if old[1] else 1)


def run_query(
    source: Source[RecordT],
    where: Group[RecordT],
    order: Sequence[tuple[FieldSpec[RecordT], bool]],
    *,
    offset: int | None,
    readable: Callable[[int], bool] | None,
    page_size: int = PAGE_SIZE,
) -> Page[RecordT]:
    """Run one list query and cut out one page.

    Args:
        source: the table to read.
        where: the parsed filter.
        order: (field, descending) pairs; empty or id-only orders walk the id index directly.
        offset: the first row of the page; None means start < 0: no count, no `next`, and the
            walk stops at the first `page_size` matches (§3, the fast path).
        readable: whether the caller may read records of a given responsible user; None when
            the caller reads everything (admin). Unreadable rows are left out silently (§7.2).
        page_size: rows per page.
    """
    plan = _plan(source, where)
    if readable is not None and plan.owner is not None:
        if not readable(plan.owner):
            return Page([], None, 0)
        readable = None  # every candidate has this one readable owner
    check_owner = _cached(readable) if readable is not None else None
    residual = plan.residual
    rows = source.rows
    owner_of = source.owner_of

    def keep(record_id: int) -> RecordT | None:
        record = rows.get(record_id)
        if record is None:
            return None
        if check_owner is not None and not check_owner(owner_of(record)):
            return None
        for part in residual:
            if not part.matches(record):
                return None
        return record

    by_id_only = all(spec.role == "id" for spec, _ in order)
    descending = bool(order) and order[0][1]
    if by_id_only:
        ids = _walk(plan.base, plan.lo, plan.hi, descending)
        if offset is None:
            return Page(_first_matches(ids, keep, page_size), None, 0)
        if not residual and check_owner is None:
            # Every candidate matches: the count is the slice's length (no scan).
            total = plan.hi - plan.lo
            chosen = _slice(
                plan.base, plan.lo, plan.hi, descending=descending, offset=offset, size=page_size
            )
            records = [rows[i] for i in chosen]
            return Page(records, _next(offset, page_size, total), total)
        matched = [r for r in map(keep, ids) if r is not None]
        total = len(matched)
        return Page(matched[offset : offset + page_size], _next(offset, page_size, total), total)

    matched = [r for r in map(keep, _walk(plan.base, plan.lo, plan.hi, False)) if r is not None]
    for spec, desc in reversed(order):
        # Stable sorts from the last key to the first; NULLs first ascending, as MySQL does.
        matched.sort(key=_sort_key(spec), reverse=desc)
    total = len(matched)
    start = 0 if offset is None else offset
    page = matched[start : start + page_size]
    if offset is None:
        return Page(page, None, 0)
    return Page(page, _next(offset, page_size, total), total)


def _cached(fn: Callable[[int], bool]) -> Callable[[int], bool]:
    memo: dict[int, bool] = {}

    def check(owner: int) -> bool:
        found = memo.get(owner)
        if found is None:
            found = memo[owner] = fn(owner)
        return found

    return check


def _walk(base: Sequence[int], lo: int, hi: int, descending: bool) -> Iterator[int]:
    if descending:
        return (base[i] for i in range(hi - 1, lo - 1, -1))
    return (base[i] for i in range(lo, hi))


def _slice(
    base: Sequence[int], lo: int, hi: int, *, descending: bool, offset: int, size: int
) -> Sequence[int]:
    if descending:
        top = hi - offset
        return [base[i] for i in range(top - 1, max(lo, top - size) - 1, -1)] if top > lo else []
    start = lo + offset
    return base[start : min(hi, start + size)] if start < hi else []


def _first_matches(
    ids: Iterable[int], keep: Callable[[int], RecordT | None], size: int
) -> list[RecordT]:
    found: list[RecordT] = []
    for record_id in ids:
        record = keep(record_id)
        if record is not None:
            found.append(record)
            if len(found) >= size:
                break
    return found


def _next(offset: int, size: int, total: int) -> int | None:
    return offset + size if offset + size < total else None


def _sort_key(spec: FieldSpec[Any]) -> Callable[[Any], tuple[int, Any]]:
    def key(record: Any) -> tuple[int, Any]:
        value = _stored(spec.kind, spec.get(record))
        if value is None:
            return (0, 0)
        if isinstance(value, list):
            value = tuple(value)
        if isinstance(value, str):
            return (1, value.lower())
        return (1, value)

    return key


# --- parameters ---------------------------------------------------------------------------------


def to_int(value: Any) -> int | None:
    """An integer parameter sent as JSON int or form string; None when absent or not a number."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
    return None


def start_param(ctx: CallContext, params: Mapping[str, Any]) -> int | None:
    """The `start` parameter: an offset >= 0, or None for start < 0 (no count, §3).

    Read with PHP's intval(), so a missing or non-numeric start means 0.
    """
    number = php_intval(params["start"]) if "start" in params else ctx.start
    return None if number < 0 else number


def readable_owners(ctx: CallContext) -> Callable[[int], bool] | None:
    """The caller's read predicate for `run_query`; None for admins, who read everything."""
    return None if ctx.is_admin else ctx.can_read_owner


def resolve_array_param(params: Mapping[str, Any], name: str) -> Any:
    """A legacy crm.* wrapper parameter under any of its accepted spellings.

    `filter`, `FILTER`, `Filter` and `arFilter` are all read (bitrix24-api.md §11 item 2,
    S-crmrest resolveArrayParam); the first one present wins.
    """
    lower = name.lower()
    for key in (lower, lower.upper(), lower.capitalize(), "ar" + lower.capitalize()):
        if key in params:
            return params[key]
    return None


def resolve_param(params: Mapping[str, Any], name: str) -> Any:
    """A legacy scalar parameter such as `id`, read as `id` or `ID`."""
    lower = name.lower()
    for key in (lower, lower.upper()):
        if key in params:
            return params[key]
    return None


def yn(flag: bool) -> str:
    """A boolean as the API's "Y"/"N"."""
    return "Y" if flag else "N"


def as_bool(value: Any) -> bool:
    """crm.item.update's reading of booleans: true, "true", "Y", "y" are true (§7.5)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("y", "true")


def select_names(raw: Any) -> list[str] | None:
    """The `select` parameter as a list of names; None when absent (meaning the default)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, Mapping):
        return [str(v) for v in raw.values()]
    if isinstance(raw, list | tuple):
        return [str(v) for v in raw]
    return [str(raw)]
