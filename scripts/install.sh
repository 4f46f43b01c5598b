#!/usr/bin/env bash
# Installs Lunas on Debian 12 (amd64 or arm64), or upgrades an existing install in place.
#
#   sudo LUNAS_DOMAIN=billing.example.net scripts/install.sh
#
# Run as root from the Lunas checkout that should be served (e.g. git clone … /opt/lunas).
# First run: installs MariaDB (Debian) and Node.js 20 (NodeSource) if missing, creates the system
# user `lunas`, a database user of its own with a generated password, generates the secrets into
# /etc/lunas/lunas.env (root-only), builds, migrates, installs and starts the systemd unit, creates
# the first admin and prints where to sign in. With LUNAS_DOMAIN, Caddy serves it with automatic TLS.
# Later runs: back up first, build, migrate, restart. The secrets are never regenerated.
#
# Options (environment): LUNAS_DOMAIN, LUNAS_PORT (3000), LUNAS_ADMIN_USER (admin),
# LUNAS_ADMIN_PASSWORD (generated and printed when unset), LUNAS_NODE_BIN (a node binary with npm
# beside it, used where it is instead of installing Node.js; the install test hands it this
# machine's). Without a running systemd (a chroot), MariaDB is started with its init script and
# Lunas is left for the caller to start, as the installed unit says. Proven end to end in a clean
# debootstrap root by `npm run test:install` (tests/install/run.sh): first install and upgrade.
set -euo pipefail

APP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE=/etc/lunas/lunas.env
BACKUP_DIR=/var/backups/lunas
PORT="${LUNAS_PORT:-3000}"
DOMAIN="${LUNAS_DOMAIN:-}"
ADMIN_USER="${LUNAS_ADMIN_USER:-admin}"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'install: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0)"
[ -r /etc/debian_version ] || die "this installer is for Debian 12"
[ -f "$APP_DIR/package.json" ] && grep -q '"name": "lunas"' "$APP_DIR/package.json" || die "$APP_DIR is not a Lunas checkout"
export DEBIAN_FRONTEND=noninteractive

# --- packages ------------------------------------------------------------------------------------
say "Packages"
need=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v mariadb-dump >/dev/null 2>&1 || need+=(mariadb-client)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl ca-certificates)
[ -z "${LUNAS_NODE_BIN:-}" ] && ! command -v gpg >/dev/null 2>&1 && need+=(gnupg)
[ -n "$DOMAIN" ] && ! command -v caddy >/dev/null 2>&1 && need+=(caddy)
if [ "${#need[@]}" -gt 0 ]; then
	apt-get update -qq
	apt-get install -y -qq "${need[@]}"
fi

if [ -n "${LUNAS_NODE_BIN:-}" ]; then
	[ -x "$LUNAS_NODE_BIN" ] || die "LUNAS_NODE_BIN=$LUNAS_NODE_BIN is not an executable"
	NODE="$LUNAS_NODE_BIN"
elif command -v node >/dev/null 2>&1 && node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
	NODE="$(command -v node)"
else
	# Debian 12 carries Node.js 18; Lunas needs 20. NodeSource's signed Debian repository:
	install -d -m 0755 /etc/apt/keyrings
	curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
	echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" >/etc/apt/sources.list.d/nodesource.list
	apt-get update -qq
	apt-get install -y -qq nodejs
	NODE="$(command -v node)"
fi
NPM="$(dirname "$NODE")/npm"
command -v "$NPM" >/dev/null 2>&1 || NPM=npm
# npm and the build tools start with `#!/usr/bin/env node`: they must find this node first.
export PATH="$(dirname "$NODE"):$PATH"
"$NODE" -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || die "Node.js 20 or newer is needed ($NODE is $("$NODE" -v))"

# --- database and user -----------------------------------------------------------------------------
# systemd is PID 1 on a real server; a chroot (the install test) has none.
HAS_SYSTEMD=0
[ -d /run/systemd/system ] && HAS_SYSTEMD=1
if [ "$HAS_SYSTEMD" = 1 ]; then
	systemctl enable --now mariadb >/dev/null
elif ! mariadb -e 'SELECT 1' >/dev/null 2>&1; then
	service mariadb start >/dev/null
fi
mariadb -e 'SELECT 1' >/dev/null || die "MariaDB does not answer root over its socket"
# Lunas connects over TCP to the port this MariaDB listens on (3306 unless its config says otherwise).
DB_PORT="$(mariadb -NBe 'SELECT @@port')"

id lunas >/dev/null 2>&1 || useradd --system --home-dir "$APP_DIR" --no-create-home --shell /usr/sbin/nologin lunas
install -d -o root -g root -m 0700 /etc/lunas
install -d -o lunas -g lunas -m 0700 "$BACKUP_DIR"

upgrade=0
if [ -f "$ENV_FILE" ]; then
	upgrade=1
	say "Existing install found: upgrading (secrets kept)"
