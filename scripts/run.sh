#!/usr/bin/env bash
# The main job: installs what is needed, builds, and runs exportctl on its embedded defaults
# (bundled rule sets, catalog and lists): the whole catalog's classification as of today.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release >&2
exec build/release/cli/exportctl catalog list
