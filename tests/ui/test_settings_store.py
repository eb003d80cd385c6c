from __future__ import annotations

from pathlib import Path

from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.settings_store import AppSettings, Profile, RatePlan, SettingsStore


def test_defaults_when_nothing_is_stored(settings_store: SettingsStore) -> None:
    assert settings_store.load() == AppSettings()


def test_round_trip(settings_store: SettingsStore) -> None:
    settings = (
        AppSettings(window_geometry=b"\x01\x02", language="pl", keep_related=False)
        .with_profile(Profile("Acme", "acme.bitrix24.pl"))
        .with_profile(Profile("Beta", "beta.bitrix24.com"))
        .with_recent_successor(7)
        .with_recent_successor(3)
        .with_recent_successor(7)
    )
    settings_store.save(settings)
    loaded = settings_store.load()
    assert loaded == settings
    assert loaded.last_profile == "Beta"
    assert loaded.recent_successors == (7, 3)


def test_an_empty_list_stays_empty(settings_store: SettingsStore) -> None:
    settings_store.save(AppSettings(recent_successors=(1,)))
    settings_store.save(AppSettings(recent_successors=()))
    assert settings_store.load().recent_successors == ()


def test_profiles_hold_names_and_hosts_only(settings_store: SettingsStore) -> None:
    settings_store.save(AppSettings().with_profile(Profile("Acme", "acme.bitrix24.pl")))
    text = Path(settings_store.file_name()).read_text()
    assert "acme.bitrix24.pl" in text
    assert "rest/" not in text
    settings_store.save(settings_store.load().without_profile("Acme"))
    assert settings_store.load().profiles == ()
    assert settings_store.load().last_profile == ""


def test_round_trip_of_the_settings_dialog_fields(settings_store: SettingsStore) -> None:
    settings = AppSettings(
        language="de",
        default_filter=SectionFilter.CLOSED,
        rate_plan=RatePlan.ENTERPRISE,
        journal_dir="/srv/journals",
        suppress_notifications=False,
        timeline_comment=False,
        summary_message=False,
    )
    settings_store.save(settings)
    assert settings_store.load() == settings


def test_new_fields_default_when_missing_or_unknown(settings_store: SettingsStore) -> None:
    settings_store.save(AppSettings(rate_plan=RatePlan.ENTERPRISE))
    path = Path(settings_store.file_name())
    text = path.read_text().replace("rate_plan=enterprise", "rate_plan=platinum")
    path.write_text(text.replace("default_filter=all", "default_filter=7"))
    fresh = SettingsStore.at(str(path)).load()
    assert fresh.rate_plan is RatePlan.STANDARD
    assert fresh.default_filter is SectionFilter.ALL
    assert fresh.journal_dir == ""
