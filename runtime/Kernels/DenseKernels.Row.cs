using System;
using System.Runtime.CompilerServices;

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

    private const int RowBlockRegisters = 15;

    private static void RowTimesMatrix<TOps, TVector>(ref float x, ref float w, ref float bias, ref float y, int inner, int cols)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        int lanes = TOps.Count;
        int registers = (cols + lanes - 1) / lanes;
        for (int first = 0; first < registers; first += RowBlockRegisters)
        {
            int count = Math.Min(RowBlockRegisters, registers - first);
            switch (count)
            {
                case 1: RowBlock<TOps, TVector, One>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 2: RowBlock<TOps, TVector, Two>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 3: RowBlock<TOps, TVector, Three>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 4: RowBlock<TOps, TVector, Four>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 5: RowBlock<TOps, TVector, Five>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 6: RowBlock<TOps, TVector, Six>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 7: RowBlock<TOps, TVector, Seven>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 8: RowBlock<TOps, TVector, Eight>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 9: RowBlock<TOps, TVector, Nine>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 10: RowBlock<TOps, TVector, Ten>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 11: RowBlock<TOps, TVector, Eleven>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 12: RowBlock<TOps, TVector, Twelve>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 13: RowBlock<TOps, TVector, Thirteen>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                case 14: RowBlock<TOps, TVector, Fourteen>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
                default: RowBlock<TOps, TVector, Fifteen>(ref x, ref w, ref bias, ref y, inner, cols, first * lanes); break;
            }
        }
    }

    /// <summary>Columns from <paramref name="n0"/>, TRegisters registers of them (the last one clamped to end at cols).</summary>
    private static void RowBlock<TOps, TVector, TRegisters>(ref float x, ref float w, ref float bias, ref float y, int inner, int cols, int n0)
        where TOps : ISimdOps<TVector> where TVector : struct where TRegisters : ICount
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
        for (nint k = 0; k < inner; k++, at += n)
        {
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

}
