using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SourceGenNet.Kernels;

/// <summary>
/// The vector operations our hand-written kernels use, as static members of a struct so one generic
/// kernel body serves every width: the JIT compiles a separate, fully inlined copy per struct
/// (<see cref="ScalarOps"/>, <see cref="Vector128Ops"/>, <see cref="Vector256Ops"/>, <see cref="Vector512Ops"/>).
/// This replaces the copy-paste twins per width that TensorPrimitives writes out by hand.
/// </summary>
/// <typeparam name="TVector">The register type: <see cref="float"/> for the scalar path, else <c>Vector{N}&lt;float&gt;</c>.</typeparam>
internal interface ISimdOps<TVector> where TVector : struct
{
    /// <summary>Floats per register.</summary>
    static abstract int Count { get; }

    static abstract TVector Splat(float value);

    /// <summary>Loads <see cref="Count"/> floats at <c>source[offset]</c>; the caller has checked bounds.</summary>
    static abstract TVector Load(ref float source, nint offset);

    static abstract void Store(TVector value, ref float destination, nint offset);

    /// <summary><c>a * b + addend</c>, fused where the hardware has FMA (MultiplyAddEstimate picks).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector And(TVector a, TVector b);

    /// <summary>All bits set in lanes whose index is at least <paramref name="firstLane"/>, zero below:
    /// masks off the lanes an overlapping last vector has already covered.</summary>
    static abstract TVector LanesFrom(int firstLane);

    /// <summary>All bits set in lanes where <paramref name="value"/> &gt; 0, zero elsewhere (also for NaN).</summary>
    static abstract TVector GreaterThanZero(TVector value);

    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TVector value);
}

/// <summary>One float as a one-lane "vector": the path for lengths below 4 or hardware without SIMD.</summary>
internal readonly struct ScalarOps : ISimdOps<float>
{
    public static int Count => 1;
    public static float Splat(float value) => value;
    public static float Load(ref float source, nint offset) => Unsafe.Add(ref source, offset);
    public static void Store(float value, ref float destination, nint offset) => Unsafe.Add(ref destination, offset) = value;
    public static float MultiplyAdd(float a, float b, float addend) => float.MultiplyAddEstimate(a, b, addend);
    public static float Add(float a, float b) => a + b;
    public static float Subtract(float a, float b) => a - b;
    public static float Multiply(float a, float b) => a * b;
    public static float And(float a, float b) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
    public static float LanesFrom(int firstLane) => firstLane <= 0 ? AllBits : 0f;
    public static float GreaterThanZero(float value) => value > 0f ? AllBits : 0f;
    public static float Sum(float value) => value;

    private static float AllBits => BitConverter.Int32BitsToSingle(-1);
}

/// <summary>128-bit registers (SSE, AdvSimd).</summary>
internal readonly struct Vector128Ops : ISimdOps<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Splat(float value) => Vector128.Create(value);
    public static Vector128<float> Load(ref float source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);
    public static void Store(Vector128<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) => Vector128.MultiplyAddEstimate(a, b, addend);
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => a & b;
    public static Vector128<float> LanesFrom(int firstLane) => Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(firstLane)).AsSingle();
    public static Vector128<float> GreaterThanZero(Vector128<float> value) => Vector128.GreaterThan(value, Vector128<float>.Zero);
    public static float Sum(Vector128<float> value) => Vector128.Sum(value);
}

/// <summary>256-bit registers (AVX2): the hardware path on the development machine.</summary>
internal readonly struct Vector256Ops : ISimdOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Splat(float value) => Vector256.Create(value);
    public static Vector256<float> Load(ref float source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);
    public static void Store(Vector256<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.MultiplyAddEstimate(a, b, addend);
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;
    public static Vector256<float> LanesFrom(int firstLane) => Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(firstLane)).AsSingle();
    public static Vector256<float> GreaterThanZero(Vector256<float> value) => Vector256.GreaterThan(value, Vector256<float>.Zero);
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}

/// <summary>512-bit registers (AVX-512). Without hardware support .NET runs these in software: slow but
/// correct, which is how the tests cover this path on machines that lack it.</summary>
internal readonly struct Vector512Ops : ISimdOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Splat(float value) => Vector512.Create(value);
    public static Vector512<float> Load(ref float source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);
    public static void Store(Vector512<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.MultiplyAddEstimate(a, b, addend);
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;
    public static Vector512<float> LanesFrom(int firstLane) => Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(firstLane)).AsSingle();
    public static Vector512<float> GreaterThanZero(Vector512<float> value) => Vector512.GreaterThan(value, Vector512<float>.Zero);
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}

/// <summary>A register width; the value is the number of float lanes.</summary>
internal enum SimdWidth
{
    Scalar = 1,
    Vector128 = 4,
    Vector256 = 8,
    Vector512 = 16,
}

/// <summary>Top-down width dispatch, as TensorPrimitives does it.</summary>
internal static class SimdWidths
{
    /// <summary>The widest width this machine accelerates.</summary>
    public static SimdWidth Hardware { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 :
        Vector128.IsHardwareAccelerated ? SimdWidth.Vector128 :
        SimdWidth.Scalar;

    /// <summary>
    /// The widest width not above <paramref name="widest"/> whose registers fit in <paramref name="length"/>
    /// floats. Kernels need one full register inside the data so the last one can overlap the one
    /// before it instead of running a scalar tail loop; shorter data takes a narrower path.
    /// </summary>
    public static SimdWidth Fit(SimdWidth widest, int length)
    {
        if (widest >= SimdWidth.Vector512 && length >= 16) return SimdWidth.Vector512;
        if (widest >= SimdWidth.Vector256 && length >= 8) return SimdWidth.Vector256;
        if (widest >= SimdWidth.Vector128 && length >= 4) return SimdWidth.Vector128;
        return SimdWidth.Scalar;
    }
}

/// <summary>A compile-time count (rows or registers of a tile): the JIT folds <c>if (T.Value &gt; 1)</c>
/// guards away in each instantiation, so one tile body serves every tile shape.</summary>
internal interface ICount
{
    static abstract int Value { get; }
}

internal readonly struct One : ICount { public static int Value => 1; }

internal readonly struct Three : ICount { public static int Value => 3; }

internal readonly struct Four : ICount { public static int Value => 4; }

internal readonly struct Two : ICount { public static int Value => 2; }

internal readonly struct Five : ICount { public static int Value => 5; }

internal readonly struct Six : ICount { public static int Value => 6; }

internal readonly struct Seven : ICount { public static int Value => 7; }

internal readonly struct Eight : ICount { public static int Value => 8; }

internal readonly struct Nine : ICount { public static int Value => 9; }

internal readonly struct Ten : ICount { public static int Value => 10; }

internal readonly struct Eleven : ICount { public static int Value => 11; }

internal readonly struct Twelve : ICount { public static int Value => 12; }

internal readonly struct Thirteen : ICount { public static int Value => 13; }

internal readonly struct Fourteen : ICount { public static int Value => 14; }

internal readonly struct Fifteen : ICount { public static int Value => 15; }

/// <summary>A compile-time yes or no, folded away like <see cref="ICount"/>: one body, two instantiations.</summary>
internal interface IChoice
{
    static abstract bool Value { get; }
}

internal readonly struct Yes : IChoice { public static bool Value => true; }

internal readonly struct No : IChoice { public static bool Value => false; }
