"""ConnectController: tests a webhook or OAuth tokens, keeps them in the keychain, opens it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal

from desktop_handover.bitrix.types import TokenPair
from desktop_handover.services.connection import ConnectionCheck, OnRefresh, PortalConnection
from desktop_handover.services.credentials import (
    CredentialStore,
    CredentialStoreUnavailable,
    OAuthCredentials,
    token_saver,
)
from desktop_handover.ui import messages
from desktop_handover.ui.aio import ask, async_slot
from desktop_handover.ui.settings_store import Profile, SettingsStore
from desktop_handover.ui.views.connect_dialog import ConnectDialog

logger = logging.getLogger(__name__)

Checker = Callable[[str], Awaitable[ConnectionCheck]]
Opener = Callable[[str], Awaitable[PortalConnection]]
#: check_oauth_connection / open_portal_oauth bound to the app's transport and limits; the
#: hook receives each rotated token pair (bitrix24-api.md §1.2).
OAuthChecker = Callable[[OAuthCredentials, OnRefresh], Awaitable[ConnectionCheck]]
OAuthOpener = Callable[[OAuthCredentials, OnRefresh], Awaitable[PortalConnection]]


class ConnectController(QObject):
    """Runs the Connect screen: test, remember, open.

    The secret (the webhook URL, or the OAuth document with its tokens) goes to the OS keychain
    and nowhere else; without a keychain the user is told, and it is kept in memory for this
    run only. QSettings gets the profile's name, host and kind. OAuth is offered when both
    `check_oauth` and `open_oauth` are given; tokens rotated while testing or working are
    written back at once, since the old refresh token stops working (§1.2).

    Signals:
        checked(object): a ConnectionCheck from "Test connection".
    """

    checked = Signal(object)

    def __init__(
        self,
        check: Checker,
        open_portal: Opener,
        credentials: CredentialStore,
        settings: SettingsStore,
        parent: QObject | None = None,
        *,
        check_oauth: OAuthChecker | None = None,
        open_oauth: OAuthOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self._check = check
        self._open = open_portal
        self._check_oauth = check_oauth
        self._open_oauth = open_oauth
        self._credentials = credentials
        self._settings = settings
        self.dialog: ConnectDialog | None = None

    def make_dialog(self) -> ConnectDialog:
        """The Connect dialog, wired to this controller."""
        loaded = self._settings.load()
        dialog = ConnectDialog(
            loaded.profiles,
            keychain_usable=CredentialStore.backend_usable(),
            oauth_available=self._check_oauth is not None and self._open_oauth is not None,
        )
        dialog.test_requested.connect(self._on_dialog_test_requested)
        dialog.profile_chosen.connect(self._on_dialog_profile_chosen)
        self.dialog = dialog
        if loaded.last_profile:
            index = dialog.profiles.findData(loaded.last_profile)
            if index > 0:
                dialog.profiles.setCurrentIndex(index)
        return dialog

    async def test(self) -> ConnectionCheck:
        """Ask the portal about the typed webhook or tokens and show the verdict."""
        dialog = self.dialog
        assert dialog is not None
        dialog.set_testing(True)
        try:
            if dialog.kind() == "oauth" and self._check_oauth is not None:
                result = await self._check_oauth(
                    dialog.oauth_credentials(), self._on_tokens_rotated_while_testing
                )
            else:
                result = await self._check(dialog.webhook_url())
        finally:
            dialog.set_testing(False)
        dialog.show_check(messages.connection_text(result), result.ok)
        self.checked.emit(result)
        return result

    async def _on_tokens_rotated_while_testing(self, tokens: TokenPair) -> None:
        """Keep the newest pair: in the dialog, and in the keychain for a remembered profile."""
        dialog = self.dialog
        if dialog is None:
            return
        dialog.set_tokens(tokens)
        name = dialog.profile_name()
        if any(p.name == name and p.kind == "oauth" for p in self._settings.load().profiles):
            await token_saver(self._credentials, name, dialog.oauth_credentials())(tokens)

    @async_slot
    async def _on_dialog_test_requested(self) -> None:
        await self.test()

    @async_slot
    async def _on_dialog_profile_chosen(self, name: str) -> None:
        await self.load_profile(name)

    async def load_profile(self, name: str) -> None:
        """Fill the dialog with a remembered profile and its secret from the keychain."""
        secret = await self._credentials.load(name)
        if self.dialog is not None:
            self.dialog.set_profile(name, secret or "")

    async def run(self) -> PortalConnection | None:
        """Show the dialog until a portal opens; None when the user cancels."""
        dialog = self.dialog or self.make_dialog()
        while True:
            if await ask(dialog) == 0:
                return None
            result = await self.test()
            if not result.ok:
                continue
            name = dialog.profile_name() or result.host
            kind = dialog.kind()
            await self.remember(name, result.host, dialog.secret(), kind=kind)
            try:
                if kind == "oauth" and self._open_oauth is not None:
                    credentials = dialog.oauth_credentials()
                    saver = token_saver(self._credentials, name, credentials)
                    return await self._open_oauth(credentials, saver)
                return await self._open(dialog.webhook_url())
            except Exception as exc:
                logger.warning("opening %s failed: %s", result.host, type(exc).__name__)
                dialog.show_check(
                    self.tr("The portal answered the test but not the connection. Try again."),
                    False,
                )

    async def remember(self, name: str, host: str, secret: str, *, kind: str = "webhook") -> bool:
        """Store the secret in the keychain (or for this session) and the profile in settings.

        `secret` is the webhook URL, or for `kind` "oauth" the OAuth document.

        Returns:
            True when the keychain holds it, False when it is kept for this run only.
        """
        try:
            await self._credentials.save(name, secret)
            stored = True
        except CredentialStoreUnavailable:
            self._credentials.remember_for_session(name, secret)
            stored = False
            if self.dialog is not None:
                text = (
                    self.tr(
                        "No system keychain is available: the tokens are kept for this session "
                        "only."
                    )
                    if kind == "oauth"
                    else self.tr(
                        "No system keychain is available: the webhook is kept for this session "
                        "only."
                    )
                )
                self.dialog.show_check(text, True)
        self._settings.save(self._settings.load().with_profile(Profile(name, host, kind)))
        return stored
