using System;
using System.Collections.Generic;

namespace SourceGenNet;

/// <summary>
/// Keras' automatic names for unnamed layers and models: a process-wide counter per prefix, so the first
/// unnamed Dense is <c>dense</c>, then <c>dense_1</c>, <c>dense_2</c>...; models <c>sequential</c>,
/// <c>sequential_1</c>. Layers given a name never draw a number, which is why the tutorial's third model
/// (after an unnamed one and a named one) prints <c>sequential_1</c> holding <c>dense_2</c> and <c>dense_3</c>.
/// </summary>
/// <remarks>
/// Mirrors Keras' <c>backend.unique_object_name(prefix, zero_based=True)</c>. Like Keras, it does not
/// check for collisions with names the user chose (a layer explicitly named <c>dense_1</c> can coexist
/// with an automatic one). Thread-safe. Create a private scope to name models independently of
/// everything else in the process (tests do).
/// </remarks>
public sealed class KerasNameScope
{
    readonly Dictionary<string, int> _nextNumber = new(StringComparer.Ordinal);
    readonly object _gate = new();

    /// <summary>The process-wide scope models use by default, as Keras' global graph UIDs.</summary>
    public static KerasNameScope Global { get; } = new();

    /// <summary>
    /// The next name for <paramref name="prefix"/>: the prefix itself the first time, then
    /// <c>prefix_1</c>, <c>prefix_2</c>... Each prefix counts on its own.
    /// </summary>
    /// <param name="prefix">The snake_case class name, e.g. <c>dense</c>, <c>flatten</c>, <c>sequential</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is null or empty.</exception>
    public string Next(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        int number;
        lock (_gate)
        {
            _nextNumber.TryGetValue(prefix, out number);
            _nextNumber[prefix] = number + 1;
        }
        return number == 0 ? prefix : prefix + "_" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Forgets every counter, like <c>keras.backend.clear_session()</c>: the next Dense is <c>dense</c> again.</summary>
    public void Reset()
    {
        lock (_gate) _nextNumber.Clear();
    }
}
