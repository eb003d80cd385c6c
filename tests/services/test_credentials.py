from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from desktop_handover.services.credentials import (
    KEYRING_SERVICE,
    CredentialStore,
    CredentialStoreUnavailable,
)
from tests.conftest import MemoryKeyring

SECRET_URL = "https://acme.bitrix24.pl/rest/7/abcdefghijklmnop/"


@pytest.mark.asyncio
async def test_secret_round_trips_through_the_keychain(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    await store.save("acme", SECRET_URL)
    assert memory_keyring.store == {(KEYRING_SERVICE, "profile:acme"): SECRET_URL}
    assert await store.load("acme") == SECRET_URL
    await store.delete("acme")
    assert await store.load("acme") is None
    await store.delete("acme")  # forgetting twice is fine


@pytest.mark.asyncio
async def test_no_keychain_means_nothing_stored_and_a_clear_error_on_save() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    assert not store.backend_usable()
    assert await store.load("acme") is None  # the fail backend raises on get too
    with pytest.raises(CredentialStoreUnavailable) as info:
        await store.save("acme", SECRET_URL)
    assert "keychain" in str(info.value)
    assert "abcdefghijklmnop" not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.asyncio
async def test_session_only_secret_is_used_when_no_keychain_exists() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    store.remember_for_session("acme", SECRET_URL)
    assert await store.load("acme") == SECRET_URL
    await store.delete("acme")
    assert await store.load("acme") is None


def test_memory_keyring_counts_as_a_usable_backend() -> None:
    assert CredentialStore.backend_usable()
