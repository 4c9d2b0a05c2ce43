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

            // Whole vectors starting before `last`; the final one may overlap [last, n). Two vectors an
            // iteration: a rule's step is one long dependency chain (Adam's runs through a square root and a
            // division), and two independent chains side by side keep the pipes busier than the out-of-order
            // window manages alone. The rule is copied to a local so its constants are not reloaded through the
            // `in` reference. Adam went from 0.96 to 0.70 ns a parameter and RMSprop from 0.53 to 0.44 (79,510
            // parameters; medians of 6 alternating runs of 41 rounds).
            TRule local = rule;
            nuint width = (nuint)Vector<float>.Count;
            nuint i = 0;
            for (; i + width < last; i += 2 * width)
            {
                Vector<float> a0 = has0 ? Vector.LoadUnsafe(ref s0r, i) : default;
                Vector<float> a1 = has1 ? Vector.LoadUnsafe(ref s1r, i) : default;
                Vector<float> b0 = has0 ? Vector.LoadUnsafe(ref s0r, i + width) : default;
                Vector<float> b1 = has1 ? Vector.LoadUnsafe(ref s1r, i + width) : default;
                Vector<float> wa = local.Step(Vector.LoadUnsafe(ref wr, i), Vector.LoadUnsafe(ref gr, i), ref a0, ref a1);
                Vector<float> wb = local.Step(Vector.LoadUnsafe(ref wr, i + width), Vector.LoadUnsafe(ref gr, i + width), ref b0, ref b1);
                Vector.StoreUnsafe(wa, ref wr, i);
                Vector.StoreUnsafe(wb, ref wr, i + width);
                if (has0)
                {
                    Vector.StoreUnsafe(a0, ref s0r, i);
                    Vector.StoreUnsafe(b0, ref s0r, i + width);
                }
                if (has1)
                {
                    Vector.StoreUnsafe(a1, ref s1r, i);
                    Vector.StoreUnsafe(b1, ref s1r, i + width);
                }
            }
            if (i < last)
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
