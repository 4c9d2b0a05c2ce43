using System;
using System.Collections.Generic;
using System.Numerics;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// Adagrad as Keras 3's <c>Adagrad</c>:
    /// <code>
    /// acc += g²                              (acc starts at initialAccumulatorValue)
    /// w   -= lr * g / sqrt(acc + epsilon)    (epsilon inside the root)
    /// </code>
    /// </summary>
    public sealed class Adagrad : Optimizer
    {
        private static readonly string[] AccumulatorSlot = ["accumulator"];

        /// <param name="learningRate">Step size, finite and &gt;= 0; Keras' default 0.001.</param>
        /// <param name="initialAccumulatorValue">Where every accumulator starts; finite and &gt;= 0.</param>
        /// <param name="epsilon">Added to the accumulator under the root; finite and &gt; 0.</param>
        public Adagrad(float learningRate = 0.001f, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f)
            : base(learningRate)
        {
            Require.FiniteAtLeastZero(initialAccumulatorValue, nameof(initialAccumulatorValue));
            Require.FinitePositive(epsilon, nameof(epsilon));
            InitialAccumulatorValue = initialAccumulatorValue;
            Epsilon = epsilon;
        }

        public float InitialAccumulatorValue { get; }

        public float Epsilon { get; }

        public override string Name => "Adagrad";

        public override IReadOnlyList<string> SlotNames => AccumulatorSlot;

        private protected override float InitialSlotValue(int slot) => InitialAccumulatorValue;

        private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset) =>
            UpdateLoop.Run(new Rule(LearningRate, Epsilon), parameters, gradients, SlotRange(0, offset, parameters.Length), default);

        private protected override string HyperparametersText() =>
            $", initial_accumulator_value={Format(InitialAccumulatorValue)}, epsilon={Format(Epsilon)}";

        private readonly struct Rule(float learningRate, float epsilon) : IUpdateRule
        {
            private readonly Vector<float> lr = new(learningRate);
            private readonly Vector<float> eps = new(epsilon);

            public Vector<float> Step(Vector<float> w, Vector<float> g, ref Vector<float> acc, ref Vector<float> unused)
            {
                acc += g * g;
                return w - lr * g / Vector.SquareRoot(acc + eps);
            }
        }
    }
}
