# Start a throwaway PostgreSQL on 127.0.0.1 for the storage tests; meant to be sourced:
#
#   source .ci/postgres.sh      # exports SUKIEN_TEST_PG, defines sukien_pg_stop
#   trap sukien_pg_stop EXIT    # (done here too, chained after any EXIT trap already set)
#
# Installs Debian's postgresql when its server tools are missing (needs root and apt).
# The server runs as the postgres user (initdb refuses root), trusts local TCP
# connections, has fsync off, and lives in a temporary directory removed on stop.

# (Every command here may fail without stopping a caller that runs under `set -euo pipefail`.)
SUKIEN_PG_BIN=${SUKIEN_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)}
if [ -z "$SUKIEN_PG_BIN" ] || [ ! -x "$SUKIEN_PG_BIN/initdb" ]; then
    echo "postgres.sh: installing postgresql" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || true
    SUKIEN_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
fi
SUKIEN_PG_PORT=${SUKIEN_PG_PORT:-54329}
SUKIEN_PG_DIR=$(mktemp -d /tmp/sukien-pg.XXXXXX)
chown -R postgres:postgres "$SUKIEN_PG_DIR" 2>/dev/null || true

_sukien_pg() { runuser -u postgres -- "$SUKIEN_PG_BIN/$1" "${@:2}"; }

sukien_pg_stop() {
    if [ -n "${SUKIEN_PG_DIR:-}" ] && [ -d "$SUKIEN_PG_DIR/db" ]; then
        _sukien_pg pg_ctl -D "$SUKIEN_PG_DIR/db" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$SUKIEN_PG_DIR"
    fi
}

if _sukien_pg initdb -D "$SUKIEN_PG_DIR/db" -U ci --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
   && _sukien_pg pg_ctl -D "$SUKIEN_PG_DIR/db" -l "$SUKIEN_PG_DIR/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $SUKIEN_PG_PORT -k $SUKIEN_PG_DIR -c fsync=off" start >/dev/null \
   && _sukien_pg createdb -h 127.0.0.1 -p "$SUKIEN_PG_PORT" -U ci sukien; then
    export SUKIEN_TEST_PG="postgresql+psycopg://ci@127.0.0.1:$SUKIEN_PG_PORT/sukien"
    _sukien_pg_previous_trap=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
    trap "sukien_pg_stop; ${_sukien_pg_previous_trap:-:}" EXIT
    echo "postgres.sh: PostgreSQL on 127.0.0.1:$SUKIEN_PG_PORT (SUKIEN_TEST_PG exported)" >&2
else
    echo "postgres.sh: could not start PostgreSQL; postgres tests will be skipped" >&2
    if [ -f "$SUKIEN_PG_DIR/log" ]; then tail -n 20 "$SUKIEN_PG_DIR/log" >&2; fi
    sukien_pg_stop
    unset SUKIEN_TEST_PG
fi
