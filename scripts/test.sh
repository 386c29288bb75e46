#!/usr/bin/env bash
# The README's test command: install what is missing, configure, build, run every test.
# Usage: scripts/test.sh [PRESET]   (PRESET: release (default), dev, asan, tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
scripts/setup-debian.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
