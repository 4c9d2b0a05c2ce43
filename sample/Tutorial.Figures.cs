using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SourceGenNet.Sample;

public sealed partial class Tutorial
{
    /// <summary>Training curves of every run, of the optimizer comparison, and the best model's predictions.</summary>
    private void SaveFigures(IReadOnlyList<RunResult> runs, TutorialData data, int[] predicted, RunResult best)
    {
        string folder = _options.PlotsDirectory;
        Directory.CreateDirectory(folder);
        string tutorialCurves = Path.Combine(folder, "tutorial-curves.png");
        string optimizerCurves = Path.Combine(folder, "optimizer-curves.png");
        string predictions = Path.Combine(folder, "test-predictions.png");

        Figures.SaveTrainingCurves(tutorialCurves, runs.Take(2).ToList(), "sigmoid vs relu, RMSprop");
        Figures.SaveTrainingCurves(optimizerCurves, runs.Skip(2).ToList(), "relu model, by optimizer");
        Figures.SavePredictionGrid(predictions, data.TestImages, data.TestLabels, predicted, count: 18, columns: 6);

        _out.WriteLine();
        _out.WriteLine($"Figures: {tutorialCurves}, {optimizerCurves}, {predictions} ({best.Label} on the first test images)");
    }
}
