"""Ctrl-C and SIGTERM stop a handover subprocess resumably, with exit status 130."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.harness import (
    DEPARTING,
    FAST_CLIENT,
    LAST_LINE,
    PortalProcess,
    cli_command,
    cli_env,
    handover_args,
    run_cli,
)

pytestmark = [pytest.mark.loopback, pytest.mark.slow]


@pytest.fixture(scope="module")
def slow_portal() -> Iterator[PortalProcess]:
    """A portal slow enough (50 ms a request) that a run is still going when signalled."""
    portal = PortalProcess("--burst", "50", "--rate", "200", "--latency-ms", "50", seed=1)
    yield portal
    portal.stop()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_cancels_the_run_resumably(
    slow_portal: PortalProcess, tmp_path: Path, stop: signal.Signals
) -> None:
    slow_portal.reset()
    env = cli_env(slow_portal.webhook, tmp_path)
    journal = tmp_path / "journal.sqlite3"
    process = subprocess.Popen(
        [*cli_command(), *handover_args(journal), *FAST_CLIENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "handing over" in line:
            break  # the first batch is about to leave
    process.send_signal(stop)
    out, err = process.communicate(timeout=60)
    err = "".join(seen) + err
    assert process.returncode == 130, err
    match = LAST_LINE.match(out.splitlines()[-1])
    assert match is not None, out
    assert match.group(4) == "-"  # stopped before verification
    run_id = match.group(5)
    assert f"resume {run_id}" in err
    assert slow_portal.secret not in out + err

    runs = json.loads(run_cli(["runs", "--json", "--journal", str(journal)], env).stdout)
    assert runs[0]["state"] == "cancelled"
    assert runs[0]["resumable"]
    done_before = int(match.group(1))
    assert done_before < sum(runs[0]["counts"].values())

    resumed = run_cli(["resume", run_id, "--yes", "--journal", str(journal), *FAST_CLIENT], env)
    assert resumed.code == 0, resumed.stderr
    final = LAST_LINE.match(resumed.last_line)
    assert final is not None
    assert final.group(3) == "0"
    assert final.group(4) == "0"
    after = slow_portal.snapshot()
    assert not [o for owners in after.values() for o in owners.values() if o == DEPARTING]
