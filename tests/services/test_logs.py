from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop_handover.bitrix.redact import MASK, RedactingFilter
from desktop_handover.services import logs

SECRET = "q7w8e9secretwebhookkey"
WEBHOOK = f"https://acme.bitrix24.pl/rest/1/{SECRET}/"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Leave the root logger, its handlers' filters and httpx's levels as they were."""
    root = logging.getLogger()
    level = root.level
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET_LOGGERS}
    filters = {handler: list(handler.filters) for handler in root.handlers}
    yield
    logs.reset_logging()
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
    for handler, old_filters in filters.items():
        handler.filters[:] = old_filters


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def fetch_through_httpx() -> None:
    """Make a real httpx request to the webhook URL (answered in-process, no network)."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"result": []}))
    with httpx.Client(transport=transport) as client:
        client.post(WEBHOOK + "crm.item.list.json", json={"entityTypeId": 2})


def test_webhook_url_from_httpx_and_our_logger_ends_redacted(tmp_path: Path) -> None:
    log_file = logs.configure_logging(tmp_path, level=logging.DEBUG)
    # Someone raises httpx's level for a debugging session: its request lines, which carry
    # the full URL, must still come out masked because the filter sits on the handler.
    logging.getLogger("httpx").setLevel(logging.INFO)
    fetch_through_httpx()
    ours = logging.getLogger("desktop_handover.services.gateway")
    ours.info("calling %s", WEBHOOK + "user.get")
    try:
        raise RuntimeError(f"connection to {WEBHOOK} failed")
    except RuntimeError:
        ours.exception("request failed")
    flush()

    text = log_file.read_text(encoding="utf-8")
    assert SECRET not in text
    assert "HTTP Request: POST https://acme.bitrix24.pl/rest/1/***/crm.item.list.json" in text
    assert f"calling https://acme.bitrix24.pl/rest/1/{MASK}/user.get" in text
    assert "Traceback (most recent call last)" in text
    assert f"RuntimeError: connection to https://acme.bitrix24.pl/rest/1/{MASK}/ failed" in text


def test_httpx_and_httpcore_are_kept_at_warning(tmp_path: Path) -> None:
    log_file = logs.configure_logging(tmp_path, level=logging.DEBUG)
    fetch_through_httpx()
    logging.getLogger("desktop_handover.test").debug("after the request")
    flush()
    text = log_file.read_text(encoding="utf-8")
    assert "after the request" in text
    assert "HTTP Request" not in text
    assert "httpcore" not in text
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("httpcore").level == logging.WARNING


def test_stderr_copy_is_redacted_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure_logging(tmp_path, level=logging.INFO, to_stderr=True)
    logging.getLogger("httpx").warning("retrying %s", WEBHOOK + "batch.json")
    flush()
    err = capsys.readouterr().err
    assert f"retrying https://acme.bitrix24.pl/rest/1/{MASK}/batch.json" in err
    assert SECRET not in err


def test_every_root_handler_gets_the_filter_including_foreign_ones(tmp_path: Path) -> None:
    foreign = logging.StreamHandler()
    root = logging.getLogger()
    root.addHandler(foreign)
    try:
        logs.configure_logging(tmp_path)
        assert all(
            any(isinstance(f, RedactingFilter) for f in handler.filters)
            for handler in root.handlers
        )
    finally:
        root.removeHandler(foreign)


def test_reconfiguring_replaces_handlers_and_the_level_applies(tmp_path: Path) -> None:
    first = logs.configure_logging(tmp_path / "a", level=logging.INFO)
    second = logs.configure_logging(tmp_path / "b", level=logging.WARNING)
    assert logs.current_log_file() == second
    logger = logging.getLogger("desktop_handover.test")
    logger.info("quiet line")
    logger.warning("loud line")
    flush()
    assert "loud line" not in first.read_text(encoding="utf-8")
    text = second.read_text(encoding="utf-8")
    assert text.count("loud line") == 1
    assert "quiet line" not in text


def test_file_rotates_and_keeps_the_backup_count(tmp_path: Path) -> None:
    log_file = logs.configure_logging(tmp_path, max_bytes=2_000, backup_count=2)
    logger = logging.getLogger("desktop_handover.test")
    for n in range(200):
        logger.info("line %d %s", n, "x" * 40)
    flush()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [log_file.name, f"{log_file.name}.1", f"{log_file.name}.2"]
    assert "line 199" in log_file.read_text(encoding="utf-8")


def test_default_folder_is_the_platform_log_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    log_file = logs.configure_logging()
    assert log_file.is_relative_to(tmp_path)
    assert log_file.name == logs.LOG_FILE_NAME
    assert logs.current_log_file() == log_file
    logs.reset_logging()
    assert logs.current_log_file() is None
