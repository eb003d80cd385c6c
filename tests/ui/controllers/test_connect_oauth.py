"""ConnectController with OAuth against the emulator (bitrix24-api.md §1.2), on the qasync loop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QTimer

from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import build_portal
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.services.connection import (
    ConnectionCheck,
    ConnectionProblem,
    OnRefresh,
    PortalConnection,
    check_connection,
    check_oauth_connection,
    open_portal,
    open_portal_oauth,
)
from desktop_handover.services.credentials import CredentialStore, OAuthCredentials
from desktop_handover.ui.controllers.connect_controller import ConnectController
from desktop_handover.ui.settings_store import Profile
from desktop_handover.ui.views.connect_dialog import ConnectDialog
from tests.emulator.conftest import FakeClock

FAST = RateLimits(burst=100_000, per_second=100_000.0)
PORTAL = "https://demo.bitrix24.pl"
KEY = ("desktop_handover", "profile:Acme")


def when_shown(find: Callable[[], Any], action: Callable[[Any], Any], tries: int = 500) -> None:
    """Once `find()` returns a visible dialog, run `action(dialog)` (polls the Qt loop)."""

    def poll(left: int) -> None:
        found = find()
        if found is not None and found.isVisible():
            action(found)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))


class Portal:
    """The emulated portal, a fake clock, and the app's four connection callables bound to it."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.emulator = Emulator(
            build_portal(1, "small"),
            EmulatorConfig(burst=100_000, rate=100_000.0),
            clock=self.clock,
        )
        self.transport = EmulatorTransport(self.emulator)

    def controller(self, settings_store: Any, store: CredentialStore) -> ConnectController:
        transport = self.transport

        async def check(url: str) -> ConnectionCheck:
            return await check_connection(url, transport=transport, limits=FAST)

        async def opener(url: str) -> PortalConnection:
            return await open_portal(url, transport=transport, limits=FAST)

        async def check_oauth(creds: OAuthCredentials, hook: OnRefresh) -> ConnectionCheck:
            return await check_oauth_connection(
                creds.portal_url,
                creds.app,
                creds.tokens,
                transport=transport,
                limits=FAST,
                on_refresh=hook,
            )

        async def open_oauth(creds: OAuthCredentials, hook: OnRefresh) -> PortalConnection:
            return await open_portal_oauth(
                creds.portal_url,
                creds.app,
                creds.tokens,
                transport=transport,
                limits=FAST,
                on_refresh=hook,
            )

        return ConnectController(
            check, opener, store, settings_store, check_oauth=check_oauth, open_oauth=open_oauth
        )

    def fill(self, dialog: ConnectDialog, name: str = "Acme") -> None:
        client, grant = self.emulator.oauth_client(), self.emulator.oauth_grant()
        dialog.name.setText(name)
        dialog.oauth_radio.setChecked(True)
        dialog.portal_address.setText(PORTAL)
        dialog.client_id.setText(client.client_id)
        dialog.client_secret.setText(client.client_secret)
        dialog.access_token.setText(grant.access_token)
        dialog.refresh_token.setText(grant.refresh_token)


@pytest.mark.asyncio
async def test_test_connection_with_oauth_tokens(qtbot, settings_store, memory_keyring) -> None:
    portal = Portal()
    controller = portal.controller(settings_store, CredentialStore())
    dialog = controller.make_dialog()
    qtbot.addWidget(dialog)
    assert dialog.oauth_radio.isEnabled()
    portal.fill(dialog)
    result = await asyncio.wait_for(controller.test(), 10)
    assert result.ok, result
    assert "Connected to" in dialog.verdict.text()
    assert memory_keyring.store == {}  # testing stores nothing for a new profile


