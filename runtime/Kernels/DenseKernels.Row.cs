using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SourceGenNet.Kernels;

public static partial class DenseKernels
{
    // One row times W: y (1 x cols) = bias + x (1 x inner) · W (inner x cols), as a single prediction
    // runs it. With one row there is no reuse of W to block for: every W element is used once, so the
    // time is reading W (313 KB at 784 x 100, from L2). The outer-product tiles are the wrong shape for
    // that (3 accumulator chains, latency-bound, W re-read per K chunk). This kernel keeps up to 15
    // registers of the row in accumulators (15 + the broadcast x fill the 16 ymm registers; W is read as
    // FMA memory operands) and walks W once, row after row, in memory order: one sequential stream the
    // prefetcher follows. Wider layers take several such column blocks. The last register may overlap
    // the one before it (cols not a multiple of the width): both compute the same sums in the same order
    // and store the same values.
    //
    // Zero inputs are skipped: their rows of W are not read at all. Half the pixels of a Fashion-MNIST image
    // are 0 (the black border), so a prediction reads about half of W1. The row first lists its nonzero
    // inputs (NonzeroInputs), and the block walks W's rows for those only. Skipping is exact: with a finite
    // weight, 0 * w is +-0, and adding +-0 leaves a sum that started at the bias unchanged (a sum can be -0
    // only if the bias is). The one difference is a zero input against an infinite or NaN weight, which
    // would give NaN and is skipped instead. With few zeros (over 7/8 of the inputs listed) the plain walk
    // runs, because reading W in memory order is faster per row than through the list.
    // In-process A/B against walking every input (41 rounds, three runs): Forward(1, 784, 100) 1.64-1.72x as fast on
    // Fashion-MNIST images and 0.95-0.97x on inputs without zeros (the scan for zeros); a whole Predict of the
    // tutorial's network 1.37-1.48x (medians 5.0-5.6 us -> 3.4-4.0 us).

    private const int RowBlockRegisters = 15;

    /// <summary>The most inputs a row lists (32 KB of stack; ushort indices); a longer row walks all of W.</summary>
    private const int MaxListedInputs = 16 * 1024;

