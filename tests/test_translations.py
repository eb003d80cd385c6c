"""The shipped translations are current with the code and complete (style §7).

These tests really run Qt's lupdate and lrelease (from the PySide6-Essentials wheel): a fresh
extraction of the UI strings into a temporary .ts is compared with the committed one.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

ROOT = Path(__file__).resolve().parent.parent


def _load_tools() -> ModuleType:
    # packaging/ is not a package (never imported by the app), so load the script by path.
    spec = importlib.util.spec_from_file_location(
        "_translation_tools", ROOT / "packaging" / "translations.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tools = _load_tools()
LANGUAGES: tuple[str, ...] = tools.LANGUAGES

# Bitrix24's own Polish words (docs/ui.md §7): where a source string is exactly the English
# term, the Polish translation must be Bitrix24's.
GLOSSARY_PL = {
    "Responsible person": "Osoba odpowiedzialna",
    "For all": "Dla wszystkich",
    "Choose action": "Wybierz działanie",
    "Assign responsible person": "Wyznacz osobę odpowiedzialną",
    "Apply": "Zastosuj",
    "Leads": "Leady",
    "Deals": "Deale",
    "Contacts": "Kontakty",
    "Companies": "Firmy",
    "Quotes": "Oferty",
    "Invoices": "Faktury",
    "Activities": "Aktywności",
    "Tasks": "Zadania",
    "Employees": "Pracownicy",
}

# Qt's %1…%9 and the {0}…{9} that ui/messages.fmt() fills.
_ARG = re.compile(r"%L?[1-9]|\{[0-9]\}")


@dataclass(frozen=True)
class Message:
    """One <message> of a .ts file."""

    context: str
    source: str
    comment: str
    numerus: bool
    state: str  # the translation's type attribute: "" (finished), unfinished, vanished, ...
    forms: tuple[str, ...]  # the translation, or its numerus forms

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.context, self.source, self.comment, self.numerus)


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{path.name}: a message without <translation>"
            numerus = message.get("numerus") == "yes"
            if numerus:
                forms = tuple(f.text or "" for f in translation.iter("numerusform"))
            else:
                forms = (translation.text or "",)
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source", ""),
                    comment=message.findtext("comment", ""),
                    numerus=numerus,
                    state=translation.get("type", ""),
                    forms=forms,
                )
            )
    return messages


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Message]]:
    """Each shipped language extracted anew from the code by lupdate, into a temp file."""
    folder = tmp_path_factory.mktemp("fresh_ts")
    result = {}
    for language in LANGUAGES:
        target = folder / f"fresh_{language}.ts"
        tools.lupdate(language, target, quiet=True)
        result[language] = read_ts(target)
    return result


def test_lupdate_really_extracts_the_ui_strings(fresh: dict[str, list[Message]]) -> None:
    # Guards the comparison below against an extraction that silently finds nothing.
    ui_calls = sum(
        len(re.findall(r"\btr\(|translate\(|QT_TRANSLATE_NOOP\(", path.read_text("utf-8")))
        for path in tools.source_files()
    )
    if ui_calls:
        assert fresh["pl"], "lupdate found no strings although the UI calls tr()"
    assert len({m.key for m in fresh["pl"]}) == len(fresh["pl"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_ts_file_has_every_current_string_and_no_stale_one(
    language: str, fresh: dict[str, list[Message]]
) -> None:
    committed = read_ts(tools.ts_path(language))
    fresh_keys = {m.key for m in fresh[language]}
    committed_keys = {m.key for m in committed}
    missing = sorted(fresh_keys - committed_keys)
    stale = sorted(committed_keys - fresh_keys)
    hint = "run `uv run python packaging/translations.py update` and translate"
    assert not missing, f"{language}: {len(missing)} strings missing ({hint}): {missing[:5]}"
    assert not stale, f"{language}: {len(stale)} stale entries ({hint}): {stale[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_ts_file_has_no_unfinished_or_empty_translation(
    language: str, fresh: dict[str, list[Message]]
) -> None:
    expected_forms = {m.key: len(m.forms) for m in fresh[language]}
    unfinished = [m.source for m in read_ts(tools.ts_path(language)) if m.state]
    empty = [
        m.source
        for m in read_ts(tools.ts_path(language))
        if (m.source and not all(form.strip() for form in m.forms))
        or len(m.forms) != expected_forms.get(m.key, len(m.forms))
    ]
    assert not unfinished, f"{language}: {len(unfinished)} unfinished: {unfinished[:5]}"
    assert not empty, f"{language}: {len(empty)} empty translations: {empty[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = [
        (m.source, form)
        for m in read_ts(tools.ts_path(language))
        for form in m.forms
        if sorted(_ARG.findall(form)) != sorted(_ARG.findall(m.source))
    ]
    assert not wrong, f"{language}: %1/{{0}}… placeholders differ: {wrong[:5]}"


def _code_contexts() -> set[str]:
    """Every translation context the code can ask for at run time.

    self.tr() in a class asks for the class's name; QCoreApplication.translate(ctx, ...) and
    QT_TRANSLATE_NOOP(ctx, ...) for their literal ctx.
    """
    contexts: set[str] = set()
    for path in tools.source_files():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                contexts.add(node.name)
            elif isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                first = node.args[0]
                if name in {"translate", "QT_TRANSLATE_NOOP"} and isinstance(first, ast.Constant):
                    contexts.add(str(first.value))
    return contexts


def test_every_extracted_context_exists_at_run_time(fresh: dict[str, list[Message]]) -> None:
    # lupdate files a module-level tr("…") under the empty context and `module.tr("…")` under
    # the module's name, while the code asks Qt for another context at run time: such
    # strings would be translated in the .ts and never shown (QTranslator has no fallback).
    known = _code_contexts()
    strays = sorted({(m.context, m.source) for m in fresh["pl"] if m.context not in known})
    assert not strays, (
        f"{len(strays)} strings sit in a context the code never asks for; use self.tr() in "
        f"a class or QCoreApplication.translate('<Context>', '…'): {strays[:5]}"
    )


def _literals_passed_to_tr() -> set[tuple[str, str]]:
    """(file, text) of every string literal the UI hands to a tr()-like call."""
    found: set[tuple[str, str]] = set()
    for path in tools.source_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = {"tr": 0, "_tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                found.add((path.name, arg.value))
    return found


def test_every_string_handed_to_tr_is_extracted(fresh: dict[str, list[Message]]) -> None:
    # A wrapper such as `def _tr(text): return translate("Ctx", text)` hides its literals from
    # lupdate: they are looked up at run time but never reach the .ts, so they stay English.
    extracted = {m.source for m in fresh["pl"]}
    hidden = sorted((f, t) for f, t in _literals_passed_to_tr() if t not in extracted)
    assert not hidden, (
        f"{len(hidden)} strings are translated at run time but invisible to lupdate; "
        f"mark them with QT_TRANSLATE_NOOP('<Context>', '…'): {hidden[:6]}"
    )


def test_polish_uses_bitrix24_terms() -> None:
    wrong = [
        (m.source, m.forms[0])
        for m in read_ts(tools.ts_path("pl"))
        if m.source in GLOSSARY_PL and m.forms[0].replace("&", "") != GLOSSARY_PL[m.source]
    ]
    assert not wrong, f"translations that differ from Bitrix24's own Polish: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_lrelease_compiles_and_qt_reads_every_translation(language: str, tmp_path: Path) -> None:
    qm = tools.lrelease(tools.ts_path(language), tmp_path / f"{language}.qm", quiet=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    for message in read_ts(tools.ts_path(language)):
        if message.numerus:
            got = translator.translate(message.context, message.source, message.comment or None, 5)
            assert got, f"{language}: no plural translation for {message.source!r}"
        else:
            got = translator.translate(message.context, message.source, message.comment or None)
            assert got == message.forms[0], f"{language}: {message.source!r} -> {got!r}"


def test_ensure_compiles_only_missing_or_stale_qm(tmp_path: Path) -> None:
    ts = tmp_path / "desktop_handover_pl.ts"
    ts.write_bytes(tools.ts_path("pl").read_bytes())
    assert tools.ensure_compiled_translations(tmp_path) == [ts.with_suffix(".qm")]
    assert ts.with_suffix(".qm").stat().st_size > 0
    assert tools.ensure_compiled_translations(tmp_path) == []


# --- The Polish UI as shown ---------------------------------------------------------------------


# The UI is imported inside these tests (noqa: PLC0415) so that a broken view fails them, not
# the import of this module and with it the .ts checks above.


@pytest.fixture
def polish(qapp: QApplication, tmp_path: Path) -> Iterator[QTranslator]:
    """Ours compiled from the committed .ts, plus Qt's own, installed as the app does."""
    qm = tools.lrelease(tools.ts_path("pl"), tmp_path / "pl.qm", quiet=True)
    ours = QTranslator()
    assert ours.load(str(qm))
    qt = QTranslator()
    # Qt's own strings (standard buttons: Cancel, Close) come from qtbase_pl.qm.
    assert qt.load(
        QLocale("pl"), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    )
    for translator in (qt, ours):
        qapp.installTranslator(translator)
    yield ours
    for translator in (ours, qt):
        qapp.removeTranslator(translator)


