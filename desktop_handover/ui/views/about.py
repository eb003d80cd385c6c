"""AboutDialog: name, version, licence, and the third-party licences with Qt's LGPL notice."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.ui.resources import resource_path

DISTRIBUTION = "desktop-handover"
APP_NAME = "desktop_handover"
LICENCE = "MIT"
ICON = "app/desktop_handover_128.png"
ICON_SIZE = 96


@dataclass(frozen=True)
class Component:
    """A third-party component that ships inside the app, and under which licence."""

    name: str
    distribution: str  # its name in the package metadata, for the installed version
    licence: str  # an SPDX expression, as the project declares it
    home: str


# What the bundle ships (pyproject.toml's dependencies and what they pull in). Licences are
# the SPDX expressions the projects declare; each one was checked against the installed
# metadata. A component not installed on this platform (SecretStorage off Linux) is left out.
COMPONENTS: tuple[Component, ...] = (
    Component(
        "PySide6 (Qt for Python)",
        "PySide6-Essentials",
        "LGPL-3.0-only",
        "https://code.qt.io/cgit/pyside/pyside-setup.git/",
    ),
    Component(
        "shiboken6",
        "shiboken6",
        "LGPL-3.0-only",
        "https://code.qt.io/cgit/pyside/pyside-setup.git/",
    ),
    Component("qasync", "qasync", "BSD-2-Clause", "https://github.com/CabbageDevelopment/qasync"),
    Component("httpx", "httpx", "BSD-3-Clause", "https://github.com/encode/httpx"),
    Component("httpcore", "httpcore", "BSD-3-Clause", "https://github.com/encode/httpcore"),
    Component("h11", "h11", "MIT", "https://github.com/python-hyper/h11"),
    Component("anyio", "anyio", "MIT", "https://github.com/agronholm/anyio"),
    Component("idna", "idna", "BSD-3-Clause", "https://github.com/kjd/idna"),
    Component("certifi", "certifi", "MPL-2.0", "https://github.com/certifi/python-certifi"),
    Component("keyring", "keyring", "MIT", "https://github.com/jaraco/keyring"),
    Component(
        "jaraco.classes", "jaraco.classes", "MIT", "https://github.com/jaraco/jaraco.classes"
    ),
    Component(
        "jaraco.context", "jaraco.context", "MIT", "https://github.com/jaraco/jaraco.context"
    ),
    Component(
        "jaraco.functools", "jaraco.functools", "MIT", "https://github.com/jaraco/jaraco.functools"
    ),
    Component(
        "more-itertools",
        "more-itertools",
        "MIT",
        "https://github.com/more-itertools/more-itertools",
    ),
    Component(
        "SecretStorage",
        "SecretStorage",
        "BSD-3-Clause",
        "https://github.com/mitya57/secretstorage",
    ),
    Component("jeepney", "jeepney", "MIT", "https://gitlab.com/takluyver/jeepney"),
    Component(
        "cryptography",
        "cryptography",
        "Apache-2.0 OR BSD-3-Clause",
        "https://github.com/pyca/cryptography",
    ),
    Component("cffi", "cffi", "MIT-0", "https://github.com/python-cffi/cffi"),
    Component("pycparser", "pycparser", "BSD-3-Clause", "https://github.com/eliben/pycparser"),
    Component(
        "pywin32-ctypes",
        "pywin32-ctypes",
        "BSD-3-Clause",
        "https://github.com/enthought/pywin32-ctypes",
    ),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("uvicorn", "uvicorn", "BSD-3-Clause", "https://github.com/encode/uvicorn"),
    Component("click", "click", "BSD-3-Clause", "https://github.com/pallets/click"),
    Component("tqdm", "tqdm", "MPL-2.0 AND MIT", "https://github.com/tqdm/tqdm"),
    Component("zipp", "zipp", "MIT", "https://github.com/jaraco/zipp"),
    Component(
        "importlib_metadata",
        "importlib_metadata",
        "Apache-2.0",
        "https://github.com/python/importlib_metadata",
    ),
    Component(
        "backports.tarfile",
        "backports.tarfile",
        "MIT",
        "https://github.com/jaraco/backports.tarfile",
    ),
    Component(
        "lazy-importer", "lazy-importer", "Apache-2.0", "https://pypi.org/project/lazy-importer/"
    ),
    Component(
        "typing_extensions",
        "typing_extensions",
        "PSF-2.0",
        "https://github.com/python/typing_extensions",
    ),
)

QT_SOURCE = "https://download.qt.io/official_releases/qt/"
LGPL_TEXT = "https://www.gnu.org/licenses/lgpl-3.0.html"
PYTHON_LICENCE = "https://docs.python.org/3/license.html"


def app_version() -> str:
    """The version from the package metadata (pyproject.toml), as installed or bundled."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


