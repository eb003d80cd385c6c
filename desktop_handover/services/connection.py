"""Connecting to a portal: check a webhook in plain terms, then open a working connection."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx

from desktop_handover.bitrix.auth import WebhookAuth
from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import (
    AccessDenied,
    AuthError,
    BitrixError,
    MethodNotFound,
    PortalBlocked,
    RetryBudgetExhausted,
    TransportError,
)
from desktop_handover.bitrix.ratelimit import RateLimits, RetryPolicy, eta_seconds
from desktop_handover.bitrix.types import Command, CommandOutcome, CommandStatus, Progress
from desktop_handover.handover.ports import Pacing, UserInfo
from desktop_handover.services.catalog import PortalCatalog
from desktop_handover.services.gateway import BitrixCrmGateway, Wording, user_info_from_row

logger = logging.getLogger(__name__)

#: How often the check asks again when its commands fail for a passing reason.
CHECK_ATTEMPTS = 3
_TEMPORARY_CODES = frozenset(
    {
        "OPERATION_TIME_LIMIT",
        "QUERY_LIMIT_EXCEEDED",
        "INTERNAL_SERVER_ERROR",
        "ERROR_UNEXPECTED_ANSWER",
    }
)

#: Scopes a handover cannot do without (bitrix24-api.md §1.3).
REQUIRED_SCOPES = ("crm", "user", "department", "task")
#: Scopes only some options need: `im` for the summary message to each successor.
OPTIONAL_SCOPES = ("im",)
#: user.get also works with these lighter scopes, but dismissing needs the full `user` (§6.3).
_USER_SCOPES = {"user", "user_basic", "user_brief"}


class ConnectionProblem(StrEnum):
    """Why a webhook cannot be used, in terms the UI and CLI turn into advice."""

    INVALID_URL = "invalid_url"
    HTTPS_REQUIRED = "https_required"
    UNREACHABLE = "unreachable"
    NOT_A_PORTAL = "not_a_portal"
    WRONG_SECRET = "wrong_secret"  # noqa: S105 - a problem code, not a secret
    OWNER_DISMISSED = "owner_dismissed"
    NO_REST_ON_PLAN = "no_rest_on_plan"
    BLOCKED = "blocked"
    MISSING_SCOPES = "missing_scopes"
    NOT_ADMIN = "not_admin"


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """The result of "Test connection".

    Attributes:
        problem: what stops the webhook from working, or None when it is fine.
        host: the portal's host (no secret), when the URL could be read.
        user: the webhook's own user, when the portal answered.
        missing_scopes: required scopes the webhook lacks (for MISSING_SCOPES).
        missing_optional_scopes: scopes only some options need (a warning, not a problem).
        detail: the portal's error code, for the log and the "details" line.
    """

    problem: ConnectionProblem | None
    host: str = ""
    user: UserInfo | None = None
    missing_scopes: tuple[str, ...] = ()
    missing_optional_scopes: tuple[str, ...] = ()
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the webhook can run a handover."""
        return self.problem is None


@dataclass
class PortalConnection:
    """An open portal: the gateway the engine uses, who we are, and the pacing model.

    `catalog` names the codes and ids of item lists (stages, pipelines, companies, contacts)
    for the UI; it shares the client, and so its pacing, with the gateway.

    Close it with `aclose()`; the app does so on quit, the CLI when a command ends.
    """

    client: BitrixClient
    gateway: BitrixCrmGateway
    me: UserInfo
    host: str
    limits: RateLimits
    _listeners: list[Callable[[Progress], None]] = field(default_factory=list, repr=False)
    catalog: PortalCatalog = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.catalog = PortalCatalog(self.client)

    @property
    def pacing(self) -> Pacing:
        """Seconds the client's pacing needs for a number of requests (dry-run ETA)."""
        limits = self.limits

        def seconds(requests: int) -> float:
            return eta_seconds(requests, limits)

        return seconds

    def add_progress_listener(self, listener: Callable[[Progress], None]) -> None:
        """Also tell `listener` about every client request and wait (rates, 503 counts)."""
        self._listeners.append(listener)

    def remove_progress_listener(self, listener: Callable[[Progress], None]) -> None:
        """Stop telling `listener`."""
        self._listeners.remove(listener)

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self.client.aclose()


def _parse(url: str) -> WebhookAuth | ConnectionProblem:
    try:
        return WebhookAuth(url)
    except ValueError as exc:
        # WebhookAuth's messages never quote the URL, so they are safe to inspect. Only a URL
        # that really says http:// is an https problem; "acme.bitrix24.pl" is not a URL yet.
        plain_http = url.strip().lower().startswith("http://")
        if plain_http and "must use https" in str(exc):
            return ConnectionProblem.HTTPS_REQUIRED
        return ConnectionProblem.INVALID_URL


def validate_webhook_url(url: str) -> ConnectionProblem | None:
    """Check the URL's form only (no network), for validation as the user types."""
    parsed = _parse(url)
    return parsed if isinstance(parsed, ConnectionProblem) else None


