"""The contract between the emulator's request handler and its method modules.

A method is a plain function `(ctx, params) -> result` registered under its lower-case name.
It reads and writes `ctx.portal`, raises `ApiError` for every documented failure, and returns
either a JSON-ready value (the envelope's `result`) or a `ListPage` for list methods, whose
`next`/`total` the handler lifts to the top of the envelope (bitrix24-api.md §2.2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop_handover.emulator.state import Portal, User, Webhook

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
    `total` is 0 when the caller sent start=-1 (§3).
    """

    result: Any
    next: int | None
    total: int


@dataclass(slots=True)
class CallContext:
    """Who is calling and against which portal state; one per command (batch included)."""

    portal: Portal
    webhook: Webhook
    user: User
    # Switches the reference marks [inferred] (bitrix24-api.md, "Handling [inferred] facts").
    switches: dict[str, bool] = field(default_factory=dict)

    def has_scope(self, scope: str) -> bool:
        """Whether the webhook was granted `scope`."""
        return scope in self.webhook.scopes


Method = Callable[[CallContext, Params], Any]


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A registered method: its handler, the scope it needs, and its operating cost.

    `cost` is the virtual server time (seconds) one call adds to the method's operating
    budget (§5.2); updates are heavier than lists.
    """

    name: str
    handler: Method
    scope: str | None
    cost: float


REGISTRY: dict[str, MethodSpec] = {}


def method(name: str, *, scope: str | None, cost: float = 0.05) -> Callable[[Method], Method]:
    """Register `fn` as the REST method `name` (stored lower-case: names are case-insensitive)."""

    def register(fn: Method) -> Method:
        key = name.lower()
        if key in REGISTRY:
            raise ValueError(f"method {name} registered twice")
        REGISTRY[key] = MethodSpec(key, fn, scope, cost)
        return fn

    return register
