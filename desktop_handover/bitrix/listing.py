"""How each list family pages: wrappers, id fields, order, and the keyset commands of a batch."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_handover.bitrix.types import Command, Ref, Row

#: Rows per page of every list method; the caller cannot change it (§3).
LIST_LIMIT = 50
#: Commands per batch (§4).
BATCH_LIMIT = 50

_LEGACY_CRM = re.compile(r"^crm\.(lead|deal|contact|company|quote|invoice)\.list$")


@dataclass(frozen=True, slots=True)
class ListSpec:
    """How one list method pages and where its rows keep their id and owner (§3, §7-§9).

    Attributes:
        method: the list method, e.g. "crm.item.list".
        wrapper: the key inside `result` that holds the rows ("items", "tasks"), or None
            when `result` is the plain array (legacy crm.*, crm.activity.list, user.get).
        id_field: the row key of the record id ("id" or "ID").
        cursor_key: the filter key of the keyset cursor (">id" or ">ID").
        order: the `order` parameter that makes ids ascend; the default orders are not by
            id for activities (START_TIME) and tasks (ID desc), §3 "Method quirks".
        owner_field: the row key of the responsible user, when the family has one.
        keyset: whether the `>id` + `start=-1` technique applies; user.get and
            department.get sort with `sort`/`order` and page by offset instead.
        filter_param: the name of the filter parameter ("filter", or "FILTER" for user.get).
        fixed: parameters every command of this listing carries (e.g. entityTypeId).
    """

    method: str
    wrapper: str | None
    id_field: str
    cursor_key: str
    order: Mapping[str, str]
    owner_field: str | None = None
    keyset: bool = True
    filter_param: str = "filter"
    fixed: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def crm_items(cls, entity_type_id: int) -> ListSpec:
        """crm.item.list for one entity type: `items` wrapper, camelCase, int ids (§7.2)."""
        return cls(
            method="crm.item.list",
            wrapper="items",
            id_field="id",
            cursor_key=">id",
            order={"id": "ASC"},
            owner_field="assignedById",
            fixed={"entityTypeId": entity_type_id},
        )

    @classmethod
    def legacy_crm(cls, method: str) -> ListSpec:
        """crm.lead|deal|contact|company|quote|invoice.list: plain array of strings (§7.6)."""
        if not _LEGACY_CRM.match(method.lower()):
            raise ValueError(f"not a legacy CRM list method: {method}")
        return cls(
            method=method.lower(),
            wrapper=None,
            id_field="ID",
            cursor_key=">ID",
            order={"ID": "ASC"},
            owner_field="ASSIGNED_BY_ID",
        )

    @classmethod
    def activities(cls) -> ListSpec:
        """crm.activity.list, ordered by ID explicitly (its default is START_TIME, §8.1)."""
        return cls(
            method="crm.activity.list",
            wrapper=None,
            id_field="ID",
            cursor_key=">ID",
            order={"ID": "ASC"},
            owner_field="RESPONSIBLE_ID",
        )

    @classmethod
    def tasks(cls) -> ListSpec:
        """tasks.task.list: `tasks` wrapper, camelCase rows, UPPER filter keys (§9)."""
        return cls(
            method="tasks.task.list",
            wrapper="tasks",
            id_field="id",
            cursor_key=">ID",
            order={"ID": "asc"},
            owner_field="responsibleId",
        )

    @classmethod
    def users(cls) -> ListSpec:
        """user.get: `sort`/`order` strings and offset paging; users are few (§6.1)."""
        return cls(
            method="user.get",
            wrapper=None,
            id_field="ID",
            cursor_key=">ID",
            order={"sort": "ID", "order": "ASC"},
            keyset=False,
            filter_param="FILTER",
        )

    @classmethod
    def departments(cls) -> ListSpec:
        """department.get: `sort`/`order` and offset paging (§6.3)."""
        return cls(
            method="department.get",
            wrapper=None,
            id_field="ID",
            cursor_key=">ID",
            order={"sort": "ID", "order": "ASC"},
            keyset=False,
            filter_param="FILTER",
        )

    @classmethod
    def for_method(cls, method: str, **fixed: Any) -> ListSpec:
        """The spec of a known list method; crm.item.list needs `entityTypeId=`."""
        name = method.lower()
        if name == "crm.item.list":
            if "entityTypeId" not in fixed:
                raise ValueError("crm.item.list needs entityTypeId")
            return cls.crm_items(int(fixed["entityTypeId"]))
        if _LEGACY_CRM.match(name):
            return cls.legacy_crm(name)
        if name == "crm.activity.list":
            return cls.activities()
        if name == "tasks.task.list":
            return cls.tasks()
        if name == "user.get":
            return cls.users()
        if name == "department.get":
            return cls.departments()
        raise ValueError(f"no paging rules known for {method}")

    # --- rows ------------------------------------------------------------------------------

    def rows(self, result: Any) -> list[Row]:
        """The rows of one list reply's `result`, unwrapped.

        Raises:
            ValueError: the result does not have this family's shape.
        """
        data = result
        if self.wrapper is not None:
            if not isinstance(result, Mapping) or self.wrapper not in result:
                raise ValueError(f"{self.method} result lacks '{self.wrapper}'")
            data = result[self.wrapper]
        if isinstance(data, Mapping) and not data:
            data = []  # an empty PHP array may serialise as {} in a keyed context
        if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
            raise ValueError(f"{self.method} result is not a list of rows")
        return data

    def row_id(self, row: Row) -> int:
        """The record id of `row` (ints for crm.item, strings elsewhere, §11 item 4)."""
        return _as_int(row.get(self.id_field), self.id_field)

    def row_owner(self, row: Row) -> int | None:
        """The responsible user of `row`, or None when the family has none or it is empty."""
        if self.owner_field is None:
            return None
        value = row.get(self.owner_field)
        if value in (None, "", 0, "0"):
            return None
        return _as_int(value, self.owner_field)

    # --- commands --------------------------------------------------------------------------

    def base_params(
        self, filter: Mapping[str, Any] | None, select: Sequence[str] | None
    ) -> dict[str, Any]:
        """The parameters shared by every page: fixed ones, filter, select and order."""
        params: dict[str, Any] = dict(self.fixed)
        user_filter = dict(filter or {})
        if self.keyset and any(_strip_prefix(k) == self.id_field.lower() for k in user_filter):
            raise ValueError(
                f"filter on {self.id_field} conflicts with the listing's cursor; "
                "narrow the listing otherwise or filter the pages"
            )
        params[self.filter_param] = user_filter
        if select:
            chosen = list(select)
            if "*" not in chosen and not any(s.lower() == self.id_field.lower() for s in chosen):
                # The cursor needs the id of every row.
                chosen.append(
                    self.id_field.upper() if self.method.startswith("tasks.") else self.id_field
                )
            params["select"] = chosen
        if self.keyset:
            params["order"] = dict(self.order)
        else:
            params.update(self.order)
        return params

    def keyset_commands(
        self,
        base: Mapping[str, Any],
        after_id: int,
        pages: int,
        *,
        prefix: str = "req_",
        count_first: bool = False,
    ) -> dict[str, Command]:
        """`pages` chained list commands `req_0`…: each starts after the previous one's last row.

        `req_0` filters `>id` on `after_id`; `req_k` filters on
        `$result[req_{k-1}][<wrapper>][49][<id>]`, the last row of the page before (§3, fast
        full scan packed into batch). Only pages up to the first short one may be trusted:
        after it the reference has nothing at `[49]` and the filter is junk (§3 caveat).

        `prefix` names the commands (`{prefix}{k}`), so chains of several listings can share
        one batch. With `count_first` the first page is asked with `start=0` instead of -1:
        the same rows, plus the portal's `total` of the rows above `after_id` (§3: a count
        query runs only when `start >= 0`), so it doubles as the listing's count command.
        """
        if not 1 <= pages <= BATCH_LIMIT:
            raise ValueError(f"pages must be 1..{BATCH_LIMIT}")
        commands: dict[str, Command] = {}
        wrapper: tuple[str, ...] = (self.wrapper,) if self.wrapper else ()
        for k in range(pages):
            cursor: int | Ref = (
                after_id
                if k == 0
                else Ref.result(f"{prefix}{k - 1}", *wrapper, LIST_LIMIT - 1, self.id_field)
            )
            params = dict(base)
            params[self.filter_param] = {
                **base.get(self.filter_param, {}),
                self.cursor_key: cursor,
            }
            params["start"] = 0 if k == 0 and count_first else -1
            commands[f"{prefix}{k}"] = Command(self.method, params)
        return commands

    def count_command(self, base: Mapping[str, Any]) -> Command:
        """A command whose reply's `total` counts the matching rows (start=0, §3)."""
        params = dict(base)
        params["start"] = 0
        params["select"] = [
            self.id_field.upper() if self.method.startswith("tasks.") else self.id_field
        ]
        return Command(self.method, params)

    def offset_command(self, base: Mapping[str, Any], start: int) -> Command:
        """A classic offset page (user.get, department.get)."""
        params = dict(base)
        params["start"] = start
        return Command(self.method, params)


