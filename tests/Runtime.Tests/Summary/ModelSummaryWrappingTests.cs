using System;
using System.Linq;

namespace SourceGenNet.Runtime.Tests.Summary;

/// <summary>
/// Fields longer than their column continue on the next lines of the row, as in tf.keras 2 (with its
/// column-alignment fix: 26 cells for "Layer (type)", 23 for "Output Shape", 10 for "Param #").
/// </summary>
public class ModelSummaryWrappingTests
{
    // A padded table line built from its three cells' text (ASCII only): columns end at 29, 55 and 65.
    static string Line(string layer, string shape, string parameters) =>
        " " + layer.PadRight(28) + shape.PadRight(26) + parameters.PadRight(10);

    static readonly string Blank = new(' ', 65);

    /// <summary>The lines printed for the given single row, between the header's '=' line and the closing one.</summary>
    static string[] RowLines(SummaryRow row)
    {
        string[] lines = ModelSummary.Format("m", [row]).Split('\n');
        int first = Array.IndexOf(lines, new string('=', 65)) + 1;
        int last = Array.LastIndexOf(lines, new string('=', 65));
        return lines[first..last];
    }

    [Fact]
    public void Line_helper_matches_the_tutorial()
    {
        Assert.Equal(" dense (Dense)               (None, 100)               78500     ", Line("dense (Dense)", "(None, 100)", "78500"));
    }

    [Fact]
    public void A_26_cell_name_fits_on_one_line()
    {
        string name = new('n', 18); // + " (Dense)" = 26 characters
        Assert.Equal([Line(name + " (Dense)", "(None, 10)", "110"), Blank], RowLines(new(name, "Dense", "(None, 10)", 110)));
    }

    [Fact]
    public void A_27_cell_name_wraps_its_last_character_and_keeps_the_columns_aligned()
    {
        // tf.keras 2.9-2.12 printed 27 characters here and pushed the shape one cell right; the later fix wraps instead.
        string name = new('n', 19);
        Assert.Equal(
            [Line(name + " (Dense", "(None, 10)", "110"), Line(")", "", ""), Blank],
            RowLines(new(name, "Dense", "(None, 10)", 110)));
    }

    [Fact]
    public void A_long_name_wraps_over_several_lines()
    {
        string name = "a_really_long_layer_name_for_the_hidden_layer_of_the_model"; // 58 + 8 = 66 characters
        Assert.Equal(
            [
                " a_really_long_layer_name_f  (None, 100)               78500     ",
                Line("or_the_hidden_layer_of_the", "", ""),
                Line("_model (Dense)", "", ""),
                Blank,
            ],
            RowLines(new(name, "Dense", "(None, 100)", 78500)));
    }

    [Fact]
    public void A_long_shape_wraps_within_its_column()
    {
        Assert.Equal(
            [Line("d (Dense)", "(None, 1000, 1000, 1000", "4"), Line("", ", 1000)", ""), Blank],
            RowLines(new("d", "Dense", "(None, 1000, 1000, 1000, 1000)", 4)));
    }

    [Fact]
    public void A_list_of_shapes_breaks_after_each_tuple_like_keras()
    {
        // Keras cuts after the first "),", even when the whole text would fit.
        Assert.Equal(
            [Line("split (Split)", "[(None, 10),", "0"), Line("", " (None, 5)]", ""), Blank],
            RowLines(new("split", "Split", "[(None, 10), (None, 5)]", 0)));
    }

    [Fact]
    public void A_parameter_count_wider_than_its_column_wraps()
    {
        Assert.Equal(
            [Line("huge (Dense)", "(None, 100000)", "1234567890"), Line("", "", "1"), Blank],
            RowLines(new("huge", "Dense", "(None, 100000)", 12_345_678_901)));
    }

    [Fact]
    public void A_combining_mark_stays_with_its_base_letter()
    {
        string name = new string('x', 25) + "e\u0301z"; // 27 cells: the accented e is the 26th
        string[] lines = RowLines(new(name, "Dense", "(None, 1)", 2));
        Assert.StartsWith(" " + new string('x', 25) + "e\u0301  (None, 1)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(" z (Dense)  ", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(65, TerminalWidth.Cells(l)));
    }

    [Fact]
    public void A_wide_character_that_would_straddle_the_column_edge_moves_to_the_next_line()
    {
        string name = "a" + string.Concat(Enumerable.Repeat("층", 13)); // 27 cells
        string[] lines = RowLines(new(name, "Dense", "(None, 10)", 110));
        // 1 + 12 × 2 = 25 cells fit in 26; the 13th syllable would need 27.
        Assert.Equal(" a" + string.Concat(Enumerable.Repeat("층", 12)) + "   (None, 10)", lines[0][..27]);
        Assert.StartsWith(" 층 (Dense)  ", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(65, TerminalWidth.Cells(l)));
    }

    [Fact]
    public void Model_name_is_never_wrapped()
    {
        string name = new('m', 100);
        Assert.StartsWith($"Model: \"{name}\"\n", ModelSummary.Format(name, TutorialTables.TwoDense), StringComparison.Ordinal);
    }
}
