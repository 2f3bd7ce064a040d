#!/usr/bin/env bash
# Installs everything exportctl needs to build, run and test, from Debian packages and npm only.
# Idempotent; run as root (or with sudo available).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev
  libsqlite3-dev sqlite3 libpqxx-dev libpq-dev postgresql
  libboost-dev zlib1g-dev libcpp-httplib-dev libicu-dev libopencc-dev libssl-dev libexpat1-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3
  chromium wrk curl
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Node.js and npm for the web front end (web/): Debian's packages when none is installed.
if ! command -v npm >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# The front end's npm dependencies (Vite, d3, playwright-core for the browser tests), from the lock file.
if [ ! -d "$(dirname "$0")/../web/node_modules" ]; then
  (cd "$(dirname "$0")/../web" && npm install --no-audit --no-fund --no-audit --no-fund >&2)
fi
