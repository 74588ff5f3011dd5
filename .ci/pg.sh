#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `source .ci/pg.sh` installs the
# server when missing (Debian's package), starts it on 127.0.0.1 with a
# free port in a temporary folder, exports SALESBENCH_TEST_PG (a URL with
# superuser rights the tests make their own databases with), and stops and
# removes it when the calling shell exits. Fails loudly if it cannot.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
    fi
  done | sort -V | tail -1
}

PG_BIN="$(pg_bin_dir)"
if [ -z "$PG_BIN" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN="$(pg_bin_dir)"
fi
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL (initdb, pg_ctl) is missing and could not be installed" >&2
  exit 1
fi

PG_DIR="$(mktemp -d /tmp/salesbench-pg.XXXXXX)"
PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)"
PG_PASSWORD="ci-$(date +%s)-$$"

# initdb refuses to run as root: the server runs as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      useradd --system --no-create-home postgres
    fi
    chown -R postgres "$PG_DIR"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap pg_stop EXIT

echo "$PG_PASSWORD" > "$PG_DIR/pw"
chmod 0644 "$PG_DIR/pw"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pw" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; echo "initdb failed" >&2; exit 1; }
rm -f "$PG_DIR/pw"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; echo "the test PostgreSQL server did not start" >&2; exit 1; }

export SALESBENCH_TEST_PG="postgres://postgres:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/postgres?sslmode=disable"
export SALESBENCH_TEST_PG_BIN="$PG_BIN"
export SALESBENCH_TEST_PG_DIR="$PG_DIR"
echo "test PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
