using System;
using System.Numerics;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>Adam's fast <c>1 / (sqrt(v) + epsilon)</c> against its exact twin, and its flushing of subnormal moments.</summary>
public class AdamFastPathTests
{
    [Theory]
    [InlineData(1e-7f)]
    [InlineData(1e-4f)]
    [InlineData(1f)]
    public void Fast_inverse_root_matches_exact_twin_over_every_magnitude(float epsilon)
    {
        // v from 0 through subnormals and every binade a second moment meets, up to 1e30.
        var values = new System.Collections.Generic.List<float> { 0f, float.Epsilon, 1e-40f, AdamMath.SmallestNormal };
        for (float v = 1e-38f; v < 1e30f; v *= 1.37f) values.Add(v);
        while (values.Count % Vector<float>.Count != 0) values.Add(1f);

        var eps = new Vector<float>(epsilon);
        double worst = 0;
        for (int i = 0; i < values.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(values.ToArray(), i);
            Vector<float> fast = AdamMath.InverseRootPlusEpsilon(v, eps), exact = AdamMath.Exact(v, eps);
            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                double reference = 1 / (Math.Sqrt(values[i + lane]) + epsilon);
                worst = Math.Max(worst, Math.Abs(fast[lane] - reference) / reference);
                Assert.True(Math.Abs(exact[lane] - reference) / reference < 2e-7, $"exact twin off at v={values[i + lane]}");
            }
        }
        Assert.True(worst < 1e-6, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void Fast_inverse_root_keeps_NaN()
    {
        var v = new Vector<float>(float.NaN);
        Assert.True(float.IsNaN(AdamMath.InverseRootPlusEpsilon(v, new Vector<float>(1e-7f))[0]));
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
