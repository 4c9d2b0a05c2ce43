using System;
using System.Linq;
using System.Threading;
using SourceGenNet.Training.Tests.Support;

namespace SourceGenNet.Training.Tests.Api;

/// <summary><c>Evaluate</c> as a mean over samples, and prediction: batch, single, class, and from many threads.</summary>
public class EvaluateAndPredictTests
{
    private static readonly Datasets.Split<int> Data = Datasets.GaussianBlobs(samples: 125, dimensions: 10, classes: 3, seed: 41);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(32)]
    [InlineData(1000)] // larger than MaxBatchSize (32): evaluated in chunks of 32
    public void Evaluate_is_the_mean_over_samples_whatever_the_batch_size(int batchSize)
    {
        var model = new BlobClassifier(seed: 1);
        int samples = Data.TrainTargets.Length;
        // The definition, one sample at a time: loss and correct predictions summed, divided by the samples.
        BatchMetrics total = default;
        for (int s = 0; s < samples; s++)
            total += model.TestStep(Data.TrainInputs.AsSpan(s * 10, 10), Data.TrainTargets.AsSpan(s, 1));

        var result = model.Evaluate(Data.TrainInputs, Data.TrainTargets, batchSize);

        // Sums of the same per-sample losses in another order: equal to double rounding.
        Tolerance.AssertClose(total.LossSum / samples, result.Loss, 1e-12, 0, "loss");
        Assert.Equal((double)total.Correct / samples, result.Accuracy);
    }

    [Fact]
    public void Predict_PredictBatch_and_PredictClass_agree()
    {
        var model = new BlobClassifier(seed: 1, maxBatchSize: 8);
        float[] inputs = Data.ValidationInputs;
        int samples = inputs.Length / 10;

        float[] batch = model.PredictBatch(inputs); // 25 samples in chunks of 8

        var one = new float[3];
        for (int s = 0; s < samples; s++)
        {
            model.Predict(inputs.AsSpan(s * 10, 10), one);
            Tolerance.AssertClose(NetworkCase.Widen(batch.AsSpan(s * 3, 3)), one, 1e-6, 1e-7, $"sample {s}");
            int argMax = Array.IndexOf(one, one.Max());
            Assert.Equal(argMax, model.PredictClass(inputs.AsSpan(s * 10, 10)));
        }
    }

    [Fact]
    public void Predict_from_eight_threads_equals_serial_predictions()
    {
        // A small model keeps the test fast while the kernels are naive stand-ins; on two or more
        // cores the threads still run predictions at the same moment, thousands of times.
        const int Threads = 8, Predictions = 2000, Input = 10, Output = 3;
        var model = new BlobClassifier(seed: 1);
        var random = new SeededRandom(2);
        float[] inputs = new float[Predictions * Input];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        float[] serial = new float[Predictions * Output];
        for (int s = 0; s < Predictions; s++)
            model.Predict(inputs.AsSpan(s * Input, Input), serial.AsSpan(s * Output, Output));

        var results = new float[Threads][];
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var mine = new float[Predictions * Output];
            start.SignalAndWait();
            // Each thread walks the samples from a different starting point, so neighbours differ.
            for (int k = 0; k < Predictions; k++)
            {
                int s = (k + t * Predictions / Threads) % Predictions;
                model.Predict(inputs.AsSpan(s * Input, Input), mine.AsSpan(s * Output, Output));
            }
            results[t] = mine;
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        // Bit for bit: the same code on the same numbers, only on another thread.
        Assert.All(results, r => Assert.Equal(serial, r));
    }
}
