#!/usr/bin/env bash
# Side by side, on this machine, in one run: the FMA peak (a small C# probe), our trainer and predictor (1 and 2 threads),
# PyTorch (Debian's python3-torch, at 1 and 2 threads), TorchSharp (NuGet's TorchSharp-cpu, 1 and 2 threads, through
# benchmarks/torchsharp.sh) and ONNX Runtime (NuGet, 1 and 2 intra-op threads),
# alternated over ROUNDS rounds; prints one table of medians. Not part of `dotnet test`.
#
#   benchmarks/compare.sh                 # ROUNDS=3 EPOCHS=3 by default
#   ROUNDS=5 SOURCEGENNET_DATA=~/fashion-mnist benchmarks/compare.sh
#   TORCHSHARP=0 benchmarks/compare.sh      # without TorchSharp (its first run fetches ~600 MB of libtorch from NuGet)
#
# Needs: apt-get install -y python3-torch libopenblas0-openmp   (for /usr/bin/python3)
# Check `uptime` first: other work on the machine distorts every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
EPOCHS=${EPOCHS:-3}
PY=${PYTHON:-/usr/bin/python3}
OUT=$(mktemp -d)
LOG="$OUT/results.txt"

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release tests/Benchmarks -v q -nologo | grep -E "error|Warn" || true
BENCH=tests/Benchmarks/bin/Release/net10.0/SourceGenNet.Benchmarks
"$PY" benchmarks/torch_bench.py export "$OUT/bench.onnx" > /dev/null
# TorchSharp: included when benchmarks/torchsharp.sh can load it (it fetches Debian 13's C and C++ runtimes for it
# on Debian 12, see there); otherwise left out, saying why. TORCHSHARP=0 leaves it out.
if [ "${TORCHSHARP:-1}" = 0 ]; then
  echo "TorchSharp not included: TORCHSHARP=0"
elif benchmarks/torchsharp.sh check > "$OUT/torchsharp.txt" 2>&1; then
  TORCHSHARP=1
  tail -1 "$OUT/torchsharp.txt"
else
  TORCHSHARP=0
  echo "TorchSharp not included: $(grep -m1 -iE 'error|exception|not found' "$OUT/torchsharp.txt" || tail -1 "$OUT/torchsharp.txt")"
fi

"$BENCH" peak | tee -a "$LOG"
for round in $(seq 1 "$ROUNDS"); do
  echo "--- round $round of $ROUNDS (load $(cut -d' ' -f1 /proc/loadavg))"
  "$BENCH" train "$EPOCHS" 1 | tee -a "$LOG"
  "$BENCH" train "$EPOCHS" 2 | tee -a "$LOG"
  "$PY" benchmarks/torch_bench.py train 1 "$EPOCHS" | tee -a "$LOG"
  "$PY" benchmarks/torch_bench.py train 2 "$EPOCHS" | tee -a "$LOG"
  if [ "$TORCHSHARP" = 1 ]; then
    for args in "train 1 $EPOCHS" "train 2 $EPOCHS" "predict 1" "predict 2"; do
      TORCHSHARP_NO_BUILD=1 benchmarks/torchsharp.sh $args | tee -a "$LOG"
    done
  fi
  "$BENCH" predict | tee -a "$LOG"
  "$BENCH" onnx "$OUT/bench.onnx" | tee -a "$LOG"
done
"$BENCH" peak | tee -a "$LOG"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" benchmarks/compare_table.py "$LOG"
