#!/usr/bin/env bash
# Installs what is missing, checks formatting, runs the whole test suite, then schemathesis against the
# built server (scripts/schemathesis.sh, about a minute and a half).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift format lint --strict --recursive Package.swift Sources Tests Benchmarks
swift build --build-tests
swift test --skip-build
./scripts/schemathesis.sh
