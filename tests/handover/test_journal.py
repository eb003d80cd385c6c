"""The journal on disk: runs, durability settings, reports (CSV, JSON), and no secrets."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_handover.handover.engine import run_handover
from desktop_handover.handover.journal import (
    UNRECOGNISED_ERROR,
    Journal,
    PlannedItem,
    safe_code,
)
from desktop_handover.handover.plan import EvenSplit, HandoverOptions
from desktop_handover.handover.ports import ItemOutcome
from desktop_handover.handover.report import REPORT_COLUMNS, Outcome, RunKind, RunState
from desktop_handover.handover.selection import AllMatching, SectionFilter
from tests.fakes import FAKE_WEBHOOK_URL, FakeCrmGateway
from tests.handover.portal import ANNA, EWA, PIOTR, everything, plan_for


def fixed_clock() -> datetime:
    return datetime(2026, 11, 27, 8, 0, 0, tzinfo=UTC)


def read_files(folder: Path) -> list[bytes]:
    """The journal, its WAL and the exports, byte for byte."""
    return [p.read_bytes() for p in folder.iterdir() if p.is_file()]


def test_durability_settings(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        db = journal._db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_runs_newest_first_and_plan_round_trip(tmp_path: Path) -> None:
    plan_a = plan_for({"deals": AllMatching(SectionFilter.OPEN, frozenset({7}))})
    plan_b = plan_for({"leads": AllMatching()}, rule=EvenSplit((PIOTR, EWA)), keep_related=True)
    with Journal(tmp_path / "j.sqlite3", now=fixed_clock) as journal:
        a = journal.create_run(plan_a)
        b = journal.create_run(plan_b)
        journal.set_state(a, RunState.CANCELLED)
    with Journal(tmp_path / "j.sqlite3") as journal:  # reopened: it is all on disk
        runs = journal.runs()
        assert [r.id for r in runs] == [b, a]
        assert runs[0].plan == plan_b
        assert runs[1].plan == plan_a
        assert runs[1].state is RunState.CANCELLED
        assert runs[1].created == "2026-11-27T08:00:00+00:00"
        assert runs[0].kind is RunKind.HANDOVER
        assert [r.id for r in journal.resumable_runs()] == [b, a]
        assert journal.load_run(12345) is None


def test_intent_then_outcomes(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite3") as journal:
        run = journal.create_run(plan_for({"deals": AllMatching()}))
        journal.record_resolved(
            run, [PlannedItem("deals", i, f"Deal {i}", ANNA, PIOTR) for i in (1, 2, 3)]
        )
        assert [i.item_id for i in journal.pending_items(run)] == [1, 2, 3]
        batch = journal.record_intent(run, "deals", ANNA, PIOTR, [1, 2])
        assert journal.pending_keys(run) == [("deals", ANNA, PIOTR, 3)]
        assert {i.item_id: i.status for i in journal.items(run)} == {
            1: Outcome.SENT,
            2: Outcome.SENT,
            3: Outcome.PENDING,
        }
        # Item 2's reply is missing from the answer: it becomes UNKNOWN.
        journal.record_outcomes(run, batch, "deals", [ItemOutcome(1, Outcome.DONE)])
        assert {i.item_id: i.status for i in journal.items(run)} == {
            1: Outcome.DONE,
            2: Outcome.UNKNOWN,
            3: Outcome.PENDING,
        }
        assert [i.item_id for i in journal.unsettled_items(run)] == [2]
        assert journal.pending_keys(run) == [
            (i.section, i.old_owner, i.new_owner, i.item_id) for i in journal.pending_items(run)
        ]
        assert journal.counts(run) == {
            "deals": {Outcome.DONE: 1, Outcome.UNKNOWN: 1, Outcome.PENDING: 1}
        }


def test_error_codes_that_are_not_codes_are_not_stored() -> None:
    assert safe_code("ACCESS_DENIED") == "ACCESS_DENIED"
    assert safe_code("CRM_FIELD_ERROR_VALUE_NOT_VALID") == "CRM_FIELD_ERROR_VALUE_NOT_VALID"
    assert safe_code(None) is None
    assert safe_code(f"failed: {FAKE_WEBHOOK_URL}crm.item.update") == UNRECOGNISED_ERROR
    assert safe_code("x" * 65) == UNRECOGNISED_ERROR


@pytest.mark.asyncio
async def test_report_exports(portal: FakeCrmGateway, tmp_path: Path) -> None:
    portal.add("deals", 150, ANNA, title='=HYPERLINK("http://evil")', closed=False)
    portal.add("deals", 151, ANNA, title='Zażółć gęślą jaźń, "quoted"', closed=False)
    portal.fail_items[("deals", 102)] = "ACCESS_DENIED"
    portal.set_owner("deals", 103, EWA)
    with Journal(tmp_path / "j.sqlite3", now=fixed_clock) as journal:
        plan = plan_for({"deals": AllMatching()})

        def someone_takes_104(
            gw: FakeCrmGateway, n: int, sections: object, groups: object
        ) -> None:
            gw.set_owner("deals", 104, EWA)

        portal.before_reassign = someone_takes_104
        report = await run_handover(plan, portal, journal)
        journal.export_csv(report.run_id, tmp_path / "r.csv")
        journal.export_json(report.run_id, tmp_path / "r.json")

    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == REPORT_COLUMNS
    by_id = {int(r[1]): dict(zip(REPORT_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert sorted(by_id) == [101, 102, 104, 105, 106, 150, 151]
    assert by_id[101]["outcome"] == "done"
    assert (by_id[101]["old_owner"], by_id[101]["new_owner"]) == (str(ANNA), str(PIOTR))
    assert (by_id[102]["outcome"], by_id[102]["error"]) == ("failed", "ACCESS_DENIED")
    assert (by_id[104]["outcome"], by_id[104]["current_owner"]) == (
        "skipped_moved_meanwhile",
        str(EWA),
    )
    assert by_id[104]["error"] == ""
    assert by_id[150]["title"].startswith("'=")  # no formula injection into spreadsheets
    assert by_id[151]["title"] == 'Zażółć gęślą jaźń, "quoted"'
    assert by_id[101]["time"] == "2026-11-27T08:00:00+00:00"

    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["run_id"] == report.run_id
    assert data["state"] == "finished"
    assert data["summary"] == {"deals": {"done": 5, "failed": 1, "skipped_moved_meanwhile": 1}}
    assert data["per_new_owner"] == {str(PIOTR): 5}
    assert data["residue"] == {"deals": [102]}
    assert len(data["items"]) == 7
    item_151 = next(i for i in data["items"] if i["id"] == 151)
    assert item_151["title"] == 'Zażółć gęślą jaźń, "quoted"'
    assert set(item_151) == set(REPORT_COLUMNS)


@pytest.mark.asyncio
async def test_journal_never_holds_a_secret(portal: FakeCrmGateway, tmp_path: Path) -> None:
    # A gateway that (wrongly) leaks the URL into an error code must not leak it further.
    portal.fail_items[("deals", 101)] = f"HTTP 400 from {FAKE_WEBHOOK_URL}crm.item.update"
    path = tmp_path / "j.sqlite3"
    plan = plan_for(everything(), options=HandoverOptions(timeline_comment=True))
    with Journal(path) as journal:
        report = await run_handover(plan, portal, journal)
        assert {r.error for r in report.rows if r.outcome is Outcome.FAILED} == {
            UNRECOGNISED_ERROR
        }
        journal.export_csv(report.run_id, tmp_path / "r.csv")
        journal.export_json(report.run_id, tmp_path / "r.json")
        # Read everything through SQL too, in case a page is not yet checkpointed.
        dump = "\n".join(journal._db.iterdump())
    secret = FAKE_WEBHOOK_URL.split("/")[-2]
    for blob in [*read_files(tmp_path), dump.encode()]:
        assert secret.encode() not in blob
        assert b"/rest/" not in blob
        assert b"https://" not in blob


def test_schema_is_readable_by_plain_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal(path).close()
    tables = {
        r[0]
        for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert {"runs", "items", "batches", "residue", "notices"} <= tables
