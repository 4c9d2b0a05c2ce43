using System;
using SourceGenNet.Kernels;
using SourceGenNet.Tests.Shared;
using static SourceGenNet.Runtime.Tests.Kernels.KernelTestData;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>
/// Kernels packed once for a forward-only pass (PackedKernels): a product that reads them gives the very bits of a
/// product that packs its own slices of W, and a product whose W is not one of them packs its own as before.
/// </summary>
public class PackedKernelsTests
{
    // (rows, inputs, units): several K chunks with an overlapping last register, one chunk, narrow, wide, the
    // tutorial's two layers, a block of rows cut by the row blocking (1000 units: blocks of 8 rows).
    public static readonly TheoryData<int, int, int> Shapes = new()
    {
        { 32, 784, 100 }, { 5, 341, 100 }, { 33, 171, 31 }, { 9, 400, 6 }, { 6, 700, 130 }, { 4, 100, 10 }, { 40, 20, 1000 }, { 7, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_product_reading_its_packed_kernel_equals_one_that_packs_its_own_bit_for_bit(int rows, int inner, int cols)
    {
        var random = Seeded(rows, inner, cols);
        // Two kernels in one parameter array, the tested one second, as a model lays out its layers.
        const int firstKernel = 24 * 17;
        int offset = firstKernel + 13;
        float[] parameters = Input(random, offset + inner * cols + cols);
        var packed = new PackedKernels(parameters, [(0, 24, 17), (offset, inner, cols)]);
        packed.Pack();
        AssertSameBitsInAndOutOfUse(packed, Input(random, rows * inner), parameters.AsSpan(offset, inner * cols),
            parameters.AsSpan(offset + inner * cols, cols), rows, inner, cols, $"({rows},{inner},{cols})");
    }

    [Fact]
    public void A_product_whose_weights_are_not_a_packed_kernel_packs_its_own()
    {
        var random = new Random(8);
        const int rows = 8, inner = 300, cols = 40;
        (float[] parameters, PackedKernels packed) = OneKernel(random, inner, cols);
        float[] x = Input(random, rows * inner), bias = Input(random, cols);

        // Other weights of the same shape (a copy, changed): the packed kernel must not stand in for them.
        float[] other = (float[])parameters.Clone();
        for (int i = 0; i < inner * cols; i += 7) other[i] += 1f;
        AssertSameBitsInAndOutOfUse(packed, x, other.AsSpan(0, inner * cols), bias, rows, inner, cols, "other weights");
        // The packed array itself, read as another shape (the first 300 x 20 floats): not the packed kernel either.
        AssertSameBitsInAndOutOfUse(packed, x, parameters.AsSpan(0, inner * 20), bias, rows, inner, 20, "another shape");
    }

    [Fact]
    public void Packing_reads_the_weights_as_they_are_then()
    {
        var random = new Random(9);
        const int rows = 12, inner = 400, cols = 50;
        (float[] parameters, PackedKernels packed) = OneKernel(random, inner, cols);
        parameters[inner * cols / 2] += 3f;  // changed after packing: the next pass must pack again
        packed.Pack();
        AssertSameBitsInAndOutOfUse(packed, Input(random, rows * inner), parameters.AsSpan(0, inner * cols), Input(random, cols),
            rows, inner, cols, "after a change and a new Pack");
    }

    /// <summary>Random parameters that are one kernel of <paramref name="inner"/> x <paramref name="cols"/>, packed.</summary>
    private static (float[] Parameters, PackedKernels Packed) OneKernel(Random random, int inner, int cols)
    {
        float[] parameters = Input(random, inner * cols);
        var packed = new PackedKernels(parameters, [(0, inner, cols)]);
        packed.Pack();
        return (parameters, packed);
    }

    /// <summary>Forward with no packed kernels in use, then with <paramref name="packed"/> in use: the same bits, and none in use after.</summary>
    private static void AssertSameBitsInAndOutOfUse(PackedKernels packed, float[] x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias,
        int rows, int inner, int cols, string context)
    {
        float[] packingItsOwn = Output(rows * cols), readingPacked = Output(rows * cols);
        DenseKernels.Forward(x, w, bias, packingItsOwn, rows, inner, cols);
        using (packed.Use())
        {
            Assert.Same(packed, PackedKernels.Active);
            DenseKernels.Forward(x, w, bias, readingPacked, rows, inner, cols);
        }
        Assert.Null(PackedKernels.Active);
        Bits.AssertEqual(packingItsOwn, readingPacked, context);
    }
}
