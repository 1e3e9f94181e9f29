#!/usr/bin/env bash
# Installs what is missing, checks formatting, runs the whole test suite against a throwaway PostgreSQL cluster
# (scripts/postgres.sh, stopped however the tests end), then schemathesis against the built server
# (scripts/schemathesis.sh, about a minute and a half).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift format lint --strict --recursive Package.swift Sources Tests Benchmarks
swift build --build-tests
postgres_dir=$(mktemp -d)
trap './scripts/postgres.sh stop "$postgres_dir"; rm -rf "$postgres_dir"' EXIT
./scripts/postgres.sh start "$postgres_dir"
VERDICT_TEST_POSTGRES="$(./scripts/postgres.sh url "$postgres_dir")"
export VERDICT_TEST_POSTGRES
swift test --skip-build
./scripts/schemathesis.sh
