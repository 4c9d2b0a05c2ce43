using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Sample;

public sealed partial class Tutorial
{
    /// <summary>
    /// <c>--seeds N</c>: the tutorial's three recipes (sigmoid + RMSprop, relu + RMSprop,
    /// relu + Adam) trained with seeds Seed .. Seed+N-1, so one run's luck is not mistaken for
    /// the method's accuracy. The validation split stays the tutorial's (random_state=42).
    /// </summary>
    public SeedStudyResults RunSeedStudy()
    {
        var clock = Stopwatch.StartNew();
        TutorialData data = LoadData();
        var recipes = new (string Label, Func<long, Network<int>> Model, Func<Optimizer> Optimizer, TutorialFigures Tutorial)[]
        {
            ("sigmoid + RMSprop", seed => new SigmoidModel(seed, _options.BatchSize, new KerasNameScope()), () => new RmsProp(), TutorialFigures.SigmoidRmsProp),
            ("relu + RMSprop", seed => new ReluModel(seed, _options.BatchSize, new KerasNameScope()), () => new RmsProp(), TutorialFigures.ReluRmsProp),
            ("relu + Adam", seed => new ReluModel(seed, _options.BatchSize, new KerasNameScope()), () => new Adam(), TutorialFigures.ReluAdam),
        };
        List<long> seeds = Enumerable.Range(0, _options.Seeds).Select(i => _options.Seed + i).ToList();

        Heading($"Seeds {seeds[0]}..{seeds[^1]}: {_options.Epochs} epochs, batch {_options.BatchSize}");
        var runs = new List<RunResult>();
        var table = new TextTable("recipe", ">seed", ">train accuracy", ">val loss", ">val accuracy", ">test accuracy", ">s/epoch");
        foreach (long seed in seeds)
        {
            var seeded = new Tutorial(_options with { Seed = seed }, _out, _liveProgress);
            foreach (var recipe in recipes)
            {
                RunResult run = seeded.Train(recipe.Label, recipe.Model(seed), recipe.Optimizer(), data, recipe.Tutorial, verbose: false);
                runs.Add(run);
                _out.WriteLine($"  seed {seed}, {recipe.Label}: val accuracy {F4(run.ValAccuracy)}, loss {F4(run.ValLoss)} ({Seconds(run.SecondsPerEpoch)} s/epoch)");
                table.AddRow(recipe.Label, seed.ToString(System.Globalization.CultureInfo.InvariantCulture), F4(run.History[^1].Accuracy),
                             F4(run.ValLoss), F4(run.ValAccuracy), F4(run.TestAccuracy), Seconds(run.SecondsPerEpoch));
            }
        }
        _out.WriteLine();
        table.Write(_out);

        _out.WriteLine();
        var spreads = new List<RecipeSpread>();
        var summary = new TextTable("recipe", ">val accuracy mean ± std", ">min", ">max", ">val loss mean", ">tutorial val accuracy",
                                    ">train accuracy mean", ">tutorial train accuracy");
        foreach (var recipe in recipes)
        {
            double[] accuracy = runs.Where(r => r.Label == recipe.Label).Select(r => r.ValAccuracy).ToArray();
            double[] loss = runs.Where(r => r.Label == recipe.Label).Select(r => r.ValLoss).ToArray();
            double trainAccuracy = runs.Where(r => r.Label == recipe.Label).Average(r => r.History[^1].Accuracy);
            double mean = accuracy.Average();
            // Sample standard deviation (n - 1): the spread one would expect of another seed.
            double std = accuracy.Length > 1 ? Math.Sqrt(accuracy.Sum(a => (a - mean) * (a - mean)) / (accuracy.Length - 1)) : 0;
            var spread = new RecipeSpread(recipe.Label, mean, std, accuracy.Min(), accuracy.Max(), loss.Average(),
                                          trainAccuracy, recipe.Tutorial.ValAccuracy, recipe.Tutorial.TrainAccuracy);
            spreads.Add(spread);
            summary.AddRow(recipe.Label, $"{F4(mean)} ± {F4(std)}", F4(spread.MinValAccuracy), F4(spread.MaxValAccuracy), F4(spread.MeanValLoss), F4(recipe.Tutorial.ValAccuracy),
                            F4(trainAccuracy), F4(recipe.Tutorial.TrainAccuracy));
        }
        summary.Write(_out);

        var results = new SeedStudyResults(seeds, _options.Epochs, _options.BatchSize, spreads, runs);
        if (_options.ResultsPath is { } path)
        {
            ResultsJson.Write(path, results);
            _out.WriteLine($"Results written to {path}");
        }
        _out.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
        return results;
    }
}
