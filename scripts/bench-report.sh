#!/usr/bin/env bash
# Per-CPU benchmark report: iemlab-bench at every SIMD level this CPU supports, FFTW and numpy.fft for
# comparison, merged into OUTDIR/report.json and a self-contained OUTDIR/report.html (docs/benchmarking.md).
#
# usage: scripts/bench-report.sh [--fftw PREFIX] [OUTDIR] [-- extra iemlab-bench arguments]
#   OUTDIR defaults to build/bench-report/<hostname>-<date>-<time>; it must not exist yet.
#   --fftw PREFIX  compare with the FFTW installed under PREFIX (lib/libfftw3{,f}.a or .so, include/fftw3.h;
#                  scripts/build-fftw.sh makes one with AVX2/FMA and AVX-512 codelets) instead of the system's.
#                  iemlab-bench is then built in its own directory, build/bench-fftw-<name of PREFIX>, with
#                  -DIEMLAB_FFTW_PREFIX=PREFIX; build/release stays untouched.
# environment:
#   BENCH_MIN_TIME=0.1       --benchmark_min_time per repetition, seconds (the default keeps a full report
#                            under about 10 minutes on a 2-core machine; 0.05 for a quick look)
#   BENCH_REPETITIONS=3      repetitions; the report uses their median
#   BENCH_FILTER=regex       only these benchmarks (POSIX extended regex, as --benchmark_filter), e.g. '^fft/'
#   BENCH_LEVELS="avx512 avx2 sse2 scalar"   levels to try; each is capped to what the CPU supports
#   BENCH_NUMPY_MIN_TIME=0.2 seconds per numpy timing repetition (best of 5)
#   BENCH_NO_BUILD=1         use the existing build/release/bin/iemlab-bench as it is
#   BENCH_BINARY=path        benchmark this iemlab-bench instead (implies no build)
#   PYTHON=python3           interpreter (must import numpy); otherwise the first of python3, /usr/bin/python3
# Run it at low priority on a shared machine with `nice -n 19 scripts/bench-report.sh`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
say() { echo "bench-report: $*" >&2; }
die() { echo "bench-report: error: $*" >&2; exit 1; }

