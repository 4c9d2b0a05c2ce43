using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SourceGenNet.Kernels;

/// <summary>
/// Gathers rows of a row-major matrix by index: the batch of a shuffled epoch. The rows are scattered
/// over the whole training set (150 MB for Fashion-MNIST), so they come from DRAM; copied one after the
/// other, each row's first lines are waited for in turn. This copies <see cref="RowsInFlight"/> rows at a
/// time, one cache line of each in turn, so that many rows' memory requests are in flight at once: on the
/// development machine a batch of 32 rows took ~26 us instead of ~40 (medians, interleaved runs). Each line
/// of those rows also prefetches the same line of the next four: 18.7 us instead of 20.7-23.3 (three
/// in-process A/Bs of 30 rounds, the caches flushed by 1 MB of other traffic before each batch).
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
            int next = first + RowsInFlight, nextCount = Math.Clamp(rows.Length - next, 0, RowsInFlight);
            // Slicing checks each row against the source once; the copies below stay inside the slices.
            ref float from0 = ref RowStart(source, rows, first, width);
            ref float from1 = ref count > 1 ? ref RowStart(source, rows, first + 1, width) : ref from0;
            ref float from2 = ref count > 2 ? ref RowStart(source, rows, first + 2, width) : ref from0;
            ref float from3 = ref count > 3 ? ref RowStart(source, rows, first + 3, width) : ref from0;
            ref float ahead0 = ref nextCount > 0 ? ref RowStart(source, rows, next, width) : ref from0;
            ref float ahead1 = ref nextCount > 1 ? ref RowStart(source, rows, next + 1, width) : ref from0;
            ref float ahead2 = ref nextCount > 2 ? ref RowStart(source, rows, next + 2, width) : ref from0;
            ref float ahead3 = ref nextCount > 3 ? ref RowStart(source, rows, next + 3, width) : ref from0;
            ref float to = ref MemoryMarshal.GetReference(destination.Slice(first * width, count * width));
            // Whole lines, the last one overlapping its neighbour instead of a scalar tail (it rewrites the same values).
            for (int column = 0; column < width; column += LineFloats)
            {
                int at = Math.Min(column, width - LineFloats);
                CopyLine(ref from0, ref to, at);
                if (count > 1) CopyLine(ref from1, ref Unsafe.Add(ref to, width), at);
                if (count > 2) CopyLine(ref from2, ref Unsafe.Add(ref to, 2 * width), at);
                if (count > 3) CopyLine(ref from3, ref Unsafe.Add(ref to, 3 * width), at);
                // The same line of the next four rows, requested now so that they arrive while these are copied:
                // 8 rows in flight without 8 rows' copies in the loop (which was slower: 0.88-0.92x).
                if (nextCount > 0) Prefetch(ref ahead0, at);
                if (nextCount > 1) Prefetch(ref ahead1, at);
                if (nextCount > 2) Prefetch(ref ahead2, at);
                if (nextCount > 3) Prefetch(ref ahead3, at);
            }
        }
    }

    private static ref float RowStart(ReadOnlySpan<float> source, ReadOnlySpan<int> rows, int index, int width) =>
        ref MemoryMarshal.GetReference(source.Slice(rows[index] * width, width));

    /// <summary>A hint to load the line holding <c>row[at]</c> into the caches; nothing where the hardware has no such instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float row, int at)
    {
        // A prefetch never faults, and the span's memory is live for the whole call (a moved array would only make
        // the hint useless, never wrong), so an unpinned address is safe here.
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref row, at)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLine(ref float from, ref float to, int at) =>
        Unsafe.CopyBlockUnaligned(
            ref Unsafe.As<float, byte>(ref Unsafe.Add(ref to, at)),
            ref Unsafe.As<float, byte>(ref Unsafe.Add(ref from, at)),
            LineFloats * sizeof(float));
}
