#!/usr/bin/env bash
# Runs schemathesis (pinned, installed into .build/schemathesis-venv) with every check against the built
# server: a demo database in a throwaway folder, a free port, the admin's token. The run is bounded in time
# (SCHEMATHESIS_MAX_TIME seconds, 90 by default) and fails on any failure not listed as a deliberate choice
# in scripts/schemathesis.toml (each one explained in scripts/schemathesis-exceptions.md).
# Needs `swift build` first (scripts/test.sh does it). SCHEMATHESIS_SEED picks another seed.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
max_time=${SCHEMATHESIS_MAX_TIME:-90}
seed=${SCHEMATHESIS_SEED:-20261203}
server=.build/debug/verdict-server
venv=.build/schemathesis-venv

[ -x "$server" ] || { echo "schemathesis: $server is missing; run swift build first" >&2; exit 1; }
if [ "$("$venv/bin/st" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)" != "$version" ]; then
    echo "schemathesis: installing schemathesis==$version" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/verdict-schemathesis.XXXXXX")
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap stop_server EXIT

"$server" demo --db "$scratch/demo.sqlite" --port 0 --log-level warning >"$scratch/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 300); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$scratch/server.log" | head -1 || true)
    token=$(awk '$1 == "ada" && $2 == "admin" { print $3 }' "$scratch/server.log")
    [ -n "$url" ] && [ -n "$token" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$scratch/server.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] && [ -n "$token" ] || { echo "schemathesis: the demo server did not start" >&2; cat "$scratch/server.log" >&2; exit 1; }

echo "schemathesis $version: every check against $url for at most ${max_time}s (seed $seed)" >&2
started=$SECONDS
status=0
# Hypothesis, under schemathesis, would otherwise keep its files in ./.hypothesis.
HYPOTHESIS_STORAGE_DIRECTORY="$scratch/hypothesis" "$venv/bin/st" --config-file scripts/schemathesis.toml --no-color run Sources/Server/OpenAPI/openapi.yaml \
    --url "$url" --header "Authorization: Bearer $token" --checks all --max-time "$max_time" --seed "$seed" \
    --generation-database none >"$scratch/run.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    cat "$scratch/run.log"
else
    sed -n '/= \(WARNINGS\|SUMMARY\) =/,$p' "$scratch/run.log"
fi
echo "schemathesis: finished in $((SECONDS - started))s with exit status $status" >&2
exit "$status"
