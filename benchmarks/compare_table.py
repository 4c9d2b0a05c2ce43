"""Reads the RESULT lines of benchmarks/compare.sh and prints the comparison table (medians over rounds)."""
import statistics
import sys
from collections import defaultdict

EPOCH_GFLOP = 16.8  # 48,000 x 320,000 FLOP + 1,500 x 12 x 79,510 (tests/Benchmarks/TrainProbe.cs)

values = defaultdict(list)
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        _, name, value, _unit = line.split(maxsplit=3)
        values[name].append(float(value))


def med(name):
    return statistics.median(values[name]) if values[name] else float("nan")


def per_round(numerator, denominator):
    """numerator / denominator within each round (both lists in round order): the VM's speed drifts between rounds,
    and a ratio taken inside one round is not moved by that drift the way a ratio of medians can be."""
    pairs = [a / b for a, b in zip(numerator, denominator) if b]
    if not pairs:
        return "n/a"
    return f"{statistics.median(pairs):.2f}x (rounds {min(pairs):.2f}-{max(pairs):.2f})"


peak1, peak2 = max(values["peak_1core_gflops"]), max(values["peak_2core_gflops"])
ours = med("ours_epoch_s")
ours2 = med("ours_t2_epoch_s")
torch1, torch2 = med("torch_t1_epoch_s"), med("torch_t2_epoch_s")
# TorchSharp is in the log when benchmarks/torchsharp.sh could load it (see compare.sh).
has_ts = bool(values["torchsharp_t1_epoch_s"])
ts1, ts2 = med("torchsharp_t1_epoch_s"), med("torchsharp_t2_epoch_s")
trainers = {"PyTorch 1 thread": torch1, "PyTorch 2 threads": torch2}
if has_ts:
    trainers.update({"TorchSharp 1 thread": ts1, "TorchSharp 2 threads": ts2})
best_peer_name, best_peer = min(trainers.items(), key=lambda item: item[1])
best_label = "best of PyTorch and TorchSharp" if has_ts else "best PyTorch"
lat = med("ours_predict_1_us")
ort1_lat, ort2_lat = med("onnx_t1_predict_1_us"), med("onnx_t2_predict_1_us")
thr32, thr256 = med("ours_predict_10k_chunk32_per_s"), med("ours_predict_10k_chunk256_per_s")
thr32_2, thr256_2 = med("ours_t2_predict_10k_chunk32_per_s"), med("ours_t2_predict_10k_chunk256_per_s")
ort1_thr, ort2_thr = med("onnx_t1_predict_10k_per_s"), med("onnx_t2_predict_10k_per_s")
rounds = len(values["ours_epoch_s"])

print()
print(f"FMA peak: {peak1:.1f} GFLOP/s on one core, {peak2:.1f} on two (best of the probe's runs)")
print(f"medians of {rounds} interleaved rounds")
print()
print("| measure | SourceGenNet | peer | ratio |")
print("|---|---|---|---|")
first = True
for name, seconds in trainers.items():
    print(f"| {'training, s/epoch (1 thread)' if first else ''} | {f'{ours:.3f}' if first else ''} | {name} {seconds:.3f} | {seconds / ours:.1f}x faster |")
    first = False
print(f"| | | {best_label} ({best_peer_name}) {best_peer:.3f} | **{best_peer / ours:.1f}x** faster |")
print(f"| training, s/epoch (2 threads) | {ours2:.3f} | {best_label} {best_peer:.3f} | **{best_peer / ours2:.1f}x** faster |")
ts_scaling = f", TorchSharp {ts1 / ts2:.2f}x" if has_ts else ""
print(f"| two threads against one | {ours / ours2:.2f}x | PyTorch {torch1 / torch2:.2f}x{ts_scaling} | |")
print(f"| training, % of one-core FMA peak | {100 * EPOCH_GFLOP / ours / peak1:.0f} % ({EPOCH_GFLOP / ours:.1f} GFLOP/s) | {best_label} {100 * EPOCH_GFLOP / best_peer / peak1:.1f} % | |")
print(f"| training on 2 threads, % of two-core FMA peak | {100 * EPOCH_GFLOP / ours2 / peak2:.0f} % ({EPOCH_GFLOP / ours2:.1f} GFLOP/s) | | |")
predictors = {"ONNX Runtime 1 thread": ort1_lat, "ONNX Runtime 2 threads": ort2_lat}
if has_ts:
    predictors.update({"TorchSharp 1 thread": med("torchsharp_t1_predict_1_us"), "TorchSharp 2 threads": med("torchsharp_t2_predict_1_us")})
