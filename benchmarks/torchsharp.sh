#!/usr/bin/env bash
# TorchSharp-cpu 0.107 (libtorch 2.10) on the benchmark workload: builds tests/TorchSharpProbe and runs it with
# the arguments given. benchmarks/compare.sh calls it; by hand:
#
#   benchmarks/torchsharp.sh check            # loads libtorch
#   benchmarks/torchsharp.sh train 1 3        # threads, epochs
#   benchmarks/torchsharp.sh predict 2        # threads
#
# TorchSharp's native wrapper (libLibTorchSharp.so) needs the C++ runtime of GCC 13 (GLIBCXX_3.4.32); Debian 12
# ships GCC 12's (3.4.30), and GCC 14's from Debian 13 needs Debian 13's C library. Where the system's runtime is
# too old, the probe runs on Debian 13's C and C++ runtimes instead, kept in a private folder, the system untouched:
# Debian 13's libc6, libstdc++6 and libgcc-s1 packages are fetched with `apt-get download` from the Debian archive
# this machine's apt already uses (a private package list, not the system's), unpacked into the folder, and a copy
# of the probe's launcher gets that folder's loader as its ELF interpreter (patchelf). Only that process sees them.
# Folder: ${SOURCEGENNET_CACHE:-~/.cache/sourcegennet}/debian13-runtime. TORCHSHARP_NO_BUILD=1 skips the build.
set -eu  # no pipefail: the pipelines below stop reading early (head, awk exit) on purpose
cd "$(dirname "$0")/.."
OUT=tests/TorchSharpProbe/bin/Release/net10.0
PROBE=$OUT/SourceGenNet.TorchSharpProbe
if [ "${TORCHSHARP_NO_BUILD:-0}" != 1 ]; then
  dotnet build -c Release tests/TorchSharpProbe -v q -nologo > /dev/null
fi

needed=$(objdump -T "$OUT/runtimes/linux-x64/native/libLibTorchSharp.so" | grep -o 'GLIBCXX_3\.4\.[0-9]*' | sort -V | tail -1)
system_cxx=$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
if grep -qaF "$needed" "$system_cxx"; then exec "$PROBE" "$@"; fi

RUNTIME=${SOURCEGENNET_CACHE:-$HOME/.cache/sourcegennet}/debian13-runtime
LIBS=$RUNTIME/root/usr/lib/x86_64-linux-gnu
if [ ! -e "$LIBS/ld-linux-x86-64.so.2" ] || ! grep -qaF "$needed" "$LIBS/libstdc++.so.6"; then
  command -v patchelf > /dev/null || apt-get install -y patchelf > /dev/null
  # The archive this machine's apt is set up with (the first that is not the security archive).
  archive=$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } |
             awk '/^URIs:/ || /^deb / { print $2 }' | grep -v security | head -1)
  [ -n "$archive" ] || { echo "no Debian archive found in the apt configuration" >&2; exit 1; }
  rm -rf "$RUNTIME" && mkdir -p "$RUNTIME/lists/partial" "$RUNTIME/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive trixie main" > "$RUNTIME/sources.list"
  private=(-o Dir::Etc::SourceList="$RUNTIME/sources.list" -o Dir::Etc::SourceParts=/dev/null
           -o Dir::State::Lists="$RUNTIME/lists" -o Dir::Cache="$RUNTIME/cache")
  apt-get "${private[@]}" update > /dev/null
  (cd "$RUNTIME" && apt-get "${private[@]}" download libc6 libstdc++6 libgcc-s1 > /dev/null 2>&1)
  for deb in "$RUNTIME"/*.deb; do dpkg-deb -x "$deb" "$RUNTIME/root"; done
  grep -qaF "$needed" "$LIBS/libstdc++.so.6" || { echo "Debian 13's libstdc++ lacks $needed" >&2; exit 1; }
fi
cp "$PROBE" "$PROBE.debian13"
patchelf --set-interpreter "$LIBS/ld-linux-x86-64.so.2" "$PROBE.debian13"
LD_LIBRARY_PATH="$LIBS" exec "$PROBE.debian13" "$@"
