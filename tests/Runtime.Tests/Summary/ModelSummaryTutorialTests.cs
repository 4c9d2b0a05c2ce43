using System;
using System.Linq;

namespace SourceGenNet.Runtime.Tests.Summary;

/// <summary>The tutorial's four tables, byte for byte.</summary>
public class ModelSummaryTutorialTests
{
    public static TheoryData<int> TableIndices => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(TableIndices))]
    public void Reproduces_the_tutorial_table(int index)
    {
        var (model, rows) = TutorialTables.All[index];
        Assert.Equal(TutorialTables.Expected()[index], ModelSummary.Format(model, rows));
    }

    [Fact]
    public void The_data_file_holds_exactly_four_tables()
    {
        Assert.Equal(4, TutorialTables.Expected().Count);
        Assert.All(TutorialTables.Expected(), t => Assert.StartsWith("Model: \"", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Four_tables_joined_by_an_empty_line_give_the_whole_file()
    {
        string all = string.Join("\n", TutorialTables.All.Select(t => ModelSummary.Format(t.Model, t.Rows)));
        Assert.Equal(TutorialTables.FileText(), all);
    }

    [Fact]
    public void Every_line_ends_with_a_newline_including_the_last()
    {
        string table = ModelSummary.Format("sequential", TutorialTables.TwoDense);
        Assert.EndsWith(new string('_', 65) + "\n", table, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", table, StringComparison.Ordinal);
        // model, rule, header, rule, 2 × (row, blank), rule, 3 totals, rule
        Assert.Equal(13, table.Count(c => c == '\n'));
    }

    [Fact]
    public void Table_lines_are_65_columns_wide()
    {
        string[] lines = ModelSummary.Format("sequential", TutorialTables.TwoDense).TrimEnd('\n').Split('\n');
        // All but the model line and the three totals lines are padded to the full width.
        var tableLines = lines.Where(l => !l.StartsWith("Model:", StringComparison.Ordinal) && !l.Contains("params:", StringComparison.Ordinal));
        Assert.All(tableLines, l => Assert.Equal(65, l.Length));
    }

    [Fact]
    public void Flatten_row_shows_zero_parameters()
    {
        string table = ModelSummary.Format("sequential_2", TutorialTables.All[3].Rows);
        Assert.Contains("\n flatten (Flatten)           (None, 784)               0         \n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_model_prints_the_frame_and_zero_totals()
    {
        string expected =
            "Model: \"empty\"\n" +
            new string('_', 65) + "\n" +
            " Layer (type)                Output Shape              Param #   \n" +
            new string('=', 65) + "\n" +
            new string('=', 65) + "\n" +
            "Total params: 0\nTrainable params: 0\nNon-trainable params: 0\n" +
            new string('_', 65) + "\n";
        Assert.Equal(expected, ModelSummary.Format("empty", []));
    }
}
