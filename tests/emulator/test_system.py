"""`scope` and `user.admin`, the basic-scope methods (b24restdocs common/system/scope.md,
common/users/user-admin.md), through the in-process transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from desktop_handover.emulator.handler import Emulator, load_methods
from desktop_handover.emulator.state import Portal, Webhook
from desktop_handover.emulator.transport import EmulatorTransport
from tests.emulator.conftest import ADMIN_SECRET, LIMITED_SECRET, build_test_portal

BASIC_ONLY = "basiconlysecret"  # user 2, granted `basic` alone
NO_SCOPE = "noscopesecret"  # user 3, granted nothing at all

#: Secret → owner, for the webhooks these tests use.
OWNERS = {ADMIN_SECRET: 1, LIMITED_SECRET: 5, BASIC_ONLY: 2, NO_SCOPE: 3}


def portal_with_bare_webhooks() -> Portal:
    portal = build_test_portal()
    portal.webhooks += [
        Webhook(2, BASIC_ONLY, frozenset({"basic"})),
        Webhook(3, NO_SCOPE, frozenset()),
    ]
    return portal


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    emulator = Emulator(portal_with_bare_webhooks())
    async with httpx.AsyncClient(
        transport=EmulatorTransport(emulator), base_url="https://portal.test"
    ) as http:
        yield http


def url(method_name: str, secret: str) -> str:
    return f"/rest/{OWNERS[secret]}/{secret}/{method_name}"


async def result_of(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()["result"]


def granted(secret: str) -> set[str]:
    hook = next(w for w in portal_with_bare_webhooks().webhooks if w.secret == secret)
    return set(hook.scopes) - {"basic"}


def needed_by_methods() -> set[str]:
    """Every scope some emulated method asks for: the portal's installed modules."""
    scopes: set[str] = set()
    for name, spec in load_methods().items():
        if not name.startswith("emulatortest."):
            scopes |= {s for s in (spec.scope, *spec.also_scopes) if s is not None}
    return scopes


@pytest.mark.asyncio
@pytest.mark.parametrize("secret", [ADMIN_SECRET, LIMITED_SECRET, BASIC_ONLY, NO_SCOPE])
async def test_scope_lists_the_webhooks_own_scopes_without_basic(
    client: httpx.AsyncClient, secret: str
) -> None:
    for response in (
        await client.post(url("scope", secret), json={}),
        await client.get(url("scope.json", secret)),
        await client.post(url("scope", secret), json={"full": False}),
    ):
        result = await result_of(response)
        assert isinstance(result, list)
        assert len(result) == len(set(result))
        assert set(result) == granted(secret)
        assert "basic" not in result


@pytest.mark.asyncio
async def test_scope_full_lists_every_scope_of_the_portal_whoever_asks(
    client: httpx.AsyncClient,
) -> None:
    lists = []
    for secret in (ADMIN_SECRET, LIMITED_SECRET, BASIC_ONLY, NO_SCOPE):
        result = await result_of(await client.post(url("scope", secret), json={"full": True}))
        assert "basic" not in result
        assert len(result) == len(set(result))
        assert set(result) >= needed_by_methods() | granted(ADMIN_SECRET)
        lists.append(result)
    assert all(found == lists[0] for found in lists)
    assert set(lists[0]) > granted(LIMITED_SECRET)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "full"),
    [
        ("full=false", True),  # PHP truthiness: the docs warn that "false" enables the list
        ("full=true", True),
        ("full=1", True),
        ("full=0", False),
        ("full=", False),
        ("", False),
    ],
)
async def test_scope_full_in_form_data_follows_php_truthiness(
    client: httpx.AsyncClient, body: str, full: bool
) -> None:
    response = await client.post(
        url("scope", LIMITED_SECRET),
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    expected = needed_by_methods() if full else granted(LIMITED_SECRET)
    result = set(await result_of(response))
    assert result >= expected if full else result == expected
    assert (result > granted(LIMITED_SECRET)) is full


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("secret", "admin"),
    [(ADMIN_SECRET, True), (LIMITED_SECRET, False), (BASIC_ONLY, False), (NO_SCOPE, False)],
)
async def test_user_admin_tells_the_admin_webhook_from_the_others(
    client: httpx.AsyncClient, secret: str, admin: bool
) -> None:
    result = await result_of(await client.post(url("user.admin", secret), json={}))
    assert result is admin


@pytest.mark.asyncio
async def test_basic_methods_work_for_a_webhook_lacking_every_other_scope(
    client: httpx.AsyncClient,
) -> None:
    for secret in (BASIC_ONLY, NO_SCOPE):
        # The webhook really lacks the rest: a user-scope method is refused (§2.3).
        refused = await client.post(url("user.current", secret), json={})
        assert refused.status_code == 401
        assert refused.json()["error"] == "insufficient_scope"
        assert await result_of(await client.post(url("scope", secret), json={})) == []
        assert await result_of(await client.post(url("user.admin", secret), json={})) is False


@pytest.mark.asyncio
@pytest.mark.parametrize("secret", [ADMIN_SECRET, BASIC_ONLY])
async def test_both_run_inside_batch(client: httpx.AsyncClient, secret: str) -> None:
    commands = {
        "own": "scope",
        "all": "scope?full=true",
        "form_false": "scope?full=false",  # a command's query is form data: "false" is true
        "zero": "scope?full=0",
        "admin": "user.admin",
        "denied": "user.current",
    }
    result = await result_of(
        await client.post(url("batch", secret), json={"halt": 0, "cmd": commands})
    )
    found = result["result"]
    assert set(found["own"]) == granted(secret)
    assert set(found["zero"]) == granted(secret)
    assert set(found["all"]) >= needed_by_methods()
    assert found["form_false"] == found["all"]
    assert found["admin"] is (secret == ADMIN_SECRET)
    if secret == BASIC_ONLY:
        assert result["result_error"]["denied"]["error"] == "insufficient_scope"
    else:
        assert "denied" in found
