#!/usr/bin/env bash
# Builds in release mode and runs the benchmarks in BENCHMARKS.md. Arguments go to verdict-bench
# (--verdicts N, --feed-changes N, --wrk-seconds S, --batch N; or --client / --consensus [--claims N]
# [--client-verdicts N] for the client's and the consensus figures; --bad-link for pull and push over a slow, lossy
# link between two network namespaces, as root; verdict-bench --help lists them). Needs wrk, and iproute2 for
# --bad-link (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if ! command -v wrk >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk
fi
if [[ " $* " == *" --bad-link "* ]] && ! command -v ip >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq iproute2
fi
swift build -c release --product verdict-server
swift build -c release --product verdict
swift build -c release --product verdict-bench
exec .build/release/verdict-bench "$@"
