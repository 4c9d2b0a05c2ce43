using System;
using SourceGenNet.Kernels;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>The vectorised scan for NaN and infinity against a value-by-value reference.</summary>
public class FiniteValuesTests
{
    private static int Reference(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    [Fact]
    public void Finds_the_first_bad_value_at_every_position_and_length()
    {
        var random = new Random(8);
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001))];
        // Finite extremes that share bits with the bad ones: the largest float, subnormals, both zeros.
        float[] finite = [float.MaxValue, -float.MaxValue, float.Epsilon, -0f, 0f, 1.17549435e-38f, 3.4e38f];
        foreach (int length in new[] { 0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 257, 1000 })
        {
            var values = new float[length];
            for (int i = 0; i < length; i++) values[i] = random.Next(4) == 0 ? finite[random.Next(finite.Length)] : (float)(random.NextDouble() * 2 - 1);
            Assert.Equal(-1, FiniteValues.FirstNonFinite(values));
            for (int position = 0; position < length; position++)
            {
                float kept = values[position];
                values[position] = bad[position % bad.Length];
                if (position + 3 < length) values[position + 3] = float.NaN; // a later bad value does not win
                Assert.Equal(Reference(values), FiniteValues.FirstNonFinite(values));
                Assert.Equal(position, FiniteValues.FirstNonFinite(values));
                values[position] = kept;
                if (position + 3 < length) values[position + 3] = 0.5f;
            }
        }
    }
}
