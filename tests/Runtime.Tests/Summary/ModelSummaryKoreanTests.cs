using System;
using System.Linq;

namespace SourceGenNet.Runtime.Tests.Summary;

/// <summary>Korean names take two cells per syllable, and the table pads by cells so columns still line up.</summary>
public class ModelSummaryKoreanTests
{
    static readonly SummaryRow[] KoreanRows =
    [
        new("은닉층", "Dense", "(None, 100)", 78500),
        new("출력층", "Dense", "(None, 10)", 1010),
    ];

    static string[] TableLines(string table) =>
        table.TrimEnd('\n').Split('\n')
             .Where(l => !l.StartsWith("Model:", StringComparison.Ordinal) && !l.Contains("params:", StringComparison.Ordinal))
             .ToArray();

    [Fact]
    public void Every_table_line_is_65_cells_wide()
    {
        string table = ModelSummary.Format(TutorialTables.KoreanModelName, KoreanRows);
        string[] lines = TableLines(table);
        Assert.Equal(9, lines.Length);
        Assert.All(lines, l => Assert.Equal(65, TerminalWidth.Cells(l)));
    }

    [Fact]
    public void Shape_and_parameter_columns_start_at_the_same_cell_as_in_the_header()
    {
        string table = ModelSummary.Format(TutorialTables.KoreanModelName, KoreanRows);
        string header = " Layer (type)                Output Shape              Param #   ";
        Assert.Equal(29, CellOffset(header, "Output Shape"));
        Assert.Equal(55, CellOffset(header, "Param #"));

        string hidden = table.Split('\n').Single(l => l.StartsWith(" 은닉층", StringComparison.Ordinal));
        Assert.Equal(29, CellOffset(hidden, "(None, 100)"));
        Assert.Equal(55, CellOffset(hidden, "78500"));
        // " 은닉층 (Dense)" is 15 cells but 12 characters: 14 spaces pad it to cell 29 (padding by characters would give 17).
        Assert.Equal(" 은닉층 (Dense)" + new string(' ', 14) + "(None, 100)", hidden[..37]);
    }

    [Fact]
    public void The_model_name_line_quotes_the_korean_name()
    {
        Assert.StartsWith("Model: \"패션 MNIST 모델\"\n", ModelSummary.Format(TutorialTables.KoreanModelName, KoreanRows), StringComparison.Ordinal);
    }

    static int CellOffset(string line, string text)
    {
        int index = line.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' not in '{line}'");
        return TerminalWidth.Cells(line[..index]);
    }
}
