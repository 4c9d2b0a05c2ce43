using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SourceGenNet.Kernels;

/// <summary>
/// A model's Dense kernels packed once, strip by strip, for a forward-only pass over many chunks whose weights do not
/// change (<c>PredictBatch</c>, <c>Evaluate</c>).
/// </summary>
/// <remarks>
/// <para>An outer product copies each strip's slice of W into an aligned buffer before its row tiles read it (see
/// DenseKernels.OuterProduct.cs): for the tutorial's first layer that is all of W1, 313 KB, for every product. A
/// batch prediction runs one product per chunk of rows with the same W, so the copy was repeated for every chunk:
/// about a seventh of the time with chunks of 32 rows. Packed here once per call, in the order and layout the
/// strips read (<see cref="StripPlan"/>), every chunk's product reads the packed strips instead. The values are the
/// same floats in the same order, so the results are the same bits.</para>
/// <para>Use: <see cref="Pack"/>, then <see cref="Use"/> on each thread that runs the products, for the duration of
/// the pass. A product finds its kernel by reference (the very float of <c>Parameters</c> it starts at) and shape;
/// any other product (training's, whose weights change every step) packs as before. Allocated once per model, on its
/// first batch prediction or evaluation (or at the start of a Fit with validation data): as many floats as its kernels,
/// plus a few registers of columns per layer.</para>
/// </remarks>
internal sealed unsafe class PackedKernels
{
    [ThreadStatic] private static PackedKernels? active;

    private readonly float[] parameters;
    private readonly Kernel[] kernels;
    private readonly float[] buffer;  // pinned, so that its aligned start stays put
    private readonly float* start;

    private readonly record struct Kernel(int Offset, int Inner, int Cols, int Lanes, int Start);

    /// <param name="parameters">The model's parameters (the array itself: a product's W is found by reference into it).</param>
    /// <param name="layers">Each Dense layer's kernel: its offset in <paramref name="parameters"/>, inputs and units.</param>
    public PackedKernels(float[] parameters, IEnumerable<(int Offset, int Inner, int Cols)> layers)
    {
        this.parameters = parameters;
        var list = new List<Kernel>();
        int floats = 0;
        foreach ((int offset, int inner, int cols) in layers)
        {
            int lanes = (int)SimdWidths.Fit(SimdWidths.Hardware, cols);
            list.Add(new Kernel(offset, inner, cols, lanes, floats));
            var plan = new StripPlan(cols, lanes);
            while (plan.Next(out _, out int registers, out _)) floats += StripPlan.RegionFloats(inner, registers * lanes);
        }
        kernels = list.ToArray();
        buffer = GC.AllocateArray<float>(floats + 16, pinned: true);
        start = (float*)(((nint)Unsafe.AsPointer(ref buffer[0]) + 63) & ~(nint)63);
    }

    /// <summary>Copies every kernel from the parameters as they are now into its strips.</summary>
    public void Pack()
    {
        foreach (Kernel kernel in kernels)
        {
            float* region = start + kernel.Start;
            var plan = new StripPlan(kernel.Cols, kernel.Lanes);
            while (plan.Next(out int n0, out int registers, out _))
            {
                int width = registers * kernel.Lanes;
                for (int k = 0; k < kernel.Inner; k++)
                    parameters.AsSpan(kernel.Offset + k * kernel.Cols + n0, width).CopyTo(new Span<float>(region + (nint)k * width, width));
                region += StripPlan.RegionFloats(kernel.Inner, width);
            }
        }
    }

    /// <summary>Makes the packed kernels the ones this thread's products use, until the returned scope is disposed.</summary>
    public Scope Use() => new(this);

    /// <summary>The kernels this thread's products use now (null: none, every product packs its own).</summary>
    internal static PackedKernels? Active => active;

    /// <summary>
    /// The packed strips of the kernel that starts at <paramref name="w"/> with this shape and register width, when this
    /// thread uses packed kernels and that is one of them; otherwise a null ref.
    /// </summary>
    internal static ref float Find(ref float w, int inner, int cols, int lanes)
    {
        if (active is { } packed)
            foreach (Kernel kernel in packed.kernels)
                if (kernel.Inner == inner && kernel.Cols == cols && kernel.Lanes == lanes && Unsafe.AreSame(ref w, ref packed.parameters[kernel.Offset]))
                    return ref *(packed.start + kernel.Start);
        return ref Unsafe.NullRef<float>();
    }

    /// <summary>While it lives, this thread's products use a given set of packed kernels; disposing it restores the one before.</summary>
    internal readonly ref struct Scope
    {
        private readonly PackedKernels? previous;

        public Scope(PackedKernels? kernels)
        {
            previous = active;
            active = kernels;
        }

        public void Dispose() => active = previous;
    }
}
