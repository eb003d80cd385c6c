"""The CLI's words and displays: progress, refusals, advice, reports, exit codes, profiles."""

from __future__ import annotations

import asyncio
import io
import json
import re
from pathlib import Path

import pytest

from desktop_handover import cli
from desktop_handover.handover.journal import Journal, PlannedItem
from desktop_handover.handover.plan import (
    HandoverPlan,
    PlanError,
    RefusalCode,
    SectionPlan,
    Single,
)
from desktop_handover.handover.ports import ItemOutcome, UserInfo
from desktop_handover.handover.report import (
    HandoverReport,
    Outcome,
    Phase,
    Progress,
    RunState,
    SectionProgress,
    Wait,
    WaitReason,
)
from desktop_handover.handover.sections import DEALS
from desktop_handover.handover.selection import AllMatching
from desktop_handover.services import textreport
from desktop_handover.services.connection import ConnectionCheck, ConnectionProblem
from desktop_handover.services.profiles import (
    Profile,
    ProfileIndex,
    ProfileNameError,
    check_profile_name,
)
from desktop_handover.services.textprogress import ProgressDisplay
from tests.cli.harness import LAST_LINE


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def event(phase: Phase, done: int, total: int = 10, wait: Wait | None = None) -> Progress:
    return Progress(
        run_id=4,
        phase=phase,
        sections=(SectionProgress("deals", done=done, skipped=0, failed=0, total=total),),
        rate=2.0,
        eta_seconds=5.0,
        wait=wait,
    )


# --- progress -------------------------------------------------------------------------------


def test_plain_progress_is_one_line_per_interval_and_on_each_phase_change() -> None:
    stream, clock = io.StringIO(), Clock()
    display = ProgressDisplay(stream, tty=False, clock=clock, interval=2.0)
    display(event(Phase.CHECKING, 0))
    clock.now = 0.5
    display(event(Phase.HANDING_OVER, 1))  # new phase: shown at once
    clock.now = 1.0
    display(event(Phase.HANDING_OVER, 2))  # held back
    clock.now = 2.6
    display(event(Phase.HANDING_OVER, 3, wait=Wait(2.6, WaitReason.RATE_LIMIT)))
    clock.now = 3.0
    display(event(Phase.HANDING_OVER, 4))  # held back, then shown by close()
    display.close()
    lines = stream.getvalue().splitlines()
    assert [re.search(r"(\d+)/10", line).group(1) for line in lines] == ["0", "1", "3", "4"]  # type: ignore[union-attr]
    assert lines[0].startswith("run 4: checking")
    assert "waiting 3 s: portal rate limit" in lines[2]
    assert "eta 5 s" in lines[1]
    assert display.run_id == 4


def test_terminal_progress_is_a_bar_with_counts_and_the_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # the bar takes the terminal's width
    stream = io.StringIO()
    display = ProgressDisplay(stream, tty=True)
    display(event(Phase.HANDING_OVER, 3, wait=Wait(12.0, WaitReason.TIME_BUDGET)))
    display.close()
    shown = stream.getvalue()
    assert "3/10" in shown
    assert "done=3 skipped=0 failed=0" in shown
    assert "waiting 12 s: method time budget" in shown


# --- words ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(RefusalCode))
def test_every_refusal_has_its_own_advice(code: RefusalCode) -> None:
    error = PlanError(code, user_id=17, section="contacts", run_id=3, state="finished")
    text = textreport.refusal_message(error, {17: "Anna\u202eNowak"})
    assert text.endswith(".")
    others = {
        textreport.refusal_message(PlanError(c, user_id=17, section="contacts", run_id=3))
        for c in RefusalCode
        if c is not code
    }
    assert text not in others
    assert "\u202e" not in text


@pytest.mark.parametrize("problem", list(ConnectionProblem))
def test_every_connection_problem_says_what_to_do_without_the_url(
    problem: ConnectionProblem,
) -> None:
    check = ConnectionCheck(
        problem,
        host="acme.bitrix24.pl",
        user=UserInfo(5, "Jan", True),
        missing_scopes=("task", "department"),
    )
    text = textreport.connection_advice(check)
    assert "acme.bitrix24.pl/rest" not in text
    assert len(text) > 40
    if problem is not ConnectionProblem.INVALID_URL:
        assert "acme.bitrix24.pl" in text
    if problem is ConnectionProblem.MISSING_SCOPES:
        assert "Tasks (task)" in text
        assert "Departments (department)" in text
        assert "Developer resources → Other → Inbound webhook" in text


