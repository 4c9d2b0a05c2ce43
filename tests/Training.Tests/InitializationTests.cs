using System;
using System.Linq;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// Keras' default Dense initialisation: glorot_uniform kernels, W ~ U[-limit, limit] with
/// limit = √(6 / (fan_in + fan_out)), and zero biases; a seed fixes every weight.
/// Checked on the tutorial's relu model, whose first kernel (78,400 weights) is large enough
/// for tight statistics and whose second (1,000) has a different limit.
/// </summary>
public class InitializationTests
{
    private static readonly (string Name, int Offset, int FanIn, int FanOut, int BiasOffset)[] Layers =
    [
        ("dense 784->100", TutorialReluModel.Layout.Dense1KernelOffset, 784, 100, TutorialReluModel.Layout.Dense1BiasOffset),
        ("dense 100->10", TutorialReluModel.Layout.Dense2KernelOffset, 100, 10, TutorialReluModel.Layout.Dense2BiasOffset),
    ];

    [Fact]
    public void Layout_is_kernel_then_bias_per_layer()
    {
        Assert.Equal((0, 78_400, 78_500, 79_500, 79_510),
            (TutorialReluModel.Layout.Dense1KernelOffset, TutorialReluModel.Layout.Dense1BiasOffset,
             TutorialReluModel.Layout.Dense2KernelOffset, TutorialReluModel.Layout.Dense2BiasOffset,
             TutorialReluModel.Layout.ParameterCount));
    }

    [Fact]
    public void Kernels_are_glorot_uniform_per_layer()
    {
        float[] p = new TutorialReluModel(seed: 5).Parameters.ToArray();
        foreach (var (name, offset, fanIn, fanOut, _) in Layers)
        {
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            float[] w = p.AsSpan(offset, fanIn * fanOut).ToArray();
            double mean = w.Average(x => (double)x);
            double variance = w.Average(x => (x - mean) * (x - mean));

            Assert.All(w, x => Assert.InRange(Math.Abs(x), 0, limit));
            // Spread: uniform draws reach the bound (P(max < 0.99 limit) = 0.99^1000 for the small layer).
            Assert.True(w.Max(x => Math.Abs(x)) > 0.99 * limit, $"{name}: weights do not reach the bound {limit}");
            // Mean 0 within about 5 standard errors (limit / √(3n)).
            Assert.True(Math.Abs(mean) < 5 * limit / Math.Sqrt(3.0 * w.Length), $"{name}: mean {mean}");
            // A uniform on [-limit, limit] has variance limit² / 3; 10% is many standard errors for n >= 1000.
            Assert.InRange(variance, 0.9 * limit * limit / 3, 1.1 * limit * limit / 3);
        }
    }

    [Fact]
    public void Biases_start_at_zero()
    {
        float[] p = new TutorialReluModel(seed: 5).Parameters.ToArray();
        foreach (var (_, _, _, fanOut, biasOffset) in Layers)
            Assert.All(p.AsSpan(biasOffset, fanOut).ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Weights_are_drawn_layer_after_layer_in_row_major_order_from_one_generator()
    {
        // The runtime's initialiser, called as the documented order says: one generator from the
        // seed, the first kernel (fan_in 784, fan_out 100), then the second. A generator that swapped
        // fans, reseeded per layer or skipped a layer would produce other numbers.
        var expected = new float[TutorialReluModel.Layout.ParameterCount];
        var random = new SeededRandom(5);
        foreach (var (_, offset, fanIn, fanOut, _) in Layers)
            Initializers.GlorotUniform(expected.AsSpan(offset, fanIn * fanOut), fanIn, fanOut, ref random);

        Assert.Equal(expected, new TutorialReluModel(seed: 5).Parameters.ToArray());
    }

    [Fact]
    public void The_same_seed_gives_identical_parameters_and_another_seed_different_ones()
    {
        float[] first = new TutorialReluModel(seed: 42).Parameters.ToArray();
        float[] again = new TutorialReluModel(seed: 42).Parameters.ToArray();
        float[] other = new TutorialReluModel(seed: 43).Parameters.ToArray();

        Assert.Equal(first, again);
        int kernelWeights = TutorialReluModel.Layout.ParameterCount - 110;
        int shared = Enumerable.Range(0, first.Length).Count(i => first[i] == other[i] && first[i] != 0);
        Assert.True(shared < kernelWeights / 100, $"{shared} of {kernelWeights} weights equal across seeds");
    }

    [Fact]
    public void InitializeParameters_restores_the_seeded_weights()
    {
        var model = new TutorialReluModel(seed: 7);
        float[] initial = model.Parameters.ToArray();
        model.Parameters.Fill(3f);

        model.InitializeParameters(7);

        Assert.Equal(initial, model.Parameters.ToArray());
    }
}
