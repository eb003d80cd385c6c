"""The one request handler both doors of the emulated portal share (transport.py, server.py).

`Emulator.handle()` takes a door-neutral `Request` and answers with a `Response` that may ask
the door to drop the connection or hold the reply back (the `reset`, `lost_reply` and `slow`
faults). It routes `/rest/{uid}/{secret}/{method}[.json]` through the checks in the order the
portal makes them (bitrix24-api.md §1.1, §2, S-rest `process`): rate bucket, method lookup,
webhook auth (https, credentials, scope, owner still active), operating budget, the call; routes
`/rest/{method}` the same way with an OAuth access token (`auth`, `access_token` or a Bearer
header, §1.2); runs `batch` itself (§4); and serves the OAuth token endpoint `/oauth/token/` and
the admin endpoints under `/_emulator/`, which no limit or fault ever touches.

The `concurrent_edit` fault lives here too, since it spans requests (issue 2: "another user
reassigns an item between the client's list and its update"). A request that writes nothing
arms each record its list commands returned with the fault's probability; the next /rest/
request, whatever it is, first lets a colleague take every armed record whose owner is still
the one it was listed with. A request that lists and updates (a guarded batch) arms nothing.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import importlib
import ipaddress
import json
import logging
import pkgutil
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from desktop_handover.emulator import methods as methods_package
from desktop_handover.emulator import wire
from desktop_handover.emulator.api import (
    REGISTRY,
    SWITCH_DEFAULTS,
    ApiError,
    CallContext,
    ListPage,
    MethodSpec,
    Params,
    php_bool,
    php_intval,
)
from desktop_handover.emulator.limits import Clock, EmulatorConfig, Limits
from desktop_handover.emulator.state import (
    Activity,
    CrmItem,
    OAuthClient,
    OAuthGrant,
    Portal,
    Task,
    User,
    Webhook,
    owner_of,
)

#: A stored record any list method may return.
Record = CrmItem | Activity | Task

log = logging.getLogger(__name__)

#: Commands a batch runs; later ones get ERROR_BATCH_LENGTH_EXCEEDED (§4, CRestUtil).
BATCH_MAX_LENGTH = 50
ADMIN_PREFIX = "/_emulator/"
#: A dropped connection promises this many body bytes and sends none (both doors agree).
DROP_PROMISED_BYTES = 64
REST_PREFIX = "/rest/"
#: The emulator serves the OAuth server's token endpoint on its own host (§1.2; on the cloud
#: it is https://oauth.bitrix.info/oauth/token/).
TOKEN_PATHS = ("/oauth/token/", "/oauth/token")
#: Lifetimes of an access and a refresh token (§1.2: 1 hour, 180 days).
ACCESS_TOKEN_SECONDS = 3600
REFRESH_TOKEN_SECONDS = 180 * 24 * 3600

# S-util processBatchElement: a reference is `$<collection>` plus everything up to whitespace;
# its path is every `[...]` in that tail.
_REFERENCE = re.compile(r"\$(result|next|total|time|error)([^\s]*)", re.IGNORECASE)
_PATH_PART = re.compile(r"\[([^\]]+)\]")
_CANONICAL_INT = re.compile(r"^(0|-?[1-9][0-9]{0,18})$")

_SLEEP: Callable[[float], Awaitable[None]] = asyncio.sleep


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request as both doors hand it over: nothing door-specific left in it."""

    method: str
    scheme: str
    host: str
    path: str  # percent-encoded, as on the wire
    query: str  # the raw query string, without '?'
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""


@dataclass(slots=True)
class Response:
    """The handler's answer; `drop` and `delay` tell the door how to misbehave.

    `drop`: the connection breaks and the client never sees a complete reply (whether the
    server acted is the fault's business). `delay`: seconds the reply is held back.
    """

    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    drop: bool = False
    delay: float = 0.0

    def json(self) -> Any:
        """The decoded body (for tests and tools)."""
        return json.loads(self.body)


@dataclass(slots=True)
class _Auth:
    # An OAuth grant is seen by the methods as a webhook of its user with its scopes: methods
    # only ask who calls and with which scopes.
    webhook: Webhook
    user: User

    @property
    def key(self) -> tuple[int, str]:
        # Budgets are per webhook or app (§5.2); the key never leaves this process.
        return (self.webhook.user_id, self.webhook.secret)


