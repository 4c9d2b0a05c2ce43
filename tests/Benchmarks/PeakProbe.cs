using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// The FMA peak this machine really reaches: 12 independent chains of 256-bit FMAs that live in
/// registers (12 chains cover 2 FMA pipes x 4 cycles of latency with room to spare), so nothing but the FMA
/// units limits them. 2 FLOP x 8 lanes per FMA. Run on one thread, then on two at once.
/// </summary>
internal static class PeakProbe
{
    private const long Iterations = 50_000_000;

    public static void Run()
    {
        if (!Fma.IsSupported) { Console.WriteLine("no FMA on this machine"); return; }
        Chains(1_000_000); // tier up
        double best1 = 0;
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            Chains(Iterations);
            best1 = Math.Max(best1, Iterations * 12.0 * 16 / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        Measure.Result("peak_1core_gflops", best1 / 1e9, "GFLOP/s");

        double best2 = 0;
        for (int round = 0; round < 3; round++)
        {
            using var go = new Barrier(3);
            var threads = new Thread[2];
            for (int t = 0; t < 2; t++)
            {
                threads[t] = new Thread(() => { go.SignalAndWait(); Chains(Iterations); });
                threads[t].Start();
            }
            go.SignalAndWait();
            long start = Stopwatch.GetTimestamp();
            foreach (Thread t in threads) t.Join();
            best2 = Math.Max(best2, 2 * Iterations * 12.0 * 16 / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        Measure.Result("peak_2core_gflops", best2 / 1e9, "GFLOP/s");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.999999f), a = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        Vector256<float> c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a); c2 = Fma.MultiplyAdd(c2, m, a);
            c3 = Fma.MultiplyAdd(c3, m, a); c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a); c8 = Fma.MultiplyAdd(c8, m, a);
            c9 = Fma.MultiplyAdd(c9, m, a); c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
