"""The Connect dialog's OAuth option (bitrix24-api.md §1.2): fields, masking, validation."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from desktop_handover.bitrix.types import TokenPair
from desktop_handover.services.credentials import OAuthCredentials
from desktop_handover.ui.views.connect_dialog import ConnectDialog

PORTAL = "https://acme.bitrix24.pl"


def fill(dialog: ConnectDialog, portal: str = PORTAL) -> None:
    dialog.portal_address.setText(portal)
    dialog.client_id.setText("local.abc.123")
    dialog.client_secret.setText("clientSecretUI1")
    dialog.access_token.setText("accessTokenUI1")
    dialog.refresh_token.setText("refreshTokenUI1")


def test_oauth_is_offered_only_when_the_app_can_use_it(qtbot) -> None:
    offered = ConnectDialog(oauth_available=True)
    qtbot.addWidget(offered)
    assert offered.oauth_radio.isEnabled()
    assert offered.oauth_radio.toolTip() == ""
    plain = ConnectDialog()
    qtbot.addWidget(plain)
    assert not plain.oauth_radio.isEnabled()
    assert plain.kind() == "webhook"


def test_choosing_oauth_swaps_the_fields_and_the_help(qtbot) -> None:
    dialog = ConnectDialog(oauth_available=True)
    qtbot.addWidget(dialog)
    assert dialog.url.isVisibleTo(dialog)
    assert not dialog.access_token.isVisibleTo(dialog)
    dialog.oauth_radio.setChecked(True)
    assert dialog.kind() == "oauth"
    assert not dialog.url.isVisibleTo(dialog)
    assert not dialog.help.isVisibleTo(dialog)
    assert dialog.oauth_help.isVisibleTo(dialog)
    assert "Local application" in dialog.oauth_help.text()
    for field in (dialog.portal_address, dialog.client_id, dialog.client_secret):
        assert field.isVisibleTo(dialog)
    for secret in (dialog.client_secret, dialog.access_token, dialog.refresh_token):
        assert secret.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.client_id.echoMode() == QLineEdit.EchoMode.Normal
    for label in (dialog.oauth_help, dialog.validation):
        assert label.textFormat() == Qt.TextFormat.PlainText
    labels = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert labels["A&ccess token:"] is dialog.access_token
    dialog.webhook_radio.setChecked(True)
    assert dialog.url.isVisibleTo(dialog)
    assert not dialog.refresh_token.isVisibleTo(dialog)


def test_oauth_form_is_validated_as_typed(qtbot) -> None:
    dialog = ConnectDialog(oauth_available=True)
    qtbot.addWidget(dialog)
    dialog.oauth_radio.setChecked(True)
    assert not dialog.test_button.isEnabled()
    fill(dialog, "http://acme.bitrix24.pl")
    assert "https" in dialog.validation.text()
    assert not dialog.connect_button.isEnabled()
    dialog.portal_address.setText(PORTAL)
    assert dialog.validation.text().startswith("✓")
    assert dialog.test_button.isEnabled()
    assert dialog.connect_button.isEnabled()
    dialog.refresh_token.setText("")
    assert not dialog.test_button.isEnabled()
    assert "tokens" in dialog.validation.text()


def test_secret_is_the_oauth_document(qtbot) -> None:
    dialog = ConnectDialog(oauth_available=True)
    qtbot.addWidget(dialog)
    dialog.oauth_radio.setChecked(True)
    fill(dialog)
    document = json.loads(dialog.secret())
    assert document == {
        "client_id": "local.abc.123",
        "client_secret": "clientSecretUI1",
        "access_token": "accessTokenUI1",
        "refresh_token": "refreshTokenUI1",
        "portal_url": PORTAL,
        "token_url": "https://oauth.bitrix.info/oauth/token/",
    }
    fill(dialog, "http://127.0.0.1:8123")
    assert dialog.oauth_credentials().token_url == "http://127.0.0.1:8123/oauth/token/"
    dialog.set_tokens(TokenPair("accessTokenUI2", "refreshTokenUI2"))
    assert dialog.oauth_credentials().tokens == TokenPair("accessTokenUI2", "refreshTokenUI2")


def test_a_remembered_oauth_profile_fills_the_oauth_fields(qtbot) -> None:
    dialog = ConnectDialog(oauth_available=True)
    qtbot.addWidget(dialog)
    stored = OAuthCredentials(PORTAL, "local.abc.123", "cs1", "at1", "rt1")
    dialog.set_profile("Acme", stored.to_json())
    assert dialog.kind() == "oauth"
    assert dialog.oauth_credentials() == stored
    assert dialog.url.text() == ""
    dialog.set_profile("Hook", "https://acme.bitrix24.pl/rest/1/abcdefgh12345678/")
    assert dialog.kind() == "webhook"
    assert dialog.webhook_url().endswith("/abcdefgh12345678/")


def test_without_oauth_an_oauth_profile_is_not_pasted_into_the_webhook_field(qtbot) -> None:
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.set_profile("Acme", OAuthCredentials(PORTAL, "id", "cs", "at", "rt").to_json())
    assert dialog.kind() == "webhook"
    assert dialog.url.text() == ""
