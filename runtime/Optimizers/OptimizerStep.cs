using System;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// One optimizer step, begun (<see cref="Optimizer.BeginStep"/>) and applied piece by piece during the
    /// backward pass: the generated code hands each piece of the parameters to <see cref="Apply"/> as soon as
    /// its gradient is final and nothing later in the pass reads those weights. The first layer's kernel is
    /// stepped block of rows by block of rows inside its gradient kernel, while the block's weights, gradient
    /// and optimizer state are in the core's cache; a separate sweep of the optimizer over every buffer after
    /// the pass (the slowest phase of a step, memory-bound) is gone.
    /// </summary>
    /// <remarks>
    /// The rules are element-wise, so stepping the pieces in this order gives the very bits of one
    /// <see cref="Optimizer.Apply"/> after the whole backward pass. The default value is no step: every
    /// <see cref="Apply"/> does nothing (computing gradients only). Allocates nothing.
    /// </remarks>
    public readonly struct OptimizerStep
    {
        private readonly Optimizer? _optimizer;
        private readonly float[]? _parameters;
        private readonly float[]? _gradients;

        /// <summary>Begins one step of <paramref name="optimizer"/> (building it for the buffers if needed) on <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
        /// <exception cref="ArgumentException">The buffers differ in length, or the optimizer is built for another length.</exception>
        public static OptimizerStep Begin(Optimizer optimizer, float[] parameters, float[] gradients)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            ArgumentNullException.ThrowIfNull(parameters);
            ArgumentNullException.ThrowIfNull(gradients);
            if (parameters.Length != gradients.Length)
                throw new ArgumentException($"{parameters.Length} parameters but {gradients.Length} gradients.", nameof(gradients));
            optimizer.Build(parameters.Length);
            optimizer.BeginStep();
            return new OptimizerStep(optimizer, parameters, gradients);
        }

        private OptimizerStep(Optimizer optimizer, float[] parameters, float[] gradients)
        {
            _optimizer = optimizer;
            _parameters = parameters;
            _gradients = gradients;
        }

        /// <summary>False for the default value, which steps nothing.</summary>
        public bool IsActive => _optimizer is not null;

        /// <summary>
        /// Steps parameters [<paramref name="start"/> .. +<paramref name="length"/>) from the gradients at the same
        /// offsets. Each parameter must be stepped exactly once per step; disjoint pieces may run on several threads at once.
        /// </summary>
        public void Apply(int start, int length)
        {
            if (_optimizer is null || length == 0) return;
            _optimizer.ApplyRange(_parameters, _gradients, start, length);
        }
    }
}
