"""Connecting to a portal: check a webhook or OAuth tokens in plain terms, then open it."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx

from desktop_handover.bitrix.auth import (
    DEFAULT_TOKEN_URL,
    OAuthApp,
    OAuthAuth,
    WebhookAuth,
    is_loopback,
)
from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import (
    AccessDenied,
    AuthError,
    BitrixError,
    MethodNotFound,
    OAuthError,
    PortalBlocked,
    RetryBudgetExhausted,
    TransportError,
)
from desktop_handover.bitrix.ratelimit import RateLimits, RetryPolicy, eta_seconds
from desktop_handover.bitrix.types import (
    Command,
    CommandOutcome,
    CommandStatus,
    Progress,
    TokenPair,
)
from desktop_handover.handover.ports import Pacing, UserInfo
from desktop_handover.services.catalog import PortalCatalog
from desktop_handover.services.gateway import BitrixCrmGateway, Wording
from desktop_handover.services.prefetch import (
    SETUP_USER_PAGES,
    Prefetch,
    prefetch_commands,
    read_prefetch,
    user_info_from_row,
)

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
    """Why a webhook or OAuth tokens cannot be used, in terms the UI and CLI turn into advice."""

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
    #: OAuth: the refresh token expired or was revoked (`invalid_grant`), or the access token
    #: is unknown: the user has to sign in again and bring new tokens (§1.2).
    SIGN_IN_AGAIN = "sign_in_again"
    #: OAuth: the OAuth server does not know this client id and secret (`invalid_client`).
    INVALID_CLIENT = "invalid_client"


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
        prefetch: the setup data the check's batch brought along, when asked for with
            `prefetch=True` and the portal answered; hand it to `open_portal`.
    """

    problem: ConnectionProblem | None
    host: str = ""
    user: UserInfo | None = None
    missing_scopes: tuple[str, ...] = ()
    missing_optional_scopes: tuple[str, ...] = ()
    detail: str = ""
    prefetch: Prefetch | None = field(default=None, repr=False, compare=False)

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


def _plan_limits(enterprise: bool, limits: RateLimits | None) -> RateLimits:
    """The portal's rate limits: an explicit override, else the plan's (§5.1)."""
    if limits is not None:
        return limits
    return RateLimits.enterprise() if enterprise else RateLimits.standard()


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
    prefetch: bool = False,
    user_pages: int = SETUP_USER_PAGES,
) -> ConnectionCheck:
    """Ask the portal who the webhook is, whether it is an admin and which scopes it has.

    One request: a batch of user.current, user.admin and scope (both basic-scope methods,
    so they answer even when the webhook lacks everything else). With `prefetch`, the same
    batch also asks for what opening the portal and planning need (`Prefetch`: users,
    departments, smart processes, stages), so that the whole setup of a command costs one
    request; a portal with more than `user_pages` × 50 users costs one more.
    """
    parsed = _parse(url)
    if isinstance(parsed, ConnectionProblem):
        return ConnectionCheck(parsed)
    limits = _plan_limits(enterprise, limits)
    # A quick verdict matters more here than riding out a flaky network.
    client = _client(url, transport, limits, retry=RetryPolicy(budget=2))
    return await _check(client, parsed.host, oauth=False, prefetch=prefetch, user_pages=user_pages)


_CHECK_KEYS = ("me", "admin", "scope")


async def _check(
    client: BitrixClient,
    host: str,
    *,
    oauth: bool,
    prefetch: bool = False,
    user_pages: int = SETUP_USER_PAGES,
) -> ConnectionCheck:
    """The check's one batch through `client` (closed afterwards), in plain terms."""
    commands = {
        "me": Command("user.current"),
        "admin": Command("user.admin"),
        "scope": Command("scope"),
    }
    if prefetch:
        # Commands of scopes the webhook lacks fail on their own inside the batch (§4).
        commands.update(prefetch_commands(user_pages))
    setup: Prefetch | None = None
    try:
        for _ in range(CHECK_ATTEMPTS):
            sent_at = time.monotonic()
            result = await client.batch(commands)
            # A command that failed for a passing reason (time budget, a 5xx inside the
            # batch) says nothing about the webhook: ask again rather than misreport it.
            # A setup command that failed is asked for later by the gateway instead.
            if not any(_temporary(result.outcomes[k]) for k in _CHECK_KEYS):
                break
        if prefetch:
            me_row = result.outcomes["me"].result
            setup = await read_prefetch(
                client,
                result.outcomes,
                me=me_row if result.outcomes["me"].ok and isinstance(me_row, Mapping) else None,
                fetched_at=sent_at,
            )
    except BitrixError as exc:
        return ConnectionCheck(_problem_for(exc, oauth=oauth), host=host, detail=exc.code)
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
            prefetch=setup,
        )
    admin = result.outcomes["admin"]
    if not (admin.ok and admin.result is True):
        return ConnectionCheck(ConnectionProblem.NOT_ADMIN, host=host, user=user, prefetch=setup)
    return ConnectionCheck(
        None, host=host, user=user, missing_optional_scopes=optional, prefetch=setup
    )


