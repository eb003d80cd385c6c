"""BitrixClient: paced, retrying async access to one portal's REST API (bitrix24-api.md §2-§5)."""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import random
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop_handover.bitrix.auth import Auth, OAuthApp, OAuthAuth, WebhookAuth
from desktop_handover.bitrix.encoding import encode_command
from desktop_handover.bitrix.errors import (
    AuthError,
    BitrixError,
    OAuthError,
    RateLimited,
    RetryBudgetExhausted,
    TimeBudgetExceeded,
    TokenExpired,
    TransportError,
    UnexpectedResponse,
    error_from_reply,
)
from desktop_handover.bitrix.listing import (
    BATCH_LIMIT,
    LIST_LIMIT,
    ListRequest,
    ListResult,
    ListSpec,
    pages_needed,
    share_slots,
)
from desktop_handover.bitrix.ratelimit import (
    BatchSizer,
    BudgetLimits,
    Clock,
    LeakyBucket,
    OperatingBudget,
    RateLimits,
    RetryPolicy,
)
from desktop_handover.bitrix.redact import redact
from desktop_handover.bitrix.types import (
    BatchResult,
    CallResult,
    Command,
    CommandError,
    CommandOutcome,
    CommandStatus,
    Page,
    Progress,
    Ref,
    Row,
    TimeInfo,
    TokenPair,
    UpdateOutcome,
    UpdateStatus,
    WaitReason,
)

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
ProgressCallback = Callable[[Progress], None]
BatchCallback = Callable[[Sequence[UpdateOutcome]], None]
CommandLike = Command | tuple[str, Mapping[str, Any]]

#: The portal cuts a request off after 60 s (§5.3); wait a little longer for its answer.
DEFAULT_TIMEOUT = httpx.Timeout(70.0, connect=10.0)

# Per-command failures inside a batch that are worth sending again (§4, §5).
_REQUEUE_CODES = {"QUERY_LIMIT_EXCEEDED", "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER"}
_TIME_LIMIT = "OPERATION_TIME_LIMIT"
# How often one update may be pushed back by its method's time budget before it fails.
_MAX_TIME_LIMIT_REQUEUES = 10


class RequestCancelled(asyncio.CancelledError):
    """Cancellation that arrived while a request was on the wire.

    The client let the request finish, so it was not left half-sent; `reply` holds its
    decoded body (None if it failed), letting `update_many` record what landed before it
    stops. It is a `CancelledError`, so callers that do not care see plain cancellation.
    """

    def __init__(self, reply: Mapping[str, Any] | None, error: BitrixError | None) -> None:
        super().__init__("cancelled after the request in flight landed")
        self.reply = reply
        self.error = error


def _as_command(value: CommandLike) -> Command:
    if isinstance(value, Command):
        return value
    method, params = value
    return Command(method, params)


def _json_default(value: object) -> object:
    if isinstance(value, Ref):
        return value.expression
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


