#!/bin/sh
# Sign, notarize and staple dist/desktop_handover.app, then pack it into a .dmg.
# Every secret comes from the environment (never from arguments: shell history, CI logs):
#
#   DH_MACOS_SIGN_IDENTITY   "Developer ID Application: Example Sp. z o.o. (TEAMID1234)"
#   DH_APPLE_ID              the Apple ID used for notarization (an e-mail address)
#   DH_APPLE_TEAM_ID         the 10-character team ID
#   DH_APPLE_APP_PASSWORD    an app-specific password for that Apple ID (appleid.apple.com)
#
# Usage, from the repository root on a Mac with Xcode's command-line tools:
#   DH_MACOS_SIGN_IDENTITY=... uv run python packaging/build.py   # PyInstaller signs every binary
#   packaging/macos/sign_and_notarize.sh                          # re-sign the bundle, notarize
# See packaging/macos/README.md for what each step does and how to check the result.
set -eu

: "${DH_MACOS_SIGN_IDENTITY:?set DH_MACOS_SIGN_IDENTITY to your Developer ID Application identity}"
: "${DH_APPLE_ID:?set DH_APPLE_ID}"
: "${DH_APPLE_TEAM_ID:?set DH_APPLE_TEAM_ID}"
: "${DH_APPLE_APP_PASSWORD:?set DH_APPLE_APP_PASSWORD (an app-specific password)}"

cd "$(dirname "$0")/../.."
app=dist/desktop_handover.app
entitlements=packaging/macos/entitlements.plist
version=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$app/Contents/Info.plist")
dmg=dist/desktop-handover-$version-macos.dmg

# 1. Sign the bundle itself (PyInstaller already signed each library and executable inside it
#    with this identity and the hardened runtime when DH_MACOS_SIGN_IDENTITY was set at build).
codesign --force --timestamp --options runtime --entitlements "$entitlements" \
  --sign "$DH_MACOS_SIGN_IDENTITY" "$app"
codesign --verify --deep --strict --verbose=2 "$app"

# 2. Notarize: upload a zip of the app and wait for Apple's verdict.
ditto -c -k --keepParent "$app" dist/desktop_handover-notarize.zip
xcrun notarytool submit dist/desktop_handover-notarize.zip \
  --apple-id "$DH_APPLE_ID" --team-id "$DH_APPLE_TEAM_ID" --password "$DH_APPLE_APP_PASSWORD" \
  --wait
rm dist/desktop_handover-notarize.zip

# 3. Staple the ticket so Gatekeeper accepts the app offline, and check it.
xcrun stapler staple "$app"
spctl --assess --type execute --verbose=2 "$app"

# 4. A signed, notarized disk image for distribution.
rm -f "$dmg"
hdiutil create -volname "desktop_handover" -srcfolder "$app" -ov -format UDZO "$dmg"
codesign --force --timestamp --sign "$DH_MACOS_SIGN_IDENTITY" "$dmg"
xcrun notarytool submit "$dmg" \
  --apple-id "$DH_APPLE_ID" --team-id "$DH_APPLE_TEAM_ID" --password "$DH_APPLE_APP_PASSWORD" \
  --wait
xcrun stapler staple "$dmg"
echo "signed and notarized: $app, $dmg"
