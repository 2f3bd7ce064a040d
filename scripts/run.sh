#!/usr/bin/env bash
# The main job: installs what is needed, builds (the binary and the web front end), and starts the
# compliance desk on its embedded defaults (bundled rule sets, catalog and lists) in the foreground:
# `exportctl serve` prints `listening on http://127.0.0.1:PORT` (PORT: $EXPORTCTL_PORT, default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release >&2
(cd web && npm run build >&2)
exec build/release/cli/exportctl serve --port "${EXPORTCTL_PORT:-8080}"
