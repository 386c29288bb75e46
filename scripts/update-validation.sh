#!/bin/sh
# Regenerates docs/validation.md from the models (tests/unit/acoustics/test_validation_table.cpp).
# Usage: scripts/update-validation.sh [build-dir]   (default build/release; builds iemlab-tests first)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
cmake --build "$build" --target iemlab-tests
IEMLAB_UPDATE_VALIDATION=1 "$build/bin/iemlab-tests" '[validation]'
echo "updated $root/docs/validation.md"