    [SkipLocalsInit]  // the list is written before it is read
    private static void RowTimesMatrix<TOps, TVector>(ref float x, ref float w, ref float bias, ref float y, int inner, int cols)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        if (inner <= MaxListedInputs)
        {
            Span<ushort> nonzero = stackalloc ushort[inner + 1];  // + 1: the walk reads one entry ahead
            int count = NonzeroInputs(ref x, inner, ref nonzero[0]);
            if (count <= inner / 8 * 7)
            {
                RowBlocks<TOps, TVector, Yes>(ref nonzero[0], count, ref x, ref w, ref bias, ref y, cols);
                return;
            }
        }
        RowBlocks<TOps, TVector, No>(ref Unsafe.NullRef<ushort>(), inner, ref x, ref w, ref bias, ref y, cols);
    }

    /// <summary>
    /// The row's blocks of columns, each over the listed inputs (<paramref name="listed"/>, <paramref name="steps"/> of them) when
    /// <typeparamref name="TListed"/>, otherwise over all <paramref name="steps"/> = inner in order.
    /// </summary>
    private static void RowBlocks<TOps, TVector, TListed>(ref ushort listed, int steps, ref float x, ref float w, ref float bias, ref float y, int cols)
        where TOps : ISimdOps<TVector> where TVector : struct where TListed : IChoice
    {
        int lanes = TOps.Count;
        int registers = (cols + lanes - 1) / lanes;
        for (int first = 0; first < registers; first += RowBlockRegisters)
        {
            int count = Math.Min(RowBlockRegisters, registers - first);
            switch (count)
            {
                case 1: RowBlock<TOps, TVector, One, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 2: RowBlock<TOps, TVector, Two, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 3: RowBlock<TOps, TVector, Three, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 4: RowBlock<TOps, TVector, Four, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 5: RowBlock<TOps, TVector, Five, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 6: RowBlock<TOps, TVector, Six, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 7: RowBlock<TOps, TVector, Seven, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 8: RowBlock<TOps, TVector, Eight, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 9: RowBlock<TOps, TVector, Nine, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 10: RowBlock<TOps, TVector, Ten, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 11: RowBlock<TOps, TVector, Eleven, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 12: RowBlock<TOps, TVector, Twelve, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 13: RowBlock<TOps, TVector, Thirteen, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                case 14: RowBlock<TOps, TVector, Fourteen, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
                default: RowBlock<TOps, TVector, Fifteen, TListed>(ref listed, steps, ref x, ref w, ref bias, ref y, cols, first * lanes); break;
            }
        }
    }

    /// <summary>Columns from <paramref name="n0"/>, TRegisters registers of them (the last one clamped to end at cols), over <paramref name="steps"/> inputs.</summary>
    private static void RowBlock<TOps, TVector, TRegisters, TListed>(ref ushort listed, int steps, ref float x, ref float w, ref float bias, ref float y, int cols, int n0)
        where TOps : ISimdOps<TVector> where TVector : struct where TRegisters : ICount where TListed : IChoice
    {
        nint lanes = TOps.Count;
        nint n = cols;
        int r = TRegisters.Value;
        // Register j sits at column n0 + j*lanes, a constant displacement the JIT folds into the address
        // (so the 15 offsets take no general-purpose registers); only the block's last register may be
        // pulled back to end at cols, so its displacement is the one variable.
        nint last = Math.Min(n0 + (r - 1) * lanes, n - lanes) - n0;
        nint o1 = r == 2 ? last : lanes, o2 = r == 3 ? last : 2 * lanes, o3 = r == 4 ? last : 3 * lanes;
        nint o4 = r == 5 ? last : 4 * lanes, o5 = r == 6 ? last : 5 * lanes, o6 = r == 7 ? last : 6 * lanes;
        nint o7 = r == 8 ? last : 7 * lanes, o8 = r == 9 ? last : 8 * lanes, o9 = r == 10 ? last : 9 * lanes;
        nint o10 = r == 11 ? last : 10 * lanes, o11 = r == 12 ? last : 11 * lanes, o12 = r == 13 ? last : 12 * lanes;
        nint o13 = r == 14 ? last : 13 * lanes, o14 = r == 15 ? last : 14 * lanes;
        nint o0 = r == 1 ? last : 0;

        nint b = n0;
        TVector c0 = TOps.Load(ref bias, b + o0);
        TVector c1 = r > 1 ? TOps.Load(ref bias, b + o1) : default, c2 = r > 2 ? TOps.Load(ref bias, b + o2) : default;
        TVector c3 = r > 3 ? TOps.Load(ref bias, b + o3) : default, c4 = r > 4 ? TOps.Load(ref bias, b + o4) : default;
        TVector c5 = r > 5 ? TOps.Load(ref bias, b + o5) : default, c6 = r > 6 ? TOps.Load(ref bias, b + o6) : default;
        TVector c7 = r > 7 ? TOps.Load(ref bias, b + o7) : default, c8 = r > 8 ? TOps.Load(ref bias, b + o8) : default;
        TVector c9 = r > 9 ? TOps.Load(ref bias, b + o9) : default, c10 = r > 10 ? TOps.Load(ref bias, b + o10) : default;
        TVector c11 = r > 11 ? TOps.Load(ref bias, b + o11) : default, c12 = r > 12 ? TOps.Load(ref bias, b + o12) : default;
        TVector c13 = r > 13 ? TOps.Load(ref bias, b + o13) : default, c14 = r > 14 ? TOps.Load(ref bias, b + o14) : default;

        nint at = n0;  // W[k, n0]
        nint next = TListed.Value ? listed : 0;
        for (nint step = 0, k = 0; step < steps; step++, k++, at += n)
        {
            if (TListed.Value)
            {
                // The next input's index is read a step ahead, so that the loads of W need not wait for it.
                k = next;
                next = Unsafe.Add(ref listed, step + 1);
                at = k * n + n0;
            }
            TVector a = TOps.Splat(Unsafe.Add(ref x, k));
            c0 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o0), c0);
            if (r > 1) c1 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o1), c1);
            if (r > 2) c2 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o2), c2);
            if (r > 3) c3 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o3), c3);
            if (r > 4) c4 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o4), c4);
            if (r > 5) c5 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o5), c5);
            if (r > 6) c6 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o6), c6);
            if (r > 7) c7 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o7), c7);
            if (r > 8) c8 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o8), c8);
            if (r > 9) c9 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o9), c9);
            if (r > 10) c10 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o10), c10);
            if (r > 11) c11 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o11), c11);
            if (r > 12) c12 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o12), c12);
            if (r > 13) c13 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o13), c13);
            if (r > 14) c14 = TOps.MultiplyAdd(a, TOps.Load(ref w, at + o14), c14);
        }

        TOps.Store(c0, ref y, b + o0);
        if (r > 1) TOps.Store(c1, ref y, b + o1);
        if (r > 2) TOps.Store(c2, ref y, b + o2);
        if (r > 3) TOps.Store(c3, ref y, b + o3);
        if (r > 4) TOps.Store(c4, ref y, b + o4);
        if (r > 5) TOps.Store(c5, ref y, b + o5);
        if (r > 6) TOps.Store(c6, ref y, b + o6);
        if (r > 7) TOps.Store(c7, ref y, b + o7);
        if (r > 8) TOps.Store(c8, ref y, b + o8);
        if (r > 9) TOps.Store(c9, ref y, b + o9);
        if (r > 10) TOps.Store(c10, ref y, b + o10);
        if (r > 11) TOps.Store(c11, ref y, b + o11);
        if (r > 12) TOps.Store(c12, ref y, b + o12);
        if (r > 13) TOps.Store(c13, ref y, b + o13);
        if (r > 14) TOps.Store(c14, ref y, b + o14);
    }

    /// <summary>For each mask of 8 inputs, the offsets of its set bits in order (the unused lanes 0).</summary>
    private static readonly Vector128<ushort>[] SetBitOffsets = BuildSetBitOffsets();

    private static Vector128<ushort>[] BuildSetBitOffsets()
    {
        var table = new Vector128<ushort>[256];
        Span<ushort> offsets = stackalloc ushort[8];
        for (int mask = 0; mask < 256; mask++)
        {
            offsets.Clear();
            int count = 0;
            for (int bit = 0; bit < 8; bit++)
                if ((mask & (1 << bit)) != 0) offsets[count++] = (ushort)bit;
            table[mask] = Vector128.Create(offsets[0], offsets[1], offsets[2], offsets[3], offsets[4], offsets[5], offsets[6], offsets[7]);
        }
        return table;
    }

    /// <summary>
    /// Writes to <paramref name="indices"/> the indices in [0, inner) of the inputs with a bit set (so -0 and NaN are listed,
    /// and only +0 is not), in order; returns how many.
    /// </summary>
    private static int NonzeroInputs(ref float x, int inner, ref ushort indices)
    {
        ref uint bits = ref Unsafe.As<float, uint>(ref x);
        int count = 0, k = 0;
        // 8 inputs at a time: a mask of the nonzero ones, then the table's offsets of its set bits, all 8 lanes
        // stored and the count advanced past the real ones. A store reaches at most 8 entries past count, and
        // count <= k, so it stays inside [0, inner).
        for (; k + 8 <= inner; k += 8)
        {
            uint zero = Vector256.Equals(Vector256.LoadUnsafe(ref bits, (nuint)k), Vector256<uint>.Zero).ExtractMostSignificantBits();
            uint mask = ~zero & 0xFF;
            (SetBitOffsets[mask] + Vector128.Create((ushort)k)).StoreUnsafe(ref indices, (nuint)count);
            count += BitOperations.PopCount(mask);
        }
        for (; k < inner; k++)
            if (Unsafe.Add(ref bits, k) != 0)
                Unsafe.Add(ref indices, count++) = (ushort)k;
        return count;
    }

}
