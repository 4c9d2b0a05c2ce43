using System;
using SourceGenNet.Tests.Shared;
using System.Linq;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// TrainStep is ComputeGradients followed by one Optimizer.Apply over the whole buffers, bit for bit, for every
/// optimizer (the gradients are written anew each step, with no clearing pass); and a batch whose loss is not
/// finite leaves the model and its optimizer untouched, on one thread and on two.
/// </summary>
public class TrainStepTests
{
    private static (float[] Inputs, int[] Labels) Batches(int steps, int batch)
    {
        var random = new SeededRandom(11);
        var inputs = new float[steps * batch * TutorialReluModel.Layout.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextDouble() < 0.4 ? 0f : (float)random.NextDouble();
        var labels = new int[steps * batch];
        for (int i = 0; i < labels.Length; i++) labels[i] = (i * 3 + 1) % 10;
        return (inputs, labels);
    }

    public static TheoryData<string> OptimizerNames => new() { "adam", "rmsprop", "adagrad", "sgd", "nesterov" };

    private static Optimizer Make(string name) =>
        name == "nesterov" ? new Sgd(0.05f, momentum: 0.9f, nesterov: true) : Optimizer.FromName(name);

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void TrainStep_equals_ComputeGradients_then_Apply_bit_for_bit(string optimizer)
    {
        const int steps = 4, batch = 24;
        (float[] inputs, int[] labels) = Batches(steps, batch);
        var fused = new TutorialReluModel(seed: 5, maxBatchSize: batch) { Optimizer = Make(optimizer) };
        var separate = new TutorialReluModel(seed: 5, maxBatchSize: batch) { Optimizer = Make(optimizer) };
        const int size = TutorialReluModel.Layout.InputSize;
        for (int step = 0; step < steps; step++)
        {
            ReadOnlySpan<float> x = inputs.AsSpan(step * batch * size, batch * size);
            ReadOnlySpan<int> y = labels.AsSpan(step * batch, batch);
            var fusedMetrics = fused.TrainStep(x, y);
            var separateMetrics = separate.ComputeGradients(x, y);
            separate.Optimizer.Apply(separate.Parameters, separate.Gradients);
            Assert.Equal(separateMetrics, fusedMetrics);
            Bits.AssertEqual(separate.Gradients.ToArray(), fused.Gradients.ToArray(), $"{optimizer} step {step}: gradients");
            Bits.AssertEqual(separate.Parameters.ToArray(), fused.Parameters.ToArray(), $"{optimizer} step {step}: parameters");
        }
        for (int s = 0; s < fused.Optimizer.Slots.Count; s++)
            Bits.AssertEqual(separate.Optimizer.Slots[s], fused.Optimizer.Slots[s], $"{optimizer}: {fused.Optimizer.SlotNames[s]}");
        Assert.Equal(steps, fused.Optimizer.Iterations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_batch_whose_loss_is_not_finite_changes_nothing(int threads)
    {
        const int batch = 8;
        (float[] inputs, int[] labels) = Batches(2, batch);
        using var model = new TutorialReluModel(seed: 5, maxBatchSize: batch) { Optimizer = new Adam(), TrainingThreads = threads };
        const int size = TutorialReluModel.Layout.InputSize;
        model.TrainStep(inputs.AsSpan(0, batch * size), labels.AsSpan(0, batch)); // nonzero optimizer state
        float[] parameters = model.Parameters.ToArray();
        float[][] slots = [.. model.Optimizer.Slots.Select(slot => (float[])slot.Clone())];

        float[] poisoned = inputs.AsSpan(batch * size, batch * size).ToArray();
        poisoned[5 * size + 300] = float.PositiveInfinity;
        var metrics = model.TrainStep(poisoned, labels.AsSpan(batch, batch));

        Assert.False(double.IsFinite(metrics.LossSum));
        Assert.Equal(1, model.Optimizer.Iterations);
        Bits.AssertEqual(parameters, model.Parameters.ToArray(), "parameters");
        for (int s = 0; s < slots.Length; s++)
            Bits.AssertEqual(slots[s], model.Optimizer.Slots[s], model.Optimizer.SlotNames[s]);
    }
}