def _temporary(outcome: CommandOutcome) -> bool:
    code = outcome.error.code.upper() if outcome.error is not None else ""
    return outcome.status is CommandStatus.NOT_RUN or code in _TEMPORARY_CODES


def _problem_for(exc: BitrixError, *, oauth: bool = False) -> ConnectionProblem:
    """The plain-words problem behind a failed check request (§1.1, §2.3)."""
    if isinstance(exc, RetryBudgetExhausted | TransportError):
        return ConnectionProblem.UNREACHABLE
    code = exc.code.upper()
    if isinstance(exc, OAuthError):
        # §1.2: invalid_grant means "log in again"; a token URL that did not answer is a
        # network problem (REFRESH_FAILED).
        if code == "INVALID_CLIENT":
            return ConnectionProblem.INVALID_CLIENT
        if code == "REFRESH_FAILED":
            return ConnectionProblem.UNREACHABLE
        return ConnectionProblem.SIGN_IN_AGAIN
    if code in ("INVALID_TOKEN", "NO_AUTH_FOUND") and oauth:
        return ConnectionProblem.SIGN_IN_AGAIN
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
    prefetch: Prefetch | None = None,
    fresh_for: float = 0.0,
) -> PortalConnection:
    """Open a connection for real work; raises GatewayError if the portal refuses.

    Call `check_connection` first to explain problems; this one trusts the webhook.
    `limits` overrides the plan's rate limits (the demo portal runs faster than the cloud).
    `prefetch` (the check's, from `check_connection(prefetch=True)`) saves the requests
    for the webhook's user and the setup data; `fresh_for` is how long user and
    smart-process lists answer later calls (`BitrixCrmGateway`; 0 lists on every call).
    """
    limits = _plan_limits(enterprise, limits)
    listeners: list[Callable[[Progress], None]] = []

    def fan_out(progress: Progress) -> None:
        for listener in listeners:
            listener(progress)

    client = _client(url, transport, limits, progress=fan_out)
    return await _connect(client, limits, listeners, wording, prefetch, fresh_for)


async def _connect(  # noqa: PLR0917 - a private helper of the two openers
    client: BitrixClient,
    limits: RateLimits,
    listeners: list[Callable[[Progress], None]],
    wording: Wording | None,
    prefetch: Prefetch | None,
    fresh_for: float,
) -> PortalConnection:
    """Wrap `client` in a gateway, ask who we are, and hand back the open connection."""
    gateway = BitrixCrmGateway(client, wording=wording, prefetch=prefetch, fresh_for=fresh_for)
    listeners.append(gateway.on_client_progress)
    try:
        me = await gateway.current_user()
    except BaseException:
        await client.aclose()
        raise
    return PortalConnection(client, gateway, me, client.host, limits, listeners)


# --- OAuth (bitrix24-api.md §1.2) --------------------------------------------------------------

#: The hook that receives each rotated token pair (for the keychain).
OnRefresh = Callable[[TokenPair], Awaitable[None] | None]


def _oauth_client(  # noqa: PLR0917 - a private helper mirroring _client
    portal_url: str,
    app: OAuthApp,
    tokens: TokenPair,
    transport: httpx.AsyncBaseTransport | None,
    limits: RateLimits,
    on_refresh: OnRefresh | None,
    progress: Callable[[Progress], None] | None = None,
    retry: RetryPolicy | None = None,
) -> BitrixClient:
    kwargs: dict[str, Any] = {"transport": transport, "limits": limits, "progress": progress}
    if retry is not None:
        kwargs["retry"] = retry
    return BitrixClient.from_oauth(
        portal_url,
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        app=app,
        on_refresh=on_refresh,
        **kwargs,
    )


