"""The emulator's OAuth door (bitrix24-api.md §1.2): tokens on /rest/<method>, /oauth/token/."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx
import pytest

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import build_portal
from desktop_handover.emulator.state import OAuthClient, OAuthGrant, Portal
from tests.emulator.conftest import ALL_SCOPES, Door, FakeClock, MakeDoor, build_test_portal

CLIENT_ID = "local.testapp.1"
CLIENT_SECRET = "client-secret-test"
ACCESS = "access-token-test"
REFRESH = "refresh-token-test"


def oauth_portal(scopes: frozenset[str] = ALL_SCOPES, user_id: int = 1) -> Portal:
    portal = build_test_portal()
    portal.oauth_clients.append(OAuthClient(CLIENT_ID, CLIENT_SECRET, scopes))
    portal.oauth_grants.append(OAuthGrant(CLIENT_ID, user_id, ACCESS, REFRESH, scopes))
    return portal


async def refresh(
    door: Door,
    refresh_token: str = REFRESH,
    *,
    client_id: str = CLIENT_ID,
    client_secret: str = CLIENT_SECRET,
) -> httpx.Response:
    return await door.client.get(
        "/oauth/token/",
        params={
            "grant_type": "refresh_token",
            "client_id": client_id,
            "client_secret": client_secret,
            "refresh_token": refresh_token,
        },
    )


def error_of(response: httpx.Response) -> tuple[int, str, str]:
    body: dict[str, Any] = response.json()
    return response.status_code, body["error"], body.get("error_description", "")


@pytest.mark.asyncio
async def test_token_in_auth_param_query_access_token_or_bearer_header(
    make_door: MakeDoor,
) -> None:
    door = await make_door(portal=oauth_portal())
    by_body = await door.client.post("/rest/user.current", json={"auth": ACCESS})
    by_query = await door.client.get("/rest/user.current.json", params={"auth": ACCESS})
    by_param = await door.client.post("/rest/user.current", data={"access_token": ACCESS})
    by_header = await door.client.post(
        "/rest/user.current", headers={"Authorization": f"Bearer {ACCESS}"}
    )
    for response in (by_body, by_query, by_param, by_header):
        assert response.status_code == 200, response.text
        assert str(response.json()["result"]["ID"]) == "1"


@pytest.mark.asyncio
async def test_call_runs_as_the_tokens_user(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal(user_id=5))
    response = await door.client.post("/rest/user.current", json={"auth": ACCESS})
    assert str(response.json()["result"]["ID"]) == "5"


@pytest.mark.asyncio
async def test_no_token_is_no_auth_found(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal())
    response = await door.client.post("/rest/user.current", json={})
    assert error_of(response)[:2] == (401, "NO_AUTH_FOUND")


@pytest.mark.asyncio
@pytest.mark.parametrize(("switch", "code"), [(False, "invalid_token"), (True, "NO_AUTH_FOUND")])
async def test_unknown_token_per_switch(make_door: MakeDoor, switch: bool, code: str) -> None:
    config = EmulatorConfig(switches={"oauth_unknown_token_no_auth_found": switch})
    door = await make_door(config=config, portal=oauth_portal())
    response = await door.client.post("/rest/user.current", json={"auth": "nope"})
    assert error_of(response)[:2] == (401, code)


@pytest.mark.asyncio
async def test_access_token_expires_after_an_hour_by_the_emulator_clock(
    make_door: MakeDoor,
) -> None:
    clock = FakeClock()
    door = await make_door(portal=oauth_portal(), clock=clock)
    clock.advance(3599)
    assert (await door.client.post("/rest/user.current", json={"auth": ACCESS})).status_code == 200
    clock.advance(1)
    response = await door.client.post("/rest/user.current", json={"auth": ACCESS})
    assert error_of(response) == (401, "expired_token", "The access token provided has expired")


@pytest.mark.asyncio
async def test_refresh_rotates_both_tokens_and_revokes_the_old_pair(make_door: MakeDoor) -> None:
    clock = FakeClock()
    door = await make_door(portal=oauth_portal(), clock=clock)
    clock.advance(4000)
    response = await refresh(door)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["access_token"] not in (ACCESS, REFRESH)
    assert body["refresh_token"] not in (ACCESS, REFRESH, body["access_token"])
    assert body["expires_in"] == 3600
    assert body["expires"] == int(clock.now) + 3600
    assert body["user_id"] == 1
    assert body["client_endpoint"].endswith("/rest/")
    assert set(body["scope"].split(",")) == set(ALL_SCOPES)
    assert {"member_id", "domain", "server_endpoint", "status"} <= set(body)
    ok = await door.client.post("/rest/user.current", json={"auth": body["access_token"]})
    assert ok.status_code == 200
    # The old refresh token is spent; the old access token is gone too.
    assert error_of(await refresh(door))[:2] == (400, "invalid_grant")
    old = await door.client.post("/rest/user.current", json={"auth": ACCESS})
    assert error_of(old)[:2] == (401, "invalid_token")
    again = await refresh(door, body["refresh_token"])
    assert again.status_code == 200
    assert again.json()["refresh_token"] != body["refresh_token"]


@pytest.mark.asyncio
async def test_refresh_token_lives_180_days(make_door: MakeDoor) -> None:
    clock = FakeClock()
    door = await make_door(portal=oauth_portal(), clock=clock)
    clock.advance(180 * 24 * 3600)
    assert error_of(await refresh(door))[:2] == (400, "invalid_grant")


@pytest.mark.asyncio
async def test_bad_client_is_invalid_client(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal())
    assert error_of(await refresh(door, client_secret="wrong"))[1] == "invalid_client"
    assert error_of(await refresh(door, client_id="local.other"))[1] == "invalid_client"
    # The refresh token was not spent by the refused attempts.
    assert (await refresh(door)).status_code == 200


@pytest.mark.asyncio
async def test_other_grant_types_are_invalid_request(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal())
    response = await door.client.get(
        "/oauth/token/", params={"grant_type": "authorization_code", "code": "x"}
    )
    assert error_of(response)[:2] == (400, "invalid_request")


@pytest.mark.asyncio
async def test_scope_and_dismissed_user_are_checked(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal(scopes=frozenset({"user"})))
    response = await door.client.post("/rest/crm.item.list", json={"auth": ACCESS})
    assert error_of(response)[:2] == (401, "insufficient_scope")
    dismissed = await make_door(portal=oauth_portal(user_id=4))
    response = await dismissed.client.post("/rest/user.current", json={"auth": ACCESS})
    assert error_of(response)[:2] == (401, "authorization_error")


@pytest.mark.asyncio
async def test_batch_runs_every_command_with_the_batch_token(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal(scopes=frozenset({"user", "crm"})))
    response = await door.client.post(
        "/rest/batch",
        json={
            "auth": ACCESS,
            "halt": 0,
            "cmd": {
                "me": "user.current",
                "deals": "crm.item.list?entityTypeId=2",
                "t": "tasks.task.list",
            },
        },
    )
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert str(result["result"]["me"]["ID"]) == "1"
    assert len(result["result"]["deals"]["items"]) == 5
    assert result["result_error"]["t"]["error"] == "insufficient_scope"


@pytest.mark.asyncio
async def test_reset_restores_the_seeded_pair(make_door: MakeDoor) -> None:
    door = await make_door(portal=oauth_portal())
    assert (await refresh(door)).status_code == 200
    await door.client.post("/_emulator/reset")
    assert (await refresh(door)).status_code == 200


def test_seed_has_a_deterministic_oauth_app_and_admin_pair() -> None:
    first, again, other = build_portal(1), build_portal(1), build_portal(2)
    (client,) = first.oauth_clients
    (grant,) = first.oauth_grants
    assert (client.client_id, client.client_secret) == (
        again.oauth_clients[0].client_id,
        again.oauth_clients[0].client_secret,
    )
    assert (grant.access_token, grant.refresh_token) == (
        again.oauth_grants[0].access_token,
        again.oauth_grants[0].refresh_token,
    )
    assert grant.access_token != other.oauth_grants[0].access_token
    assert grant.user_id == first.facts.admin_user_id
    assert grant.client_id == client.client_id
    assert len({client.client_secret, grant.access_token, grant.refresh_token}) == 3
    assert client.client_secret not in repr(client)
    assert grant.access_token not in repr(grant)
    assert grant.refresh_token not in repr(grant)
    emulator = Emulator(lambda: build_portal(1), clock=FakeClock())
    assert emulator.oauth_grant().expires == FakeClock().now + 3600


@pytest.mark.loopback
def test_portal_serve_prints_the_oauth_lines_after_the_webhooks() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_handover.cli", "portal", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = dict(process.stdout.readline().strip().split(": ", 1) for _ in range(7))
        assert list(lines)[:2] == ["webhook", "limited-webhook"]
        assert list(lines)[2:] == [
            "oauth-client-id",
            "oauth-client-secret",
            "oauth-access-token",
            "oauth-refresh-token",
            "oauth-token-url",
        ]
        base = lines["oauth-token-url"].removesuffix("/oauth/token/")
        assert base.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=base) as client:
            me = client.post("/rest/user.current", json={"auth": lines["oauth-access-token"]})
            assert me.status_code == 200
            rotated = client.get(
                "/oauth/token/",
                params={
                    "grant_type": "refresh_token",
                    "client_id": lines["oauth-client-id"],
                    "client_secret": lines["oauth-client-secret"],
                    "refresh_token": lines["oauth-refresh-token"],
                },
            )
            assert rotated.status_code == 200, rotated.text
            assert json.loads(rotated.text)["refresh_token"] != lines["oauth-refresh-token"]
    finally:
        process.terminate()
        process.wait(10)
