using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SourceGenNet.Sample;

/// <summary>
/// A plain console table: a header, a rule of '─', rows; text columns left-aligned, number columns
/// right-aligned. Widths count terminal cells, so class and model names in Hangul line up too.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = new();

    /// <summary>Columns by header; a header starting with '&gt;' marks a right-aligned (numeric) column.</summary>
    public TextTable(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
    }

    public TextTable AddRow(params string[] cells)
    {
        if (cells.Length != _headers.Length) throw new ArgumentException($"{_headers.Length} cells expected, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output, string indent = "  ")
    {
        int[] widths = new int[_headers.Length];
        for (int c = 0; c < widths.Length; c++)
            widths[c] = _rows.Select(r => TerminalWidth.Cells(r[c])).Append(TerminalWidth.Cells(_headers[c])).Max();

        WriteCells(output, indent, _headers, widths);
        output.WriteLine(indent + string.Join("  ", widths.Select(w => new string('─', w))));
        foreach (string[] row in _rows) WriteCells(output, indent, row, widths);
    }

    private void WriteCells(TextWriter output, string indent, string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder(indent);
        for (int c = 0; c < cells.Length; c++)
        {
            string pad = new(' ', widths[c] - TerminalWidth.Cells(cells[c]));
            if (c > 0) line.Append("  ");
            line.Append(_rightAligned[c] ? pad + cells[c] : cells[c] + pad);
        }
        output.WriteLine(line.ToString().TrimEnd());
    }
}
