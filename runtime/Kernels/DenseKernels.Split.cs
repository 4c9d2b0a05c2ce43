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
        CheckSizes(rows, inner, cols);
        CheckLength(x.Length, (long)rows * inner, nameof(x));
        CheckLength(w.Length, (long)inner * cols, nameof(w));
        CheckLength(bias.Length, cols, nameof(bias));
        CheckLength(y.Length, (long)rows * cols, nameof(y));
        team.Forward(x, w, bias, y, rows, inner, cols);
    }

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
