using System;
using SourceGenNet.Losses;
using SourceGenNet.Tests.Shared;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Losses;

/// <summary>
/// Training threads each run the loss on their own rows of a batch (<c>wholeBatch</c> the batch's size, each sample's
/// loss into <c>sampleLosses</c>), and the caller adds the samples' losses in order. That must give the very bits of
/// one call on the whole batch: gradients, loss sum and counts.
/// </summary>
public class LossRowsTests
{
    private delegate BatchMetrics Loss(ReadOnlySpan<float> outputs, Span<float> gradient, int first, int rows, int wholeBatch, Span<double> sampleLosses);

    private const int Batch = 13;

    [Theory]
    [InlineData("sparse", 5)]
    [InlineData("categorical", 5)]
    [InlineData("binary", 3)]
    [InlineData("binary", 1)]
    [InlineData("squared", 4)]
    [InlineData("squared", 1)]
    public void Rows_of_a_batch_give_the_whole_batchs_bits(string kind, int units)
    {
        var random = new Random(units * 31 + kind.Length);
        float[] outputs = new float[Batch * units];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = (float)random.NextDouble() * 0.98f + 0.01f;
        int[] labels = new int[Batch];
        for (int s = 0; s < Batch; s++) labels[s] = random.Next(units);
        float[] targets = new float[Batch * units];
        for (int i = 0; i < targets.Length; i++)
            targets[i] = kind == "categorical" ? (labels[i / units] == i % units ? 1f : 0f)
                : kind == "binary" ? random.Next(2) : (float)random.NextDouble() * 2 - 1;

        Loss loss = kind switch
        {
            "sparse" => (o, g, first, rows, whole, losses) => LossKernels.SparseCategoricalCrossentropy(o, labels.AsSpan(first, rows), g, rows, units, whole, losses),
            "categorical" => (o, g, first, rows, whole, losses) => LossKernels.CategoricalCrossentropy(o, targets.AsSpan(first * units, rows * units), g, rows, units, whole, losses),
            "binary" => (o, g, first, rows, whole, losses) => LossKernels.BinaryCrossentropy(o, targets.AsSpan(first * units, rows * units), g, rows, units, whole, losses),
            _ => (o, g, first, rows, whole, losses) => LossKernels.MeanSquaredError(o, targets.AsSpan(first * units, rows * units), g, rows, units, whole, losses),
        };

        float[] wholeGradient = new float[Batch * units];
        BatchMetrics whole = loss(outputs, wholeGradient, 0, Batch, 0, default);

        float[] gradient = new float[Batch * units];
        double[] sampleLosses = new double[Batch];
        BatchMetrics counts = default;
        foreach ((int first, int rows) in new[] { (0, 4), (4, 4), (8, 5) })
            counts += loss(outputs.AsSpan(first * units, rows * units), gradient.AsSpan(first * units, rows * units),
                first, rows, Batch, sampleLosses.AsSpan(first, rows));
        double lossSum = 0;
        foreach (double sampleLoss in sampleLosses) lossSum += sampleLoss;

        Bits.AssertEqual(wholeGradient, gradient, $"{kind} gradient");
        Assert.Equal(whole.LossSum, lossSum);
        Assert.Equal(whole with { LossSum = 0 }, counts with { LossSum = 0 });
        Assert.True(whole.LossSum > 0);
    }

    [Fact]
    public void A_whole_batch_smaller_than_the_rows_or_too_few_sample_losses_are_refused()
    {
        float[] p = [0.2f, 0.8f, 0.6f, 0.4f];
        int[] labels = [1, 0];
        var wholeError = Assert.Throws<ArgumentOutOfRangeException>(() => LossKernels.SparseCategoricalCrossentropy(p, labels, new float[4], 2, 2, wholeBatch: 1));
        Assert.Equal("wholeBatch", wholeError.ParamName);
        var lossesError = Assert.Throws<ArgumentException>(() => LossKernels.MeanSquaredError(p, p, new float[4], 2, 2, sampleLosses: new double[1]));
        Assert.Equal("sampleLosses", lossesError.ParamName);
    }
}
