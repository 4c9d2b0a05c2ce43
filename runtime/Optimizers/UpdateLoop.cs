using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// One optimizer rule on one vector of lanes: returns the new parameters and updates up to two
    /// state vectors in place. Lanes are independent (a rule is element-wise), which the loop relies on.
    /// </summary>
    internal interface IUpdateRule
    {
        Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> s0, ref Vector<float> s1);
    }

    /// <summary>
    /// The one loop every optimizer runs: over flat buffers w (parameters), g (gradients) and up to two
    /// state buffers s0, s1 (empty when the rule has fewer), all of the same length, in one pass.
    /// </summary>
    /// <remarks>
    /// Uses <see cref="Vector{T}"/>, the JIT's preferred width (8 floats with AVX2), so each rule is
    /// written once. No scalar tail: the last vector overlaps the one before it. Because the loop
    /// updates in place, that last vector is computed first from the original values and stored last,
    /// so the overlapped lanes end with the very values the main loop wrote. Buffers shorter than a
    /// vector go through one zero-padded vector on the stack. Nothing is allocated.
    /// </remarks>
    internal static class UpdateLoop
    {
        public static void Run<TRule>(in TRule rule, Span<float> w, ReadOnlySpan<float> g, Span<float> s0, Span<float> s1)
            where TRule : struct, IUpdateRule
        {
            int n = w.Length;
            if (g.Length != n || (!s0.IsEmpty && s0.Length != n) || (!s1.IsEmpty && s1.Length != n))
                throw new ArgumentException("The parameter, gradient and state buffers must have the same length.");
            if (n == 0) return;
            if (n < Vector<float>.Count)
            {
                RunPadded(rule, w, g, s0, s1);
                return;
            }

            bool has0 = !s0.IsEmpty, has1 = !s1.IsEmpty;
            ref float wr = ref MemoryMarshal.GetReference(w);
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float s0r = ref MemoryMarshal.GetReference(s0);
            ref float s1r = ref MemoryMarshal.GetReference(s1);

            // The last vector, [n - width, n), from the original values; stored after the loop.
            nuint last = (nuint)(n - Vector<float>.Count);
            Vector<float> lastS0 = has0 ? Vector.LoadUnsafe(ref s0r, last) : default;
            Vector<float> lastS1 = has1 ? Vector.LoadUnsafe(ref s1r, last) : default;
            Vector<float> lastW = rule.Step(Vector.LoadUnsafe(ref wr, last), Vector.LoadUnsafe(ref gr, last), ref lastS0, ref lastS1);

            // Whole vectors starting before `last`; the final one may overlap [last, n). The rule is copied
            // to a local so that its constants stay in registers instead of being reloaded through the `in`
            // reference every vector.
            TRule local = rule;
            for (nuint i = 0; i < last; i += (nuint)Vector<float>.Count)
            {
                Vector<float> m0 = has0 ? Vector.LoadUnsafe(ref s0r, i) : default;
                Vector<float> m1 = has1 ? Vector.LoadUnsafe(ref s1r, i) : default;
                Vector.StoreUnsafe(local.Step(Vector.LoadUnsafe(ref wr, i), Vector.LoadUnsafe(ref gr, i), ref m0, ref m1), ref wr, i);
                if (has0) Vector.StoreUnsafe(m0, ref s0r, i);
                if (has1) Vector.StoreUnsafe(m1, ref s1r, i);
            }

            Vector.StoreUnsafe(lastW, ref wr, last);
            if (has0) Vector.StoreUnsafe(lastS0, ref s0r, last);
            if (has1) Vector.StoreUnsafe(lastS1, ref s1r, last);
        }

        /// <summary>Fewer than one vector of values: copy into zero-padded vectors, step once, copy back.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RunPadded<TRule>(in TRule rule, Span<float> w, ReadOnlySpan<float> g, Span<float> s0, Span<float> s1)
            where TRule : struct, IUpdateRule
        {
            int n = w.Length, width = Vector<float>.Count;
            Span<float> pad = stackalloc float[4 * width];
            pad.Clear();
            Span<float> pw = pad.Slice(0, width), pg = pad.Slice(width, width), p0 = pad.Slice(2 * width, width), p1 = pad.Slice(3 * width, width);
            w.CopyTo(pw);
            g.CopyTo(pg);
            s0.CopyTo(p0);
            s1.CopyTo(p1);

            Vector<float> v0 = new(p0), v1 = new(p1);
            Vector<float> vw = rule.Step(new Vector<float>(pw), new Vector<float>(pg), ref v0, ref v1);
            vw.CopyTo(pw);
            v0.CopyTo(p0);
            v1.CopyTo(p1);

            pw.Slice(0, n).CopyTo(w);
            if (!s0.IsEmpty) p0.Slice(0, n).CopyTo(s0);
            if (!s1.IsEmpty) p1.Slice(0, n).CopyTo(s1);
        }
    }
}
