using System;
using System.Runtime.Intrinsics;
using SourceGenNet.Kernels;
using static SourceGenNet.Runtime.Tests.Kernels.KernelTestData;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>
/// The Dense kernels against their double-precision twins over every shape of the sweep, at every
/// register width: rows 1..9 and 31..33 cover the 4-row tiles and their leftovers, inner 1..20 the
/// 3-row W tiles of the dot products, cols 1..20 and 31..33 every overlap of the last register.
/// </summary>
/// <remarks>
/// The public entry point (the hardware width) sweeps inner up to 784. Forced widths stop at 100 (in this
/// Debug-built test run the forced widths, Vector512 in software on AVX2 machines, would otherwise take most
/// of a minute); products long enough for several K chunks (over 200 steps from 24 columns) have their own test.
/// </remarks>
public class DenseKernelTests
{
    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void Products_of_several_K_chunks_match_naive_twins(int lanes)
    {
        // Forward: K is inner. Each strip, the overlapping last register included, stores its first chunk and adds
        // the others; the columns two strips share must end with every chunk exactly once. (450, 40): 3 chunks' worth made
        // 4 (an even count), the last one shorter.
        foreach ((int rows, int inner, int cols) in new[] { (5, 341, 100), (5, 784, 100), (33, 201, 31), (9, 900, 6), (4, 341, 24), (6, 700, 130), (7, 450, 40) })
            CheckForward(lanes, rows, inner, cols);
        // Kernel gradient: K is the batch, so a batch of hundreds of rows takes several chunks.
        foreach ((int rows, int inner, int cols) in new[] { (341, 9, 100), (250, 13, 33), (500, 5, 10) })
            CheckAccumulatedGradients(lanes, rows, inner, cols);
    }

    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void Forward_matches_naive_twin(int lanes)
    {
        foreach (int rows in RowSweep)
            foreach (int inner in InnerSweepFor(lanes))
                foreach (int cols in ColSweep)
                    CheckForward(lanes, rows, inner, cols);
    }

    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void AccumulateParameterGradients_adds_to_what_is_there(int lanes)
    {
        foreach (int rows in RowSweep)
            foreach (int inner in InnerSweepFor(lanes))
                foreach (int cols in ColSweep)
                    CheckAccumulatedGradients(lanes, rows, inner, cols);
    }

    private static void CheckForward(int lanes, int rows, int inner, int cols)
    {
        var random = Seeded(rows, inner, cols);
        float[] x = Input(random, rows * inner), w = Input(random, inner * cols), bias = Input(random, cols);
        float[] y = Output(rows * cols);

        if (lanes == 0) DenseKernels.Forward(x, w, bias, y, rows, inner, cols);
        else DenseKernels.Forward(Width(lanes), x, w, bias, y, rows, inner, cols);

        string context = $"Forward width {lanes} ({rows},{inner},{cols})";
        var (expected, magnitude) = NaiveKernels.Forward(x, w, bias, rows, inner, cols);
        AssertClose(expected, magnitude, y, inner + 1, context);
        AssertPoisonIntact(y, rows * cols, context);
    }

