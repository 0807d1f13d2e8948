#!/usr/bin/env bash
# A throwaway Miniflux (with its own PostgreSQL cluster) on 127.0.0.1, for kabar's sync tests.
#
#   scripts/miniflux-server.sh install        install PostgreSQL (Debian) and build Miniflux once
#   scripts/miniflux-server.sh start DIR      start both in DIR; writes DIR/env (see below)
#   scripts/miniflux-server.sh stop DIR       stop both and remove DIR
#   scripts/miniflux-server.sh restart DIR    kill -9 Miniflux and start it again (same data)
#
# DIR/env holds shell assignments: MINIFLUX_URL, MINIFLUX_USER, MINIFLUX_PASSWORD,
# MINIFLUX_API_KEY, GREADER_USER, GREADER_PASSWORD, PGPORT, PGHOST.
# The Miniflux binary is cached in ${KABAR_CACHE:-~/.cache/kabar}/miniflux-$VERSION so CI builds
# it once per machine. Everything listens on 127.0.0.1 only.
set -euo pipefail

VERSION=2.3.5
CACHE="${KABAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kabar}"
BIN="$CACHE/miniflux-$VERSION"

log() { echo "miniflux-server: $*" >&2; }

pg_bin() {
    # Debian keeps the server tools out of PATH: take the newest installed major.
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

install() {
    if ! pg_bin >/dev/null || ! getent passwd postgres >/dev/null; then
        log "installing PostgreSQL from Debian"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql postgresql-contrib >/dev/null
    fi
    # The Debian package starts a cluster of its own on 5432; the tests use private ones.
    if [ ! -x "$BIN" ]; then
        command -v go >/dev/null || { log "Go is needed to build Miniflux (go install)"; exit 1; }
        log "building Miniflux $VERSION (go install, once per machine)"
        mkdir -p "$CACHE"
        local gobin; gobin="$(mktemp -d)"
        GOBIN="$gobin" go install "miniflux.app/v2@v$VERSION"
        mv "$gobin/miniflux.app" "$BIN"
        rm -rf "$gobin"
    fi
    log "ready: $(pg_bin)/postgres, $BIN"
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Start Miniflux in DIR (its settings in DIR/miniflux.conf) and wait until it answers.
run_miniflux() {
    local dir="$1" port pgport user password
    # shellcheck disable=SC1091
    . "$dir/miniflux.conf"
    (
        cd "$dir"
        DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/miniflux?sslmode=disable" \
        RUN_MIGRATIONS=1 CREATE_ADMIN=1 ADMIN_USERNAME="$user" ADMIN_PASSWORD="$password" \
        LISTEN_ADDR="127.0.0.1:$port" FETCHER_ALLOW_PRIVATE_NETWORKS=1 \
        POLLING_FREQUENCY=100000 BATCH_SIZE=1 WORKER_POOL_SIZE=4 LOG_LEVEL=info \
        setsid "$BIN" >>"$dir/miniflux.log" 2>&1 &
        echo $! >"$dir/miniflux.pid"
    )
    local url="http://127.0.0.1:$port" i
    for i in $(seq 1 300); do
        if curl -fsS "$url/healthcheck" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$(cat "$dir/miniflux.pid")" 2>/dev/null; then
            log "Miniflux exited; its log:"; tail -20 "$dir/miniflux.log" >&2; exit 1
        fi
        sleep 0.1
    done
    curl -fsS "$url/healthcheck" >/dev/null || { log "Miniflux did not answer"; exit 1; }
}

# Miniflux killed (SIGKILL, as a crash) and started again on the same database and port.
restart() {
    local dir="$1" pid
    pid="$(cat "$dir/miniflux.pid")"
    kill -9 "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    run_miniflux "$dir"
    log "restarted in $dir"
}

start() {
    local dir="$1"
    install
    local pgb; pgb="$(pg_bin)"
    mkdir -p "$dir"
    chmod 0755 "$dir"
    local pgdata="$dir/pg" sock="$dir/sock"
    mkdir -p "$pgdata" "$sock"
    [ "$(id -u)" = 0 ] && chown postgres "$pgdata" "$sock" "$dir"
    local pgport; pgport="$(free_port)"
    as_postgres "$pgb/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_postgres "$pgb/pg_ctl" -D "$pgdata" -l "$dir/pg.log" -w -t 60 \
        -o "-p $pgport -k $sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    local psql=("$pgb/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -qAt)
    "${psql[@]}" -c "CREATE DATABASE miniflux" >/dev/null
    "${psql[@]}" -d miniflux -c "CREATE EXTENSION IF NOT EXISTS pgcrypto" >/dev/null

    local port; port="$(free_port)"
    local user=admin password="kabar-test-$RANDOM$RANDOM"
    cat >"$dir/miniflux.conf" <<CONF
port=$port
pgport=$pgport
user=$user
password=$password
CONF
    run_miniflux "$dir"
    local url="http://127.0.0.1:$port"
    local key
    key="$(curl -fsS -u "$user:$password" -H 'Content-Type: application/json' \
        -d '{"description":"kabar tests"}' "$url/v1/api-keys" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

    # The Google Reader endpoint is a per-user integration with no REST call: switch it on in SQL.
    local gr_user=kabar gr_password="gr-$RANDOM$RANDOM"
    "${psql[@]}" -d miniflux -c "UPDATE integrations SET googlereader_enabled = true,
        googlereader_username = '$gr_user',
        googlereader_password = crypt('$gr_password', gen_salt('bf'))
        WHERE user_id = (SELECT id FROM users WHERE username = '$user')" >/dev/null

    cat >"$dir/env" <<ENV
MINIFLUX_URL=$url
MINIFLUX_USER=$user
MINIFLUX_PASSWORD=$password
MINIFLUX_API_KEY=$key
GREADER_USER=$gr_user
GREADER_PASSWORD=$gr_password
PGHOST=127.0.0.1
PGPORT=$pgport
ENV
    log "up at $url (PostgreSQL on $pgport); $dir/env"
}

stop() {
    local dir="$1"
    [ -d "$dir" ] || return 0
    if [ -f "$dir/miniflux.pid" ]; then
        kill "$(cat "$dir/miniflux.pid")" 2>/dev/null || true
    fi
    local pgb
    if pgb="$(pg_bin)" && [ -d "$dir/pg" ]; then
        as_postgres "$pgb/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    install) install ;;
    start) [ -n "${2:-}" ] || { log "usage: $0 start DIR"; exit 2; }; start "$2" ;;
    stop) [ -n "${2:-}" ] || { log "usage: $0 stop DIR"; exit 2; }; stop "$2" ;;
    restart) [ -n "${2:-}" ] || { log "usage: $0 restart DIR"; exit 2; }; restart "$2" ;;
    *) echo "usage: $0 install | start DIR | stop DIR | restart DIR" >&2; exit 2 ;;
esac
