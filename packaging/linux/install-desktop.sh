#!/bin/sh
# Install the built app's desktop entry and icon for the current user (no root needed).
# Usage: packaging/linux/install-desktop.sh [APP_FOLDER]   (default: dist/studio)
# The entry's Exec gets the absolute path of APP_FOLDER/studio, so it works even when the
# folder is not on the PATH that the desktop session gives launchers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "${1:-$here/../../dist/studio}" && pwd)
test -x "$app/studio" || { echo "no studio executable in $app (run make package)" >&2; exit 1; }
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps"
cp "$here/studio.png" "$data/icons/hicolor/256x256/apps/studio.png"
sed "s|^Exec=studio |Exec=\"$app/studio\" |" "$here/studio.desktop" >"$data/applications/studio.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "installed $data/applications/studio.desktop -> $app/studio"
