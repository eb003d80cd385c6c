from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, distribution, metadata, version

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit

from desktop_handover.ui.views import about
from desktop_handover.ui.views.about import AboutDialog, Component


def make_dialog(qtbot: QtBot) -> AboutDialog:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    return dialog


def test_shows_the_version_from_the_package_metadata(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    expected = version("desktop-handover")
    assert dialog.version_label.text() == f"Version {expected}"
    assert "MIT" in dialog.licence_label.text()


def test_third_party_notice_names_qt_lgpl_and_every_runtime_dependency(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    text = dialog.notices.toPlainText()
    assert f"Qt {qVersion()}" in text
    assert "GNU Lesser General Public License version 3" in text
    assert "https://www.gnu.org/licenses/lgpl-3.0.html" in text
    assert "https://download.qt.io/official_releases/qt/" in text
    for dist in (
        "PySide6-Essentials",
        "qasync",
        "httpx",
        "keyring",
        "platformdirs",
        "uvicorn",
        "tqdm",
    ):
        component = next(c for c in about.COMPONENTS if c.distribution == dist)
        line = f"{component.name} {version(dist)}: {component.licence}"
        assert line in text, line


def test_declared_licences_match_the_installed_metadata() -> None:
    # The table is hand-written; keep it honest against what each project declares.
    for component in about.COMPONENTS:
        try:
            meta = metadata(component.distribution)
        except PackageNotFoundError:
            continue
        declared = (meta.get_all("License-Expression") or [None])[0]
        if declared and component.distribution not in {"PySide6-Essentials", "shiboken6"}:
            assert declared == component.licence, component.name
    # PySide6 is offered as LGPL-3.0-only OR GPL; we ship it under the LGPL.
    pyside = metadata("PySide6-Essentials")
    declared = pyside.get_all("License-Expression") or pyside.get_all("License") or [""]
    assert "LGPL-3.0-only" in declared[0]


def test_components_not_installed_are_left_out(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ghost = Component("ghost", "no-such-distribution-xyz", "MIT", "https://example.invalid")
    monkeypatch.setattr(about, "COMPONENTS", (*about.COMPONENTS, ghost))
    dialog = make_dialog(qtbot)
    text = dialog.notices.toPlainText()
    assert "ghost" not in text
    assert "httpx" in text


def test_links_are_plain_text_and_read_only(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert isinstance(dialog.notices, QPlainTextEdit)
    assert dialog.notices.isReadOnly()
    assert dialog.version_label.textFormat() == Qt.TextFormat.PlainText


def test_close_button_rejects(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    dialog.show()
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    with qtbot.waitSignal(dialog.finished, timeout=1000) as finished:
        qtbot.mouseClick(
            box.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton
        )
    assert finished.args == [QDialog.DialogCode.Rejected.value]
    assert not dialog.isVisible()


def runtime_closure(root: str) -> set[str]:
    """Installed distributions `root` requires at run time, recursively (extras left out)."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        try:
            dist = distribution(todo.pop())
        except PackageNotFoundError:  # a requirement for another platform
            continue
        name = dist.metadata["Name"]
        if normalise(name) in seen:
            continue
        seen.add(normalise(name))
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            match = re.match(r"[A-Za-z0-9._-]+", requirement)
            assert match is not None
            todo.append(match.group(0))
    return seen


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_shipped_distribution_is_listed() -> None:
    listed = {normalise(c.distribution) for c in about.COMPONENTS}
    missing = runtime_closure("desktop-handover") - listed - {"desktop-handover"}
    assert not missing, f"add these to about.COMPONENTS with their licence: {sorted(missing)}"
