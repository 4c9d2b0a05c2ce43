using System;
using System.Linq;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>Every optimizer setting against its naive double twin, over lengths around the vector width.</summary>
public class ReferenceComparisonTests
{
    private const int Steps = 10;

    [Theory]
    [MemberData(nameof(OptimizerCases.NameAndLengthData), MemberType = typeof(OptimizerCases))]
    public void Matches_double_reference(string name, int length) => RunAgainstReference(name, length, seed: length);

    /// <summary>Every length from 1 to 70, so each tail shape of each vector width is met.</summary>
    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Matches_double_reference_at_every_small_length(string name)
    {
        for (int length = 1; length <= 70; length++) RunAgainstReference(name, length, seed: 1000 + length);
    }

    private static void RunAgainstReference(string name, int length, int seed)
    {
        var random = new Random(seed);
        Optimizer optimizer = OptimizerCases.Create(name);
        ReferenceOptimizer reference = OptimizerCases.Reference(name);

        float[] initial = OptimizerCases.Random(random, length);
        float[] w = (float[])initial.Clone();
        double[] expected = OptimizerCases.ToDouble(initial);

        for (int step = 0; step < Steps; step++)
        {
            float[] g = OptimizerCases.Random(random, length);
            optimizer.Apply(w, g);
            reference.Step(expected, OptimizerCases.ToDouble(g));
        }

        string what = $"{optimizer} length {length}";
        Assert.Equal(Steps, optimizer.Iterations);

        // Compare what the steps moved (w - w0), relative to how far they moved: a relative error of
        // the update itself, not hidden behind |w| ~ 1. The absolute term allows for w being stored
        // in float every step (half an ulp of ~1 per step).
        double[] expectedMove = expected.Select((e, i) => e - initial[i]).ToArray();
        double[] actualMove = w.Select((a, i) => (double)a - initial[i]).ToArray();
        OptimizerCases.AssertClose(expectedMove, actualMove, relative: 1e-4, absolute: Steps * 1e-7, what + " update");

        // The state buffers agree too.
        Assert.Equal(reference.Slots.Length, optimizer.Slots.Count);
        for (int s = 0; s < reference.Slots.Length; s++)
            OptimizerCases.AssertClose(reference.Slots[s], optimizer.Slots[s].Select(v => (double)v).ToArray(),
                relative: 1e-5, absolute: 1e-9, $"{what} slot {optimizer.SlotNames[s]}");
    }
}
