"""The CLI's commands in process (`cli.main`) against a `portal serve` subprocess over loopback."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from desktop_handover.cli import build_parser, main
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import HandoverPlan, SectionPlan, Single
from desktop_handover.handover.sections import DEALS
from desktop_handover.handover.selection import AllMatching
from tests.cli.harness import DEPARTING, LAST_LINE, SUCCESSORS, VERIFY_LINE, PortalProcess
from tests.conftest import MemoryKeyring

pytestmark = pytest.mark.loopback

FAST = ["--rate-limit", "50/200"]
#: Legacy updates that take REGISTER_SONET_EVENT (§7.6), used by --quiet-notifications.
LEGACY_UPDATES = {
    "1": "crm.lead.update",
    "2": "crm.deal.update",
    "3": "crm.contact.update",
    "4": "crm.company.update",
    "7": "crm.quote.update",
}
UPDATE_METHODS = (
    "crm.item.update",
    "crm.activity.update",
    "tasks.task.update",
    *LEGACY_UPDATES.values(),
)


class TerminalInput(io.StringIO):
    """Stdin as a terminal with the given answers typed in."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def owned_by(snapshot: dict[str, dict[str, int]], user: int) -> int:
    return sum(1 for owners in snapshot.values() for owner in owners.values() if owner == user)


def handover(journal: Path, *extra: str) -> list[str]:
    return [
        "handover",
        "--from",
        str(DEPARTING),
        "--to",
        ",".join(map(str, SUCCESSORS)),
        "--journal",
        str(journal),
        *FAST,
        *extra,
    ]


# --- usage and credentials ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["handover", "--to", "7"],
        ["handover", "--from", "x", "--to", "7"],
        ["handover", "--from", "22", "--to", "7,abc"],
        ["handover", "--from", "22", "--to", "7", "--sections", "meteors"],
        ["handover", "--from", "22", "--to", "7", "--sections", "all,deals"],
        ["handover", "--from", "22", "--to", "22"],
        ["handover", "--from", "22", "--to", "7", "--open-only", "--closed-only"],
        ["handover", "--from", "22", "--to", "7", "--route", "deals:x=8"],
        ["handover", "--from", "22", "--to", "7", "--split", "evenly"],
        ["resume", "abc"],
        ["undo"],
        ["users", "--rate-limit", "fast"],
        ["users", "--timeout", "-1"],
        ["profile", "add", "bad name!"],
        ["meteor"],
    ],
)
def test_usage_errors_exit_2_before_any_request(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.strip()


def test_no_option_takes_a_secret_and_a_typed_one_is_not_echoed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = build_parser()
    seen: list[str] = []

    def walk(p: object) -> None:
        for action in getattr(p, "_actions", []):
            seen.extend(action.option_strings)
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):
                for sub in choices.values():
                    walk(sub)

    walk(parser)
    assert "--profile" in seen
    assert "--journal" in seen
    assert not [o for o in seen if re.search(r"webhook|secret|token|url|password", o)]
    secret = "s3cr3tW3bh00k"
    code, out, err = run(capsys, "users", "--webhook", f"https://acme.example/rest/1/{secret}/")
    assert code == 2
    assert secret not in out + err


def test_without_a_portal_every_portal_command_says_where_it_comes_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (["users"], ["handover", "--from", "22", "--to", "7", "--yes"]):
        code, _, err = run(capsys, *args)
        assert code == 2
        assert "DESKTOP_HANDOVER_WEBHOOK" in err
        assert "profile add" in err


def test_unknown_profile_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "users", "--profile", "nowhere")
    assert code == 2
    assert "profile add nowhere" in err


# --- users ----------------------------------------------------------------------------------


def test_users_from_the_environment_never_print_the_secret(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess
) -> None:
    code, out, err = run(capsys, "users", "--json", "-vv", *FAST)
    assert code == 0
    users = json.loads(out)
    ids = {u["id"] for u in users}
    assert set(SUCCESSORS) <= ids
    assert all(u["active"] for u in users)
    assert portal.secret not in out + err
    # -vv logged the requests (the whole setup is one batch), masked.
    assert "/rest/1/***/" in err or "batch on 127.0.0.1: ok" in err
    code, out, _ = run(capsys, "users", *FAST)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "POSITION", "DEPARTMENTS"]
    assert len(lines) == len(users) + 1


