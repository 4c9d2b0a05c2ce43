using System;
using System.Runtime.CompilerServices;

namespace SourceGenNet.Kernels;

/// <summary>
/// One matrix product <c>C (M x N) = bias + A (M x K) · B (K x N)</c> (no bias when <see cref="Bias"/> is a
/// null ref), or <c>C += A · B</c> when <see cref="Accumulate"/>. B and C are row-major with N floats a row; A is read through two strides
/// so the same code serves <c>x</c> (Forward) and <c>xᵀ</c> (the kernel gradient) without a transpose.
/// </summary>
internal readonly ref struct OuterProduct
{
    public readonly ref float A;
    public readonly nint AStrideM;
    public readonly nint AStrideK;
    public readonly ref float B;
    public readonly ref float C;
    public readonly ref float Bias;
    public readonly bool Accumulate;
    public readonly int M;
    public readonly int N;
    public readonly int K;
    /// <summary>Steps of K per chunk: <see cref="DenseKernels.ChunkSteps"/> of this product, or of the whole product this one is a part of.</summary>
    public readonly int Chunk;

    public OuterProduct(ref float a, nint aStrideM, nint aStrideK, ref float b, ref float c, ref float bias, bool accumulate, int m, int n, int k, int chunk = 0)
    {
        A = ref a;
        AStrideM = aStrideM;
        AStrideK = aStrideK;
        B = ref b;
        C = ref c;
        Bias = ref bias;
        Accumulate = accumulate;
        M = m;
        N = n;
        K = k;
        Chunk = chunk > 0 ? chunk : DenseKernels.ChunkSteps(k, n);
    }
}

public static partial class DenseKernels
{
    // Register blocking. A tile is 4 rows of C x 3 registers of columns: 12 accumulators, 3 loaded
    // registers of B and 1 broadcast of A make the 16 ymm registers of AVX2 (the JIT keeps all of them
    // in registers, no spills), and each step does 12 FMAs for 7 loads (3 of B, 4 broadcasts). On the
    // AVX2 development machine 4x3 ran Forward(32,784,100) at 60-66 GFLOP/s, 4x2 at 37-41.
    // Leftover columns run as 1-register strips of 8 x 1 tiles, the last one overlapping its neighbour;
    // leftover rows as 1-row tiles. N >= one register is guaranteed by the width dispatch.

    [SkipLocalsInit] // the packing buffer is always written before it is read
    private static unsafe void OuterProducts<TOps, TVector>(in OuterProduct product)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        // The product goes strip by strip of columns (3 registers wide, then 1), each strip down a block of rows
        // and through K a chunk at a time (ChunkSteps). For each chunk the strip's slice of B is first copied
        // into a contiguous, aligned buffer (PackStrip), which the row tiles then read. In place, a slice is 3
        // registers out of every row of N floats: rows that do not start on a cache line make many loads straddle
        // two lines, and a long slice spreads over more lines than L1 keeps beside A. Packed, a chunk of at most 200 steps
        // is at most 19 KB in one piece, and longer chunks mean fewer tile starts and write-backs. In-process A/B against
        // the third session's in-place strips with chunks of 40 steps (docs/benchmarks.md, fourth session):
        // Forward(32,784,100) 1.00-1.09x, Forward(256,784,100) 1.08-1.11x, the 784 x 100 kernel gradient 1.01-1.05x.
        // Packing with the old chunks gained nothing: the two go together.
        // Blocks of rows keep C in L1 for tall products (a batch prediction of hundreds of rows): a block's strip
        // of C is about 16 KB while it takes every K chunk in turn; B is packed once per block and chunk. With a
        // single chunk there is nothing to keep, and one block packs each strip once. A forward-only pass over many
        // chunks (PredictBatch, Evaluate) packs its kernels once for all of them instead (PackedKernels).
        // Each value sums its K chunks in the same order whatever the block, the register width or M: the
        // chunk depends on K and N alone, so results are the same bits on every machine and for every batch size.
        int lanes = TOps.Count;
        int chunk = product.Chunk;
        int rowBlock = product.K <= chunk ? product.M : Math.Max(8, 4096 / Math.Min(product.N, 3 * lanes) / 8 * 8);

