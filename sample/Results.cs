using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SourceGenNet.Sample;

/// <summary>Everything one run of the sample measured; written by <c>--results</c>.</summary>
public sealed record SampleResults(
    string DataSource, string DataLocation, int TrainCount, int ValidationCount, int TestCount,
    int BatchSize, long Seed, double TotalSeconds, List<RunResult> Runs, string? BestRun);

/// <summary>One model trained with one optimizer.</summary>
/// <param name="Label">What the run is, e.g. <c>relu + Adam</c>.</param>
/// <param name="Model">The Keras name the model printed (<c>sequential_2</c>).</param>
/// <param name="ModelClass">The C# class of the network.</param>
/// <param name="Optimizer">The optimizer's <c>ToString()</c>, with its hyperparameters.</param>
/// <param name="Tutorial">The tutorial's figures for this recipe, when it reports any.</param>
public sealed record RunResult(
    string Label, string Model, string ModelClass, string Optimizer, int Epochs, int BatchSize, long Seed,
    List<EpochResult> History, double ValLoss, double ValAccuracy, double TestLoss, double TestAccuracy,
    double SecondsPerEpoch, TutorialFigures? Tutorial);

/// <summary>One epoch of Keras' <c>History.history</c>.</summary>
public sealed record EpochResult(int Epoch, double Loss, double Accuracy, double ValLoss, double ValAccuracy, double Seconds);

/// <summary>Mean and spread of the tutorial's recipes over several seeds (<c>--seeds</c>).</summary>
public sealed record SeedStudyResults(List<long> Seeds, int Epochs, int BatchSize, List<RecipeSpread> Recipes, List<RunResult> Runs);

/// <summary>One recipe's final validation accuracy over the seeds.</summary>
public sealed record RecipeSpread(
    string Label, double MeanValAccuracy, double StdValAccuracy, double MinValAccuracy, double MaxValAccuracy, double MeanValLoss,
    double MeanTrainAccuracy, double TutorialValAccuracy, double TutorialTrainAccuracy);

/// <summary>
/// Compile-time JSON metadata (no reflection, so the sample stays trimmable and AOT-ready).
/// NaN (a figure the tutorial does not report) is written as the string "NaN".
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SampleResults))]
[JsonSerializable(typeof(SeedStudyResults))]
public sealed partial class ResultsJson : JsonSerializerContext
{
    /// <summary>Writes <paramref name="results"/> to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, SampleResults results) => Write(path, JsonSerializer.SerializeToUtf8Bytes(results, Readable.SampleResults));

    /// <inheritdoc cref="Write(string, SampleResults)"/>
    public static void Write(string path, SeedStudyResults results) => Write(path, JsonSerializer.SerializeToUtf8Bytes(results, Readable.SeedStudyResults));

    /// <summary>
    /// The same settings, but '+' and Hangul written as themselves rather than \uXXXX: the file is
    /// read by people as well as programs, and is never embedded in HTML.
    /// </summary>
    public static ResultsJson Readable { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static void Write(string path, byte[] json)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, json);
    }
}
