#!/usr/bin/env bash
# A throwaway PostgreSQL cluster in a folder, for tests and benchmarks:
#
#   scripts/postgres.sh start DIR   creates the cluster in DIR/data (once) and starts it
#   scripts/postgres.sh stop DIR    stops it (nothing to do when it is not running)
#   scripts/postgres.sh url DIR     prints the --db URL of its `postgres` database
#
# The server listens on no TCP port at all, only on a Unix socket in DIR, and trusts every local connection
# (user `verdict`, a superuser): nothing outside this machine's file system can reach it. fsync stays on, as
# in production, so that benchmarks measure real commits. initdb refuses to run as root: as root, the
# cluster belongs to the unprivileged `postgres` user (Debian's package creates it) and every PostgreSQL
# program runs as that user.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|url DIR" >&2
    exit 64
}
[ $# -eq 2 ] || usage
command=$1
case "$command" in start | stop | url) ;; *) usage ;; esac
if [ "$command" = start ]; then
    mkdir -p "$2"
elif [ ! -d "$2" ]; then
    [ "$command" = stop ] && exit 0
    echo "$0: no folder $2" >&2
    exit 1
fi
dir=$(cd "$2" && pwd -P)
data="$dir/data"

# initdb, pg_ctl: from PATH, else the newest of Debian's /usr/lib/postgresql/<version>/bin.
find_program() {
    local found
    if found=$(command -v "$1"); then
        echo "$found"
        return
    fi
    found=$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$found" ]; then
        echo "$0: no $1 found on PATH or in /usr/lib/postgresql/*/bin; run scripts/install-deps.sh" >&2
        exit 1
    fi
    echo "$found"
}

# Runs a PostgreSQL program as the cluster's owner, from inside DIR (its owner may not read our working folder).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

# The socket directory percent-encoded for the URL's query (anything but unreserved characters and '/').
url_encode() {
    local text=$1 out="" char i
    for ((i = 0; i < ${#text}; i++)); do
        char=${text:i:1}
        case "$char" in
        [A-Za-z0-9._~/-]) out+=$char ;;
        *) out+=$(printf '%%%02X' "'$char") ;;
        esac
    done
    echo "$out"
}

running() {
    [ -f "$data/PG_VERSION" ] && as_owner "$(find_program pg_ctl)" -D "$data" status >/dev/null 2>&1
}

case "$command" in
url)
    echo "postgres://verdict@localhost/postgres?host=$(url_encode "$dir")"
    ;;
stop)
    if running; then
        as_owner "$(find_program pg_ctl)" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
start)
    if running; then
        exit 0
    fi
    # Unix socket paths are limited to 107 bytes, and the socket is DIR/.s.PGSQL.5432 (15 more).
    if [ $((${#dir} + 15)) -gt 107 ]; then
        echo "$0: $dir is too long a path for a Unix socket; use a shorter folder (mktemp -d)" >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || {
            echo "$0: running as root needs the unprivileged user 'postgres' (apt-get install postgresql)" >&2
            exit 1
        }
        chown postgres: "$dir"
        chmod 0700 "$dir"
        as_owner test -w "$dir" || {
            echo "$0: user postgres cannot write $dir (is a parent folder closed to it?); choose another" >&2
            exit 1
        }
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$(find_program initdb)" -D "$data" -A trust -U verdict -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            exit 1
        }
        socket_dir=${dir//\'/\'\'}
        cat >>"$data/postgresql.conf" <<EOF

# scripts/postgres.sh: a throwaway cluster reached only through its Unix socket.
listen_addresses = ''
unix_socket_directories = '$socket_dir'
max_connections = 200
# Left on on purpose: benchmarks against this cluster measure durable commits.
fsync = on
EOF
    fi
    if ! as_owner "$(find_program pg_ctl)" -D "$data" -l "$dir/postgres.log" -w -t 60 start >/dev/null; then
        echo "$0: PostgreSQL did not start; the end of $dir/postgres.log:" >&2
        tail -n 20 "$dir/postgres.log" >&2 || true
        exit 1
    fi
    ;;
esac
