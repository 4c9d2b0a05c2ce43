using System;

namespace SourceGenNet.Tests.Shared;

/// <summary>Bit-for-bit comparison of float buffers, for results that must not depend on the thread count or the split (linked into each test project).</summary>
internal static class Bits
{
    /// <summary>Fails on the first element whose bits differ (so -0 against +0 and NaN payloads count), naming it.</summary>
    public static void AssertEqual(float[] expected, float[] actual, string context = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{context}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
