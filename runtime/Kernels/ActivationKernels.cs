using System;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SourceGenNet.Kernels;

/// <summary>
/// Activations in place, and their backward passes written from the stored activation OUTPUT a:
/// each backward turns the gradient w.r.t. a, in place, into the gradient w.r.t. the pre-activation z.
/// </summary>
/// <remarks>
/// The forward passes are TensorPrimitives calls, and so is softmax for rows narrower than a register (wider rows write
/// the same formula out on registers, see <see cref="SoftmaxRows"/>). The elementwise backward passes
/// are hand-written because TensorPrimitives has no fused primitive for them (it would take two or three
/// passes and a scratch buffer); they share one generic loop, <c>Map</c>, and differ only in a struct
/// holding the formula. Nothing allocates.
/// </remarks>
public static class ActivationKernels
{
    /// <summary><c>v = max(0, v)</c> in place (NaN stays NaN).</summary>
    public static void Relu(Span<float> values) => TensorPrimitives.Max(values, 0f, values);

    /// <summary><c>v = 1 / (1 + e^-v)</c> in place.</summary>
    public static void Sigmoid(Span<float> values)
    {
        if (!values.IsEmpty) TensorPrimitives.Sigmoid(values, values);   // it throws on empty spans; we do nothing, as Relu and Tanh do
    }

    /// <summary><c>v = tanh(v)</c> in place.</summary>
    public static void Tanh(Span<float> values) => TensorPrimitives.Tanh(values, values);

