"""BitrixClient.from_oauth against the emulator's OAuth door (bitrix24-api.md §1.2)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from desktop_handover.bitrix import errors
from desktop_handover.bitrix.auth import OAuthApp
from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.ratelimit import RateLimits, RetryPolicy
from desktop_handover.bitrix.types import TokenPair
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.state import DEAL, OAuthClient, OAuthGrant, Portal
from desktop_handover.emulator.transport import EmulatorTransport
from tests.bitrix.fakes import FakeClock
from tests.contract.conftest import EmulatorSleep, loopback_server, make_emulator
from tests.contract.portals import ADMIN, FULL_SCOPES, build
from tests.contract.test_secrets import Capture, capture_logs, exception_texts

__all__ = ["capture_logs"]  # the secret scan's log capture, shared as a fixture

CLIENT_ID = "local.contract.1"
CLIENT_SECRET = "contractClientSecret31"
ACCESS = "contractAccessToken55"
REFRESH = "contractRefreshToken66"
IN_PROCESS_BASE = "https://contract.bitrix24.test"


def oauth_portal() -> Portal:
    portal, _ = build(deals=30, small_kinds=6)
    portal.oauth_clients.append(OAuthClient(CLIENT_ID, CLIENT_SECRET, FULL_SCOPES))
    portal.oauth_grants.append(OAuthGrant(CLIENT_ID, ADMIN, ACCESS, REFRESH, FULL_SCOPES))
    return portal


class Rotations:
    """An on_refresh hook that records every rotated pair."""

    def __init__(self) -> None:
        self.pairs: list[TokenPair] = []

    async def __call__(self, tokens: TokenPair) -> None:
        self.pairs.append(tokens)


@contextlib.asynccontextmanager
async def oauth_client(
    door: str,
    emulator: Emulator,
    clock: FakeClock,
    *,
    access_token: str = ACCESS,
    refresh_token: str = REFRESH,
    client_secret: str = CLIENT_SECRET,
    on_refresh: Rotations | None = None,
) -> AsyncIterator[BitrixClient]:
    """A from_oauth client through `door`, its token URL on the emulator's own host."""
    kwargs: dict[str, Any] = {
        "retry": RetryPolicy(base=0.5, cap=8, budget=20, per_request=4),
        "limits": RateLimits(burst=emulator.config.burst, per_second=emulator.config.rate),
        "clock": clock,
        "sleep": clock.sleep,
    }
    async with contextlib.AsyncExitStack() as stack:
        if door == "in_process":
            base = IN_PROCESS_BASE
            kwargs["transport"] = EmulatorTransport(emulator, sleep=EmulatorSleep(clock))
        else:
            base = await stack.enter_async_context(loopback_server(emulator))
        client = BitrixClient.from_oauth(
            base,
            access_token=access_token,
            refresh_token=refresh_token,
            app=OAuthApp(CLIENT_ID, client_secret, token_url=f"{base}/oauth/token/"),
            on_refresh=on_refresh,
            **kwargs,
        )
        yield await stack.enter_async_context(client)


@pytest.mark.asyncio
async def test_calls_and_batch_work_with_oauth(door: str, clock: FakeClock) -> None:
    emulator = make_emulator(oauth_portal(), clock)
    async with oauth_client(door, emulator, clock) as client:
        me = await client.call("user.current")
        assert str(me.result["ID"]) == str(ADMIN)
        found = await client.batch({"deal": ("crm.item.get", {"entityTypeId": DEAL, "id": 1})})
        assert found["deal"].result["item"]["id"] == 1
    assert emulator.limits.stats.calls["user.current"] == 1


@pytest.mark.asyncio
async def test_expired_token_refreshes_once_and_retries(door: str, clock: FakeClock) -> None:
    emulator = make_emulator(oauth_portal(), clock)
    rotations = Rotations()
    async with oauth_client(door, emulator, clock, on_refresh=rotations) as client:
        await client.call("user.current")
        clock.advance(3601)  # the emulator's clock too: the access token has expired
        me = await client.call("user.current")
        assert str(me.result["ID"]) == str(ADMIN)
        await client.call("user.current")  # the new token works without another refresh
    assert len(rotations.pairs) == 1
    (pair,) = rotations.pairs
    grant = emulator.oauth_grant()
    assert (pair.access_token, pair.refresh_token) == (grant.access_token, grant.refresh_token)
    assert pair.refresh_token != REFRESH
    assert pair.expires == pytest.approx(clock.now + 3600, abs=5)
    assert emulator.limits.stats.calls["user.current"] == 3
    # The old refresh token is spent: a client still holding it must sign in again.
    clock.advance(3601)
    async with oauth_client(door, emulator, clock, access_token=pair.access_token) as stale:
        with pytest.raises(errors.OAuthError) as refused:
            await stale.call("user.current")
    assert refused.value.code.lower() == "invalid_grant"


@pytest.mark.asyncio
async def test_invalid_grant_is_a_clear_oauth_error(door: str, clock: FakeClock) -> None:
    emulator = make_emulator(oauth_portal(), clock)
    clock.advance(3601)
    async with oauth_client(door, emulator, clock, refresh_token="notTheRefreshToken") as client:
        with pytest.raises(errors.OAuthError) as refused:
            await client.call("user.current")
    error = refused.value
    assert error.code.lower() == "invalid_grant"
    assert error.method == "user.current"
    assert "invalid_grant" in str(error)


@pytest.mark.asyncio
async def test_bad_client_secret_is_an_oauth_error(door: str, clock: FakeClock) -> None:
    emulator = make_emulator(oauth_portal(), clock)
    clock.advance(3601)
    async with oauth_client(door, emulator, clock, client_secret="wrongClientSecret") as client:
        with pytest.raises(errors.OAuthError) as refused:
            await client.call("user.current")
    assert refused.value.code.lower() == "invalid_client"


@pytest.mark.asyncio
@pytest.mark.parametrize("outcome", ["refreshed", "invalid_grant"])
async def test_no_token_in_logs_errors_or_reprs(
    door: str, clock: FakeClock, outcome: str, capture_logs: Capture
) -> None:
    emulator = make_emulator(oauth_portal(), clock)
    rotations = Rotations()
    refresh_token = REFRESH if outcome == "refreshed" else "unknownRefreshToken77"
    texts: list[str] = []
    async with oauth_client(
        door, emulator, clock, refresh_token=refresh_token, on_refresh=rotations
    ) as client:
        texts.append(repr(client))
        clock.advance(3601)
        try:
            texts.append(repr(await client.call("user.current")))
            texts.append(repr(await client.batch({"me": ("user.current", {})})))
        except errors.BitrixError as error:
            texts += exception_texts(error)
    texts += [repr(pair) for pair in rotations.pairs]
    texts.append(capture_logs.text())
    grant = emulator.oauth_grant()
    secrets = {ACCESS, REFRESH, CLIENT_SECRET, refresh_token, grant.access_token}
    secrets.add(grant.refresh_token)
    assert (outcome == "refreshed") == bool(rotations.pairs)
    for secret in secrets:
        for text in texts:
            assert secret not in text
    if door == "loopback":
        # httpx logs the token URL with its query: the redaction is what keeps the secrets out.
        assert capture_logs.raw is not None
        assert CLIENT_SECRET in capture_logs.raw.text()