@dataclass(frozen=True, slots=True)
class ListRequest:
    """One listing of `BitrixClient.list_many`: which family, which rows, from which id on.

    Attributes:
        spec: the list family; it must page by keyset (`spec.keyset`).
        filter: the filter in the family's wire names; it may not filter on the id.
        select: the fields to return (the id is added when missing); None for the default.
        after_id: list only rows whose id is above this one (resuming a listing).
    """

    spec: ListSpec
    filter: Mapping[str, Any] = field(default_factory=dict)
    select: Sequence[str] | None = None
    after_id: int = 0


@dataclass(frozen=True, slots=True)
class ListResult:
    """Every row of one `ListRequest`, ids ascending, and what the portal counted.

    `total` is the number of matching rows above `after_id` the portal counted when the
    listing started (None when counting was off or never succeeded); it may differ from
    `len(rows)` when others create, delete or reassign records during the listing.
    """

    rows: tuple[Row, ...]
    total: int | None = None


def pages_needed(remaining: int) -> int:
    """Pages a keyset listing still needs when a count says `remaining` rows are left.

    Only a short page proves the end (§3 "Repeat until a page comes back with fewer than 50
    rows"), so a multiple of 50 needs one page more: 0 → 1, 49 → 1, 50 → 2, 100 → 3.
    """
    return max(0, remaining) // LIST_LIMIT + 1


