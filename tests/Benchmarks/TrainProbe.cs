using System;
using System.Diagnostics;
using SourceGenNet.Kernels;
using SourceGenNet.Losses;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// Epoch time of <c>Fit</c>, and where one step's time goes.
/// FLOP accounting (the issue's): one prediction 2·(784·100 + 100·10) ≈ 159,000 FLOP (+ bias and activation);
/// forward + backward ≈ 320,000 FLOP per training sample (forward, weight gradients, layer 2's input gradient;
/// layer 1 needs no input gradient); Adam ≈ 12 FLOP per parameter per step; so one epoch of 48,000 samples
/// in 1,500 steps is 48,000 · 320,000 + 1,500 · 12 · 79,510 ≈ 16.8 GFLOP.
/// </summary>
internal static class TrainProbe
{
    public const double EpochFlop = 48_000.0 * 320_000 + 1_500.0 * 12 * 79_510;

    public static void Run(int epochs, int threads = 1)
    {
        var (x, y, source) = BenchData.Load();
        Console.WriteLine($"data: {source}");
        using var model = new BenchModel(seed: 1) { TrainingThreads = threads };
        Console.WriteLine($"training threads: {threads}");
        model.Compile(new Adam());
        model.Fit(x, y, epochs: 1, batchSize: 32, seed: 1); // warm-up: tiered compilation reaches its final code

        // One Fit call over all the timed epochs, each epoch's time as History (and Keras) reports it: the
        // step loop, after the shuffle. What the call spends outside its epochs (checking every input is
        // finite, allocating the shuffle order and the batch buffers) is reported on its own.
        int gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        long processBytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        History history = model.Fit(x, y, epochs: epochs, batchSize: 32, seed: 2);
        double callSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore;
        long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        long processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBytesBefore;
        var seconds = history.EpochSeconds.ToArray();
        for (int e = 0; e < epochs; e++)
            Console.WriteLine($"epoch {e + 1}: {seconds[e]:F4} s, loss {history.Loss[e]:F4}, accuracy {history.Accuracy[e]:F4}");
        double outside = callSeconds;
        foreach (double epochSeconds in seconds) outside -= epochSeconds;
        Console.WriteLine($"the Fit call outside its epochs: {outside * 1e3:F1} ms");
        Array.Sort(seconds);
        double median = seconds[epochs / 2];
        // One thread keeps the names compare_table.py has always read; other counts say theirs.
        string prefix = threads == 1 ? "ours" : $"ours_t{threads}";
        Measure.Result($"{prefix}_epoch_s", median, "s");
        Measure.Result($"{prefix}_epoch_gflops", EpochFlop / median / 1e9, "GFLOP/s");
        Measure.Result($"{prefix}_fit_gcs", gcs, "collections");
        Measure.Result($"{prefix}_fit_bytes_per_call", bytes, "B");
        Measure.Result($"{prefix}_fit_process_bytes_per_call", processBytes, "B");
        Measure.Result($"{prefix}_fit_call_overhead_ms", outside * 1e3, "ms");

        // The model's memory, against the issue's "parameters x (1 + 1 + optimizer slots) plus the activations of one
        // batch": what a second model allocates on this thread from its construction to the end of its first step
        // with Adam (its buffers are the model's own; a batch prediction would add the packed kernels, once).
        long modelBefore = GC.GetAllocatedBytesForCurrentThread();
        using (var fresh = new BenchModel(seed: 1) { TrainingThreads = threads })
        {
            fresh.Compile(new Adam());
            fresh.TrainStep(x.AsSpan(0, 32 * 784), y.AsSpan(0, 32));
        }
        Measure.Result($"{prefix}_model_bytes", GC.GetAllocatedBytesForCurrentThread() - modelBefore, "B");
        const long activationBytes = 32 * (100 + 100 + 10 + 10) * sizeof(float);  // one batch: each layer's activations and their gradient
        Measure.Result($"{prefix}_model_bytes_target", 79_510L * sizeof(float) * (1 + 1 + 2) + activationBytes, "B");
    }

