using System;
using SourceGenNet.Tests.Shared;
using SourceGenNet.Kernels;
using static SourceGenNet.Runtime.Tests.Kernels.KernelTestData;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>
/// ParameterGradients writes the gradients, whatever the buffers held (the backward pass needs no clearing):
/// against the double-precision twins at every width, and bit for bit against accumulating onto zero, on one
/// thread and with the kernel's rows shared by a ThreadTeam.
/// </summary>
public class ParameterGradientTests
{
    private static readonly (int Rows, int Inner, int Cols)[] Shapes =
    [
        (32, 784, 100), // the tutorial's first layer
        (5, 37, 13),
        (9, 300, 5),
        (3, 100, 300),
        (1, 1, 1),
        (33, 17, 33),
    ];

    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void ParameterGradients_overwrites_what_is_there(int lanes)
    {
        foreach (int rows in RowSweep)
            foreach (int inner in InnerSweepFor(lanes))
                foreach (int cols in ColSweep)
                {
                    var random = Seeded(rows, inner, cols);
                    float[] x = Input(random, rows * inner), dy = Input(random, rows * cols);
                    float[] wGrad = Accumulator(random, inner * cols), biasGrad = Accumulator(random, cols); // stale values to be overwritten

                    if (lanes == 0)
                    {
                        DenseKernels.ParameterGradients(x, dy, wGrad, biasGrad, rows, inner, cols);
                    }
                    else
                    {
                        DenseKernels.KernelGradientRows(Width(lanes), x, dy, wGrad, rows, inner, cols, 0, inner, overwrite: true);
                        DenseKernels.BiasGradient(dy, biasGrad, rows, cols);
                    }

                    string context = $"ParameterGradients width {lanes} ({rows},{inner},{cols})";
                    var (wExpected, wMagnitude, biasExpected, biasMagnitude) = NaiveKernels.ParameterGradients(x, dy, rows, inner, cols);
                    AssertClose(wExpected, wMagnitude, wGrad, rows + 1, context + " wGrad");
                    AssertClose(biasExpected, biasMagnitude, biasGrad, rows + 1, context + " biasGrad");
                    AssertPoisonIntact(wGrad, inner * cols, context + " wGrad");
                    AssertPoisonIntact(biasGrad, cols, context + " biasGrad");
                }
    }

    [Fact]
    public void Overwriting_equals_accumulating_onto_zero_bit_for_bit()
    {
        foreach (var (rows, inner, cols) in Shapes)
        {
            var random = new Random(rows * 7 + inner * 131 + cols);
            float[] x = Values(random, rows * inner), dy = Values(random, rows * cols);
            float[] accumulatedW = new float[inner * cols], accumulatedB = new float[cols];
            float[] writtenW = Values(random, inner * cols), writtenB = Values(random, cols);
            DenseKernels.AccumulateParameterGradients(x, dy, accumulatedW, accumulatedB, rows, inner, cols);
            DenseKernels.ParameterGradients(x, dy, writtenW, writtenB, rows, inner, cols);
            Bits.AssertEqual(accumulatedW, writtenW, $"kernel gradient ({rows},{inner},{cols})");
            Bits.AssertEqual(accumulatedB, writtenB, $"bias gradient ({rows},{inner},{cols})");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Shared_by_a_team_overwriting_equals_one_thread_bit_for_bit(int threads)
    {
        using var team = new ThreadTeam(threads);
        foreach (var (rows, inner, cols) in Shapes)
        {
            var random = new Random(rows * 7 + inner * 131 + cols);
            float[] x = Values(random, rows * inner), dy = Values(random, rows * cols);
            float[] expectedW = new float[inner * cols], expectedB = new float[cols];
            float[] sharedW = Values(random, inner * cols), sharedB = Values(random, cols); // stale values to be overwritten
            DenseKernels.ParameterGradients(x, dy, expectedW, expectedB, rows, inner, cols);
            DenseKernels.ParameterGradients(team, x, dy, sharedW, sharedB, rows, inner, cols);
            Bits.AssertEqual(expectedW, sharedW, $"kernel gradient ({rows},{inner},{cols}) on {threads} threads");
            Bits.AssertEqual(expectedB, sharedB, $"bias gradient ({rows},{inner},{cols}) on {threads} threads");
        }
    }

    private static float[] Values(Random random, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