@dataclass(slots=True)
class _Outcome:
    """One call's result before it is put into an envelope or a batch collection."""

    result: Any = None
    next: int | None = None
    total: int | None = None
    records: Sequence[Record] = ()
    error: ApiError | None = None
    time: wire.CallTime | None = None
    operating: float = 0.0
    operating_reset_at: int = 0


class _CutOff(Exception):
    """The request ran past the per-request cap (§5.3)."""


def load_methods() -> Mapping[str, MethodSpec]:
    """Import every module of `emulator.methods` so that each registers its methods."""
    for module in pkgutil.iter_modules(methods_package.__path__):
        importlib.import_module(f"{methods_package.__name__}.{module.name}")
    return REGISTRY


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _php_index(node: Any, key: str) -> Any:
    """`$node[$key]` if PHP's isset() holds, else None."""
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list):
        if _CANONICAL_INT.match(key):
            index = int(key)
            if 0 <= index < len(node):
                return node[index]
        return None
    if isinstance(node, str) and _CANONICAL_INT.match(key):
        index = int(key)
        return node[index] if 0 <= index < len(node) else None
    return None


def _is_numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        try:
            float(value.strip())
        except ValueError:
            return False
        return value.strip() != ""
    return False


def _php_string(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_url(command: str) -> tuple[str, str]:
    """PHP parse_url for a batch command: (path, query)."""
    command = command.split("#", 1)[0]
    path, _, query = command.partition("?")
    return path, query


class Emulator:
    """An emulated Bitrix24 portal behind one async `handle()`: state, limits, faults, stats.

    Build it from a Portal (kept as a deep copy for POST /_emulator/reset) or from a factory
    that builds the initial portal (cheaper for big seeded portals: reset calls it again).
    """

    def __init__(
        self,
        portal: Portal | Callable[[], Portal],
        config: EmulatorConfig | None = None,
        *,
        clock: Clock = time.time,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.config = config or EmulatorConfig()
        self.clock = clock
        self._sleep = sleep or _SLEEP
        if isinstance(portal, Portal):
            pristine = copy.deepcopy(portal)
            self._factory: Callable[[], Portal] = lambda: copy.deepcopy(pristine)
            self.portal = portal
        else:
            self._factory = portal
            self.portal = portal()
        self.registry = load_methods()
        self._stamp_grants()
        self.tz = wire.portal_timezone(self.config.utc_offset_minutes)
        self.limits = Limits(self.config, clock)
        #: (kind, record id, old owner, new owner) of every concurrent_edit fault, in order.
        self.concurrent_edits: list[tuple[str, int, int, int]] = []
        #: Records a colleague takes at the start of the next /rest/ request, each with the
        #: owner it was listed with (the `concurrent_edit` fault, module docstring).
        self._armed: list[tuple[Record, int]] = []

    def webhook_url(self, base_url: str, *, limited: bool = False) -> str:
        """The webhook URL a client should use: `{base_url}/rest/{uid}/{secret}/`.

        The admin's webhook (its owner an administrator), or with `limited` the first other
        one. `base_url` is e.g. `https://demo.bitrix24.pl` (in-process door) or
        `http://127.0.0.1:PORT` (loopback door). Raises LookupError when there is none.
        """
        users = self.portal.users
        admins = [
            w for w in self.portal.webhooks if w.user_id in users and users[w.user_id].is_admin
        ]
        if not admins:
            raise LookupError("the portal has no admin webhook")
        chosen = admins[0]
        if limited:
            others = [w for w in self.portal.webhooks if w is not chosen]
            if not others:
                raise LookupError("the portal has no limited webhook")
            chosen = others[0]
        return f"{base_url.rstrip('/')}/rest/{chosen.user_id}/{chosen.secret}/"

    def oauth_client(self) -> OAuthClient:
        """The portal's first OAuth app (raises LookupError when there is none)."""
        if not self.portal.oauth_clients:
            raise LookupError("the portal has no OAuth app")
        return self.portal.oauth_clients[0]

    def oauth_grant(self) -> OAuthGrant:
        """The first issued token pair of the first OAuth app (raises LookupError if none)."""
        client = self.oauth_client()
        for grant in self.portal.oauth_grants:
            if grant.client_id == client.client_id:
                return grant
        raise LookupError("the portal has no OAuth tokens")

    def _stamp_grants(self) -> None:
        # Seeded pairs carry no times (the seed has no clock): they start now.
        now = self.clock()
        for grant in self.portal.oauth_grants:
            if grant.expires is None:
                grant.expires = now + ACCESS_TOKEN_SECONDS
            if grant.refresh_expires is None:
                grant.refresh_expires = now + REFRESH_TOKEN_SECONDS

    # --- the OAuth server (§1.2) -------------------------------------------------------------

    def _token(self, request: Request) -> Response:
        """GET /oauth/token/?grant_type=refresh_token&...: a new pair, the old one revoked."""
        params = wire.request_params(
            request.query, request.headers.get("content-type", ""), request.body
        )

        def text(name: str) -> str:
            value = params.get(name)
            return value if isinstance(value, str) else ""

        if request.method.upper() not in ("GET", "POST"):
            return self._oauth_error(405, "invalid_request", "Method not allowed")
        if text("grant_type") != "refresh_token":
            # authorization_code needs the browser round-trip, which the emulator has not.
            return self._oauth_error(400, "invalid_request", "Unsupported grant_type")
        client = next(
            (
                c
                for c in self.portal.oauth_clients
                if hmac.compare_digest(c.client_id.encode(), text("client_id").encode())
            ),
            None,
        )
        if client is None or not hmac.compare_digest(
            client.client_secret.encode(), text("client_secret").encode()
        ):
            return self._oauth_error(401, "invalid_client", "Invalid client")
        refresh_token = text("refresh_token").encode()
        now = self.clock()
        grant = next(
            (
                g
                for g in self.portal.oauth_grants
                if g.client_id == client.client_id
                and hmac.compare_digest(g.refresh_token.encode(), refresh_token)
            ),
            None,
        )
        if grant is None or (grant.refresh_expires is not None and grant.refresh_expires <= now):
            # Expired or unknown (a rotated one included): the user has to log in again.
            return self._oauth_error(400, "invalid_grant", "Invalid grant")
        # Each refresh returns a new refresh token; the old pair stops working (§1.2).
        grant.access_token, grant.refresh_token = self._new_token(), self._new_token()
        grant.expires = now + ACCESS_TOKEN_SECONDS
        grant.refresh_expires = now + REFRESH_TOKEN_SECONDS
        host = request.headers.get("host") or request.host
        document = {
            "access_token": grant.access_token,
            "expires": int(grant.expires),
            "expires_in": ACCESS_TOKEN_SECONDS,
            "scope": ",".join(sorted(grant.scopes)),
            "domain": "oauth.bitrix.info",
            "server_endpoint": "https://oauth.bitrix.info/rest/",
            "status": "L",
            "client_endpoint": f"{request.scheme}://{host}/rest/",
            "member_id": hashlib.md5(
                self.portal.domain.encode(), usedforsecurity=False
            ).hexdigest(),
            "user_id": grant.user_id,
            "refresh_token": grant.refresh_token,
        }
        return Response(200, json.dumps(document).encode(), wire.headers())

    def _new_token(self) -> str:
        # Drawn from the seeded fault generator's own stream would shift fault sequences; a
        # token needs no reproducibility, only uniqueness.
        return secrets.token_hex(35)

    def _oauth_error(self, status: int, code: str, description: str) -> Response:
        return Response(
            status,
            json.dumps({"error": code, "error_description": description}).encode(),
            wire.headers(),
        )

    def _find_grant(self, token: str) -> OAuthGrant | None:
        for grant in self.portal.oauth_grants:
            if hmac.compare_digest(grant.access_token.encode(), token.encode()):
                return grant
        return None

    def _oauth_auth(
        self, request: Request, params: Params, spec: MethodSpec | None
    ) -> _Auth | Response:
        """Authenticate a `/rest/<method>` call by its OAuth access token (§1.2)."""
        token = ""
        for name in ("auth", "access_token"):
            value = params.pop(name, None)
            if isinstance(value, str) and value and not token:
                token = value
        header = request.headers.get("authorization", "")
        if not token and header[:7].lower() == "bearer ":
            token = header[7:].strip()
        if not token:
            return self._error(401, "NO_AUTH_FOUND", "Wrong authorization data")
        grant = self._find_grant(token)
        if grant is None:
            if self._switch("oauth_unknown_token_no_auth_found"):
                return self._error(401, "NO_AUTH_FOUND", "Wrong authorization data")
            return self._error(401, "invalid_token", "The access token provided is invalid")
        if grant.expires is not None and grant.expires <= self.clock():
            return self._error(401, "expired_token", "The access token provided has expired")
        if spec is not None and not spec.allowed_by(grant.scopes):
            return self._error(
                401,
                "insufficient_scope",
                "The request requires higher privileges than provided by the access token",
            )
        user = self.portal.users.get(grant.user_id)
        if user is None or not user.active:
            return self._error(401, "authorization_error", "Unable to authorize user")
        return _Auth(Webhook(grant.user_id, f"oauth:{grant.client_id}", grant.scopes), user)

    # --- admin -----------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the initial seeded portal, with fresh limits, counters and fault sequence."""
        self.portal = self._factory()
        self._stamp_grants()
        self.limits = Limits(self.config, self.clock)
        self.concurrent_edits = []
        self._armed = []

    def stats(self) -> dict[str, Any]:
        """GET /_emulator/stats: the limit counters, and live-feed posts per record.

        `live_feed_posts` is {entityTypeId: {id: posts}} for records that got any (see
        `Portal.feed_posts`).
        """
        posts: dict[str, dict[str, int]] = {}
        for (type_id, item_id), count in sorted(self.portal.feed_posts.items()):
            posts.setdefault(str(type_id), {})[str(item_id)] = count
        return {**self.limits.stats.as_json(), "live_feed_posts": posts}

    def snapshot(self) -> dict[str, dict[str, int]]:
        """GET /_emulator/snapshot: the responsible user of every record, by kind."""
        out: dict[str, dict[str, int]] = {}
        type_ids = list(self.portal.entity_type_ids())
        type_ids += [t for t in sorted(self.portal.items) if t not in type_ids]
        for type_id in type_ids:
            table = self.portal.items.get(type_id)
            rows = table.rows if table is not None else {}
            ids = table.sorted_ids if table is not None else []
            out[str(type_id)] = {str(i): rows[i].assigned_by_id for i in ids}
        out["activity"] = {
            str(i): self.portal.activities.rows[i].responsible_id
            for i in self.portal.activities.sorted_ids
        }
        out["task"] = {
            str(i): self.portal.tasks.rows[i].responsible_id for i in self.portal.tasks.sorted_ids
        }
        return out

    def _admin(self, request: Request) -> Response:
        route = (request.method.upper(), request.path)
        document: Any
        if route == ("GET", "/_emulator/stats"):
            document = self.stats()
        elif route == ("GET", "/_emulator/snapshot"):
            document = self.snapshot()
        elif route == ("POST", "/_emulator/reset"):
            self.reset()
            document = {"result": True}
        else:
            return Response(
                404,
                json.dumps(wire.error("NOT_FOUND", "Unknown admin endpoint")).encode(),
                wire.headers(),
            )
        # Plain JSON here, not PHP's: an empty snapshot section stays an object.
        return Response(200, json.dumps(document).encode(), wire.headers())

    # --- the request path ------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        """Answer one HTTP request."""
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin(request)
        if request.path in TOKEN_PATHS:
            # The OAuth server is another host on the cloud: no portal limit or fault applies.
            return self._token(request)
        if not request.path.startswith(REST_PREFIX):
            return self._error(404, "NOT_FOUND", "Not found")
        # The colleague acts before anything of this request runs, be it refused or not.
        self._take_armed()
        stats = self.limits.stats
        stats.http_requests += 1
        faults = self.limits.faults
        # The bucket sits in front of everything, a batch is one request (§5.1, §4).
        if not self.limits.bucket.try_acquire() or faults.roll("rate_limit"):
            stats.rejected_503 += 1
            return self._error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        if faults.roll("server_error"):
            return self._error(500, "INTERNAL_SERVER_ERROR", "Internal server error")
        if faults.roll("reset"):
            return Response(0, b"", drop=True)
        if self.config.latency_ms > 0:
            await self._sleep(self.config.latency_ms / 1000.0)
        try:
            response = self._rest(request)
        except _CutOff:
            # §5.3: past 60 s the request is cut off; what ran so far stays done.
            return Response(0, b"", drop=True)
        if faults.roll("lost_reply"):
            return Response(0, b"", drop=True)
        if faults.roll("slow"):
            response.delay = self.config.slow_seconds
        return response

    def _error(self, status: int, code: str, description: str, *, auth: bool = False) -> Response:
        if auth and self._switch("auth_status_from_docs"):
            status = {"INVALID_REQUEST": 400, "INVALID_CREDENTIALS": 403}.get(code, status)
            if code == "insufficient_scope":
                status = 403
        return Response(status, wire.encode(wire.error(code, description)), wire.headers())

    def _switch(self, name: str) -> bool:
        value = self.config.switches.get(name)
        return SWITCH_DEFAULTS.get(name, False) if value is None else value

    def _rest(self, request: Request) -> Response:
        parts = [unquote(p) for p in request.path[len(REST_PREFIX) :].split("/")]
        if parts and parts[-1] == "":
            parts.pop()
        method_part = parts[-1] if parts else ""
        for suffix in (".json", ".xml"):
            if method_part.lower().endswith(suffix):
                method_part = method_part[: -len(suffix)]
        name = method_part.lower()
        spec = self.registry.get(name)
        if name != "batch" and (spec is None or len(parts) not in (1, 3)):
            return self._error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        if len(parts) == 1:
            params = wire.request_params(
                request.query, request.headers.get("content-type", ""), request.body
            )
            found = self._oauth_auth(request, params, spec)
            if isinstance(found, Response):
                return found
            return self._call(name, spec, params, found)
        if len(parts) != 3:
            return self._error(401, "NO_AUTH_FOUND", "Wrong authorization data")
        uid, secret = parts[0], parts[1]
        if (
            self.config.https_required_for_non_loopback
            and request.scheme != "https"
            and not _is_loopback(request.host)
        ):
            return self._error(401, "INVALID_REQUEST", "Https required.", auth=True)
        webhook = self._find_webhook(uid, secret)
        if webhook is None:
            return self._error(
                401, "INVALID_CREDENTIALS", "Invalid request credentials", auth=True
            )
        if spec is not None and not spec.allowed_by(webhook.scopes):
            return self._error(
                401,
                "insufficient_scope",
                "The request requires higher privileges than provided by the webhook token",
                auth=True,
            )
        user = self.portal.users.get(webhook.user_id)
        if user is None or not user.active:
            # CRestUtil::makeAuth logs in only ACTIVE users: a dismissed owner's webhook stops
            # working (§1.1).
            return self._error(401, "authorization_error", "Unable to authorize user")
        auth = _Auth(webhook, user)
        params = wire.request_params(
            request.query, request.headers.get("content-type", ""), request.body
        )
        return self._call(name, spec, params, auth)

    def _call(self, name: str, spec: MethodSpec | None, params: Params, auth: _Auth) -> Response:
        """Run an authenticated call or batch and wrap it in the success envelope."""
        if name == "batch":
            return self._batch(params, auth)
        assert spec is not None
        outcome = self._invoke(spec, params, auth)
        if not spec.writes:
            self._arm(outcome.records)
        if outcome.error is not None:
            return self._error(outcome.error.status, outcome.error.code, outcome.error.description)
        assert outcome.time is not None
        if outcome.time.finish - outcome.time.start > self.config.request_cap:
            raise _CutOff
        document = wire.success(
            outcome.result,
            outcome.time.as_json(self.tz, outcome.operating, outcome.operating_reset_at),
            next_offset=outcome.next,
            total=outcome.total,
        )
        return Response(200, wire.encode(document), wire.headers(outcome.time.processing))

    def _find_webhook(self, uid: str, secret: str) -> Webhook | None:
        # S-apauth check(): a numeric uid is a user id (logins are not emulated).
        if not _CANONICAL_INT.match(uid):
            return None
        user_id = int(uid)
        for webhook in self.portal.webhooks:
            if webhook.user_id == user_id and hmac.compare_digest(
                webhook.secret.encode(), secret.encode()
            ):
                return webhook
        return None

    def _invoke(self, spec: MethodSpec, params: Params, auth: _Auth) -> _Outcome:
        """Run one method call: budget check, the call, billing (shared by batch)."""
        limits = self.limits
        key: Any = "portal" if self._switch("operating_budget_per_portal") else auth.key
        if limits.budget.is_over(key, spec.name):
            limits.stats.rejected_429 += 1
            return _Outcome(
                error=ApiError(
                    429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."
                )
            )
        ctx = CallContext(
            self.portal,
            auth.webhook,
            auth.user,
            switches=dict(self.config.switches),
            start=php_intval(params.get("start", 0)),
            method=spec.name,
            clock=self.clock,
            tz=self.tz,
        )
        start = self.clock()
        began = time.perf_counter()
        outcome = _Outcome()
        try:
            value = spec.handler(ctx, params)
        except ApiError as exc:
            outcome.error = exc
        except Exception:  # a bug in a method module: answer as the portal's fatal error would
            log.exception("method %s failed", spec.name)
            outcome.error = ApiError(500, "INTERNAL_SERVER_ERROR", "Internal server error")
        else:
            if isinstance(value, ListPage):
                outcome.result, outcome.next, outcome.total = value.result, value.next, value.total
                outcome.records = value.records
            else:
                outcome.result = value
        real = time.perf_counter() - began
        cost = self.config.cost_of(spec.name, spec.cost)
        limits.budget.bill(key, spec.name, cost)
        limits.stats.calls[spec.name] += 1
        limits.stats.operating[spec.name] = limits.stats.operating.get(spec.name, 0.0) + cost
        outcome.time = wire.CallTime(start, cost + real)
        outcome.operating = round(limits.budget.used(key, spec.name), 6)
        outcome.operating_reset_at = limits.budget.reset_at(key, spec.name)
        return outcome

    # --- the concurrent_edit fault -------------------------------------------------------

    def _arm(self, records: Sequence[Record]) -> None:
        """Arm each record a writing-free request listed, with the fault's probability."""
        faults = self.limits.faults
        for record in records:
            if faults.roll("concurrent_edit"):
                self._armed.append((record, owner_of(record)))
                self.limits.stats.concurrent_edits_armed += 1

    def _take_armed(self) -> None:
        """A colleague takes every armed record whose owner is still the one it was listed with.

        The colleague is an active employee other than that owner, picked by the seeded fault
        generator; a record whose owner changed meanwhile stays as it is.
        """
        armed, self._armed = self._armed, []
        for record, listed_owner in armed:
            if owner_of(record) != listed_owner:
                continue
            candidates = [
                u.id
                for u in sorted(self.portal.users.values(), key=lambda u: u.id)
                if u.active and u.user_type == "employee" and u.id != listed_owner
            ]
            if not candidates:
                continue
            colleague = candidates[self.limits.faults.choice(len(candidates))]
            if isinstance(record, CrmItem):
                self.portal.reassign_item(record, colleague)
                kind = str(record.entity_type_id)
            elif isinstance(record, Activity):
                self.portal.reassign_activity(record, colleague)
                kind = "activity"
            else:
                self.portal.reassign_task(record, colleague)
                kind = "task"
            self.concurrent_edits.append((kind, record.id, listed_owner, colleague))
            self.limits.stats.concurrent_edits += 1

    # --- batch (§4, S-prov methodsBatch) ---------------------------------------------------

    def _batch(self, params: Params, auth: _Auth) -> Response:
        limits = self.limits
        limits.stats.calls["batch"] += 1
        upper = {k.upper(): v for k, v in params.items()}
        halt = php_bool(upper.get("HALT"))
        cmd = upper.get("CMD")
        if isinstance(cmd, dict):
            commands = [(str(k), v) for k, v in cmd.items()]
        elif isinstance(cmd, list):
            commands = [(str(i), v) for i, v in enumerate(cmd)]
        else:
            commands = []
        found: dict[str, dict[str, Any]] = {
            "result": {},
            "next": {},
            "total": {},
            "time": {},
            "error": {},
        }
        # Which commands it carries, not which of them ran, tells a listing request from a
        # guarded update batch (module docstring).
        writes = any(self._writes(command) for _, command in commands)
        listed: list[Record] = []
        start = self.clock()
        elapsed = 0.0
        for count, (key, command) in enumerate(commands):
            if count >= BATCH_MAX_LENGTH:
                outcome = _Outcome(
                    error=ApiError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
                )
            elif not isinstance(command, str):
                continue  # S-prov: only strings are commands
            elif limits.faults.roll("item_error"):
                outcome = _Outcome(
                    error=ApiError(500, "INTERNAL_SERVER_ERROR", "Internal server error")
                )
            else:
                outcome = self._command(command, found, auth)
            listed += outcome.records
            if outcome.error is not None:
                found["error"][key] = wire.error(outcome.error.code, outcome.error.description)
            else:
                found["result"][key] = outcome.result
                if outcome.next is not None:
                    found["next"][key] = outcome.next
                if outcome.total is not None:
                    found["total"][key] = outcome.total
                if outcome.time is not None:
                    found["time"][key] = outcome.time.as_json(self.tz)
            if outcome.time is not None:
                elapsed += outcome.time.processing
                if elapsed > self.config.request_cap:
                    if not writes:
                        self._arm(listed)  # what ran stays done, the listing included
                    raise _CutOff
            if outcome.error is not None and halt:
                break
        if not writes:
            self._arm(listed)
        as_lists = self._switch("batch_list_collections")

        def collection(entries: dict[str, Any]) -> Any:
            return wire.php_array(entries) if as_lists else entries

        document = wire.success(
            {
                "result": collection(found["result"]),
                "result_error": collection(found["error"]),
                "result_total": collection(found["total"]),
                "result_next": collection(found["next"]),
                "result_time": collection(found["time"]),
            },
            # The outer batch call adds to no operating counter (§4 "Limits accounting").
            wire.CallTime(start, elapsed).as_json(self.tz, 0.0, int(start + 600)),
        )
        return Response(200, wire.encode(document), wire.headers(elapsed))

    def _writes(self, command: Any) -> bool:
        """Whether a batch command names a method that changes the portal."""
        if not isinstance(command, str):
            return False
        spec = self.registry.get(_parse_url(command)[0].lower())
        return spec is not None and spec.writes

    def _command(self, command: str, found: dict[str, dict[str, Any]], auth: _Auth) -> _Outcome:
        path, query = _parse_url(command)
        params = self._substitute_all(wire.parse_str(query), found) if query else {}
        name = path.lower()
        if name == "batch":
            return _Outcome(
                error=ApiError(
                    405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"
                )
            )
        spec = self.registry.get(name)
        if spec is None:
            return _Outcome(error=ApiError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"))
        if not spec.allowed_by(auth.webhook.scopes):
            # CRestServerBatchItem::checkAuth throws OAuthException(['error' =>
            # 'insufficient_scope']): no description.
            return _Outcome(error=ApiError(401, "insufficient_scope", ""))
        return self._invoke(spec, params, auth)

    def _substitute_all(self, value: Any, found: dict[str, dict[str, Any]]) -> Any:
        if isinstance(value, dict):
            return {k: self._substitute_all(v, found) for k, v in value.items()}
        if isinstance(value, list):
            return [self._substitute_all(v, found) for v in value]
        if isinstance(value, str) and "$" in value:
            return self._substitute(value, found)
        return value

    def _substitute(self, value: str, found: dict[str, dict[str, Any]]) -> Any:
        """S-util processBatchElement: replace `$result[key][a][b]` and friends in one value."""
        literal_when_missing = self._switch("batch_missing_path_literal")
        query: Any = value
        for match in list(_REFERENCE.finditer(value)):
            path = _PATH_PART.findall(match.group(2))
            if not path:
                continue
            # PHP indexes $arResult with the name as written: `$RESULT` finds nothing.
            node: Any = found.get(match.group(1))
            complete = True
            for part in path:
                child = _php_index(node, part)
                if child is None:
                    complete = False  # PHP stops at the deepest part that exists
                    break
                node = child
            if not complete and literal_when_missing:
                continue
            if match.group(0) == query:
                query = node
                continue
            if not isinstance(query, str):
                continue
            if _is_numeric(node):
                node = _php_string(node)
            if not isinstance(node, str):
                continue
            query = query.replace(match.group(0), node)
        return query