def test_portal_text_is_cleaned_for_the_terminal() -> None:
    assert textreport.clean("Anna\u202e\u200bNowak\n\x1b[31m") == "AnnaNowak  [31m"
    lines = textreport.users_table([UserInfo(7, "Jan\nKowalski", True, "Boss\t", ("Sales",))])
    assert lines[1].split() == ["7", "Jan", "Kowalski", "Boss", "Sales"]


def test_durations() -> None:
    assert textreport.duration(None) == "unknown"
    assert textreport.duration(44.6) == "45 s"
    assert textreport.duration(200) == "3 min 20 s"
    assert textreport.duration(7500) == "2 h 05 min"


# --- reports and exit codes -----------------------------------------------------------------


def finished_run(journal: Journal, outcomes: dict[int, Outcome], residue: tuple[int, ...]) -> int:
    plan = HandoverPlan(22, (SectionPlan(DEALS, AllMatching()),), Single(7))
    run_id = journal.create_run(plan)
    journal.record_resolved(
        run_id, [PlannedItem("deals", i, f"deal {i}", 22, 7) for i in sorted(outcomes)]
    )
    batch = journal.record_intent(run_id, "deals", 22, 7, sorted(outcomes))
    journal.record_outcomes(
        run_id,
        batch,
        "deals",
        [
            ItemOutcome(
                i,
                o,
                error="ACCESS_DENIED" if o is Outcome.FAILED else None,
                current_owner=9 if o is Outcome.SKIPPED_MOVED_MEANWHILE else None,
            )
            for i, o in outcomes.items()
        ],
    )
    journal.record_residue(run_id, {"deals": residue})
    journal.set_state(run_id, RunState.FINISHED)
    return run_id


@pytest.mark.parametrize(
    ("outcomes", "residue", "code"),
    [
        ({1: Outcome.DONE, 2: Outcome.SKIPPED_MOVED_MEANWHILE}, (), 0),
        ({1: Outcome.DONE, 2: Outcome.FAILED}, (2,), 1),
        ({1: Outcome.DONE}, (5,), 1),
    ],
)
def test_exit_code_and_last_line_follow_the_report(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    outcomes: dict[int, Outcome],
    residue: tuple[int, ...],
    code: int,
) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        run_id = finished_run(journal, outcomes, residue)
        report_path = tmp_path / "r.json"
        args = cli.build_parser().parse_args(["resume", str(run_id), "--report", str(report_path)])

        async def start(progress: object) -> HandoverReport:
            return journal.report(run_id)

        got = asyncio.run(cli._execute(start, journal, run_id, args, {7: "Jan", 9: "Ewa"}))
    out = capsys.readouterr().out
    assert got == code
    match = LAST_LINE.match(out.splitlines()[-1])
    assert match is not None
    failed = sum(o is Outcome.FAILED for o in outcomes.values())
    skipped = sum(o.is_skipped for o in outcomes.values())
    assert match.groups() == (
        str(sum(o is Outcome.DONE for o in outcomes.values())),
        str(skipped),
        str(failed),
        str(len(residue)),
        str(run_id),
    )
    if failed:
        assert "deals 2: failed: ACCESS_DENIED" in out
    if skipped:
        assert "deals 2: skipped: someone else took it meanwhile (now with 9 (Ewa))" in out
    document = json.loads(report_path.read_text())
    assert len(document["items"]) == len(outcomes)


# --- profiles -------------------------------------------------------------------------------


def test_profile_index_keeps_names_and_hosts_only(tmp_path: Path) -> None:
    index = ProfileIndex(tmp_path / "sub" / "profiles.json")
    assert index.all() == []
    index.add(Profile("zeta", "z.bitrix24.pl"))
    index.add(Profile("acme", "acme.bitrix24.pl"))
    index.add(Profile("acme", "acme2.bitrix24.pl"))
    assert index.all() == [Profile("acme", "acme2.bitrix24.pl"), Profile("zeta", "z.bitrix24.pl")]
    assert index.get("zeta") == Profile("zeta", "z.bitrix24.pl")
    assert index.remove("zeta")
    assert not index.remove("zeta")
    assert json.loads(index.path.read_text()) == {
        "profiles": [{"name": "acme", "host": "acme2.bitrix24.pl"}]
    }
    assert [p.name for p in index.path.parent.iterdir()] == ["profiles.json"]


def test_an_unreadable_index_counts_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_text("{not json")
    assert ProfileIndex(path).all() == []


@pytest.mark.parametrize("name", ["", "a b", "-x", "ä", "x" * 65, "a/b"])
def test_bad_profile_names(name: str) -> None:
    with pytest.raises(ProfileNameError):
        check_profile_name(name)
    assert check_profile_name("acme-prod_2.eu") == "acme-prod_2.eu"
