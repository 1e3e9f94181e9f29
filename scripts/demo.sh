#!/usr/bin/env bash
# Installs what is missing, builds verdict-server and the verdict client (release) and serves the sample
# corpus with demo users, on the embedded SQLite default or, with --postgres first, on a PostgreSQL cluster of
# its own in demo/postgres (started here, stopped when the demo stops; the data stays for the next run).
# Other arguments go to `verdict-server demo` (e.g. --port 9000). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product verdict-server
swift build -c release --product verdict
if [ "${1:-}" = "--postgres" ]; then
    shift
    mkdir -p demo
    cluster="$PWD/demo/postgres"
    ./scripts/postgres.sh start "$cluster"
    trap './scripts/postgres.sh stop "$cluster"' EXIT
    # Not exec: the trap stops the cluster once the server has stopped.
    .build/release/verdict-server demo --db "$(./scripts/postgres.sh url "$cluster")" "$@"
    exit
fi
exec .build/release/verdict-server demo "$@"
