"""ConnectDialog: a portal profile (name + webhook URL), validated as typed, and its test."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.services.connection import ConnectionProblem, validate_webhook_url
from desktop_handover.ui.settings_store import Profile
from desktop_handover.ui.widgets.banner import Banner, BannerKind


class ConnectDialog(QDialog):
    """Asks for a portal profile: a name and an incoming webhook's URL (ui.md, screen 1).

    The URL embeds the secret, so it is shown masked unless "Show" is ticked, and it goes to
    the keychain only (the connect controller saves it).

    Signals:
        test_requested(): "Test connection" was clicked with a well-formed URL.
        profile_chosen(str): a remembered profile was picked (the controller loads its secret).
    """

    test_requested = Signal()
    profile_chosen = Signal(str)

    def __init__(
        self,
        profiles: Sequence[Profile] = (),
        *,
        keychain_usable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect to Bitrix24"))
        self.setMinimumWidth(620)
        self.profiles = QComboBox(self)
        self.profiles.setAccessibleName(self.tr("Remembered portals"))
        self.profiles.addItem(self.tr("New portal…"), "")
        for profile in profiles:
            self.profiles.addItem(f"{profile.name} ({profile.host})", profile.name)
        self.profiles.currentIndexChanged.connect(self._on_profiles_changed)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. Acme"))
        self.name.setAccessibleName(self.tr("Profile name"))
        self.webhook_radio = QRadioButton(self.tr("Incoming webhook (recommended)"), self)
        self.webhook_radio.setChecked(True)
        self.oauth_radio = QRadioButton(self.tr("OAuth application"), self)
        self.oauth_radio.setEnabled(False)
        self.oauth_radio.setToolTip(self.tr("Not available in this version; use a webhook."))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://yourcompany.bitrix24.com/rest/1/abc123…/")
        self.url.setAccessibleName(self.tr("Webhook address"))
        self.url.setEchoMode(QLineEdit.EchoMode.Password)
        self.url.textChanged.connect(self._on_url_changed)
        self.show_url = QCheckBox(self.tr("Show"), self)
        self.show_url.setAccessibleName(self.tr("Show the webhook address"))
        self.show_url.toggled.connect(self._on_show_url_toggled)
        # A widget, not a layout: QFormLayout makes a label's "&" a shortcut only for widgets.
        url_row = QWidget(self)
        url_layout = QHBoxLayout(url_row)
        url_layout.setContentsMargins(0, 0, 0, 0)
        url_layout.addWidget(self.url, 1)
        url_layout.addWidget(self.show_url)
        self.validation = QLabel(self)
        self.validation.setTextFormat(Qt.TextFormat.PlainText)
        self.validation.setWordWrap(True)
        self.validation.setAccessibleName(self.tr("Address check"))
        self.help = QLabel(
            self.tr(
                "Create the webhook as an administrator: Bitrix24 → Developer resources → "
                "Other → Inbound webhook; tick CRM, Users, Departments, Tasks and Chat (im)."
            ),
            self,
        )
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.help.setWordWrap(True)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.verdict = Banner(self)
        self.keychain_note = QLabel(self)
        self.keychain_note.setTextFormat(Qt.TextFormat.PlainText)
        self.keychain_note.setWordWrap(True)
        if not keychain_usable:
            self.keychain_note.setText(
                self.tr(
                    "No system keychain is available: the webhook will be kept for this "
                    "session only and asked for again next time."
                )
            )
        else:
            self.keychain_note.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Portal:"), self.profiles)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("Sign-in:"), self.webhook_radio)
        form.addRow("", self.oauth_radio)
        form.addRow(self.tr("&Webhook:"), url_row)
        form.addRow("", self.validation)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("Connect"))
        self.connect_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.verdict)
        layout.addWidget(self.keychain_note)
        layout.addWidget(self.buttons)
        self._on_url_changed("")

    def profile_name(self) -> str:
        """The profile name typed (or the host when empty)."""
        return self.name.text().strip()

    def webhook_url(self) -> str:
        """The webhook URL typed (the secret is in it: never log or show it)."""
        return self.url.text().strip()

    def set_testing(self, testing: bool) -> None:
        """Disable the buttons while the portal is being asked."""
        self.test_button.setEnabled(not testing and self._url_ok())
        self.connect_button.setEnabled(not testing and self._url_ok())
        if testing:
            self.verdict.show_message(self.tr("Asking the portal…"), BannerKind.INFO)

    def show_check(self, text: str, ok: bool) -> None:
        """Show the verdict of "Test connection"."""
        self.verdict.show_message(text, BannerKind.INFO if ok else BannerKind.ERROR)

    def set_profile(self, name: str, url: str) -> None:
        """Fill in a remembered profile."""
        self.name.setText(name)
        self.url.setText(url)

    def _url_ok(self) -> bool:
        return validate_webhook_url(self.webhook_url()) is None

    def _on_url_changed(self, text: str) -> None:
        problem = validate_webhook_url(text.strip()) if text.strip() else None
        if not text.strip():
            self.validation.setText(self.tr("Paste the webhook address."))
        elif problem is ConnectionProblem.HTTPS_REQUIRED:
            self.validation.setText("✖ " + self.tr("The address must start with https://."))
        elif problem is not None:
            self.validation.setText(
                "✖ "
                + self.tr("This does not look like a webhook address (…/rest/<id>/<secret>/).")
            )
        else:
            self.validation.setText("✓ " + self.tr("The address looks right."))
        ok = bool(text.strip()) and problem is None
        self.test_button.setEnabled(ok)
        self.connect_button.setEnabled(ok)

    def _on_show_url_toggled(self, on: bool) -> None:
        self.url.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)

    def _on_profiles_changed(self, index: int) -> None:
        name = str(self.profiles.itemData(index) or "")
        if name:
            self.profile_chosen.emit(name)
        else:
            self.set_profile("", "")

    def _on_test_clicked(self) -> None:
        if self._url_ok():
            self.test_requested.emit()
