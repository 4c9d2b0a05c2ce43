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


peak1, peak2 = max(values["peak_1core_gflops"]), max(values["peak_2core_gflops"])
ours = med("ours_epoch_s")
ours2 = med("ours_t2_epoch_s")
torch1, torch2 = med("torch_t1_epoch_s"), med("torch_t2_epoch_s")
best_torch = min(torch1, torch2)
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
print(f"| training, s/epoch (1 thread) | {ours:.3f} | PyTorch 1 thread {torch1:.3f} | {torch1 / ours:.1f}x faster |")
print(f"| | | PyTorch 2 threads {torch2:.3f} | {torch2 / ours:.1f}x faster |")
print(f"| | | best PyTorch {best_torch:.3f} | **{best_torch / ours:.1f}x** faster |")
print(f"| training, s/epoch (2 threads) | {ours2:.3f} | best PyTorch {best_torch:.3f} | **{best_torch / ours2:.1f}x** faster |")
print(f"| two threads against one | {ours / ours2:.2f}x | PyTorch {torch1 / torch2:.2f}x | |")
print(f"| training, % of one-core FMA peak | {100 * EPOCH_GFLOP / ours / peak1:.0f} % ({EPOCH_GFLOP / ours:.1f} GFLOP/s) | PyTorch best {100 * EPOCH_GFLOP / best_torch / peak1:.1f} % | |")
print(f"| training on 2 threads, % of two-core FMA peak | {100 * EPOCH_GFLOP / ours2 / peak2:.0f} % ({EPOCH_GFLOP / ours2:.1f} GFLOP/s) | | |")
print(f"| single-sample prediction, median us | {lat:.2f} | ONNX Runtime 1 thread {ort1_lat:.2f} | {ort1_lat / lat:.1f}x faster |")
print(f"| | | ONNX Runtime 2 threads {ort2_lat:.2f} | {ort2_lat / lat:.1f}x faster |")
print(f"| batch of 10,000, samples/s (1 thread) | {thr32:,.0f} (chunks of 32), {thr256:,.0f} (chunks of 256) | ONNX Runtime 1 thread {ort1_thr:,.0f} | {max(thr32, thr256) / ort1_thr:.2f}x |")
print(f"| batch of 10,000, samples/s (2 threads) | {thr32_2:,.0f} (chunks of 32), {thr256_2:,.0f} (chunks of 256) | ONNX Runtime 2 threads {ort2_thr:,.0f} | {max(thr32_2, thr256_2) / ort2_thr:.2f}x |")
print(f"| GCs during the timed Fit epochs | {med('ours_fit_gcs'):.0f} (1 thread), {med('ours_t2_fit_gcs'):.0f} (2 threads) | | |")
print(f"| bytes allocated per timed Fit call (all its epochs) | {med('ours_fit_bytes_per_call'):,.0f} | | |")
print(f"| a Fit call's time outside its epochs (input checks, buffers) | {med('ours_fit_call_overhead_ms'):.1f} ms | | |")
print(f"| bytes allocated per Predict | {med('ours_predict_1_bytes'):.0f} | | |")