def share_slots(needs: Sequence[int | None], slots: int) -> list[int]:
    """How many chained pages each listing gets in the next batch of `slots` commands.

    `needs[i]` is the number of pages listing i still needs (known from a count), 0 when it
    is finished, or None when no count is known yet. Listings of unknown size get one page
    first (it carries their count); known needs are then met in order, a need that does not
    fit being cut at the batch's end and finished in the next one; what is left is shared
    evenly among the listings of unknown size. So the first batch of ten fresh listings gives
    each five pages, and later batches are packed full with exactly the pages still needed.
    """
    shares = [0] * len(needs)
    left = slots
    unknown: list[int] = []
    for i, need in enumerate(needs):
        if need is None and left > 0:
            shares[i] = 1
            left -= 1
            unknown.append(i)
    for i, need in enumerate(needs):
        if need and left > 0:
            shares[i] = min(need, left)
            left -= shares[i]
    if unknown and left > 0:
        each, extra = divmod(left, len(unknown))
        for j, i in enumerate(unknown):
            shares[i] += each + (1 if j < extra else 0)
    return shares


def _strip_prefix(key: str) -> str:
    return key.lstrip("!<>=@%").lower()


def _as_int(value: object, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} is not an id: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueError(f"{name} is not an id: {value!r}")
