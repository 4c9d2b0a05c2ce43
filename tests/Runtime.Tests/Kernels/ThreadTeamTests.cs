using System;
using SourceGenNet.Tests.Shared;
using SourceGenNet.Kernels;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>
/// The products a ThreadTeam shares give the very bits of the single-thread kernels: Forward split by batch
/// rows, the kernel gradient by the kernel's rows, for thread counts 2 and 3 over shapes around the tiles.
/// </summary>
public class ThreadTeamTests
{
    private static readonly int[] Rows = [1, 3, 4, 7, 8, 9, 12, 13, 31, 32, 33];
    private static readonly int[] Inners = [1, 7, 16, 17, 24, 100, 784];
    private static readonly int[] Cols = [1, 7, 8, 9, 10, 33, 100];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Split_Forward_equals_one_thread_bit_for_bit(int threads)
    {
        using var team = new ThreadTeam(threads);
        foreach (int rows in Rows)
            foreach (int inner in Inners)
                foreach (int cols in Cols)
                {
                    (float[] x, float[] w, float[] bias, float[] expected, float[] actual) = Product(rows, inner, cols);
                    DenseKernels.Forward(team, x, w, bias, actual, rows, inner, cols);
                    Bits.AssertEqual(expected, actual, $"Forward ({rows},{inner},{cols}) on {threads} threads");
                }
    }

    /// <summary>Random x, W and bias for a product, the single-thread Forward's result, and a buffer for the shared one's.</summary>
    private static (float[] X, float[] W, float[] Bias, float[] Expected, float[] Actual) Product(int rows, int inner, int cols)
    {
        var random = new Random(rows * 10_000 + inner * 100 + cols);
        float[] x = Values(random, rows * inner), w = Values(random, inner * cols), bias = Values(random, cols);
        float[] expected = new float[rows * cols];
        DenseKernels.Forward(x, w, bias, expected, rows, inner, cols);
        return (x, w, bias, expected, new float[rows * cols]);
    }

