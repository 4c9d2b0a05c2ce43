using System;
using System.Threading;
using System.Threading.Tasks;
using SourceGenNet.Tests.Shared;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// TrainingThreads shares a step's heavy work without any reduction, so training on 2 or 3 threads gives
/// the very bits training on 1 gives: weights, optimizer state, losses. On the tutorial's topology
/// (784 -> 100 relu -> 10 softmax), whose first layer is the one shared.
/// </summary>
public class ThreadCountTests
{
    private const int Samples = 203; // batches of 32 leave 11, of 13 leave 8: pieces of every size

    private static (float[] Inputs, int[] Labels) Data()
    {
        var random = new SeededRandom(5);
        var inputs = new float[Samples * TutorialReluModel.Layout.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextDouble() < 0.3 ? 0f : (float)random.NextDouble();
        var labels = new int[Samples];
        for (int i = 0; i < Samples; i++) labels[i] = (i * 7) % 10;
        return (inputs, labels);
    }

    private static (TutorialReluModel Model, History History) Train(int threads, int batchSize, Func<Optimizer> optimizer)
    {
        (float[] inputs, int[] labels) = Data();
        var model = new TutorialReluModel(seed: 3, maxBatchSize: batchSize) { Optimizer = optimizer(), TrainingThreads = threads };
        History history = model.Fit(inputs, labels, epochs: 2, batchSize: batchSize, seed: 9,
            validationData: (inputs, labels));
        return (model, history);
    }

    [Theory]
    [InlineData(2, 32)]
    [InlineData(3, 32)]
    [InlineData(2, 13)]
    [InlineData(2, 5)]
    [InlineData(4, 11)] // fewer than 4 rows a thread: layer 1 runs on the caller alone
    public void Fit_on_several_threads_equals_one_thread_bit_for_bit(int threads, int batchSize)
    {
        foreach (Func<Optimizer> optimizer in new Func<Optimizer>[] { () => new Adam(), () => new Sgd(0.05f, 0.9f, nesterov: true) })
        {
            (TutorialReluModel one, History oneHistory) = Train(1, batchSize, optimizer);
            (TutorialReluModel many, History manyHistory) = Train(threads, batchSize, optimizer);
            using (many)
            {
                Bits.AssertEqual(one.Parameters.ToArray(), many.Parameters.ToArray(), "parameters");
                Bits.AssertEqual(one.Gradients.ToArray(), many.Gradients.ToArray(), "gradients");
                for (int s = 0; s < one.Optimizer.Slots.Count; s++)
                    Bits.AssertEqual(one.Optimizer.Slots[s], many.Optimizer.Slots[s], one.Optimizer.SlotNames[s]);
                Assert.Equal(one.Optimizer.Iterations, many.Optimizer.Iterations);
                Assert.Equal(oneHistory.Loss, manyHistory.Loss);
                Assert.Equal(oneHistory.ValLoss, manyHistory.ValLoss);
                Assert.Equal(oneHistory.Accuracy, manyHistory.Accuracy);
            }
        }
    }

    [Fact]
    public void Every_loss_trains_to_the_same_bits_on_several_threads()
    {
        // The row-by-row part of a step (forward, loss, input gradients) runs on 3 threads' rows of 13 (4 + 4 + 5);
        // the float-target losses and three-layer backward passes are checked here, the tutorial's model above. The first
        // five models' first layers (7 or 6 inputs) are too narrow to share: their kernel gradients run on the caller.
        Check(seed => new CategoricalTanhNet(seed), inputs: 7, units: 3, (s, u) => s % 3 == u ? 1f : 0f);
        Check(seed => new BinaryOneUnitNet(seed), inputs: 7, units: 1, (s, u) => s % 2);
        Check(seed => new BinaryThreeUnitNet(seed), inputs: 6, units: 3, (s, u) => (s + u) % 2);
        Check(seed => new RegressionLinearNet(seed), inputs: 7, units: 3, (s, u) => (s * 3 + u) % 7 * 0.3f - 1f);
        Check(seed => new RegressionSoftmaxNet(seed), inputs: 7, units: 3, (s, u) => s % 3 == u ? 1f : 0f);
        // These first layers' kernel gradients are shared (40 inputs): a lone layer, and later layers carried to the last thread.
        Check(seed => new SingleLayerSoftmaxNet(seed), inputs: 40, units: 3, (s, u) => s % 3 == u ? 1f : 0f);
        Check(seed => new WideFirstRegressionNet(seed), inputs: 40, units: 3, (s, u) => (s * 5 + u) % 7 * 0.3f - 1f);

        static void Check(Func<int, Network<float>> create, int inputs, int units, Func<int, int, float> target)
        {
            const int Rows = 13, Steps = 5;
            var random = new SeededRandom(11);
            var x = new float[Rows * Steps * inputs];
            for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble() * 2 - 1;
            var t = new float[Rows * Steps * units];
            for (int i = 0; i < t.Length; i++) t[i] = target(i / units, i % units);
            Network<float> one = create(7);
            using Network<float> many = create(7);
            one.Optimizer = new Adam();
            many.Optimizer = new Adam();
            many.TrainingThreads = 3;
            for (int step = 0; step < Steps; step++)
            {
                ReadOnlySpan<float> xs = x.AsSpan(step * Rows * inputs, Rows * inputs);
                ReadOnlySpan<float> ts = t.AsSpan(step * Rows * units, Rows * units);
                Assert.Equal(one.TrainStep(xs, ts), many.TrainStep(xs, ts));
            }
            Bits.AssertEqual(one.Parameters.ToArray(), many.Parameters.ToArray(), $"{one.GetType().Name} parameters");
        }
    }

    [Fact]
    public void Changing_the_thread_count_between_steps_changes_no_result()
    {
        (float[] inputs, int[] labels) = Data();
        var one = new TutorialReluModel(seed: 3) { Optimizer = new Adam() };
        using var switching = new TutorialReluModel(seed: 3) { Optimizer = new Adam() };
        for (int step = 0; step < 6; step++)
        {
            ReadOnlySpan<float> x = inputs.AsSpan(step * 32 * 784, 32 * 784);
            ReadOnlySpan<int> y = labels.AsSpan(step * 32, 32);
            switching.TrainingThreads = step % 3 + 1;
            Assert.Equal(one.TrainStep(x, y).LossSum, switching.TrainStep(x, y).LossSum);
        }
        Bits.AssertEqual(one.Parameters.ToArray(), switching.Parameters.ToArray(), "parameters");
    }

    [Fact]
    public void TrainingThreads_is_checked_and_a_disposed_network_still_trains()
    {
        (float[] inputs, int[] labels) = Data();
        var model = new TutorialReluModel(seed: 3);
        Assert.Equal(1, model.TrainingThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.TrainingThreads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.TrainingThreads = 65);
        model.TrainingThreads = 2;
        model.TrainStep(inputs.AsSpan(0, 32 * 784), labels.AsSpan(0, 32));
        model.Dispose();
        model.TrainStep(inputs.AsSpan(0, 32 * 784), labels.AsSpan(0, 32)); // restarts its worker
        model.Dispose();
    }

    [Theory]
    [InlineData(2, 32)]
    [InlineData(3, 13)]
    [InlineData(4, 11)]
    [InlineData(2, 7)]
    public void PredictBatch_and_Evaluate_on_several_threads_equal_one_thread_bit_for_bit(int threads, int maxBatchSize)
    {
        (float[] inputs, int[] labels) = Data();
        var one = new TutorialReluModel(seed: 3, maxBatchSize: maxBatchSize);
        using var many = new TutorialReluModel(seed: 3, maxBatchSize: maxBatchSize) { TrainingThreads = threads };
        // Every length of the last chunk up to 4 rows, and the whole set.
        for (int samples = Samples; samples >= Samples - 4; samples--)
        {
            ReadOnlySpan<float> some = inputs.AsSpan(0, samples * 784);
            Bits.AssertEqual(one.PredictBatch(some), many.PredictBatch(some), $"predictions of {samples} samples");
        }
        Assert.Equal(one.Evaluate(inputs, labels, maxBatchSize), many.Evaluate(inputs, labels, maxBatchSize));
        // And the single-sample path agrees with the batch path on its own terms (its row kernel sums in another order).
        var sample = new float[10];
        many.Predict(inputs.AsSpan(0, 784), sample);
        float[] batch = many.PredictBatch(inputs.AsSpan(0, 784));
        for (int c = 0; c < 10; c++) Assert.Equal(batch[c], sample[c], 5);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Pieces_of_workers_held_back_are_run_by_the_caller_with_the_same_bits(int threads)
    {
        // A worker whose vCPU is busy elsewhere has not claimed its piece when the caller finishes its own; the
        // caller then runs it. Here the workers are held before every claim, so the caller must run every piece:
        // training, batch prediction and evaluation still finish and give one thread's bits. Released, the workers
        // find the pieces they waited for already taken, skip them, and share the work again.
        (float[] inputs, int[] labels) = Data();
        using var gate = new ManualResetEventSlim(false);  // declared before the team, so that it outlives the workers
        var one = new TutorialReluModel(seed: 3) { Optimizer = new Adam() };
        using var many = new TutorialReluModel(seed: 3) { Optimizer = new Adam(), TrainingThreads = threads };
        Assert.Equal(one.TrainStep(inputs.AsSpan(0, 32 * 784), labels.AsSpan(0, 32)),
            many.TrainStep(inputs.AsSpan(0, 32 * 784), labels.AsSpan(0, 32))); // starts the team

        int held = 0;
        many.StartedTeam!.BeforeClaim = _ =>
        {
            Interlocked.Increment(ref held);
            gate.Wait();
        };
        try
        {
            var whileHeld = Task.Run(() =>
            {
                History h = many.Fit(inputs, labels, epochs: 1, batchSize: 32, seed: 4);
                return (h, many.PredictBatch(inputs), many.Evaluate(inputs, labels, 32));
            });
            // A caller that waited for the held workers would never finish: WaitAsync throws a TimeoutException instead.
            (History heldHistory, float[] heldPredictions, EvaluationResult heldEvaluation) = await whileHeld.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(held > 0, "no worker was held");
            History oneHistory = one.Fit(inputs, labels, epochs: 1, batchSize: 32, seed: 4);
            Assert.Equal(oneHistory.Loss, heldHistory.Loss);
            Bits.AssertEqual(one.Parameters.ToArray(), many.Parameters.ToArray(), "parameters after training with the workers held");
            Bits.AssertEqual(one.PredictBatch(inputs), heldPredictions, "predictions with the workers held");
            Assert.Equal(one.Evaluate(inputs, labels, 32), heldEvaluation);
        }
        finally
        {
            // Whatever happened above, the workers are let go: a failed assertion would otherwise leave them waiting on
            // the gate, and the team's Dispose would wait for them for ever (or, with the gate disposed first, a worker
            // would throw on its own thread and take the test host down, hiding the failure that got us here).
            many.StartedTeam!.BeforeClaim = null;
            gate.Set();
        }

        Assert.Equal(one.Fit(inputs, labels, epochs: 1, batchSize: 32, seed: 5).Loss, many.Fit(inputs, labels, epochs: 1, batchSize: 32, seed: 5).Loss);
        Bits.AssertEqual(one.Parameters.ToArray(), many.Parameters.ToArray(), "parameters after the workers were released");
        for (int s = 0; s < one.Optimizer.Slots.Count; s++)
            Bits.AssertEqual(one.Optimizer.Slots[s], many.Optimizer.Slots[s], one.Optimizer.SlotNames[s]);
    }
}
