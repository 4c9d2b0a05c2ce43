using System;
using System.Linq;
using System.Numerics.Tensors;
using SourceGenNet.Kernels;
using static SourceGenNet.Runtime.Tests.Kernels.KernelTestData;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>Activations and their backward passes against double-precision twins and finite differences.</summary>
public class ActivationKernelTests
{
    /// <summary>Every length up to 70 crosses each width's overlapping last register; 3200 is a 32 x 100 batch.</summary>
    private static readonly int[] Lengths = Enumerable.Range(0, 71).Append(3200).ToArray();

    public static readonly TheoryData<string> Activations = new() { "relu", "sigmoid", "tanh" };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Forward_matches_naive_twin(string activation)
    {
        foreach (int length in Lengths)
        {
            var random = Seeded(length, 1, 2);
            float[] values = Scaled(Input(random, length), 4f);   // z in [-4, 4)
            float[] before = (float[])values.Clone();
            Span<float> used = values.AsSpan(0, length);
            switch (activation)
            {
                case "relu": ActivationKernels.Relu(used); break;
                case "sigmoid": ActivationKernels.Sigmoid(used); break;
                default: ActivationKernels.Tanh(used); break;
            }
            for (int j = 0; j < length; j++)
            {
                double expected = Function(activation, before[j]);
                Assert.True(Math.Abs(values[j] - expected) <= 1e-6 * (1 + Math.Abs(expected)), $"{activation}[{j}] of {length}: {values[j]} vs {expected}");
            }
            Assert.True(values.AsSpan(length).SequenceEqual(before.AsSpan(length)), "touched past the span");
        }
    }

