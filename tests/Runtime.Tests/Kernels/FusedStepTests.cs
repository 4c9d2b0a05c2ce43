using System;
using SourceGenNet.Kernels;
using SourceGenNet.Optimizers;
using static SourceGenNet.Runtime.Tests.Kernels.KernelTestData;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>
/// ParameterGradients writes the gradients (whatever the buffers held) and, given an OptimizerStep, steps the
/// kernel block of rows by block of rows as each block is written. That must give the very bits of computing the
/// whole gradient first and applying the optimizer afterwards, on one thread and shared by a ThreadTeam, for
/// shapes of one block, many blocks and a short last block.
/// </summary>
public class FusedStepTests
{
    // (rows, inner, cols): blocks are max(8, 2048 / cols rounded down to 8) kernel rows.
    private static readonly (int Rows, int Inner, int Cols)[] Shapes =
    [
        (32, 784, 100), // the tutorial's first layer: 49 blocks of 16 rows
        (5, 37, 13),    // blocks of 152 rows: one short block
        (9, 300, 5),    // blocks of 408 rows: one block
        (3, 100, 300),  // blocks of 8 rows, the minimum
        (1, 1, 1),
        (33, 17, 33),
    ];

    private static Func<Optimizer>[] Optimizers =>
    [
        () => new Adam(),
        () => new RmsProp(),
        () => new Adagrad(0.05f),
        () => new Sgd(0.05f, momentum: 0.9f, nesterov: true),
        () => new Sgd(0.1f),
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
                        DenseKernels.KernelGradientRows(Width(lanes), x, dy, wGrad, rows, inner, cols, 0, inner, overwrite: true, step: default, kernelOffset: 0);
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
            AssertBits(accumulatedW, writtenW, $"kernel gradient ({rows},{inner},{cols})");
            AssertBits(accumulatedB, writtenB, $"bias gradient ({rows},{inner},{cols})");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_step_during_the_gradient_equals_the_step_after_it_bit_for_bit(int threads)
    {
        using var team = threads == 1 ? null : new ThreadTeam(threads);
        foreach (Func<Optimizer> make in Optimizers)
            foreach (var (rows, inner, cols) in Shapes)
            {
                // One layer's parameters, kernel then bias, behind 3 other parameters (a nonzero kernel offset).
                const int offset = 3;
                int count = offset + inner * cols + cols;
                var random = new Random(rows * 7 + inner * 131 + cols);
                float[] x = Values(random, rows * inner), dy = Values(random, rows * cols);
                float[] initial = Values(random, count);
                Optimizer afterwards = make(), during = make();
                float[] pAfter = (float[])initial.Clone(), gAfter = new float[count];
                float[] pDuring = (float[])initial.Clone(), gDuring = Values(random, count);

                for (int step = 0; step < 3; step++) // later steps start from nonzero optimizer state
                {
                    DenseKernels.ParameterGradients(x, dy, gAfter.AsSpan(offset, inner * cols), gAfter.AsSpan(offset + inner * cols, cols), rows, inner, cols);
                    gAfter.AsSpan(0, offset).Fill(0.5f);
                    afterwards.Apply(pAfter, gAfter);

                    gDuring.AsSpan(0, offset).Fill(0.5f);
                    var optimizerStep = OptimizerStep.Begin(during, pDuring, gDuring);
                    optimizerStep.Apply(0, offset);
                    DenseKernels.ParameterGradients(team, x, dy, gDuring.AsSpan(offset, inner * cols), gDuring.AsSpan(offset + inner * cols, cols),
                        rows, inner, cols, optimizerStep, kernelOffset: offset);
                    optimizerStep.Apply(offset + inner * cols, cols);
                }

                string context = $"{afterwards.Name} ({rows},{inner},{cols}) on {threads} threads";
                AssertBits(gAfter, gDuring, context + " gradients");
                AssertBits(pAfter, pDuring, context + " parameters");
                for (int s = 0; s < afterwards.Slots.Count; s++)
                    AssertBits(afterwards.Slots[s], during.Slots[s], context + " " + afterwards.SlotNames[s]);
                Assert.Equal(afterwards.Iterations, during.Iterations);
            }
    }

    [Fact]
    public void The_default_step_changes_nothing_and_Begin_checks_its_buffers()
    {
        OptimizerStep none = default;
        Assert.False(none.IsActive);
        none.Apply(0, 10); // nothing to step: no buffers, no throw

        var adam = new Adam();
        Assert.Throws<ArgumentException>("gradients", () => OptimizerStep.Begin(adam, new float[4], new float[5]));
        Assert.Equal(0, adam.Iterations);
        OptimizerStep step = OptimizerStep.Begin(adam, new float[4], new float[4]);
        Assert.True(step.IsActive);
        Assert.Equal(1, adam.Iterations);
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Apply(2, 3));
        Assert.Throws<InvalidOperationException>(() => OptimizerStep.Begin(adam, new float[6], new float[6]));
    }

    private static float[] Values(Random random, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static void AssertBits(float[] expected, float[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{context}: [{i}] is {actual[i]:R}, expected {expected[i]:R}");
    }
}
