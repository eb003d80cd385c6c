"""The non-secret index of saved portal profiles (names and hosts); secrets stay in the keychain.

A keychain cannot list its entries portably, so `profile list` reads this small JSON file in
the user data folder instead. It holds profile names and portal hosts only: the webhook URL,
which embeds the secret, is stored by `credentials.CredentialStore` alone (style.md §6).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop_handover.services import paths

logger = logging.getLogger(__name__)

PROFILES_FILE_NAME = "profiles.json"

# Names end up in keychain account names and on command lines: keep them plain.
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


class ProfileNameError(ValueError):
    """A profile name that is empty, too long or uses characters other than A-Z, 0-9, _ . -."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A saved portal: the name the user picked and the portal's host (never the secret)."""

    name: str
    host: str


def check_profile_name(name: str) -> str:
    """Return `name` if it may name a profile.

    Raises:
        ProfileNameError: it may not.
    """
    if not _NAME_RE.fullmatch(name):
        raise ProfileNameError(
            f"bad profile name {name!r}: use 1-64 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    return name


def default_profiles_path() -> Path:
    """Where the index lives: `profiles.json` in the user data folder."""
    return paths.data_dir() / PROFILES_FILE_NAME


class ProfileIndex:
    """Reads and writes the index file; every change rewrites it atomically.

    A missing or unreadable file counts as empty (the keychain still holds the secrets, so
    re-adding a profile restores it).
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = default_profiles_path() if path is None else path

    @property
    def path(self) -> Path:
        """The index file."""
        return self._path

    def all(self) -> list[Profile]:
        """Every profile, by name."""
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            logger.warning("profile index unreadable, treated as empty: %s", type(exc).__name__)
            return []
        entries = data.get("profiles", []) if isinstance(data, dict) else []
        found = [
            Profile(str(e["name"]), str(e.get("host", "")))
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("name"), str)
        ]
        return sorted(found, key=lambda p: p.name)

    def get(self, name: str) -> Profile | None:
        """The profile called `name`, or None."""
        return next((p for p in self.all() if p.name == name), None)

    def add(self, profile: Profile) -> None:
        """Add `profile`, replacing one of the same name."""
        check_profile_name(profile.name)
        others = [p for p in self.all() if p.name != profile.name]
        self._write([*others, profile])

    def remove(self, name: str) -> bool:
        """Forget `name`; return whether it was there."""
        profiles = self.all()
        kept = [p for p in profiles if p.name != name]
        if len(kept) == len(profiles):
            return False
        self._write(kept)
        return True

    def _write(self, profiles: list[Profile]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "profiles": [
                {"name": p.name, "host": p.host} for p in sorted(profiles, key=lambda p: p.name)
            ]
        }
        # Write a sibling file and rename it over the old one: a crash never leaves half a file.
        fd, tmp = tempfile.mkstemp(prefix=".profiles.", dir=self._path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(document, fh, indent=2)
            Path(tmp).replace(self._path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
