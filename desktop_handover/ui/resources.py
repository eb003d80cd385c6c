"""Finds files of the resources/ folder: in the wheel, a PyInstaller bundle or the checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def resource_roots() -> list[Path]:
    """The folders searched, in order: package data, then the checkout's resources/."""
    # The wheel and the PyInstaller spec copy resources/ in as desktop_handover/resources.
    return [_PACKAGE / "resources", _PACKAGE.parent / "resources"]


def resource_path(name: str) -> Path:
    """The path of resource `name` (e.g. "app/icon.svg", "translations").

    Tries package data first, then the checkout's resources/ folder, as qutebrowser's
    utils/resources.py picks bundle or package.

    Raises:
        FileNotFoundError: no root holds `name`.
    """
    for root in resource_roots():
        candidate = root / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)
