using System;
using System.Collections.Generic;
using System.Globalization;

namespace SourceGenNet.Sample;

/// <summary>What the command line asked for. <see cref="Parse"/> turns arguments into this or into an error message.</summary>
public sealed record SampleOptions
{
    /// <summary>A directory holding the four Fashion-MNIST files; null lets the loader search (env var, caches, download).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Accept data with other counts than the official 60,000/10,000 (the tests' slice).</summary>
    public bool AllowSlice { get; init; }

    /// <summary>Never download: fail with the loader's message when no local copy exists.</summary>
    public bool NoDownload { get; init; }

    /// <summary>Epochs per run: the tutorial's 5.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Samples per step: Keras' default 32 (1,500 steps over 48,000 images).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of every model's initial weights and of its shuffles. The validation split always uses the tutorial's 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Threads that train together (the network's TrainingThreads), capped at the processor count; results do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Use only the first few thousand images: a smoke test, not the tutorial.</summary>
    public bool Quick { get; init; }

    /// <summary>Where to write the machine-readable results (JSON); null writes none.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>Where to save the PNG figures.</summary>
    public string PlotsDirectory { get; init; } = "plots";

    /// <summary>Skip the figures.</summary>
    public bool NoPlots { get; init; }

    /// <summary>Instead of the tutorial, train its three recipes with this many seeds (Seed, Seed+1, ...) and report mean and spread.</summary>
    public int Seeds { get; init; }

    /// <summary>Print the usage and stop.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Training images kept by <see cref="Quick"/> (split 80/20 like the full set) and test images kept.</summary>
    public const int QuickTrainImages = 6_000, QuickTestImages = 1_000;

    public const string Usage = """
        Usage: dotnet run --project sample -c Release -- [options]

        Runs the Keras Fashion-MNIST tutorial (deep neural networks, chapter 7-2) top to bottom
        and prints the tutorial's numbers beside ours.

        Options:
          --data DIR        folder holding the four Fashion-MNIST .gz files (otherwise: $SOURCEGENNET_DATA,
                            then the caches, then a verified download)
          --allow-slice     accept a data folder with fewer images than the official 60,000/10,000
          --no-download     never download; fail if no local copy is found
          --epochs N        epochs per run (default 5, as the tutorial)
          --batch-size N    samples per step (default 32, Keras' default)
          --seed N          seed of initial weights and shuffles (default 42)
          --threads N       training threads (default 1; same results, capped at the processor count)
          --quick           only 6,000 training and 1,000 test images: a quick smoke test
          --results FILE    write every run's history and final metrics as JSON
          --plots DIR       where to save the PNG figures (default: plots)
          --no-plots        do not draw figures
          --seeds N         instead of the tutorial: its three recipes with N seeds, mean and spread
          -h, --help        show this help
        """;

    /// <summary>Reads <paramref name="args"/>; on a mistake returns null and says why in <paramref name="error"/>.</summary>
    public static SampleOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new SampleOptions();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            // "--name=value" is accepted as well as "--name value".
            string? inlineValue = null;
            int equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inlineValue = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            switch (arg)
            {
                case "-h" or "--help": options = options with { ShowHelp = true }; break;
                case "--quick": options = options with { Quick = true }; break;
                case "--allow-slice": options = options with { AllowSlice = true }; break;
                case "--no-download": options = options with { NoDownload = true }; break;
                case "--no-plots": options = options with { NoPlots = true }; break;
                case "--data" or "--results" or "--plots":
                    if (Value(args, ref i, arg, inlineValue, out error) is not { } text) return null;
                    options = arg switch
                    {
                        "--data" => options with { DataDirectory = text },
                        "--results" => options with { ResultsPath = text },
                        _ => options with { PlotsDirectory = text },
                    };
                    break;
                case "--epochs" or "--batch-size" or "--threads" or "--seeds":
                    if (Value(args, ref i, arg, inlineValue, out error) is not { } count) return null;
                    (int min, int max) = arg switch
                    {
                        "--epochs" => (1, 1_000),
                        "--batch-size" => (1, 60_000),
                        "--threads" => (1, 1_024),
                        _ => (1, 100),
                    };
                    if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                    {
                        error = $"{arg} takes a whole number from {min} to {max:N0}, got '{count}'.";
                        return null;
                    }
                    options = arg switch
                    {
                        "--epochs" => options with { Epochs = n },
                        "--batch-size" => options with { BatchSize = n },
                        "--threads" => options with { Threads = n },
                        _ => options with { Seeds = n },
                    };
                    break;
                case "--seed":
                    if (Value(args, ref i, arg, inlineValue, out error) is not { } seedText) return null;
                    if (!long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed))
                    {
                        error = $"--seed takes a whole number, got '{seedText}'.";
                        return null;
                    }
                    options = options with { Seed = seed };
                    break;
                default:
                    error = arg.StartsWith('-') ? $"Unknown option '{arg}'." : $"Unexpected argument '{arg}'.";
                    return null;
            }

            if (inlineValue is not null && arg is "-h" or "--help" or "--quick" or "--allow-slice" or "--no-download" or "--no-plots")
            {
                error = $"{arg} takes no value.";
                return null;
            }
        }
        return options;
    }

    private static string? Value(IReadOnlyList<string> args, ref int i, string name, string? inlineValue, out string? error)
    {
        error = null;
        string? value = inlineValue;
        if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"{name} needs a value.";
            return null;
        }
        return value;
    }
}
