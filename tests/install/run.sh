#!/usr/bin/env bash
# The install test (issue #19): scripts/install.sh brings a bare Debian 12 root to a serving Lunas,
# then upgrades it in place.  `npm run test:install` (as root; not part of `npm test`: it takes
# minutes and downloads Debian's packages). docs/OPERATIONS.md says what it proves and what not.
#
# 1. A clean Debian 12 root made with `debootstrap --variant=minbase` (the .debs are cached in
#    $LUNAS_INSTALL_CACHE between runs; the root itself is new every run).
# 2. This checkout (tracked and untracked files, no node_modules, no build) copied to /opt/lunas,
#    and this machine's Node.js with its npm to /opt/node, handed over as LUNAS_NODE_BIN (the issue
#    allows it instead of NodeSource's repository, which this machine cannot reach).
# 3. MariaDB inside the root on its own port ($LUNAS_INSTALL_DB_PORT) and socket (the root's
#    /run/mysqld), so it never meets the host's on 3306. The root's apt never starts daemons
#    (policy-rc.d, as in any Debian chroot); the installer starts MariaDB itself. systemd is
#    installed (as on every Debian server; minbase omits it) but not running: PID 1 is not ours.
# 4. `scripts/install.sh` run with chroot, then checked: a database user that is not root and can
#    only reach its database, a root-only env file with the secrets, the unit installed, the system
#    user, the first admin. There is no systemd in a chroot, so this test starts Lunas exactly as
#    the installed unit says (its User, WorkingDirectory, EnvironmentFile, Environment, ExecStart)
#    and checks /api/health, /api/health/ready and a sign-in with the password the installer printed.
# 5. The installer again, with Lunas serving: it must back up first (a sealed file appears), build,
#    migrate and leave the env file — secrets key included — byte for byte as it was. Lunas is
#    restarted from the unit and must serve, and the admin's password still signs in.
#
# Leaves nothing behind: chroot processes are stopped by their ids, mounts undone, the root
# deleted (LUNAS_INSTALL_KEEP=1 keeps it for a look).
set -euo pipefail

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${LUNAS_INSTALL_CACHE:-/var/cache/lunas-install-test}"
DB_PORT="${LUNAS_INSTALL_DB_PORT:-3417}"
APP_PORT="${LUNAS_INSTALL_PORT:-4417}"
NPM_CACHE="${LUNAS_INSTALL_NPM_CACHE:-$(npm config get cache 2>/dev/null || echo /root/.npm)}"
SUITE=bookworm

[ "$(id -u)" -eq 0 ] || { echo "install test: run as root (it uses debootstrap, mount and chroot)" >&2; exit 2; }
if ! command -v debootstrap >/dev/null 2>&1; then
	apt-get install -y -qq debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
fi
# The Debian mirror this machine's apt is configured with (the only one it can reach).
MIRROR="$(sed -n 's/^URIs:[[:space:]]*\(\S*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)"
[ -n "$MIRROR" ] || MIRROR="$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\(\S*\/debian\)\/\?[[:space:]]\+.*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)"
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian

WORK="$(mktemp -d /var/tmp/lunas-install-XXXXXX)"
ROOT="$WORK/root"
LUNAS_PID=
passed=0
failed=0
started=$(date +%s)

log() { printf '\n--- [%4ss] %s\n' "$(($(date +%s) - started))" "$*"; }
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$1"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

mounts_under_root() { awk -v r="$ROOT" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r; }