@pytest.mark.asyncio
async def test_tokens_rotated_while_testing_replace_the_typed_and_stored_ones(
    qtbot, settings_store, memory_keyring
) -> None:
    portal = Portal()
    store = CredentialStore()
    settings_store.save(settings_store.load().with_profile(Profile("Acme", "demo", "oauth")))
    controller = portal.controller(settings_store, store)
    dialog = controller.make_dialog()
    qtbot.addWidget(dialog)
    portal.fill(dialog)
    old_refresh = dialog.refresh_token.text()
    portal.clock.advance(3601)
    result = await asyncio.wait_for(controller.test(), 10)
    assert result.ok
    grant = portal.emulator.oauth_grant()
    assert dialog.refresh_token.text() == grant.refresh_token != old_refresh
    assert dialog.access_token.text() == grant.access_token
    assert json.loads(memory_keyring.store[KEY])["refresh_token"] == grant.refresh_token


@pytest.mark.asyncio
async def test_spent_refresh_token_asks_to_sign_in_again(qtbot, settings_store) -> None:
    portal = Portal()
    controller = portal.controller(settings_store, CredentialStore())
    dialog = controller.make_dialog()
    qtbot.addWidget(dialog)
    portal.fill(dialog)
    dialog.refresh_token.setText("refreshTokenNobodyIssued")
    portal.clock.advance(3601)
    result = await asyncio.wait_for(controller.test(), 10)
    assert result.problem is ConnectionProblem.SIGN_IN_AGAIN
    assert "Sign in again" in dialog.verdict.text()
    assert "refreshTokenNobodyIssued" not in dialog.verdict.text()


@pytest.mark.asyncio
async def test_connect_saves_to_the_keychain_only_and_keeps_rotated_tokens(
    qtbot, settings_store, memory_keyring
) -> None:
    portal = Portal()
    controller = portal.controller(settings_store, CredentialStore())
    dialog = controller.make_dialog()
    qtbot.addWidget(dialog)
    portal.fill(dialog)
    client = portal.emulator.oauth_client()
    when_shown(lambda: dialog, lambda d: d.connect_button.click())
    connection = await asyncio.wait_for(controller.run(), 10)
    assert connection is not None
    try:
        assert connection.me.id == 1
        saved = settings_store.load()
        assert [(p.name, p.host, p.kind) for p in saved.profiles] == [
            ("Acme", "demo.bitrix24.pl", "oauth")
        ]
        ini = Path(settings_store.file_name()).read_text()  # noqa: ASYNC240
        grant = portal.emulator.oauth_grant()
        for secret in (client.client_secret, grant.access_token, grant.refresh_token):
            assert secret not in ini
        first_refresh = grant.refresh_token
        assert json.loads(memory_keyring.store[KEY])["refresh_token"] == first_refresh
        # An hour later the connection refreshes on its own; the keychain follows.
        portal.clock.advance(3601)
        await asyncio.wait_for(connection.gateway.list_users(), 10)
        rotated = portal.emulator.oauth_grant().refresh_token
        assert rotated != first_refresh
        stored = json.loads(memory_keyring.store[KEY])
        assert stored["refresh_token"] == rotated
        assert stored["client_secret"] == client.client_secret
    finally:
        await connection.aclose()


@pytest.mark.asyncio
async def test_a_remembered_oauth_profile_loads_into_the_oauth_fields(
    qtbot, settings_store, memory_keyring
) -> None:
    portal = Portal()
    store = CredentialStore()
    creds = OAuthCredentials(PORTAL, "local.x.1", "cs1", "at1", "rt1")
    await store.save("Acme", creds.to_json())
    settings_store.save(settings_store.load().with_profile(Profile("Acme", "demo", "oauth")))
    controller = portal.controller(settings_store, store)
    dialog = controller.make_dialog()
    qtbot.addWidget(dialog)
    await asyncio.wait_for(controller.load_profile("Acme"), 10)
    assert dialog.kind() == "oauth"
    assert dialog.oauth_credentials().tokens == creds.tokens
    assert dialog.test_button.isEnabled()
