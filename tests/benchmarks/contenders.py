"""The third-party contenders of the handover benchmark, one process per run.

`python -m tests.benchmarks.contenders NAME JOB.json` runs one contender on one workload and
prints one JSON line with what it listed and updated. The orchestrator (tests/benchmarks/run.py)
counts requests, 503s and 429s on the emulator and checks the owners there, so nothing here is
trusted for the figures except the listing counts.

- `fast-bitrix24`: `Bitrix.get_all` to list and `Bitrix.call` with the update method, its throttle
  set to the portal's limits (README "Способ 2": request_pool_size, requests_per_second,
  operating_time_limit).
- `fast-bitrix24-slow`: the same, the updates inside `bx.slow()` (README: the first thing to
  try when the server returns errors under load).
- `b24pysdk`: `.as_list_fast()` to list and `Client.call_batches` to update (README "Fast
  pagination", "Multiple batches"), over https with the benchmark's self-signed certificate.
- `naive`: one list page (offset paging) and one update per request, paced at the steady rate.

The libraries are used through their public API; no code of theirs is copied.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: CRM sections by snapshot kind: entityTypeId (§7). Activities and tasks have their own methods.
ACTIVITY = "activity"
TASK = "task"


@dataclass(frozen=True)
class Job:
    """One contender run, as the orchestrator writes it to JOB.json."""

    base_url: str  # http://127.0.0.1:PORT or https://127.0.0.1:PORT
    user_id: int  # the webhook's user
    secret: str
    departing: int
    kinds: tuple[str, ...]  # snapshot kinds: "2", "3", ..., "activity", "task"
    #: None: list only (W3). Otherwise who gets each item: "kind:id" → user id, and
    #: `default_successor` for anything not in it.
    plan: Mapping[str, int] | None
    default_successor: int
    burst: int
    rate: float
    operating_limit: float
    time_limit: float

    @classmethod
    def load(cls, path: Path) -> Job:
        """Read JOB.json."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            base_url=raw["base_url"],
            user_id=int(raw["user_id"]),
            secret=raw["secret"],
            departing=int(raw["departing"]),
            kinds=tuple(raw["kinds"]),
            plan=raw["plan"],
            default_successor=int(raw["default_successor"]),
            burst=int(raw["burst"]),
            rate=float(raw["rate"]),
            operating_limit=float(raw["operating_limit"]),
            time_limit=float(raw["time_limit"]),
        )

    @property
    def webhook(self) -> str:
        """The inbound webhook URL."""
        return f"{self.base_url}/rest/{self.user_id}/{self.secret}/"

    def successor(self, kind: str, item_id: int) -> int:
        """The planned new owner of one item."""
        if self.plan is None:
            return self.default_successor
        return int(self.plan.get(f"{kind}:{item_id}", self.default_successor))


def list_params(kind: str, departing: int) -> tuple[str, dict[str, Any]]:
    """The list method and its parameters for the departing user's records of `kind`."""
    if kind == ACTIVITY:
        return "crm.activity.list", {"filter": {"RESPONSIBLE_ID": departing}, "select": ["ID"]}
    if kind == TASK:
        return "tasks.task.list", {"filter": {"RESPONSIBLE_ID": departing}, "select": ["ID"]}
    return "crm.item.list", {
        "entityTypeId": int(kind),
        "filter": {"assignedById": departing},
        "select": ["id"],
    }


def update_params(kind: str, item_id: int, successor: int) -> tuple[str, dict[str, Any]]:
    """The update method and its parameters that give one record to `successor`."""
    if kind == ACTIVITY:
        return "crm.activity.update", {"id": item_id, "fields": {"RESPONSIBLE_ID": successor}}
    if kind == TASK:
        return "tasks.task.update", {"taskId": item_id, "fields": {"RESPONSIBLE_ID": successor}}
    return "crm.item.update", {
        "entityTypeId": int(kind),
        "id": item_id,
        "fields": {"assignedById": successor},
    }


def row_ids(kind: str, rows: Iterable[Any]) -> list[int]:
    """Record ids of listed rows (crm.item.list: `id`; activities, tasks: `ID` or `id`)."""
    out: list[int] = []
    for row in rows:
        if isinstance(row, Mapping):
            value = row.get("id", row.get("ID"))
            if value is not None:
                out.append(int(value))
    return out


# --- fast-bitrix24 -------------------------------------------------------------------------


def run_fast_bitrix24(job: Job, *, slow: bool = False) -> dict[str, Any]:
    """get_all per section, then call(update method, [...]) per section.

    With `slow`, the updates run inside `bx.slow()`, the README's first advice for "I get
    server errors when I load it heavily".
    """
    from fast_bitrix24 import Bitrix  # noqa: PLC0415

    bx = Bitrix(
        job.webhook,
        verbose=False,
        request_pool_size=job.burst,
        requests_per_second=job.rate,
        operating_time_limit=int(job.operating_limit),
    )
    listed: dict[str, list[int]] = {}
    for kind in job.kinds:
        method, params = list_params(kind, job.departing)
        rows = bx.get_all(method, params=params)
        if isinstance(rows, Mapping):  # crm.item.list wraps rows in `items`, tasks in `tasks`
            rows = rows.get("items", rows.get("tasks", []))
        listed[kind] = row_ids(kind, rows)
    errors = 0
    if job.plan is not None or job.default_successor:
        for kind, ids in listed.items():
            if not ids:
                continue
            method = update_params(kind, 0, 0)[0]
            items = [update_params(kind, i, job.successor(kind, i))[1] for i in ids]
            if slow:
                with bx.slow():
                    bx.call(method, items)
            else:
                bx.call(method, items)
    return {"listed": {k: len(v) for k, v in listed.items()}, "errors": errors}


