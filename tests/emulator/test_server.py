"""The loopback door's own behaviour: the raw ASGI app and what uvicorn makes of a drop."""

from __future__ import annotations

import logging
import socket
from typing import Any

import httpx
import pytest

from desktop_handover.emulator.handler import DROP_PROMISED_BYTES, Emulator
from desktop_handover.emulator.limits import EmulatorConfig, FaultSpec
from desktop_handover.emulator.server import ConnectionDropped, EmulatorApp, bind
from tests.emulator.conftest import ADMIN_SECRET, LoopbackServer, build_test_portal


async def run_app(app: EmulatorApp, scope: dict[str, Any], body: bytes = b"") -> list[Any]:
    """Drive the ASGI app by hand; the messages it sent."""
    sent: list[Any] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: Any) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def http_scope(path: str, host: str = "127.0.0.1:8000", query: bytes = b"") -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(b"host", host.encode())],
    }


@pytest.mark.asyncio
async def test_app_reads_the_host_header_for_the_https_rule() -> None:
    app = EmulatorApp(Emulator(build_test_portal()))
    path = f"/rest/1/{ADMIN_SECRET}/user.current"
    for host, status in (
        ("127.0.0.1:8000", 200),
        ("localhost", 200),
        ("[::1]:8000", 200),
        ("portal.example.com:8000", 401),
        ("192.168.1.20", 401),
    ):
        start, body = await run_app(app, http_scope(path, host))
        assert start["status"] == status, host
        assert (b"content-type", b"application/json; charset=utf-8") in start["headers"]
        assert body["type"] == "http.response.body"


@pytest.mark.asyncio
async def test_app_passes_the_query_string_and_ignores_other_scopes() -> None:
    app = EmulatorApp(Emulator(build_test_portal()))
    start, body = await run_app(
        app, http_scope(f"/rest/1/{ADMIN_SECRET}/emulatortest.echo", query=b"a[]=1&b=x")
    )
    assert start["status"] == 200
    assert b'"result":{"a":["1"],"b":"x"}' in body["body"]
    assert await run_app(app, {"type": "lifespan"}) == []


@pytest.mark.asyncio
async def test_app_drops_by_promising_a_body_it_never_sends() -> None:
    app = EmulatorApp(
        Emulator(build_test_portal(), EmulatorConfig(faults=FaultSpec.parse("reset=1")))
    )
    sent: list[Any] = []
    scope = http_scope(f"/rest/1/{ADMIN_SECRET}/user.current")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    with pytest.raises(ConnectionDropped):
        await app(scope, receive, send)
    assert sent == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", str(DROP_PROMISED_BYTES).encode())],
        }
    ]


@pytest.mark.loopback
@pytest.mark.asyncio
async def test_drops_reach_the_client_as_an_incomplete_reply_without_log_noise(
    loopback_server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    loopback_server.app.emulator = Emulator(
        build_test_portal(), EmulatorConfig(faults=FaultSpec.parse("lost_reply=1"))
    )
    url = f"http://127.0.0.1:{loopback_server.port}/rest/1/{ADMIN_SECRET}/user.current"
    with caplog.at_level(logging.ERROR):
        async with httpx.AsyncClient() as client:
            with pytest.raises(httpx.RemoteProtocolError, match="received 0 bytes, expected 64"):
                await client.get(url)
            # The server is fine afterwards.
            stats = await client.get(f"http://127.0.0.1:{loopback_server.port}/_emulator/stats")
            assert stats.json()["http_requests"] == 1
    assert not [r for r in caplog.records if "ASGI" in r.getMessage()]


def test_listening_socket_is_tcp_so_asyncio_disables_nagle() -> None:
    # asyncio sets TCP_NODELAY only on IPPROTO_TCP sockets; without it each reply stalls
    # ~40 ms on a delayed ACK.
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


@pytest.mark.loopback
@pytest.mark.asyncio
async def test_replies_carry_a_content_length(loopback_server: LoopbackServer) -> None:
    loopback_server.app.emulator = Emulator(build_test_portal())
    url = f"http://127.0.0.1:{loopback_server.port}/rest/1/{ADMIN_SECRET}/user.current"
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
    assert int(response.headers["content-length"]) == len(response.content)
    assert "transfer-encoding" not in response.headers