    /// <summary>
    /// Softmax of each of <paramref name="rows"/> rows of <paramref name="cols"/> values, in place.
    /// Subtracts the row's maximum before exponentiating (TensorPrimitives.SoftMax does not), so
    /// logits like ±1000 give finite probabilities that sum to 1.
    /// </summary>
    /// <remarks>
    /// Per row, the formula is TensorPrimitives' Max, Subtract, Exp, Sum and Divide. Five calls on a row of 10 (the
    /// tutorial's output) cost more in call overhead and in the tail register of each than in arithmetic: 2.1 us for a
    /// batch of 32. Rows of at least one 256-bit register instead take <see cref="SoftmaxRows256"/>, the same formula
    /// written out: the same floats (Vector256.Exp is the very function TensorPrimitives.Exp runs on 256-bit registers),
    /// in about half the time.
    /// </remarks>
    /// <exception cref="ArgumentException">A size is not positive or <paramref name="values"/> is too short.</exception>
    public static void SoftmaxRows(Span<float> values, int rows, int cols)
    {
        CheckRows(values.Length, rows, cols, nameof(values));
        if (Vector256.IsHardwareAccelerated && cols >= Vector256<float>.Count)
        {
            SoftmaxRows256(values.Slice(0, rows * cols), rows, cols);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = values.Slice(r * cols, cols);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);   // every exponent <= 0: no overflow, and the max gives e^0 = 1
            TensorPrimitives.Exp(row, row);
            float sum = TensorPrimitives.Sum(row);       // >= 1, so the division is safe
            TensorPrimitives.Divide(row, sum, row);
        }
    }

    /// <summary>
    /// <see cref="SoftmaxRows"/> on 256-bit registers, rows of at least one register. Three passes over the block: each
    /// row's maximum subtracted, every value exponentiated (one pass over the whole block, so a row of 10 takes 10
    /// exponentials, not the 16 of a register plus an overlapping one), each row divided by its TensorPrimitives.Sum
    /// (kept: its summation order decides the last bits of the probabilities).
    /// </summary>
    private static void SoftmaxRows256(Span<float> block, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = block.Slice(r * cols, cols);
            InPlace256<SubtractOperand>(row, Vector256.Create(RowMax256(row)));
        }
        InPlace256<ExpIgnoringOperand>(block, default);
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = block.Slice(r * cols, cols);
            InPlace256<DivideByOperand>(row, Vector256.Create(TensorPrimitives.Sum(row)));
        }
    }

    /// <summary>The largest value of a row of at least 8, NaN if any is (as TensorPrimitives.Max: Vector256.Max and MathF.Max propagate NaN and order -0 below +0).</summary>
    private static float RowMax256(ReadOnlySpan<float> row)
    {
        ref float x = ref MemoryMarshal.GetReference(row);
        nuint lanes = (nuint)Vector256<float>.Count, last = (nuint)row.Length - lanes;
        Vector256<float> max = Vector256.LoadUnsafe(ref x, last);
        for (nuint i = 0; i < last; i += lanes) max = Vector256.Max(max, Vector256.LoadUnsafe(ref x, i));
        Vector128<float> half = Vector128.Max(max.GetLower(), max.GetUpper());
        return MathF.Max(MathF.Max(half[0], half[1]), MathF.Max(half[2], half[3]));
    }

    /// <summary>
    /// <c>v = TOperation(v, operand)</c> over at least 8 values, in place. The last register overlaps the one before it,
    /// so it is computed first from the untouched values and stored at the end, as in <c>Map</c>.
    /// </summary>
    private static void InPlace256<TOperation>(Span<float> values, Vector256<float> operand)
        where TOperation : IVectorOperation
    {
        ref float x = ref MemoryMarshal.GetReference(values);
        nuint lanes = (nuint)Vector256<float>.Count, last = (nuint)values.Length - lanes;
        Vector256<float> tail = TOperation.Apply(Vector256.LoadUnsafe(ref x, last), operand);
        for (nuint i = 0; i < last; i += lanes)
            TOperation.Apply(Vector256.LoadUnsafe(ref x, i), operand).StoreUnsafe(ref x, i);
        tail.StoreUnsafe(ref x, last);
    }

    private interface IVectorOperation
    {
        static abstract Vector256<float> Apply(Vector256<float> values, Vector256<float> operand);
    }

    private readonly struct SubtractOperand : IVectorOperation
    {
        public static Vector256<float> Apply(Vector256<float> values, Vector256<float> operand) => values - operand;
    }

    private readonly struct ExpIgnoringOperand : IVectorOperation
    {
        public static Vector256<float> Apply(Vector256<float> values, Vector256<float> operand) => Vector256.Exp(values);
    }

    private readonly struct DivideByOperand : IVectorOperation
    {
        public static Vector256<float> Apply(Vector256<float> values, Vector256<float> operand) => values / operand;
    }

    /// <summary><c>g *= (a &gt; 0 ? 1 : 0)</c>: ReLU's derivative from its output a.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void ReluBackward(ReadOnlySpan<float> output, Span<float> gradient) =>
        Map<ReluDerivative>(SimdWidths.Hardware, output, gradient);

    /// <summary><c>g *= a (1 - a)</c>: the sigmoid's derivative from its output a.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void SigmoidBackward(ReadOnlySpan<float> output, Span<float> gradient) =>
        Map<SigmoidDerivative>(SimdWidths.Hardware, output, gradient);

    /// <summary><c>g *= 1 - a²</c>: tanh's derivative from its output a.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void TanhBackward(ReadOnlySpan<float> output, Span<float> gradient) =>
        Map<TanhDerivative>(SimdWidths.Hardware, output, gradient);

    /// <summary>
    /// Per row: <c>g_j = a_j (g_j - Σ_k g_k a_k)</c>, the softmax Jacobian-vector product from its output a.
    /// (Followed by cross-entropy, the fused <c>(p - onehot) / B</c> is cheaper; this is the general case.)
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a span is too short.</exception>
    public static void SoftmaxBackwardRows(ReadOnlySpan<float> output, Span<float> gradient, int rows, int cols)
    {
        CheckRows(output.Length, rows, cols, nameof(output));
        CheckRows(gradient.Length, rows, cols, nameof(gradient));
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> a = output.Slice(r * cols, cols);
            Span<float> g = gradient.Slice(r * cols, cols);
            float dot = TensorPrimitives.Dot(g, a);
            TensorPrimitives.AddMultiply(g, -dot, a, g);   // (g - dot) * a in one pass
        }
    }

    /// <summary>The elementwise backward passes with the register width capped, so tests reach every path.</summary>
    internal static void Map<TDerivative>(SimdWidth widest, ReadOnlySpan<float> output, Span<float> gradient)
        where TDerivative : IDerivative
    {
        if (output.Length != gradient.Length)
            throw new ArgumentException($"Must have the gradient's length ({gradient.Length}), has {output.Length}.", nameof(output));
        if (gradient.IsEmpty) return;

        ref float a = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        switch (SimdWidths.Fit(widest, gradient.Length))
        {
            case SimdWidth.Vector512: Map<Vector512Ops, Vector512<float>, TDerivative>(ref a, ref g, gradient.Length); break;
            case SimdWidth.Vector256: Map<Vector256Ops, Vector256<float>, TDerivative>(ref a, ref g, gradient.Length); break;
            case SimdWidth.Vector128: Map<Vector128Ops, Vector128<float>, TDerivative>(ref a, ref g, gradient.Length); break;
            default: Map<ScalarOps, float, TDerivative>(ref a, ref g, gradient.Length); break;
        }
    }

    private static void Map<TOps, TVector, TDerivative>(ref float a, ref float g, int length)
        where TOps : ISimdOps<TVector> where TVector : struct where TDerivative : IDerivative
    {
        nint lanes = TOps.Count;
        nint last = length - lanes;
        // Overlapping last register, TensorPrimitives' way: g is updated in place and g *= f(a) is not
        // idempotent, so the last register is computed first from the untouched g and stored at the end,
        // after the main loop may have written part of it.
        TVector tail = TDerivative.Apply<TOps, TVector>(TOps.Load(ref a, last), TOps.Load(ref g, last));
        for (nint i = 0; i < last; i += lanes)
            TOps.Store(TDerivative.Apply<TOps, TVector>(TOps.Load(ref a, i), TOps.Load(ref g, i)), ref g, i);
        TOps.Store(tail, ref g, last);
    }

    private static void CheckRows(int length, int rows, int cols, string name)
    {
        if (rows <= 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Must be positive.");
        if (cols <= 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "Must be positive.");
        if (length < (long)rows * cols)
            throw new ArgumentException($"Needs at least {(long)rows * cols} floats for the given sizes, has {length}.", name);
    }
}

