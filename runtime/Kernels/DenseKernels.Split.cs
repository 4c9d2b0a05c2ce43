using System;

namespace SourceGenNet.Kernels;

public static partial class DenseKernels
{
    // The two products of a wide layer, shared among a ThreadTeam's threads. Neither needs a reduction:
    // Forward splits the batch rows (each thread writes its rows of y, reading all of W), the kernel
    // gradient splits W's rows (each thread writes its inputs' rows of wGrad, reading all of dy). Each
    // float is computed by the same register-blocked code in the same order as on one thread, so the
    // results are bit-identical for every thread count. A null team, or too little work, runs on the caller.

    /// <summary>
    /// <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// with the batch rows shared among <paramref name="team"/>'s threads (pieces of at least 4 rows).
    /// </summary>
    public static void Forward(ThreadTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        if (team is null || team.Threads == 1 || rows < 4 * team.Threads)
        {
            Forward(x, w, bias, y, rows, inner, cols);
            return;
        }
        CheckForwardArguments(x, w, bias, y, rows, inner, cols);
        team.Forward(x, w, bias, y, rows, inner, cols);
    }

    /// <summary>
    /// <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// with the steps of K shared among <paramref name="team"/>'s threads, a group of whole K chunks each: every thread
    /// computes every row, from its own rows of <paramref name="w"/>. A training step's optimizer and kernel gradient
    /// split W by its rows too, so each core reads mostly the rows of W it has just written, instead of copying all of W
    /// (half of it from the other core's cache) for its rows of the batch. The first group's thread sums the bias and its
    /// chunks into <paramref name="y"/>, the others write each chunk's partial sums apart, and the caller then adds those to
    /// <paramref name="y"/> chunk by chunk, in order: exactly the additions one thread makes, so the results are the same
    /// bits. Fewer than 4 rows (the row kernel sums in another order), one chunk, or no team: the plain Forward.
    /// </summary>
    public static void ForwardByChunks(ThreadTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        if (!SplitsByChunks(team, rows, inner, cols))
        {
            Forward(x, w, bias, y, rows, inner, cols);
            return;
        }
        CheckForwardArguments(x, w, bias, y, rows, inner, cols);
        team!.ForwardByChunks(x, w, bias, y, rows, inner, cols);
    }

    /// <summary>Whether <see cref="ForwardByChunks"/> shares this product among the team's threads (rather than running Forward on the caller).</summary>
    public static bool SplitsByChunks(ThreadTeam? team, int rows, int inner, int cols) =>
        team is { Threads: > 1 } && rows >= 4 && inner > ChunkSteps(inner, cols);

    /// <summary>
    /// <see cref="AccumulateParameterGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, int)"/>
    /// with the rows of the kernel gradient (one per input) shared among <paramref name="team"/>'s threads;
    /// the bias gradient is summed by the calling thread.
    /// </summary>
    public static void AccumulateParameterGradients(ThreadTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols) =>
        SharedParameterGradients(team, x, dy, wGrad, biasGrad, rows, inner, cols, overwrite: false);

    /// <summary>
    /// <see cref="ParameterGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, int, int, int)"/>
    /// with the rows of the kernel gradient (one per input) shared among <paramref name="team"/>'s threads;
    /// the bias gradient is summed by the calling thread.
    /// </summary>
    public static void ParameterGradients(ThreadTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols) =>
        SharedParameterGradients(team, x, dy, wGrad, biasGrad, rows, inner, cols, overwrite: true);

    /// <summary>Every parameter-gradient entry point: checks, then the kernel rows on the team (when it has work for each thread) or on the caller.</summary>
    private static void SharedParameterGradients(ThreadTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols, bool overwrite)
    {
        CheckGradientArguments(x, dy, wGrad, biasGrad, rows, inner, cols);
        if (team is null || team.Threads == 1 || inner < 8 * team.Threads)
        {
            KernelGradientRows(SimdWidths.Hardware, x, dy, wGrad, rows, inner, cols, 0, inner, overwrite);
            if (overwrite) BiasGradient(dy, biasGrad, rows, cols);
            else AccumulateBiasGradient(dy, biasGrad, rows, cols);
            return;
        }
        team.ParameterGradients(x, dy, wGrad, biasGrad, rows, inner, cols, overwrite);
    }
}