cleanup() {
	set +e
	# Processes whose root is this chroot were started by this test (MariaDB, Lunas): stop them by id.
	local pids=()
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && pids+=("${p#/proc/}")
	done
	if [ "${#pids[@]}" -gt 0 ]; then
		kill "${pids[@]}" 2>/dev/null
		sleep 3
		kill -9 "${pids[@]}" 2>/dev/null
	fi
	for m in $(mounts_under_root); do umount -l "$m"; done
	if [ -n "$(mounts_under_root)" ]; then
		echo "install test: mounts remain under $ROOT; not deleting it" >&2
	elif [ -n "${LUNAS_INSTALL_KEEP:-}" ]; then
		echo "install test: root kept in $ROOT"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

# --- 1. a clean Debian root ---------------------------------------------------------------------
log "debootstrap $SUITE (minbase) from $MIRROR into $ROOT"
mkdir -p "$CACHE/debs" "$CACHE/apt"
debootstrap --variant=minbase --cache-dir="$CACHE/debs" "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
	{ tail -20 "$WORK/debootstrap.log"; exit 1; }
echo "deb $MIRROR $SUITE main" >"$ROOT/etc/apt/sources.list"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
printf '#!/bin/sh\n# A chroot: packages must not start daemons.\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"
mount -t proc proc "$ROOT/proc"
mount -t sysfs sysfs "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ROOT/dev/pts"
# Download caches shared between runs (what is downloaded, not what is installed).
mount --bind "$CACHE/apt" "$ROOT/var/cache/apt/archives"
mkdir -p "$NPM_CACHE" "$ROOT/root/.npm"
mount --bind "$NPM_CACHE" "$ROOT/root/.npm"
check "the root is a bare Debian 12 without MariaDB or Node.js" \
	bash -c "grep -q '^12' '$ROOT/etc/debian_version' && [ ! -e '$ROOT/usr/sbin/mariadbd' ] && [ ! -e '$ROOT/usr/bin/node' ]"

# Every Debian 12 server has systemd; minbase leaves it out. The installer checks the unit with
# its systemd-analyze, and so does this test; nothing starts it (not PID 1 in a chroot).
in_root apt-get update -qq >"$WORK/systemd.log" 2>&1
in_root apt-get install -y -qq --no-install-recommends systemd >>"$WORK/systemd.log" 2>&1 || { tail -20 "$WORK/systemd.log"; exit 1; }

# MariaDB's port for when the installer puts it there: not the host's 3306.
mkdir -p "$ROOT/etc/mysql/mariadb.conf.d"
printf '[mysqld]\nport = %s\nbind-address = 127.0.0.1\n' "$DB_PORT" >"$ROOT/etc/mysql/mariadb.conf.d/99-install-test.cnf"

# --- 2. the checkout and this machine's Node.js ---------------------------------------------------
copy_checkout() {
	mkdir -p "$ROOT/opt/lunas"
	git -C "$PROJECT" ls-files -z --cached --others --exclude-standard |
		tar -C "$PROJECT" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$ROOT/opt/lunas" -xf -
}
copy_checkout
NODE_HOST="$(readlink -f "$(command -v node)")"
NPM_HOST="$(readlink -f "$(dirname "$NODE_HOST")/../lib/node_modules/npm")"
install -D -m 0755 "$NODE_HOST" "$ROOT/opt/node/bin/node"
mkdir -p "$ROOT/opt/node/lib/node_modules"
cp -a "$NPM_HOST" "$ROOT/opt/node/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/opt/node/bin/npm"
echo "  node $("$NODE_HOST" -v), npm $(in_root /opt/node/bin/node /opt/node/lib/node_modules/npm/bin/npm-cli.js -v)"

run_installer() {
	in_root LUNAS_NODE_BIN=/opt/node/bin/node LUNAS_PORT="$APP_PORT" bash /opt/lunas/scripts/install.sh
}

env_value() { sed -n "s/^$1=//p" "$ROOT/etc/lunas/lunas.env"; }

# Starts Lunas as the installed unit says: its user, directory, environment file and command.
start_from_unit() {
	local unit="$ROOT/etc/systemd/system/lunas.service"
	local user wd cmd envfile uid gid
	user="$(sed -n 's/^User=//p' "$unit")"
	wd="$(sed -n 's/^WorkingDirectory=//p' "$unit")"
	cmd="$(sed -n 's/^ExecStart=//p' "$unit")"
	envfile="$(sed -n 's/^EnvironmentFile=//p' "$unit")"
	uid="$(awk -F: -v u="$user" '$1 == u { print $3 }' "$ROOT/etc/passwd")"
	gid="$(awk -F: -v u="$user" '$1 == u { print $4 }' "$ROOT/etc/passwd")"
	local vars=()
	while IFS= read -r line; do vars+=("$line"); done < <(sed -n 's/^Environment=//p' "$unit"; grep -E '^[A-Z_]+=' "$ROOT$envfile")
	# systemd reads the env file as root; the process gets only the values (the user cannot read the file).
	chroot --userspec="$uid:$gid" "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin "${vars[@]}" /bin/sh -c "cd '$wd' && exec $cmd" >>"$WORK/lunas.log" 2>&1 &
	LUNAS_PID=$!
}

stop_lunas() {
	[ -n "$LUNAS_PID" ] || return 0
	kill "$LUNAS_PID" 2>/dev/null || true
	for _ in $(seq 1 60); do kill -0 "$LUNAS_PID" 2>/dev/null || break; sleep 1; done
	LUNAS_PID=
}

# 200 from $1 within 120 s.
answers() {
	for _ in $(seq 1 120); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT$1")" = 200 ] && return 0
		[ -n "$LUNAS_PID" ] && ! kill -0 "$LUNAS_PID" 2>/dev/null && { tail -20 "$WORK/lunas.log"; return 1; }
		sleep 1
	done
	tail -20 "$WORK/lunas.log"
	return 1
}

