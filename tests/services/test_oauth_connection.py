"""check_oauth_connection, open_portal_oauth and the keychain's OAuth document (§1.2)."""

from __future__ import annotations

import json

import keyring
import keyring.backends.fail
import pytest

from desktop_handover.bitrix.auth import DEFAULT_TOKEN_URL, OAuthApp
from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.bitrix.types import TokenPair
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import DemoPortal, build_portal
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.services.connection import (
    ConnectionCheck,
    ConnectionProblem,
    check_oauth_connection,
    open_portal_oauth,
    token_url_for,
    validate_portal_address,
)
from desktop_handover.services.credentials import (
    KEYRING_SERVICE,
    CredentialStore,
    OAuthCredentials,
    is_oauth_secret,
    token_saver,
)
from desktop_handover.services.textreport import connection_advice
from tests.conftest import MemoryKeyring
from tests.emulator.conftest import FakeClock

FAST = RateLimits(burst=10_000, per_second=10_000)
PORTAL_URL = "http://127.0.0.1"
TOKEN_URL = "http://127.0.0.1/oauth/token/"


@pytest.fixture
def portal() -> DemoPortal:
    return build_portal(seed=5, scale="small")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emulator(portal: DemoPortal, clock: FakeClock) -> Emulator:
    return Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0), clock=clock)


def credentials(emulator: Emulator) -> OAuthCredentials:
    client, grant = emulator.oauth_client(), emulator.oauth_grant()
    return OAuthCredentials(
        portal_url=PORTAL_URL,
        client_id=client.client_id,
        client_secret=client.client_secret,
        access_token=grant.access_token,
        refresh_token=grant.refresh_token,
        token_url=TOKEN_URL,
    )


class Rotations:
    """An on_refresh hook that records every rotated pair."""

    def __init__(self) -> None:
        self.pairs: list[TokenPair] = []

    def __call__(self, tokens: TokenPair) -> None:
        self.pairs.append(tokens)


@pytest.mark.asyncio
async def test_admin_tokens_with_every_scope_are_fine(emulator: Emulator) -> None:
    creds = credentials(emulator)
    result = await check_oauth_connection(
        PORTAL_URL, creds.app, creds.tokens, transport=EmulatorTransport(emulator), limits=FAST
    )
    assert result.ok, result
    assert result.host == "127.0.0.1"
    assert result.user is not None
    assert result.user.id == 1


@pytest.mark.asyncio
async def test_expired_access_token_is_refreshed_during_the_check(
    emulator: Emulator, clock: FakeClock
) -> None:
    creds = credentials(emulator)
    rotations = Rotations()
    clock.advance(3601)
    result = await check_oauth_connection(
        PORTAL_URL,
        creds.app,
        creds.tokens,
        transport=EmulatorTransport(emulator),
        limits=FAST,
        on_refresh=rotations,
    )
    assert result.ok
    assert [p.refresh_token for p in rotations.pairs] == [emulator.oauth_grant().refresh_token]
    assert rotations.pairs[0].refresh_token != creds.refresh_token


@pytest.mark.asyncio
async def test_spent_refresh_token_means_sign_in_again(
    emulator: Emulator, clock: FakeClock
) -> None:
    creds = credentials(emulator)
    clock.advance(3601)
    stale = TokenPair(creds.access_token, "refreshTokenNobodyIssued")
    result = await check_oauth_connection(
        PORTAL_URL, creds.app, stale, transport=EmulatorTransport(emulator), limits=FAST
    )
    assert result.problem is ConnectionProblem.SIGN_IN_AGAIN
    assert result.detail.lower() == "invalid_grant"
    assert "refreshTokenNobodyIssued" not in repr(result)


@pytest.mark.asyncio
async def test_wrong_client_secret_is_invalid_client(emulator: Emulator, clock: FakeClock) -> None:
    creds = credentials(emulator)
    clock.advance(3601)
    app = OAuthApp(creds.client_id, "notTheClientSecret", token_url=TOKEN_URL)
    result = await check_oauth_connection(
        PORTAL_URL, app, creds.tokens, transport=EmulatorTransport(emulator), limits=FAST
    )
    assert result.problem is ConnectionProblem.INVALID_CLIENT


@pytest.mark.asyncio
async def test_unknown_access_token_means_sign_in_again(emulator: Emulator) -> None:
    creds = credentials(emulator)
    tokens = TokenPair("accessTokenNobodyIssued", creds.refresh_token)
    result = await check_oauth_connection(
        PORTAL_URL, creds.app, tokens, transport=EmulatorTransport(emulator), limits=FAST
    )
    assert result.problem is ConnectionProblem.SIGN_IN_AGAIN


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("portal_url", "client_id", "access", "problem"),
    [
        ("http://acme.bitrix24.pl", "local.x", "a", ConnectionProblem.HTTPS_REQUIRED),
        ("not a url at all", "local.x", "a", ConnectionProblem.INVALID_URL),
        ("https://acme.bitrix24.pl", "", "a", ConnectionProblem.INVALID_CLIENT),
        ("https://acme.bitrix24.pl", "local.x", "", ConnectionProblem.SIGN_IN_AGAIN),
    ],
)
async def test_form_problems_need_no_network(
    portal_url: str, client_id: str, access: str, problem: ConnectionProblem
) -> None:
    app = OAuthApp(client_id, "secret")
    result = await check_oauth_connection(portal_url, app, TokenPair(access, "r"), limits=FAST)
    assert result.problem is problem


