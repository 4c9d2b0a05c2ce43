using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SourceGenNet.Kernels;

/// <summary>
/// Gathers rows of a row-major matrix by index: the batch of a shuffled epoch. The rows are scattered
/// over the whole training set (150 MB for Fashion-MNIST), so they come from DRAM; copied one after the
/// other, each row's first lines are waited for in turn. This copies <see cref="RowsInFlight"/> rows at a
/// time, one cache line of each in turn, so that many rows' memory requests are in flight at once: on the
/// development machine a batch of 32 rows took ~26 us instead of ~40 (medians, interleaved runs).
/// </summary>
internal static class RowGather
{
    private const int LineFloats = 16;   // 64 bytes
    private const int RowsInFlight = 4;

    /// <summary>Row r of <paramref name="destination"/> = row <paramref name="rows"/>[r] of <paramref name="source"/>, each <paramref name="width"/> floats.</summary>
    public static void Rows(ReadOnlySpan<float> source, ReadOnlySpan<int> rows, int width, Span<float> destination)
    {
        if ((long)rows.Length * width > destination.Length)
            throw new ArgumentException($"{rows.Length} rows of {width} floats do not fit in {destination.Length}.", nameof(destination));
        if (width < LineFloats)
        {
            for (int r = 0; r < rows.Length; r++)
                source.Slice(rows[r] * width, width).CopyTo(destination.Slice(r * width, width));
            return;
        }

        for (int first = 0; first < rows.Length; first += RowsInFlight)
        {
            int count = Math.Min(RowsInFlight, rows.Length - first);
            // Slicing checks each row against the source once; the copies below stay inside the slices.
            ref float from0 = ref MemoryMarshal.GetReference(source.Slice(rows[first] * width, width));
            ref float from1 = ref count > 1 ? ref MemoryMarshal.GetReference(source.Slice(rows[first + 1] * width, width)) : ref from0;
            ref float from2 = ref count > 2 ? ref MemoryMarshal.GetReference(source.Slice(rows[first + 2] * width, width)) : ref from0;
            ref float from3 = ref count > 3 ? ref MemoryMarshal.GetReference(source.Slice(rows[first + 3] * width, width)) : ref from0;
            ref float to = ref MemoryMarshal.GetReference(destination.Slice(first * width, count * width));
            // Whole lines, the last one overlapping its neighbour instead of a scalar tail (it rewrites the same values).
            for (int column = 0; column < width; column += LineFloats)
            {
                int at = Math.Min(column, width - LineFloats);
                CopyLine(ref from0, ref to, at);
                if (count > 1) CopyLine(ref from1, ref Unsafe.Add(ref to, width), at);
                if (count > 2) CopyLine(ref from2, ref Unsafe.Add(ref to, 2 * width), at);
                if (count > 3) CopyLine(ref from3, ref Unsafe.Add(ref to, 3 * width), at);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLine(ref float from, ref float to, int at) =>
        Unsafe.CopyBlockUnaligned(
            ref Unsafe.As<float, byte>(ref Unsafe.Add(ref to, at)),
            ref Unsafe.As<float, byte>(ref Unsafe.Add(ref from, at)),
            LineFloats * sizeof(float));
}
