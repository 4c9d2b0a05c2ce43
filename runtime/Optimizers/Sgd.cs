using System;
using System.Collections.Generic;
using System.Numerics;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// Gradient descent with optional (Nesterov) momentum, as Keras 3's <c>SGD</c>:
    /// <code>
    /// momentum == 0:  w -= lr * g
    /// otherwise:      m  = momentum * m - lr * g          (m starts at 0)
    ///                 w += m                              or, Nesterov:  w += momentum * m - lr * g
    /// </code>
    /// </summary>
    public sealed class Sgd : Optimizer
    {
        private static readonly string[] NoSlots = [];
        private static readonly string[] MomentumSlot = ["momentum"];

        /// <param name="learningRate">Step size, finite and &gt;= 0; Keras' default 0.01.</param>
        /// <param name="momentum">In [0, 1]; 0 is plain gradient descent and keeps no state.</param>
        /// <param name="nesterov">Nesterov momentum (no effect when <paramref name="momentum"/> is 0, as in Keras).</param>
        public Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false)
            : base(learningRate)
        {
            Require.InClosedUnitInterval(momentum, nameof(momentum));
            Momentum = momentum;
            Nesterov = nesterov;
        }

        public float Momentum { get; }

        public bool Nesterov { get; }

        public override string Name => "SGD";

        /// <summary>Keras allocates its momentum slot only when momentum != 0; so do we.</summary>
        public override IReadOnlyList<string> SlotNames => Momentum != 0 ? MomentumSlot : NoSlots;

        private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset)
        {
            if (Momentum == 0)
                UpdateLoop.Run(new PlainRule(LearningRate), parameters, gradients, default, default);
            else
                UpdateLoop.Run(new MomentumRule(LearningRate, Momentum, Nesterov), parameters, gradients, SlotRange(0, offset, parameters.Length), default);
        }

        private protected override string HyperparametersText() =>
            $", momentum={Format(Momentum)}, nesterov={Format(Nesterov)}";

        private readonly struct PlainRule(float learningRate) : IUpdateRule
        {
            private readonly Vector<float> lr = new(learningRate);

            public Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> unused0, ref Vector<float> unused1) => w - g * lr;
        }

        private readonly struct MomentumRule(float learningRate, float momentum, bool nesterov) : IUpdateRule
        {
            private readonly Vector<float> lr = new(learningRate);
            private readonly Vector<float> mu = new(momentum);

            public Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> m, ref Vector<float> unused)
            {
                m = m * mu - g * lr;
                return nesterov ? w + (m * mu - g * lr) : w + m;
            }
        }
    }
}
