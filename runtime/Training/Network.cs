using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet
{
    /// <summary>
    /// What every generated network shares: one flat parameter buffer and one gradient buffer of
    /// the same layout, the optimizer, the training step, prediction, <c>Fit</c>, <c>Evaluate</c>
    /// and <c>Summary</c>. The generated subclass supplies the layers: constants, initialisation,
    /// and the forward and backward passes for its exact topology.
    /// </summary>
    /// <typeparam name="TTarget">
    /// What one training target is made of: <see cref="int"/> class labels for sparse categorical
    /// cross-entropy, <see cref="float"/> values (one per output unit) for every other loss.
    /// </typeparam>
    public abstract partial class Network<TTarget> : INetwork, IDisposable, Kernels.IBatchForward, Kernels.IRowWork, Kernels.ICarriedWork where TTarget : unmanaged
    {
        private readonly float[] _parameters;
        private readonly float[] _gradients;
        private Optimizer? _optimizer;
        private Kernels.PackedKernels? _packedKernels;

        /// <summary>Called by the generated constructor with the topology's constants.</summary>
        protected Network(int parameterCount, int inputSize, int outputSize, int targetsPerSample, int maxBatchSize)
        {
            if (maxBatchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(maxBatchSize), maxBatchSize, "the largest batch must be at least 1");
            ParameterCount = parameterCount;
            InputSize = inputSize;
            OutputSize = outputSize;
            TargetsPerSample = targetsPerSample;
            MaxBatchSize = maxBatchSize;
            _parameters = new float[parameterCount];
            _gradients = new float[parameterCount];
        }

        /// <summary>The model's name, as <see cref="Summary"/> shows it.</summary>
        public string Name { get; private set; } = "";

        /// <summary>The Dense layers in order, with their names and where their weights sit in <see cref="Parameters"/>.</summary>
        public IReadOnlyList<DenseLayer> Layers { get; private set; } = Array.Empty<DenseLayer>();

        /// <summary>The name of the Flatten layer in front, or null when the input has one dimension.</summary>
        public string? FlattenName { get; private set; }

        /// <summary>Floats in one input sample (the flattened input shape).</summary>
        public int InputSize { get; }

        /// <summary>Units of the last layer.</summary>
        public int OutputSize { get; }

        /// <summary>Targets per sample: 1 class label, or one value per output unit.</summary>
        public int TargetsPerSample { get; }

        /// <summary>Trainable parameters, all in <see cref="Parameters"/>.</summary>
        public int ParameterCount { get; }

        /// <summary>The largest batch the activation buffers hold; see <see cref="EnsureBatchCapacity"/>.</summary>
        public int MaxBatchSize { get; private set; }

        /// <summary>Every weight and bias, layer after layer, at the offsets the generated constants name.</summary>
        public Span<float> Parameters => _parameters;

        /// <summary>The gradient of the last <see cref="ComputeGradients"/>, in the layout of <see cref="Parameters"/>.</summary>
        public ReadOnlySpan<float> Gradients => _gradients;

        /// <summary>
        /// The optimizer <see cref="TrainStep"/> applies. Keras' default, RMSprop, until one is set.
        /// Setting one builds its state for this model.
        /// </summary>
        public Optimizer Optimizer
        {
            get
            {
                if (_optimizer is null)
                {
                    var defaultOptimizer = new RmsProp();
                    defaultOptimizer.Build(ParameterCount);
                    _optimizer = defaultOptimizer;
                }
                return _optimizer;
            }
            set
            {
                ArgumentNullException.ThrowIfNull(value, nameof(Optimizer));
                value.Build(ParameterCount);
                _optimizer = value;
            }
        }

        /// <summary>Keras' <c>compile(optimizer=...)</c>: train with <paramref name="optimizer"/> from now on.</summary>
        public void Compile(Optimizer optimizer) => Optimizer = optimizer;

        /// <summary>Keras' <c>compile(optimizer='adam')</c>: an optimizer by name with Keras' defaults.</summary>
        public void Compile(string optimizer) => Optimizer = Optimizer.FromName(optimizer);

        /// <summary>Grows the activation buffers to hold batches of <paramref name="batchSize"/>; never shrinks them.</summary>
        public void EnsureBatchCapacity(int batchSize)
        {
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
            if (batchSize <= MaxBatchSize) return;
            AllocateActivations(batchSize);
            MaxBatchSize = batchSize;
        }

        /// <summary>
        /// Forward, loss and backward on one batch, leaving the gradient in <see cref="Gradients"/>
        /// (every value written anew) without changing the parameters. Returns the batch's loss and accuracy counts.
        /// </summary>
        public BatchMetrics ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets)
        {
            int batch = CheckBatch(inputs, targets);
            return ForwardBackward(inputs, targets, batch);
        }

        /// <summary>
        /// One training step on one batch: <see cref="ComputeGradients"/>, then the optimizer's update. A batch
        /// whose loss is NaN or infinite is not applied: the parameters and the optimizer stay as they were (the
        /// returned loss says so), as in <c>Fit</c>. Allocates nothing.
        /// </summary>
        public BatchMetrics TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets)
        {
            BatchMetrics metrics = ComputeGradients(inputs, targets);
            if (double.IsFinite(metrics.LossSum)) ApplyOptimizer();
            return metrics;
        }

        /// <summary>Forward and loss on one batch, changing nothing (a step of <c>Evaluate</c>).</summary>
        public BatchMetrics TestStep(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets)
        {
            int batch = CheckBatch(inputs, targets);
            return ForwardLoss(_parameters, inputs, targets, batch);
        }

        /// <summary>Keras' <c>summary()</c> table, in tf.keras 2's layout.</summary>
        public string Summary()
        {
            var rows = new List<SummaryRow>(Layers.Count + 1);
            if (FlattenName is not null)
                rows.Add(new SummaryRow(FlattenName, "Flatten", ModelSummary.OutputShape(InputSize), 0));
            foreach (DenseLayer layer in Layers)
                rows.Add(new SummaryRow(layer.Name, "Dense", ModelSummary.OutputShape(layer.Units), layer.ParameterCount));
            return ModelSummary.Format(Name, rows);
        }

        /// <summary>The shape of one input sample, as <c>[Input(...)]</c> declares it.</summary>
        public IReadOnlyList<int> InputShape { get; private set; } = Array.Empty<int>();

        /// <summary>The loss the model trains with, declared by <c>[Loss]</c> or chosen from the output activation.</summary>
        public LossFunction Loss { get; private set; }

        /// <summary>Called once by the generated constructor: the names given at construction and the declared topology.</summary>
        protected void Describe(string name, IReadOnlyList<DenseLayer> layers, string? flattenName, int[] inputShape, LossFunction loss)
        {
            Name = name;
            Layers = layers;
            FlattenName = flattenName;
            InputShape = inputShape;
            Loss = loss;
        }

        /// <summary>The generated constructor's allocation of every activation buffer for <paramref name="maxBatchSize"/> samples.</summary>
        protected abstract void AllocateActivations(int maxBatchSize);

        /// <summary>
        /// The row-by-row part of a training step, on rows [<paramref name="first"/>, + <paramref name="rows"/>) of a batch of
        /// <paramref name="batch"/>, on the calling thread: every layer's forward, the loss (each sample's into
        /// <paramref name="sampleLosses"/>) and the backward pass down to the first layer's gradient with respect to its
        /// pre-activation. <paramref name="inputs"/>, <paramref name="targets"/> and <paramref name="sampleLosses"/> hold just
        /// these rows; activations and gradients go to these rows of the buffers, so threads given disjoint rows can run at once.
        /// </summary>
        /// <remarks>
        /// With <paramref name="firstProductDone"/>, the first layer's product (bias included, activation not) is already in
        /// its activation buffer for these rows (<see cref="FirstLayerProduct"/>), and the forward starts from there.
        /// </remarks>
        protected abstract BatchMetrics ForwardBackwardRows(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets,
            int first, int rows, int batch, Span<double> sampleLosses, bool firstProductDone);

        /// <summary>
        /// The first layer's product <c>x · W + b</c> for <paramref name="batch"/> samples, into its activation buffer, with the
        /// steps of K shared among <paramref name="team"/>'s threads (<see cref="Kernels.DenseKernels.ForwardByChunks"/>).
        /// </summary>
        protected abstract void FirstLayerProduct(Kernels.ThreadTeam team, ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, int batch);

        /// <summary>
        /// The first layer's kernel and bias gradients from the whole batch's inputs and backward gradient (which
        /// <see cref="ForwardBackwardRows"/> left in its buffer), written into <paramref name="gradients"/>; the kernel
        /// gradient shared by its rows among <paramref name="team"/>'s threads (null: the calling thread alone).
        /// </summary>
        protected abstract void FirstLayerParameterGradients(Kernels.ThreadTeam? team, ReadOnlySpan<float> inputs, int batch, Span<float> gradients);

        /// <summary>
        /// Every other layer's kernel and bias gradients, last layer first, on the calling thread. On several threads they
        /// run on a worker beside its rows of the first layer's kernel gradient (see <c>ParameterGradients</c>).
        /// </summary>
        protected abstract void LaterLayersParameterGradients(int batch, Span<float> gradients);

        /// <summary>Forward and loss for <paramref name="batch"/> samples.</summary>
        protected abstract BatchMetrics ForwardLoss(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets, int batch);

        /// <summary>
        /// Inference on <paramref name="batch"/> samples on the calling thread, writing the last layer into
        /// <paramref name="outputs"/>; the hidden activations go to rows [<paramref name="firstRow"/>, + batch) of the
        /// activation buffers (at most <see cref="MaxBatchSize"/> rows in all), so that threads given disjoint rows can run at once.
        /// </summary>
        protected abstract void ForwardBatch(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, Span<float> outputs, int batch, int firstRow);

        void Kernels.IBatchForward.ForwardRows(ReadOnlySpan<float> inputs, Span<float> outputs, int rows, int firstRow) =>
            ForwardBatch(_parameters, inputs, outputs, rows, firstRow);

        /// <summary>
        /// For a forward-only pass over <paramref name="samples"/> samples in chunks (the weights do not change meanwhile):
        /// every Dense kernel packed once, for every chunk's products to read (<see cref="Kernels.PackedKernels"/>), until
        /// the returned scope is disposed. Fewer than 4 samples take the row kernel, which packs nothing: no scope then.
        /// </summary>
        private Kernels.PackedKernels.Scope PackKernelsFor(int samples)
        {
            if (samples < 4) return new Kernels.PackedKernels.Scope(Kernels.PackedKernels.Active);
            Kernels.PackedKernels kernels = PackedKernels;
            kernels.Pack();
            return kernels.Use();
        }

        /// <summary>
        /// The packed copy of the kernels that batch prediction and evaluation read, made on first use: a model that only
        /// trains and predicts one sample at a time never holds it, and so keeps to its parameters, gradients, optimizer
        /// slots and one batch of activations (for the tutorial's network, 1.30 MB; the copy adds about 330 KB).
        /// </summary>
        private Kernels.PackedKernels PackedKernels =>
            _packedKernels ??= new Kernels.PackedKernels(_parameters, Layers.Select(layer => (layer.KernelOffset, layer.Inputs, layer.Units)));

        private int CheckBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets)
        {
            int batch = CheckInputs(inputs, nameof(inputs));
            if (batch > MaxBatchSize)
                throw new ArgumentException(
                    $"a batch of {batch} samples exceeds MaxBatchSize {MaxBatchSize}: call EnsureBatchCapacity({batch}) or construct the model with a larger maxBatchSize",
                    nameof(inputs));
            if (targets.Length != batch * TargetsPerSample)
                throw new ArgumentException(
                    $"{batch} samples need {batch * TargetsPerSample} targets ({TargetsPerSample} per sample), got {targets.Length}",
                    nameof(targets));
            CheckLabels(targets, nameof(targets));
            return batch;
        }

        /// <summary>
        /// Class labels must lie in [0, OutputSize). Checked up front, so a bad label fails before
        /// any step changes the model (the loss would only find it when its batch arrives).
        /// </summary>
        private void CheckLabels(ReadOnlySpan<TTarget> targets, string targetsName)
        {
            if (typeof(TTarget) != typeof(int)) return; // decided when the JIT compiles: free for float targets
            ReadOnlySpan<int> labels = MemoryMarshal.Cast<TTarget, int>(targets);
            for (int i = 0; i < labels.Length; i++)
                if ((uint)labels[i] >= (uint)OutputSize)
                    throw new ArgumentOutOfRangeException(targetsName, labels[i], $"label of sample {i} is {labels[i]}, outside [0, {OutputSize})");
        }

        private int CheckInputs(ReadOnlySpan<float> inputs, string argumentName)
        {
            if (inputs.IsEmpty)
                throw new ArgumentException("no samples: the input is empty", argumentName);
            if (inputs.Length % InputSize != 0)
                throw new ArgumentException(
                    $"input length {inputs.Length} is not a multiple of the input size {InputSize}", argumentName);
            return inputs.Length / InputSize;
        }
    }
}
