"""Fixtures of the domain tests: a small fake portal and a journal on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_handover.handover.journal import Journal
from tests.fakes import FakeCrmGateway
from tests.handover.portal import make_portal


@pytest.fixture
def portal() -> FakeCrmGateway:
    return make_portal()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()