    private static void CheckAccumulatedGradients(int lanes, int rows, int inner, int cols)
    {
        var random = Seeded(rows, inner, cols);
        float[] x = Input(random, rows * inner), dy = Input(random, rows * cols);
        float[] wGrad = Accumulator(random, inner * cols), biasGrad = Accumulator(random, cols);
        float[] wBefore = (float[])wGrad.Clone(), biasBefore = (float[])biasGrad.Clone();

        if (lanes == 0) DenseKernels.AccumulateParameterGradients(x, dy, wGrad, biasGrad, rows, inner, cols);
        else DenseKernels.AccumulateParameterGradients(Width(lanes), x, dy, wGrad, biasGrad, rows, inner, cols);

        string context = $"AccumulateParameterGradients width {lanes} ({rows},{inner},{cols})";
        var (wExpected, wMagnitude, biasExpected, biasMagnitude) = NaiveKernels.ParameterGradients(x, dy, rows, inner, cols);
        AddPrior(wExpected, wMagnitude, wBefore);
        AddPrior(biasExpected, biasMagnitude, biasBefore);
        AssertClose(wExpected, wMagnitude, wGrad, rows + 1, context + " wGrad");
        AssertClose(biasExpected, biasMagnitude, biasGrad, rows + 1, context + " biasGrad");
        AssertPoisonIntact(wGrad, inner * cols, context + " wGrad");
        AssertPoisonIntact(biasGrad, cols, context + " biasGrad");
    }

    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void BackpropagateInput_matches_naive_twin(int lanes)
    {
        foreach (int rows in RowSweep)
            foreach (int inner in InnerSweepFor(lanes))
                foreach (int cols in ColSweep)
                {
                    var random = Seeded(rows, inner, cols);
                    float[] dy = Input(random, rows * cols), w = Input(random, inner * cols);
                    float[] dx = Output(rows * inner);

                    if (lanes == 0) DenseKernels.BackpropagateInput(dy, w, dx, rows, inner, cols);
                    else DenseKernels.BackpropagateInput(Width(lanes), dy, w, dx, rows, inner, cols);

                    string context = $"BackpropagateInput width {lanes} ({rows},{inner},{cols})";
                    var (expected, magnitude) = NaiveKernels.BackpropagateInput(dy, w, rows, inner, cols);
                    AssertClose(expected, magnitude, dx, cols, context);
                    AssertPoisonIntact(dx, rows * inner, context);
                }
    }

