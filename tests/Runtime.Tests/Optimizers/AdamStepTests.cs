using System;
using System.Numerics;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>Adam's update against Keras' float32 formula, bit for bit, and its flushing of subnormal moments.</summary>
public class AdamStepTests
{
    [Theory]
    [InlineData(1e-7f, 1)]
    [InlineData(1e-7f, 7)]
    [InlineData(1e-3f, 3)]
    public void Update_is_Keras_float32_formula_bit_for_bit(float epsilon, int steps)
    {
        // Magnitudes from 1e-30 to 1e3, both signs, and a length that leaves an overlapping last vector.
        var random = new Random(5);
        int n = 8 * Vector<float>.Count + 3;
        var w = new float[n];
        var g = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float)(random.NextDouble() - 0.5);
        var adam = new Adam(learningRate: 0.01f, epsilon: epsilon);
        for (int step = 1; step <= steps; step++)
        {
            for (int i = 0; i < n; i++) g[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 4)));
            var before = (float[])w.Clone();
            adam.Apply(w, g);
            // w - (alpha m) / (sqrt(v) + epsilon) in scalar IEEE float, from the moments the step left.
            float alpha = (float)(0.01f * Math.Sqrt(1 - Math.Pow(0.999f, step)) / (1 - Math.Pow(0.9f, step)));
            for (int i = 0; i < n; i++)
            {
                float m = adam.Slots[0][i], v = adam.Slots[1][i];
                float expected = before[i] - m * alpha / (MathF.Sqrt(v) + epsilon);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(w[i]),
                    $"step {step}, parameter {i}: expected {expected:R}, got {w[i]:R} (m {m:R}, v {v:R})");
            }
        }
    }

    [Fact]
    public void A_zero_second_moment_divides_by_epsilon()
    {
        // g = 0 from the start: m = v = 0 and the step is 0 / epsilon = 0, not NaN.
        var adam = new Adam();
        var w = new float[] { 0.5f, -0.25f, 0f, 1f, 2f, 3f, 4f, 5f, 6f };
        var expected = (float[])w.Clone();
        adam.Apply(w, new float[w.Length]);
        Assert.Equal(expected, w);
    }

    [Fact]
    public void Moments_that_decay_below_the_smallest_normal_become_zero()
    {
        // One step with a gradient, then zero gradients: m decays by 0.9 a step and would reach the
        // subnormal range after ~800 steps and stay there; flushed, it reaches exactly 0.
        var adam = new Adam();
        var w = new float[] { 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f };
        var g = new float[w.Length];
        g.AsSpan().Fill(0.01f);
        adam.Apply(w, g);
        Array.Clear(g);
        for (int step = 0; step < 1000; step++) adam.Apply(w, g);
        foreach (float m in adam.Slots[0]) Assert.Equal(0f, m);
        foreach (float m in adam.Slots[1]) Assert.False(float.IsSubnormal(m));
        foreach (float x in w) Assert.True(float.IsFinite(x));
    }

    [Fact]
    public void NaN_gradients_still_reach_the_weights()
    {
        var adam = new Adam();
        var w = new float[9];
        var g = new float[9];
        g[3] = float.NaN;
        adam.Apply(w, g);
        Assert.True(float.IsNaN(w[3]));
        Assert.Equal(0f, w[0]);
    }
}
