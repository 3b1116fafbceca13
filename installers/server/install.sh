#!/usr/bin/env bash
# Installs the HMS server from this checkout (or an unpacked release folder) as a systemd
# service on Debian/Ubuntu. Run as root on the server:  sudo installers/server/install.sh
# It is safe to run again for an update: it keeps /etc/hms/hms.env and /var/lib/hms.
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
prefix=/opt/hms

[ "$(id -u)" = 0 ] || { echo "Run as root (sudo)." >&2; exit 2; }
command -v systemctl >/dev/null || { echo "systemd is required." >&2; exit 2; }

echo "[hms] building in $src (first run fetches Node 24 and dependencies from the local npm mirror or cache)"
(cd "$src" && npm run --silent setup && npm run --silent build)

id hms >/dev/null 2>&1 || useradd --system --home-dir /var/lib/hms --shell /usr/sbin/nologin hms
install -d -o hms -g hms -m 0750 /var/lib/hms
install -d -m 0755 /etc/hms
[ -f /etc/hms/hms.env ] || install -m 0640 -g hms "$src/installers/server/hms.env.example" /etc/hms/hms.env

if [ "$src" != "$prefix" ]; then
  echo "[hms] copying to $prefix"
  mkdir -p "$prefix"
  # node_modules holds symlinks into the pnpm store: copy it as it is.
  cp -a "$src/." "$prefix/"
fi
chown -R root:root "$prefix"

# The Node 24 the bootstrap chose: its own copy in .tools/, or the system's when recent enough.
node_bin="$prefix/.tools/node_modules/.bin/node"
[ -x "$node_bin" ] || node_bin="$(command -v node)"
sed "s|/opt/hms/.tools/node_modules/.bin/node|$node_bin|" "$src/installers/server/hms-server.service" > /etc/systemd/system/hms-server.service
chmod 0644 /etc/systemd/system/hms-server.service
systemctl daemon-reload
systemctl enable hms-server.service
systemctl restart hms-server.service
sleep 3
systemctl --no-pager status hms-server.service | head -n 5 || true
echo "[hms] health: $(curl -s http://127.0.0.1:7400/health || echo 'not answering yet')"
echo "[hms] create the first administrator:"
echo "      cd $prefix && sudo -u hms env \$(grep -v '^#' /etc/hms/hms.env | xargs) npm run hms -- user add <username> --name \"<Name>\" --roles admin"
