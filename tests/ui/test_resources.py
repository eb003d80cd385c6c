from __future__ import annotations

import pytest

from desktop_handover.ui.resources import resource_path, resource_roots


def test_finds_the_checkouts_resources() -> None:
    found = resource_path("screenshots")
    assert found.is_dir()
    assert found.parent in resource_roots()


def test_a_missing_resource_raises() -> None:
    with pytest.raises(FileNotFoundError):
        resource_path("no/such/file.svg")
