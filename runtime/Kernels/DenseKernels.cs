using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SourceGenNet.Kernels;

/// <summary>
/// The matrix products of a Dense layer, on row-major float buffers, with W shaped (inner, cols)
/// as Keras stores a kernel (inputs x units): <c>W[i*cols + c]</c>.
/// </summary>
/// <remarks>
/// Each public method checks its arguments, picks the widest register width that fits
/// (<see cref="SimdWidths"/>) and runs one generic register-blocked body instantiated for that width:
/// <list type="bullet">
/// <item>Forward and AccumulateParameterGradients are outer products (DenseKernels.OuterProduct.cs):
/// a tile of 4 output rows x 3 registers of columns, one broadcast element of the left matrix times
/// three loaded registers of the right one per step.</item>
/// <item>BackpropagateInput is a block of dot products along W's contiguous rows (DenseKernels.DotProduct.cs); for narrow
/// layers (at most 16 units, W at most 16 KB) an outer product with W transposed on the stack.</item>
/// <item>Forward on fewer than 4 rows (a single prediction) streams W once with a whole row in accumulators, skipping the rows of W
/// whose input is zero (DenseKernels.Row.cs).</item>
/// </list>
/// Nothing allocates. Buffers may be longer than needed; only the leading part is read or written.
/// </remarks>
public static partial class DenseKernels
{
    /// <summary><c>y (rows x cols) = x (rows x inner) · w (inner x cols) + bias (cols)</c>; y is overwritten.</summary>
    /// <param name="x">Inputs, rows x inner.</param>
    /// <param name="w">Kernel, inner x cols.</param>
    /// <param name="bias">Bias, cols.</param>
    /// <param name="y">Outputs, rows x cols; overwritten.</param>
    /// <param name="rows">Batch rows, &gt; 0.</param>
    /// <param name="inner">Inputs per row, &gt; 0.</param>
    /// <param name="cols">Units, &gt; 0.</param>
    /// <exception cref="ArgumentException">A size is not positive or a buffer is too short.</exception>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        CheckForwardArguments(x, w, bias, y, rows, inner, cols);
        Forward(SimdWidths.Hardware, x, w, bias, y, rows, inner, cols);
    }

    /// <summary><c>wGrad (inner x cols) += xᵀ · dy</c> and <c>biasGrad (cols) += Σ over rows of dy</c>.</summary>
    /// <remarks>Accumulates, as llm.c does: the caller zeroes the whole gradient buffer once per step.</remarks>
    /// <param name="x">The layer's inputs, rows x inner.</param>
    /// <param name="dy">Gradient of the loss w.r.t. the layer's outputs, rows x cols.</param>
    /// <param name="wGrad">Kernel gradient, inner x cols; added to.</param>
    /// <param name="biasGrad">Bias gradient, cols; added to.</param>
    /// <param name="rows">Batch rows, &gt; 0.</param>
    /// <param name="inner">Inputs per row, &gt; 0.</param>
    /// <param name="cols">Units, &gt; 0.</param>
    /// <exception cref="ArgumentException">A size is not positive or a buffer is too short.</exception>
    public static void AccumulateParameterGradients(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols) =>
        SharedParameterGradients(null, x, dy, wGrad, biasGrad, rows, inner, cols, overwrite: false);

    /// <summary>
    /// <c>wGrad (inner x cols) = xᵀ · dy</c> and <c>biasGrad (cols) = Σ over rows of dy</c>, overwriting both:
    /// the backward pass writes every gradient once, so the gradient buffer needs no clearing pass.
    /// </summary>
    /// <param name="x">The layer's inputs, rows x inner.</param>
    /// <param name="dy">Gradient of the loss w.r.t. the layer's outputs, rows x cols.</param>
    /// <param name="wGrad">Kernel gradient, inner x cols; overwritten.</param>
    /// <param name="biasGrad">Bias gradient, cols; overwritten.</param>
    /// <param name="rows">Batch rows, &gt; 0.</param>
    /// <param name="inner">Inputs per row, &gt; 0.</param>
    /// <param name="cols">Units, &gt; 0.</param>
    /// <exception cref="ArgumentException">A size is not positive or a buffer is too short.</exception>
    public static void ParameterGradients(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols) =>
        SharedParameterGradients(null, x, dy, wGrad, biasGrad, rows, inner, cols, overwrite: true);

    /// <summary><c>dx (rows x inner) = dy (rows x cols) · wᵀ</c>; dx is overwritten.</summary>
    /// <param name="dy">Gradient w.r.t. the layer's outputs, rows x cols.</param>
    /// <param name="w">Kernel, inner x cols.</param>
    /// <param name="dx">Gradient w.r.t. the layer's inputs, rows x inner; overwritten.</param>
    /// <param name="rows">Batch rows, &gt; 0.</param>
    /// <param name="inner">Inputs per row, &gt; 0.</param>
    /// <param name="cols">Units, &gt; 0.</param>
    /// <exception cref="ArgumentException">A size is not positive or a buffer is too short.</exception>
    public static void BackpropagateInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int rows, int inner, int cols)
    {
        CheckSizes(rows, inner, cols);
        CheckLength(dy.Length, (long)rows * cols, nameof(dy));
        CheckLength(w.Length, (long)inner * cols, nameof(w));
        CheckLength(dx.Length, (long)rows * inner, nameof(dx));
        BackpropagateInput(SimdWidths.Hardware, dy, w, dx, rows, inner, cols);
    }

    // The entry points below trust their arguments. `widest` caps the register width so tests can run
    // every path (Vector512 included, in software where the CPU lacks it); the public methods pass the
    // hardware's. Vectors run along cols, so cols decides how wide a register fits.

    internal static void Forward(SimdWidth widest, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        // Fewer rows than one 4-row tile (a single prediction): W is read once per row either way, so the
        // row kernel (DenseKernels.Row.cs) streams it with every column in accumulators.
        if (rows < 4)
        {
            for (int r = 0; r < rows; r++)
                RowTimesMatrix(widest, x.Slice(r * inner, inner), w, bias, y.Slice(r * cols, cols), inner, cols);
            return;
        }

        // y (M=rows x N=cols) = bias + x (rows x K=inner) · w (inner x cols): A(m, k) = x[m*inner + k].
        var product = new OuterProduct(
            ref MemoryMarshal.GetReference(x), inner, 1,
            ref MemoryMarshal.GetReference(w),
            ref MemoryMarshal.GetReference(y),
            ref MemoryMarshal.GetReference(bias), accumulate: false,
            rows, cols, inner);
        RunOuterProduct(widest, in product);
    }

    /// <summary>
    /// <c>y (rows x cols) = bias + x[:, 0:steps] · w[0:steps, :]</c> (no bias when <paramref name="bias"/> is empty), where x's rows
    /// are <paramref name="xStride"/> floats apart: some leading steps of K of a product, or (from an offset into x and w) one
    /// K chunk's partial sums. Its chunks are the whole product's (<paramref name="chunk"/>, the whole product's
    /// <see cref="ChunkSteps"/>), summed as the whole product sums its first chunks, so the values are the same bits.
    /// </summary>
    internal static void ForwardSteps(SimdWidth widest, ReadOnlySpan<float> x, int xStride, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int cols, int steps, int chunk)
    {
        var product = new OuterProduct(
            ref MemoryMarshal.GetReference(x), xStride, 1,
            ref MemoryMarshal.GetReference(w),
            ref MemoryMarshal.GetReference(y),
            ref bias.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(bias), accumulate: false,
            rows, cols, steps, chunk);
        RunOuterProduct(widest, in product);
    }

    internal static void AccumulateParameterGradients(SimdWidth widest, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols)
    {
        KernelGradientRows(widest, x, dy, wGrad, rows, inner, cols, 0, inner, overwrite: false);
        AccumulateBiasGradient(dy, biasGrad, rows, cols);
    }

    /// <summary>
    /// Rows [<paramref name="first"/> .. +<paramref name="count"/>) of <c>wGrad (inner x cols) = xᵀ · dy</c>
    /// (<c>+=</c> unless <paramref name="overwrite"/>): one input's row of the kernel gradient depends only on that
    /// input's column of x, so disjoint row ranges can run on different threads, each value computed exactly as
    /// the whole product computes it.
    /// </summary>
    internal static void KernelGradientRows(SimdWidth widest, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, int rows, int inner, int cols,
        int first, int count, bool overwrite)
    {
        if (count <= 0) return;
        // wGrad (M=count x N=cols) (+)= xᵀ (count x K=rows) · dy (rows x cols): A(m, k) = x[k*inner + first + m],
        // so each step broadcasts 4 neighbouring x values of one row and loads a row of dy. No bias: an
        // overwriting product starts its sums at zero.
        var product = new OuterProduct(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(x), first), 1, inner,
            ref MemoryMarshal.GetReference(dy),
            ref Unsafe.Add(ref MemoryMarshal.GetReference(wGrad), (nint)first * cols),
            ref Unsafe.NullRef<float>(), accumulate: !overwrite,
            count, cols, rows);
        RunOuterProduct(widest, in product);
    }

    /// <summary><c>biasGrad (cols) += Σ over rows of dy</c>.</summary>
    internal static void AccumulateBiasGradient(ReadOnlySpan<float> dy, Span<float> biasGrad, int rows, int cols)
    {
        // TensorPrimitives has this primitive (in place is allowed).
        Span<float> biasGradUsed = biasGrad.Slice(0, cols);
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(biasGradUsed, dy.Slice(r * cols, cols), biasGradUsed);
    }

    /// <summary><c>biasGrad (cols) = Σ over rows of dy</c>, summed in the order <see cref="AccumulateBiasGradient"/> sums onto zero.</summary>
    internal static void BiasGradient(ReadOnlySpan<float> dy, Span<float> biasGrad, int rows, int cols)
    {
        dy.Slice(0, cols).CopyTo(biasGrad);
        Span<float> biasGradUsed = biasGrad.Slice(0, cols);
        for (int r = 1; r < rows; r++)
            TensorPrimitives.Add(biasGradUsed, dy.Slice(r * cols, cols), biasGradUsed);
    }

    /// <summary>BackpropagateInput transposes W on the stack when it has at most this many floats (16 KB) and few columns.</summary>
    private const int TransposeLimitFloats = 4096;

    internal static void BackpropagateInput(SimdWidth widest, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int rows, int inner, int cols)
    {
        // A narrow layer (the softmax output's 10 units): each dot product along cols is one or two
        // registers and ends in a horizontal sum that costs more than its FMAs (Backprop(32,100,10) ran at
        // ~5 GFLOP/s). With W transposed on the stack, dx (rows x inner) = dy (rows x cols) · Wᵀ (cols x inner)
        // is an outer product like Forward's, vectorised along inner with no horizontal sums.
        if (cols <= 16 && inner >= 8 && (long)inner * cols <= TransposeLimitFloats)
        {
            Span<float> wt = stackalloc float[inner * cols];
            for (int i = 0; i < inner; i++)
                for (int c = 0; c < cols; c++)
                    wt[c * inner + i] = w[i * cols + c];
            // No bias and not accumulating: every value of dx is stored once as its sum, so dx needs no clearing.
            var product = new OuterProduct(
                ref MemoryMarshal.GetReference(dy), cols, 1,
                ref MemoryMarshal.GetReference(wt),
                ref MemoryMarshal.GetReference(dx),
                ref Unsafe.NullRef<float>(), accumulate: false,
                rows, inner, cols);
            RunOuterProduct(widest, in product);
            return;
        }

        ref float dyRef = ref MemoryMarshal.GetReference(dy);
        ref float wRef = ref MemoryMarshal.GetReference(w);
        ref float dxRef = ref MemoryMarshal.GetReference(dx);
        switch (SimdWidths.Fit(widest, cols))
        {
            case SimdWidth.Vector512: DotProducts<Vector512Ops, Vector512<float>>(ref dyRef, ref wRef, ref dxRef, rows, inner, cols); break;
            case SimdWidth.Vector256: DotProducts<Vector256Ops, Vector256<float>>(ref dyRef, ref wRef, ref dxRef, rows, inner, cols); break;
            case SimdWidth.Vector128: DotProducts<Vector128Ops, Vector128<float>>(ref dyRef, ref wRef, ref dxRef, rows, inner, cols); break;
            default: DotProducts<ScalarOps, float>(ref dyRef, ref wRef, ref dxRef, rows, inner, cols); break;
        }
    }

    private static void RowTimesMatrix(SimdWidth widest, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int inner, int cols)
    {
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float wRef = ref MemoryMarshal.GetReference(w);
        ref float biasRef = ref MemoryMarshal.GetReference(bias);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        switch (SimdWidths.Fit(widest, cols))
        {
            case SimdWidth.Vector512: RowTimesMatrix<Vector512Ops, Vector512<float>>(ref xRef, ref wRef, ref biasRef, ref yRef, inner, cols); break;
            case SimdWidth.Vector256: RowTimesMatrix<Vector256Ops, Vector256<float>>(ref xRef, ref wRef, ref biasRef, ref yRef, inner, cols); break;
            case SimdWidth.Vector128: RowTimesMatrix<Vector128Ops, Vector128<float>>(ref xRef, ref wRef, ref biasRef, ref yRef, inner, cols); break;
            default: RowTimesMatrix<ScalarOps, float>(ref xRef, ref wRef, ref biasRef, ref yRef, inner, cols); break;
        }
    }

    private static void RunOuterProduct(SimdWidth widest, in OuterProduct product)
    {
        switch (SimdWidths.Fit(widest, product.N))
        {
            case SimdWidth.Vector512: OuterProducts<Vector512Ops, Vector512<float>>(in product); break;
            case SimdWidth.Vector256: OuterProducts<Vector256Ops, Vector256<float>>(in product); break;
            case SimdWidth.Vector128: OuterProducts<Vector128Ops, Vector128<float>>(in product); break;
            default: OuterProducts<ScalarOps, float>(in product); break;
        }
    }

    private static void CheckForwardArguments(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
    {
        CheckSizes(rows, inner, cols);
        CheckLength(x.Length, (long)rows * inner, nameof(x));
        CheckLength(w.Length, (long)inner * cols, nameof(w));
        CheckLength(bias.Length, cols, nameof(bias));
        CheckLength(y.Length, (long)rows * cols, nameof(y));
    }

    private static void CheckSizes(int rows, int inner, int cols)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Must be positive.");
        if (inner <= 0) throw new ArgumentOutOfRangeException(nameof(inner), inner, "Must be positive.");
        if (cols <= 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "Must be positive.");
    }

    /// <summary>The checks every parameter-gradient entry point makes, naming the argument at fault.</summary>
    private static void CheckGradientArguments(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> wGrad, ReadOnlySpan<float> biasGrad, int rows, int inner, int cols)
    {
        CheckSizes(rows, inner, cols);
        CheckLength(x.Length, (long)rows * inner, nameof(x));
        CheckLength(dy.Length, (long)rows * cols, nameof(dy));
        CheckLength(wGrad.Length, (long)inner * cols, nameof(wGrad));
        CheckLength(biasGrad.Length, cols, nameof(biasGrad));
    }

    private static void CheckLength(int actual, long needed, string name)
    {
        if (actual < needed)
            throw new ArgumentException($"Needs at least {needed} floats for the given sizes, has {actual}.", name);
    }
}
