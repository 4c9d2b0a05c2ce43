using System;
using SourceGenNet.Kernels;
using SourceGenNet.Optimizers;
using SourceGenNet.Tests.Shared;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// PredictBatch and Evaluate pack the Dense kernels once per call and let every chunk read them: each call must read
/// the weights as they are at that call, give the bits a model that never packed would, and leave nothing packed in
/// use for the training that follows.
/// </summary>
public class ForwardPassWeightsTests
{
    private const int Samples = 77;

    private static (float[] Inputs, int[] Labels) Data()
    {
        var random = new SeededRandom(11);
        var inputs = new float[Samples * TutorialReluModel.Layout.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextDouble() < 0.4 ? 0f : (float)random.NextDouble();
        var labels = new int[Samples];
        for (int i = 0; i < Samples; i++) labels[i] = i % 10;
        return (inputs, labels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Each_call_reads_the_weights_as_they_are_then(int threads)
    {
        (float[] inputs, int[] labels) = Data();
        using var model = new TutorialReluModel(seed: 4, maxBatchSize: 16) { TrainingThreads = threads, Optimizer = new Adam() };
        float[] before = model.PredictBatch(inputs);
        Assert.Null(PackedKernels.Active);

        // Change the weights three ways between calls; each time a fresh model given the same weights must agree.
        model.Parameters[model.Layers[0].KernelOffset + 1234] += 0.5f;
        AssertLikeAFreshModel(model, inputs, labels, "after a weight was set");
        model.TrainStep(inputs.AsSpan(0, 16 * 784), labels.AsSpan(0, 16));
        Assert.Null(PackedKernels.Active);
        AssertLikeAFreshModel(model, inputs, labels, "after a training step");
        model.Fit(inputs, labels, epochs: 1, batchSize: 16, seed: 2, validationData: (inputs, labels));
        AssertLikeAFreshModel(model, inputs, labels, "after Fit with validation");
        Assert.NotEqual(before, model.PredictBatch(inputs));
    }

    private static void AssertLikeAFreshModel(TutorialReluModel model, float[] inputs, int[] labels, string when)
    {
        var fresh = new TutorialReluModel(seed: 99, maxBatchSize: 16);
        model.Parameters.CopyTo(fresh.Parameters);
        // The fresh model's first call packs these weights for the first time.
        Bits.AssertEqual(fresh.PredictBatch(inputs), model.PredictBatch(inputs), $"PredictBatch {when}");
        Assert.Equal(fresh.Evaluate(inputs, labels, 16), model.Evaluate(inputs, labels, 16));
        Assert.Null(PackedKernels.Active);

        // And a forward that never packs: the model's chunks one at a time through the kernels' own packing (TestStep
        // runs one batch, outside any packed pass), summed as Evaluate sums them.
        BatchMetrics total = default;
        for (int first = 0; first < Samples; first += 16)
        {
            int batch = Math.Min(16, Samples - first);
            total += model.TestStep(inputs.AsSpan(first * 784, batch * 784), labels.AsSpan(first, batch));
        }
        Assert.Equal(new EvaluationResult(total.Loss, total.Accuracy), model.Evaluate(inputs, labels, 16));
    }
}
