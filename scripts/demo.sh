#!/usr/bin/env bash
# Installs what is missing, builds verdict-server and the verdict client (release) and serves the sample
# corpus with demo users.
# Extra arguments go to `verdict-server demo` (e.g. --port 9000). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product verdict-server
swift build -c release --product verdict
exec .build/release/verdict-server demo "$@"