    [Theory]
    [InlineData(200, 784, 100)] // row blocks of 40
    [InlineData(97, 30, 10)]    // row blocks of 408: one block
    [InlineData(75, 20, 1000)]  // row blocks of 8
    public void A_tall_Forward_equals_its_rows_computed_a_few_at_a_time_bit_for_bit(int rows, int inner, int cols)
    {
        // Tall products run in blocks of rows (each block through every K chunk); that must not change a
        // single bit against the same rows computed in small calls, which never block.
        var random = new Random(rows + inner + cols);
        float[] x = Input(random, rows * inner), w = Input(random, inner * cols), bias = Input(random, cols);
        float[] whole = new float[rows * cols], pieces = new float[rows * cols];
        DenseKernels.Forward(x, w, bias, whole, rows, inner, cols);
        for (int first = 0; first < rows; first += 4)
        {
            int count = Math.Min(4, rows - first);
            if (count < 4) first = rows - 4; // keep to the 4-row tile path the whole product uses
            DenseKernels.Forward(x.AsSpan(first * inner, 4 * inner), w, bias, pieces.AsSpan(first * cols, 4 * cols), 4, inner, cols);
        }
        for (int i = 0; i < whole.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(whole[i]) == BitConverter.SingleToInt32Bits(pieces[i]),
                $"({rows},{inner},{cols}) [{i}]: whole {whole[i]:R}, in pieces {pieces[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void A_row_skips_its_zero_inputs_without_changing_a_bit(int lanes)
    {
        // The row kernel (1-3 rows) lists a row's nonzero inputs and reads W's rows for those alone when at least
        // 1/8 of them are +0. -0 counts as nonzero (any bit set), and -0 * w adds the same nothing, so the same row
        // with -0 for +0 walks every input in order: the two must agree bit for bit, whichever path each takes.
        foreach (int inner in new[] { 1, 7, 8, 9, 17, 100, 784 })
            foreach (int cols in new[] { 1, 5, 8, 20, 100, 130 })
                foreach (double zeroShare in new[] { 0.0, 0.1, 0.5, 0.95, 1.0 })
                {
                    var random = Seeded(inner, cols, (int)(zeroShare * 100));
                    float[] x = Input(random, 3 * inner), w = Input(random, inner * cols), bias = Input(random, cols);
                    for (int i = 0; i < 3 * inner; i++)
                        if (random.NextDouble() < zeroShare) x[i] = 0f;
                    // The first and last inputs of the second row zero too: the 8-wide scan's first lanes and its tail.
                    x[inner] = 0f;
                    x[2 * inner - 1] = 0f;
                    float[] negativeZeros = (float[])x.Clone();
                    for (int i = 0; i < 3 * inner; i++)
                        if (BitConverter.SingleToInt32Bits(x[i]) == 0) negativeZeros[i] = -0f;

                    for (int rows = 1; rows <= 3; rows++)
                    {
                        float[] skipping = Output(rows * cols), walking = Output(rows * cols);
                        DenseKernels.Forward(Width(lanes), x, w, bias, skipping, rows, inner, cols);
                        DenseKernels.Forward(Width(lanes), negativeZeros, w, bias, walking, rows, inner, cols);
                        string context = $"width {lanes} ({rows},{inner},{cols}) zeros {zeroShare}";
                        for (int i = 0; i < rows * cols; i++)
                            Assert.True(BitConverter.SingleToInt32Bits(skipping[i]) == BitConverter.SingleToInt32Bits(walking[i]),
                                $"{context} [{i}]: skipping {skipping[i]:R}, walking every input {walking[i]:R}");
                        AssertPoisonIntact(skipping, rows * cols, context);
                        var (expected, magnitude) = NaiveKernels.Forward(x, w, bias, rows, inner, cols);
                        AssertClose(expected, magnitude, skipping, inner + 1, context);
                    }
                }
    }

    [Fact]
    public void A_single_row_does_not_read_the_weights_of_its_zero_inputs()
    {
        // The one place skipping shows: a weight that is NaN meets an input of +0. Walking every input, 0 * NaN
        // would make every output NaN; the row kernel never reads that row of W. (A -0 input is read.)
        const int inner = 64, cols = 10;
        var random = new Random(5);
        float[] x = Input(random, inner), w = Input(random, inner * cols), bias = Input(random, cols);
        for (int i = 0; i < inner; i += 2) x[i] = 0f;
        float[] clean = Output(cols);
        DenseKernels.Forward(x, w, bias, clean, 1, inner, cols);
        w.AsSpan(10 * cols, cols).Fill(float.NaN);  // input 10 is +0

        float[] y = Output(cols);
        DenseKernels.Forward(x, w, bias, y, 1, inner, cols);
        Assert.Equal(clean.AsSpan(0, cols).ToArray(), y.AsSpan(0, cols).ToArray());

        x[10] = -0f;
        DenseKernels.Forward(x, w, bias, y, 1, inner, cols);
        Assert.All(y.AsSpan(0, cols).ToArray(), value => Assert.True(float.IsNaN(value)));
    }

    [Fact]
    public void Accumulating_twice_doubles_the_gradient()
    {
        // Two calls on a zeroed buffer must give twice one call: the overlapping last register of
        // cols = 13 must not count its shared lanes again.
        const int rows = 5, inner = 7, cols = 13;
        var random = new Random(7);
        float[] x = Input(random, rows * inner), dy = Input(random, rows * cols);
        float[] once = new float[inner * cols], twice = new float[inner * cols];
        float[] bias1 = new float[cols], bias2 = new float[cols];
        DenseKernels.AccumulateParameterGradients(x, dy, once, bias1, rows, inner, cols);
        DenseKernels.AccumulateParameterGradients(x, dy, twice, bias2, rows, inner, cols);
        DenseKernels.AccumulateParameterGradients(x, dy, twice, bias2, rows, inner, cols);
        for (int j = 0; j < once.Length; j++) Assert.Equal(2 * once[j], twice[j], 5);
        for (int j = 0; j < cols; j++) Assert.Equal(2 * bias1[j], bias2[j], 5);
    }

    [Fact]
    public void The_hardware_path_is_the_widest_accelerated_vector()
    {
        // The public methods must take the intrinsics path this machine accelerates (Vector256 on the
        // AVX2 development box), not fall back to scalar code.
        SimdWidth expected =
            Vector512.IsHardwareAccelerated ? SimdWidth.Vector512 :
            Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 :
            Vector128.IsHardwareAccelerated ? SimdWidth.Vector128 : SimdWidth.Scalar;
        Assert.Equal(expected, SimdWidths.Hardware);
        Assert.Equal(expected, SimdWidths.Fit(SimdWidths.Hardware, 784));
    }

    [Theory]
    [InlineData(16, 100, 16)]
    [InlineData(16, 16, 16)]
    [InlineData(16, 15, 8)]
    [InlineData(16, 8, 8)]
    [InlineData(16, 7, 4)]
    [InlineData(8, 100, 8)]
    [InlineData(4, 100, 4)]
    [InlineData(16, 4, 4)]
    [InlineData(16, 3, 1)]
    [InlineData(1, 100, 1)]
    public void Fit_takes_the_widest_register_inside_the_data(int widest, int length, int expected) =>
        Assert.Equal((SimdWidth)expected, SimdWidths.Fit((SimdWidth)widest, length));

    [Fact]
    public void Kernels_do_not_allocate()
    {
        const int rows = 32, inner = 100, cols = 13;
        float[] x = new float[rows * inner], w = new float[inner * cols], bias = new float[cols], y = new float[rows * cols];
        float[] wGrad = new float[inner * cols], dx = new float[rows * inner];
        void RunAll()
        {
            DenseKernels.Forward(x, w, bias, y, rows, inner, cols);
            DenseKernels.AccumulateParameterGradients(x, y, wGrad, bias, rows, inner, cols);
            DenseKernels.BackpropagateInput(y, w, dx, rows, inner, cols);
        }
        RunAll();   // compile first
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_argument()
    {
        float[] big = new float[100], small = new float[5];
        AssertThrows("rows", () => DenseKernels.Forward(big, big, big, big, 0, 2, 2));
        AssertThrows("inner", () => DenseKernels.Forward(big, big, big, big, 2, 0, 2));
        AssertThrows("cols", () => DenseKernels.Forward(big, big, big, big, 2, 2, -1));
        AssertThrows("x", () => DenseKernels.Forward(small, big, big, big, 2, 3, 4));
        AssertThrows("w", () => DenseKernels.Forward(big, small, big, big, 2, 3, 4));
        AssertThrows("bias", () => DenseKernels.Forward(big, big, small, big, 2, 3, 6));
        AssertThrows("y", () => DenseKernels.Forward(big, big, big, small, 2, 3, 4));

        AssertThrows("rows", () => DenseKernels.AccumulateParameterGradients(big, big, big, big, -3, 2, 2));
        AssertThrows("x", () => DenseKernels.AccumulateParameterGradients(small, big, big, big, 2, 3, 4));
        AssertThrows("dy", () => DenseKernels.AccumulateParameterGradients(big, small, big, big, 2, 3, 4));
        AssertThrows("wGrad", () => DenseKernels.AccumulateParameterGradients(big, big, small, big, 2, 3, 4));
        AssertThrows("biasGrad", () => DenseKernels.AccumulateParameterGradients(big, big, big, small, 2, 3, 6));

        AssertThrows("cols", () => DenseKernels.BackpropagateInput(big, big, big, 2, 2, 0));
        AssertThrows("dy", () => DenseKernels.BackpropagateInput(small, big, big, 2, 3, 4));
        AssertThrows("w", () => DenseKernels.BackpropagateInput(big, small, big, 2, 3, 4));
        AssertThrows("dx", () => DenseKernels.BackpropagateInput(big, big, small, 2, 3, 4));

        // Sizes whose product overflows int must not slip through the length check.
        AssertThrows("x", () => DenseKernels.Forward(big, big, big, big, 65536, 65536, 1));
    }

    internal static void AssertThrows(string parameter, Action action)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(parameter, exception.ParamName);
    }

    private static void AddPrior(double[] expected, double[] magnitude, float[] prior)
    {
        for (int j = 0; j < expected.Length; j++)
        {
            expected[j] += prior[j];
            magnitude[j] += Math.Abs(prior[j]);
        }
    }
}
