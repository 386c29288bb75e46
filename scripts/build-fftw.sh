#!/usr/bin/env bash
# Builds FFTW 3.3.10 from Debian's source package with SSE2, AVX, AVX2/FMA and AVX-512 codelets (single and double
# precision, static libraries) into a local prefix, as the yardstick for `scripts/bench-report.sh --fftw PREFIX`
# (docs/benchmarking.md). Debian's libfftw3 has SSE2/AVX codelets only, so it is not the best FFTW an AVX2 or
# AVX-512 CPU can run.
#
# usage: scripts/build-fftw.sh [--prefix DIR] [--work DIR] [--jobs N] [--no-avx512]
#   --prefix DIR  install here (default build/fftw-avx512 in the repository, which git ignores; with
#                 --no-avx512 build/fftw-avx2)
#   --work DIR    download and build here (default build/fftw-src-avx512, or -avx2); emptied on every run
#   --jobs N      parallel make jobs (default: the number of CPUs)
#   --no-avx512   leave out the AVX-512 codelets: the yardstick for iemlab's avx2 level on an AVX-512 CPU (FFTW
#                 has no run-time switch to stop using codelets it was built with)
#
# `apt-get source fftw3` needs a deb-src entry. When apt has none, the script ADDS ONE, the file
# /etc/apt/sources.list.d/iemlab-deb-src.sources (Debian's archive, the suites of the deb entries already
# configured), and runs `apt-get update`; both need root (sudo when not root). Delete that file to undo it.
# It also installs dpkg-dev (for dpkg-source) when missing. It never touches the system's FFTW.
# Build time: about 5-10 minutes on 2 cores (both precisions); run it with `nice` on a shared machine.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
say() { echo "build-fftw: $*" >&2; }
die() { echo "build-fftw: error: $*" >&2; exit 1; }

prefix=""
work=""
avx512=1
jobs=$(nproc 2>/dev/null || echo 2)
while (($#)); do
  case $1 in
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    --prefix | --work | --jobs)
      (($# >= 2)) && [[ -n $2 ]] || die "$1 needs a value"
      case $1 in
        --prefix) prefix=$2 ;;
        --work) work=$2 ;;
        --jobs) [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer, got '$2'"; jobs=$2 ;;
      esac
      shift 2 ;;
    --no-avx512) avx512=0; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
isa=avx512
((avx512)) || isa=avx2
[[ -n $prefix ]] || prefix=$root/build/fftw-$isa
[[ -n $work ]] || work=$root/build/fftw-src-$isa
command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script needs Debian (or a derivative)"
mkdir -p "$prefix" "$(dirname "$work")"
prefix=$(cd "$prefix" && pwd)
work=$(cd "$(dirname "$work")" && pwd)/$(basename "$work")

sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)

# (a) dpkg-source (dpkg-dev) and a C compiler.
missing=()
for p in dpkg-dev build-essential; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
fi

# (b) A deb-src entry, unless apt already knows the source package.
if ! apt-get source --print-uris fftw3 >/dev/null 2>&1; then
  suites=$(grep -hs '^Suites:' /etc/apt/sources.list.d/*.sources | sed 's/^Suites://' | tr ' ' '\n' |
             grep -E '^[a-z]+(-updates)?$' | sort -u | paste -sd ' ' || true)
  if [[ -z $suites ]]; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    [[ -n $codename ]] || die "cannot tell the Debian release (no Suites: line, no VERSION_CODENAME)"
    suites=$codename
  fi
  file=/etc/apt/sources.list.d/iemlab-deb-src.sources
  say "apt has no deb-src entry for fftw3: ADDING $file (deb-src http://deb.debian.org/debian $suites main)" \
    "and running apt-get update; delete that file to undo it"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\n%s\n' "$suites" \
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | "${sudo[@]}" tee "$file" >/dev/null ||
    die "cannot write $file"
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  apt-get source --print-uris fftw3 >/dev/null 2>&1 || die "apt still finds no source package fftw3"
fi

# (c) Download and unpack (dpkg-source checks the signature and checksums).
rm -rf -- "$work"
mkdir -p "$work"
say "apt-get source fftw3 into $work"
(cd "$work" && apt-get source -qq fftw3 >&2) || die "apt-get source fftw3 failed"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'fftw3-*' | head -n 1)
[[ -n $src && -x $src/configure ]] || die "no unpacked FFTW source with a configure script under $work"
version=$(sed -n "s/^PACKAGE_VERSION='\\(.*\\)'$/\\1/p" "$src/configure" | head -n 1)
[[ $version == 3.3.10 ]] || say "warning: Debian's source is FFTW '$version', not 3.3.10"

# (d) Two builds (double, then single precision) into the same prefix. SSE2, AVX, AVX2 (with FMA) and AVX-512
# (unless --no-avx512) codelets; FFTW picks among them at run time by the CPU's features. Static, position-
# independent libraries.
common=(--prefix="$prefix" --enable-static --disable-shared --with-pic --disable-fortran
        --enable-sse2 --enable-avx --enable-avx2 --enable-fma)
((avx512)) && common+=(--enable-avx512)
for precision in double single; do
  flags=()
  [[ $precision == single ]] && flags=(--enable-float)
  dir=$work/build-$precision
  mkdir -p "$dir"
  say "configuring the $precision precision build (${common[*]:1} ${flags[*]})"
  (cd "$dir" && "$src/configure" "${common[@]}" "${flags[@]}" CFLAGS="-O3 -fomit-frame-pointer" \
     >"$dir/configure.log" 2>&1) || die "configure ($precision) failed; see $dir/configure.log"
  say "building ($precision, make -j$jobs)"
  (cd "$dir" && make -j"$jobs" >"$dir/make.log" 2>&1 && make install >"$dir/install.log" 2>&1) ||
    die "make ($precision) failed; see $dir/make.log"
done

[[ -f $prefix/lib/libfftw3.a && -f $prefix/lib/libfftw3f.a && -f $prefix/include/fftw3.h ]] ||
  die "the install under $prefix is incomplete"
codelets="SSE2/AVX/AVX2/FMA"
((avx512)) && codelets+="/AVX-512"
say "installed FFTW $version (double and single, $codelets codelets) under $prefix"
say "compare with it: scripts/bench-report.sh --fftw $prefix"
