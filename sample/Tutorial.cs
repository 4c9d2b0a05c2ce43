using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SourceGenNet.Data;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Sample;

/// <summary>
/// The Keras Fashion-MNIST tutorial (chapter 7-2, deep neural networks) as one pipeline, in the
/// tutorial's order: data, three ways of building the sigmoid model, training it, Flatten + relu,
/// the optimizer comparison, and (our addition) the best model on the test set. Everything it
/// prints goes to one <see cref="TextWriter"/>, so tests run it exactly as the program does.
/// </summary>
public sealed partial class Tutorial
{
    private readonly SampleOptions _options;
    private readonly TextWriter _out;
    private readonly bool _liveProgress;

    /// <param name="options">What the command line asked for.</param>
    /// <param name="output">Where everything is printed.</param>
    /// <param name="liveProgress">Redraw progress bars in place (only when the output is a terminal).</param>
    public Tutorial(SampleOptions options, TextWriter output, bool liveProgress = false)
    {
        _options = options;
        _out = output;
        _liveProgress = liveProgress;
    }

    /// <summary>What the data loader may read besides the options (tests pass an empty machine).</summary>
    public FashionMnistEnvironment Environment { get; init; } = FashionMnistEnvironment.Machine;

    /// <summary>Runs the tutorial top to bottom; writes the results file and figures if asked.</summary>
    public SampleResults Run()
    {
        var clock = Stopwatch.StartNew();
        TutorialData data = LoadData();

        // Keras numbers unnamed layers and models process-wide; a scope per run is a fresh Python process.
        var names = new KerasNameScope();
        var runs = new List<RunResult>();

        Heading("2. A dense network: Dense(100, 'sigmoid') + Dense(10, 'softmax')");
        _out.WriteLine("keras.Sequential([dense1, dense2]); model.summary()");
        _out.Write(new SigmoidModel(_options.Seed, _options.BatchSize, names).Summary());
        _out.WriteLine();
        _out.WriteLine("The same model with names: Dense(..., name='hidden'), Dense(..., name='output'), name='패션 MNIST 모델'");
        _out.Write(new NamedSigmoidModel(_options.Seed, _options.BatchSize, names).Summary());
        _out.WriteLine();
        _out.WriteLine("And built a third way (Sequential() then add()): Keras' counters move on to sequential_1, dense_2, dense_3.");
        var sigmoid = new SigmoidModel(_options.Seed, _options.BatchSize, names);
        _out.Write(sigmoid.Summary());
        _out.WriteLine();
        _out.WriteLine("model.compile(loss='sparse_categorical_crossentropy', metrics='accuracy')  # RMSprop by default");
        runs.Add(Train("sigmoid + RMSprop", sigmoid, sigmoid.Optimizer, data, TutorialFigures.SigmoidRmsProp));

        Heading("3. Flatten(input_shape=(28, 28)) + Dense(100, 'relu') + Dense(10, 'softmax')");
        var relu = new ReluModel(_options.Seed, _options.BatchSize, names);
        _out.Write(relu.Summary());
        _out.WriteLine();
        runs.Add(Train("relu + RMSprop", relu, relu.Optimizer, data, TutorialFigures.ReluRmsProp));

        Heading("4. Optimizers: the relu model, fresh weights each time");
        List<(RunResult Run, Network<int> Model)> comparison = CompareOptimizers(data, names);
        runs.AddRange(comparison.Select(c => c.Run));

        (RunResult best, Network<int> bestModel) = comparison.MaxBy(c => c.Run.ValAccuracy);
        Heading($"5. The best of them on the {data.TestCount:N0} test images: {best.Label}");
        int[] predicted = TestBest(best, bestModel, data);

        if (!_options.NoPlots) SaveFigures(runs, data, predicted, best);

        var results = new SampleResults(
            data.Source.ToString(), data.Location, data.Split.TrainCount, data.Split.ValidationCount, data.TestCount,
            _options.BatchSize, _options.Seed, clock.Elapsed.TotalSeconds, runs, best.Label);
        if (_options.ResultsPath is { } path)
        {
            ResultsJson.Write(path, results);
            _out.WriteLine($"Results written to {path}");
        }
        _out.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
        return results;
    }

    /// <summary>--threads, capped at the processor count (more threads than cores would only wait for each other).</summary>
    private int TrainingThreads => Math.Clamp(Math.Min(_options.Threads, System.Environment.ProcessorCount), 1, 64);

    private TutorialData LoadData()
    {
        Heading("1. Fashion-MNIST");
        if (_options.Threads > 1)
            _out.WriteLine(TrainingThreads == _options.Threads
                ? $"Training on {TrainingThreads} threads (--threads): the same weights as on 1 thread, sooner."
                : $"Training on {TrainingThreads} of the --threads {_options.Threads} requested: this machine has {System.Environment.ProcessorCount} processors.");
        TutorialData data = TutorialData.Load(_options, Environment, _out);
        _out.WriteLine($"Loaded from {data.DescribeSource()} ({data.Location}).");
        _out.WriteLine($"Pixels scaled to [0, 1]; train_test_split(test_size=0.2, random_state=42): " +
                       $"{data.Split.TrainCount:N0} training, {data.Split.ValidationCount:N0} validation, {data.TestCount:N0} test images" +
                       (_options.Quick ? " (--quick: a subset)." : "."));
        if (_options.Epochs != 5 || _options.BatchSize != 32 || data.Split.TrainCount != 48_000)
            _out.WriteLine($"The tutorial trains 5 epochs on 48,000 images in batches of 32; this run trains {_options.Epochs} on " +
                           $"{data.Split.TrainCount:N0} in batches of {_options.BatchSize}, so expect different numbers.");
        return data;
    }

    private void Heading(string title)
    {
        _out.WriteLine();
        _out.WriteLine($"── {title} " + new string('─', Math.Max(3, 78 - TerminalWidth.Cells(title))));
        _out.WriteLine();
    }

    /// <summary>The tutorial's optimizers, spelled as it writes them, each building a fresh instance.</summary>
    internal static IReadOnlyList<(string AsWritten, Func<Optimizer> Create)> TutorialOptimizers { get; } =
    [
        ("'sgd'", () => Optimizer.FromName("sgd")),
        ("SGD(learning_rate=0.1)", () => new Sgd(learningRate: 0.1f)),
        ("SGD(momentum=0.9, nesterov=True)", () => new Sgd(momentum: 0.9f, nesterov: true)),
        ("Adagrad()", () => new Adagrad()),
        ("RMSprop()", () => new RmsProp()),
        ("'adam'", () => Optimizer.FromName("adam")),
    ];
}