class BitrixClient:
    """An async client for one Bitrix24 portal, as fast as its limits allow and no faster.

    One request stream at a time (§5.1 advises against parallel streams from one IP): every
    request first waits for the client-side leaky bucket and the per-method time budget,
    then is sent; 503, 5xx, connection errors and timeouts are retried with capped,
    jittered back-off against a per-run budget; 429 waits until `operating_reset_at`.

    Pacing start: the client assumes the portal's bucket is empty when it starts
    (`RateLimits.initial_fill = 0`), so a run gets the full burst. If another program from
    the same IP had filled it, the first 503 saturates the client's bucket and everything
    after is paced; the cost is one retried request. Assuming a full bucket instead would
    cost burst/rate seconds (25 s on a standard plan) on every run.

    Args:
        auth: a `WebhookAuth` or `OAuthAuth`.
        transport: an httpx transport (the emulator's in-process one in tests).
        limits: the portal's rate limits (`RateLimits.enterprise()` for Enterprise).
        budget: the per-method time budget (§5.2).
        retry: the retry policy.
        clock: unix time in seconds; sleep: awaits a number of seconds. Tests inject both.
        progress: called with a `Progress` after each request and before each wait.
        rng: the source of back-off jitter.
    """

    def __init__(
        self,
        auth: Auth,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        limits: RateLimits | None = None,
        budget: BudgetLimits | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
        progress: ProgressCallback | None = None,
        rng: random.Random | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        user_agent: str = "desktop_handover/0.1",
    ) -> None:
        self._auth = auth
        self._clock = clock
        self._sleep = sleep
        self._progress = progress
        self._rng = rng or random.Random()
        self._retry = retry or RetryPolicy()
        self._bucket = LeakyBucket(limits or RateLimits.standard(), clock)
        self._budget = OperatingBudget(budget or BudgetLimits(), clock)
        self._sizer = BatchSizer()
        self._cost: dict[str, float] = {}
        self._requests = 0
        self._items = 0
        self._retries = 0
        self._rejected_503 = 0
        self._rejected_429 = 0
        # follow_redirects off: a redirect could carry the secret to another host.
        self._http = httpx.AsyncClient(
            transport=transport,
            verify=_tls_context() if transport is None else True,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": user_agent},
            follow_redirects=False,
        )

    @classmethod
    def from_webhook(cls, url: str, **kwargs: Any) -> BitrixClient:
        """A client for the incoming webhook `url` (`https://portal/rest/USER/SECRET/`)."""
        return cls(WebhookAuth(url), **kwargs)

    @classmethod
    def from_oauth(
        cls,
        portal_url: str,
        *,
        access_token: str,
        refresh_token: str,
        app: OAuthApp,
        on_refresh: Callable[[TokenPair], Awaitable[None] | None] | None = None,
        **kwargs: Any,
    ) -> BitrixClient:
        """A client using OAuth tokens; `on_refresh` receives each rotated pair (§1.2)."""
        auth = OAuthAuth(
            portal_url,
            access_token=access_token,
            refresh_token=refresh_token,
            app=app,
            on_refresh=on_refresh,
        )
        return cls(auth, **kwargs)

    def __repr__(self) -> str:
        return f"BitrixClient(host={self._auth.host!r}, auth={self._auth.kind!r})"

    @property
    def host(self) -> str:
        """The portal's host name."""
        return self._auth.host

    @property
    def stats(self) -> Progress:
        """The counters so far, as a `Progress` without a wait."""
        return self._snapshot()

    @property
    def limits(self) -> RateLimits:
        """The rate limits the client paces to."""
        return self._bucket.limits

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    async def __aenter__(self) -> BitrixClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- public calls ----------------------------------------------------------------------

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> CallResult:
        """Call one REST method; raise the typed `BitrixError` the portal's answer maps to."""
        body = await self._request(method, dict(params or {}), costs={method: 1})
        return CallResult(
            result=body.get("result"),
            total=_int_or_none(body.get("total")),
            next=_int_or_none(body.get("next")),
            time=TimeInfo.parse(body.get("time")),
        )

    async def batch(
        self, commands: Mapping[str, CommandLike], *, halt: bool = False
    ) -> BatchResult:
        """Run up to 50 commands in one request; one outcome per command, never one raise.

        The batch is sent as JSON, so each command's `method?query` is encoded once
        (§4: a form-encoded batch would need its values encoded twice). `Ref` values
        reach the portal literally for `$result[...]` substitution. Errors of single
        commands land in the outcomes; only a failure of the whole request raises.
        """
        normalized = {key: _as_command(cmd) for key, cmd in commands.items()}
        return await self._run_batch(normalized, halt=halt)

    # --- listing ---------------------------------------------------------------------------

    async def list_pages(
        self,
        spec: ListSpec,
        *,
        filter: Mapping[str, Any] | None = None,
        select: Sequence[str] | None = None,
        with_total: bool = False,
        after_id: int = 0,
        pages_per_batch: int = BATCH_LIMIT,
    ) -> AsyncIterator[Page]:
        """Yield the rows matching `filter`, in ascending id order, page by page.

        Keyset families walk an `>id` cursor with `start=-1` and `order id ASC`, 50 chained
        pages per batch (§3 "Fast full scan"; about one request per 2,500 rows). That stays
        correct while the caller reassigns the very rows it lists: offsets would skip rows
        (§3 "Reassignment hazard"), a cursor never does. `with_total` adds one counting
        command to the first batch (no extra request). user.get and department.get page by
        offset (§6.1). At least one page is yielded, empty if nothing matches.

        `after_id` resumes a listing; `pages_per_batch` caps the chained pages per request
        (the client lowers it further by itself when pages are slow to compute).
        """
        base = spec.base_params(filter, select)
        if not spec.keyset:
            async for page in self._offset_pages(spec, base):
                yield page
            return
        total: int | None = None
        count_pending = with_total
        last_id = after_id
        yielded = False
        sizer = BatchSizer(maximum=max(1, min(BATCH_LIMIT, pages_per_batch)))
        while True:
            pages = sizer.size - (1 if count_pending else 0)
            commands = spec.keyset_commands(base, last_id, max(1, pages))
            if count_pending:
                commands = {"count": spec.count_command(base), **commands}
            result = await self._run_batch(commands, halt=True)
            sizer.observe(len(commands), _batch_seconds(result))
            if count_pending:
                counted = result.outcomes["count"]
                if not counted.ok:
                    if self._budget_requeue(counted) or self._retry_command(counted):
                        continue
                    raise self._command_exception(counted)
                total = counted.total if counted.total is not None else 0
                count_pending = False
            done = False
            for k in range(len(commands) - (1 if "count" in commands else 0)):
                outcome = result.outcomes[f"req_{k}"]
                if outcome.status is CommandStatus.NOT_RUN:
                    break
                if not outcome.ok:
                    if self._budget_requeue(outcome) or self._retry_command(outcome):
                        break  # go on from the last id seen, after the wait
                    raise self._command_exception(outcome)
                rows = self._page_rows(spec, outcome, last_id)
                if rows:
                    last_id = spec.row_id(rows[-1])
                    self._items += len(rows)
                    yielded = True
                    yield Page(tuple(rows), total)
                if len(rows) < LIST_LIMIT:
                    # A short page ends the listing; pages after it filtered on junk (§3).
                    done = True
                    break
            if done:
                if not yielded:
                    yield Page((), total)
                return

    async def list_many(
        self,
        listings: Sequence[ListRequest],
        *,
        count: bool = True,
        pages_per_batch: int = BATCH_LIMIT,
    ) -> list[ListResult]:
        """List several keyset listings to the end, their pages packed into shared batches.

        Each listing walks its own `>id` cursor with chained pages as `list_pages` does (§3
        "Fast full scan"), but the chains of all listings share the 50 commands of each
        batch (§4), so the set costs about ⌈Σ pages / 50⌉ requests instead of
        Σ ⌈pages_i / 50⌉. The first batch gives every listing an even share; each listing's
        first page is asked with `start=0`, so its reply also counts the listing's rows
        (§3). From then on each listing gets exactly the pages its count says are left, plus
        the short page that proves the end. The short page, never the count, ends a
        listing: counts drift when records change meanwhile, and a count proven too low is
        taken again. `count=False` skips counting (it is costly on huge tables, §3 D-huge)
        and shares every batch evenly instead.

        A failed page is sent again from the last id seen, in the next batch; a permanent
        error raises the exception `list_pages` would raise. Cancellation propagates; rows
        listed so far are then lost (a listing only reads, so listing again is harmless).

        Args:
            listings: the listings; each `spec` must page by keyset (not user.get or
                department.get: page those with `list_pages`).
            count: count each listing's rows with its first page.
            pages_per_batch: the most commands per request (the client lowers it further by
                itself when pages are slow to compute).

        Returns:
            One `ListResult` per listing, in the order given: all rows, ids ascending.

        Raises:
            ValueError: a listing does not page by keyset, or filters on the id.
        """
        walks: list[_Walk] = []
        for request in listings:
            if not request.spec.keyset:
                raise ValueError(f"{request.spec.method} pages by offset; list it with list_pages")
            base = request.spec.base_params(request.filter, request.select)
            walks.append(_Walk(f"l{len(walks)}_p", request.spec, base, request.after_id))
        sizer = BatchSizer(maximum=max(1, min(BATCH_LIMIT, pages_per_batch)))
        while True:
            active = [w for w in walks if not w.done]
            if not active:
                break
            # A method whose time budget ran out (§5.2) would hold the whole batch back in
            # `_pace`: let the other listings go first, unless nothing else is left.
            ready = [w for w in active if not self._budget.is_blocked(w.spec.method)] or active
            shares = share_slots([w.need(count) for w in ready], sizer.size)
            commands: dict[str, Command] = {}
            chains: list[tuple[_Walk, list[str], bool]] = []
            for walk, pages in zip(ready, shares, strict=True):
                if pages == 0:
                    continue
                counting = count and walk.remaining is None
                chain = walk.spec.keyset_commands(
                    walk.base,
                    walk.last_id,
                    pages,
                    prefix=walk.prefix,
                    count_first=counting,
                )
                commands.update(chain)
                chains.append((walk, list(chain), counting))
            # halt=0, unlike list_pages: the chains are independent, and one listing's failed
            # page must not stop the others' pages behind it. The pages after a failed or
            # short page in its own chain filter on junk (§3 caveat) and are never read.
            result = await self._run_batch(commands, halt=False)
            sizer.observe(len(commands), _batch_seconds(result))
            for walk, keys, counting in chains:
                self._read_chain(walk, [result.outcomes[k] for k in keys], counting)
        return [ListResult(tuple(w.rows), w.total) for w in walks]

    def _read_chain(self, walk: _Walk, outcomes: Sequence[CommandOutcome], counting: bool) -> None:
        """Take one listing's chained pages of a batch, up to its first short or failed page."""
        for k, outcome in enumerate(outcomes):
            if outcome.status is CommandStatus.NOT_RUN:
                if self._spend_retry(outcome):
                    return  # go on from the last id seen, in the next batch
                raise self._command_exception(outcome)
            if not outcome.ok:
                if self._budget_requeue(outcome) or self._retry_command(outcome):
                    return
                raise self._command_exception(outcome)
            rows = self._page_rows(walk.spec, outcome, walk.last_id)
            if k == 0 and counting and outcome.total is not None:
                walk.remaining = outcome.total
                if walk.total is None:
                    walk.total = outcome.total
            if rows:
                walk.last_id = walk.spec.row_id(rows[-1])
                walk.rows.extend(rows)
                self._items += len(rows)
            if walk.remaining is not None:
                walk.remaining -= len(rows)
            if len(rows) < LIST_LIMIT:
                # A short page ends the listing; pages after it filtered on junk (§3).
                walk.done = True
                return
        if walk.remaining is not None and walk.remaining < 0:
            # More full pages than the count allowed: rows came in meanwhile, so the count
            # is stale; the next chain starts with a fresh one.
            walk.remaining = None

    def _page_rows(self, spec: ListSpec, outcome: CommandOutcome, after: int) -> list[Any]:
        try:
            rows = spec.rows(outcome.result)
            ids = [spec.row_id(r) for r in rows]
        except ValueError as exc:
            raise UnexpectedResponse(
                "UNEXPECTED_LIST_SHAPE", str(exc), method=spec.method, host=self.host
            ) from None
        # The cursor promises ascending ids above `after`; anything else means the portal
        # ignored the order or the cursor, and trusting it could skip or repeat rows.
        if any(b <= a for a, b in zip([after, *ids], ids, strict=False)) or len(rows) > LIST_LIMIT:
            raise UnexpectedResponse(
                "UNEXPECTED_LIST_ORDER",
                "rows did not ascend past the cursor",
                method=spec.method,
                host=self.host,
            )
        return rows

    async def _offset_pages(self, spec: ListSpec, base: Mapping[str, Any]) -> AsyncIterator[Page]:
        first = await self.call(spec.method, {**base, "start": 0})
        rows = self._rows_or_raise(spec, first.result)
        total = first.total if first.total is not None else len(rows)
        self._items += len(rows)
        yield Page(tuple(rows), total)
        start = first.next
        while start is not None and start < total:
            offsets = list(range(start, total, LIST_LIMIT))[:BATCH_LIMIT]
            commands = {f"p{i}": spec.offset_command(base, o) for i, o in enumerate(offsets)}
            result = await self._run_batch(commands, halt=True)
            start = None
            for key in commands:
                outcome = result.outcomes[key]
                if not outcome.ok:
                    raise self._command_exception(outcome)
                rows = self._rows_or_raise(spec, outcome.result)
                self._items += len(rows)
                if rows:
                    yield Page(tuple(rows), total)
                start = outcome.next

    def _rows_or_raise(self, spec: ListSpec, result: Any) -> list[Any]:
        try:
            return spec.rows(result)
        except ValueError as exc:
            raise UnexpectedResponse(
                "UNEXPECTED_LIST_SHAPE", str(exc), method=spec.method, host=self.host
            ) from None

    # --- bulk updates ----------------------------------------------------------------------

    async def update_many(
        self,
        updates: Mapping[str, CommandLike] | Iterable[tuple[str, CommandLike]],
        *,
        on_batch: BatchCallback | None = None,
    ) -> list[UpdateOutcome]:
        """Send any number of updates as batches of up to 50; return each one's outcome.

        `updates` maps the caller's key (usually the record id) to its update command.
        Each key ends DONE, FAILED (with the portal's code) or UNKNOWN (the reply was lost
        after sending, so it may have been applied). Commands that fail with a temporary
        code (time budget, 503, 5xx) are sent again: updates are idempotent (§12 fact 7).
        `on_batch` gets each batch's final outcomes as soon as they are known.

        Cancellation stops between requests. If it arrives while a batch is on the wire,
        the batch is allowed to land, its outcomes go to `on_batch`, and then the
        cancellation propagates. If the retry budget runs out, the outcomes so far have been
        reported and `RetryBudgetExhausted` is raised; unsent keys have no outcome.
        """
        items = list(updates.items()) if isinstance(updates, Mapping) else list(updates)
        queue: deque[tuple[str, Command, int]] = deque(
            (key, _as_command(cmd), 0) for key, cmd in items
        )
        keys = [key for key, _ in items]
        if len(set(keys)) != len(keys):
            raise ValueError("update keys must be unique")
        outcomes: list[UpdateOutcome] = []

        def report(batch_outcomes: list[UpdateOutcome]) -> None:
            outcomes.extend(batch_outcomes)
            self._items += sum(1 for o in batch_outcomes if o.status is not UpdateStatus.UNKNOWN)
            if on_batch is not None and batch_outcomes:
                on_batch(batch_outcomes)

        while queue:
            chunk = [queue.popleft() for _ in range(min(self._sizer.size, len(queue)))]
            commands = {f"u{i}": cmd for i, (_, cmd, _) in enumerate(chunk)}
            try:
                result = await self._run_batch(commands, halt=False, split_on_loss=len(chunk) > 1)
            except RequestCancelled as cancelled:
                report(self._landed_outcomes(chunk, commands, cancelled))
                raise
            except RetryBudgetExhausted as exhausted:
                lost = isinstance(exhausted.last_error, TransportError) and (
                    exhausted.last_error.reply_lost
                )
                if lost:
                    report(_unknown(chunk))
                raise
            except TransportError as transport_error:
                if not transport_error.reply_lost:
                    raise
                # The reply was lost, perhaps because the portal cut an oversized batch off
                # at 60 s (§5.3): send the same updates again in smaller batches. What ran
                # already runs again harmlessly (updates are idempotent, §12 fact 7).
                queue.extendleft(reversed(chunk))
                continue
            self._sizer.observe(len(commands), _batch_seconds(result))
            finished: list[UpdateOutcome] = []
            requeue: list[tuple[str, Command, int]] = []
            for i, (key, cmd, tries) in enumerate(chunk):
                outcome = result.outcomes[f"u{i}"]
                if outcome.ok:
                    finished.append(UpdateOutcome(key, UpdateStatus.DONE, result=outcome.result))
                    continue
                failure = outcome.error
                code = failure.code.upper() if failure else ""
                if (
                    outcome.status is CommandStatus.NOT_RUN
                    or code == "ERROR_BATCH_LENGTH_EXCEEDED"
                ):
                    # The portal ran fewer commands than we sent: shrink and send again.
                    if code:
                        self._sizer.timed_out()
                    if self._spend_retry(outcome):
                        requeue.append((key, cmd, tries + 1))
                    else:
                        finished.append(UpdateOutcome(key, UpdateStatus.UNKNOWN, error=failure))
                elif code == _TIME_LIMIT and tries < _MAX_TIME_LIMIT_REQUEUES:
                    self._budget_requeue(outcome)
                    requeue.append((key, cmd, tries + 1))
                elif code in _REQUEUE_CODES and self._spend_retry(outcome):
                    requeue.append((key, cmd, tries + 1))
                else:
                    finished.append(UpdateOutcome(key, UpdateStatus.FAILED, error=failure))
            report(finished)
            # Requeued commands go first, so the order of the caller's keys is kept roughly.
            queue.extendleft(reversed(requeue))
        return outcomes

    def _landed_outcomes(
        self,
        chunk: list[tuple[str, Command, int]],
        commands: Mapping[str, Command],
        cancelled: RequestCancelled,
    ) -> list[UpdateOutcome]:
        if cancelled.reply is None:
            lost = isinstance(cancelled.error, TransportError) and cancelled.error.reply_lost
            return _unknown(chunk) if lost else []
        try:
            result = self._parse_batch(commands, cancelled.reply)
        except UnexpectedResponse:
            return _unknown(chunk)
        landed: list[UpdateOutcome] = []
        for i, (key, _, _) in enumerate(chunk):
            outcome = result.outcomes[f"u{i}"]
            if outcome.ok:
                landed.append(UpdateOutcome(key, UpdateStatus.DONE, result=outcome.result))
            elif outcome.status is CommandStatus.ERROR:
                landed.append(UpdateOutcome(key, UpdateStatus.FAILED, error=outcome.error))
        return landed

    def _retry_command(self, outcome: CommandOutcome) -> bool:
        """Whether a failed command is temporary and the retry budget allows sending it again."""
        code = outcome.error.code.upper() if outcome.error else ""
        return code in _REQUEUE_CODES and self._spend_retry(outcome)

    def _spend_retry(self, outcome: CommandOutcome) -> bool:
        if self._retries >= self._retry.budget:
            return False
        self._retries += 1
        logger.warning(
            "%s on %s: sending again a command that %s",
            outcome.method,
            self.host,
            f"failed with {outcome.error.code}" if outcome.error else "was not run",
        )
        return True

    def note_time_limit(self, outcome: CommandOutcome) -> None:
        """A command of a batch failed on its method's time budget (§5.2): pause the method.

        For callers that send such commands again themselves (the reassign gateway): the
        next request naming the method waits until the budget resets, as after a 429.
        """
        self._budget_requeue(outcome)

    def _budget_requeue(self, outcome: CommandOutcome) -> bool:
        """If `outcome` failed on its method's time budget, block the method; True if so."""
        if outcome.error is None or outcome.error.code.upper() != _TIME_LIMIT:
            return False
        self._rejected_429 += 1
        # Inside a batch no `operating_reset_at` comes with the error (§4): use the last one
        # the portal reported for the method, or the client's own record.
        until = self._budget.refused(outcome.method, self._budget.reset_at(outcome.method))
        logger.warning(
            "%s on %s: time budget used up; pausing it for %.0f s",
            outcome.method,
            self.host,
            until - self._clock(),
        )
        return True

    def _command_exception(self, outcome: CommandOutcome) -> BitrixError:
        error = outcome.error or CommandError("", "command was not run")
        return error.to_exception(method=outcome.method, host=self.host)

    # --- the request loop ------------------------------------------------------------------

    async def _run_batch(
        self, commands: Mapping[str, Command], *, halt: bool, split_on_loss: bool = False
    ) -> BatchResult:
        if not commands:
            return BatchResult({})
        if len(commands) > BATCH_LIMIT:
            raise ValueError(f"a batch takes at most {BATCH_LIMIT} commands (§4)")
        counts: dict[str, int] = {}
        for command in commands.values():
            counts[command.method.lower()] = counts.get(command.method.lower(), 0) + 1
        payload = {
            "halt": 1 if halt else 0,
            "cmd": {key: encode_command(cmd) for key, cmd in commands.items()},
        }
        body = await self._request("batch", payload, costs=counts, split_on_loss=split_on_loss)
        result = self._parse_batch(commands, body)
        for outcome in result.outcomes.values():
            if outcome.time is not None:
                self._note_cost(outcome.method, outcome.time, per_command=True)
        logger.info(
            "batch on %s: %d commands, %d failed",
            self.host,
            len(commands),
            len(result.failed),
        )
        return result

    def _parse_batch(
        self, commands: Mapping[str, Command], body: Mapping[str, Any]
    ) -> BatchResult:
        inner = body.get("result")
        if not isinstance(inner, Mapping):
            raise UnexpectedResponse(
                "UNEXPECTED_BATCH_SHAPE",
                "batch result is not an object",
                method="batch",
                host=self.host,
            )
        keys = list(commands)

        def collection(name: str) -> Mapping[str, Any]:
            # Empty collections come as [] (PHP arrays); a list-shaped cmd gives lists (§4).
            raw = inner.get(name)
            if isinstance(raw, Mapping):
                return raw
            if isinstance(raw, list):
                return {keys[i]: v for i, v in enumerate(raw) if i < len(keys)}
            return {}

        results = collection("result")
        errors = collection("result_error")
        totals = collection("result_total")
        nexts = collection("result_next")
        times = collection("result_time")
        outcomes: dict[str, CommandOutcome] = {}
        for key, command in commands.items():
            time_info = TimeInfo.parse(times.get(key))
            if key in errors:
                raw_error = errors[key]
                error = (
                    CommandError(
                        str(raw_error.get("error", "")),
                        str(raw_error.get("error_description", "")),
                    )
                    if isinstance(raw_error, Mapping)
                    else CommandError("", str(raw_error))
                )
                status = CommandStatus.ERROR
                outcomes[key] = CommandOutcome(
                    key, command.method, status, error=error, time=time_info
                )
            elif key in results:
                outcomes[key] = CommandOutcome(
                    key,
                    command.method,
                    CommandStatus.OK,
                    result=results[key],
                    total=_int_or_none(totals.get(key)),
                    next=_int_or_none(nexts.get(key)),
                    time=time_info,
                )
            else:
                outcomes[key] = CommandOutcome(key, command.method, CommandStatus.NOT_RUN)
        return BatchResult(outcomes, TimeInfo.parse(body.get("time")))

    def _note_cost(self, method: str, info: TimeInfo, *, per_command: bool) -> None:
        spent = info.spent
        self._budget.observe(
            method, spent=spent, operating=info.operating, reset_at=info.operating_reset_at
        )
        if spent is not None and per_command:
            key = method.lower()
            old = self._cost.get(key)
            self._cost[key] = spent if old is None else 0.7 * old + 0.3 * spent

    async def wait_ready(self, costs: Mapping[str, int] | None = None) -> None:
        """Wait until the next request may leave at once; uses up nothing.

        Callers that shield a send from cancellation call this first, so that the pacing
        wait stays cancellable and only the request itself is shielded (style.md §5).
        `costs` names the methods (and command counts) the next request will carry, so
        their time budgets are waited for too.
        """
        await self._pace(costs or {})

    async def _pace(self, costs: Mapping[str, int]) -> None:
        """Wait until the bucket and every involved method's budget allow one more request."""
        while True:
            wait = self._bucket.delay()
            reason = WaitReason.RATE
            for method, count in costs.items():
                expected = self._cost.get(method.lower(), 0.0) * count
                op_wait = self._budget.delay(method, expected)
                if op_wait > wait:
                    wait = op_wait
                    reason = (
                        WaitReason.TIME_LIMIT
                        if self._budget.is_blocked(method)
                        else WaitReason.OPERATING
                    )
            if wait <= 1e-6:
                return
            if reason is not WaitReason.RATE:
                logger.warning(
                    "%s: waiting %.1f s for the time budget (%s)", self.host, wait, reason.value
                )
            else:
                logger.debug("%s: waiting %.3f s for the rate limit", self.host, wait)
            self._emit(reason, wait)
            await self._sleep(wait)

    async def _request(
        self,
        method: str,
        params: dict[str, Any],
        *,
        costs: Mapping[str, int],
        split_on_loss: bool = False,
    ) -> dict[str, Any]:
        """Send one request, paced and retried; return the decoded success envelope.

        With `split_on_loss`, a lost reply is not re-sent as is: after the back-off the
        `TransportError` goes to the caller, which sends the commands in smaller batches.
        """
        attempt = 0
        refreshed = False
        pace_for = {**costs, method: costs.get(method, 0)}
        while True:
            await self._pace(pace_for)
            self._bucket.record()
            self._requests += 1
            started = self._clock()
            body, error = await self._send_once(method, params)
            self._emit(None, 0.0)
            if error is None and body is not None:
                logger.debug("%s on %s: ok in %.3f s", method, self.host, self._clock() - started)
                info = TimeInfo.parse(body.get("time"))
                if info is not None and method != "batch":
                    self._note_cost(method, info, per_command=True)
                return body
            assert error is not None
            if isinstance(error, TokenExpired) and isinstance(self._auth, OAuthAuth):
                if refreshed:
                    raise error
                refreshed = True
                await self._refresh_tokens(method)
                continue
            if isinstance(error, TimeBudgetExceeded):
                self._rejected_429 += 1
                until = self._budget.refused(
                    method, error.reset_at or self._budget.reset_at(method)
                )
                if until - self._clock() > self._retry.time_limit_wait_cap:
                    raise error
                for name in costs:
                    # A refused batch (not expected, §4) holds back what it carries too.
                    self._budget.block_until(name, until)
                attempt += 1
                if attempt > self._retry.per_request:
                    raise RetryBudgetExhausted(error, self._retries)
                continue
            if not error.retryable:
                raise error
            if isinstance(error, RateLimited):
                # The portal's bucket is full whatever ours says (another client on this IP?).
                self._rejected_503 += 1
                self._bucket.saturate()
            attempt += 1
            if attempt > self._retry.per_request or self._retries >= self._retry.budget:
                raise RetryBudgetExhausted(error, self._retries)
            self._retries += 1
            wait = self._retry.backoff(attempt, self._rng)
            logger.warning(
                "%s on %s failed with %s; retry %d in %.1f s",
                method,
                self.host,
                error.code or type(error).__name__,
                attempt,
                wait,
            )
            self._emit(WaitReason.BACKOFF, wait)
            await self._sleep(wait)
            if split_on_loss and isinstance(error, TransportError) and error.reply_lost:
                raise error

    async def _send_once(
        self, method: str, params: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, BitrixError | None]:
        """POST once; return (success body, None) or (None, typed error).

        The send is shielded: a cancellation that arrives meanwhile lets the request land
        (no half-sent request, style §5) and then raises `RequestCancelled` with the reply.
        """
        task = asyncio.ensure_future(self._post(method, params))
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            body, error = await task
            raise RequestCancelled(body, error) from None

    async def _post(
        self, method: str, params: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, BitrixError | None]:
        token = self._auth.token()
        payload = dict(params)
        if token is not None:
            payload["auth"] = token
        content = json.dumps(payload, default=_json_default, separators=(",", ":"))
        try:
            response = await self._http.post(
                self._auth.endpoint(method),
                content=content.encode(),
                headers={"Content-Type": "application/json"},
            )
        except httpx.TimeoutException as exc:
            # A timeout after connecting may mean the portal ran the request (§5.3: it cuts
            # requests at 60 s); treat the reply as lost.
            lost = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            if lost and method == "batch":
                self._sizer.timed_out()
            return None, TransportError(
                "TIMEOUT", type(exc).__name__, method=method, host=self.host, reply_lost=lost
            )
        except httpx.TransportError as exc:
            lost = not isinstance(exc, httpx.ConnectError)
            if lost and method == "batch":
                # The portal cuts a request off at 60 s by closing it (§5.3): a batch that
                # lost its reply may have been too big, so the next ones get smaller.
                self._sizer.timed_out()
            return None, TransportError(
                "CONNECTION_ERROR",
                f"{type(exc).__name__}: {redact(str(exc))}",
                method=method,
                host=self.host,
                reply_lost=lost,
            )
        return self._decode(method, response)

    def _decode(
        self, method: str, response: httpx.Response
    ) -> tuple[dict[str, Any] | None, BitrixError | None]:
        status = response.status_code
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            code = "INVALID_JSON" if body is None else "UNEXPECTED_ENVELOPE"
            if status >= 500 or status == 200:
                return None, UnexpectedResponse(
                    code,
                    f"the reply was not a JSON envelope (HTTP {status})",
                    method=method,
                    http_status=status,
                    host=self.host,
                )
            return None, error_from_reply(
                "",
                f"HTTP {status} without a JSON envelope",
                http_status=status,
                method=method,
                host=self.host,
            )
        if "error" in body and "result" not in body:
            info = TimeInfo.parse(body.get("time"))
            reset_at = info.operating_reset_at if info else None
            return None, error_from_reply(
                str(body.get("error") or ""),
                str(body.get("error_description") or ""),
                http_status=status,
                method=method,
                host=self.host,
                reset_at=reset_at,
            )
        if status >= 400 or "result" not in body:
            return None, error_from_reply(
                "",
                f"HTTP {status} without a result",
                http_status=status,
                method=method,
                host=self.host,
            )
        return body, None

    async def _refresh_tokens(self, method: str) -> None:
        """Trade the refresh token for a new pair (§1.2) and hand it to `on_refresh`."""
        assert isinstance(self._auth, OAuthAuth)
        app = self._auth.app
        logger.info("%s: the access token expired; refreshing", self.host)
        try:
            response = await self._http.get(
                app.token_url,
                params={
                    "grant_type": "refresh_token",
                    "client_id": app.client_id,
                    "client_secret": app.client_secret,
                    "refresh_token": self._auth.tokens.refresh_token,
                },
            )
            body = response.json()
        except (httpx.HTTPError, json.JSONDecodeError) as exc:
            raise OAuthError(
                "REFRESH_FAILED", type(exc).__name__, method=method, host=self.host
            ) from None
        if not isinstance(body, dict) or "access_token" not in body:
            code = str(body.get("error", "")) if isinstance(body, dict) else ""
            description = str(body.get("error_description", "")) if isinstance(body, dict) else ""
            error = error_from_reply(
                code or "invalid_grant",
                description,
                http_status=response.status_code,
                method=method,
                host=self.host,
            )
            if not isinstance(error, AuthError):
                error = OAuthError(
                    code,
                    description,
                    method=method,
                    host=self.host,
                    http_status=response.status_code,
                )
            raise error
        tokens = TokenPair(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or self._auth.tokens.refresh_token),
            expires=_float_or_none(body.get("expires")),
        )
        self._auth.set_tokens(tokens)
        hook = self._auth.on_refresh
        if hook is not None:
            outcome = hook(tokens)
            if inspect.isawaitable(outcome):
                await outcome

    # --- progress --------------------------------------------------------------------------

    def _snapshot(self, reason: WaitReason | None = None, wait: float = 0.0) -> Progress:
        return Progress(
            requests=self._requests,
            items=self._items,
            wait_reason=reason,
            wait_seconds=wait,
            retries=self._retries,
            rejected_503=self._rejected_503,
            rejected_429=self._rejected_429,
        )

    def _emit(self, reason: WaitReason | None, wait: float) -> None:
        if self._progress is not None:
            self._progress(self._snapshot(reason, wait))


