"""Issue #7 under pytest: the whole handover benchmark (W1-W4 x contenders, UI figures).

    uv run pytest -m bench -s tests/benchmarks/bench_handover.py

is the same run as `uv run python -m tests.benchmarks.run` (see that module): it prints the
table and writes bench-results/benchmarks.json. It asserts nothing about time (style.md §8);
it only fails if the run itself could not produce its figures.
"""

from __future__ import annotations

import json

import pytest

from tests.benchmarks import run

pytestmark = [pytest.mark.bench, pytest.mark.timeout(3600)]


def test_bench_handover_w1_to_w4_and_ui() -> None:
    assert run.main([]) == 0
    document = json.loads(run.RESULTS.read_text(encoding="utf-8"))
    assert len(document["results"]) == len(run.WORKLOADS) * len(run.CONTENDERS)