first = True
for name, micros in predictors.items():
    print(f"| {'single-sample prediction, median us' if first else ''} | {f'{lat:.2f}' if first else ''} | {name} {micros:.2f} | {micros / lat:.1f}x faster |")
    first = False
print(f"| batch of 10,000, samples/s (1 thread) | {thr32:,.0f} (chunks of 32), {thr256:,.0f} (chunks of 256) | ONNX Runtime 1 thread {ort1_thr:,.0f} | {max(thr32, thr256) / ort1_thr:.2f}x |")
if has_ts:
    ts1_thr = med("torchsharp_t1_predict_10k_per_s")
    print(f"| | | TorchSharp 1 thread {ts1_thr:,.0f} | {max(thr32, thr256) / ts1_thr:.2f}x |")
print(f"| batch of 10,000, samples/s (2 threads) | {thr32_2:,.0f} (chunks of 32), {thr256_2:,.0f} (chunks of 256) | ONNX Runtime 2 threads {ort2_thr:,.0f} | {max(thr32_2, thr256_2) / ort2_thr:.2f}x |")
if has_ts:
    ts2_thr = med("torchsharp_t2_predict_10k_per_s")
    print(f"| | | TorchSharp 2 threads {ts2_thr:,.0f} | {max(thr32_2, thr256_2) / ts2_thr:.2f}x |")
print(f"| GCs during the timed Fit epochs | {med('ours_fit_gcs'):.0f} (1 thread), {med('ours_t2_fit_gcs'):.0f} (2 threads) | | |")
print(f"| bytes allocated per timed Fit call (all its epochs) | {med('ours_fit_bytes_per_call'):,.0f} | | |")
print(f"| a Fit call's time outside its epochs (input checks, buffers) | {med('ours_fit_call_overhead_ms'):.1f} ms | | |")
print(f"| bytes allocated per Predict | {med('ours_predict_1_bytes'):.0f} | | |")
target = med('ours_model_bytes_target')
print(f"| model memory after one Adam step, bytes (target: parameters x (1 + 1 + 2 slots) + one batch's activations = {target:,.0f}) | {med('ours_model_bytes'):,.0f} (1 thread, {med('ours_model_bytes') / target:.3f}x), {med('ours_t2_model_bytes'):,.0f} (2 threads, {med('ours_t2_model_bytes') / target:.3f}x) | | |")

# The same ratios taken round by round. A round runs every system once, one after the other, so these still see
# drift within a round, but not between rounds.
peer_series = {"PyTorch 1 thread": "torch_t1_epoch_s", "PyTorch 2 threads": "torch_t2_epoch_s",
               "TorchSharp 1 thread": "torchsharp_t1_epoch_s", "TorchSharp 2 threads": "torchsharp_t2_epoch_s"}
best_series = values[peer_series[best_peer_name]]
best_thr1 = [max(a, b) for a, b in zip(values["ours_predict_10k_chunk32_per_s"], values["ours_predict_10k_chunk256_per_s"])]
best_thr2 = [max(a, b) for a, b in zip(values["ours_t2_predict_10k_chunk32_per_s"], values["ours_t2_predict_10k_chunk256_per_s"])]
print()
print("per-round ratios, median (range):")
print(f"- training, 1 thread, against {best_peer_name}: {per_round(best_series, values['ours_epoch_s'])}")
print(f"- training, 2 threads, against {best_peer_name}: {per_round(best_series, values['ours_t2_epoch_s'])}")
print(f"- two threads against one: {per_round(values['ours_epoch_s'], values['ours_t2_epoch_s'])}")
print(f"- single prediction against ONNX Runtime 1 thread: {per_round(values['onnx_t1_predict_1_us'], values['ours_predict_1_us'])}")
print(f"- batch of 10,000 against ONNX Runtime, 1 thread: {per_round(best_thr1, values['onnx_t1_predict_10k_per_s'])}")
print(f"- batch of 10,000 against ONNX Runtime, 2 threads: {per_round(best_thr2, values['onnx_t2_predict_10k_per_s'])}")
if not has_ts:
    print("TorchSharp: not in this log (benchmarks/torchsharp.sh could not load it; compare.sh printed why).")
