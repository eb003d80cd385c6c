"""Portal secrets in the OS keychain, and nowhere else (style.md §6).

A profile's secret is the webhook URL itself (it embeds the secret) or an OAuth token set as
JSON (`OAuthCredentials`). keyring may block (D-Bus, a password prompt), so every call runs
in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import keyring
import keyring.backends.fail
import keyring.errors

from desktop_handover.bitrix.auth import DEFAULT_TOKEN_URL, OAuthApp
from desktop_handover.bitrix.types import TokenPair

logger = logging.getLogger(__name__)

KEYRING_SERVICE = "desktop_handover"


class CredentialStoreUnavailable(Exception):
    """No usable system keychain: the secret can be kept for this run only."""


def _account(profile: str) -> str:
    return f"profile:{profile}"


class CredentialStore:
    """Saves, loads and forgets the secret of each portal profile.

    When the system has no keychain, `save` raises CredentialStoreUnavailable (the caller tells
    the user and may call `remember_for_session`), and `load` treats the keychain as empty: the
    fail backend raises on *get* too (desktop-toolchain.md §6.10). There is deliberately no
    plaintext fallback.
    """

    def __init__(self) -> None:
        # Secrets the user chose to keep for this run only, because no keychain exists.
        self._session_only: dict[str, str] = {}

    @staticmethod
    def backend_usable() -> bool:
        """Whether a real keychain backend is available, so the UI can warn up front."""
        ring = keyring.get_keyring()
        return not isinstance(ring, keyring.backends.fail.Keyring) and ring.priority > 0

    @staticmethod
    def backend_name() -> str:
        """The keychain's human name (e.g. "macOS Keychain"), for messages; no secret in it."""
        return type(keyring.get_keyring()).__name__

    async def save(self, profile: str, secret: str) -> None:
        """Store `secret` for `profile` in the keychain.

        Raises:
            CredentialStoreUnavailable: no keychain, or it refused the write (locked, denied).
        """
        try:
            await asyncio.to_thread(
                keyring.set_password, KEYRING_SERVICE, _account(profile), secret
            )
        except keyring.errors.KeyringError as exc:
            # Only the exception's type is passed on: a backend's own text is not ours to vet.
            raise CredentialStoreUnavailable(
                f"The system keychain ({self.backend_name()}) could not store the secret: "
                f"{type(exc).__name__}. Install or unlock a keychain (macOS Keychain, Windows "
                "Credential Manager, GNOME Keyring or KWallet), or keep the secret for this "
                "session only."
            ) from None
        self._session_only.pop(profile, None)

    def remember_for_session(self, profile: str, secret: str) -> None:
        """Keep `secret` in memory until the program exits (no keychain available)."""
        self._session_only[profile] = secret

    async def load(self, profile: str) -> str | None:
        """The stored secret of `profile`, or None when there is none or no keychain."""
        if profile in self._session_only:
            return self._session_only[profile]
        try:
            return await asyncio.to_thread(
                keyring.get_password, KEYRING_SERVICE, _account(profile)
            )
        except keyring.errors.KeyringError as exc:
            logger.warning("Keychain read failed for a profile: %s", type(exc).__name__)
            return None

    async def delete(self, profile: str) -> None:
        """Forget the secret of `profile`; forgetting one that is not stored is not an error."""
        self._session_only.pop(profile, None)
        try:
            await asyncio.to_thread(keyring.delete_password, KEYRING_SERVICE, _account(profile))
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            logger.warning("Keychain delete failed for a profile: %s", type(exc).__name__)


_OAUTH_FIELDS = (
    "client_id",
    "client_secret",
    "access_token",
    "refresh_token",
    "portal_url",
    "token_url",
)


@dataclass(frozen=True, slots=True)
class OAuthCredentials:
    """An OAuth profile's keychain secret: the local app, its tokens, and where they work.

    Stored as one JSON document {client_id, client_secret, access_token, refresh_token,
    portal_url, token_url} (bitrix24-api.md §1.2); only the keychain ever holds it.
    """

    portal_url: str
    client_id: str
    client_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    token_url: str = DEFAULT_TOKEN_URL

    @property
    def app(self) -> OAuthApp:
        """The app's identity for the client."""
        return OAuthApp(self.client_id, self.client_secret, token_url=self.token_url)

    @property
    def tokens(self) -> TokenPair:
        """The current token pair."""
        return TokenPair(self.access_token, self.refresh_token)

    def with_tokens(self, tokens: TokenPair) -> OAuthCredentials:
        """The same app and portal with a rotated token pair."""
        return replace(self, access_token=tokens.access_token, refresh_token=tokens.refresh_token)

    def to_json(self) -> str:
        """The keychain document."""
        return json.dumps({name: getattr(self, name) for name in _OAUTH_FIELDS})

    @classmethod
    def from_json(cls, text: str) -> OAuthCredentials:
        """Read a keychain document.

        Raises:
            ValueError: `text` is not an OAuth document (the message quotes none of it).
        """
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("the stored secret is not an OAuth token document") from None
        if not isinstance(document, dict) or not all(
            isinstance(document.get(name), str) for name in _OAUTH_FIELDS[:5]
        ):
            raise ValueError("the stored OAuth token document lacks a field")
        token_url = document.get("token_url")
        return cls(
            portal_url=document["portal_url"],
            client_id=document["client_id"],
            client_secret=document["client_secret"],
            access_token=document["access_token"],
            refresh_token=document["refresh_token"],
            token_url=token_url if isinstance(token_url, str) and token_url else DEFAULT_TOKEN_URL,
        )


def is_oauth_secret(secret: str) -> bool:
    """Whether a stored secret is an OAuth document rather than a webhook URL."""
    return secret.lstrip().startswith("{")


def token_saver(
    store: CredentialStore, profile: str, credentials: OAuthCredentials
) -> Callable[[TokenPair], Awaitable[None]]:
    """An `on_refresh` hook that writes each rotated token pair back to the keychain.

    The old refresh token stops working at each refresh (§1.2), so the newest pair must be
    stored at once. Without a keychain it is kept for this session and a warning is logged.
    """
    current = credentials

    async def save(tokens: TokenPair) -> None:
        nonlocal current
        current = current.with_tokens(tokens)
        document = current.to_json()
        try:
            await store.save(profile, document)
        except CredentialStoreUnavailable:
            logger.warning("The refreshed OAuth tokens are kept for this session only")
            store.remember_for_session(profile, document)

    return save