    [Theory]
    [InlineData(784, 100)] // the tutorial's hidden layer
    [InlineData(784, 128)]
    [InlineData(784, 10)]
    public void On_two_threads_the_K_chunks_split_W_where_the_kernel_gradient_does(int inner, int cols)
    {
        // A performance property, not a numerical one: each core's product then reads the rows of W that its own
        // kernel-gradient piece wrote and its own optimizer piece updated (why chunks come in an even number; with
        // 5 chunks of 170 the product split at row 340, the kernel gradient at 392).
        using var team = new ThreadTeam(2);
        (int chunk, int chunks) = DenseKernels.KChunks(inner, cols);
        int productSplit = team.ChunkGroup(chunks, 1).First * chunk;
        int gradientSplit = ThreadTeam.Piece(inner, 2, 1, 8).Start; // the kernel gradient's pieces (RunPiece)
        Assert.Equal(inner / 2, gradientSplit);
        Assert.Equal(gradientSplit, productSplit);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)] // more threads than some products have K chunks: the extra ones get none
    public void Forward_split_by_K_chunks_equals_one_thread_bit_for_bit(int threads)
    {
        // Each thread sums whole K chunks; the first group includes the bias, the others' partial sums are added after,
        // chunk by chunk, as one thread adds them. K from just over one chunk to several, with a short last chunk.
        using var team = new ThreadTeam(threads);
        int split = 0;
        foreach (int cols in new[] { 1, 8, 10, 24, 100 })
        {
            int longest = DenseKernels.LongestChunk(cols);
            foreach (int inner in new[] { longest, longest + 1, 2 * longest, 2 * longest + 5, 3 * longest + 1, 5 * longest - 1 })
                foreach (int rows in new[] { 1, 3, 4, 9, 32 })
                {
                    (float[] x, float[] w, float[] bias, float[] expected, float[] actual) = Product(rows, inner, cols);
                    DenseKernels.ForwardByChunks(team, x, w, bias, actual, rows, inner, cols);
                    Bits.AssertEqual(expected, actual, $"ForwardByChunks ({rows},{inner},{cols}) on {threads} threads");
                    bool shared = DenseKernels.SplitsByChunks(team, rows, inner, cols);
                    Assert.Equal(rows >= 4 && inner > longest, shared);
                    if (shared) split++;
                }
        }
        Assert.True(split >= 40, $"only {split} products were split");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Split_parameter_gradients_equal_one_thread_bit_for_bit(int threads)
    {
        using var team = new ThreadTeam(threads);
        foreach (int rows in Rows)
            foreach (int inner in Inners)
                foreach (int cols in Cols)
                {
                    var random = new Random(rows * 10_000 + inner * 100 + cols);
                    float[] x = Values(random, rows * inner), dy = Values(random, rows * cols);
                    float[] wGrad = Values(random, inner * cols), biasGrad = Values(random, cols); // accumulates onto these
                    float[] expectedW = (float[])wGrad.Clone(), expectedB = (float[])biasGrad.Clone();
                    DenseKernels.AccumulateParameterGradients(x, dy, expectedW, expectedB, rows, inner, cols);
                    DenseKernels.AccumulateParameterGradients(team, x, dy, wGrad, biasGrad, rows, inner, cols);
                    Bits.AssertEqual(expectedW, wGrad, $"kernel gradient ({rows},{inner},{cols}) on {threads} threads");
                    Bits.AssertEqual(expectedB, biasGrad, $"bias gradient ({rows},{inner},{cols}) on {threads} threads");
                }
    }

    [Fact]
    public void Clear_zeroes_every_piece()
    {
        using var team = new ThreadTeam(2);
        foreach (int length in new[] { 0, 1, 15, 17, 33, 79_510 })
        {
            float[] buffer = new float[length];
            buffer.AsSpan().Fill(3f);
            team.Clear(buffer);
            Assert.All(buffer, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Pieces_cover_the_range_in_order_on_grain_boundaries()
    {
        foreach (int parts in new[] { 1, 2, 3, 5 })
            foreach (int total in new[] { 0, 1, 8, 9, 31, 32, 33, 784, 79_510 })
            {
                int next = 0;
                for (int i = 0; i < parts; i++)
                {
                    (int start, int count) = ThreadTeam.Piece(total, parts, i, 8);
                    Assert.Equal(next, start);
                    Assert.True(count >= 0);
                    if (i < parts - 1) Assert.Equal(0, (start + count) % 8);
                    if (total >= 8 * parts) Assert.True(count >= 8, $"piece {i} of {parts} of {total} has {count}");
                    next = start + count;
                }
                Assert.Equal(total, next);
            }
    }

    [Fact]
    public void Row_pieces_are_empty_or_take_the_kernel_path_the_whole_batch_takes()
    {
        // A piece of 1-3 rows of a batch of 4 or more would take the row kernel, which sums in another order
        // than the outer product the whole batch takes: its rows would differ from one thread's in the last bits.
        foreach (int parts in new[] { 1, 2, 3, 4, 7 })
            for (int rows = 1; rows <= 70; rows++)
            {
                int next = 0;
                for (int i = 0; i < parts; i++)
                {
                    (int start, int count) = ThreadTeam.RowPiece(rows, parts, i);
                    if (count == 0) continue;
                    Assert.Equal(next, start);
                    Assert.True(count >= 4 || count == rows, $"piece {i} of {parts} of {rows} rows has {count}");
                    next = start + count;
                }
                Assert.Equal(rows, next);
            }
    }

    [Fact]
    public void A_disposed_team_refuses_work_and_workers_stop()
    {
        var team = new ThreadTeam(2);
        team.Clear(new float[100]);
        team.Dispose();
        team.Dispose();
        Assert.Throws<ObjectDisposedException>(() => team.Clear(new float[100]));
    }

    [Fact]
    public void A_parked_worker_wakes_up()
    {
        using var team = new ThreadTeam(2);
        float[] buffer = new float[64];
        team.Clear(buffer);
        System.Threading.Thread.Sleep(3 * ThreadTeam.SpinMilliseconds + 20); // past the spin: the worker parks
        buffer.AsSpan().Fill(1f);
        team.Clear(buffer);
        Assert.All(buffer, v => Assert.Equal(0f, v));
    }

    /// <summary>Counts its runs.</summary>
    private sealed class CountingWork : ICarriedWork
    {
        public int Runs;

        public void Run() => System.Threading.Interlocked.Increment(ref Runs);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(2, true)]
    public void A_shared_kernel_gradient_runs_its_carried_work_once_and_takes_it(int threads, bool workersHeld)
    {
        // Carried work (a network's later layers' parameter gradients) runs once per kernel gradient, on the thread of the
        // last piece; with the workers held back, the caller runs that piece and so the work. The gradient is unchanged.
        // The gate outlives the team (disposed after it, which joins the workers): a held worker may still be waiting on it.
        using var gate = new System.Threading.ManualResetEventSlim(false);
        using var team = new ThreadTeam(threads);
        if (workersHeld) team.BeforeClaim = _ => gate.Wait();
        try
        {
            var random = new Random(7);
            const int rows = 32, inner = 784, cols = 100;
            float[] x = Values(random, rows * inner), dy = Values(random, rows * cols);
            float[] expectedW = new float[inner * cols], expectedB = new float[cols], wGrad = new float[inner * cols], biasGrad = new float[cols];
            DenseKernels.ParameterGradients(x, dy, expectedW, expectedB, rows, inner, cols);
            for (int call = 1; call <= 3; call++)
            {
                var work = new CountingWork();
                team.CarriedWork = work;
                DenseKernels.ParameterGradients(team, x, dy, wGrad, biasGrad, rows, inner, cols);
                Assert.Equal(1, work.Runs);
                Assert.Null(team.CarriedWork);
                Bits.AssertEqual(expectedW, wGrad, $"kernel gradient, call {call}");
                Bits.AssertEqual(expectedB, biasGrad, $"bias gradient, call {call}");
            }
        }
        finally
        {
            team.BeforeClaim = null;
            gate.Set();
        }
    }

    [Fact]
    public void A_kernel_gradient_too_small_to_share_leaves_its_carried_work_to_the_caller()
    {
        // Fewer than 8 kernel rows a thread: the caller computes the gradient alone, the team never runs, and the work is
        // still there afterwards for the caller to run (Network.ParameterGradients does).
        using var team = new ThreadTeam(2);
        var work = new CountingWork();
        team.CarriedWork = work;
        DenseKernels.ParameterGradients(team, new float[4 * 15], new float[4 * 3], new float[15 * 3], new float[3], rows: 4, inner: 15, cols: 3);
        Assert.Equal(0, work.Runs);
        Assert.Same(work, team.CarriedWork);
    }

    private static float[] Values(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