@dataclass(slots=True)
class _Walk:
    """Where one listing of `list_many` stands: its cursor, its rows, what it still needs.

    `remaining` is the latest count minus the rows read since it was taken; None before a
    count (or after one proved stale). `total` keeps the first count for the caller.
    `prefix` names its commands in a shared batch.
    """

    prefix: str
    spec: ListSpec
    base: dict[str, Any]
    last_id: int
    rows: list[Row] = field(default_factory=list)
    total: int | None = None
    remaining: int | None = None
    done: bool = False

    def need(self, counting: bool) -> int | None:
        """Pages still needed (0 when done), or None when unknown (no count yet)."""
        if self.done:
            return 0
        if not counting or self.remaining is None:
            return None
        return pages_needed(self.remaining)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The default TLS settings of httpx, loaded once per process and shared by all clients.

    Loading the certificate store takes ~50 ms, and a command opens two clients (the
    connection check's and the work's); an SSLContext may serve any number of connections.
    """
    return httpx.create_ssl_context()


def _unknown(chunk: list[tuple[str, Command, int]]) -> list[UpdateOutcome]:
    return [UpdateOutcome(key, UpdateStatus.UNKNOWN) for key, _, _ in chunk]


def _batch_seconds(result: BatchResult) -> float:
    spent = [o.time.spent for o in result.outcomes.values() if o.time and o.time.spent]
    if spent:
        return float(sum(s for s in spent if s is not None))
    if result.time is not None and result.time.duration is not None:
        return result.time.duration
    return 0.0


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _float_or_none(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
