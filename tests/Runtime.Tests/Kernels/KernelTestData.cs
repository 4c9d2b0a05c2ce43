using System;
using SourceGenNet.Kernels;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>Buffers with poisoned tails, shape sweeps and the tolerance the kernel tests share.</summary>
internal static class KernelTestData
{
    /// <summary>Floats past the used range of every buffer, which the kernels must neither read nor write.</summary>
    public const int Padding = 7;

    /// <summary>What an output's tail holds; it must come back bit for bit.</summary>
    public const float OutputPoison = -12345.678f;

    public static readonly int[] RowSweep = [1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 32, 33];
    public static readonly int[] InnerSweep = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 100, 784];
    /// <summary>The inner sizes swept at a register width: forced widths skip 784 (see DenseKernelTests).</summary>
    public static int[] InnerSweepFor(int lanes) => lanes == 0 ? InnerSweep : InnerSweep[..^1];

    public static readonly int[] ColSweep = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 31, 32, 33, 100, 130];

    /// <summary>
    /// Lanes of the register width a test forces, 0 meaning the public entry point (the hardware's
    /// widest). Forced Vector512 runs in software where the CPU lacks AVX-512: slow but exact.
    /// </summary>
    public static readonly TheoryData<int> Widths = new() { 0, 1, 4, 8, 16 };

    public static SimdWidth Width(int lanes) => lanes == 0 ? SimdWidths.Hardware : (SimdWidth)lanes;

    /// <summary>Random values in [-1, 1) in the first <paramref name="used"/> floats; NaN after, so a
    /// kernel that reads past its range turns its result into NaN and fails the comparison.</summary>
    public static float[] Input(Random random, int used)
    {
        var buffer = new float[used + Padding];
        for (int i = 0; i < used; i++) buffer[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = used; i < buffer.Length; i++) buffer[i] = float.NaN;
        return buffer;
    }

    /// <summary>An output: NaN in the used range (so any element left unwritten fails), poison after.</summary>
    public static float[] Output(int used)
    {
        var buffer = new float[used + Padding];
        buffer.AsSpan(0, used).Fill(float.NaN);
        buffer.AsSpan(used).Fill(OutputPoison);
        return buffer;
    }

    /// <summary>An accumulator: random prior contents in the used range, poison after.</summary>
    public static float[] Accumulator(Random random, int used)
    {
        var buffer = Input(random, used);
        buffer.AsSpan(used).Fill(OutputPoison);
        return buffer;
    }

    public static Random Seeded(int a, int b, int c) => new(a * 1_000_003 + b * 1_009 + c);

    /// <summary>
    /// Compares a float result with its double twin. A sum of n float products carries a rounding error
    /// of about sqrt(n)·2⁻²⁴ times the sum of absolute terms; we allow ~30 times that. A wrong or
    /// missing term is off by about magnitude/n, far beyond it even for n = 784.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> magnitude, ReadOnlySpan<float> actual, int terms, string context)
    {
        double scale = 2e-6 * Math.Sqrt(terms);
        for (int j = 0; j < expected.Length; j++)
        {
            double tolerance = scale * magnitude[j] + 1e-30;
            if (!(Math.Abs(actual[j] - expected[j]) <= tolerance))
                Assert.Fail($"{context}: element {j} is {actual[j]:R}, expected {expected[j]:R} (tolerance {tolerance:G3}).");
        }
    }

    /// <summary>The tail past <paramref name="used"/> still holds <see cref="OutputPoison"/>.</summary>
    public static void AssertPoisonIntact(float[] buffer, int used, string context)
    {
        for (int j = used; j < buffer.Length; j++)
            if (BitConverter.SingleToInt32Bits(buffer[j]) != BitConverter.SingleToInt32Bits(OutputPoison))
                Assert.Fail($"{context}: wrote {buffer[j]:R} at {j}, past the used range of {used}.");
    }
}
