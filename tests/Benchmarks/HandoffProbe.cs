using System;
using System.Diagnostics;
using System.Threading.Tasks;
using SourceGenNet.Kernels;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// What sharing one operation between two threads costs by itself: a ThreadTeam operation on a tiny
/// buffer (spinning worker) against Parallel.For over two pieces of the same work (thread pool).
/// A training step on two threads has 4 such hand-offs (clear, forward, kernel gradient, optimizer).
/// </summary>
internal static class HandoffProbe
{
    public static void Run(int operations)
    {
        float[] buffer = new float[64];
        using var team = new ThreadTeam(2);
        Action<int> piece = i => buffer.AsSpan(i * 32, 32).Clear();
        for (int pass = 0; pass < 2; pass++) // the first pass warms up
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < operations; i++) team.Clear(buffer);
            double teamUs = Stopwatch.GetElapsedTime(start).TotalMicroseconds / operations;

            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < operations; i++) Parallel.For(0, 2, piece);
            double parallelUs = Stopwatch.GetElapsedTime(start).TotalMicroseconds / operations;

            if (pass == 1)
            {
                Console.WriteLine($"one 2-thread operation on 64 floats, mean over {operations}: ThreadTeam {teamUs:F2} us, Parallel.For {parallelUs:F2} us");
                Measure.Result("handoff_team_us", teamUs, "us");
                Measure.Result("handoff_parallel_for_us", parallelUs, "us");
            }
        }
    }
}
