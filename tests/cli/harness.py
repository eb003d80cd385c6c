"""Drives `desktop-handover-cli` subprocesses against a `portal serve` subprocess and checks runs.

The checker knows nothing of the CLI's internals: it compares the emulator's ownership snapshot
(GET /_emulator/snapshot) before and after, reads the JSON report the run wrote, and asks
`verify` for the residue.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

#: Section key → the snapshot's key (entityTypeId, or activity/task).
SNAPSHOT_KEYS = {
    "leads": "1",
    "deals": "2",
    "contacts": "3",
    "companies": "4",
    "quotes": "7",
    "invoices": "31",
    "activities": "activity",
    "tasks": "task",
}
SECTION_OF = {v: k for k, v in SNAPSHOT_KEYS.items()}

LAST_LINE = re.compile(
    r"^handover: done=(\d+) skipped=(\d+) failed=(\d+) residue=(\d+|-) run=(\d+)$"
)
VERIFY_LINE = re.compile(r"^verify: residue=(\d+) run=(\d+)$")

#: The departing user and successors in demo portals (seed facts, checked by the suite).
DEPARTING = 22
SUCCESSORS = (7, 8)


def cli_command() -> list[str]:
    """The console script of this venv (or `python -m desktop_handover.cli`)."""
    script = Path(sys.executable).parent / "desktop-handover-cli"
    if script.exists():
        return [str(script)]
    found = shutil.which("desktop-handover-cli")
    return [found] if found else [sys.executable, "-m", "desktop_handover.cli"]


def section_key(snapshot_key: str) -> str:
    """The section key of a snapshot key ("128" → "spa_128")."""
    return SECTION_OF.get(snapshot_key, f"spa_{snapshot_key}")


Snapshot = dict[str, dict[str, int]]


class PortalProcess:
    """A `portal serve` subprocess; `stop()` ends it (SIGTERM, then SIGKILL)."""

    def __init__(self, *extra: str, seed: int = 1, env: Mapping[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [*cli_command(), "portal", "serve", "--port", "0", "--seed", str(seed), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            env=dict(env) if env is not None else None,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline().strip()
        if not first.startswith("webhook: "):
            self.stop()
            raise RuntimeError(f"portal serve did not start: {first!r}")
        self.webhook = first.split(" ", 1)[1]
        self.limited_webhook = self.process.stdout.readline().strip().split(" ", 1)[1]
        self.base = self.webhook.split("/rest/")[0]
        self.secret = self.webhook.rstrip("/").rsplit("/", 1)[1]
        self._http = httpx.Client(base_url=self.base, timeout=30)

    def snapshot(self) -> Snapshot:
        """Who owns every record now."""
        document: Snapshot = self._http.get("/_emulator/snapshot").json()
        return document

    def stats(self) -> dict[str, Any]:
        """The emulator's counters."""
        document: dict[str, Any] = self._http.get("/_emulator/stats").json()
        return document

    def reset(self) -> None:
        """Back to the seeded portal, counters and fault sequence."""
        self._http.post("/_emulator/reset").raise_for_status()

    def stop(self) -> None:
        """End the server and wait for it."""
        self._http.close() if hasattr(self, "_http") else None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@dataclass
class CliResult:
    """One finished CLI subprocess."""

    args: list[str]
    code: int
    stdout: str
    stderr: str

    @property
    def last_line(self) -> str:
        """The last non-empty stdout line."""
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def cli_env(webhook: str, home: Path) -> dict[str, str]:
    """The environment of a CLI subprocess: the webhook, and data folders under `home`."""
    env = dict(os.environ)
    env["DESKTOP_HANDOVER_WEBHOOK"] = webhook
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_STATE_HOME"] = str(home / "state")
    env.pop("PYTHONWARNINGS", None)
    return env


