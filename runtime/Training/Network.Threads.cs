using System;
using SourceGenNet.Kernels;
using SourceGenNet.Training;

namespace SourceGenNet
{
    public abstract unsafe partial class Network<TTarget>
    {
        private int _trainingThreads = 1;
        private ThreadTeam? _team;

        /// <summary>
        /// Threads that train together (the calling thread included); 1 by default. With more, each step is
        /// shared: the gather of a shuffled batch; the first layer's product by its K chunks (each thread's from
        /// its own rows of the kernel, the partial sums added in chunk order as one thread adds them); everything
        /// else that goes row by row (the rest of the forward, the loss, every layer's input gradient) by batch
        /// rows; the first layer's kernel gradient by the kernel's rows; and the optimizer's update by contiguous
        /// pieces of the buffers. Nothing is reduced in another order than one thread's (the batch's loss adds its
        /// samples' losses in order), so training gives bit-identical weights and losses for every thread count.
        /// <see cref="PredictBatch(ReadOnlySpan{float}, Span{float})"/> shares the rows of each chunk, and
        /// <c>Evaluate</c> the first layer's forward (same bits too); a single <c>Predict</c> always runs on the
        /// calling thread alone.
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

        // The step whose work the training threads share (ForwardBackward): its batch size (read by the row pieces and the
        // carried parameter gradients); its buffers, pinned for the length of the hand-off, since spans cannot cross
        // threads; each thread's counts; every sample's loss.
        private float* _stepInputs;
        private TTarget* _stepTargets;
        private int _stepBatch;
        private bool _stepFirstProductDone;
        private BatchMetrics[] _pieceMetrics = [];
        private double[] _sampleLosses = [];

        /// <summary>
        /// Forward, loss and backward for <paramref name="batch"/> samples, writing every value of the gradient buffer.
        /// First everything that goes row by row (<see cref="ForwardBackwardRows"/>: forward, loss, every layer's input
        /// gradient), shared by batch rows among the training threads; then the parameter gradients, which need the
        /// whole batch (<see cref="ParameterGradients"/>). The batch's loss is its samples' losses added in order, as
        /// one thread adds them, so every thread count gives the same bits.
        /// </summary>
        private BatchMetrics ForwardBackward(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets, int batch)
        {
            if (_sampleLosses.Length < batch) _sampleLosses = new double[Math.Max(batch, MaxBatchSize)];
            _stepBatch = batch;
            ThreadTeam? team = Team;
            BatchMetrics counts;
            if (team is not null && ThreadTeam.RowPiece(batch, team.Threads, 1).Count > 0)
            {
                // The first layer's product first, split by K rather than by rows (see DenseKernels.ForwardByChunks): each
                // core then reads mostly the rows of W1 it updated itself, instead of copying all of W1 for its rows. In-process
                // A/B of 2-thread training steps (docs/benchmarks.md, sixth session): 1.07x in a fast phase, 1.58-1.69x in
                // slow ones, 1.06x with another process busy on the second vCPU.
                DenseLayer firstLayer = Layers[0];
                bool firstProductDone = DenseKernels.SplitsByChunks(team, batch, firstLayer.Inputs, firstLayer.Units);
                if (firstProductDone) FirstLayerProduct(team, _parameters, inputs, batch);
                counts = SharedForwardBackwardRows(team, inputs, targets, batch, firstProductDone);
            }
            else
            {
                counts = ForwardBackwardRows(_parameters, inputs, targets, 0, batch, batch, _sampleLosses.AsSpan(0, batch), firstProductDone: false);
            }
            double lossSum = 0;
            foreach (double loss in _sampleLosses.AsSpan(0, batch)) lossSum += loss;
            ParameterGradients(team, inputs, batch);
            return counts with { LossSum = lossSum };
        }

        /// <summary>
        /// Every layer's parameter gradients. On one thread, the later layers' and then the first layer's. On several, the
        /// later layers' travel with the first layer's kernel gradient (<see cref="ThreadTeam.CarriedWork"/>) and run on
        /// its last piece's thread after that thread's rows of W1, instead of on the caller before the hand-off while the
        /// worker waits.
        /// Each gradient is the same kernel call on the same values either way, so the bits do not change.
        /// </summary>
        private void ParameterGradients(ThreadTeam? team, ReadOnlySpan<float> inputs, int batch)
        {
            if (team is null || Layers.Count == 1)
            {
                LaterLayersParameterGradients(batch, _gradients);
                FirstLayerParameterGradients(team, inputs, batch, _gradients);
                return;
            }
            team.CarriedWork = this;
            bool carried;
            try
            {
                FirstLayerParameterGradients(team, inputs, batch, _gradients);
            }
            finally
            {
                carried = team.CarriedWork is null;  // the shared kernel gradient took it (a small one runs on the caller alone)
                team.CarriedWork = null;
            }
            if (!carried) LaterLayersParameterGradients(batch, _gradients);
        }

        void ICarriedWork.Run() => LaterLayersParameterGradients(_stepBatch, _gradients);

        private BatchMetrics SharedForwardBackwardRows(ThreadTeam team, ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets, int batch, bool firstProductDone)
        {
            if (_pieceMetrics.Length < team.Threads) _pieceMetrics = new BatchMetrics[team.Threads];
            fixed (float* x = inputs)
            fixed (TTarget* t = targets)
            {
                _stepInputs = x;
                _stepTargets = t;
                _stepFirstProductDone = firstProductDone;
                try
                {
                    team.ForRows(this, batch);
                }
                finally
                {
                    _stepInputs = null;
                    _stepTargets = null;
                }
            }
            BatchMetrics sum = default;
            for (int piece = 0; piece < team.Threads; piece++)
            {
                sum += _pieceMetrics[piece];
                _pieceMetrics[piece] = default;
            }
            return sum;
        }

        void IRowWork.Rows(int piece, int first, int count) =>
            _pieceMetrics[piece] = ForwardBackwardRows(_parameters,
                new ReadOnlySpan<float>(_stepInputs + (nint)first * InputSize, count * InputSize),
                new ReadOnlySpan<TTarget>(_stepTargets + (nint)first * TargetsPerSample, count * TargetsPerSample),
                first, count, _stepBatch, _sampleLosses.AsSpan(first, count), _stepFirstProductDone);

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
