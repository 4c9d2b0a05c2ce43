using System;
using System.IO;
using SourceGenNet.Data;

namespace SourceGenNet.Sample;

/// <summary>The command line around <see cref="Tutorial"/>: options in, exit code out.</summary>
public static class Cli
{
    /// <summary>Everything went well.</summary>
    public const int Success = 0;

    /// <summary>The data could not be found or read.</summary>
    public const int DataError = 1;

    /// <summary>The command line was wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Parses <paramref name="args"/> and runs the tutorial (or the seed study).</summary>
    /// <param name="liveProgress">Redraw progress bars in place: pass true only when <paramref name="output"/> is a terminal.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool liveProgress = false, FashionMnistEnvironment? environment = null)
    {
        SampleOptions? options = SampleOptions.Parse(args, out string? problem);
        if (options is null)
        {
            error.WriteLine($"error: {problem}");
            error.WriteLine("Run with --help to see the options.");
            return UsageError;
        }
        if (options.ShowHelp)
        {
            output.WriteLine(SampleOptions.Usage);
            return Success;
        }

        var tutorial = new Tutorial(options, output, liveProgress) { Environment = environment ?? FashionMnistEnvironment.Machine };
        try
        {
            if (options.Seeds > 0) tutorial.RunSeedStudy();
            else tutorial.Run();
            return Success;
        }
        catch (Exception e) when (e is DatasetUnavailableException or InvalidDataException)
        {
            // The loader's messages say what was tried and how to fix it; a stack trace would bury that.
            output.Flush();
            error.WriteLine();
            error.WriteLine($"error: {e.Message}");
            if (e is DatasetUnavailableException)
                error.WriteLine($"For this program, --data DIR or ${FashionMnist.DataDirectoryVariable} names a folder holding the four files.");
            return DataError;
        }
    }
}
