"""ConnectDialog: a portal profile (webhook URL or OAuth tokens), checked as typed; its test."""

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

from desktop_handover.bitrix.types import TokenPair
from desktop_handover.services.connection import (
    ConnectionProblem,
    token_url_for,
    validate_portal_address,
    validate_webhook_url,
)
from desktop_handover.services.credentials import OAuthCredentials, is_oauth_secret
from desktop_handover.ui.settings_store import Profile
from desktop_handover.ui.widgets.banner import Banner, BannerKind


class ConnectDialog(QDialog):
    """Asks for a portal profile: a name and a webhook URL or OAuth tokens (ui.md, screen 1).

    OAuth (a local application's tokens, bitrix24-api.md §1.2) is offered when
    `oauth_available`. The URL embeds the secret, so it is shown masked unless "Show" is
    ticked; the client secret and both tokens are always masked. Secrets go to the keychain
    only (the connect controller saves them).

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
        oauth_available: bool = False,
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
        self.oauth_radio.setEnabled(oauth_available)
        if not oauth_available:
            self.oauth_radio.setToolTip(self.tr("Not available in this version; use a webhook."))
        self.oauth_radio.toggled.connect(self._on_kind_toggled)
        self.portal_address = QLineEdit(self)
        self.portal_address.setPlaceholderText("https://yourcompany.bitrix24.com")
        self.portal_address.setAccessibleName(self.tr("Portal address"))
        self.client_id = QLineEdit(self)
        self.client_id.setPlaceholderText("local.0123456789abcd.12345678")
        self.client_id.setAccessibleName(self.tr("Client ID"))
        self.client_secret = self._masked(self.tr("Client secret"))
        self.access_token = self._masked(self.tr("Access token"))
        self.refresh_token = self._masked(self.tr("Refresh token"))
        for field in self._oauth_fields():
            field.textChanged.connect(self._on_oauth_changed)
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
        self.oauth_help = QLabel(
            self.tr(
                "Add a local application as an administrator (Bitrix24 → Developer resources → "
                "Other → Local application); its install callback receives the access and "
                "refresh tokens, and its settings show the client ID and secret."
            ),
            self,
        )
        self.oauth_help.setTextFormat(Qt.TextFormat.PlainText)
        self.oauth_help.setWordWrap(True)
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
        self.form = form
        form.addRow(self.tr("&Portal:"), self.profiles)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("Sign-in:"), self.webhook_radio)
        form.addRow("", self.oauth_radio)
        form.addRow(self.tr("&Webhook:"), url_row)
        self._url_row = url_row
        form.addRow(self.tr("Portal &address:"), self.portal_address)
        form.addRow(self.tr("&Client ID:"), self.client_id)
        form.addRow(self.tr("Client &secret:"), self.client_secret)
        form.addRow(self.tr("A&ccess token:"), self.access_token)
        form.addRow(self.tr("&Refresh token:"), self.refresh_token)
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
        layout.addWidget(self.oauth_help)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.verdict)
        layout.addWidget(self.keychain_note)
        layout.addWidget(self.buttons)
        self._show_kind()

    def _masked(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _oauth_fields(self) -> tuple[QLineEdit, ...]:
        return (
            self.portal_address,
            self.client_id,
            self.client_secret,
            self.access_token,
            self.refresh_token,
        )

    def kind(self) -> str:
        """How the profile signs in: "webhook" or "oauth"."""
        return "oauth" if self.oauth_radio.isChecked() else "webhook"

    def secret(self) -> str:
        """What goes to the keychain: the webhook URL, or the OAuth document (never log it)."""
        return self.oauth_credentials().to_json() if self.kind() == "oauth" else self.webhook_url()

    def oauth_credentials(self) -> OAuthCredentials:
        """The OAuth fields as typed; the token server follows from the portal address."""
        portal = self.portal_address.text().strip()
        return OAuthCredentials(
            portal_url=portal,
            client_id=self.client_id.text().strip(),
            client_secret=self.client_secret.text().strip(),
            access_token=self.access_token.text().strip(),
            refresh_token=self.refresh_token.text().strip(),
            token_url=token_url_for(portal),
        )

    def set_tokens(self, tokens: TokenPair) -> None:
        """Show a rotated token pair (the old refresh token no longer works, §1.2)."""
        self.access_token.setText(tokens.access_token)
        self.refresh_token.setText(tokens.refresh_token)

    def profile_name(self) -> str:
        """The profile name typed (or the host when empty)."""
        return self.name.text().strip()

    def webhook_url(self) -> str:
        """The webhook URL typed (the secret is in it: never log or show it)."""
        return self.url.text().strip()

    def set_testing(self, testing: bool) -> None:
        """Disable the buttons while the portal is being asked."""
        self.test_button.setEnabled(not testing and self._form_ok())
        self.connect_button.setEnabled(not testing and self._form_ok())
        if testing:
            self.verdict.show_message(self.tr("Asking the portal…"), BannerKind.INFO)

    def show_check(self, text: str, ok: bool) -> None:
        """Show the verdict of "Test connection"."""
        self.verdict.show_message(text, BannerKind.INFO if ok else BannerKind.ERROR)

    def set_profile(self, name: str, secret: str) -> None:
        """Fill in a remembered profile: its webhook URL or its OAuth document."""
        self.name.setText(name)
        oauth: OAuthCredentials | None = None
        if is_oauth_secret(secret) and self.oauth_radio.isEnabled():
            try:
                oauth = OAuthCredentials.from_json(secret)
            except ValueError:
                oauth = None
        if oauth is None:
            self.url.setText("" if is_oauth_secret(secret) else secret)
            self.webhook_radio.setChecked(True)
            return
        self.url.setText("")
        self.portal_address.setText(oauth.portal_url)
        self.client_id.setText(oauth.client_id)
        self.client_secret.setText(oauth.client_secret)
        self.set_tokens(oauth.tokens)
        self.oauth_radio.setChecked(True)

    def _url_ok(self) -> bool:
        return validate_webhook_url(self.webhook_url()) is None

    def _oauth_ok(self) -> bool:
        filled = all(field.text().strip() for field in self._oauth_fields())
        return filled and validate_portal_address(self.portal_address.text()) is None

    def _form_ok(self) -> bool:
        return self._oauth_ok() if self.kind() == "oauth" else self._url_ok()

    def _on_kind_toggled(self, _on: bool) -> None:
        self._show_kind()

    def _show_kind(self) -> None:
        oauth = self.kind() == "oauth"
        self.form.setRowVisible(self._url_row, not oauth)
        for field in self._oauth_fields():
            self.form.setRowVisible(field, oauth)
        self.help.setVisible(not oauth)
        self.oauth_help.setVisible(oauth)
        if oauth:
            self._on_oauth_changed()
        else:
            self._on_url_changed(self.url.text())

    def _on_oauth_changed(self, _text: str = "") -> None:
        if self.kind() != "oauth":
            return
        address = self.portal_address.text().strip()
        problem = validate_portal_address(address) if address else None
        if not address:
            self.validation.setText(self.tr("Enter the portal address."))
        elif problem is ConnectionProblem.HTTPS_REQUIRED:
            self.validation.setText("✖ " + self.tr("The address must start with https://."))
        elif problem is not None:
            self.validation.setText(
                "✖ " + self.tr("This does not look like a portal address (https://…).")
            )
        elif not all(field.text().strip() for field in self._oauth_fields()):
            self.validation.setText(self.tr("Fill in the client ID, client secret and tokens."))
        else:
            self.validation.setText("✓ " + self.tr("Everything is filled in."))
        ok = self._oauth_ok()
        self.test_button.setEnabled(ok)
        self.connect_button.setEnabled(ok)

    def _on_url_changed(self, text: str) -> None:
        if self.kind() == "oauth":
            return
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
        if self._form_ok():
            self.test_requested.emit()