# --- b24pysdk --------------------------------------------------------------------------------


def run_b24pysdk(job: Job) -> dict[str, Any]:
    """as_list_fast per section, then one call_batches over every update."""
    from b24pysdk import BitrixWebhook, Client, Config  # noqa: PLC0415

    # tasks.task.* is routed to REST v3 by default; the portal (like most) speaks v1/v2 there.
    Config().configure(api_v3_methods=set())
    domain = job.base_url.removeprefix("https://")
    client = Client(BitrixWebhook(domain=domain, webhook_token=f"{job.user_id}/{job.secret}"))
    listed: dict[str, list[int]] = {}
    for kind in job.kinds:
        _, params = list_params(kind, job.departing)
        if kind == ACTIVITY:
            request = client.crm.activity.list(filter=params["filter"], select=params["select"])
        elif kind == TASK:
            request = client.tasks.task.list(filter=params["filter"], select=params["select"])
        else:
            request = client.crm.item.list(
                int(kind), filter=params["filter"], select=params["select"]
            )
        listed[kind] = row_ids(kind, request.as_list_fast().result)
    errors = 0
    if job.plan is not None or job.default_successor:
        requests: list[Any] = []
        for kind, ids in listed.items():
            for item_id in ids:
                who = job.successor(kind, item_id)
                if kind == ACTIVITY:
                    requests.append(client.crm.activity.update(item_id, {"RESPONSIBLE_ID": who}))
                elif kind == TASK:
                    requests.append(client.tasks.task.update(item_id, {"RESPONSIBLE_ID": who}))
                else:
                    requests.append(
                        client.crm.item.update(int(kind), item_id, {"assignedById": who})
                    )
        if requests:
            result = client.call_batches(requests).result
            errors += len(result.result_error or {})
    return {"listed": {k: len(v) for k, v in listed.items()}, "errors": errors}


# --- the naive script ------------------------------------------------------------------------


class _Deadline(Exception):
    """The naive script ran out of its time limit."""


def run_naive(job: Job) -> dict[str, Any]:
    """One list page (start offsets) and one update per request, at the steady rate."""
    import httpx  # noqa: PLC0415

    interval = 1.0 / job.rate
    deadline = time.monotonic() + job.time_limit
    state = {"next": time.monotonic(), "errors": 0}

    def post(method: str, params: Mapping[str, Any]) -> Any:
        for _attempt in range(8):
            now = time.monotonic()
            if now >= deadline:
                raise _Deadline
            if now < state["next"]:
                time.sleep(state["next"] - now)
            state["next"] = max(now, state["next"]) + interval
            try:
                reply = http.post(f"{job.webhook}{method}.json", json=params)
            except httpx.HTTPError:
                continue
            if reply.status_code == 200:
                return reply.json()
            if reply.status_code in (500, 503, 429) or reply.status_code >= 500:
                continue
            state["errors"] += 1
            return None
        state["errors"] += 1
        return None

    listed: dict[str, list[int]] = {k: [] for k in job.kinds}
    updated = 0
    finished = False
    with httpx.Client(timeout=30.0) as http:
        try:
            for kind in job.kinds:
                method, params = list_params(kind, job.departing)
                start = 0
                while True:
                    doc = post(method, {**params, "start": start})
                    if doc is None:
                        break
                    rows = doc.get("result", [])
                    if isinstance(rows, Mapping):
                        rows = rows.get("items", rows.get("tasks", []))
                    listed[kind] += row_ids(kind, rows)
                    if "next" not in doc:
                        break
                    start = int(doc["next"])
            if job.plan is not None or job.default_successor:
                for kind, ids in listed.items():
                    for item_id in ids:
                        method, params = update_params(kind, item_id, job.successor(kind, item_id))
                        if post(method, params) is not None:
                            updated += 1
            finished = True
        except _Deadline:
            pass
    return {
        "listed": {k: len(v) for k, v in listed.items()},
        "updated": updated,
        "errors": state["errors"],
        "finished": finished,
    }


RUNNERS: dict[str, Callable[[Job], dict[str, Any]]] = {
    "fast-bitrix24": run_fast_bitrix24,
    "fast-bitrix24-slow": lambda job: run_fast_bitrix24(job, slow=True),
    "b24pysdk": run_b24pysdk,
    "naive": run_naive,
}


#: How often a script is run again after it stopped with an error (or left failed updates),
#: as an operator would: each run lists what the departing user still has and updates that.
MAX_ATTEMPTS = 10
#: No new attempt starts after this many seconds.
RETRY_WINDOW = 300.0


def main(argv: list[str]) -> int:
    """Entry point: NAME JOB.json; prints the result as the last stdout line."""
    name, job_path = argv
    job = Job.load(Path(job_path))
    started = time.perf_counter()
    failures: list[str] = []
    result: dict[str, Any] = {}
    for _attempt in range(MAX_ATTEMPTS):
        try:
            result = RUNNERS[name](job)
        except Exception as exc:  # the library gave up: run the script again
            failures.append(f"{type(exc).__name__}: {str(exc)[:160]}")
            print(f"{name}: attempt failed: {failures[-1]}", file=sys.stderr, flush=True)
        else:
            list_only = job.plan is None and not job.default_successor
            if not result.get("errors") or list_only or not result.get("finished", True):
                break
            failures.append(f"{result['errors']} commands failed")
        if time.perf_counter() - started > RETRY_WINDOW:
            break
        result = {}
    done = bool(result) and not result.get("errors") and bool(result.get("finished", True))
    if len(failures) == MAX_ATTEMPTS or not result:
        done = False
    result["attempts"] = len(failures) + (1 if done else 0)
    result["failures"] = failures
    result["seconds"] = time.perf_counter() - started
    result["finished"] = done
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