# A sign-in through the login form: 303 with a session cookie for the right password, 400 otherwise.
sign_in_status() {
	local origin
	origin="$(env_value ORIGIN)"
	# A browser without JavaScript: asked for HTML, SvelteKit answers the form with 303 or 400
	# (anything else gets the JSON an enhanced form reads, always 200).
	curl -s -o /dev/null -D "$WORK/headers" -w '%{http_code}' -H 'Accept: text/html' -H "Origin: $origin" \
		--data-urlencode "username=$1" --data-urlencode "password=$2" "http://127.0.0.1:$APP_PORT/login"
}
signs_in() { [ "$(sign_in_status "$1" "$2")" = 303 ] && grep -qi '^set-cookie: ' "$WORK/headers"; }
refused() { [ "$(sign_in_status "$1" "$2")" = 400 ]; }

# --- 3. first install ----------------------------------------------------------------------------
log "scripts/install.sh, first run"
t0=$(date +%s)
if run_installer >"$WORK/install-1.log" 2>&1; then ok "the installer finishes"; else bad "the installer finishes"; tail -40 "$WORK/install-1.log"; exit 1; fi
first_s=$(($(date +%s) - t0))
ADMIN_PASSWORD="$(sed -n 's/^  Password:[[:space:]]*\(\S*\).*/\1/p' "$WORK/install-1.log")"
grep -q '^  Sign in at:' "$WORK/install-1.log" && ok "it prints where to sign in" || bad "it prints where to sign in"

ENV_FILE="$ROOT/etc/lunas/lunas.env"
check "the env file is root's, mode 0600, in a root-only directory" \
	bash -c "[ \"\$(stat -c '%U:%G %a' '$ENV_FILE')\" = 'root:root 600' ] && [ \"\$(stat -c '%U %a' '$ROOT/etc/lunas')\" = 'root 700' ]"
SECRETS_KEY="$(env_value SECRETS_KEY)"
secrets_generated() {
	local backup session
	backup="$(env_value BACKUP_KEY)"
	session="$(env_value SESSION_SECRET)"
	[[ $SECRETS_KEY =~ ^[0-9a-f]{64}$ ]] && [[ $backup =~ ^[0-9a-f]{64}$ ]] && [ "$backup" != "$SECRETS_KEY" ] && [ "${#session}" -ge 32 ]
}
check "SECRETS_KEY, BACKUP_KEY and SESSION_SECRET are generated, the backup key is not the secrets key" secrets_generated
LUNAS_UID="$(awk -F: '$1 == "lunas" { print $3 }' "$ROOT/etc/passwd")"
LUNAS_GID="$(awk -F: '$1 == "lunas" { print $4 }' "$ROOT/etc/passwd")"
check "the system user lunas exists, below uid 1000, without a login shell" \
	bash -c "[ -n '$LUNAS_UID' ] && [ '$LUNAS_UID' -lt 1000 ] && grep -q '^lunas:.*:/usr/sbin/nologin$' '$ROOT/etc/passwd'"
as_lunas_user() { chroot --userspec="$LUNAS_UID:$LUNAS_GID" "$ROOT" "$@"; }
env_file_private() { as_lunas_user /bin/cat /opt/lunas/package.json >/dev/null && ! as_lunas_user /bin/cat /etc/lunas/lunas.env >/dev/null 2>&1; }
# The same user reads a world-readable file, so the refusal is the file's mode and not a broken chroot.
check "the lunas user cannot read the env file (and can read the checkout)" \
	env_file_private

DB_URL="$(env_value DATABASE_URL)"
DB_USER="$(sed -n 's#^mysql://\([^:]*\):.*#\1#p' <<<"$DB_URL")"
DB_PASS="$(sed -n 's#^mysql://[^:]*:\([^@]*\)@.*#\1#p' <<<"$DB_URL")"
database_url_own() { [ "$DB_USER" = lunas ] && [[ $DB_URL == *"@127.0.0.1:$DB_PORT/lunas" ]] && [ "${#DB_PASS}" -ge 32 ]; }
check "DATABASE_URL names the user lunas on the root's MariaDB port $DB_PORT, with a generated password" database_url_own
as_db_user() { in_root mariadb -h 127.0.0.1 -P "$DB_PORT" -u "$DB_USER" -p"$DB_PASS" -NB "$@"; }
if [ "$(as_db_user -e 'SELECT CURRENT_USER()' 2>/dev/null)" = 'lunas@localhost' ]; then ok "the database user signs in over TCP as lunas@localhost"; else bad "the database user signs in over TCP as lunas@localhost"; fi
grants="$(as_db_user -e 'SHOW GRANTS' 2>&1)"
if grep -q 'ON `lunas`\.\*' <<<"$grants" && ! grep -q 'ALL PRIVILEGES ON \*\.\*' <<<"$grants" && ! as_db_user -e 'SELECT 1 FROM mysql.user LIMIT 1' >/dev/null 2>&1; then
	ok "it has all privileges on lunas.* and cannot read mysql.user"
