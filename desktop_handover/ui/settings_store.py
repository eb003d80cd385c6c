"""The only module that touches QSettings: typed, defaulted application settings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

# QSettings lives here and nowhere else (style.md §6); the ban is ruff's TID251 rule.
from PySide6.QtCore import (
    QByteArray,
    QSettings,  # noqa: TID251 - this module is QSettings' only home
)

from desktop_handover.handover.selection import SectionFilter

_E = TypeVar("_E", bound=StrEnum)

#: The UI languages offered in Settings ("" follows the system).
LANGUAGES = ("", "en", "pl", "de", "ru")


class RatePlan(StrEnum):
    """The portal's plan, which sets its REST rate limit (bitrix24-api.md §5.1).

    Standard: a burst of 50 requests, then 2 per second; Enterprise: 250, then 5 per second.
    """

    STANDARD = "standard"
    ENTERPRISE = "enterprise"


@dataclass(frozen=True, slots=True)
class Profile:
    """A remembered portal: a name, its host and how it signs in. The secret stays in the keychain.

    `kind` is "webhook" or "oauth" (bitrix24-api.md §1.1, §1.2).
    """

    name: str
    host: str
    kind: str = "webhook"


@dataclass(frozen=True, slots=True)
class AppSettings:
    """Everything the app remembers between runs; no secret ever goes in here.

    Attributes:
        profiles: remembered portal profiles, names and hosts only.
        last_profile: the profile connected to last.
        recent_successors: user ids recently chosen as successors, most recent first.
        window_geometry: the main window's saved geometry (Qt's opaque bytes).
        language: a locale name ("pl", "en") or "" for the system's; applied at the next start.
        keep_related: the plan's "keep related items together" default.
        timeline_comment: the preview's "timeline comment" default.
        suppress_notifications: the preview's "no live-feed post per item" default.
        summary_message: the preview's "one summary message per successor" default.
        default_filter: the open/closed filter new section tabs start with.
        rate_plan: the portal's plan, which sets the request pacing.
        journal_dir: the journals' folder, or "" for services.paths.data_dir()/journals.
    """

    profiles: tuple[Profile, ...] = ()
    last_profile: str = ""
    recent_successors: tuple[int, ...] = ()
    window_geometry: bytes = b""
    language: str = ""
    keep_related: bool = True
    timeline_comment: bool = True
    suppress_notifications: bool = True
    summary_message: bool = True
    default_filter: SectionFilter = SectionFilter.ALL
    rate_plan: RatePlan = RatePlan.STANDARD
    journal_dir: str = ""

    def with_profile(self, profile: Profile) -> AppSettings:
        """A copy with `profile` added or replaced (matched by name) and made the last one."""
        others = tuple(p for p in self.profiles if p.name != profile.name)
        return _replace(self, profiles=(*others, profile), last_profile=profile.name)

    def without_profile(self, name: str) -> AppSettings:
        """A copy without profile `name`."""
        last = "" if self.last_profile == name else self.last_profile
        return _replace(
            self, profiles=tuple(p for p in self.profiles if p.name != name), last_profile=last
        )

    def with_recent_successor(self, user_id: int, keep: int = 10) -> AppSettings:
        """A copy with `user_id` first among the recent successors."""
        recent = (user_id, *(u for u in self.recent_successors if u != user_id))
        return _replace(self, recent_successors=recent[:keep])


def _replace(settings: AppSettings, **changes: object) -> AppSettings:
    return dataclasses.replace(settings, **changes)  # type: ignore[arg-type]


class SettingsStore:
    """Loads and saves AppSettings through one QSettings it is given (INI, tests: tmp_path)."""

    PROFILES = "profiles"
    LAST_PROFILE = "connection/last_profile"
    RECENT_SUCCESSORS = "plan/recent_successors"
    WINDOW_GEOMETRY = "window/geometry"
    LANGUAGE = "ui/language"
    KEEP_RELATED = "plan/keep_related"
    TIMELINE_COMMENT = "plan/timeline_comment"
    SUPPRESS_NOTIFICATIONS = "plan/suppress_notifications"
    SUMMARY_MESSAGE = "plan/summary_message"
    DEFAULT_FILTER = "ui/default_filter"
    RATE_PLAN = "connection/rate_plan"
    JOURNAL_DIR = "journal/folder"

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def at(cls, path: str) -> SettingsStore:
        """A store over an INI file at `path`."""
        return cls(QSettings(path, QSettings.Format.IniFormat))

    @classmethod
    def default(cls) -> SettingsStore:
        """The user's store (INI format, in the platform's settings folder)."""
        return cls(
            QSettings(
                QSettings.Format.IniFormat,
                QSettings.Scope.UserScope,
                "desktop_handover",
                "desktop_handover",
            )
        )

    def load(self) -> AppSettings:
        """Read every setting, falling back to the defaults on anything missing or malformed."""
        s = self._settings
        profiles: list[Profile] = []
        count = s.beginReadArray(self.PROFILES)
        for i in range(count):
            s.setArrayIndex(i)
            name = _str(s.value("name", ""))
            host = _str(s.value("host", ""))
            kind = _str(s.value("kind", "webhook"))
            if name:
                profiles.append(Profile(name, host, kind if kind == "oauth" else "webhook"))
        s.endArray()
        recent = tuple(
            int(x) for x in _str(s.value(self.RECENT_SUCCESSORS, "")).split(",") if x.isdigit()
        )
        geometry = s.value(self.WINDOW_GEOMETRY, QByteArray())
        defaults = AppSettings()
        return AppSettings(
            profiles=tuple(profiles),
            last_profile=_str(s.value(self.LAST_PROFILE, "")),
            recent_successors=recent,
            window_geometry=bytes(geometry.data()) if isinstance(geometry, QByteArray) else b"",
            language=_str(s.value(self.LANGUAGE, "")),
            keep_related=_bool(s.value(self.KEEP_RELATED), defaults.keep_related),
            timeline_comment=_bool(s.value(self.TIMELINE_COMMENT), defaults.timeline_comment),
            suppress_notifications=_bool(
                s.value(self.SUPPRESS_NOTIFICATIONS), defaults.suppress_notifications
            ),
            summary_message=_bool(s.value(self.SUMMARY_MESSAGE), defaults.summary_message),
            default_filter=_enum(
                SectionFilter, s.value(self.DEFAULT_FILTER), defaults.default_filter
            ),
            rate_plan=_enum(RatePlan, s.value(self.RATE_PLAN), defaults.rate_plan),
            journal_dir=_str(s.value(self.JOURNAL_DIR, "")),
        )

    def save(self, settings: AppSettings) -> None:
        """Write every setting and flush to disk."""
        s = self._settings
        s.remove(self.PROFILES)
        s.beginWriteArray(self.PROFILES, len(settings.profiles))
        for i, profile in enumerate(settings.profiles):
            s.setArrayIndex(i)
            s.setValue("name", profile.name)
            s.setValue("host", profile.host)
            s.setValue("kind", profile.kind)
        s.endArray()
        s.setValue(self.LAST_PROFILE, settings.last_profile)
        # A joined string, not a list: an empty list reads back as None (the trap in
        # frescobaldi/qsettings.py).
        s.setValue(self.RECENT_SUCCESSORS, ",".join(str(u) for u in settings.recent_successors))
        s.setValue(self.WINDOW_GEOMETRY, QByteArray(settings.window_geometry))
        s.setValue(self.LANGUAGE, settings.language)
        s.setValue(self.KEEP_RELATED, settings.keep_related)
        s.setValue(self.TIMELINE_COMMENT, settings.timeline_comment)
        s.setValue(self.SUPPRESS_NOTIFICATIONS, settings.suppress_notifications)
        s.setValue(self.SUMMARY_MESSAGE, settings.summary_message)
        s.setValue(self.DEFAULT_FILTER, settings.default_filter.value)
        s.setValue(self.RATE_PLAN, settings.rate_plan.value)
        s.setValue(self.JOURNAL_DIR, settings.journal_dir)
        s.sync()

    def file_name(self) -> str:
        """Where the settings live (for tests and the About dialog)."""
        return self._settings.fileName()


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _enum(kind: type[_E], value: object, default: _E) -> _E:
    # An unknown value (a newer version's, or a hand edit) falls back to the default.
    try:
        return kind(value) if isinstance(value, str) else default
    except ValueError:
        return default


def _bool(value: object, default: bool) -> bool:
    # INI stores booleans as the strings "true"/"false".
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return default
