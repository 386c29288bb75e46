#!/usr/bin/env bash
# Static checks on include/ and apps/: clang-tidy (the checks in .clang-tidy, warnings are errors) and cppcheck
# (warning, performance, portability). Usage: scripts/lint.sh [--cppcheck-only | --tidy-only]
# clang-tidy runs on apps/iemlab/*.cpp and on one generated file that includes every public header; it needs a
# compile database without GCC precompiled headers, configured in build/lint (nothing is built there).
# Environment: LINT_JOBS (default 2) clang-tidy processes at once.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
jobs=${LINT_JOBS:-2}
status=0

if [[ $mode != --tidy-only ]]; then
  echo "lint: cppcheck"
  if ! cppcheck --enable=warning,performance,portability --std=c++20 --language=c++ --inline-suppr -q \
         --error-exitcode=1 -I include --suppress=missingIncludeSystem --suppress=unmatchedSuppression \
         apps include/iemlab; then
    status=1
  fi
fi

if [[ $mode != --cppcheck-only ]]; then
  tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
  cmake -S . -B build/lint -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
        -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DIEMLAB_BUILD_BENCH=OFF -DIEMLAB_BUILD_DOCS=OFF \
        -DIEMLAB_BUILD_EXAMPLES=OFF -DIEMLAB_BUILD_TESTS=OFF >/dev/null
  # Every public header in one translation unit, compiled with the flags of the CLI's main.cpp.
  all=build/lint/all_headers.cpp
  find include/iemlab -name '*.hpp' -not -path '*/detail/*' | sort | sed 's|^include/\(.*\)|#include <\1>|' >"$all"
  flags=$(python3 - <<'PY'
import json, shlex
for c in json.load(open("build/lint/compile_commands.json")):
    if c["file"].endswith("apps/iemlab/main.cpp"):
        args = shlex.split(c["command"])[1:]
        keep, skip = [], False
        for a in args:
            if skip: skip = False; continue
            if a in ("-o", "-c"): skip = True; continue
            if a.endswith(".cpp"): continue
            keep.append(a)
        print(" ".join(shlex.quote(a) for a in keep))
        break
PY
)
  echo "lint: clang-tidy ($tidy) on apps/iemlab/*.cpp and every public header"
  run_tidy() {
    if [[ $1 == "$all" ]]; then eval "\"$tidy\" --quiet \"$1\" -- $flags"; else "$tidy" --quiet -p build/lint "$1"; fi
  }
  export -f run_tidy
  export tidy all flags
  if ! printf '%s\n' "$all" apps/iemlab/*.cpp |
       xargs -P "$jobs" -I{} bash -c 'run_tidy "$1" 2>&1 | grep -vE "^[0-9]+ warnings? generated|^Suppressed|header-filter|^$" ; exit ${PIPESTATUS[0]}' _ {}; then
    status=1
  fi
fi
[[ $status -eq 0 ]] && echo "lint: clean" || echo "lint: FAILED"
exit $status
