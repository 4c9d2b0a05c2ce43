using System;
using SourceGenNet.Kernels;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// The hot paths allocate nothing once warm: buffers belong to the model and the optimizer, and
/// single predictions keep their activations on the stack. Measured with the calling thread's
/// allocation counter, which counts every managed allocation the thread makes (other tests
/// running in parallel on other threads do not disturb it). One warm-up call first, so lazy
/// state (the optimizer's slots, first-call JIT work) is not counted.
/// On the tutorial's topology: Flatten(28, 28), Dense(100, relu), Dense(10, softmax), batch 32.
/// </summary>
public class ZeroAllocationTests
{
    private const int Batch = 32, Samples = 1000;

    private static float[] Inputs(int samples)
    {
        var random = new SeededRandom(3);
        var inputs = new float[samples * TutorialReluModel.Layout.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        return inputs;
    }

    private static int[] Labels(int samples)
    {
        var labels = new int[samples];
        for (int i = 0; i < samples; i++) labels[i] = i % 10;
        return labels;
    }

    private static long AllocatedBy(Action action, Action? warmUp = null)
    {
        (warmUp ?? action)();
        // Tiered compilation can allocate on this thread while it promotes a hot method during the
        // first windows; an allocation per call would show in every window, so the fewest bytes of
        // up to 10 windows is the honest figure.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest != 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }

    [Fact]
    public void TrainStep_with_Adam_allocates_nothing()
    {
        var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch) { Optimizer = new Adam() };
        float[] inputs = Inputs(Batch);
        int[] labels = Labels(Batch);

        long bytes = AllocatedBy(
            () => { for (int step = 0; step < 100; step++) model.TrainStep(inputs, labels); },
            warmUp: () => model.TrainStep(inputs, labels));

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void TrainStep_on_two_threads_allocates_nothing_on_the_calling_thread()
    {
        using var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch) { Optimizer = new Adam(), TrainingThreads = 2 };
        float[] inputs = Inputs(Batch);
        int[] labels = Labels(Batch);

        long bytes = AllocatedBy(
            () => { for (int step = 0; step < 100; step++) model.TrainStep(inputs, labels); },
            warmUp: () => model.TrainStep(inputs, labels)); // the first step starts the worker thread

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void TrainStep_on_two_threads_allocates_nothing_on_the_worker_thread()
    {
        // The worker's allocations do not show in the calling thread's counter (nor would a process-wide
        // counter be exact while other tests run): the team reads the worker's own counter after each piece.
        using var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch) { Optimizer = new Adam(), TrainingThreads = 2 };
        float[] inputs = Inputs(Batch);
        int[] labels = Labels(Batch);
        model.TrainStep(inputs, labels);
        // Warm-up includes one park and wake-up: the worker's event allocates its lock object on its first wait.
        System.Threading.Thread.Sleep(ThreadTeam.SpinMilliseconds + 50);
        // And enough steps, then a pause, for tiered compilation to finish the worker's methods: the runtime's own
        // bookkeeping when it switches them to optimized code counts on the worker's counter (not a step's allocation).
        for (int step = 0; step < 100; step++) model.TrainStep(inputs, labels);
        System.Threading.Thread.Sleep(300);
        for (int step = 0; step < 100; step++) model.TrainStep(inputs, labels);
        long before = model.StartedTeam!.WorkerAllocatedBytes;
        for (int step = 0; step < 100; step++) model.TrainStep(inputs, labels);
        Assert.Equal(before, model.StartedTeam!.WorkerAllocatedBytes);
    }

    [Fact]
    public void Evaluate_on_spans_allocates_nothing()
    {
        var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch);
        float[] inputs = Inputs(Samples);
        int[] labels = Labels(Samples);

        Assert.Equal(0, AllocatedBy(() => model.Evaluate(inputs, labels, Batch)));
    }

    [Fact]
    public void Predict_allocates_nothing()
    {
        var model = new TutorialReluModel(seed: 1);
        float[] inputs = Inputs(Samples);
        float[] output = new float[10];

        long bytes = AllocatedBy(() =>
        {
            for (int s = 0; s < Samples; s++)
                model.Predict(inputs.AsSpan(s * 784, 784), output);
        });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void PredictClass_allocates_nothing()
    {
        var model = new TutorialReluModel(seed: 1);
        float[] inputs = Inputs(Samples);

        long bytes = AllocatedBy(() =>
        {
            for (int s = 0; s < Samples; s++)
                model.PredictClass(inputs.AsSpan(s * 784, 784));
        });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void PredictBatch_into_a_span_allocates_nothing()
    {
        var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch);
        float[] inputs = Inputs(Samples);
        float[] outputs = new float[Samples * 10];

        Assert.Equal(0, AllocatedBy(() => model.PredictBatch(inputs, outputs)));
    }

    [Fact]
    public void PredictBatch_on_two_threads_allocates_nothing_on_either_thread()
    {
        using var model = new TutorialReluModel(seed: 1, maxBatchSize: Batch) { TrainingThreads = 2 };
        float[] inputs = Inputs(Samples);
        float[] outputs = new float[Samples * 10];
        model.PredictBatch(inputs, outputs); // starts the worker
        System.Threading.Thread.Sleep(ThreadTeam.SpinMilliseconds + 50); // and one park and wake-up, as above
        model.PredictBatch(inputs, outputs);
        long workerBefore = model.StartedTeam!.WorkerAllocatedBytes;

        Assert.Equal(0, AllocatedBy(() => model.PredictBatch(inputs, outputs)));
        Assert.Equal(workerBefore, model.StartedTeam!.WorkerAllocatedBytes);
    }
}