outdir=""
fftw_prefix=""
extra=()
while (($#)); do
  case $1 in
    --) shift; extra=("$@"); break ;;
    --fftw)
      (($# >= 2)) && [[ -n $2 ]] || die "--fftw needs a PREFIX (an FFTW installation; scripts/build-fftw.sh)"
      fftw_prefix=$2; shift 2 ;;
    --fftw=*) fftw_prefix=${1#--fftw=}; [[ -n $fftw_prefix ]] || die "--fftw needs a PREFIX"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) die "unknown option '$1' (benchmark arguments go after --)" ;;
    *) [[ -z $outdir ]] || die "more than one OUTDIR ('$outdir', '$1')"; outdir=$1; shift ;;
  esac
done

min_time=${BENCH_MIN_TIME:-0.1}
repetitions=${BENCH_REPETITIONS:-3}
filter=${BENCH_FILTER:-.}
numpy_min_time=${BENCH_NUMPY_MIN_TIME:-0.2}
read -r -a wanted_levels <<<"${BENCH_LEVELS:-avx512 avx2 sse2 scalar}" # best first: that run also times FFTW
build_dir=$root/build/release
if [[ -n $fftw_prefix ]]; then
  [[ -z ${BENCH_BINARY:-} ]] || die "--fftw and BENCH_BINARY exclude each other (--fftw builds its own binary)"
  [[ -d $fftw_prefix ]] || die "--fftw $fftw_prefix: no such directory (make it with scripts/build-fftw.sh)"
  fftw_prefix=$(cd "$fftw_prefix" && pwd)
  [[ -f $fftw_prefix/include/fftw3.h ]] ||
    die "--fftw $fftw_prefix: no include/fftw3.h there (make it with scripts/build-fftw.sh --prefix $fftw_prefix)"
  build_dir=$root/build/bench-fftw-$(basename "$fftw_prefix")
fi
bench=${BENCH_BINARY:-$build_dir/bin/iemlab-bench}
[[ -n $outdir ]] || outdir=$root/build/bench-report/$(hostname)-$(date +%Y%m%d-%H%M%S)
[[ ! -e $outdir ]] || die "$outdir already exists; pass another OUTDIR"

# (a) Dependencies: only on Debian-like systems; elsewhere numpy has to be there already.
if command -v dpkg-query >/dev/null 2>&1; then
  "$here/setup-debian.sh" python3-numpy || die "installing python3-numpy failed (scripts/setup-debian.sh)"
fi
# Debian's python3-numpy belongs to /usr/bin/python3, which a pyenv or venv python3 earlier on PATH cannot see.
python=""
for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$candidate" -c 'import numpy' >/dev/null 2>&1; then python=$candidate; break; fi
done
[[ -n $python ]] || die "no Python 3 with numpy found (install python3-numpy or set PYTHON)"

# (b) Build. Ninja decides whether the binary is stale; a no-op build takes well under a second.
if [[ ${BENCH_NO_BUILD:-0} != 1 && -z ${BENCH_BINARY:-} ]]; then
  if [[ -z $fftw_prefix ]]; then
    say "building iemlab-bench (release preset)"
    (
      cd "$root"
      [[ -f build/release/build.ninja ]] || cmake --preset release >/dev/null
      cmake --build --preset release --target iemlab-bench
    ) >&2 || die "building iemlab-bench failed (see the output above; is libbenchmark-dev installed?)"
  else
    say "building iemlab-bench against the FFTW under $fftw_prefix in $build_dir"
    (
      cd "$root"
      # The release preset's flags, in a directory of its own (its binaries too), with only the benchmark.
      cmake --preset release -B "$build_dir" -DCMAKE_RUNTIME_OUTPUT_DIRECTORY="$build_dir/bin" \
        -DIEMLAB_FFTW_PREFIX="$fftw_prefix" -DIEMLAB_BUILD_TESTS=OFF -DIEMLAB_BUILD_APPS=OFF \
        -DIEMLAB_BUILD_EXAMPLES=OFF -DIEMLAB_BUILD_DOCS=OFF -DIEMLAB_BUILD_PYTHON=OFF >/dev/null
      cmake --build "$build_dir" --target iemlab-bench -j 2
    ) >&2 || die "building iemlab-bench with IEMLAB_FFTW_PREFIX=$fftw_prefix failed (see the output above)"
  fi
fi
[[ -x $bench ]] || die "$bench not found or not executable (build it, or unset BENCH_NO_BUILD / BENCH_BINARY)"

# Everything goes to a temporary sibling of OUTDIR, renamed at the end: a failed run leaves no partial report.
mkdir -p "$(dirname "$outdir")"
tmp=$(mktemp -d "$outdir.tmp.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT TERM # through the EXIT trap
mkdir "$tmp/raw"

# (c) Which levels are distinct on this CPU: ask iemlab-bench itself (a ~10 ms run of one benchmark), since it
# knows what the OS enables too. A request above the CPU's level comes back capped and is skipped as a duplicate.
all_names=$("$bench" --benchmark_list_tests=true 2>/dev/null) || die "$bench does not run"
regex_list() { # names on stdin -> ^(a|b|...)$ with regex metacharacters escaped
  # shellcheck disable=SC2016 # the $ in the sed bracket expression is literal
  printf '^(%s)$' "$(sed 's/[][\.*^$()+?{}|]/\\&/g' | paste -sd '|')"
}
probe=${all_names%%$'\n'*}
[[ -n $probe ]] || die "$bench lists no benchmarks"
levels=()
for lvl in "${wanted_levels[@]}"; do
  got=$("$bench" --arch="$lvl" --benchmark_filter="$(regex_list <<<"$probe")" --benchmark_min_time=0.001 \
          --benchmark_format=json 2>/dev/null |
        "$python" -c 'import json, sys; print(json.load(sys.stdin)["context"]["simd_level"])') ||
    die "iemlab-bench --arch=$lvl failed to start"
  [[ " ${levels[*]} " == *" $got "* ]] || levels+=("$got")
done
say "SIMD levels on this CPU: ${levels[*]}"

# FFTW's speed does not depend on --arch, so it runs only with the first (best) level. Debian's Google Benchmark
# uses POSIX regexes (no lookahead), so "BENCH_FILTER but not fftw" becomes an explicit list of names.
selected=$("$bench" --benchmark_list_tests=true --benchmark_filter="$filter" 2>/dev/null) || true
[[ -n $selected ]] || die "BENCH_FILTER '$filter' matches no benchmark (or is not a valid POSIX regex)"
without_fftw=$(grep -v '^fft/fftw/' <<<"$selected" || true)
later_filter=""
[[ -z $without_fftw ]] || later_filter=$(regex_list <<<"$without_fftw")

started=$SECONDS
i=0
for lvl in "${levels[@]}"; do
  i=$((i + 1))
  run_filter=$filter
  count=$(wc -l <<<"$selected")
  if ((i > 1)); then
    [[ -n $later_filter ]] || break # the filter selected FFTW only
    run_filter=$later_filter
    count=$(wc -l <<<"$without_fftw")
  fi
  say "level $lvl ($i/${#levels[@]}): $count benchmarks × $repetitions × ${min_time} s," \
    "$((SECONDS - started)) s so far"
  log=$tmp/raw/bench-$lvl.log
  "$bench" --arch="$lvl" --benchmark_filter="$run_filter" --benchmark_min_time="$min_time" \
    --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$tmp/raw/bench-$lvl.json" --benchmark_out_format=json "${extra[@]}" >"$log" 2>&1 ||
    die "iemlab-bench --arch=$lvl failed (exit $?): $(grep -v '^\s*$' "$log" | tail -n 1)"
  [[ -s $tmp/raw/bench-$lvl.json ]] || die "iemlab-bench --arch=$lvl wrote no JSON (see $log)"
done

# (d) numpy on the same FFT sizes.
jsons=("$tmp"/raw/bench-*.json)
numpy_args=()
if grep -q '^fft/iemlab/' <<<"$selected"; then
  say "timing numpy.fft ($((SECONDS - started)) s so far)"
  "$python" "$here/bench_numpy.py" --from-bench "${jsons[@]}" --min-time "$numpy_min_time" \
    -o "$tmp/raw/numpy.json" 2>"$tmp/raw/numpy.log" ||
    die "scripts/bench_numpy.py failed: $(tail -n 1 "$tmp/raw/numpy.log")"
  numpy_args=(--numpy "$tmp/raw/numpy.json")
fi

# (e) Merge, then publish atomically.
"$python" "$here/bench_report.py" --out "$tmp" "${numpy_args[@]}" --build-dir "$build_dir" \
  --setting "min_time=$min_time s" --setting "repetitions=$repetitions" --setting "filter=$filter" \
  --setting "extra_args=${extra[*]}" --setting "random_interleaving=true" \
  --setting "nice=$(nice)" "${jsons[@]}" || die "scripts/bench_report.py failed"
mv -T "$tmp" "$outdir"
trap - EXIT
say "done in $((SECONDS - started)) s: $outdir/report.html"
