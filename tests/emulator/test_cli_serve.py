"""`desktop-handover-cli portal serve`: first lines, a real call, clean exit on signals."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from desktop_handover.cli import build_parser, main


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "desktop-handover-cli"
    if script.exists():
        return [str(script)]
    found = shutil.which("desktop-handover-cli")
    return [found] if found else [sys.executable, "-m", "desktop_handover.cli"]


def test_portal_serve_defaults() -> None:
    args = build_parser().parse_args(["portal", "serve"])
    assert (args.host, args.port, args.seed, args.scale) == ("127.0.0.1", 0, 1, "small")
    assert (args.burst, args.rate, args.operating_limit, args.latency_ms) == (50, 2.0, 480.0, 0.0)
    assert str(args.faults) == ""
    custom = build_parser().parse_args(
        ["portal", "serve", "--faults", "rate_limit=0.05,lost_reply=0.02", "--scale", "medium"]
    )
    assert dict(custom.faults.probabilities) == {"rate_limit": 0.05, "lost_reply": 0.02}


def test_bad_fault_spec_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["portal", "serve", "--faults", "meteor=1"])
    assert exited.value.code == 2
    assert "bad fault 'meteor=1'" in capsys.readouterr().err


@pytest.mark.loopback
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_webhooks_first_and_exits_0_on_signals(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        [*_cli(), "portal", "serve", "--port", "0", "--scale", "small"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        second = process.stdout.readline().strip()
        label, url = first.split(" ", 1)
        assert label == "webhook:"
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/")
        port = int(url.split(":")[2].split("/")[0])
        assert port > 0
        limited_label, limited_url = second.split(" ", 1)
        assert limited_label == "limited-webhook:"
        with httpx.Client(timeout=10) as client:
            admin = client.get(url + "user.current").json()["result"]
            limited = client.get(limited_url + "user.current").json()["result"]
            assert admin["ID"] == url.split("/rest/")[1].split("/")[0]
            assert limited["ID"] == limited_url.split("/rest/")[1].split("/")[0]
            assert admin["ID"] != limited["ID"]
            deals = client.post(
                url + "crm.item.list",
                json={"entityTypeId": 2, "order": {"id": "ASC"}, "start": -1},
            )
            assert deals.status_code == 200
            assert len(deals.json()["result"]["items"]) == 50
        process.send_signal(stop)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()
