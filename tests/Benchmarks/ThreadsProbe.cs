using System;
using System.Diagnostics;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// One thread against two, A/B in one process: two models train on the same shuffled batches
/// (gathered as Fit gathers them), alternating blocks of steps, so a change in the machine's load hits
/// both alike. Reports each one's median block time per step and checks that their weights are bit-identical.
/// </summary>
internal static class ThreadsProbe
{
    private const int Batch = 32, BlockSteps = 100;

    public static void Run(int blocks)
    {
        var (x, y, source) = BenchData.Load();
        Console.WriteLine($"data: {source}");
        using var one = new BenchModel(seed: 1) { Optimizer = new Adam() };
        using var two = new BenchModel(seed: 1) { Optimizer = new Adam(), TrainingThreads = 2 };
        int[] order = new int[BenchData.Samples];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Training.SeededRandom(7).Shuffle(order);
        const int width = BenchModel.Layout.InputSize;
        float[] batchX = new float[Batch * width];
        int[] batchY = new int[Batch];
        var team = new Kernels.ThreadTeam(2);

        double Block(BenchModel model, int block, bool shared)
        {
            long start = Stopwatch.GetTimestamp();
            for (int s = 0; s < BlockSteps; s++)
            {
                int first = (block * BlockSteps + s) * Batch % (BenchData.Samples - Batch);
                if (shared) team.Gather(x, order, first, Batch, width, batchX);
                else
                    for (int r = 0; r < Batch; r++) x.AsSpan(order[first + r] * width, width).CopyTo(batchX.AsSpan(r * width));
                for (int r = 0; r < Batch; r++) batchY[r] = y[order[first + r]];
                model.TrainStep(batchX, batchY);
            }
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / BlockSteps;
        }

        Block(one, 0, false); // warm-up: tiered compilation
        Block(two, 0, true);
        var oneUs = new double[blocks];
        var twoUs = new double[blocks];
        for (int b = 0; b < blocks; b++)
        {
            oneUs[b] = Block(one, b + 1, false);
            twoUs[b] = Block(two, b + 1, true);
        }
        team.Dispose();
        bool identical = one.Parameters.SequenceEqual(two.Parameters);
        Array.Sort(oneUs);
        Array.Sort(twoUs);
        double m1 = oneUs[blocks / 2], m2 = twoUs[blocks / 2];
        Console.WriteLine($"median of {blocks} alternating blocks of {BlockSteps} steps: 1 thread {m1:F1} us/step, 2 threads {m2:F1} us/step, speed-up {m1 / m2:F2}x");
        Console.WriteLine($"  fastest block: 1 thread {oneUs[0]:F1}, 2 threads {twoUs[0]:F1} us/step ({oneUs[0] / twoUs[0]:F2}x); weights bit-identical: {identical}");
        Measure.Result("threads_step_us_1", m1, "us");
        Measure.Result("threads_step_us_2", m2, "us");
        Measure.Result("threads_speedup", m1 / m2, "x");
    }
}
