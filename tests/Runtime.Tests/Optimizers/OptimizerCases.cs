using System;
using System.Collections.Generic;
using System.Linq;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>The hyperparameter settings every sweep runs, each as an optimizer and its double twin.</summary>
internal static class OptimizerCases
{
    // Hyperparameters are float literals widened to double for the reference, so both sides
    // start from the very same numbers.
    private static readonly Dictionary<string, (Func<Optimizer> Create, Func<ReferenceOptimizer> Reference)> Cases = new()
    {
        ["sgd"] = (() => new Sgd(), () => new ReferenceSgd(0.01f, 0, false)),
        ["sgd-momentum"] = (() => new Sgd(0.1f, 0.9f), () => new ReferenceSgd(0.1f, 0.9f, false)),
        ["sgd-nesterov"] = (() => new Sgd(0.05f, 0.5f, nesterov: true), () => new ReferenceSgd(0.05f, 0.5f, true)),
        ["rmsprop"] = (() => new RmsProp(), () => new ReferenceRmsProp(0.001f, 0.9f, 1e-7f)),
        ["rmsprop-custom"] = (() => new RmsProp(0.01f, 0.5f, 1e-3f), () => new ReferenceRmsProp(0.01f, 0.5f, 1e-3f)),
        ["adagrad"] = (() => new Adagrad(), () => new ReferenceAdagrad(0.001f, 0.1f, 1e-7f)),
        ["adagrad-custom"] = (() => new Adagrad(0.1f, 0.5f, 1e-4f), () => new ReferenceAdagrad(0.1f, 0.5f, 1e-4f)),
        ["adam"] = (() => new Adam(), () => new ReferenceAdam(0.001f, 0.9f, 0.999f, 1e-7f)),
        ["adam-custom"] = (() => new Adam(0.01f, 0.5f, 0.9f, 1e-4f), () => new ReferenceAdam(0.01f, 0.5f, 0.9f, 1e-4f)),
    };

    /// <summary>Lengths around the vector width (8 floats with AVX2, 16 with AVX-512) and larger ones.</summary>
    public static readonly int[] Lengths = [1, 2, 7, 8, 9, 15, 16, 17, 31, 100, 1000];

    public static IEnumerable<string> Names => Cases.Keys;

    public static TheoryData<string> NameData => new(Names);

    public static TheoryData<string, int> NameAndLengthData
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Names)
                foreach (int length in Lengths) data.Add(name, length);
            return data;
        }
    }

    public static Optimizer Create(string name) => Cases[name].Create();

    public static ReferenceOptimizer Reference(string name) => Cases[name].Reference();

    /// <summary>Uniform values in [-scale, scale).</summary>
    public static float[] Random(Random random, int length, float scale = 1f) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();

    public static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();

    /// <summary>
    /// max |actual - expected| &lt;= relative * max |expected| + absolute, over the whole array;
    /// the message names the worst element.
    /// </summary>
    public static void AssertClose(double[] expected, ReadOnlySpan<double> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= worst)) { worst = error; worstIndex = i; }
        }
        double tolerance = relative * scale + absolute;
        Assert.True(worst <= tolerance,
            $"{what}: element {worstIndex} is {actual[worstIndex]:R}, expected {expected[worstIndex]:R} " +
            $"(error {worst:E3} > tolerance {tolerance:E3}, max |expected| {scale:E3}).");
    }
}
