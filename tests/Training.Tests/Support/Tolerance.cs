using System;

namespace SourceGenNet.Training.Tests.Support;

/// <summary>
/// Element-wise comparison of a float result with a double reference:
/// <c>|actual - expected| &lt;= relative |expected| + absolute</c>. On failure it names the worst
/// element, its two values and how far past the bound it was, so a tolerance is tuned from facts.
/// </summary>
internal static class Tolerance
{
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what) =>
        AssertClose(expected, NetworkCase.Widen(actual), relative, absolute, what);

    public static void AssertClose(double expected, double actual, double relative, double absolute, string what) =>
        AssertClose([expected], [actual], relative, absolute, what);

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = relative * Math.Abs(expected[i]) + absolute;
            double ratio = Math.Abs(actual[i] - expected[i]) / bound;
            if (!(ratio <= worstRatio)) // NaN counts as worst
            {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worst >= 0 && !(worstRatio <= 1))
            Assert.Fail($"{what}: element {worst} of {expected.Length} is {actual[worst]:R}, expected {expected[worst]:R} " +
                        $"(error {Math.Abs(actual[worst] - expected[worst]):E2}, {worstRatio:F1}x the bound {relative:E0} relative + {absolute:E0})");
    }

    /// <summary>The largest |value|, to scale an absolute tolerance to the array it applies to.</summary>
    public static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
