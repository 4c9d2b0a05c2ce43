using System;
using SourceGenNet.Tests.Shared;
using SourceGenNet.Kernels;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>
/// A step applied range by range (BeginStep, then ApplyRange over disjoint pieces covering the buffer, in
/// any order, on any threads) gives the very bits Apply gives: the rules are element-wise, and a piece's
/// overlapping last vector or padded short tail computes each lane as the whole-buffer loop does.
/// </summary>
public class ApplyRangeTests
{
    private const int Steps = 5;

    /// <summary>Piece boundaries: some shorter than a vector, some not on a vector boundary.</summary>
    private static int[] Cuts(int length) =>
        length < 20 ? [0, length / 2, length] : [0, 3, 11, length / 2 + 1, length - 5, length];

    [Theory]
    [MemberData(nameof(OptimizerCases.NameAndLengthData), MemberType = typeof(OptimizerCases))]
    public void Ranges_in_reverse_order_equal_Apply_bit_for_bit(string name, int length)
    {
        var random = new Random(length);
        float[] start = OptimizerCases.Random(random, length);
        float[][] gradients = new float[Steps][];
        for (int s = 0; s < Steps; s++)
        {
            gradients[s] = OptimizerCases.Random(random, length);
            if (length > 4) gradients[s][length / 3] = 0; // zero gradients too (Adam's subnormal flush)
        }

        Optimizer whole = OptimizerCases.Create(name), pieces = OptimizerCases.Create(name);
        whole.Build(length);
        pieces.Build(length);
        float[] a = (float[])start.Clone(), b = (float[])start.Clone();
        int[] cuts = Cuts(length);
        for (int s = 0; s < Steps; s++)
        {
            whole.Apply(a, gradients[s]);
            pieces.BeginStep();
            for (int c = cuts.Length - 2; c >= 0; c--)
                pieces.ApplyRange(b, gradients[s], cuts[c], cuts[c + 1] - cuts[c]);
        }

        Assert.Equal(whole.Iterations, pieces.Iterations);
        Bits.AssertEqual(a, b);
        for (int slot = 0; slot < whole.Slots.Count; slot++) Bits.AssertEqual(whole.Slots[slot], pieces.Slots[slot]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_thread_team_step_equals_Apply_bit_for_bit(int threads)
    {
        const int length = 79_510;
        var random = new Random(7);
        float[] start = OptimizerCases.Random(random, length);
        using var team = new ThreadTeam(threads);
        Optimizer whole = new Adam(), shared = new Adam();
        float[] a = (float[])start.Clone(), b = (float[])start.Clone();
        for (int s = 0; s < Steps; s++)
        {
            float[] g = OptimizerCases.Random(random, length);
            whole.Apply(a, g);
            team.Apply(shared, b, g);
        }
        Bits.AssertEqual(a, b);
        Bits.AssertEqual(whole.Slots[0], shared.Slots[0]);
        Bits.AssertEqual(whole.Slots[1], shared.Slots[1]);
    }

    [Fact]
    public void ApplyRange_needs_a_begun_step_and_a_range_inside_the_buffer()
    {
        var adam = new Adam();
        float[] w = new float[10], g = new float[10];
        Assert.Throws<InvalidOperationException>(() => adam.BeginStep()); // not built
        adam.Build(10);
        Assert.Throws<InvalidOperationException>(() => adam.ApplyRange(w, g, 0, 10));
        adam.BeginStep();
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.ApplyRange(w, g, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.ApplyRange(w, g, -1, 2));
        Assert.Throws<ArgumentException>(() => adam.ApplyRange(w.AsSpan(0, 9), g, 0, 9));
        adam.ApplyRange(w, g, 0, 0);
        Assert.Equal(1, adam.Iterations);
    }
}
