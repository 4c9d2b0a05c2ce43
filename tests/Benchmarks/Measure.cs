using System;
using System.Diagnostics;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// How every probe measures and reports: shared by this project and tests/TorchSharpProbe (which links this file),
/// so that our figures and the peers' are taken the same way.
/// </summary>
internal static class Measure
{
    /// <summary>One machine-readable result line, collected by benchmarks/compare.sh.</summary>
    public static void Result(string name, double value, string unit) =>
        Console.WriteLine(FormattableString.Invariant($"RESULT {name} {value:R} {unit}"));

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

    /// <summary>Median of <paramref name="repeats"/> timed runs, after 3 untimed ones.</summary>
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
