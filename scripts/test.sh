#!/usr/bin/env bash
# Installs what is missing, checks formatting and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift format lint --strict --recursive Package.swift Sources Tests Benchmarks
swift build --build-tests
swift test --skip-build
