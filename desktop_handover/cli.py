"""Headless root: `desktop-handover-cli` and its subcommands."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each subcommand stores its runner in `func`."""
    parser = argparse.ArgumentParser(
        prog="desktop-handover-cli",
        description="Hand a departing employee's Bitrix24 CRM items over to colleagues.",
    )
    parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (2 for usage errors, as argparse does)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
