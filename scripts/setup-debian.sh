#!/usr/bin/env bash
# Installs the Debian 12 packages iemlab needs, only those missing; silent when nothing is missing.
set -euo pipefail
packages=(build-essential cmake ninja-build lld libxsimd-dev xtl-dev libboost-dev catch2 libbenchmark-dev
          doxygen graphviz libsndfile1-dev libcli11-dev nlohmann-json3-dev libfftw3-dev libeigen3-dev
          pkg-config libxml2-utils python3) # libxml2-utils: xmllint checks the SVG plots in ctest; python3 (standard
          # library only) makes and checks the signals of tests/cli/analysis_signals.py
packages+=(jackd2 libjack-jackd2-dev) # live measurement: libjack, and jackd's dummy backend for the tests
packages+=(pybind11-dev python3-dev python3-numpy python3-pytest python3-scipy) # the Python module (python/) and
# its pytest suite; numpy, scipy and pytest for Debian's /usr/bin/python3 (matplotlib stays optional)
packages+=(chromium) # headless screenshots of the HTML reports (cli.*-report-renders); measured: apt-get update 5 s +
                     # install 43 s on a Debian 12 machine (2026-12-07), well inside the CI budget
packages+=("$@") # callers may ask for more
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "setup-debian: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
# jackd2 asks whether to enable real-time scheduling; answer it beforehand so the install never waits.
echo "jackd2 jackd/tweak_rt_limits boolean false" | "${sudo[@]}" debconf-set-selections 2>/dev/null || true
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
