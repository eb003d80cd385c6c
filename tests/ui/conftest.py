"""UI test setup: tier 3 runs on a real qasync loop; QSettings never touch the user's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_handover.ui import aio
from desktop_handover.ui.settings_store import SettingsStore


def pytest_asyncio_loop_factories(config: Any, item: Any) -> dict[str, Any]:
    # Same module-level function every call: a fresh lambda breaks loop_scope="module"
    # (toolchain §6.7). Only tests under tests/ui get the qasync loop.
    return {"qasync": aio.new_event_loop}


@pytest.fixture
def settings_store(tmp_path: Path) -> SettingsStore:
    """A SettingsStore over an INI file in tmp_path."""
    return SettingsStore.at(str(tmp_path / "settings.ini"))