        const int Alignment = 64;
        float* buffer = stackalloc float[Math.Min(chunk, product.K) * 3 * lanes + Alignment / sizeof(float)];
        ref float packed = ref *(float*)(((nint)buffer + Alignment - 1) & ~(nint)(Alignment - 1));

        // B already packed, every strip, when it is a kernel of a forward-only pass over many chunks (PackedKernels):
        // then the strips read their slices from there and nothing is copied here.
        ref float prepacked = ref PackedKernels.Find(ref product.B, product.K, product.N, lanes);

        for (int m0 = 0; m0 < product.M; m0 += rowBlock)
        {
            int mEnd = Math.Min(product.M, m0 + rowBlock);
            var plan = new StripPlan(product.N, lanes);
            nint region = 0;
            while (plan.Next(out int n0, out int registers, out int firstNew))
            {
                ref float strip = ref Unsafe.IsNullRef(ref prepacked) ? ref prepacked : ref Unsafe.Add(ref prepacked, region);
                if (registers == 3)
                    StripDown<TOps, TVector, Three>(in product, ref packed, ref strip, m0, mEnd, n0, firstNew, chunk);
                else
                    StripDown<TOps, TVector, One>(in product, ref packed, ref strip, m0, mEnd, n0, firstNew, chunk);
                region += StripPlan.RegionFloats(product.K, registers * lanes);
            }
        }
    }

    /// <summary>
    /// Steps of K each chunk of a product takes: all of K when it fits in <see cref="LongestChunk"/>, otherwise K in an
    /// even number of (nearly) equal chunks of at most that. Even, so that two threads splitting K by whole chunks
    /// (<see cref="ForwardByChunks"/>) take halves: 784 steps are 4 chunks of 196, and the split falls on W1's row 392,
    /// where the kernel gradient's split falls too and 5 rows from the optimizer's. (With 5 chunks of 170 it fell on row
    /// 340, and the 57 rows up to the optimizer's split went from one core's optimizer to the other core's product every
    /// step.) In-process A/B of 2-thread training steps (docs/benchmarks.md, seventh session): 1.04x in a fast phase,
    /// 1.10x in a slow one; one thread unchanged. It depends on K and N alone, so the bits do not depend on the thread
    /// count, the batch or the machine.
    /// </summary>
    internal static int ChunkSteps(int k, int n)
    {
        int longest = LongestChunk(n);
        if (k <= longest) return Math.Max(k, 1);
        int chunks = (k + longest - 1) / longest;
        chunks += chunks & 1;  // an even count
        return (k + chunks - 1) / chunks;
    }

    /// <summary>A product's K chunks: <see cref="ChunkSteps"/> each (the last one may be shorter), and how many.</summary>
    internal static (int Steps, int Count) KChunks(int k, int n)
    {
        int steps = ChunkSteps(k, n);
        return (steps, (k + steps - 1) / steps);
    }

    /// <summary>
    /// The most steps of K a chunk takes: 200 for N of 24 and more, so that a 3-register AVX2 strip's slice of B is at
    /// most 19 KB (200 x 24 floats) and stays in L1 beside A's rows; for narrower products about 19 KB of B's whole rows.
    /// </summary>
    internal static int LongestChunk(int n) => Math.Max(16, 4800 / Math.Min(n, 24));

    /// <summary>
    /// <typeparamref name="TRegisters"/> registers of columns from n0, rows [m0, mEnd), through K a chunk at a time:
    /// each chunk's slice of B packed into <paramref name="packed"/> (or read from <paramref name="prepacked"/>, the whole
    /// strip packed beforehand, when that is not a null ref), then every row tile of the strip over it. Chunks after the
    /// first add onto C.
    /// </summary>
    private static void StripDown<TOps, TVector, TRegisters>(in OuterProduct product, ref float packed, ref float prepacked,
        int m0, int mEnd, int n0, int firstNew, int chunk)
        where TOps : ISimdOps<TVector> where TVector : struct where TRegisters : ICount
    {
        nint width = TRegisters.Value * TOps.Count;
        bool packHere = Unsafe.IsNullRef(ref prepacked);
        for (int k0 = 0; k0 < product.K; k0 += chunk)
        {
            int steps = Math.Min(chunk, product.K - k0);
            bool add = product.Accumulate || k0 > 0;
            if (packHere) PackStrip<TOps, TVector, TRegisters>(in product, n0, k0, steps, ref packed);
            ref float slice = ref packHere ? ref packed : ref Unsafe.Add(ref prepacked, k0 * width);
            if (TRegisters.Value == 1)
                NarrowColumnStrip<TOps, TVector>(in product, ref slice, m0, mEnd, n0, firstNew, k0, steps, add);
            else
                ColumnStrip<TOps, TVector, TRegisters>(in product, ref slice, m0, mEnd, n0, firstNew, k0, steps, add);
        }
    }

    /// <summary>Copies rows [k0, k0+steps) x <typeparamref name="TRegisters"/> registers of columns from n0 of B into <paramref name="packed"/>, row after row.</summary>
    private static void PackStrip<TOps, TVector, TRegisters>(in OuterProduct product, int n0, int k0, int steps, ref float packed)
        where TOps : ISimdOps<TVector> where TVector : struct where TRegisters : ICount
    {
        ref float b = ref product.B;
        nint lanes = TOps.Count, n = product.N;
        nint from = (nint)k0 * n + n0, to = 0;
        for (int step = 0; step < steps; step++, from += n, to += TRegisters.Value * lanes)
        {
            TOps.Store(TOps.Load(ref b, from), ref packed, to);
            if (TRegisters.Value > 1) TOps.Store(TOps.Load(ref b, from + lanes), ref packed, to + lanes);
            if (TRegisters.Value > 2) TOps.Store(TOps.Load(ref b, from + 2 * lanes), ref packed, to + 2 * lanes);
        }
    }

    /// <summary>Rows [m0, mEnd) x <typeparamref name="TRegisters"/> registers of columns from n0, in tiles of 4 rows, then of 1.</summary>
    /// <remarks><paramref name="b"/> is the strip's packed slice of B: <typeparamref name="TRegisters"/> registers a step of K.</remarks>
    private static void ColumnStrip<TOps, TVector, TRegisters>(in OuterProduct product, ref float b, int m0, int mEnd, int n0, int firstNew, int k0, int steps, bool add)
        where TOps : ISimdOps<TVector> where TVector : struct where TRegisters : ICount
    {
        int fours = (mEnd - m0) / 4;
        OuterProductTiles<TOps, TVector, Four, TRegisters>(in product, ref b, m0, fours, n0, firstNew, k0, steps, add);
        OuterProductTiles<TOps, TVector, One, TRegisters>(in product, ref b, m0 + 4 * fours, mEnd - m0 - 4 * fours, n0, firstNew, k0, steps, add);
    }

    /// <summary>
    /// One register of columns down rows [m0, mEnd): 8 x 1 tiles, then 4 x 1 and 1 x 1 for the rows left. A 4 x 1
    /// tile has only 4 independent FMA chains, half of what 2 FMA pipes x 4 cycles of latency need, so it ran at
    /// half speed; 8 x 1 has 8 chains (8 FMAs for 1 load + 8 broadcasts a step).
    /// </summary>
    private static void NarrowColumnStrip<TOps, TVector>(in OuterProduct product, ref float b, int m0, int mEnd, int n0, int firstNew, int k0, int steps, bool add)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        int eights = (mEnd - m0) / 8;
        EightByOneTiles<TOps, TVector>(in product, ref b, m0, eights, n0, firstNew, k0, steps, add);
        ColumnStrip<TOps, TVector, One>(in product, ref b, m0 + 8 * eights, mEnd, n0, firstNew, k0, steps, add);
    }

    /// <summary><paramref name="tiles"/> tiles of 8 rows from m0 x one register of columns from n0; otherwise as <see cref="OuterProductTiles"/>.</summary>
    private static void EightByOneTiles<TOps, TVector>(in OuterProduct product, ref float b, int m0, int tiles, int n0, int firstNew, int k0, int steps, bool add)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        for (int tile = 0; tile < tiles; tile++, m0 += 8)
        {
            nint n = product.N;
            nint sm = product.AStrideM, aStrideK = product.AStrideK;

            TVector c0, c1, c2, c3, c4, c5, c6, c7;
            if (add || Unsafe.IsNullRef(ref product.Bias))
                c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = default;
            else
                c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = TOps.Load(ref product.Bias, n0);

            // As in OuterProductTiles: a ref per row of A, and two steps of K an iteration. In-process A/B against one ref
            // with row offsets and one step an iteration (docs/benchmarks.md, sixth session): Forward(32,784,100) 1.11x,
            // the 784 x 100 kernel gradient 1.09x, a training step 1.09x.
            ref float r0 = ref Unsafe.Add(ref product.A, m0 * sm), r1 = ref Unsafe.Add(ref r0, sm), r2 = ref Unsafe.Add(ref r1, sm), r3 = ref Unsafe.Add(ref r2, sm);
            ref float r4 = ref Unsafe.Add(ref r3, sm), r5 = ref Unsafe.Add(ref r4, sm), r6 = ref Unsafe.Add(ref r5, sm), r7 = ref Unsafe.Add(ref r6, sm);
            nint lanes = TOps.Count;
            nint bk = 0, ak = k0 * aStrideK;
            int step = 0;
            for (; step + 1 < steps; step += 2, bk += 2 * lanes, ak += 2 * aStrideK)
            {
                EightStep<TOps, TVector>(ref b, bk, ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ak,
                    ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
                EightStep<TOps, TVector>(ref b, bk + lanes, ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ak + aStrideK,
                    ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
            }
            if (step < steps)
                EightStep<TOps, TVector>(ref b, bk, ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ak,
                    ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);

            bool masked = firstNew != n0;
            TVector keep = masked ? TOps.LanesFrom(firstNew - n0) : default;
            ref float c = ref product.C;
            nint row = m0 * n + n0;
            WriteBack<TOps, TVector>(ref c, row, c0, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + n, c1, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + 2 * n, c2, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + 3 * n, c3, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + 4 * n, c4, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + 5 * n, c5, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + 6 * n, c6, keep, masked, add);
            WriteBack<TOps, TVector>(ref c, row + 7 * n, c7, keep, masked, add);
        }
    }

    /// <summary>
    /// <paramref name="tiles"/> tiles one below the other, each rows [m0, m0+TRows) x columns [n0, n0 + TRegisters*lanes)
    /// of C, over steps [k0, k0+steps) of K (the loop over tiles is here, not in the caller, so that the JIT keeps
    /// it in this one method: it would not inline a tile this size into a loop). Stores bias + sum, or with
    /// <paramref name="add"/> adds the sum to C; columns below <paramref name="firstNew"/> are already done
    /// (overlapping tile) and are not added to again.
    /// </summary>
    private static void OuterProductTiles<TOps, TVector, TRows, TRegisters>(in OuterProduct product, ref float b, int m0, int tiles, int n0, int firstNew, int k0, int steps, bool add)
        where TOps : ISimdOps<TVector> where TVector : struct where TRows : ICount where TRegisters : ICount
    {
        for (int tile = 0; tile < tiles; tile++, m0 += TRows.Value)
        {
            // Element offsets from fixed refs, never advanced refs: a ref stepped past a buffer's end is
            // invalid for the GC even if it is never read. Each of the tile's rows of A has its own ref (to its first
            // element), so that a broadcast is one load from row + offset; with one ref and four row offsets, each
            // broadcast needed an address addition first (4 instructions more in 28 a step). In-process A/B
            // (docs/benchmarks.md, sixth session): Forward(32,784,100) 1.05-1.08x, the 784 x 100 kernel gradient
            // 1.10-1.15x, a whole training step 1.06x.
            nint lanes = TOps.Count;
            nint n = product.N;
            nint aStrideK = product.AStrideK;
            ref float row0 = ref Unsafe.Add(ref product.A, m0 * product.AStrideM);
            ref float row1 = ref TRows.Value > 1 ? ref Unsafe.Add(ref row0, product.AStrideM) : ref row0;
            ref float row2 = ref TRows.Value > 2 ? ref Unsafe.Add(ref row1, product.AStrideM) : ref row0;
            ref float row3 = ref TRows.Value > 3 ? ref Unsafe.Add(ref row2, product.AStrideM) : ref row0;

            // Accumulator cRJ: row R of the tile, register J. Guards on TRows/TRegisters are constants.
            TVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
            if (add || Unsafe.IsNullRef(ref product.Bias))
            {
                c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = default;
            }
            else
            {
                ref float bias = ref product.Bias;
                c00 = c10 = c20 = c30 = TOps.Load(ref bias, n0);
                c01 = c11 = c21 = c31 = TRegisters.Value > 1 ? TOps.Load(ref bias, n0 + lanes) : default;
                c02 = c12 = c22 = c32 = TRegisters.Value > 2 ? TOps.Load(ref bias, n0 + 2 * lanes) : default;
            }

            // Two steps an iteration: the loop's own instructions (counter, offsets, compare, branch) come once per two
            // steps. In-process A/B (docs/benchmarks.md, sixth session): Forward(32,784,100) and the 784 x 100 kernel
            // gradient 1.14x, Forward(256,784,100) 1.10x, more than the instructions saved (~1 in 12) suggest; four
            // steps an iteration gained nothing more. Each accumulator still takes its steps in order: the same bits.
            nint bStep = TRegisters.Value * lanes;
            nint bk = 0, ak = k0 * aStrideK;
            int step = 0;
            for (; step + 1 < steps; step += 2, bk += 2 * bStep, ak += 2 * aStrideK)
            {
                TileStep<TOps, TVector, TRows, TRegisters>(ref b, bk, ref row0, ref row1, ref row2, ref row3, ak,
                    ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
                TileStep<TOps, TVector, TRows, TRegisters>(ref b, bk + bStep, ref row0, ref row1, ref row2, ref row3, ak + aStrideK,
                    ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
            }
            if (step < steps)
                TileStep<TOps, TVector, TRows, TRegisters>(ref b, bk, ref row0, ref row1, ref row2, ref row3, ak,
                    ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);

            // Write back. Only a one-register tile can overlap columns already done (the last one, pulled back to
            // end at N), and only then does an adding pass need a mask to stay off them; wider tiles never
            // overlap, and the JIT drops the masks from them (TRegisters is a constant).
            bool masked = TRegisters.Value == 1 && firstNew != n0;
            TVector keep = masked ? TOps.LanesFrom(firstNew - n0) : default;
            ref float c = ref product.C;
            nint row = m0 * n + n0;
            WriteRow<TOps, TVector, TRegisters>(ref c, row, c00, c01, c02, keep, masked, add);
            if (TRows.Value > 1)
            {
                WriteRow<TOps, TVector, TRegisters>(ref c, row + n, c10, c11, c12, keep, masked, add);
                WriteRow<TOps, TVector, TRegisters>(ref c, row + 2 * n, c20, c21, c22, keep, masked, add);
                WriteRow<TOps, TVector, TRegisters>(ref c, row + 3 * n, c30, c31, c32, keep, masked, add);
            }
        }
    }

    /// <summary>
    /// One step of K for a tile: B's <typeparamref name="TRegisters"/> registers at <paramref name="bk"/> times each row's
    /// value at <paramref name="ak"/>, added to that row's accumulators (cRJ: row R, register J). Inlined into the tile
    /// loop, where the accumulators stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileStep<TOps, TVector, TRows, TRegisters>(ref float b, nint bk, ref float row0, ref float row1, ref float row2, ref float row3, nint ak,
        ref TVector c00, ref TVector c01, ref TVector c02, ref TVector c10, ref TVector c11, ref TVector c12,
        ref TVector c20, ref TVector c21, ref TVector c22, ref TVector c30, ref TVector c31, ref TVector c32)
        where TOps : ISimdOps<TVector> where TVector : struct where TRows : ICount where TRegisters : ICount
    {
        nint lanes = TOps.Count;
        TVector b0 = TOps.Load(ref b, bk);
        TVector b1 = TRegisters.Value > 1 ? TOps.Load(ref b, bk + lanes) : default;
        TVector b2 = TRegisters.Value > 2 ? TOps.Load(ref b, bk + 2 * lanes) : default;

        TVector x = TOps.Splat(Unsafe.Add(ref row0, ak));
        c00 = TOps.MultiplyAdd(x, b0, c00);
        if (TRegisters.Value > 1) c01 = TOps.MultiplyAdd(x, b1, c01);
        if (TRegisters.Value > 2) c02 = TOps.MultiplyAdd(x, b2, c02);
        if (TRows.Value > 1)
        {
            x = TOps.Splat(Unsafe.Add(ref row1, ak));
            c10 = TOps.MultiplyAdd(x, b0, c10);
            if (TRegisters.Value > 1) c11 = TOps.MultiplyAdd(x, b1, c11);
            if (TRegisters.Value > 2) c12 = TOps.MultiplyAdd(x, b2, c12);

            x = TOps.Splat(Unsafe.Add(ref row2, ak));
            c20 = TOps.MultiplyAdd(x, b0, c20);
            if (TRegisters.Value > 1) c21 = TOps.MultiplyAdd(x, b1, c21);
            if (TRegisters.Value > 2) c22 = TOps.MultiplyAdd(x, b2, c22);

            x = TOps.Splat(Unsafe.Add(ref row3, ak));
            c30 = TOps.MultiplyAdd(x, b0, c30);
            if (TRegisters.Value > 1) c31 = TOps.MultiplyAdd(x, b1, c31);
            if (TRegisters.Value > 2) c32 = TOps.MultiplyAdd(x, b2, c32);
        }
    }

    /// <summary>One step of K for an 8 x 1 tile: B's register at <paramref name="bk"/> times each row's value at <paramref name="ak"/>, added to that row's accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EightStep<TOps, TVector>(ref float b, nint bk, ref float r0, ref float r1, ref float r2, ref float r3, ref float r4, ref float r5, ref float r6, ref float r7, nint ak,
        ref TVector c0, ref TVector c1, ref TVector c2, ref TVector c3, ref TVector c4, ref TVector c5, ref TVector c6, ref TVector c7)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        TVector v = TOps.Load(ref b, bk);
        c0 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r0, ak)), v, c0);
        c1 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r1, ak)), v, c1);
        c2 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r2, ak)), v, c2);
        c3 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r3, ak)), v, c3);
        c4 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r4, ak)), v, c4);
        c5 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r5, ak)), v, c5);
        c6 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r6, ak)), v, c6);
        c7 = TOps.MultiplyAdd(TOps.Splat(Unsafe.Add(ref r7, ak)), v, c7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow<TOps, TVector, TRegisters>(ref float c, nint offset, TVector sum0, TVector sum1, TVector sum2, TVector keep, bool masked, bool add)
        where TOps : ISimdOps<TVector> where TVector : struct where TRegisters : ICount
    {
        nint lanes = TOps.Count;
        WriteBack<TOps, TVector>(ref c, offset, sum0, keep, masked, add);
        if (TRegisters.Value > 1) WriteBack<TOps, TVector>(ref c, offset + lanes, sum1, keep, masked: false, add);
        if (TRegisters.Value > 2) WriteBack<TOps, TVector>(ref c, offset + 2 * lanes, sum2, keep, masked: false, add);
    }

    /// <summary>Stores <paramref name="sum"/>, or with <paramref name="add"/> adds it to C (only in the lanes of <paramref name="keep"/> when <paramref name="masked"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteBack<TOps, TVector>(ref float c, nint offset, TVector sum, TVector keep, bool masked, bool add)
        where TOps : ISimdOps<TVector> where TVector : struct
    {
        if (add)
            TOps.Store(TOps.Add(TOps.Load(ref c, offset), masked ? TOps.And(sum, keep) : sum), ref c, offset);
        else
            TOps.Store(sum, ref c, offset);
    }
}

