#!/usr/bin/env bash
# Installs the system C libraries Verdict links against (zlib for compressed responses) and the PostgreSQL server
# its tests run (Debian/Ubuntu), skipping what is already there.
set -euo pipefail
packages=(libsqlite3-dev libcurl4-openssl-dev zlib1g-dev openssl)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# The review test runs a real terminal editor.
command -v vi >/dev/null || missing+=(vim-tiny)
# The PostgreSQL tests run a throwaway cluster (scripts/postgres.sh), with initdb from PATH or Debian's package.
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install ${missing[*]} as root (apt-get install ${missing[*]})" >&2; exit 1; }
    sudo="sudo"
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
