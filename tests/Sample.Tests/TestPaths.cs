using System;
using System.IO;

namespace SourceGenNet.Sample.Tests;

internal static class TestPaths
{
    /// <summary>tests/TestData/fashion-mnist-slice: the first 600 training and 100 test images, shipped in the repository.</summary>
    public static string FashionMnistSlice { get; } = FindUp(Path.Combine("tests", "TestData", "fashion-mnist-slice"));

    /// <summary>The tutorial's summary tables, copied next to the test binaries.</summary>
    public static string SummaryTables => Path.Combine(AppContext.BaseDirectory, "summary-tables.txt");

    private static string FindUp(string relative)
    {
        for (DirectoryInfo? at = new(AppContext.BaseDirectory); at is not null; at = at.Parent)
        {
            string candidate = Path.Combine(at.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A machine with nothing on it: no environment variables, an empty home, no cache.</summary>
    public static FashionMnistEnvironment EmptyMachine(string scratch) => new()
    {
        GetEnvironmentVariable = _ => null,
        HomeDirectory = Path.Combine(scratch, "home"),
        CacheDirectory = Path.Combine(scratch, "cache"),
    };

    public static string NewScratchDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "sourcegennet-sample-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
