using System;
using SourceGenNet.Kernels;

namespace SourceGenNet
{
    public abstract partial class Network<TTarget>
    {
        private int _trainingThreads = 1;
        private ThreadTeam? _team;

        /// <summary>
        /// Threads that train together (the calling thread included); 1 by default. With more, each step's
        /// heavy operations are shared: the gather of a shuffled batch, the first layer's forward (by batch rows)
        /// and kernel gradient (by the kernel's rows), and the optimizer's update (by contiguous pieces of the
        /// buffers). No operation needs a reduction, so training gives bit-identical weights for every thread count. <see cref="PredictBatch(ReadOnlySpan{float}, Span{float})"/>
        /// and <c>Evaluate</c> share the first layer's forward the same way (same bits too); a single
        /// <c>Predict</c> always runs on the calling thread alone.
        /// </summary>
        /// <remarks>
        /// More than 1 starts <c>TrainingThreads - 1</c> background worker threads on the first step; they spin
        /// for <see cref="ThreadTeam.SpinMilliseconds"/> ms after each piece of work, then park (no CPU) until
        /// the next step. <see cref="Dispose"/> (or setting 1) stops them; a network that is not disposed keeps
        /// its parked workers until the process ends (they are background threads: they never keep it alive).
        /// </remarks>
        public int TrainingThreads
        {
            get => _trainingThreads;
            set
            {
                if (value < 1 || value > 64)
                    throw new ArgumentOutOfRangeException(nameof(TrainingThreads), value, "must be between 1 and 64");
                if (value == _trainingThreads) return;
                _team?.Dispose();
                _team = null;
                _trainingThreads = value;
            }
        }

        /// <summary>The threads the generated passes share their widest layer with; null when training on one thread.</summary>
        protected ThreadTeam? Team => _trainingThreads == 1 ? null : _team ??= new ThreadTeam(_trainingThreads);

        /// <summary>The team if it has started (tests read its workers' allocation counter).</summary>
        internal ThreadTeam? StartedTeam => _team;

        /// <summary>The optimizer's step on every parameter, shared among the training threads.</summary>
        private void ApplyOptimizer()
        {
            if (Team is { } team) team.Apply(Optimizer, _parameters, _gradients);
            else Optimizer.Apply(_parameters, _gradients);
        }

        /// <summary>Stops the worker threads of <see cref="TrainingThreads"/> (if any). The network stays usable; training again restarts them.</summary>
        public void Dispose()
        {
            _team?.Dispose();
            _team = null;
            GC.SuppressFinalize(this);
        }
    }
}
