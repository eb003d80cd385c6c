"""check_connection and open_portal against the emulated portal: each failure in plain terms."""

from __future__ import annotations

import json

import httpx
import pytest

from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.bitrix.types import Progress
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import DemoPortal, build_portal
from desktop_handover.emulator.state import Webhook
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.services.connection import (
    ConnectionCheck,
    ConnectionProblem,
    check_connection,
    open_portal,
    validate_webhook_url,
)

FAST = RateLimits(burst=10_000, per_second=10_000)


@pytest.fixture
def portal() -> DemoPortal:
    return build_portal(seed=5, scale="small")


def url(user_id: int, secret: str, host: str = "127.0.0.1") -> str:
    return f"http://{host}/rest/{user_id}/{secret}/"


def hook_of(portal: DemoPortal, user_id: int) -> Webhook:
    return next(h for h in portal.webhooks if h.user_id == user_id)


async def check(portal: DemoPortal, webhook_url: str) -> ConnectionCheck:
    emulator = Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))
    return await check_connection(webhook_url, transport=EmulatorTransport(emulator), limits=FAST)


@pytest.mark.asyncio
async def test_admin_webhook_with_every_scope_is_fine(portal: DemoPortal) -> None:
    admin = hook_of(portal, portal.facts.admin_user_id)
    result = await check(portal, url(admin.user_id, admin.secret))
    assert result.ok
    assert result.host == "127.0.0.1"
    assert result.user is not None
    assert result.user.id == admin.user_id
    assert result.missing_optional_scopes == ()


@pytest.mark.asyncio
async def test_missing_scopes_are_named(portal: DemoPortal) -> None:
    limited = hook_of(portal, portal.facts.limited_user_id)  # crm, user, department only
    result = await check(portal, url(limited.user_id, limited.secret))
    assert result.problem is ConnectionProblem.MISSING_SCOPES
    assert result.missing_scopes == ("task",)
    assert result.missing_optional_scopes == ("im",)


@pytest.mark.asyncio
async def test_a_non_admin_webhook_with_every_scope_is_refused(portal: DemoPortal) -> None:
    limited = hook_of(portal, portal.facts.limited_user_id)
    limited.scopes = frozenset({"crm", "user", "department", "task", "im"})
    result = await check(portal, url(limited.user_id, limited.secret))
    assert result.problem is ConnectionProblem.NOT_ADMIN


@pytest.mark.asyncio
async def test_wrong_secret(portal: DemoPortal) -> None:
    result = await check(portal, url(1, "definitelynotthesecret"))
    assert result.problem is ConnectionProblem.WRONG_SECRET
    assert "definitelynotthesecret" not in repr(result)


@pytest.mark.asyncio
async def test_webhook_of_a_dismissed_owner_stops_working(portal: DemoPortal) -> None:
    dismissed = portal.facts.dismissed_with_items[0]
    portal.webhooks.append(Webhook(dismissed, "ownerwasdismissed1", frozenset({"crm"})))
    result = await check(portal, url(dismissed, "ownerwasdismissed1"))
    assert result.problem is ConnectionProblem.OWNER_DISMISSED


@pytest.mark.asyncio
async def test_unreachable_portal() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    result = await check_connection(
        url(1, "whateversecret12"), transport=httpx.MockTransport(refuse), limits=FAST
    )
    assert result.problem is ConnectionProblem.UNREACHABLE


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", ConnectionProblem.INVALID_URL),
        ("acme.bitrix24.pl", ConnectionProblem.INVALID_URL),
        ("https://acme.bitrix24.pl/", ConnectionProblem.INVALID_URL),
        ("http://acme.bitrix24.pl/rest/1/abcdefghijkl/", ConnectionProblem.HTTPS_REQUIRED),
        ("https://acme.bitrix24.pl/rest/1/abcdefghijkl/", None),
        ("http://127.0.0.1:8080/rest/1/abcdefghijkl/", None),
    ],
)
def test_url_form_is_validated_without_the_network(
    text: str, problem: ConnectionProblem | None
) -> None:
    assert validate_webhook_url(text) is problem


@pytest.mark.asyncio
async def test_open_portal_reports_client_waits_to_listeners(portal: DemoPortal) -> None:
    admin = hook_of(portal, 1)
    emulator = Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))
    conn = await open_portal(
        url(1, admin.secret), transport=EmulatorTransport(emulator), limits=FAST
    )
    seen: list[Progress] = []
    conn.add_progress_listener(seen.append)
    await conn.gateway.list_users()
    await conn.aclose()
    assert seen
    assert seen[-1].requests >= 2
    assert conn.me.id == 1
    assert conn.pacing(100) == pytest.approx(0.0, abs=0.1)
    assert "secret" not in repr(conn.gateway).lower()


class FirstReplyHasAPassingError(httpx.AsyncBaseTransport):
    """Forwards to the emulator, but the first batch's user.admin fails with a 5xx inside."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        response = await self.inner.handle_async_request(request)
        if self.requests > 1:
            return response
        body = json.loads(await response.aread())
        body["result"]["result"].pop("admin", None)
        errors = body["result"]["result_error"] or {}
        errors["admin"] = {"error": "INTERNAL_SERVER_ERROR", "error_description": "busy"}
        body["result"]["result_error"] = errors
        return httpx.Response(200, json=body)


@pytest.mark.asyncio
async def test_a_passing_error_inside_the_check_is_asked_again(portal: DemoPortal) -> None:
    admin = hook_of(portal, portal.facts.admin_user_id)
    emulator = Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))
    transport = FirstReplyHasAPassingError(EmulatorTransport(emulator))
    result = await check_connection(url(1, admin.secret), transport=transport, limits=FAST)
    assert result.ok  # not "not an administrator"
    assert transport.requests == 2