def _parse_oauth(portal_url: str, app: OAuthApp, tokens: TokenPair) -> str | ConnectionProblem:
    """The portal's host, or why the address or token URL cannot be used (no network)."""
    try:
        auth = OAuthAuth(
            portal_url,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            app=app,
        )
    except (ValueError, httpx.InvalidURL):
        # OAuthAuth's messages never quote a token; only the scheme decides the problem.
        plain_http = portal_url.strip().lower().startswith(
            "http://"
        ) or app.token_url.strip().lower().startswith("http://")
        return ConnectionProblem.HTTPS_REQUIRED if plain_http else ConnectionProblem.INVALID_URL
    return auth.host


def validate_portal_address(portal_url: str) -> ConnectionProblem | None:
    """Check an OAuth profile's portal address by form only (no network), as the user types."""
    text = portal_url.strip()
    if not text:
        return ConnectionProblem.INVALID_URL
    found = _parse_oauth(text, OAuthApp("-", "-"), TokenPair("-", "-"))
    return found if isinstance(found, ConnectionProblem) else None


def token_url_for(portal_url: str) -> str:
    """The OAuth server for a portal: oauth.bitrix.info, or the emulator's own on loopback.

    The emulator (`portal serve`, bitrix24-api.md §1.2) answers /oauth/token/ on its own
    host; every cloud portal uses https://oauth.bitrix.info/oauth/token/.
    """
    try:
        parsed = httpx.URL(portal_url.strip())
    except httpx.InvalidURL:
        return DEFAULT_TOKEN_URL
    if parsed.scheme in ("http", "https") and parsed.host and is_loopback(parsed.host):
        return str(parsed.copy_with(path="/oauth/token/", query=None, fragment=None))
    return DEFAULT_TOKEN_URL


async def check_oauth_connection(
    portal_url: str,
    app: OAuthApp,
    tokens: TokenPair,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    enterprise: bool = False,
    limits: RateLimits | None = None,
    on_refresh: OnRefresh | None = None,
    prefetch: bool = False,
) -> ConnectionCheck:
    """`check_connection` for OAuth tokens: who they act as, admin or not, which scopes.

    An expired access token is refreshed once on the way (§1.2); `on_refresh` receives the
    rotated pair, which must be stored, since the old refresh token no longer works.
    `prefetch` as for `check_connection`.
    """
    if not (app.client_id.strip() and app.client_secret.strip()):
        return ConnectionCheck(ConnectionProblem.INVALID_CLIENT)
    if not (tokens.access_token.strip() and tokens.refresh_token.strip()):
        return ConnectionCheck(ConnectionProblem.SIGN_IN_AGAIN)
    host = _parse_oauth(portal_url, app, tokens)
    if isinstance(host, ConnectionProblem):
        return ConnectionCheck(host)
    limits = _plan_limits(enterprise, limits)
    client = _oauth_client(
        portal_url, app, tokens, transport, limits, on_refresh, retry=RetryPolicy(budget=2)
    )
    return await _check(client, host, oauth=True, prefetch=prefetch)


async def open_portal_oauth(
    portal_url: str,
    app: OAuthApp,
    tokens: TokenPair,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    enterprise: bool = False,
    limits: RateLimits | None = None,
    on_refresh: OnRefresh | None = None,
    wording: Wording | None = None,
    prefetch: Prefetch | None = None,
    fresh_for: float = 0.0,
) -> PortalConnection:
    """`open_portal` for OAuth tokens; `on_refresh` must store each rotated pair (§1.2).

    `prefetch` and `fresh_for` as for `open_portal`.

    Raises GatewayError if the portal refuses (call `check_oauth_connection` to explain why).
    """
    limits = _plan_limits(enterprise, limits)
    listeners: list[Callable[[Progress], None]] = []

    def fan_out(progress: Progress) -> None:
        for listener in listeners:
            listener(progress)

    client = _oauth_client(
        portal_url, app, tokens, transport, limits, on_refresh, progress=fan_out
    )
    return await _connect(client, limits, listeners, wording, prefetch, fresh_for)