def test_users_dismissed_counts_match_the_portal(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess
) -> None:
    code, out, _ = run(capsys, "users", "--dismissed", "--json", *FAST)
    assert code == 0
    owners = json.loads(out)
    assert owners
    assert [o["total"] for o in owners] == sorted((o["total"] for o in owners), reverse=True)
    snapshot = portal.snapshot()
    for owner in owners:
        assert not owner["active"]
        assert owner["total"] == sum(owner["counts"].values())
        assert owner["total"] == owned_by(snapshot, owner["id"])
    code, out, _ = run(capsys, "users", "--dismissed", *FAST)
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["ID", "NAME", "TOTAL"]


def test_a_webhook_without_the_task_scope_is_refused_with_the_box_to_tick(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKTOP_HANDOVER_WEBHOOK", portal.limited_webhook)
    code, out, err = run(capsys, "users", *FAST)
    assert code == 2
    assert "Tasks (task)" in err
    assert "Inbound webhook" in err
    assert portal.limited_webhook.split("/")[-2] not in out + err


# --- profiles -------------------------------------------------------------------------------


def test_profile_add_use_list_remove(
    capsys: pytest.CaptureFixture[str],
    portal: PortalProcess,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("DESKTOP_HANDOVER_WEBHOOK")
    monkeypatch.setattr("sys.stdin", io.StringIO(portal.webhook + "\n"))
    code, out, err = run(capsys, "profile", "add", "demo")
    assert code == 0, err
    assert "Saved profile demo for 127.0.0.1" in out
    assert list(memory_keyring.store.values()) == [portal.webhook]
    index = tmp_path / "xdg-data" / "desktop_handover" / "profiles.json"
    assert json.loads(index.read_text()) == {"profiles": [{"name": "demo", "host": "127.0.0.1"}]}
    code, out, err = run(capsys, "users", "--profile", "demo", "--json", *FAST)
    assert code == 0
    assert json.loads(out)
    code, out, _ = run(capsys, "profile", "list")
    assert out.split() == ["demo", "127.0.0.1"]
    code, out, _ = run(capsys, "profile", "remove", "demo")
    assert code == 0
    assert memory_keyring.store == {}
    code, out, _ = run(capsys, "profile", "list", "--json")
    assert json.loads(out) == []
    code, _, _ = run(capsys, "users", "--profile", "demo", *FAST)
    assert code == 2
    code, _, _ = run(capsys, "profile", "remove", "demo")
    assert code == 2
    assert portal.secret not in index.read_text()


def test_profile_add_refuses_a_wrong_secret_and_saves_nothing(
    capsys: pytest.CaptureFixture[str],
    portal: PortalProcess,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    wrong = portal.webhook.replace(portal.secret, "wrongsecret123")
    monkeypatch.setattr("sys.stdin", io.StringIO(wrong + "\n"))
    code, out, err = run(capsys, "profile", "add", "demo")
    assert code == 2
    assert "rejected the webhook" in err
    assert "wrongsecret123" not in out + err
    assert memory_keyring.store == {}
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "profile", "add", "demo")
    assert code == 2
    assert "stdin" in err


# --- handover: dry run and confirmation -----------------------------------------------------


def test_dry_run_prints_the_estimate_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    before = portal.snapshot()
    journal = tmp_path / "journal.sqlite3"
    code, out, err = run(capsys, *handover(journal, "--dry-run"))
    assert code == 0, err
    assert portal.snapshot() == before
    calls = portal.stats()["calls"]
    assert not [m for m in UPDATE_METHODS if calls.get(m)]
    assert not journal.exists()
    total = owned_by(before, DEPARTING)
    assert re.search(rf"^  total\s+{total}$", out, re.MULTILINE)
    for successor in SUCCESSORS:
        assert re.search(rf"^  {successor} \(", out, re.MULTILINE)
    assert "Requests:" in out
    assert "Estimated time:" in out
    assert out.rstrip().endswith("Dry run: nothing was changed.")


def test_a_dry_run_spends_one_request_on_setup_and_one_on_both_sections_listings(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    # The connection check's batch brings users, departments, smart processes and stages
    # (§4: one batch, one request); the two sections' listings of the departing user's
    # items share one batch of chained pages (§3, BitrixClient.list_many).
    code, _, err = run(
        capsys, *handover(tmp_path / "j.sqlite3", "--dry-run", "--sections", "deals,invoices")
    )
    assert code == 0, err
    stats = portal.stats()
    assert stats["http_requests"] == 1 + 1
    calls = stats["calls"]
    for method in ("user.current", "department.get", "crm.type.list", "crm.status.list"):
        assert calls[method] == 1, method


def test_without_a_terminal_and_without_yes_it_prints_the_dry_run_and_exits_2(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    before = portal.snapshot()
    code, out, err = run(capsys, *handover(tmp_path / "j.sqlite3"))
    assert code == 2
    assert "--yes" in err
    assert "total" in out
    assert portal.snapshot() == before


def test_a_terminal_asks_and_no_means_no(
    capsys: pytest.CaptureFixture[str],
    portal: PortalProcess,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    before = portal.snapshot()
    monkeypatch.setattr("sys.stdin", TerminalInput("n\n"))
    code, _, err = run(capsys, *handover(tmp_path / "j.sqlite3"))
    assert code == 1
    assert "Proceed? [y/N]" in err
    assert portal.snapshot() == before
    monkeypatch.setattr("sys.stdin", TerminalInput("y\n"))
    code, out, err = run(capsys, *handover(tmp_path / "j.sqlite3"))
    assert code == 0, err
    assert owned_by(portal.snapshot(), DEPARTING) == 0
    assert LAST_LINE.match(out.splitlines()[-1])


def test_dismiss_needs_the_typed_id(
    capsys: pytest.CaptureFixture[str],
    portal: PortalProcess,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    before = portal.snapshot()
    monkeypatch.setattr("sys.stdin", TerminalInput("y\n21\n"))
    code, _, err = run(capsys, *handover(tmp_path / "j.sqlite3", "--dismiss"))
    assert code == 1
    assert "did not match" in err
    assert portal.snapshot() == before
    monkeypatch.setattr("sys.stdin", TerminalInput(f"y\n{DEPARTING}\n"))
    code, out, err = run(capsys, *handover(tmp_path / "j.sqlite3", "--dismiss"))
    assert code == 0, err
    assert "Dismissal: dismissed" in out
    code, out, _ = run(capsys, "users", "--json", *FAST)
    assert DEPARTING not in {u["id"] for u in json.loads(out)}


# --- handover: runs, verify, undo -----------------------------------------------------------


def test_handover_runs_verify_undo(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    before = portal.snapshot()
    total = owned_by(before, DEPARTING)
    journal = tmp_path / "journal.sqlite3"
    report = tmp_path / "report.json"
    code, out, err = run(capsys, *handover(journal, "--yes", "--report", str(report)))
    assert code == 0, err
    assert out.splitlines()[-1] == f"handover: done={total} skipped=0 failed=0 residue=0 run=1"
    assert "resume 1" in err
    assert portal.secret not in out + err
    after = portal.snapshot()
    assert owned_by(after, DEPARTING) == 0
    assert owned_by(after, SUCCESSORS[0]) + owned_by(after, SUCCESSORS[1]) == (
        owned_by(before, SUCCESSORS[0]) + owned_by(before, SUCCESSORS[1]) + total
    )
    document = json.loads(report.read_text())
    assert len(document["items"]) == total
    assert {i["outcome"] for i in document["items"]} == {"done"}

    code, out, _ = run(capsys, "verify", "1", "--journal", str(journal), *FAST)
    assert code == 0
    assert VERIFY_LINE.match(out.splitlines()[-1])
    assert out.splitlines()[-1] == "verify: residue=0 run=1"

    code, out, err = run(capsys, "undo", "1", "--journal", str(journal), *FAST)
    assert code == 2  # no terminal, no --yes
    assert portal.snapshot() == after
    code, out, err = run(capsys, "undo", "1", "--yes", "--journal", str(journal), *FAST)
    assert code == 0, err
    assert out.splitlines()[-1] == f"handover: done={total} skipped=0 failed=0 residue=- run=2"
    assert portal.snapshot() == before

    code, _, err = run(capsys, "verify", "2", "--journal", str(journal), *FAST)
    assert code == 2
    assert "verify the run it undid (1)" in err

    code, out, _ = run(capsys, "runs", "--journal", str(journal))
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["2", "1"]
    assert "undo of 1" in lines[0]
    assert "undone" in lines[1]
    code, out, _ = run(capsys, "runs", "--journal", str(journal), "--json")
    assert [r["id"] for r in json.loads(out)] == [2, 1]

    code, _, err = run(capsys, "resume", "1", "--yes", "--journal", str(journal), *FAST)
    assert code == 2
    assert "cannot be resumed" in err
    code, _, err = run(capsys, "resume", "9", "--yes", "--journal", str(journal), *FAST)
    assert code == 2
    assert "no run 9" in err


@pytest.mark.parametrize("quiet", [True, False])
def test_quiet_notifications_reach_the_portal_as_register_sonet_event_n(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path, quiet: bool
) -> None:
    before = portal.snapshot()
    flags = ["--quiet-notifications"] if quiet else []
    code, _, err = run(capsys, *handover(tmp_path / "j.sqlite3", "--yes", *flags))
    assert code == 0, err
    after = portal.snapshot()
    moved = {
        kind: sum(1 for item, owner in after[kind].items() if owner != before[kind][item])
        for kind in after
    }
    stats = portal.stats()
    calls, posts = stats["calls"], stats["live_feed_posts"]
    legacy_moved = sum(moved[kind] for kind in LEGACY_UPDATES)
    other_crm = sum(n for kind, n in moved.items() if kind not in LEGACY_UPDATES) - (
        moved["activity"] + moved["task"]
    )
    assert legacy_moved > 0
    assert other_crm > 0  # smart invoices and smart processes have no legacy method
    if quiet:
        for kind, method in LEGACY_UPDATES.items():
            assert calls.get(method, 0) == moved[kind]
            assert kind not in posts  # REGISTER_SONET_EVENT=N: no live-feed post
        assert calls["crm.item.update"] == other_crm
    else:
        assert not [m for m in LEGACY_UPDATES.values() if calls.get(m)]
        assert calls["crm.item.update"] == legacy_moved + other_crm
        assert sum(len(posts.get(kind, {})) for kind in LEGACY_UPDATES) == legacy_moved
    assert calls["tasks.task.update"] == moved["task"]


def test_resume_runs_a_planned_run_and_needs_yes_without_a_terminal(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite3"
    with Journal(path) as journal:
        run_id = journal.create_run(
            HandoverPlan(DEPARTING, (SectionPlan(DEALS, AllMatching()),), Single(SUCCESSORS[0]))
        )
    deals_before = sum(1 for o in portal.snapshot()["2"].values() if o == DEPARTING)
    code, _, err = run(capsys, "resume", str(run_id), "--journal", str(path), *FAST)
    assert code == 2
    assert "--yes" in err
    code, out, err = run(capsys, "resume", str(run_id), "--yes", "--journal", str(path), *FAST)
    assert code == 0, err
    assert out.splitlines()[-1] == (
        f"handover: done={deals_before} skipped=0 failed=0 residue=0 run={run_id}"
    )
    assert not [o for o in portal.snapshot()["2"].values() if o == DEPARTING]


def test_runs_on_a_missing_journal_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "none.sqlite3"
    code, out, err = run(capsys, "runs", "--journal", str(path))
    assert (code, out) == (0, "")
    assert "No runs yet" in err
    assert not path.exists()
    code, _, err = run(capsys, "verify", "1", "--journal", str(path))
    assert code == 2
    assert not path.exists()


# --- sections, filters and splits -----------------------------------------------------------


def test_open_only_over_all_sections_takes_stageless_sections_whole(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    code, out, err = run(capsys, *handover(tmp_path / "j.sqlite3", "--open-only", "--dry-run"))
    assert code == 0, err
    assert "contacts have no open/closed state" in err
    closed = re.search(r"^  deals\s+(\d+)\s+(\d+)\s+(\d+)$", out, re.MULTILINE)
    assert closed is not None
    assert closed.group(3) == "0"


def test_open_only_on_a_named_stageless_section_is_refused_with_advice(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    before = portal.snapshot()
    args = handover(tmp_path / "j.sqlite3", "--open-only", "--sections", "deals,contacts")
    code, out, err = run(capsys, *args, "--yes")
    assert code == 2
    assert "contacts have no open or closed state" in err
    assert "--open-only" in err
    assert portal.snapshot() == before
    args = handover(tmp_path / "j.sqlite3", "--open-only", "--sections", "deals", "--dry-run")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    deals = re.search(r"^  deals\s+(\d+)\s+(\d+)\s+(\d+)$", out, re.MULTILINE)
    assert deals is not None
    assert deals.group(1) == deals.group(2)
    assert deals.group(3) == "0"


def test_smart_means_every_smart_process(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    args = handover(tmp_path / "j.sqlite3", "--sections", "smart", "--dry-run")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    shown = re.findall(r"^  (\S+)\s+\d+", out, re.MULTILINE)
    smart = sorted((k for k in portal.snapshot() if k.isdigit() and int(k) >= 128), key=int)
    assert [s for s in shown if s != "total"][: len(smart)] == [f"spa_{k}" for k in smart]
    assert not {"deals", "contacts", "tasks"} & set(shown)


def test_pipeline_split_routes_deals_and_sends_the_rest_to_the_first_successor(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    code, _, err = run(capsys, *handover(tmp_path / "j.sqlite3", "--route", "0=8", "--yes"))
    assert code == 2
    assert "--split pipeline" in err
    report = tmp_path / "r.json"
    code, _, err = run(
        capsys,
        "handover", "--from", str(DEPARTING), "--to", "7", "--split", "pipeline",
        "--route", "deals:0=8", "--sections", "deals,contacts", "--yes",
        "--journal", str(tmp_path / "j.sqlite3"), "--report", str(report), *FAST,
    )  # fmt: skip
    assert code == 0, err
    items = json.loads(report.read_text())["items"]
    assert {i["new_owner"] for i in items if i["section"] == "contacts"} == {7}
    deals_to = {i["new_owner"] for i in items if i["section"] == "deals"}
    assert 8 in deals_to


# --- the journal file stays free of secrets -------------------------------------------------


def test_the_journal_holds_no_secret(
    capsys: pytest.CaptureFixture[str], portal: PortalProcess, tmp_path: Path
) -> None:
    journal = tmp_path / "j.sqlite3"
    code, _, _ = run(capsys, *handover(journal, "--yes", "--sections", "deals"))
    assert code == 0
    with sqlite3.connect(journal) as db:
        dump = "\n".join(db.iterdump())
    assert portal.secret not in dump
    assert "/rest/" not in dump


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("departing", "successor", "words"),
    [
        (DEPARTING, 6, "User 6 (Dariusz Wróblewski) has been dismissed"),
        (999, 7, "There is no user 999 on this portal"),
        (DEPARTING, 998, "There is no user 998 on this portal"),
        (1, 7, "The webhook acts as user 1"),
    ],
)
def test_refusals_say_what_to_do_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    portal: PortalProcess,
    tmp_path: Path,
    departing: int,
    successor: int,
    words: str,
) -> None:
    before = portal.snapshot()
    journal = tmp_path / "j.sqlite3"
    code, out, err = run(
        capsys,
        "handover", "--from", str(departing), "--to", str(successor), "--yes",
        "--journal", str(journal), *FAST,
    )  # fmt: skip
    assert code == 2
    assert words in err
    assert out == ""
    assert portal.snapshot() == before
    assert not journal.exists()