    [Theory]
    [MemberData(nameof(Widths), MemberType = typeof(KernelTestData))]
    public void Backward_matches_naive_twin_at_every_width(int lanes)
    {
        foreach (string activation in new[] { "relu", "sigmoid", "tanh" })
            foreach (int length in Lengths)
            {
                var random = Seeded(length, lanes, activation.Length);
                float[] output = OutputsOf(activation, Scaled(Input(random, length), 4f));
                float[] gradient = Input(random, length);
                float[] before = (float[])gradient.Clone();

                Backward(activation, lanes, output.AsSpan(0, length), gradient.AsSpan(0, length));

                for (int j = 0; j < length; j++)
                {
                    double expected = activation switch
                    {
                        "relu" => NaiveKernels.ReluBackward(output[j], before[j]),
                        "sigmoid" => NaiveKernels.SigmoidBackward(output[j], before[j]),
                        _ => NaiveKernels.TanhBackward(output[j], before[j]),
                    };
                    Assert.True(Math.Abs(gradient[j] - expected) <= 1e-6 * (1 + Math.Abs(expected)),
                        $"{activation} width {lanes} [{j}] of {length}: {gradient[j]} vs {expected}");
                }
                Assert.True(gradient.AsSpan(length).SequenceEqual(before.AsSpan(length)), "touched past the span");
            }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Backward_matches_finite_differences(string activation)
    {
        // dL/dz = g · f'(z), with f' from central differences of f in double at z = 0.05 + k·0.37
        // (away from ReLU's kink), and the kernel given the stored float output a = f(z).
        const int length = 37;
        const double h = 1e-6;
        var z = Enumerable.Range(0, length).Select(k => -6.0 + 0.05 + k * 0.37).ToArray();
        float[] output = z.Select(v => (float)Function(activation, v)).ToArray();
        float[] gradient = Enumerable.Range(0, length).Select(k => (float)Math.Cos(k)).ToArray();
        float[] upstream = (float[])gradient.Clone();

        Backward(activation, 0, output, gradient);

        for (int k = 0; k < length; k++)
        {
            double derivative = (Function(activation, z[k] + h) - Function(activation, z[k] - h)) / (2 * h);
            double expected = upstream[k] * derivative;
            Assert.True(Math.Abs(gradient[k] - expected) <= 1e-5 * (1 + Math.Abs(expected)), $"{activation} at z={z[k]}: {gradient[k]} vs {expected}");
        }
    }

    [Fact]
    public void Relu_backward_passes_no_gradient_where_the_output_is_zero()
    {
        float[] output = [0f, 0f, 1f, 0f, 2f, 0f, 0f, 0f, 3f, 0f, 0f, 0f, 0f, 4f];
        float[] gradient = [5f, -5f, 5f, 5f, 5f, 5f, 5f, 5f, 5f, 5f, 5f, 5f, 5f, -5f];
        ActivationKernels.ReluBackward(output, gradient);
        Assert.Equal([0f, 0f, 5f, 0f, 5f, 0f, 0f, 0f, 5f, 0f, 0f, 0f, 0f, -5f], gradient);
    }

    [Fact]
    public void SoftmaxRows_matches_naive_twin_and_leaves_the_tail()
    {
        foreach (int rows in RowSweep)
            foreach (int cols in ColSweep)
            {
                var random = Seeded(rows, cols, 3);
                float[] values = Scaled(Input(random, rows * cols), 30f);
                values.AsSpan(rows * cols).Fill(OutputPoison);
                double[] expected = NaiveKernels.SoftmaxRows(values.Select(v => (double)v).ToArray(), rows, cols);

                ActivationKernels.SoftmaxRows(values, rows, cols);

                for (int j = 0; j < rows * cols; j++)
                    Assert.True(Math.Abs(values[j] - expected[j]) <= 1e-4 * expected[j] + 1e-7, $"({rows},{cols}) [{j}]: {values[j]} vs {expected[j]}");
                AssertPoisonIntact(values, rows * cols, $"softmax ({rows},{cols})");
            }
    }

    /// <summary>
    /// The register path of SoftmaxRows (rows of 8 or more on AVX2) writes out TensorPrimitives' per-row formula; it must
    /// give its very floats, NaN, infinities and signed zeros included, or training results would change with it. Where
    /// TensorPrimitives would take 512-bit registers for a row (16 or more values on AVX-512 hardware), the two may
    /// differ in their last bits, so those rows are left to the naive-twin test above.
    /// </summary>
    [Fact]
    public void SoftmaxRows_gives_the_very_floats_of_the_per_row_TensorPrimitives_formula()
    {
        foreach (int cols in Enumerable.Range(1, 40).Append(100))
        {
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && cols >= 16) continue;
            foreach (int rows in new[] { 1, 2, 3, 7, 32 })
            {
                var random = Seeded(rows, cols, 11);
                float[] values = Scaled(Input(random, rows * cols), 40f);
                float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1e30f, -1e30f, 88.7f];
                for (int i = 0; i < Math.Min(rows * cols, 3 * special.Length); i += 3) values[i] = special[i / 3];
                if (rows > 1) values.AsSpan(cols, cols).Fill(float.NegativeInfinity);   // a whole row of -inf: NaN throughout
                float[] expected = (float[])values.Clone();
                for (int r = 0; r < rows; r++)
                {
                    Span<float> row = expected.AsSpan(r * cols, cols);
                    float max = TensorPrimitives.Max(row);
                    TensorPrimitives.Subtract(row, max, row);
                    TensorPrimitives.Exp(row, row);
                    TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
                }

                ActivationKernels.SoftmaxRows(values, rows, cols);

                for (int j = 0; j < rows * cols; j++)
                    Assert.True(BitConverter.SingleToInt32Bits(values[j]) == BitConverter.SingleToInt32Bits(expected[j]),
                        $"({rows},{cols}) [{j}]: {values[j]} vs {expected[j]}");
            }
        }
    }

    [Fact]
    public void SoftmaxRows_is_stable_for_huge_logits()
    {
        float[] values =
        [
            1000f, -1000f, 999f, 0f,
            -1000f, -1000f, -1000f, -1000f,
            1000f, 1000f, 1000f, 1000f,
        ];
        ActivationKernels.SoftmaxRows(values, 3, 4);

        Assert.All(values, p => Assert.True(float.IsFinite(p) && p >= 0 && p <= 1, $"{p}"));
        for (int r = 0; r < 3; r++)
            Assert.Equal(1.0, values.AsSpan(r * 4, 4).ToArray().Sum(p => (double)p), 6);
        double e = Math.Exp(-1);
        Assert.Equal(1 / (1 + e), values[0], 6);
        Assert.Equal(0.0, values[1], 6);
        Assert.Equal(e / (1 + e), values[2], 6);
        Assert.All(values.Skip(4), p => Assert.Equal(0.25f, p, 6));
    }

    [Fact]
    public void SoftmaxBackwardRows_matches_twin_and_finite_differences()
    {
        // L(z) = Σ_j g_j softmax(z)_j, so dL/dz_k is what the kernel must return for upstream g.
        const int rows = 3, cols = 11;
        const double h = 1e-6;
        var random = new Random(11);
        double[] z = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() * 6 - 3).ToArray();
        double[] p = NaiveKernels.SoftmaxRows(z, rows, cols);
        float[] output = p.Select(v => (float)v).Concat(Enumerable.Repeat(float.NaN, Padding)).ToArray();
        float[] gradient = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] upstream = (float[])gradient.Clone();
        double[] twin = NaiveKernels.SoftmaxBackwardRows(output, upstream, rows, cols);
        gradient = gradient.Concat(Enumerable.Repeat(OutputPoison, Padding)).ToArray();

        ActivationKernels.SoftmaxBackwardRows(output, gradient, rows, cols);

        for (int k = 0; k < rows * cols; k++)
        {
            double Loss(double dz)
            {
                double[] shifted = (double[])z.Clone();
                shifted[k] += dz;
                double[] q = NaiveKernels.SoftmaxRows(shifted, rows, cols);
                return Enumerable.Range(0, rows * cols).Sum(j => upstream[j] * q[j]);
            }
            double numeric = (Loss(h) - Loss(-h)) / (2 * h);
            Assert.True(Math.Abs(gradient[k] - numeric) <= 1e-5, $"[{k}]: {gradient[k]} vs finite difference {numeric}");
            Assert.True(Math.Abs(gradient[k] - twin[k]) <= 1e-6, $"[{k}]: {gradient[k]} vs twin {twin[k]}");
        }
        AssertPoisonIntact(gradient, rows * cols, "softmax backward");
    }

    [Fact]
    public void Activations_do_not_allocate()
    {
        float[] a = new float[300], g = new float[300];
        void RunAll()
        {
            ActivationKernels.Relu(a);
            ActivationKernels.Sigmoid(a);
            ActivationKernels.Tanh(a);
            ActivationKernels.SoftmaxRows(a, 3, 100);
            ActivationKernels.ReluBackward(a, g);
            ActivationKernels.SigmoidBackward(a, g);
            ActivationKernels.TanhBackward(a, g);
            ActivationKernels.SoftmaxBackwardRows(a, g, 3, 100);
        }
        RunAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_argument()
    {
        float[] big = new float[20], small = new float[5];
        DenseKernelTests.AssertThrows("rows", () => ActivationKernels.SoftmaxRows(big, 0, 2));
        DenseKernelTests.AssertThrows("cols", () => ActivationKernels.SoftmaxRows(big, 2, 0));
        DenseKernelTests.AssertThrows("values", () => ActivationKernels.SoftmaxRows(small, 2, 3));
        DenseKernelTests.AssertThrows("output", () => ActivationKernels.SoftmaxBackwardRows(small, big, 2, 3));
        DenseKernelTests.AssertThrows("gradient", () => ActivationKernels.SoftmaxBackwardRows(big, small, 2, 3));
        DenseKernelTests.AssertThrows("rows", () => ActivationKernels.SoftmaxBackwardRows(big, big, -1, 3));
        DenseKernelTests.AssertThrows("output", () => ActivationKernels.ReluBackward(small, big));
        DenseKernelTests.AssertThrows("output", () => ActivationKernels.SigmoidBackward(big, small));
        DenseKernelTests.AssertThrows("output", () => ActivationKernels.TanhBackward(small, big));
    }

    private static void Backward(string activation, int lanes, ReadOnlySpan<float> output, Span<float> gradient)
    {
        if (lanes == 0)
        {
            switch (activation)
            {
                case "relu": ActivationKernels.ReluBackward(output, gradient); break;
                case "sigmoid": ActivationKernels.SigmoidBackward(output, gradient); break;
                default: ActivationKernels.TanhBackward(output, gradient); break;
            }
            return;
        }
        switch (activation)
        {
            case "relu": ActivationKernels.Map<ReluDerivative>(Width(lanes), output, gradient); break;
            case "sigmoid": ActivationKernels.Map<SigmoidDerivative>(Width(lanes), output, gradient); break;
            default: ActivationKernels.Map<TanhDerivative>(Width(lanes), output, gradient); break;
        }
    }

    private static double Function(string activation, double z) => activation switch
    {
        "relu" => NaiveKernels.Relu(z),
        "sigmoid" => NaiveKernels.Sigmoid(z),
        _ => NaiveKernels.Tanh(z),
    };

    /// <summary>The stored outputs a = f(z) for the used range; the NaN tail is kept.</summary>
    private static float[] OutputsOf(string activation, float[] z)
    {
        var a = (float[])z.Clone();
        for (int j = 0; j < a.Length; j++)
            if (!float.IsNaN(z[j])) a[j] = (float)Function(activation, z[j]);
        return a;
    }

    private static float[] Scaled(float[] values, float factor)
    {
        for (int j = 0; j < values.Length; j++) values[j] *= factor;
        return values;
    }
}