else bad "it has all privileges on lunas.* and cannot read mysql.user: $grants"; fi

UNIT="$ROOT/etc/systemd/system/lunas.service"
check "the unit is installed for /opt/lunas, user lunas, the handed node, hardened" \
	bash -c "grep -qx 'User=lunas' '$UNIT' && grep -qx 'WorkingDirectory=/opt/lunas' '$UNIT' && grep -qx 'ExecStart=/opt/node/bin/node build/index.js' '$UNIT' && grep -qx 'NoNewPrivileges=yes' '$UNIT' && grep -qx 'ProtectSystem=strict' '$UNIT'"
if command -v systemd-analyze >/dev/null 2>&1; then
	# The host's systemd reads the installed unit with the root's files (its node, its paths).
	if out="$(systemd-analyze verify --root="$ROOT" /etc/systemd/system/lunas.service 2>&1)" && [ -z "$out" ]; then
		ok "systemd-analyze verify --root accepts the installed unit"
	else bad "systemd-analyze verify --root accepts the installed unit: $out"; fi
fi
admins="$(in_root mariadb -NBe "SELECT CONCAT(username, ':', role) FROM lunas.users")"
check "the first admin exists, and only it" test "$admins" = "admin:admin"
check "the installer printed the admin's password" test -n "$ADMIN_PASSWORD"

log "Lunas started as the unit says"
start_from_unit
check "/api/health answers 200" answers /api/health
check "/api/health/ready answers 200 (migrated, workers started)" answers /api/health/ready
check "the admin signs in with the printed password" signs_in admin "$ADMIN_PASSWORD"
check "a wrong password is refused" refused admin "not-the-password-$RANDOM"

# --- 4. upgrade in place -------------------------------------------------------------------------
log "scripts/install.sh again (an upgrade, Lunas serving)"
env_before="$(sha256sum <"$ENV_FILE")"
backups_before="$(ls "$ROOT/var/backups/lunas" | grep -c '^lunas-.*\.sql\.gz\.enc$' || true)"
copy_checkout
t0=$(date +%s)
if run_installer >"$WORK/install-2.log" 2>&1; then ok "the second run finishes"; else bad "the second run finishes"; tail -40 "$WORK/install-2.log"; fi
second_s=$(($(date +%s) - t0))
check "it says it upgrades and keeps the secrets" grep -q 'Existing install found: upgrading (secrets kept)' "$WORK/install-2.log"
check "it backs up before building" bash -c "awk '/Backup before upgrading/ { b = NR } /==> Build/ { if (b) ok = 1 } END { exit !ok }' '$WORK/install-2.log'"
backups_after="$(ls "$ROOT/var/backups/lunas" | grep -c '^lunas-.*\.sql\.gz\.enc$' || true)"
check "a sealed backup appeared in /var/backups/lunas (before: $backups_before, after: $backups_after)" test "$backups_after" -gt "$backups_before"
# By number: the host's stat would name the root's uid after the host's own user of that number.
check "the backup is the lunas user's, mode 0600" \
	bash -c "for f in '$ROOT'/var/backups/lunas/lunas-*.sql.gz.enc; do [ \"\$(stat -c '%u %a' \"\$f\")\" = '$LUNAS_UID 600' ] || exit 1; done"
check "the env file is byte for byte the same" test "$(sha256sum <"$ENV_FILE")" = "$env_before"
check "SECRETS_KEY is unchanged" test "$(env_value SECRETS_KEY)" = "$SECRETS_KEY"
check "no second admin was made" test "$(in_root mariadb -NBe "SELECT COUNT(*) FROM lunas.users")" = 1

log "Lunas restarted as the unit says"
stop_lunas
start_from_unit
check "/api/health/ready answers 200 after the upgrade" answers /api/health/ready
check "the admin still signs in with the same password" signs_in admin "$ADMIN_PASSWORD"
stop_lunas

total_s=$(($(date +%s) - started))
echo
echo "wall time: first install ${first_s} s, upgrade ${second_s} s, whole test ${total_s} s (debootstrap and the root included)"
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