/// <summary>An activation's derivative applied to the incoming gradient, from the activation's output.</summary>
internal interface IDerivative
{
    static abstract TVector Apply<TOps, TVector>(TVector output, TVector gradient)
        where TOps : ISimdOps<TVector> where TVector : struct;
}

/// <summary><c>g · [a &gt; 0]</c>, as a bit mask, so a zero output passes no gradient (as in Keras).</summary>
internal readonly struct ReluDerivative : IDerivative
{
    public static TVector Apply<TOps, TVector>(TVector output, TVector gradient)
        where TOps : ISimdOps<TVector> where TVector : struct =>
        TOps.And(gradient, TOps.GreaterThanZero(output));
}

/// <summary><c>g · a (1 - a)</c>.</summary>
internal readonly struct SigmoidDerivative : IDerivative
{
    public static TVector Apply<TOps, TVector>(TVector output, TVector gradient)
        where TOps : ISimdOps<TVector> where TVector : struct =>
        TOps.Multiply(gradient, TOps.Multiply(output, TOps.Subtract(TOps.Splat(1f), output)));
}

/// <summary><c>g · (1 - a²)</c>.</summary>
internal readonly struct TanhDerivative : IDerivative
{
    public static TVector Apply<TOps, TVector>(TVector output, TVector gradient)
        where TOps : ISimdOps<TVector> where TVector : struct =>
        TOps.Multiply(gradient, TOps.Subtract(TOps.Splat(1f), TOps.Multiply(output, output)));
}
