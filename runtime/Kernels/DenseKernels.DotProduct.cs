using System.Runtime.CompilerServices;

namespace SourceGenNet.Kernels;

public static partial class DenseKernels
{
    // dx[r, i] = Σ_c dy[r, c] · W[i, c]: both operands are contiguous along c, so each output is a dot
    // product of a row of dy with a row of W, vectorised along c and summed across lanes once at the end.
    // (Vectorising along i instead would need W's columns, which are strided.) A tile takes 4 rows of dy
    // x 3 rows of W: 12 accumulators + 3 registers of W + 1 of dy fill the 16 ymm registers, 12 FMAs for
    // 7 loads a step. Leftover dy rows run as 1-row tiles, leftover W rows as 1-row tiles; cols >= one
    // register is guaranteed by the width dispatch.

    private static void DotProducts<TOps, TVector>(ref float dy, ref float w, ref float dx, int rows, int inner, int cols)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        int r = 0;
        for (; r + 4 <= rows; r += 4)
            DotProductRows<TOps, TVector, Four>(ref dy, ref w, ref dx, inner, cols, r);
        for (; r < rows; r++)
            DotProductRows<TOps, TVector, One>(ref dy, ref w, ref dx, inner, cols, r);
    }

    private static void DotProductRows<TOps, TVector, TRows>(ref float dy, ref float w, ref float dx, int inner, int cols, int r0)
        where TOps : ISimdOps<TVector> where TVector : struct where TRows : ICount
    {
        int i = 0;
        for (; i + 3 <= inner; i += 3)
            DotProductTile<TOps, TVector, TRows, Three>(ref dy, ref w, ref dx, inner, cols, r0, i);
        for (; i < inner; i++)
            DotProductTile<TOps, TVector, TRows, One>(ref dy, ref w, ref dx, inner, cols, r0, i);
    }

    /// <summary>dx rows [r0, r0+TRows) x columns [i0, i0+TWRows), i.e. TRows x TWRows dot products of length cols.</summary>
    private static void DotProductTile<TOps, TVector, TRows, TWRows>(ref float dy, ref float w, ref float dx, int inner, int cols, int r0, int i0)
        where TOps : ISimdOps<TVector> where TVector : struct where TRows : ICount where TWRows : ICount
    {
        nint lanes = TOps.Count;
        nint n = cols;
        nint last = n - lanes;                  // start of the last full register along c
        nint d0 = r0 * n, d1 = d0 + n, d2 = d1 + n, d3 = d2 + n;
        nint w0 = i0 * n, w1 = w0 + n, w2 = w1 + n;

        // Accumulator sRP: dy row R of the tile, W row P. Guards on TRows/TWRows are constants.
        TVector s00 = default, s01 = default, s02 = default, s10 = default, s11 = default, s12 = default;
        TVector s20 = default, s21 = default, s22 = default, s30 = default, s31 = default, s32 = default;

        // When cols is not a multiple of the width, the last step re-reads the last full register and
        // masks off (in W) the lanes the step before already summed: an overlapping last vector, since a
        // dot product cannot simply count those lanes twice. The AND costs no FMA slot.
        TVector keep = TOps.LanesFrom(0);
        nint c = 0;
        while (true)
        {
            TVector v0 = TOps.And(TOps.Load(ref w, w0 + c), keep);
            TVector v1 = TWRows.Value > 1 ? TOps.And(TOps.Load(ref w, w1 + c), keep) : default;
            TVector v2 = TWRows.Value > 2 ? TOps.And(TOps.Load(ref w, w2 + c), keep) : default;

            TVector d = TOps.Load(ref dy, d0 + c);
            s00 = TOps.MultiplyAdd(d, v0, s00);
            if (TWRows.Value > 1) s01 = TOps.MultiplyAdd(d, v1, s01);
            if (TWRows.Value > 2) s02 = TOps.MultiplyAdd(d, v2, s02);
            if (TRows.Value > 1)
            {
                d = TOps.Load(ref dy, d1 + c);
                s10 = TOps.MultiplyAdd(d, v0, s10);
                if (TWRows.Value > 1) s11 = TOps.MultiplyAdd(d, v1, s11);
                if (TWRows.Value > 2) s12 = TOps.MultiplyAdd(d, v2, s12);

                d = TOps.Load(ref dy, d2 + c);
                s20 = TOps.MultiplyAdd(d, v0, s20);
                if (TWRows.Value > 1) s21 = TOps.MultiplyAdd(d, v1, s21);
                if (TWRows.Value > 2) s22 = TOps.MultiplyAdd(d, v2, s22);

                d = TOps.Load(ref dy, d3 + c);
                s30 = TOps.MultiplyAdd(d, v0, s30);
                if (TWRows.Value > 1) s31 = TOps.MultiplyAdd(d, v1, s31);
                if (TWRows.Value > 2) s32 = TOps.MultiplyAdd(d, v2, s32);
            }

            c += lanes;
            if (c > last)
            {
                if (c == n) break;
                keep = TOps.LanesFrom((int)(c - last));
                c = last;
            }
        }

        nint o = r0 * (nint)inner + i0;
        WriteSums<TOps, TVector, TWRows>(ref dx, o, s00, s01, s02);
        if (TRows.Value > 1)
        {
            WriteSums<TOps, TVector, TWRows>(ref dx, o + inner, s10, s11, s12);
            WriteSums<TOps, TVector, TWRows>(ref dx, o + 2 * (nint)inner, s20, s21, s22);
            WriteSums<TOps, TVector, TWRows>(ref dx, o + 3 * (nint)inner, s30, s31, s32);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteSums<TOps, TVector, TWRows>(ref float dx, nint offset, TVector s0, TVector s1, TVector s2)
        where TOps : ISimdOps<TVector> where TVector : struct where TWRows : ICount
    {
        Unsafe.Add(ref dx, offset) = TOps.Sum(s0);
        if (TWRows.Value > 1) Unsafe.Add(ref dx, offset + 1) = TOps.Sum(s1);
        if (TWRows.Value > 2) Unsafe.Add(ref dx, offset + 2) = TOps.Sum(s2);
    }
}
