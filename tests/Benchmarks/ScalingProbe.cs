using System;
using System.Diagnostics;
using SourceGenNet.Kernels;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Benchmarks;

/// <summary>Each shared operation of a step alone, repeated, on 1 thread and on a 2-thread team: which ones scale.</summary>
internal static class ScalingProbe
{
    public static void Run(int reps)
    {
        const int B = 32, In = 784, H = 100;
        var random = new Random(1);
        float[] x = Fill(random, B * In), p = Fill(random, 79_510), g = Fill(random, 79_510), a1 = new float[B * H], d1 = Fill(random, B * H);
        var adam1 = new Adam();
        adam1.Build(p.Length);
        var adam2 = new Adam();
        adam2.Build(p.Length);
        using var team = new ThreadTeam(2);
        (string Name, Action One, Action Two)[] ops =
        [
            ("fwd L1", () => DenseKernels.Forward(x, p.AsSpan(0, In * H), p.AsSpan(In * H, H), a1, B, In, H),
                       () => DenseKernels.Forward(team, x, p.AsSpan(0, In * H), p.AsSpan(In * H, H), a1, B, In, H)),
            ("wgrad L1", () => DenseKernels.AccumulateParameterGradients(x, d1, g.AsSpan(0, In * H), g.AsSpan(In * H, H), B, In, H),
                         () => DenseKernels.AccumulateParameterGradients(team, x, d1, g.AsSpan(0, In * H), g.AsSpan(In * H, H), B, In, H)),
            ("Adam", () => adam1.Apply(p, g), () => team.Apply(adam2, p, g)),
            ("clear G", () => Array.Clear(g), () => team.Clear(g)),
        ];
        foreach (var (name, one, two) in ops)
        {
            double t1 = 0, t2 = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                t1 = Time(one, reps);
                t2 = Time(two, reps);
            }
            Console.WriteLine($"  {name,-10} 1 thread {t1,8:F2} us   2 threads {t2,8:F2} us   {t1 / t2:F2}x");
        }
    }

    private static double Time(Action action, int reps)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < reps; i++) action();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / reps;
    }

    private static float[] Fill(Random random, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * 0.01f;
        return values;
    }
}
