using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using SourceGenNet.Data;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet.Sample;

public sealed partial class Tutorial
{
    /// <summary>
    /// <c>model.fit(..., epochs)</c> with Keras' progress lines, then <c>model.evaluate(val)</c>, and
    /// the tutorial's figures beside ours when it has them. Validation runs after every epoch
    /// (the tutorial does not ask for it) so the curves have a validation line.
    /// </summary>
    private RunResult Train(string label, Network<int> model, Optimizer optimizer, TutorialData data, TutorialFigures? tutorial, bool verbose = true, bool besideTutorial = true)
    {
        TrainValidationSplit split = data.Split;
        model.Compile(optimizer);
        var progress = new KerasProgressBar(_out, _liveProgress);
        // --threads: the same weights on any thread count, only faster; setting 1 afterwards stops the worker threads.
        model.TrainingThreads = TrainingThreads;
        History history;
        try
        {
            history = model.Fit(
                split.TrainInputs, split.TrainLabels, _options.Epochs, _options.BatchSize,
                validationData: (split.ValidationInputs, split.ValidationLabels), seed: _options.Seed,
                onProgress: verbose ? progress.Report : null);
        }
        finally
        {
            model.TrainingThreads = 1;
        }

        var clock = Stopwatch.StartNew();
        EvaluationResult validation = model.Evaluate(split.ValidationInputs, split.ValidationLabels, _options.BatchSize);
        double evaluateSeconds = clock.Elapsed.TotalSeconds;
        EvaluationResult test = model.Evaluate(data.TestInputs, data.TestLabels, _options.BatchSize);
        if (verbose)
        {
            _out.WriteLine("model.evaluate(val_scaled, val_target)");
            progress.WriteEvaluation(Steps(split.ValidationCount), evaluateSeconds, validation);
        }

        var epochs = new List<EpochResult>();
        for (int e = 0; e < history.Epochs; e++)
            epochs.Add(new EpochResult(e + 1, history.Loss[e], history.Accuracy[e], history.ValLoss[e], history.ValAccuracy[e], history.EpochSeconds[e]));
        var result = new RunResult(
            label, model.Name, model.GetType().Name, optimizer.ToString(), history.Epochs, _options.BatchSize, _options.Seed,
            epochs, validation.Loss, validation.Accuracy, test.Loss, test.Accuracy,
            history.EpochSeconds.Count > 0 ? history.EpochSeconds.Average() : 0, tutorial);
        if (verbose && besideTutorial && tutorial is not null) WriteBesideTutorial(result, tutorial);
        return result;
    }

    private int Steps(int samples) => (samples + _options.BatchSize - 1) / _options.BatchSize;

    private void WriteBesideTutorial(RunResult ours, TutorialFigures tutorial)
    {
        _out.WriteLine();
        var table = new TextTable("", ">train accuracy", ">val loss", ">val accuracy", ">s/epoch");
        table.AddRow("tutorial (Keras 2)", F4(tutorial.TrainAccuracy), F4(tutorial.ValLoss), F4(tutorial.ValAccuracy), "3-4");
        table.AddRow("SourceGenNet", F4(ours.History[^1].Accuracy), F4(ours.ValLoss), F4(ours.ValAccuracy), Seconds(ours.SecondsPerEpoch));
        table.Write(_out);
    }

    private List<(RunResult Run, Network<int> Model)> CompareOptimizers(TutorialData data, KerasNameScope names)
    {
        var runs = new List<(RunResult Run, Network<int> Model)>();
        foreach ((string asWritten, Func<Optimizer> create) in TutorialOptimizers)
        {
            Optimizer optimizer = create();
            _out.WriteLine($"model.compile(optimizer={asWritten}, ...)  # {optimizer}");
            var model = new ReluModel(_options.Seed, _options.BatchSize, names);
            TutorialFigures? tutorial = optimizer is Adam ? TutorialFigures.ReluAdam : optimizer is RmsProp ? TutorialFigures.ReluRmsProp : null;
            // The tutorial's own Adam run gets its comparison here; RMSprop's was in section 3.
            runs.Add((Train($"relu + {asWritten}", model, optimizer, data, tutorial, besideTutorial: optimizer is Adam), model));
            _out.WriteLine();
        }

        var table = new TextTable("optimizer", ">val loss", ">val accuracy", ">train accuracy", ">s/epoch", ">tutorial val accuracy");
        foreach ((RunResult run, _) in runs)
            table.AddRow(run.Label["relu + ".Length..], F4(run.ValLoss), F4(run.ValAccuracy), F4(run.History[^1].Accuracy),
                         Seconds(run.SecondsPerEpoch), run.Tutorial is { } t ? F4(t.ValAccuracy) : "");
        _out.WriteLine($"After {_options.Epochs} epochs:");
        table.Write(_out);
        return runs;
    }

    /// <summary>Accuracy on the test set and where the mistakes go; returns every test image's predicted class.</summary>
    private int[] TestBest(RunResult best, Network<int> model, TutorialData data)
    {
        var clock = Stopwatch.StartNew();
        EvaluationResult test = model.Evaluate(data.TestInputs, data.TestLabels, _options.BatchSize);
        double seconds = clock.Elapsed.TotalSeconds;
        _out.WriteLine("model.evaluate(test_scaled, test_target)");
        new KerasProgressBar(_out, live: false).WriteEvaluation(Steps(data.TestCount), seconds, test);
        _out.WriteLine($"Test accuracy {test.Accuracy:P2} (validation {best.ValAccuracy:P2}).");
        _out.WriteLine();

        float[] outputs = model.PredictBatch(data.TestInputs);
        int[] predicted = new int[data.TestCount];
        for (int i = 0; i < predicted.Length; i++)
            predicted[i] = ArgMax(outputs.AsSpan(i * FashionMnist.ClassCount, FashionMnist.ClassCount));
        ConfusionMatrix.Write(_out, data.TestLabels, predicted, FashionMnist.ClassNames);
        return predicted;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    internal static string F4(double value) => double.IsNaN(value) ? "-" : value.ToString("F4", CultureInfo.InvariantCulture);

    internal static string Seconds(double value) => value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
