"""--timeout: a reply held back longer than that counts as lost, so a slow portal cannot hang."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.harness import PortalProcess, cli_env, run_cli

pytestmark = [pytest.mark.loopback, pytest.mark.slow]


@pytest.fixture
def stalling_portal() -> Iterator[PortalProcess]:
    """Every reply is held back for 120 s (the client's default wait is 70 s)."""
    portal = PortalProcess(
        "--burst", "50", "--rate", "200", "--faults", "slow=1", "--slow-seconds", "120"
    )
    yield portal
    portal.stop()


# Without --timeout the connection check alone would wait 3 x 70 s: the test would time out.
@pytest.mark.timeout(60)
def test_a_short_timeout_gives_up_on_a_stalling_portal(
    stalling_portal: PortalProcess, tmp_path: Path
) -> None:
    env = cli_env(stalling_portal.webhook, tmp_path)
    result = run_cli(["users", "--rate-limit", "50/200", "--timeout", "1"], env, timeout=55)
    assert result.code == 2
    assert "Cannot reach 127.0.0.1" in result.stderr
    assert stalling_portal.secret not in result.stdout + result.stderr