def shown_texts(root: QWidget) -> set[str]:
    """Every piece of UI text `root` shows: labels, buttons, titles, menus, tips, hints."""
    texts = {root.windowTitle()}
    for widget in [root, *root.findChildren(QWidget)]:
        texts.update((widget.toolTip(), widget.accessibleName()))
        if isinstance(widget, QLabel | QAbstractButton):
            texts.add(widget.text())
        if isinstance(widget, QGroupBox):
            texts.add(widget.title())
        if isinstance(widget, QLineEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QTabWidget):
            texts.update(widget.tabText(i) for i in range(widget.count()))
    for action in root.findChildren(QAction):
        texts.update((action.text(), action.toolTip()))
    return {t.replace("&", "") for t in texts if t and t.strip()}


def untranslated(texts: set[str]) -> list[str]:
    """The texts that are an English source whose Polish translation differs."""
    english = {
        m.source.replace("&", "")
        for m in read_ts(tools.ts_path("pl"))
        if m.source and m.forms[0].replace("&", "") != m.source.replace("&", "")
    }
    return sorted(texts & english)


def test_main_window_is_fully_polish(qtbot: QtBot, polish: QTranslator) -> None:
    from desktop_handover.ui.views.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow("acme.bitrix24.pl")
    qtbot.addWidget(window)
    texts = shown_texts(window)
    assert {"Plik", "Pomoc", "Zmień pracownika…", "Podgląd planu", "Następcy"} <= texts
    assert not untranslated(texts)


def test_connect_and_about_dialogs_are_fully_polish(qtbot: QtBot, polish: QTranslator) -> None:
    from desktop_handover.ui.views.about import AboutDialog  # noqa: PLC0415
    from desktop_handover.ui.views.connect_dialog import ConnectDialog  # noqa: PLC0415

    connect = ConnectDialog()
    about = AboutDialog()
    qtbot.addWidget(connect)
    qtbot.addWidget(about)
    assert connect.windowTitle() == "Połącz z Bitrix24"
    assert about.windowTitle() == "O programie desktop_handover"
    assert not untranslated(shown_texts(connect) | shown_texts(about))


def test_section_names_are_bitrix24_polish(polish: QTranslator) -> None:
    from desktop_handover.handover.sections import CrmSection  # noqa: PLC0415
    from desktop_handover.ui import messages  # noqa: PLC0415

    names = [messages.section_name(section) for section in CrmSection]
    assert names == [
        "Leady",
        "Deale",
        "Kontakty",
        "Firmy",
        "Oferty",
        "Faktury",
        "Aktywności",
        "Zadania",
    ]
