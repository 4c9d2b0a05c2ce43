using System;
using System.Diagnostics;

namespace SourceGenNet.Benchmarks;

/// <summary>Single-sample latency (median of blocks of calls) and batch-of-10,000 throughput of the generated predictor (1 and 2 threads).</summary>
internal static class PredictProbe
{
    public static void Run()
    {
        var (x, _, _) = BenchData.Load();
        var model = new BenchModel(seed: 1);
        var output = new float[10];
        ReadOnlySpan<float> sample = x.AsSpan(0, 784);

        Measure.Result("ours_predict_1_us", Measure.SingleLatencyMicroseconds(i => model.Predict(x.AsSpan(i % 1000 * 784, 784), output)), "us");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) model.Predict(sample, output);
        Measure.Result("ours_predict_1_bytes", (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0, "B");

        var inputs = x.AsSpan(0, 10_000 * 784).ToArray();
        var outputs = new float[10_000 * 10];
        foreach (int threads in new[] { 1, 2 })
            foreach (int chunk in new[] { 32, 256 })
            {
                using var m = new BenchModel(seed: 1, maxBatchSize: chunk) { TrainingThreads = threads };
                double seconds = Measure.MedianSeconds(() => m.PredictBatch(inputs, outputs), 15);
                string name = threads == 1 ? $"ours_predict_10k_chunk{chunk}_per_s" : $"ours_t{threads}_predict_10k_chunk{chunk}_per_s";
                Measure.Result(name, 10_000 / seconds, "samples/s");
            }
    }
}
