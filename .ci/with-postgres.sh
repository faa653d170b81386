#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: installs PostgreSQL from Debian packages
# if no server binaries are found, creates a cluster in a temporary directory owned by a non-root
# user, starts it on 127.0.0.1, exports PROCESSGUARD_TEST_PG_URL (JDBC URL with user and password)
# and PROCESSGUARD_TEST_PG_CTL (a helper taking stop|start|restart, used by the tests that stop the
# database mid-run), runs the command, and removes the cluster on exit.
#
#   .ci/with-postgres.sh mvn -B -pl processguard-core -Dtest='Postgres*' test
#
# PROCESSGUARD_TEST_PG_PORT picks the port (default: the first free one from 55432).
set -euo pipefail

find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/pg_ctl" ]]; then
    echo "$dir"
    return 0
  fi
  return 1
}

PG_BIN=$(find_pg_bin || true)
if [[ -z "$PG_BIN" ]]; then
  echo "with-postgres: no PostgreSQL server found; installing it from Debian packages" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "with-postgres: installing PostgreSQL needs root (apt-get install -y postgresql)" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  PG_BIN=$(find_pg_bin)
fi

# PostgreSQL refuses to run as root: run the cluster as the 'postgres' system user (created if missing).
RUN_AS=()
PG_USER=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  PG_USER=postgres
  RUN_AS=(runuser -u postgres --)
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${PROCESSGUARD_TEST_PG_PORT:-}
if [[ -z "$PORT" ]]; then
  PORT=55432
  while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
fi

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/processguard-pg.XXXXXX")
chmod 755 "$PG_DIR"
chown "$PG_USER" "$PG_DIR"
PASSWORD=processguard
printf '%s\n' "$PASSWORD" > "$PG_DIR/pwfile"
chown "$PG_USER" "$PG_DIR/pwfile"

cat > "$PG_DIR/pgctl.sh" <<CTL
#!/usr/bin/env bash
# stop | start | restart the test cluster (fast shutdown: open connections are dropped).
set -euo pipefail
case "\${1:-}" in
  stop) ${RUN_AS[*]} "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop ;;
  start) ${RUN_AS[*]} "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start ;;
  restart) ${RUN_AS[*]} "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -m fast -w -t 60 restart ;;
  *) echo "usage: \$0 stop|start|restart" >&2; exit 2 ;;
esac
CTL
chmod 755 "$PG_DIR/pgctl.sh"

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U processguard --pwfile="$PG_DIR/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
cat >> "$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PG_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
"$PG_DIR/pgctl.sh" start >/dev/null
PGPASSWORD=$PASSWORD "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U processguard -d postgres \
  -c 'CREATE DATABASE processguard' >/dev/null

export PROCESSGUARD_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PORT/processguard?user=processguard&password=$PASSWORD"
export PROCESSGUARD_TEST_PG_CTL="$PG_DIR/pgctl.sh"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($PG_DIR)" >&2
"$@"