else
	say "Secrets and database user"
	hex() { openssl rand -hex "$1"; }
	DB_PASSWORD="$(hex 24)"
	mariadb -e "CREATE DATABASE IF NOT EXISTS lunas CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS 'lunas'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
		ALTER USER 'lunas'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
		GRANT ALL PRIVILEGES ON lunas.* TO 'lunas'@'localhost';"
	ADDR="$(hostname -I 2>/dev/null | awk '{print $1}')"
	if [ -n "$DOMAIN" ]; then BASE="https://$DOMAIN"; else BASE="http://${ADDR:-127.0.0.1}:$PORT"; fi
	umask 077
	cat >"$ENV_FILE" <<EOF
# Lunas settings, generated by scripts/install.sh on $(date -u +%Y-%m-%dT%H:%MZ). Root only.
# Copy SECRETS_KEY and BACKUP_KEY somewhere off this server (docs/OPERATIONS.md): without them
# no backup can be restored.
DATABASE_URL=mysql://lunas:${DB_PASSWORD}@127.0.0.1:${DB_PORT}/lunas
SESSION_SECRET=$(hex 32)
SECRETS_KEY=$(hex 32)
BACKUP_KEY=$(hex 32)
BACKUP_DIR=$BACKUP_DIR
METRICS_TOKEN=$(hex 24)
PUBLIC_BASE_URL=$BASE
ORIGIN=$BASE
PORT=$PORT
HOST=$([ -n "$DOMAIN" ] && echo 127.0.0.1 || echo 0.0.0.0)
$([ -n "$DOMAIN" ] && echo ADDRESS_HEADER=x-forwarded-for)
ISP_TIMEZONE=Asia/Jakarta
EOF
	umask 022
	chmod 0600 "$ENV_FILE"
fi

# Runs a Lunas npm script as the lunas user with the environment file loaded. Root opens the file
# and hands it over as stdin, read with `cat`: sourcing /dev/stdin would reopen it by path as
# lunas, who may not read it (mode 0600), and the secrets never go on a command line.
as_lunas() {
	runuser -u lunas -- env -i PATH="$(dirname "$NODE"):/usr/bin:/bin" HOME=/tmp bash -c 'set -a; eval "$(cat)"; set +a; cd "$0" && "$@"' "$APP_DIR" "$@" <"$ENV_FILE"
}

if [ "$upgrade" = 1 ] && as_lunas "$NODE" -e '1' 2>/dev/null; then
	say "Backup before upgrading"
	if [ -d "$APP_DIR/node_modules" ]; then as_lunas "$NPM" run -s backup || die "the backup failed: not upgrading"; fi
fi

# --- build ----------------------------------------------------------------------------------------
say "Build"
cd "$APP_DIR"
"$NPM" ci --no-audit --no-fund
"$NPM" run build
chmod -R a+rX "$APP_DIR"

say "Migrate"
as_lunas "$NPM" run -s db:migrate

# --- systemd and proxy ----------------------------------------------------------------------------
say "Service"
sed -e "s#/opt/lunas#$APP_DIR#g" -e "s#/usr/bin/node#$NODE#g" "$APP_DIR/deploy/lunas.service" >/etc/systemd/system/lunas.service
command -v systemd-analyze >/dev/null 2>&1 && systemd-analyze verify /etc/systemd/system/lunas.service
if [ -n "$DOMAIN" ]; then
	sed -e "s#billing.example.net#$DOMAIN#" -e "s#127.0.0.1:3000#127.0.0.1:$PORT#" "$APP_DIR/deploy/Caddyfile" >/etc/caddy/Caddyfile
fi
if [ "$HAS_SYSTEMD" = 1 ]; then
	systemctl daemon-reload
	systemctl enable lunas >/dev/null
	systemctl restart lunas
	[ -n "$DOMAIN" ] && systemctl reload-or-restart caddy
	for _ in $(seq 1 60); do
		curl -fsS "http://127.0.0.1:$PORT/api/health/ready" >/dev/null 2>&1 && break
		sleep 2
	done
	curl -fsS "http://127.0.0.1:$PORT/api/health/ready" >/dev/null || die "Lunas did not become ready: journalctl -u lunas"
else
	say "systemd is not running here: start Lunas as /etc/systemd/system/lunas.service says"
fi

# --- first admin ----------------------------------------------------------------------------------
if [ "$upgrade" = 0 ]; then
	say "First admin"
	ADMIN_PASSWORD="${LUNAS_ADMIN_PASSWORD:-$(openssl rand -base64 12 | tr -d '/+=')}"
	as_lunas env LUNAS_PASSWORD="$ADMIN_PASSWORD" "$NPM" run -s user:create -- --username "$ADMIN_USER" --name "Admin"
fi

BASE_URL="$(sed -n 's/^PUBLIC_BASE_URL=//p' "$ENV_FILE")"
say "Lunas is ready"
echo "  Sign in at:  $BASE_URL/login"
if [ "$upgrade" = 0 ]; then
	echo "  Username:    $ADMIN_USER"
	echo "  Password:    $ADMIN_PASSWORD   (shown once: change it after signing in)"
	echo "  Settings:    $ENV_FILE — copy SECRETS_KEY and BACKUP_KEY off this server now."
fi
