"""The contract between the emulator's request handler and its method modules.

A method is a plain function `(ctx, params) -> result` registered under its lower-case name.
It reads and writes `ctx.portal`, raises `ApiError` for every documented failure, and returns
either a JSON-ready value (the envelope's `result`) or a `ListPage` for list methods, whose
`next`/`total` the handler lifts to the top of the envelope (bitrix24-api.md §2.2).

What a method module may rely on (the handler in `handler.py` guarantees it):

* `params` is the merged request (query string, form or JSON body, §2.1), or inside `batch` the
  command's own query string after `$result[...]` substitution (§4). Form encoding gives strings
  and PHP arrays: PHP cannot tell `{"0": x}` from `[x]`, so a bracket array with keys 0..n-1
  arrives as a Python list and any other as a dict with string keys. Accept both shapes where
  the reference allows either (`as_mapping()` helps). `start` stays in `params`; its PHP
  `intval()` is also in `ctx.start` (S-rest `processCall`).
* Auth, scope, the rate limit and the operating budget were checked before the call; the
  method's operating cost is billed after it, whether it succeeded or raised `ApiError`.
* **Permissions** (one model for every module, §1.1, §11 item 11): `ctx.can_read_owner(owner)`
  says whether the caller may read *and* update a record whose responsible user is `owner`. An
  admin may touch everything; anyone else only records they are responsible for themselves or
  whose responsible user shares a department with them. Lists leave unreadable records out
  quietly; updates and gets of one fail with the family's "Access denied" error.
* **Lists report what they returned**: a list method over stored records (crm.item.list, the
  legacy crm.*.list, crm.activity.list, tasks.task.list) puts the records behind its rows into
  `ListPage.records`. The handler needs them for the `concurrent_edit` fault: "another user
  reassigns an item between the client's list and its update" (issue 2). A record listed by a
  request that carries no writing command (`MethodSpec.writes`) is, with the configured
  probability, armed; at the start of the next /rest/ request, before anything in it runs, a
  colleague takes it if its owner is still the one it was listed with. A request that lists
  and writes (a guarded batch whose updates take their ids from its own list command) arms
  nothing: on a real portal a colleague's edit could land between its commands only within
  milliseconds. Method modules take no part beyond filling `records` and flagging `writes`.
* **Time**: `ctx.now()` is the emulator's injected clock as the portal prints datetimes
  (ISO-8601 with the portal's offset, §11 item 5); write timestamps with it, never the wall
  clock.
* **Switches** for facts the reference marks [inferred]: `ctx.switch(name)`; defaults live in
  `SWITCH_DEFAULTS` (a module may add its own entry there at import time).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from desktop_handover.emulator.state import Activity, CrmItem, Portal, Task, User, Webhook

#: Parsed request parameters: PHP-style nested dicts/lists of strings, or JSON values.
Params = dict[str, Any]


class ApiError(Exception):
    """A documented REST failure: HTTP status, `error` code and `error_description`.

    Legacy crm.* methods fail with an empty code (§2.3); pass `code=""` for them.
    """

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status = status
        self.code = code
        self.description = description


@dataclass(slots=True)
class ListPage:
    """A list method's answer before the envelope: rows plus paging facts.

    `next` is the offset of the following page, or None when no rows follow (or start=-1);
    `total` is 0 when the caller sent start=-1 (§3). `records` are the stored records behind
    the rows, in order, for list methods over items, activities and tasks (the
    `concurrent_edit` fault arms them, see the module docstring); empty for catalogues.
    """

    result: Any
    next: int | None
    total: int
    records: Sequence[CrmItem | Activity | Task] = ()


#: Defaults of the switches for facts the reference marks [inferred] ("Handling [inferred]
#: facts"); `EmulatorConfig.switches` overrides them per emulator.
SWITCH_DEFAULTS: dict[str, bool] = {
    # §3 caveat / S-util processBatchElement: a `$result[a][b]` path that does not exist is
    # replaced by its deepest existing part (False), or left in the command as literal text (True).
    "batch_missing_path_literal": False,
    # §4: when `cmd` is a list, the result_* collections come back as JSON lists when their
    # keys run 0..n-1 (PHP json_encode); False: always objects keyed by the command's key.
    "batch_list_collections": True,
    # §2.3 table vs S-apauth/S-exc: the docs give 403 for INVALID_CREDENTIALS and
    # insufficient_scope and 400 for INVALID_REQUEST; the source answers every webhook auth
    # failure with 401 (False, the default).
    "auth_status_from_docs": False,
    # §5.2 says each method's budget is kept per app or webhook (False); an older version of
    # D-lim says an exhausted method is blocked for every app and webhook of the portal (True).
    "operating_budget_per_portal": False,
    # §7.5: assigning a dismissed user is probably accepted (False); True rejects it.
    "reject_inactive_assignee": False,
    # §1.2: an unknown OAuth access token. The portal's own code is not quoted there; b24pysdk
    # maps both INVALID_TOKEN and NO_AUTH_FOUND to 401. False: 401 `invalid_token` ("The
    # access token provided is invalid"); True: 401 `NO_AUTH_FOUND` ("Wrong authorization data").
    "oauth_unknown_token_no_auth_found": False,
}


@dataclass(slots=True)
class CallContext:
    """Who is calling and against which portal state; one per command (batch included)."""

    portal: Portal
    webhook: Webhook
    user: User
    # Switches the reference marks [inferred] (bitrix24-api.md, "Handling [inferred] facts").
    switches: dict[str, bool] = field(default_factory=dict)
    #: The PHP intval() of the call's `start` parameter (0 when absent).
    start: int = 0
    #: The lower-case method name being run.
    method: str = ""
    #: The emulator's injected unix clock and the offset its portal prints datetimes with.
    clock: Callable[[], float] = time.time
    tz: tzinfo = UTC

    def has_scope(self, scope: str) -> bool:
        """Whether the webhook was granted `scope`."""
        return scope in self.webhook.scopes

    @property
    def is_admin(self) -> bool:
        """Whether the caller (the webhook's owner) is a portal administrator."""
        return self.user.is_admin

    def switch(self, name: str) -> bool:
        """The value of an [inferred]-fact switch: the emulator's setting, else its default."""
        value = self.switches.get(name)
        return SWITCH_DEFAULTS.get(name, False) if value is None else value

    def can_read_owner(self, owner_id: int) -> bool:
        """Whether the caller may read and update a record whose responsible user is `owner_id`.

        Admins may touch everything; anyone else their own records and those of colleagues who
        share a department with them (the module docstring has the whole model).
        """
        if self.user.is_admin or owner_id == self.user.id:
            return True
        owner = self.portal.users.get(owner_id)
        if owner is None:
            return False
        return not set(owner.departments).isdisjoint(self.user.departments)

    def now(self) -> str:
        """The clock's time as the portal writes datetimes: `2026-11-27T07:10:26+01:00` (§11).

        PHP `date('c')`: whole seconds, the portal's offset. Use it for every timestamp a
        method writes (updatedTime, LAST_UPDATED, a comment's CREATED).
        """
        return datetime.fromtimestamp(int(self.clock()), UTC).astimezone(self.tz).isoformat()


def as_mapping(value: Any) -> Mapping[str, Any] | None:
    """A PHP array as a mapping: dicts as they are, lists keyed "0".."n-1"; else None."""
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    return None


def php_bool(value: Any) -> bool:
    """PHP's `(bool)` cast: "", "0", 0, 0.0, empty arrays and None are false; "false" is true."""
    if isinstance(value, str):
        return value not in ("", "0")
    if isinstance(value, (list, dict)):
        return bool(value)
    return bool(value)


def php_intval(value: Any) -> int:
    """PHP's `intval()`: leading integer of a string ("10abc" → 10, "abc" → 0), bools as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and abs(value) < 2**63 else 0
    if isinstance(value, str):
        text = value.strip()
        sign = 1
        if text[:1] in ("+", "-"):
            sign = -1 if text[0] == "-" else 1
            text = text[1:]
        digits = ""
        for ch in text:
            if not ch.isdigit() or not ch.isascii():
                break
            digits += ch
        return sign * int(digits) if digits else 0
    if isinstance(value, (list, dict)):
        return 1 if value else 0
    return 0


Method = Callable[[CallContext, Params], Any]


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A registered method: its handler, the scope it needs, and its operating cost.

    `cost` is the virtual server time (seconds) one call adds to the method's operating
    budget (§5.2); updates are heavier than lists. `also_scopes` are alternative scopes that
    grant the method too (user.get works with `user`, `user_basic` or `user_brief`, §1.3).
    `writes`: the method changes the portal (updates, comments, notifications); a request
    carrying one arms no `concurrent_edit` (module docstring).
    """

    name: str
    handler: Method
    scope: str | None
    cost: float
    also_scopes: tuple[str, ...] = ()
    writes: bool = False

    def allowed_by(self, scopes: frozenset[str]) -> bool:
        """Whether a webhook granted `scopes` may call this method (None: global scope)."""
        if self.scope is None or self.scope in scopes:
            return True
        return any(s in scopes for s in self.also_scopes)


REGISTRY: dict[str, MethodSpec] = {}


def method(
    name: str,
    *,
    scope: str | None,
    cost: float = 0.05,
    also_scopes: tuple[str, ...] = (),
    writes: bool = False,
) -> Callable[[Method], Method]:
    """Register `fn` as the REST method `name` (stored lower-case: names are case-insensitive).

    Pass `writes=True` for every method that changes the portal (see MethodSpec).
    """

    def register(fn: Method) -> Method:
        key = name.lower()
        if key in REGISTRY:
            raise ValueError(f"method {name} registered twice")
        REGISTRY[key] = MethodSpec(key, fn, scope, cost, also_scopes, writes)
        return fn

    return register
