using System;
using System.Collections.Generic;
using System.Numerics;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// RMSprop as Keras 3's <c>RMSprop</c> without momentum and not centered (its defaults):
    /// <code>
    /// v  = rho * v + (1 - rho) * g²          (v starts at 0)
    /// w -= lr * g / sqrt(v + epsilon)        (epsilon inside the root)
    /// </code>
    /// </summary>
    public sealed class RmsProp : Optimizer
    {
        private static readonly string[] VelocitySlot = ["velocity"];

        /// <param name="learningRate">Step size, finite and &gt;= 0; Keras' default 0.001.</param>
        /// <param name="rho">Discount of the squared-gradient average, in [0, 1).</param>
        /// <param name="epsilon">Added to the average under the root; finite and &gt; 0.</param>
        public RmsProp(float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-7f)
            : base(learningRate)
        {
            Require.InHalfOpenUnitInterval(rho, nameof(rho));
            Require.FinitePositive(epsilon, nameof(epsilon));
            Rho = rho;
            Epsilon = epsilon;
        }

        public float Rho { get; }

        public float Epsilon { get; }

        public override string Name => "RMSprop";

        public override IReadOnlyList<string> SlotNames => VelocitySlot;

        private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset) =>
            UpdateLoop.Run(new Rule(LearningRate, Rho, Epsilon), parameters, gradients, SlotRange(0, offset, parameters.Length), default);

        private protected override string HyperparametersText() =>
            $", rho={Format(Rho)}, epsilon={Format(Epsilon)}";

        private readonly struct Rule(float learningRate, float rho, float epsilon) : IUpdateRule
        {
            private readonly Vector<float> lr = new(learningRate);
            private readonly Vector<float> rho = new(rho);
            private readonly Vector<float> oneMinusRho = new(1 - rho);
            private readonly Vector<float> eps = new(epsilon);

            public Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> v, ref Vector<float> unused)
            {
                v = rho * v + oneMinusRho * (g * g);
                return w - lr * g / Vector.SquareRoot(v + eps);
            }
        }
    }
}
