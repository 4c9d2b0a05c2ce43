using System;
using System.Text;

namespace SourceGenNet;

/// <summary>
/// Writes one table row the way tf.keras 2's <c>print_summary</c> does (its nested <c>print_row</c>),
/// measuring in terminal cells instead of Python characters.
/// </summary>
/// <remarks>
/// A field longer than its column is not truncated: it continues on the next line(s) of the same row,
/// every column wrapping independently, until all fields are printed. That is tf.keras behaviour since
/// the summary learnt to wrap (keras-team/keras PR #14865, 2021); older versions cut the text off.
/// Column widths follow the later 2.x fix ("offset by one to align the start of col"): a non-last column
/// holds its width minus 3 cells (a leading space or the previous column's slack, plus two separating
/// spaces), the last column its full width. Without that fix, a 27-character name pushes the rest of
/// its line one cell right; with it every line of a 65-column table is exactly 65 cells.
/// Like Keras, a chunk also ends right after the first <c>"),"</c>, <c>"},"</c>, <c>"],"</c> or
/// <c>"',"</c>, so a list of shapes breaks between its tuples.
/// </remarks>
internal static class SummaryRowWriter
{
    static readonly string[] BreakAfter = ["),", "},", "],", "',"];

    /// <summary>
    /// Appends the line(s) of one row, each ending in '\n'. <paramref name="columnEnds"/> holds the cell at
    /// which each column ends (the last one is the table width).
    /// </summary>
    public static void Append(StringBuilder output, ReadOnlySpan<int> columnEnds, params ReadOnlySpan<string> fields)
    {
        if (fields.Length != columnEnds.Length) throw new ArgumentException("One field per column.", nameof(fields));
        string[] left = fields.ToArray();

        // Keras prints nothing for a row whose fields are all empty; otherwise at least one line.
        while (Array.Exists(left, static f => f.Length > 0))
        {
            int lineCells = 0;
            for (int col = 0; col < left.Length; col++)
            {
                bool last = col == left.Length - 1;
                int start = col == 0 ? 0 : columnEnds[col - 1];
                int capacity = columnEnds[col] - start - (last ? 0 : 3);

                string chunk = TakeChunk(left[col], capacity);
                left[col] = left[col][chunk.Length..];

                // The first column opens with a space; the others start right after the previous column's slack.
                if (col == 0) { output.Append(' '); lineCells++; }
                output.Append(chunk);
                lineCells += TerminalWidth.Cells(chunk);
                if (!last) { output.Append("  "); lineCells += 2; }

                // Pad to where the column ends. A column that already overflowed (a rune wider than the
                // whole column, which needs a column narrower than 2 cells) is left as it is.
                int pad = columnEnds[col] - lineCells;
                if (pad > 0) { output.Append(' ', pad); lineCells += pad; }
            }
            output.Append('\n');
        }
    }

    /// <summary>
    /// The longest prefix of <paramref name="text"/> that fits in <paramref name="capacity"/> cells,
    /// cut after Keras' break sequences when one occurs in it.
    /// </summary>
    static string TakeChunk(string text, int capacity)
    {
        int length = PrefixFittingCells(text, capacity);
        int cut = length;
        foreach (string marker in BreakAfter)
        {
            int at = text.AsSpan(0, length).IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) cut = Math.Min(cut, at + marker.Length);
        }
        return text[..cut];
    }

    /// <summary>
    /// The length in UTF-16 units of the longest prefix of <paramref name="text"/> whose cells fit in
    /// <paramref name="capacity"/>, never splitting a surrogate pair nor separating a combining mark from
    /// its base (zero-width runes after the cut stay with the chunk). At least one rune is taken so that
    /// wrapping always makes progress.
    /// </summary>
    static int PrefixFittingCells(string text, int capacity)
    {
        int length = 0, cells = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            int width = TerminalWidth.Cells(rune);
            if (cells + width > capacity && length > 0) break;
            cells += width;
            length += rune.Utf16SequenceLength;
        }
        return length;
    }
}
