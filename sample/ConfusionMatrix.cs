using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SourceGenNet.Sample;

/// <summary>Counts of (true class, predicted class), printed with class names: where the model's mistakes go.</summary>
internal static class ConfusionMatrix
{
    /// <summary>counts[true, predicted].</summary>
    public static int[,] Count(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        var counts = new int[classes, classes];
        for (int i = 0; i < actual.Count; i++) counts[actual[i], predicted[i]]++;
        return counts;
    }

    /// <summary>
    /// Rows are the true classes by name, columns the predicted classes by number (names would
    /// make the table too wide); the last column is the share of each class recognised (recall).
    /// </summary>
    public static void Write(TextWriter output, IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<string> classNames)
    {
        int classes = classNames.Count;
        int[,] counts = Count(actual, predicted, classes);
        string[] headers = new[] { "true \\ predicted" }
            .Concat(Enumerable.Range(0, classes).Select(c => ">" + c.ToString(CultureInfo.InvariantCulture)))
            .Append(">recall").ToArray();
        var table = new TextTable(headers);
        for (int t = 0; t < classes; t++)
        {
            int total = 0;
            var cells = new List<string> { $"{t} {classNames[t]}" };
            for (int p = 0; p < classes; p++)
            {
                total += counts[t, p];
                cells.Add(counts[t, p] == 0 ? "." : counts[t, p].ToString(CultureInfo.InvariantCulture));
            }
            cells.Add(total == 0 ? "-" : ((double)counts[t, t] / total).ToString("P1", CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }
        table.Write(output);

        // The most frequent confusion, in words.
        (int t0, int p0, int n0) = (0, 0, 0);
        for (int t = 0; t < classes; t++)
            for (int p = 0; p < classes; p++)
                if (t != p && counts[t, p] > n0) (t0, p0, n0) = (t, p, counts[t, p]);
        if (n0 > 0) output.WriteLine($"  Most common mistake: {n0} × {classNames[t0]} taken for {classNames[p0]}.");
    }
}
