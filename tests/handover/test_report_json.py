"""The JSON report file: exactly the report's JSON form, one item per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_handover.handover.report import (
    HandoverReport,
    Outcome,
    ReportRow,
    RunKind,
    RunState,
    write_json,
)


def _report(rows: tuple[ReportRow, ...]) -> HandoverReport:
    return HandoverReport(
        run_id=3,
        kind=RunKind.HANDOVER,
        state=RunState.FINISHED,
        departing_user_id=41,
        rows=rows,
        residue={"deals": (), "contacts": (7,)},
        dismissed=None,
        undo_of=None,
        sections=("deals", "contacts"),
    )


ROWS = (
    ReportRow("deals", 1, 'Zażółć "gęślą"\njaźń', 41, 7, Outcome.DONE, None, None, "t1"),
    ReportRow(
        "contacts", 7, "=cmd|' /C calc'!A0", 41, 8, Outcome.FAILED, "ACCESS_DENIED", None, "t2"
    ),
    ReportRow("contacts", 9, "", 41, 8, Outcome.SKIPPED_MOVED_MEANWHILE, None, 22, "t3"),
)


@pytest.mark.parametrize("rows", [ROWS, ()], ids=["items", "empty"])
def test_the_file_holds_exactly_the_reports_json_form(
    tmp_path: Path, rows: tuple[ReportRow, ...]
) -> None:
    report = _report(rows)
    path = tmp_path / "report.json"
    write_json(report, path)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == report.to_json_dict()
    if rows:
        # One item per line, so the file reads (and diffs) item by item.
        item_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"section"')]
        assert len(item_lines) == len(rows)
        assert "gęślą" in text  # written as UTF-8, not \\u escapes