def installed_version(distribution: str) -> str | None:
    """The installed version of `distribution`, or None when it is not installed."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


class AboutDialog(QDialog):
    """Tells which desktop_handover this is and under which licences it and its parts ship.

    The Qt notice is what the LGPLv3 asks of an app that ships Qt: say that Qt is used, under
    which licence, where its source is, and that the user may swap in their own build (the
    Qt libraries sit as separate files in the bundle). Links are plain text on purpose.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About desktop_handover"))
        self.setMinimumSize(560, 480)

        icon = QLabel()
        pixmap = self._icon_pixmap()
        if pixmap is not None:
            icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        name = QLabel(APP_NAME)
        font = QFont(name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        name.setFont(font)
        self.version_label = QLabel(self.tr("Version {0}").replace("{0}", app_version()))
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(
            self.tr(
                "Hands a departing employee's Bitrix24 CRM items over to colleagues, "
                "with a plan, a journal and undo."
            )
        )
        summary.setWordWrap(True)
        self.licence_label = QLabel(
            self.tr("Free software under the {0} licence.").replace("{0}", LICENCE)
        )
        for label in (name, self.version_label, summary, self.licence_label):
            label.setTextFormat(Qt.TextFormat.PlainText)

        heading = QVBoxLayout()
        for label in (name, self.version_label, summary, self.licence_label):
            heading.addWidget(label)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(heading, 1)

        notices_title = QLabel(self.tr("Third-party software and licences"))
        notices_title.setTextFormat(Qt.TextFormat.PlainText)
        self.notices = QPlainTextEdit(self.third_party_text())
        self.notices.setReadOnly(True)
        self.notices.setAccessibleName(self.tr("Third-party software and licences"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(notices_title)
        layout.addWidget(self.notices, 1)
        layout.addWidget(buttons)

    def third_party_text(self) -> str:
        """The plain-text notice: Qt's LGPL terms first, then every shipped component."""
        qt = qVersion()
        lines = [
            self.tr("Qt {0} and PySide6 {1}").replace("{0}", qt).replace("{1}", pyside_version),
            self.tr(
                "This program uses the Qt libraries through PySide6, under the GNU Lesser "
                "General Public License version 3 (LGPLv3). Qt is shipped unmodified and "
                "linked dynamically: you may replace the Qt and PySide6 libraries in the "
                "program's folder with your own build of the same version."
            ),
            self.tr("Licence text: {0}").replace("{0}", LGPL_TEXT),
            self.tr("Qt source code: {0}").replace("{0}", QT_SOURCE),
            self.tr("PySide6 source code: {0}").replace("{0}", COMPONENTS[0].home),
            "",
            self.tr("Python {0}: Python Software Foundation License ({1})")
            .replace("{0}", platform.python_version())
            .replace("{1}", PYTHON_LICENCE),
            "",
        ]
        for component in COMPONENTS:
            installed = installed_version(component.distribution)
            if installed is None:
                continue
            lines.append(f"{component.name} {installed}: {component.licence}  {component.home}")
        return "\n".join(lines)

    @staticmethod
    def _icon_pixmap() -> QPixmap | None:
        try:
            path = resource_path(ICON)
        except FileNotFoundError:
            return None
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            return None
        return pixmap.scaled(
            ICON_SIZE,
            ICON_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
