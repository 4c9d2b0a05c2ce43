using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SourceGenNet;

/// <summary>
/// Keras' <c>model.summary()</c> table for a sequential model, in tf.keras 2's layout: 65 cells wide,
/// columns ending at cells 29, 55 and 65 (Keras' relative positions 0.45, 0.85, 1.0), a padded blank
/// line after each layer, and totals with thousands separators.
/// </summary>
/// <remarks>
/// Widths are counted in terminal cells (<see cref="TerminalWidth"/>), not characters, so Korean or
/// Chinese layer names line up; for ASCII text the output is byte for byte what Keras prints. Fields too
/// long for their column wrap onto further lines as in tf.keras 2 (see <see cref="SummaryRowWriter"/>).
/// </remarks>
public static class ModelSummary
{
    /// <summary>The table width in cells (Keras' default <c>line_length</c> for sequential models).</summary>
    public const int LineLength = 65;

    // int(65 * 0.45), int(65 * 0.85), 65: where "Layer (type)", "Output Shape" and "Param #" end.
    static ReadOnlySpan<int> ColumnEnds => [29, 55, LineLength];

    /// <summary>
    /// Renders the summary of a model named <paramref name="modelName"/> with the given layer rows.
    /// Every line, the last one included, ends with <c>'\n'</c>, as Keras prints each line with
    /// <c>print</c>; so <c>Console.Write(Format(...))</c> reproduces Keras' output exactly.
    /// </summary>
    /// <param name="modelName">Shown on the first line as <c>Model: "name"</c> (never wrapped, as in Keras).</param>
    /// <param name="rows">The layers in order.</param>
    /// <param name="nonTrainableParameters">
    /// How many of the rows' parameters are frozen. Keras' total is the sum of the rows; trainable is the total minus this.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument or a row's text is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the frozen count exceeds the total.</exception>
    public static string Format(string modelName, IReadOnlyList<SummaryRow> rows, long nonTrainableParameters = 0)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(rows);
        long total = TotalParameters(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(nonTrainableParameters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nonTrainableParameters, total);

        var output = new StringBuilder();
        output.Append("Model: \"").Append(modelName).Append("\"\n");
        output.Append('_', LineLength).Append('\n');
        SummaryRowWriter.Append(output, ColumnEnds, "Layer (type)", "Output Shape", "Param #");
        output.Append('=', LineLength).Append('\n');
        foreach (SummaryRow row in rows)
        {
            // Keras' per-layer count is str(int): no separators.
            string parameters = row.ParameterCount.ToString(CultureInfo.InvariantCulture);
            SummaryRowWriter.Append(output, ColumnEnds, $"{row.Name} ({row.LayerType})", row.OutputShape, parameters);
            output.Append(' ', LineLength).Append('\n');
        }
        output.Append('=', LineLength).Append('\n');
        output.Append("Total params: ").Append(Grouped(total)).Append('\n');
        output.Append("Trainable params: ").Append(Grouped(total - nonTrainableParameters)).Append('\n');
        output.Append("Non-trainable params: ").Append(Grouped(nonTrainableParameters)).Append('\n');
        output.Append('_', LineLength).Append('\n');
        return output.ToString();
    }

    /// <summary>
    /// The output shape of a layer producing <paramref name="units"/> features per sample, as Python prints
    /// Keras' shape tuple with its unknown batch size: <c>OutputShape(100)</c> is <c>"(None, 100)"</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is not positive.</exception>
    public static string OutputShape(int units)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        return "(None, " + units.ToString(CultureInfo.InvariantCulture) + ")";
    }

    static long TotalParameters(IReadOnlyList<SummaryRow> rows)
    {
        long total = 0;
        foreach (SummaryRow row in rows)
        {
            ArgumentNullException.ThrowIfNull(row.Name, nameof(rows));
            ArgumentNullException.ThrowIfNull(row.LayerType, nameof(rows));
            ArgumentNullException.ThrowIfNull(row.OutputShape, nameof(rows));
            if (row.ParameterCount < 0)
                throw new ArgumentOutOfRangeException(nameof(rows), row.ParameterCount, $"Layer '{row.Name}' has a negative parameter count.");
            total = checked(total + row.ParameterCount);
        }
        return total;
    }

    // Python's "{:,}": comma every three digits whatever the culture (the invariant culture's "N0" is exactly that).
    static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
