"""No string the client raises or logs contains the webhook secret, under every fault kind."""

from __future__ import annotations

import io
import logging
import traceback
from collections.abc import Iterator

import pytest

from desktop_handover.bitrix import errors
from desktop_handover.bitrix.listing import ListSpec
from desktop_handover.bitrix.ratelimit import RetryPolicy
from desktop_handover.bitrix.redact import RedactingFilter
from desktop_handover.emulator.limits import FAULT_KINDS, FaultSpec
from desktop_handover.emulator.state import DEAL
from tests.bitrix.fakes import FakeClock, ProgressLog
from tests.contract.conftest import connect, make_emulator
from tests.contract.portals import ADMIN_SECRET, DEPARTING, SUCCESSOR, build
from tests.contract.test_client_emulator import reassign_deals


class Capture:
    """A root handler as the app would install it: every logger, DEBUG, redaction on."""

    def __init__(self, redacting: bool) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        if redacting:
            self.handler.addFilter(RedactingFilter())
        self.handler.setLevel(logging.DEBUG)
        self.raw: Capture | None = None

    def text(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def capture_logs() -> Iterator[Capture]:
    root = logging.getLogger()
    old_level = root.level
    capture = Capture(redacting=True)
    raw = Capture(redacting=False)
    # The raw handler goes first: the filter masks records in place for every later handler.
    root.addHandler(raw.handler)
    root.addHandler(capture.handler)
    root.setLevel(logging.DEBUG)
    # The app and the CLI quiet httpx to WARNING; this test wants its URL lines, as a careless
    # configuration would emit them, to prove the filter is what keeps the secret out.
    chatty = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    old_levels = [logger.level for logger in chatty]
    for logger in chatty:
        logger.setLevel(logging.DEBUG)
    capture.raw = raw
    yield capture
    root.removeHandler(capture.handler)
    root.removeHandler(raw.handler)
    root.setLevel(old_level)
    for logger, level in zip(chatty, old_levels, strict=True):
        logger.setLevel(level)


def exception_texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if isinstance(error, errors.RetryBudgetExhausted):
        texts += exception_texts(error.last_error)
    return texts


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", [*FAULT_KINDS, "none", "wrong_secret"])
async def test_secret_never_appears_in_logs_errors_or_reprs(
    door: str, clock: FakeClock, kind: str, capture_logs: Capture
) -> None:
    portal, layout = build(deals=120)
    faults = FaultSpec.parse(f"{kind}=0.5") if kind in FAULT_KINDS else FaultSpec()
    emulator = make_emulator(portal, clock, faults=faults, fault_seed=3, slow_seconds=1.0)
    log = ProgressLog()
    texts: list[str] = []
    # A tight retry budget, so that errors reach the caller and get scanned too.
    policy = RetryPolicy(base=0.1, cap=1.0, budget=3, per_request=2)
    secret = "notTheRealSecret99" if kind == "wrong_secret" else ADMIN_SECRET
    spec = ListSpec.crm_items(DEAL)
    async with (
        connect(door, emulator, clock) as factory,
        factory(
            secret=secret, retry=policy, progress=log, timeout=0.3 if door == "loopback" else 1.0
        ) as client,
    ):
        texts.append(repr(client))
        try:
            async for page in client.list_pages(spec, filter={"assignedById": DEPARTING}):
                texts.append(repr(page))
            outcomes = await client.update_many(
                reassign_deals(layout.deals, SUCCESSOR), on_batch=lambda b: texts.append(repr(b))
            )
            texts.append(repr(outcomes))
            texts.append(
                repr(await client.batch({"x": ("crm.item.get", {"entityTypeId": 2, "id": 1})}))
            )
            await client.call("no.such.method")
        except errors.BitrixError as error:
            texts += exception_texts(error)
    texts += [repr(e) for e in log.events]
    texts.append(capture_logs.text())
    for secret_value in (ADMIN_SECRET, secret):
        for text in texts:
            assert secret_value not in text
    if door == "loopback" and kind == "none":
        # httpx logs each URL, secret included: the handler's filter is what keeps it out.
        assert capture_logs.raw is not None
        assert ADMIN_SECRET in capture_logs.raw.text()
        assert "/rest/1/***/" in capture_logs.text()
