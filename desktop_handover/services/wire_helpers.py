"""Small wire helpers shared by the gateway and the catalog: id-filtered pages, chunks, ints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from desktop_handover.bitrix.errors import (
    BitrixError,
    RetryBudgetExhausted,
    TimeBudgetExceeded,
    TransportError,
)
from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.handover.ports import GatewayError

T = TypeVar("T")


def by_ids(
    spec: ListSpec, id_filter: Mapping[str, Any], extra_select: Sequence[str] = ()
) -> dict[str, Any]:
    """One page listing records by id (at most 50 ids: one page, so no cursor is needed)."""
    params: dict[str, Any] = dict(spec.fixed)
    params[spec.filter_param] = dict(id_filter)
    params["select"] = [spec.id_field.upper() if spec.wrapper == "tasks" else spec.id_field]
    params["select"] += list(extra_select)
    params["order"] = dict(spec.order)
    params["start"] = -1  # no COUNT query (§3)
    return params


def chunks(values: Sequence[T], size: int) -> list[Sequence[T]]:
    """`values` cut into consecutive slices of at most `size`."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def as_int(value: object) -> int | None:
    """An id from the wire (int, or a string of digits: §11 item 4), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def gateway_error(exc: BitrixError) -> GatewayError:
    """The port's error for a client error; its text names method and host, never the URL."""
    if isinstance(exc, RetryBudgetExhausted):
        exc = exc.last_error  # the retries ran out: what kept failing says more
    if isinstance(exc, TransportError):
        return GatewayError("NETWORK_ERROR", str(exc))
    if isinstance(exc, TimeBudgetExceeded):
        return GatewayError("OPERATION_TIME_LIMIT", str(exc))
    return GatewayError(exc.code or type(exc).__name__.upper(), str(exc))
