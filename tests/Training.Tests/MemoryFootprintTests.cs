using System;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// What a model holds: its parameters, their gradients, the optimizer's slots and the activations of one batch
/// (the speed issue's memory target), and nothing of the size of a layer more unless it batch-predicts. Measured
/// as the bytes the calling thread allocates to build the model, compile it and train one step, after the same was
/// done once before (so that type initialisers and first-call work are not counted).
/// On the tutorial's topology: Flatten(28, 28), Dense(100, relu), Dense(10, softmax), batch 32.
/// </summary>
public class MemoryFootprintTests
{
    private const int Batch = 32;

    // Activation buffers of one batch: hidden activations and their gradient (100 units), output activations and their
    // gradient (10 units), and a loss per sample (double).
    private const long ActivationBytes = Batch * (100 + 100 + 10 + 10) * sizeof(float) + Batch * sizeof(double);

    // Everything else a model is made of (its layer records and names, the optimizer object, array headers): a few KB.
    // Any buffer the size of a layer's kernel (313 KB here) is far outside it.
    private const long SmallObjectsBytes = 16 * 1024;

    private static readonly float[] Inputs = MakeInputs();
    private static readonly int[] Labels = MakeLabels();

    private static float[] MakeInputs()
    {
        var random = new SeededRandom(5);
        var inputs = new float[Batch * TutorialReluModel.Layout.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        return inputs;
    }

    private static int[] MakeLabels()
    {
        var labels = new int[Batch];
        for (int i = 0; i < Batch; i++) labels[i] = i % 10;
        return labels;
    }

    private static TutorialReluModel TrainedOneStep()
    {
        var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch) { Optimizer = new Adam() };
        model.TrainStep(Inputs, Labels);
        return model;
    }

    private static (T Result, long Bytes) Allocating<T>(Func<T> build)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        T result = build();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_model_training_with_Adam_holds_parameters_gradients_two_slots_and_one_batch_of_activations()
    {
        TrainedOneStep();  // warm-up
        (TutorialReluModel model, long bytes) = Allocating(TrainedOneStep);

        long parameterBytes = (long)model.ParameterCount * sizeof(float);
        long expected = parameterBytes * (1 + 1 + 2) + ActivationBytes;  // parameters, gradients, Adam's m and v
        Assert.InRange(bytes, expected, expected + SmallObjectsBytes);
    }

    [Fact]
    public void The_packed_kernels_are_made_by_the_first_batch_prediction_and_only_then()
    {
        TrainedOneStep().PredictBatch(Inputs);  // warm-up
        TutorialReluModel model = TrainedOneStep();
        var outputs = new float[Batch * TutorialReluModel.Layout.OutputSize];

        (_, long first) = Allocating(() => { model.PredictBatch(Inputs, outputs); return 0; });
        (_, long second) = Allocating(() => { model.PredictBatch(Inputs, outputs); return 0; });
        (_, long evaluation) = Allocating(() => model.Evaluate(Inputs, Labels));

        // Each kernel's strips take whole registers of columns, so a little more than the kernels: at most a quarter more
        // (100 columns in 16-float registers are 112 with the overlapping last one).
        long kernelBytes = (784L * 100 + 100L * 10) * sizeof(float);
        Assert.InRange(first, kernelBytes, kernelBytes * 5 / 4 + SmallObjectsBytes);
        Assert.Equal(0, second);
        Assert.InRange(evaluation, 0, 1024);  // its result record at most; the kernels are there already
    }
}