def run_cli(args: Sequence[str], env: Mapping[str, str], timeout: float = 300) -> CliResult:
    """Run the CLI to the end with stdin closed (never a terminal)."""
    done = subprocess.run(
        [*cli_command(), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=dict(env),
        timeout=timeout,
        check=False,
    )
    return CliResult(list(args), done.returncode, done.stdout, done.stderr)


@dataclass
class Verdict:
    """What a scenario's check found.

    Attributes:
        selected: items the plan selected (the departing user's items at the start).
        done, skipped, failed: report outcomes of the selected items.
        lost: selected items neither with their planned successor nor reported skipped or
            failed with a reason that matches the portal (the number that must be 0).
        changed_unselected: unselected items whose owner changed.
        residue: what `verify` reported.
        misreported: items with their planned successor that the report calls skipped
            (moved meanwhile, by an unknown hand); not lost, but the report is wrong.
        moved_before: items of the departing user a colleague (the fault) took before the
            run listed them; they are not part of the resolved selection.
        fault_moved: differences between report and portal charged to `concurrent_edit`
            (moved before the run listed them, or again after it looked).
        runs: CLI invocations it took (handover plus resumes).
        problems: a line per violation, for the assertion message.
    """

    selected: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    lost: int = 0
    misreported: int = 0
    moved_before: int = 0
    fault_moved: int = 0
    changed_unselected: int = 0
    residue: int | None = None
    runs: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every invariant held."""
        return not self.problems


def planned_successors(
    resolved: Sequence[tuple[str, int]], successors: Sequence[int]
) -> dict[tuple[str, int], int]:
    """The even split computed independently: per section, ascending id, round-robin."""
    planned: dict[tuple[str, int], int] = {}
    by_section: dict[str, list[int]] = {}
    for section, item_id in resolved:
        by_section.setdefault(section, []).append(item_id)
    for section, ids in by_section.items():
        for n, item_id in enumerate(sorted(ids)):
            planned[(section, item_id)] = successors[n % len(successors)]
    return planned


def owner_in(snapshot: Snapshot, section: str, item_id: int) -> int | None:
    """Who owns an item in a snapshot (None: no such item)."""
    return snapshot[SNAPSHOT_KEYS.get(section, section.removeprefix("spa_"))].get(str(item_id))


def check_run(
    before: Snapshot,
    after: Snapshot,
    report: Mapping[str, Any],
    residue: int | None,
    *,
    fault_edits: int = 0,
    departing: int = DEPARTING,
    successors: Sequence[int] = SUCCESSORS,
) -> Verdict:
    """Every invariant of the issue, for a run over every section with an even split.

    The selection is "everything the departing user owns", resolved by the run itself: the
    report's items must be exactly the departing user's items at the start, less any that a
    colleague took before the run listed them.

    `fault_edits` is the emulator's count of `concurrent_edit` moves (GET /_emulator/stats).
    That fault moves a record that a request listed to a colleague at the next request, so it
    may strike before the run's own listing (after a lost reply and a retried list), between
    listing and update (the designed case: skipped, with the new owner), or after the run
    looked (a skipped item's owner looked up, then moved again). Differences the first and
    last kinds cause are charged to the fault, one per recorded move beyond those the skipped
    items account for; any difference beyond that counts as lost. Unselected items are never
    listed, so the fault cannot touch them: any change there is a violation.
    """
    verdict = Verdict(residue=residue)
    at_start = {
        (section_key(kind), int(raw_id))
        for kind, owners in before.items()
        for raw_id, owner in owners.items()
        if owner == departing
    }
    verdict.selected = len(at_start)
    rows = {(str(r["section"]), int(r["id"])): r for r in report["items"]}
    planned = planned_successors(sorted(rows), successors)
    for key in sorted(set(rows) - at_start):
        verdict.problems.append(f"{key}: handed over, but not the departing user's at the start")
    unexplained: list[str] = []
    moved_back = 0
    colleague_moves = 0
    for section, item_id in sorted(at_start - set(rows)):
        # Not resolved: only right if someone else took it before the run listed it.
        now = owner_in(after, section, item_id)
        if now in (departing, None):
            verdict.lost += 1
            verdict.problems.append(f"{section} {item_id}: never resolved, still with {now}")
        else:
            verdict.moved_before += 1
            unexplained.append(f"{section} {item_id}: never resolved, now with {now}")
    for (section, item_id), row in sorted(rows.items()):
        successor = planned[(section, item_id)]
        now = owner_in(after, section, item_id)
        outcome = row["outcome"]
        if int(row["new_owner"]) != successor:
            verdict.problems.append(
                f"{section} {item_id}: planned for {successor}, report says {row['new_owner']}"
            )
        if outcome == "done":
            verdict.done += 1
            consistent = now == successor
        elif outcome == "skipped_moved_meanwhile":
            verdict.skipped += 1
            if row["current_owner"] is not None:
                colleague_moves += 1  # the report names who took it: a move by the fault
            if now == successor and row["current_owner"] is None:
                # With its planned successor after all, though reported as skipped by an
                # unknown hand (a lost reply, the batch sent again, the owner lookup failed).
                verdict.misreported += 1
                consistent = True
            else:
                # Someone else took it: the report must say who, and that must still be true.
                consistent = now not in (departing, None) and row["current_owner"] == now
        elif outcome == "skipped_not_found":
            verdict.skipped += 1
            consistent = now is None
        elif outcome == "failed":
            verdict.failed += 1
            consistent = bool(row["error"])
        else:
            consistent = False
        if not consistent:
            unexplained.append(
                f"{section} {item_id}: {outcome} (for {successor}, reported owner "
                f"{row['current_owner']}), owned by {now}"
            )
            moved_back += now == departing
    spare = max(0, fault_edits - colleague_moves)
    verdict.fault_moved = min(len(unexplained), spare)
    verdict.lost += len(unexplained) - verdict.fault_moved
    if verdict.fault_moved < len(unexplained):
        verdict.problems += unexplained
    for kind, owners in before.items():
        for raw_id, owner in owners.items():
            if owner == departing:
                continue
            current = after.get(kind, {}).get(raw_id)
            if current != owner:
                verdict.changed_unselected += 1
                verdict.problems.append(
                    f"{section_key(kind)} {raw_id}: not selected, owner {owner} → {current}"
                )
    if residue is None:
        verdict.problems.append("verify gave no residue")
    elif residue > verdict.failed + (moved_back if verdict.fault_moved else 0):
        # Only items reported failed (or moved back to the departing user by the fault
        # after the run) may stay with the departing user.
        verdict.problems.append(f"verify residue {residue} > failed items {verdict.failed}")
    return verdict


def handover_args(journal: Path, *extra: str) -> list[str]:
    """The scenario's handover command: every section, an even split, no prompt."""
    return [
        "handover",
        "--from",
        str(DEPARTING),
        "--to",
        ",".join(str(s) for s in SUCCESSORS),
        "--sections",
        "all",
        "--split",
        "even",
        "--yes",
        "--journal",
        str(journal),
        *extra,
    ]


#: Client options for the fast demo portal: its bucket, and replies time out after 2 s.
FAST_CLIENT = ("--rate-limit", "50/200", "--timeout", "2")
#: Server options: a fast bucket, and slow replies held past the client's timeout.
FAST_SERVER = ("--burst", "50", "--rate", "200", "--slow-seconds", "3")


def finish(
    env: Mapping[str, str], journal: Path, first: CliResult | None, *, max_invocations: int = 8
) -> tuple[str, int]:
    """Resume until the run has finished; return its id and the number of CLI invocations.

    `first` is the handover's result, or None when it was killed. The journal decides what
    comes next: no run yet (killed before it was created): start the handover again; a
    resumable run: `resume`; a finished one: done.
    """
    invocations = 1
    result = first
    while invocations <= max_invocations:
        if result is not None and result.code not in (0, 1):
            raise AssertionError(f"{result.args}: exit {result.code}\n{result.stderr}")
        match = LAST_LINE.match(result.last_line) if result is not None else None
        if match is not None and match.group(4) != "-":
            return match.group(5), invocations  # verified, so finished
        listed = run_cli(["runs", "--json", "--journal", str(journal)], env)
        runs = json.loads(listed.stdout)
        if runs and not runs[0]["resumable"]:
            return str(runs[0]["id"]), invocations
        invocations += 1
        if runs:
            resume = ["resume", str(runs[0]["id"]), "--yes", "--journal", str(journal)]
            result = run_cli([*resume, *FAST_CLIENT], env)
        else:
            result = run_cli([*handover_args(journal), *FAST_CLIENT], env)
    raise AssertionError(f"the run did not finish in {max_invocations} invocations")


def verify(env: Mapping[str, str], journal: Path, run_id: str, report: Path) -> int | None:
    """`verify RUN --report PATH`: the residue, and the run's report written to `report`."""
    result = run_cli(
        ["verify", run_id, "--journal", str(journal), "--report", str(report), *FAST_CLIENT],
        env,
    )
    match = VERIFY_LINE.match(result.last_line)
    return int(match.group(1)) if match else None


@dataclass
class Scenario:
    """One row of the matrix: server faults, or a kill point."""

    name: str
    faults: str = ""
    kill: bool = False
    latency_ms: float = 0.0


def run_scenario(scenario: Scenario, seed: int, home: Path) -> Verdict:
    """Run one scenario with one seed against a fresh portal; check every invariant."""
    home.mkdir(parents=True, exist_ok=True)
    extra = [*FAST_SERVER]
    if scenario.faults:
        extra += ["--faults", scenario.faults]
    if scenario.latency_ms:
        extra += ["--latency-ms", str(scenario.latency_ms)]
    portal = PortalProcess(*extra, seed=seed)
    try:
        return _checked_scenario(scenario, seed, home, portal)
    except (AssertionError, subprocess.SubprocessError, OSError, ValueError) as exc:
        failed = Verdict()
        failed.problems.append(f"{type(exc).__name__}: {exc}")
        return failed
    finally:
        portal.stop()


def _checked_scenario(scenario: Scenario, seed: int, home: Path, portal: PortalProcess) -> Verdict:
    """The body of `run_scenario`, against its portal."""
    env = cli_env(portal.webhook, home)
    journal, report = home / "journal.sqlite3", home / "report.json"
    before = portal.snapshot()
    args = [*handover_args(journal), *FAST_CLIENT, "--report", str(home / "handover.json")]
    first = _killed(args, env, random.Random(seed)) if scenario.kill else run_cli(args, env)
    run_id, invocations = finish(env, journal, first)
    residue = verify(env, journal, run_id, report)
    after = portal.snapshot()
    document = json.loads(report.read_text(encoding="utf-8"))
    edits = int(portal.stats().get("concurrent_edits", 0))
    verdict = check_run(before, after, document, residue, fault_edits=edits)
    verdict.runs = invocations
    if first is not None:
        match = LAST_LINE.match(first.last_line)
        if match is None and first.code in (0, 1):
            verdict.problems.append(f"bad last line {first.last_line!r}")
        own = home / "handover.json"
        if match is not None and match.group(4) != "-" and own.exists():
            # The handover's own report agrees with the journal's, item by item.
            items = json.loads(own.read_text(encoding="utf-8"))["items"]
            if _outcomes(items) != _outcomes(document["items"]):
                verdict.problems.append("the handover's report differs from the journal")
        if portal.secret in first.stdout + first.stderr:
            verdict.problems.append("the webhook secret was printed")
    return verdict


def _outcomes(items: Sequence[Mapping[str, Any]]) -> dict[tuple[str, int], str]:
    return {(str(i["section"]), int(i["id"])): str(i["outcome"]) for i in items}


def _killed(args: Sequence[str], env: Mapping[str, str], rng: random.Random) -> CliResult | None:
    """Start the handover, SIGKILL it a seeded random time after its run began.

    Returns None when it was killed, or its result when it finished first.
    """
    process = subprocess.Popen(
        [*cli_command(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=dict(env),
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.startswith("Run ") and " started" in line:
            break
    delay = rng.uniform(0.0, KILL_WINDOW)
    try:
        # Waiting on the process itself: it either finishes first or is killed at `delay`.
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.communicate()
        return None
    out, err = process.communicate()
    return CliResult(list(args), process.returncode, out, "".join(seen) + err)


#: Seconds after "Run N started" within which the kill lands. A run of the small portal takes
#: about a dozen requests (packed batches), ~3 s at 250 ms a request, so every kill lands
#: before the end: during the checks, the resolution or the sending.
KILL_WINDOW = 1.5


#: Every fault kind of the emulator at 5%, and all of them together.
FAULT_KINDS = (
    "rate_limit",
    "server_error",
    "reset",
    "lost_reply",
    "slow",
    "item_error",
    "concurrent_edit",
)
FAULT_SCENARIOS = (
    *(Scenario(kind, faults=f"{kind}=0.05") for kind in FAULT_KINDS),
    Scenario("all_together", faults=",".join(f"{k}=0.05" for k in FAULT_KINDS)),
)
KILL_SCENARIO = Scenario("sigkill_resume", kill=True, latency_ms=250)
#: A kill while every fault strikes at 5% (bench only).
KILL_UNDER_FAULTS = Scenario(
    "sigkill_faults",
    kill=True,
    latency_ms=80,
    faults=",".join(f"{k}=0.05" for k in FAULT_KINDS),
)
