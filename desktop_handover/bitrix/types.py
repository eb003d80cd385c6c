"""Frozen wire values parsed at the client's edge: replies, batch outcomes, pages, progress."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeAlias

from desktop_handover.bitrix.errors import BitrixError, error_from_reply

#: One row of a list method, as the portal sent it (wire names, wire value types).
Row: TypeAlias = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an earlier command's result inside a batch: `$result[key][path]…`.

    It is written into the command's query literally, never URL-encoded, so the portal
    substitutes it (§4, "References between commands").
    """

    expression: str

    def __post_init__(self) -> None:
        if not self.expression.startswith("$") or "[" not in self.expression:
            raise ValueError("a batch reference looks like $result[key][field]…")
        if any(c in self.expression for c in "&=# \n"):
            raise ValueError("a batch reference may not contain '&', '=', '#' or spaces")

    @classmethod
    def result(cls, key: str, *path: str | int) -> Ref:
        """`Ref.result("chk", "items", 0, "id")` is `$result[chk][items][0][id]`."""
        return cls("$result" + "".join(f"[{p}]" for p in (key, *path)))


@dataclass(frozen=True, slots=True)
class Command:
    """One REST call: a method and its parameters; a unit of `batch` (§4)."""

    method: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimeInfo:
    """The `time` object of a reply (§2.2); every field is optional on older servers."""

    start: float | None = None
    finish: float | None = None
    duration: float | None = None
    processing: float | None = None
    operating: float | None = None
    operating_reset_at: float | None = None

    @classmethod
    def parse(cls, raw: object) -> TimeInfo | None:
        """Parse a `time` object; None when absent or not an object."""
        if not isinstance(raw, Mapping):
            return None
        return cls(
            start=_float(raw.get("start")),
            finish=_float(raw.get("finish")),
            duration=_float(raw.get("duration")),
            processing=_float(raw.get("processing")),
            operating=_float(raw.get("operating")),
            operating_reset_at=_timestamp(raw.get("operating_reset_at")),
        )

    @property
    def spent(self) -> float | None:
        """Server time this call took: `processing`, else `duration`."""
        return self.processing if self.processing is not None else self.duration


def _float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _timestamp(value: object) -> float | None:
    # Normally unix seconds; one docs example shows an ISO string (§2.2).
    number = _float(value)
    if number is not None:
        return number
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class CallResult:
    """A successful reply: `result`, with `total`/`next` for list methods (§2.2)."""

    result: Any
    total: int | None = None
    next: int | None = None
    time: TimeInfo | None = None


@dataclass(frozen=True, slots=True)
class CommandError:
    """Why one command of a batch failed: the `result_error` entry (§4)."""

    code: str
    description: str = ""

    def to_exception(
        self, *, method: str, host: str, reset_at: float | None = None
    ) -> BitrixError:
        """The typed error this failure maps to (the batch itself returned HTTP 200)."""
        return error_from_reply(
            self.code,
            self.description,
            http_status=None,
            method=method,
            host=host,
            reset_at=reset_at,
        )


class CommandStatus(enum.Enum):
    """What happened to one command of a batch."""

    OK = "ok"
    ERROR = "error"
    #: The portal did not run it (halt after an earlier failure, §4).
    NOT_RUN = "not_run"


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """One command's outcome inside a batch reply."""

    key: str
    method: str
    status: CommandStatus
    result: Any = None
    error: CommandError | None = None
    total: int | None = None
    next: int | None = None
    time: TimeInfo | None = None

    @property
    def ok(self) -> bool:
        """Whether the command ran and succeeded."""
        return self.status is CommandStatus.OK


@dataclass(frozen=True, slots=True)
class BatchResult:
    """A batch reply, one outcome per command, in the order the commands were given."""

    outcomes: Mapping[str, CommandOutcome]
    time: TimeInfo | None = None

    def __getitem__(self, key: str) -> CommandOutcome:
        return self.outcomes[key]

    @property
    def failed(self) -> Mapping[str, CommandOutcome]:
        """The commands that ran and failed."""
        return {k: o for k, o in self.outcomes.items() if o.status is CommandStatus.ERROR}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a listing: its rows in ascending id order, and the total if asked for.

    `total` is the number of matching rows the portal counted when the listing started
    (None unless `with_total=True`); it may drift while others change the records.
    """

    rows: tuple[Row, ...]
    total: int | None = None


class UpdateStatus(enum.Enum):
    """The fate of one update sent by `BitrixClient.update_many`."""

    DONE = "done"
    FAILED = "failed"
    #: The reply was lost: the update may or may not have been applied.
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """One update's outcome, keyed by the caller's key (usually the record id)."""

    key: str
    status: UpdateStatus
    error: CommandError | None = None
    result: Any = None


class WaitReason(enum.Enum):
    """Why the client is waiting before its next request."""

    #: The client-side bucket must drain before the next request (§5.1).
    RATE = "rate"
    #: A method's 10-minute server-time budget is nearly used up (§5.2).
    OPERATING = "operating"
    #: The portal answered 429; waiting until `operating_reset_at` (§5.2).
    TIME_LIMIT = "time_limit"
    #: Backing off before a retry (503, 5xx, connection error, timeout).
    BACKOFF = "backoff"


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot of a client's work, sent to the progress callback after each event.

    Attributes:
        requests: HTTP requests sent so far (retries included).
        items: rows listed plus updates finished so far.
        wait_reason: why the client is about to wait, or None for a request event.
        wait_seconds: how long that wait is.
        retries: retries so far; rejected_503 / rejected_429: replies of those kinds.
    """

    requests: int
    items: int
    wait_reason: WaitReason | None = None
    wait_seconds: float = 0.0
    retries: int = 0
    rejected_503: int = 0
    rejected_429: int = 0


@dataclass(frozen=True, slots=True)
class TokenPair:
    """OAuth tokens after a refresh; the refresh token must replace the stored one (§1.2)."""

    access_token: str
    refresh_token: str
    expires: float | None = None

    def __repr__(self) -> str:
        return f"TokenPair(access_token='***', refresh_token='***', expires={self.expires!r})"
