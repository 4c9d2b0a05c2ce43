using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;

namespace SourceGenNet.Runtime.Tests.Summary;

/// <summary>
/// The tutorial's four <c>model.summary()</c> tables (summary-tables.txt, a copy of the tutorial's output)
/// and the rows that produce them.
/// </summary>
internal static class TutorialTables
{
    public const string KoreanModelName = "패션 MNIST 모델";

    public static readonly SummaryRow[] TwoDense =
    [
        new("dense", "Dense", "(None, 100)", 78500),
        new("dense_1", "Dense", "(None, 10)", 1010),
    ];

    /// <summary>(model name, rows) of the four tables, in the order the tutorial prints them.</summary>
    public static readonly (string Model, SummaryRow[] Rows)[] All =
    [
        ("sequential", TwoDense),
        (KoreanModelName, [new("hidden", "Dense", "(None, 100)", 78500), new("output", "Dense", "(None, 10)", 1010)]),
        ("sequential_1", [new("dense_2", "Dense", "(None, 100)", 78500), new("dense_3", "Dense", "(None, 10)", 1010)]),
        ("sequential_2",
        [
            new("flatten", "Flatten", "(None, 784)", 0),
            new("dense_4", "Dense", "(None, 100)", 78500),
            new("dense_5", "Dense", "(None, 10)", 1010),
        ]),
    ];

    /// <summary>
    /// The whole file: the four tables, each ending in '\n', separated by one empty line.
    /// Read next to this source file so no csproj change is needed; CRLF (a Windows checkout) is normalized.
    /// </summary>
    public static string FileText([CallerFilePath] string thisFile = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(thisFile)!, "summary-tables.txt");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Test data not found next to the test source (was the build path-mapped?): {path}", path);
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The tables one by one, each with its final '\n'.</summary>
    public static IReadOnlyList<string> Expected()
    {
        // Table lines are never empty (blank rows are 65 spaces), so an empty line only separates tables.
        string[] tables = FileText().TrimEnd('\n').Split("\n\n");
        for (int i = 0; i < tables.Length; i++) tables[i] += "\n";
        return tables;
    }
}