    /// <summary>One training step, phase by phase, with the kernels the generated code calls, on the same buffers.</summary>
    public static void Breakdown(int steps, int threads = 1)
    {
        // A one-thread team runs every piece on the caller: the gather is then Fit's own RowGather.
        using var team = new ThreadTeam(threads);
        const int B = 32, In = 784, H = 100, O = 10;
        var (x, y, _) = BenchData.Load();
        var model = new BenchModel(seed: 1);
        float[] p = model.Parameters.ToArray();
        var g = new float[p.Length];
        var adam = new Adam();
        adam.Build(p.Length);
        var batchX = new float[B * In];
        var batchY = new int[B];
        float[] a1 = new float[B * H], g1 = new float[B * H], a2 = new float[B * O], g2 = new float[B * O];
        int[] order = new int[BenchData.Samples];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var random = new SeededRandom(3);
        random.Shuffle(order);

        string[] names = ["gather", "fwd L1 matmul", "relu", "fwd L2 + softmax", "loss", "wgrad L2 + dx L2", "relu backward", "wgrad L1", "Adam"];
        var ticks = new long[names.Length];
        for (int pass = 0; pass < 2; pass++) // the first pass warms up
        {
            Array.Clear(ticks);
            for (int step = 0; step < steps; step++)
            {
                int first = step * B % (BenchData.Samples - B);
                long t0 = Stopwatch.GetTimestamp();
                team.Gather(x, order, first, B, In, batchX);
                for (int r = 0; r < B; r++) batchY[r] = y[order[first + r]];
                long t1 = Stopwatch.GetTimestamp();
                DenseKernels.Forward(team, batchX, p.AsSpan(0, In * H), p.AsSpan(In * H, H), a1, B, In, H);
                long t2 = Stopwatch.GetTimestamp();
                ActivationKernels.Relu(a1);
                long t3 = Stopwatch.GetTimestamp();
                DenseKernels.Forward(a1, p.AsSpan(78500, 1000), p.AsSpan(79500, 10), a2, B, H, O);
                ActivationKernels.SoftmaxRows(a2, B, O);
                long t4 = Stopwatch.GetTimestamp();
                LossKernels.SparseCategoricalCrossentropy(a2, batchY, g2, B, O);
                long t5 = Stopwatch.GetTimestamp();
                DenseKernels.ParameterGradients(a1, g2, g.AsSpan(78500, 1000), g.AsSpan(79500, 10), B, H, O);
                DenseKernels.BackpropagateInput(g2, p.AsSpan(78500, 1000), g1, B, H, O);
                long t6 = Stopwatch.GetTimestamp();
                ActivationKernels.ReluBackward(a1, g1);
                long t7 = Stopwatch.GetTimestamp();
                DenseKernels.ParameterGradients(team, batchX, g1, g.AsSpan(0, In * H), g.AsSpan(In * H, H), B, In, H);
                long t8 = Stopwatch.GetTimestamp();
                team.Apply(adam, p, g);
                long t9 = Stopwatch.GetTimestamp();
                ticks[0] += t1 - t0; ticks[1] += t2 - t1; ticks[2] += t3 - t2; ticks[3] += t4 - t3; ticks[4] += t5 - t4;
                ticks[5] += t6 - t5; ticks[6] += t7 - t6; ticks[7] += t8 - t7; ticks[8] += t9 - t8;
            }
        }
        long total = 0;
        foreach (long t in ticks) total += t;
        double us(long t) => t * 1e6 / Stopwatch.Frequency / steps;
        Console.WriteLine($"one step of batch {B} on {threads} thread(s), mean over {steps} steps:");
        for (int i = 0; i < names.Length; i++)
            Console.WriteLine($"  {names[i],-18} {us(ticks[i]),8:F2} us  {100.0 * ticks[i] / total,5:F1} %");
        Console.WriteLine($"  {"total",-18} {us(total),8:F2} us  -> {us(total) * 1500 / 1e6:F3} s per 1,500-step epoch");
        double fwdFlop = 2.0 * B * In * H;
        Console.WriteLine($"  fwd L1 {fwdFlop / (us(ticks[1]) * 1e3):F1} GFLOP/s, wgrad L1 {fwdFlop / (us(ticks[7]) * 1e3):F1} GFLOP/s, Adam {us(ticks[8]) * 1e3 / 79510:F2} ns/param");
        Measure.Result("breakdown_step_us", us(total), "us");
    }
}
