"""Fixtures of the CLI tests: isolated data folders, a served demo portal, logging restored."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.harness import FAST_SERVER, PortalProcess


@pytest.fixture(autouse=True)
def isolated_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads a real webhook or writes the user's data folders; logging comes back."""
    monkeypatch.delenv("DESKTOP_HANDOVER_WEBHOOK", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="module")
def served() -> Iterator[PortalProcess]:
    """One fast demo portal (seed 1, no faults) per test module; reset it before use."""
    portal = PortalProcess(*FAST_SERVER, seed=1)
    yield portal
    portal.stop()


@pytest.fixture
def portal(served: PortalProcess, monkeypatch: pytest.MonkeyPatch) -> PortalProcess:
    """The module's portal, freshly reset, with DESKTOP_HANDOVER_WEBHOOK pointing at it."""
    served.reset()
    monkeypatch.setenv("DESKTOP_HANDOVER_WEBHOOK", served.webhook)
    return served
