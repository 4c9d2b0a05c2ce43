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

        Program.Result("ours_predict_1_us", SingleLatencyMicroseconds(i => model.Predict(x.AsSpan(i % 1000 * 784, 784), output)), "us");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) model.Predict(sample, output);
        Program.Result("ours_predict_1_bytes", (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0, "B");

        var inputs = x.AsSpan(0, 10_000 * 784).ToArray();
        var outputs = new float[10_000 * 10];
        foreach (int threads in new[] { 1, 2 })
            foreach (int chunk in new[] { 32, 256 })
            {
                using var m = new BenchModel(seed: 1, maxBatchSize: chunk) { TrainingThreads = threads };
                double seconds = MedianSeconds(() => m.PredictBatch(inputs, outputs), 15);
                string name = threads == 1 ? $"ours_predict_10k_chunk{chunk}_per_s" : $"ours_t{threads}_predict_10k_chunk{chunk}_per_s";
                Program.Result(name, 10_000 / seconds, "samples/s");
            }
    }

    /// <summary>Median over 101 blocks of 2,000 calls of the time per call, after 20,000 warm-up calls.</summary>
    public static double SingleLatencyMicroseconds(Action<int> call)
    {
        for (int i = 0; i < 20_000; i++) call(i);
        var perCall = new double[101];
        for (int block = 0; block < perCall.Length; block++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < 2000; i++) call(i);
            perCall[block] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / 2000;
        }
        Array.Sort(perCall);
        return perCall[perCall.Length / 2];
    }

    public static double MedianSeconds(Action run, int repeats)
    {
        for (int i = 0; i < 3; i++) run();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        return seconds[repeats / 2];
    }
}
