using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// Adam as Keras 3's <c>Adam</c> (amsgrad off), bias correction folded into the step size:
    /// <code>
    /// t     = iterations + 1
    /// alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)       (once per step, in double)
    /// m    += (g  - m) * (1 - beta1)                       (m, v start at 0)
    /// v    += (g² - v) * (1 - beta2)
    /// w    -= alpha * m / (sqrt(v) + epsilon)              (epsilon outside the root)
    /// </code>
    /// The moments are computed as <c>beta1 m + (1 - beta1) g</c> and <c>beta2 v + (1 - beta2) g²</c>, the same
    /// values, each ending in one fused multiply-add where the hardware has FMA (one rounding fewer, and
    /// three vector operations fewer a step: Adam is a sixth of a training step).
    /// </summary>
    public sealed class Adam : Optimizer
    {
        private static readonly string[] MomentSlots = ["momentum", "velocity"];

        /// <param name="learningRate">Step size, finite and &gt;= 0; Keras' default 0.001.</param>
        /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
        /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
        /// <param name="epsilon">Added to the root of the second moment ("epsilon hat"); finite and &gt; 0.</param>
        public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f)
            : base(learningRate)
        {
            Require.InHalfOpenUnitInterval(beta1, nameof(beta1));
            Require.InHalfOpenUnitInterval(beta2, nameof(beta2));
            Require.FinitePositive(epsilon, nameof(epsilon));
            Beta1 = beta1;
            Beta2 = beta2;
            Epsilon = epsilon;
        }

        public float Beta1 { get; }

        public float Beta2 { get; }

        public float Epsilon { get; }

        public override string Name => "Adam";

        public override IReadOnlyList<string> SlotNames => MomentSlots;

        /// <summary>This step's <c>alpha</c>, set by <see cref="PrepareStep"/> and read by every range of the step.</summary>
        private float stepAlpha;

        private protected override void PrepareStep(long step) =>
            stepAlpha = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)));

        private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset) =>
            UpdateLoop.Run(new Rule(stepAlpha, Beta1, Beta2, Epsilon), parameters, gradients,
                SlotRange(0, offset, parameters.Length), SlotRange(1, offset, parameters.Length));

        private protected override string HyperparametersText() =>
            $", beta_1={Format(Beta1)}, beta_2={Format(Beta2)}, epsilon={Format(Epsilon)}";

        private readonly struct Rule(float alpha, float beta1, float beta2, float epsilon) : IUpdateRule
        {
            private readonly Vector<float> minusAlpha = new(-alpha);
            private readonly Vector<float> beta1 = new(beta1);
            private readonly Vector<float> beta2 = new(beta2);
            private readonly Vector<float> oneMinusBeta1 = new(1 - beta1);
            private readonly Vector<float> oneMinusBeta2 = new(1 - beta2);
            private readonly Vector<float> eps = new(epsilon);

            public Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
            {
                m = FlushSubnormals(Vector.MultiplyAddEstimate(m, beta1, g * oneMinusBeta1));
                v = FlushSubnormals(Vector.MultiplyAddEstimate(v, beta2, g * oneMinusBeta2 * g));
                return Vector.MultiplyAddEstimate(m * minusAlpha, AdamMath.InverseRootPlusEpsilon(v, eps), w);
            }

            // Subnormal moments: where a gradient stays 0 (an always-black pixel's weights), m decays by
            // beta1 and v by beta2 every step into the subnormal range, and there they stick (m - 0.1 m rounds
            // back to m), making every later step on them several times slower. TensorFlow, and so Keras on
            // CPU, runs with flush-to-zero on; .NET has no such switch, so the rule flushes its two moments
            // itself: a moment below float's smallest normal (1.2e-38) becomes 0. NaN is kept (the compare
            // is false for it).
            private static Vector<float> FlushSubnormals(Vector<float> x) =>
                Vector.AndNot(x, Vector.LessThan(Vector.Abs(x), new Vector<float>(AdamMath.SmallestNormal)).As<int, float>());
        }
    }

    /// <summary>The expensive part of Adam's step, <c>1 / (sqrt(v) + epsilon)</c>, with a fast path and its exact twin.</summary>
    internal static class AdamMath
    {
        /// <summary>float's smallest normal value, 2^-126.</summary>
        public const float SmallestNormal = 1.17549435e-38f;

        /// <summary>
        /// <c>1 / (sqrt(v) + epsilon)</c> for <c>v &gt;= 0</c>. With AVX: the hardware's 12-bit estimates
        /// of 1/sqrt and of 1/x (one instruction each, pipelined) with one Newton step each, about 2e-7
        /// relative error (a few float ulps), instead of sqrt and divide (about 17 cycles a vector between
        /// them on the development machine's Zen 3, not pipelined). Otherwise <see cref="Exact"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> InverseRootPlusEpsilon(Vector<float> v, Vector<float> epsilon)
        {
            if (Vector<float>.Count == Vector256<float>.Count && Fma.IsSupported)
            {
                Vector256<float> v8 = v.AsVector256();
                // 1/sqrt(v), refined: y = y (1.5 - 0.5 v y²). v = 0 is clamped (the estimate of 1/sqrt(0) is
                // infinite, and 0 * inf is NaN) and then gives sqrt(v) = v * y = 0 exactly; NaN stays NaN.
                Vector256<float> clamped = Avx.Max(v8, Vector256.Create(SmallestNormal));
                Vector256<float> y = Avx.ReciprocalSqrt(clamped);
                Vector256<float> halfVy = clamped * Vector256.Create(0.5f) * y;
                y *= Fma.MultiplyAddNegated(halfVy, y, Vector256.Create(1.5f));
                Vector256<float> d = Fma.MultiplyAdd(v8, y, epsilon.AsVector256());   // sqrt(v) + epsilon
                // 1/d, refined: r = r (2 - d r).
                Vector256<float> r = Avx.Reciprocal(d);
                r *= Fma.MultiplyAddNegated(d, r, Vector256.Create(2f));
                return r.AsVector();
            }
            return Exact(v, epsilon);
        }

        /// <summary>The exact twin: <c>1 / (sqrt(v) + epsilon)</c> with IEEE sqrt and divide.</summary>
        public static Vector<float> Exact(Vector<float> v, Vector<float> epsilon) =>
            Vector<float>.One / (Vector.SquareRoot(v) + epsilon);
    }
}

