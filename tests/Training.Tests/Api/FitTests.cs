using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SourceGenNet.Training.Tests.Support;

namespace SourceGenNet.Training.Tests.Api;

/// <summary><c>Fit</c>'s history, progress reports, cancellation and batch capacity.</summary>
public class FitTests
{
    // 100 training samples in batches of 32: steps of 32, 32, 32 and 4.
    private const int Samples = 100, BatchSize = 32, Steps = 4, Epochs = 3;

    private static readonly Datasets.Split<int> Data = Datasets.GaussianBlobs(samples: 125, dimensions: 10, classes: 3, seed: 31);

    [Fact]
    public void History_has_one_entry_per_epoch_and_validation_metrics_when_validation_data_is_given()
    {
        var model = new BlobClassifier(seed: 1);

        History history = model.Fit(Data.TrainInputs, Data.TrainTargets, Epochs, BatchSize,
            validationData: (Data.ValidationInputs, Data.ValidationTargets));

        Assert.Equal(Samples, Data.TrainTargets.Length);
        Assert.Equal(Epochs, history.Epochs);
        Assert.Equal([Epochs, Epochs, Epochs, Epochs, Epochs],
            new[] { history.Loss.Count, history.Accuracy.Count, history.ValLoss.Count, history.ValAccuracy.Count, history.EpochSeconds.Count });
        // The last validation entry is what Evaluate says about the trained model.
        var evaluation = model.Evaluate(Data.ValidationInputs, Data.ValidationTargets, BatchSize);
        Assert.Equal(evaluation.Loss, history.ValLoss[^1]);
        Assert.Equal(evaluation.Accuracy, history.ValAccuracy[^1]);
    }

    [Fact]
    public void History_has_no_validation_metrics_without_validation_data()
    {
        History history = new BlobClassifier(seed: 1).Fit(Data.TrainInputs, Data.TrainTargets, Epochs, BatchSize);

        Assert.Equal(Epochs, history.Loss.Count);
        Assert.Empty(history.ValLoss);
        Assert.Empty(history.ValAccuracy);
    }

    [Fact]
    public void Zero_epochs_train_nothing()
    {
        var model = new BlobClassifier(seed: 1);
        float[] before = model.Parameters.ToArray();

        History history = model.Fit(Data.TrainInputs, Data.TrainTargets, epochs: 0);

        Assert.Equal(0, history.Epochs);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void Progress_is_reported_after_every_step_and_once_more_at_every_epoch_end()
    {
        var reports = new List<TrainingProgress>();

        History history = new BlobClassifier(seed: 1).Fit(Data.TrainInputs, Data.TrainTargets, Epochs, BatchSize,
            validationData: (Data.ValidationInputs, Data.ValidationTargets), onProgress: reports.Add);

        Assert.Equal(Steps * Epochs + Epochs, reports.Count);
        for (int epoch = 1; epoch <= Epochs; epoch++)
        {
            // Per epoch: steps 1..4 without the flag, then the epoch's end with it and the validation metrics.
            List<TrainingProgress> ofEpoch = reports.Skip((epoch - 1) * (Steps + 1)).Take(Steps + 1).ToList();
            Assert.All(ofEpoch, r => Assert.Equal((epoch, Epochs, Steps), (r.Epoch, r.Epochs, r.Steps)));
            Assert.Equal([1, 2, 3, 4, 4], ofEpoch.Select(r => r.Step));
            Assert.Equal([false, false, false, false, true], ofEpoch.Select(r => r.IsEpochEnd));
            Assert.Equal([false, false, false, false, true], ofEpoch.Select(r => r.HasValidation));
            TrainingProgress end = ofEpoch[^1];
            Assert.Equal((history.Loss[epoch - 1], history.Accuracy[epoch - 1]), (end.Loss, end.Accuracy));
            Assert.Equal((history.ValLoss[epoch - 1], history.ValAccuracy[epoch - 1]), (end.ValLoss, end.ValAccuracy));
            // The last step's running mean covers the whole epoch, as the epoch's end does.
            Assert.Equal(end.Loss, ofEpoch[^2].Loss);
        }
    }

    [Fact]
    public void A_cancelled_fit_throws_and_stops()
    {
        using var cancellation = new CancellationTokenSource();
        int steps = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new BlobClassifier(seed: 1).Fit(Data.TrainInputs, Data.TrainTargets, Epochs, BatchSize,
                onProgress: _ => { if (++steps == 2) cancellation.Cancel(); }, cancellationToken: cancellation.Token));

        Assert.Equal(2, steps);
    }

    [Fact]
    public void Fit_grows_the_batch_capacity_it_needs()
    {
        var model = new BlobClassifier(seed: 1, maxBatchSize: 1);

        model.Fit(Data.TrainInputs, Data.TrainTargets, epochs: 1, BatchSize);

        Assert.Equal(BatchSize, model.MaxBatchSize);
    }

    [Fact]
    public void EnsureBatchCapacity_grows_but_never_shrinks_and_larger_batches_then_train()
    {
        var model = new BlobClassifier(seed: 1, maxBatchSize: 4);
        float[] inputs = Data.TrainInputs[..(6 * 10)];
        int[] labels = Data.TrainTargets[..6];
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => model.TrainStep(inputs, labels)).ParamName);

        model.EnsureBatchCapacity(6);
        model.EnsureBatchCapacity(2);

        Assert.Equal(6, model.MaxBatchSize);
        // The grown buffers compute what a model built for 6 computes.
        var built = new BlobClassifier(seed: 1, maxBatchSize: 6);
        Assert.Equal(built.ComputeGradients(inputs, labels), model.ComputeGradients(inputs, labels));
        Assert.Equal(built.Gradients.ToArray(), model.Gradients.ToArray());
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => model.EnsureBatchCapacity(0)).ParamName);
    }
}