def _client(
    url: str,
    transport: httpx.AsyncBaseTransport | None,
    limits: RateLimits,
    progress: Callable[[Progress], None] | None = None,
    retry: RetryPolicy | None = None,
) -> BitrixClient:
    kwargs: dict[str, Any] = {"transport": transport, "limits": limits, "progress": progress}
    if retry is not None:
        kwargs["retry"] = retry
    return BitrixClient.from_webhook(url, **kwargs)


async def check_connection(
    url: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    enterprise: bool = False,
    limits: RateLimits | None = None,
) -> ConnectionCheck:
    """Ask the portal who the webhook is, whether it is an admin and which scopes it has.

    One request: a batch of user.current, user.admin and scope (both basic-scope methods,
    so they answer even when the webhook lacks everything else).
    """
    parsed = _parse(url)
    if isinstance(parsed, ConnectionProblem):
        return ConnectionCheck(parsed)
    host = parsed.host
    if limits is None:
        limits = RateLimits.enterprise() if enterprise else RateLimits.standard()
    # A quick verdict matters more here than riding out a flaky network.
    client = _client(url, transport, limits, retry=RetryPolicy(budget=2))
    commands = {
        "me": Command("user.current"),
        "admin": Command("user.admin"),
        "scope": Command("scope"),
    }
    try:
        for _ in range(CHECK_ATTEMPTS):
            result = await client.batch(commands)
            # A command that failed for a passing reason (time budget, a 5xx inside the
            # batch) says nothing about the webhook: ask again rather than misreport it.
            if not any(_temporary(o) for o in result.outcomes.values()):
                break
    except BitrixError as exc:
        return ConnectionCheck(_problem_for(exc), host=host, detail=exc.code)
    finally:
        await client.aclose()
    scope = result.outcomes["scope"]
    granted = set(scope.result) if scope.ok and isinstance(scope.result, list) else set()
    missing = tuple(s for s in REQUIRED_SCOPES if s not in granted)
    if "user" in missing and granted & _USER_SCOPES:
        # Lists work with user_basic/user_brief; only dismissing needs full `user`.
        missing = tuple(s for s in missing if s != "user")
    optional = tuple(s for s in OPTIONAL_SCOPES if s not in granted)
    me_outcome = result.outcomes["me"]
    user = (
        user_info_from_row(me_outcome.result, {})
        if me_outcome.ok and isinstance(me_outcome.result, Mapping)
        else None
    )
    if missing:
        return ConnectionCheck(
            ConnectionProblem.MISSING_SCOPES,
            host=host,
            user=user,
            missing_scopes=missing,
            missing_optional_scopes=optional,
        )
    admin = result.outcomes["admin"]
    if not (admin.ok and admin.result is True):
        return ConnectionCheck(ConnectionProblem.NOT_ADMIN, host=host, user=user)
    return ConnectionCheck(None, host=host, user=user, missing_optional_scopes=optional)


def _temporary(outcome: CommandOutcome) -> bool:
    code = outcome.error.code.upper() if outcome.error is not None else ""
    return outcome.status is CommandStatus.NOT_RUN or code in _TEMPORARY_CODES


def _problem_for(exc: BitrixError) -> ConnectionProblem:
    """The plain-words problem behind a failed check request (§1.1, §2.3)."""
    if isinstance(exc, RetryBudgetExhausted | TransportError):
        return ConnectionProblem.UNREACHABLE
    code = exc.code.upper()
    if code == "AUTHORIZATION_ERROR":
        return ConnectionProblem.OWNER_DISMISSED
    if code == "INVALID_REQUEST":
        return ConnectionProblem.HTTPS_REQUIRED
    if isinstance(exc, PortalBlocked):
        return ConnectionProblem.BLOCKED
    if isinstance(exc, AccessDenied) and code == "ACCESS_DENIED":
        return ConnectionProblem.NO_REST_ON_PLAN  # "REST is available only on commercial plans."
    if isinstance(exc, AuthError):
        return ConnectionProblem.WRONG_SECRET
    if isinstance(exc, MethodNotFound) or exc.http_status in (404, 405):
        return ConnectionProblem.NOT_A_PORTAL
    return ConnectionProblem.UNREACHABLE


async def open_portal(
    url: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    enterprise: bool = False,
    limits: RateLimits | None = None,
    wording: Wording | None = None,
) -> PortalConnection:
    """Open a connection for real work; raises GatewayError if the portal refuses.

    Call `check_connection` first to explain problems; this one trusts the webhook.
    `limits` overrides the plan's rate limits (the demo portal runs faster than the cloud).
    """
    if limits is None:
        limits = RateLimits.enterprise() if enterprise else RateLimits.standard()
    listeners: list[Callable[[Progress], None]] = []

    def fan_out(progress: Progress) -> None:
        for listener in listeners:
            listener(progress)

    client = _client(url, transport, limits, progress=fan_out)
    gateway = BitrixCrmGateway(client, wording=wording)
    listeners.append(gateway.on_client_progress)
    try:
        me = await gateway.current_user()
    except BaseException:
        await client.aclose()
        raise
    return PortalConnection(client, gateway, me, client.host, limits, listeners)
