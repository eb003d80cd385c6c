"""Portal secrets in the OS keychain, and nowhere else (style.md §6).

A profile's secret is the webhook URL itself (it embeds the secret) or an OAuth token set as
JSON. keyring may block (D-Bus, a password prompt), so every call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging

import keyring
import keyring.backends.fail
import keyring.errors

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
