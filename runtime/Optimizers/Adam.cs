using System;
using System.Collections.Generic;
using System.Numerics;

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

        private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
        {
            double alpha = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step));
            UpdateLoop.Run(new Rule((float)alpha, Beta1, Beta2, Epsilon), parameters, gradients, Slot(0), Slot(1));
        }

        private protected override string HyperparametersText() =>
            $", beta_1={Format(Beta1)}, beta_2={Format(Beta2)}, epsilon={Format(Epsilon)}";

        private readonly struct Rule(float alpha, float beta1, float beta2, float epsilon) : IUpdateRule
        {
            private readonly Vector<float> alpha = new(alpha);
            private readonly Vector<float> oneMinusBeta1 = new(1 - beta1);
            private readonly Vector<float> oneMinusBeta2 = new(1 - beta2);
            private readonly Vector<float> eps = new(epsilon);

            public Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
            {
                m += (g - m) * oneMinusBeta1;
                v += (g * g - v) * oneMinusBeta2;
                return w - m * alpha / (Vector.SquareRoot(v) + eps);
            }
        }
    }
}