/// <summary>
/// The strips of columns an outer product of N columns runs, in order, for registers of <c>lanes</c> floats: when N is
/// not a whole number of registers, first the last register pulled back to end at N (its storing pass writes the
/// columns it shares with the strip before it with their first K chunk only; the strips after it store those
/// columns anew and add their other chunks, and its adding passes mask them off); then strips of 3 registers, then
/// of 1. <see cref="PackedKernels"/> lays a kernel's strips out in the same order.
/// </summary>
internal struct StripPlan(int n, int lanes)
{
    private int next = -1;

    /// <summary>The next strip: its first column, its width in registers and its first column not already done.</summary>
    public bool Next(out int n0, out int registers, out int firstNew)
    {
        int whole = n / lanes * lanes;
        if (next < 0)
        {
            next = 0;
            if (whole < n)
            {
                (n0, registers, firstNew) = (n - lanes, 1, whole);
                return true;
            }
        }
        registers = next + 3 * lanes <= n ? 3 : next + lanes <= n ? 1 : 0;
        (n0, firstNew) = (next, next);
        next += registers * lanes;
        return registers > 0;
    }

    /// <summary>Floats a strip of <paramref name="width"/> columns takes packed for <paramref name="k"/> steps: whole 64-byte lines, so every strip starts on one.</summary>
    public static int RegionFloats(int k, int width) => (k * width + 15) / 16 * 16;
}
