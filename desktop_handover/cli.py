"""Headless root: `desktop-handover-cli` and its subcommands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import Any

# limits.py is stdlib-only and cheap; the rest of the emulator is imported by its runner.
from desktop_handover.emulator.limits import EmulatorConfig, FaultSpec


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each subcommand stores its runner in `func`."""
    parser = argparse.ArgumentParser(
        prog="desktop-handover-cli",
        description="Hand a departing employee's Bitrix24 CRM items over to colleagues.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_portal_commands(subparsers)
    return parser


# --- portal: the emulated demo portal -------------------------------------------------------


def add_portal_commands(subparsers: Any) -> None:
    """`portal serve`: the emulated Bitrix24 portal over loopback HTTP."""
    portal = subparsers.add_parser("portal", help="the emulated demo portal")
    commands = portal.add_subparsers(dest="portal_command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="serve the demo portal over HTTP until interrupted",
        description=(
            "Serve a seeded, emulated Bitrix24 portal. The first line on stdout is the admin "
            "webhook URL ('webhook: URL'), the second a limited webhook's URL."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=0, help="port (0: pick a free one)")
    serve.add_argument("--seed", type=int, default=1, help="demo data seed")
    serve.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    serve.add_argument("--burst", type=int, default=50, help="rate bucket size (requests)")
    serve.add_argument("--rate", type=float, default=2.0, help="bucket drain (requests/s)")
    serve.add_argument(
        "--operating-limit",
        type=float,
        default=480.0,
        help="operating seconds per method per 10 minutes",
    )
    serve.add_argument("--latency-ms", type=float, default=0.0, help="added to every call")
    serve.add_argument(
        "--faults",
        type=_fault_spec,
        default="",
        help="comma-separated kind=probability, e.g. rate_limit=0.05,lost_reply=0.02",
    )
    serve.set_defaults(func=_run_portal_serve)


def _fault_spec(text: str) -> FaultSpec:
    try:
        return FaultSpec.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _run_portal_serve(args: argparse.Namespace) -> int:
    # Imported here rather than at the top: uvicorn and the demo-data generator are needed by
    # this subcommand only, and every other command should start fast.
    from desktop_handover.emulator.handler import Emulator  # noqa: PLC0415
    from desktop_handover.emulator.seed import build_portal  # noqa: PLC0415
    from desktop_handover.emulator.server import bind, serve  # noqa: PLC0415

    faults = args.faults if isinstance(args.faults, FaultSpec) else FaultSpec.parse(args.faults)
    config = EmulatorConfig(
        burst=args.burst,
        rate=args.rate,
        operating_limit=args.operating_limit,
        latency_ms=args.latency_ms,
        faults=faults,
        fault_seed=args.seed,
    )
    emulator = Emulator(lambda: build_portal(args.seed, args.scale), config)
    sock = bind(args.host, args.port)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{shown}:{port}"
    # The first line is a promise to scripts and tests: `webhook: URL`, flushed at once.
    print(f"webhook: {emulator.webhook_url(base)}", flush=True)
    with contextlib.suppress(LookupError):  # a portal without a second webhook shows one
        print(f"limited-webhook: {emulator.webhook_url(base, limited=True)}", flush=True)
    asyncio.run(serve(sock, emulator))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (2 for usage errors, as argparse does)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
