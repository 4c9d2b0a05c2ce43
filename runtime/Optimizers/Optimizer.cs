using System;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// An optimizer updates one flat parameter buffer from the gradient buffer of the same layout.
    /// It knows nothing about layers. Its per-parameter state (momentum, moments, accumulators)
    /// lives in flat slot buffers of the same length, allocated once by <see cref="Build"/>.
    /// STUB: the optimizers work package replaces this file.
    /// </summary>
    public abstract class Optimizer
    {
        protected Optimizer(float learningRate) => LearningRate = learningRate;

        /// <summary>The step size.</summary>
        public float LearningRate { get; set; }

        /// <summary>How many steps have been applied (Keras' <c>optimizer.iterations</c>).</summary>
        public long Iterations { get; protected set; }

        /// <summary>Allocates the state for <paramref name="parameterCount"/> parameters.</summary>
        public virtual void Build(int parameterCount) => throw new NotImplementedException();

        /// <summary>Applies one update: <paramref name="parameters"/> -= step(<paramref name="gradients"/>).</summary>
        public virtual void Apply(Span<float> parameters, ReadOnlySpan<float> gradients) => throw new NotImplementedException();

        public static Optimizer FromName(string name) => name == "sgd" ? new StubSgd() : new RmsProp();
    }
}