@pytest.mark.asyncio
async def test_keychain_holds_the_newest_tokens_after_refreshes(
    emulator: Emulator, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    store = CredentialStore()
    creds = credentials(emulator)
    await store.save("acme", creds.to_json())
    conn = await open_portal_oauth(
        creds.portal_url,
        creds.app,
        creds.tokens,
        transport=EmulatorTransport(emulator),
        limits=FAST,
        on_refresh=token_saver(store, "acme", creds),
    )
    try:
        assert conn.me.id == 1
        for _ in range(2):
            clock.advance(3601)
            await conn.gateway.list_users()
    finally:
        await conn.aclose()
    stored = await store.load("acme")
    assert stored is not None
    assert is_oauth_secret(stored)
    saved = OAuthCredentials.from_json(stored)
    grant = emulator.oauth_grant()
    assert (saved.access_token, saved.refresh_token) == (grant.access_token, grant.refresh_token)
    assert saved.refresh_token != creds.refresh_token
    assert (saved.client_id, saved.client_secret, saved.portal_url, saved.token_url) == (
        creds.client_id,
        creds.client_secret,
        creds.portal_url,
        creds.token_url,
    )
    assert list(memory_keyring.store) == [(KEYRING_SERVICE, "profile:acme")]


@pytest.mark.asyncio
async def test_rotated_tokens_stay_for_the_session_without_a_keychain() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    creds = OAuthCredentials("https://acme.bitrix24.pl", "local.x", "cs", "a1", "r1")
    await token_saver(store, "acme", creds)(TokenPair("a2", "r2"))
    stored = await store.load("acme")
    assert stored is not None
    assert OAuthCredentials.from_json(stored).refresh_token == "r2"


def test_oauth_document_round_trips_and_hides_its_secrets() -> None:
    creds = OAuthCredentials(
        "https://acme.bitrix24.pl", "local.x", "clientSecretXYZ", "accessXYZ", "refreshXYZ"
    )
    text = creds.to_json()
    assert set(json.loads(text)) == {
        "client_id",
        "client_secret",
        "access_token",
        "refresh_token",
        "portal_url",
        "token_url",
    }
    assert OAuthCredentials.from_json(text) == creds
    for secret in ("clientSecretXYZ", "accessXYZ", "refreshXYZ"):
        assert secret not in repr(creds)
    assert not is_oauth_secret("https://acme.bitrix24.pl/rest/1/abc/")
    with pytest.raises(ValueError, match="not an OAuth") as bad:
        OAuthCredentials.from_json("https://acme.bitrix24.pl/rest/1/webhookSecret1/")
    assert "webhookSecret1" not in str(bad.value)
    with pytest.raises(ValueError, match="lacks"):
        OAuthCredentials.from_json(json.dumps({"client_id": "x"}))


@pytest.mark.parametrize(
    "problem", [ConnectionProblem.SIGN_IN_AGAIN, ConnectionProblem.INVALID_CLIENT]
)
def test_cli_advice_names_the_oauth_problems(problem: ConnectionProblem) -> None:
    advice = connection_advice(ConnectionCheck(problem, host="acme.bitrix24.pl"))
    assert ("sign in again" in advice) == (problem is ConnectionProblem.SIGN_IN_AGAIN)
    assert ("client id" in advice) == (problem is ConnectionProblem.INVALID_CLIENT)


@pytest.mark.parametrize(
    ("text", "problem", "token_url"),
    [
        ("", ConnectionProblem.INVALID_URL, DEFAULT_TOKEN_URL),
        ("acme.bitrix24.pl", ConnectionProblem.INVALID_URL, DEFAULT_TOKEN_URL),
        ("http://acme.bitrix24.pl", ConnectionProblem.HTTPS_REQUIRED, DEFAULT_TOKEN_URL),
        ("https://acme.bitrix24.pl/", None, DEFAULT_TOKEN_URL),
        ("http://127.0.0.1:8080", None, "http://127.0.0.1:8080/oauth/token/"),
    ],
)
def test_portal_address_form_and_its_token_server(
    text: str, problem: ConnectionProblem | None, token_url: str
) -> None:
    assert validate_portal_address(text) is problem
    assert token_url_for(text) == token_url
