"""BitrixClient against scripted replies (httpx.MockTransport) and a fake clock.

Behaviour against a real portal model lives in tests/contract/ (the emulator); here are the
replies the emulator will not produce on demand and the client's own bookkeeping.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from desktop_handover.bitrix import errors
from desktop_handover.bitrix.auth import OAuthApp, WebhookAuth
from desktop_handover.bitrix.client import BitrixClient, RequestCancelled
from desktop_handover.bitrix.ratelimit import BudgetLimits, RateLimits, RetryPolicy
from desktop_handover.bitrix.types import (
    Command,
    CommandStatus,
    Ref,
    TokenPair,
    UpdateStatus,
    WaitReason,
)
from tests.bitrix.fakes import FakeClock, ProgressLog

SECRET = "s3cr3tWebhookKey"
URL = f"https://portal.test/rest/7/{SECRET}/"

Reply = httpx.Response | Exception
Handler = Callable[[httpx.Request], Reply]


class Script:
    """Answers requests from a queue of replies (or a function), recording every request."""

    def __init__(self, *replies: Reply | Handler) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if callable(reply) and not isinstance(reply, httpx.Response | Exception):
            reply = reply(request)
        if isinstance(reply, Exception):
            raise reply
        assert isinstance(reply, httpx.Response)
        return reply

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


def ok(result: Any, status: int = 200, **extra: Any) -> httpx.Response:
    return httpx.Response(status, json={"result": result, "time": {"duration": 0.01}, **extra})


def fail(code: str, status: int, description: str = "", **extra: Any) -> httpx.Response:
    return httpx.Response(status, json={"error": code, "error_description": description, **extra})


def make_client(script: Script, clock: FakeClock, **kwargs: Any) -> BitrixClient:
    kwargs.setdefault("retry", RetryPolicy(base=1.0, cap=4.0, budget=10, per_request=4))
    return BitrixClient.from_webhook(
        URL,
        transport=httpx.MockTransport(script),
        clock=clock,
        sleep=clock.sleep,
        **kwargs,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- auth and secrets ------------------------------------------------------------------------


def test_https_is_required_except_on_loopback() -> None:
    with pytest.raises(ValueError, match="https") as caught:
        WebhookAuth(f"http://portal.test/rest/1/{SECRET}/")
    assert SECRET not in str(caught.value)
    for host in ("127.0.0.1:8000", "localhost", "[::1]:9000"):
        assert WebhookAuth(f"http://{host}/rest/1/{SECRET}/").user_id == 1


@pytest.mark.parametrize(
    "url", ["https://portal.test/", "https://portal.test/rest/x/y/", "not a url at all"]
)
def test_malformed_webhook_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        WebhookAuth(url)


def test_webhook_url_with_method_suffix_is_accepted() -> None:
    auth = WebhookAuth(f"https://portal.test/rest/3/{SECRET}/profile.json")
    assert str(auth.endpoint("batch")) == f"https://portal.test/rest/3/{SECRET}/batch"


@pytest.mark.asyncio
async def test_repr_shows_host_only(clock: FakeClock) -> None:
    client = make_client(Script(ok(True)), clock)
    assert repr(client) == "BitrixClient(host='portal.test', auth='webhook')"
    assert SECRET not in repr(client._auth)
    await client.aclose()


# --- call ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_call_posts_json_to_the_method_and_parses_the_envelope(clock: FakeClock) -> None:
    script = Script(ok([{"ID": "1"}], total=120, next=50))
    async with make_client(script, clock) as client:
        result = await client.call("user.get", {"FILTER": {"ACTIVE": True}})
    assert result.result == [{"ID": "1"}]
    assert (result.total, result.next) == (120, 50)
    request = script.requests[0]
    assert request.url.path == f"/rest/7/{SECRET}/user.get"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"FILTER": {"ACTIVE": True}}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (fail("NO_AUTH_FOUND", 401), errors.AuthError),
        (fail("insufficient_scope", 403), errors.ScopeError),
        (fail("", 400, "Not found"), errors.NotFound),
        (fail("ERROR_METHOD_NOT_FOUND", 404, "Method not found!"), errors.MethodNotFound),
        (fail("OVERLOAD_LIMIT", 503), errors.PortalBlocked),
        (fail("PORTAL_DELETED", 500), errors.BitrixError),
        (httpx.Response(404, text="<html>nope</html>"), errors.NotFound),
    ],
)
async def test_non_retryable_errors_raise_at_once(
    clock: FakeClock, reply: httpx.Response, expected: type
) -> None:
    script = Script(reply)
    async with make_client(script, clock) as client:
        with pytest.raises(expected) as caught:
            await client.call("crm.deal.get", {"id": 1})
    error = caught.value
    assert type(error) is expected
    assert isinstance(error, errors.BitrixError)
    assert error.method == "crm.deal.get"
    assert error.host == "portal.test"
    assert len(script.requests) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "first",
    [
        fail("QUERY_LIMIT_EXCEEDED", 503),
        fail("INTERNAL_SERVER_ERROR", 500),
        httpx.Response(502, text="<html>bad gateway</html>"),
        httpx.Response(200, text="{truncated"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("reset"),
    ],
)
async def test_transient_failures_are_retried_with_backoff(clock: FakeClock, first: Reply) -> None:
    script = Script(first, ok(True))
    log = ProgressLog()
    async with make_client(script, clock, progress=log) as client:
        assert (await client.call("crm.deal.update", {"id": 1})).result is True
        assert client.stats.retries == 1
    assert len(script.requests) == 2
    backoffs = [e for e in log.waits() if e.wait_reason is WaitReason.BACKOFF]
    assert len(backoffs) == 1
    assert 0.5 <= backoffs[0].wait_seconds <= 1.0


@pytest.mark.asyncio
async def test_503_saturates_the_bucket_so_later_requests_are_paced(clock: FakeClock) -> None:
    script = Script(fail("QUERY_LIMIT_EXCEEDED", 503), ok(True))
    log = ProgressLog()
    async with make_client(script, clock, progress=log) as client:
        await client.call("a.b")
        before = len(log.waits())
        await client.call("a.b")
        assert client.stats.rejected_503 == 1
    rate_waits = [e for e in log.waits()[before:] if e.wait_reason is WaitReason.RATE]
    assert rate_waits, "after a 503 the client must wait for its bucket to drain"


@pytest.mark.asyncio
async def test_retry_budget_ends_in_a_clear_error(clock: FakeClock) -> None:
    script = Script(fail("INTERNAL_SERVER_ERROR", 500))
    async with make_client(script, clock) as client:
        with pytest.raises(errors.RetryBudgetExhausted) as caught:
            await client.call("crm.item.list", {"entityTypeId": 2})
    assert isinstance(caught.value.last_error, errors.ServerError)
    assert len(script.requests) == 5  # 1 + per_request (4)
    assert SECRET not in str(caught.value)


@pytest.mark.asyncio
async def test_run_wide_retry_budget(clock: FakeClock) -> None:
    replies: list[Reply] = []
    for _ in range(6):
        replies += [fail("INTERNAL_SERVER_ERROR", 500), fail("INTERNAL_SERVER_ERROR", 500), ok(1)]
    script = Script(*replies)
    policy = RetryPolicy(base=0.1, cap=1, budget=5, per_request=3)
    async with make_client(script, clock, retry=policy) as client:
        for _ in range(2):
            await client.call("x.y")  # two retries each: 4 of the run's 5 used
        with pytest.raises(errors.RetryBudgetExhausted):
            await client.call("x.y")
        assert client.stats.retries == 5


@pytest.mark.asyncio
async def test_429_waits_until_operating_reset_at(clock: FakeClock) -> None:
    reset_at = clock.now + 95
    script = Script(
        fail(
            "OPERATION_TIME_LIMIT", 429, "Method is blocked", time={"operating_reset_at": reset_at}
        ),
        ok(True),
    )
    log = ProgressLog()
    async with make_client(script, clock, progress=log) as client:
        await client.call("crm.item.update", {"entityTypeId": 2, "id": 1})
        assert client.stats.rejected_429 == 1
    waits = [e for e in log.waits() if e.wait_reason is WaitReason.TIME_LIMIT]
    assert len(waits) == 1
    assert waits[0].wait_seconds == pytest.approx(95)
    assert clock.now >= reset_at


@pytest.mark.asyncio
async def test_429_without_reset_at_uses_the_last_reported_one(clock: FakeClock) -> None:
    reset_at = clock.now + 30
    script = Script(
        ok(True, time={"operating": 400.0, "operating_reset_at": reset_at}),
        fail("OPERATION_TIME_LIMIT", 429),
        ok(True),
    )
    async with make_client(script, clock, budget=BudgetLimits(seconds=10_000)) as client:
        await client.call("crm.item.update")
        await client.call("crm.item.update")
    assert clock.now >= reset_at


@pytest.mark.asyncio
async def test_operating_budget_slows_down_before_it_runs_out(clock: FakeClock) -> None:
    reset_at = clock.now + 50
    script = Script(
        ok(True, time={"duration": 5.0, "operating": 440.0, "operating_reset_at": reset_at}),
        ok(True),
    )
    log = ProgressLog()
    async with make_client(script, clock, progress=log, budget=BudgetLimits(480, 600, 0.9)) as c:
        await c.call("crm.item.update")
        await c.call("crm.item.update")
    assert [e.wait_reason for e in log.waits()] == [WaitReason.OPERATING]
    assert clock.now >= reset_at


# --- OAuth -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_oauth_refreshes_only_on_expired_token_and_reports_the_new_pair(
    clock: FakeClock,
) -> None:
    seen: list[TokenPair] = []

    def portal(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.test":
            assert request.url.params["refresh_token"] == "refresh-1-abcdef"
            return httpx.Response(
                200,
                json={
                    "access_token": "access-2-abcdef",
                    "refresh_token": "refresh-2-abcdef",
                    "expires": 1_900_000_000,
                },
            )
        token = json.loads(request.content)["auth"]
        if token == "access-1-abcdef":
            return fail("expired_token", 401, "The access token provided has expired")
        return ok({"ID": "1"})

    script = Script(portal)

    async def save(tokens: TokenPair) -> None:
        seen.append(tokens)

    client = BitrixClient.from_oauth(
        "https://portal.test",
        access_token="access-1-abcdef",
        refresh_token="refresh-1-abcdef",
        app=OAuthApp("app.1", "client-secret-xyz", token_url="https://oauth.test/oauth/token/"),
        on_refresh=save,
        transport=httpx.MockTransport(script),
        clock=clock,
        sleep=clock.sleep,
    )
    async with client:
        assert (await client.call("user.current")).result == {"ID": "1"}
        assert (await client.call("user.current")).result == {"ID": "1"}
    assert [t.refresh_token for t in seen] == ["refresh-2-abcdef"]
    assert [r.url.host for r in script.requests] == [
        "portal.test",
        "oauth.test",
        "portal.test",
        "portal.test",
    ]
    assert "abcdef" not in repr(seen[0])
    # The token never goes in the URL, where httpx would log it.
    assert all("auth" not in str(r.url) for r in script.requests if r.url.host == "portal.test")


@pytest.mark.asyncio
async def test_oauth_other_401s_do_not_refresh(clock: FakeClock) -> None:
    script = Script(fail("NO_AUTH_FOUND", 401))
    client = BitrixClient.from_oauth(
        "https://portal.test/rest/",
        access_token="tok-abcdef",
        refresh_token="ref-abcdef",
        app=OAuthApp("id", "sec-abcdef"),
        transport=httpx.MockTransport(script),
        clock=clock,
        sleep=clock.sleep,
    )
    async with client:
        with pytest.raises(errors.AuthError):
            await client.call("user.current")
    assert len(script.requests) == 1


@pytest.mark.asyncio
async def test_refused_refresh_raises_oauth_error(clock: FakeClock) -> None:
    def portal(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.test":
            return httpx.Response(400, json={"error": "invalid_grant", "error_description": "x"})
        return fail("expired_token", 401)

    client = BitrixClient.from_oauth(
        "https://portal.test/rest/",
        access_token="tok-abcdef",
        refresh_token="ref-abcdef",
        app=OAuthApp("id", "sec-abcdef", token_url="https://oauth.test/oauth/token/"),
        transport=httpx.MockTransport(Script(portal)),
        clock=clock,
        sleep=clock.sleep,
    )
    async with client:
        with pytest.raises(errors.OAuthError):
            await client.call("user.current")


# --- batch -----------------------------------------------------------------------------------


def batch_reply(**collections: Any) -> httpx.Response:
    inner = {
        name: collections.get(name, [])
        for name in ("result", "result_error", "result_total", "result_next", "result_time")
    }
    return ok(inner)


@pytest.mark.asyncio
async def test_batch_sends_json_commands_and_returns_one_outcome_each(clock: FakeClock) -> None:
    script = Script(
        batch_reply(
            result={"a": {"item": {"id": 1}}},
            result_error={"b": {"error": "NOT_FOUND", "error_description": "gone"}},
            result_time={"a": {"duration": 0.2}},
        )
    )
    async with make_client(script, clock) as client:
        result = await client.batch(
            {
                "a": (
                    "crm.item.update",
                    {"entityTypeId": 2, "id": 1, "fields": {"assignedById": 5}},
                ),
                "b": Command(
                    "crm.item.update", {"entityTypeId": 2, "id": Ref.result("a", "item", "id")}
                ),
                "c": Command("crm.item.get", {"entityTypeId": 2, "id": 3}),
            },
            halt=True,
        )
    body = script.bodies()[0]
    assert body["halt"] == 1
    assert body["cmd"]["a"] == ("crm.item.update?entityTypeId=2&id=1&fields[assignedById]=5")
    assert body["cmd"]["b"] == "crm.item.update?entityTypeId=2&id=$result[a][item][id]"
    assert result["a"].ok
    assert result["a"].result == {"item": {"id": 1}}
    assert result["a"].time is not None
    assert result["a"].time.duration == 0.2
    assert result["b"].status is CommandStatus.ERROR
    assert result["b"].error is not None
    assert result["b"].error.code == "NOT_FOUND"
    exc = result["b"].error.to_exception(method="crm.item.update", host="portal.test")
    assert isinstance(exc, errors.NotFound)
    assert result["c"].status is CommandStatus.NOT_RUN
    assert set(result.failed) == {"b"}


@pytest.mark.asyncio
async def test_batch_accepts_list_shaped_collections(clock: FakeClock) -> None:
    script = Script(
        batch_reply(result=[True, False], result_time=[{"duration": 1}, {"duration": 2}])
    )
    async with make_client(script, clock) as client:
        result = await client.batch({"x": ("a.b", {}), "y": ("a.c", {})})
    assert result["x"].result is True
    assert result["y"].result is False


@pytest.mark.asyncio
async def test_batch_over_50_commands_is_refused_before_sending(clock: FakeClock) -> None:
    script = Script(batch_reply())
    async with make_client(script, clock) as client:
        with pytest.raises(ValueError):
            await client.batch({f"k{i}": ("a.b", {}) for i in range(51)})
    assert script.requests == []


@pytest.mark.asyncio
async def test_batch_with_a_non_envelope_result_is_unexpected(clock: FakeClock) -> None:
    script = Script(ok("nonsense"))
    async with make_client(script, clock) as client:
        with pytest.raises(errors.UnexpectedResponse):
            await client.batch({"x": ("a.b", {})})


# --- update_many -----------------------------------------------------------------------------


def echo_batch(fail_codes: dict[str, str] | None = None) -> Handler:
    """A batch handler that succeeds every command except the scripted failures, once each."""
    pending = dict(fail_codes or {})

    def handle(request: httpx.Request) -> httpx.Response:
        cmd = json.loads(request.content)["cmd"]
        results: dict[str, Any] = {}
        errors_: dict[str, Any] = {}
        for key, text in cmd.items():
            item_id = text.split("id=")[1].split("&")[0]
            code = pending.pop(item_id, None)
            if code:
                errors_[key] = {"error": code, "error_description": ""}
            else:
                results[key] = True
        return batch_reply(result=results or [], result_error=errors_ or [])

    return handle


def updates(n: int) -> dict[str, Command]:
    return {
        str(i): Command("crm.deal.update", {"id": i, "fields": {"ASSIGNED_BY_ID": 9}})
        for i in range(1, n + 1)
    }


@pytest.mark.asyncio
async def test_update_many_batches_by_50_and_reports_every_key(clock: FakeClock) -> None:
    script = Script(echo_batch({"7": "ACCESS_DENIED", "80": "INTERNAL_SERVER_ERROR"}))
    reported: list[list[str]] = []
    async with make_client(script, clock) as client:
        outcomes = await client.update_many(
            updates(120), on_batch=lambda batch: reported.append([o.key for o in batch])
        )
    # 50 + 50, then the requeued command rides along with the last 20.
    assert len(script.requests) == 3
    by_key = {o.key: o for o in outcomes}
    assert set(by_key) == {str(i) for i in range(1, 121)}
    assert by_key["7"].status is UpdateStatus.FAILED
    assert by_key["7"].error is not None
    assert by_key["7"].error.code == "ACCESS_DENIED"
    assert by_key["80"].status is UpdateStatus.DONE
    assert sum(len(b) for b in reported) == 120


@pytest.mark.asyncio
async def test_update_many_marks_a_lost_reply_unknown_when_retries_run_out(
    clock: FakeClock,
) -> None:
    script = Script(echo_batch(), httpx.ReadTimeout("lost"))
    policy = RetryPolicy(base=0.1, cap=1, budget=2, per_request=2)
    seen: list[str] = []
    async with make_client(script, clock, retry=policy) as client:
        with pytest.raises(errors.RetryBudgetExhausted) as caught:
            await client.update_many(
                updates(70), on_batch=lambda b: seen.extend(f"{o.key}:{o.status.value}" for o in b)
            )
    assert isinstance(caught.value.last_error, errors.TransportError)
    assert caught.value.last_error.reply_lost
    assert seen[:50] == [f"{i}:done" for i in range(1, 51)]
    # Each lost reply halves the batch (a cut-off batch may have been too big, §5.3): the
    # batch on the wire when the budget ran out is unknown; later keys were never sent.
    unknown = seen[50:]
    assert unknown
    assert unknown == [f"{i}:unknown" for i in range(51, 51 + len(unknown))]
    assert len(unknown) < 20


@pytest.mark.asyncio
async def test_update_many_cancel_mid_flight_records_the_landed_batch(clock: FakeClock) -> None:
    started = asyncio.Event()
    release = asyncio.Event()
    handle = echo_batch()

    class SlowTransport(httpx.AsyncBaseTransport):
        calls = 0

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            SlowTransport.calls += 1
            await request.aread()
            started.set()
            await release.wait()
            reply = handle(request)
            assert isinstance(reply, httpx.Response)
            return reply

    reported: list[str] = []
    client = BitrixClient.from_webhook(
        URL, transport=SlowTransport(), clock=clock, sleep=clock.sleep
    )
    task = asyncio.create_task(
        client.update_many(updates(100), on_batch=lambda b: reported.extend(o.key for o in b))
    )
    await started.wait()
    task.cancel()
    await asyncio.sleep(0)
    release.set()
    with pytest.raises(asyncio.CancelledError) as caught:
        await task
    assert isinstance(caught.value, RequestCancelled) or task.cancelled()
    assert SlowTransport.calls == 1, "no new request after the cancel"
    assert sorted(reported, key=int) == [str(i) for i in range(1, 51)]
    await client.aclose()


@pytest.mark.asyncio
async def test_cancel_during_a_pacing_wait_sends_nothing(clock: FakeClock) -> None:
    script = Script(ok(True))
    gate = asyncio.Event()

    async def blocking_sleep(seconds: float) -> None:
        gate.set()
        await asyncio.Event().wait()

    client = BitrixClient.from_webhook(
        URL,
        transport=httpx.MockTransport(script),
        clock=clock,
        sleep=blocking_sleep,
        limits=RateLimits(burst=3, per_second=1, headroom=2),
    )
    await client.call("a.b")  # fills the one-request bucket
    task = asyncio.create_task(client.call("a.b"))
    await gate.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(script.requests) == 1
    await client.aclose()


# --- logging ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_client_logs_never_contain_the_secret(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(
        fail("INTERNAL_SERVER_ERROR", 500),
        httpx.ConnectError(f"refused {URL}"),
        fail("QUERY_LIMIT_EXCEEDED", 503),
        ok(True),
    )
    caplog.set_level(logging.DEBUG)
    async with make_client(script, clock) as client:
        await client.call("crm.deal.update", {"id": 1})
    assert caplog.records
    for record in caplog.records:
        if record.name.startswith("desktop_handover"):
            assert SECRET not in record.getMessage()


@pytest.mark.asyncio
async def test_wait_ready_waits_for_the_bucket_and_uses_up_nothing(clock: FakeClock) -> None:
    script = Script(ok(True))
    limits = RateLimits(burst=3, per_second=1.0, headroom=1, drain_margin=0.0)
    async with make_client(script, clock, limits=limits) as client:
        await client.call("a.b")
        await client.call("a.b")
        before = clock.now
        await client.wait_ready()
        assert clock.now - before == pytest.approx(1.0)
        # The next request now leaves without another wait.
        sleeps = len(clock.sleeps)
        await client.call("a.b")
        assert len(clock.sleeps) == sleeps
    assert len(script.requests) == 3


@pytest.mark.asyncio
async def test_a_refused_batch_waits_before_it_is_sent_again(clock: FakeClock) -> None:
    reset_at = clock.now + 40
    script = Script(
        fail("OPERATION_TIME_LIMIT", 429, time={"operating_reset_at": reset_at}),
        batch_reply(result={"a": True}),
    )
    async with make_client(script, clock) as client:
        result = await client.batch({"a": ("crm.item.update", {"id": 1})})
    assert result["a"].ok
    assert len(script.requests) == 2
    assert clock.now >= reset_at


@pytest.mark.asyncio
async def test_a_time_limit_noted_inside_a_batch_holds_the_next_request_of_that_method(
    clock: FakeClock,
) -> None:
    # The reassign gateway sends the failed command again itself; wait_ready with the
    # method named must then wait for the budget (cancellable), not send it to fail again.
    reset_at = clock.now + 40
    script = Script(
        ok({"operating_reset_at": reset_at}, time={"operating_reset_at": reset_at}),
        batch_reply(
            result={"a": True},
            result_error={"b": {"error": "OPERATION_TIME_LIMIT", "error_description": ""}},
        ),
    )
    async with make_client(script, clock) as client:
        await client.call("crm.item.update", {"id": 1})
        result = await client.batch(
            {"a": ("crm.item.list", {}), "b": ("crm.item.update", {"id": 2})}
        )
        assert not result["b"].ok
        client.note_time_limit(result["b"])
        before = clock.now
        await client.wait_ready({"crm.item.list": 1})
        assert clock.now == before  # other methods are not held
        await client.wait_ready({"crm.item.update": 1})
        assert clock.now >= reset_at
