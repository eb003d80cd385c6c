#!/bin/sh
# Install this desktop_handover bundle for the current user (no root needed):
#   ~/.local/opt/desktop-handover/       the bundle (this folder)
#   ~/.local/bin/desktop-handover(-cli)  symlinks to the executables
#   ~/.local/share/applications/         the .desktop entry (menus and launchers)
#   ~/.local/share/icons/hicolor/        the app icon in every size
# Run it from the unpacked bundle: ./install.sh   (./install.sh --uninstall removes it again)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/desktop-handover
bin=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt" "$bin/desktop-handover" "$bin/desktop-handover-cli" \
    "$prefix/applications/desktop-handover.desktop"
  find "$prefix/icons/hicolor" -name 'desktop_handover.*' -delete 2>/dev/null || true
  echo "desktop_handover removed"
  exit 0
fi

if [ "$here" != "$opt" ]; then
  rm -rf "$opt"
  mkdir -p "$(dirname "$opt")"
  cp -a "$here" "$opt"
fi
mkdir -p "$bin" "$prefix/applications"
ln -sf "$opt/desktop-handover" "$bin/desktop-handover"
ln -sf "$opt/desktop-handover-cli" "$bin/desktop-handover-cli"
sed "s|^Exec=.*|Exec=$opt/desktop-handover|; s|^TryExec=.*|TryExec=$opt/desktop-handover|" \
  "$opt/desktop-handover.desktop" > "$prefix/applications/desktop-handover.desktop"
for size in 16 24 32 48 64 128 256 512; do
  dir="$prefix/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp "$opt/icons/desktop_handover_${size}.png" "$dir/desktop_handover.png"
done
mkdir -p "$prefix/icons/hicolor/scalable/apps"
cp "$opt/icons/desktop_handover.svg" "$prefix/icons/hicolor/scalable/apps/desktop_handover.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$prefix/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$prefix/icons/hicolor" 2>/dev/null || true
echo "desktop_handover installed in $opt (start it from the menu or run: desktop-handover)"
