using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using SourceGenNet.Training;

namespace SourceGenNet
{
    public abstract partial class Network<TTarget>
    {
        /// <summary>
        /// Keras' <c>fit</c>: <paramref name="epochs"/> passes over the data in batches of
        /// <paramref name="batchSize"/>, reshuffled every epoch from <paramref name="seed"/> when
        /// <paramref name="shuffle"/> is on; the last batch of an epoch may be smaller.
        /// Buffers are allocated once here, not per step.
        /// </summary>
        /// <param name="inputs">samples x <see cref="InputSize"/> floats, row-major.</param>
        /// <param name="targets">samples x <see cref="TargetsPerSample"/> targets.</param>
        /// <param name="epochs">Passes over the data.</param>
        /// <param name="batchSize">Samples per step (Keras' default 32).</param>
        /// <param name="shuffle">Reshuffle the samples before every epoch.</param>
        /// <param name="seed">Seed of the shuffles: the same seed gives the same batches.</param>
        /// <param name="validationData">Evaluated after every epoch (Keras' <c>validation_data</c>).</param>
        /// <param name="onProgress">Called after every step and at every epoch's end.</param>
        /// <param name="cancellationToken">
        /// Checked between steps: a cancelled fit stops after a whole step and throws <see cref="OperationCanceledException"/>;
        /// the model keeps the weights and optimizer state of the last whole step (callbacks' OnTrainEnd does not run).
        /// </param>
        /// <param name="callbacks">Called between epochs (Keras' <c>callbacks</c>): <see cref="EarlyStopping"/>, <see cref="ModelCheckpoint"/>, <see cref="TerminateOnNaN"/>.</param>
        /// <param name="validateInputs">
        /// Scan the data once before training: every input (and float target) finite (int labels are always range-checked).
        /// One pass over the data, cheap next to an epoch; turn off only for data already checked.
        /// </param>
        /// <exception cref="NonFiniteLossException">A step's loss was NaN or infinite (and no callback such as <see cref="TerminateOnNaN"/> handled it).</exception>
        public History Fit(
            float[] inputs, TTarget[] targets, int epochs = 1, int batchSize = 32,
            (float[] Inputs, TTarget[] Targets)? validationData = null, bool shuffle = true, long seed = 0,
            Action<TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default,
            IReadOnlyList<Callback>? callbacks = null, bool validateInputs = true)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(targets);
            if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "must not be negative");
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
            int samples = CheckDataset(inputs, targets, nameof(inputs), nameof(targets));
            if (validationData is { } validation)
            {
                ArgumentNullException.ThrowIfNull(validation.Inputs, nameof(validationData) + ".Inputs");
                ArgumentNullException.ThrowIfNull(validation.Targets, nameof(validationData) + ".Targets");
                CheckDataset(validation.Inputs, validation.Targets, nameof(validationData) + ".Inputs", nameof(validationData) + ".Targets");
            }
            if (validateInputs)
            {
                CheckValues(inputs, targets, nameof(inputs), nameof(targets));
                if (validationData is { } checkedValidation)
                    CheckValues(checkedValidation.Inputs, checkedValidation.Targets, nameof(validationData) + ".Inputs", nameof(validationData) + ".Targets");
            }
            Callback[] hooks = callbacks is null ? [] : [.. callbacks];
            for (int i = 0; i < hooks.Length; i++)
                if (hooks[i] is null) throw new ArgumentException($"callbacks[{i}] is null", nameof(callbacks));
            var context = new TrainingContext(this, epochs, validationData is not null);

            EnsureBatchCapacity(Math.Min(batchSize, samples));
            // Validation after every epoch reads the packed kernels: made now, with Fit's other buffers, not between epochs.
            if (validationData is not null) _ = PackedKernels;
            int steps = (samples + batchSize - 1) / batchSize;
            int[] order = new int[samples];
            for (int i = 0; i < samples; i++) order[i] = i;
            var random = new SeededRandom(seed);
            // Shuffled batches are gathered into these; unshuffled ones are read in place.
            float[] batchInputs = shuffle ? new float[Math.Min(batchSize, samples) * InputSize] : Array.Empty<float>();
            TTarget[] batchTargets = shuffle ? new TTarget[Math.Min(batchSize, samples) * TargetsPerSample] : Array.Empty<TTarget>();

            var history = new History();
            var clock = new Stopwatch();
            foreach (Callback hook in hooks) hook.OnTrainBegin(context);
            for (int epoch = 1; epoch <= epochs && !context.StopTraining; epoch++)
            {
                if (shuffle) random.Shuffle(order);
                clock.Restart();
                BatchMetrics epochMetrics = default;
                for (int step = 0; step < steps; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int first = step * batchSize;
                    int batch = Math.Min(batchSize, samples - first);
                    // A step whose loss is not finite is not applied (TrainStep leaves the model as it was).
                    BatchMetrics stepMetrics = shuffle
                        ? TrainStep(GatherInputs(inputs, order, first, batch, batchInputs),
                                    Gather(targets, order, first, batch, TargetsPerSample, batchTargets))
                        : TrainStep(inputs.AsSpan(first * InputSize, batch * InputSize),
                                    targets.AsSpan(first * TargetsPerSample, batch * TargetsPerSample));
                    if (!double.IsFinite(stepMetrics.LossSum))
                    {
                        if (!AnyHandlesNonFiniteLoss(hooks, context, epoch, step + 1, stepMetrics.Loss))
                            throw new NonFiniteLossException(epoch, step + 1, stepMetrics.Loss, history);
                        context.StopTraining = true;
                        break;
                    }
                    epochMetrics += stepMetrics;
                    onProgress?.Invoke(new TrainingProgress(epoch, epochs, step + 1, steps, epochMetrics.Loss,
                        epochMetrics.Accuracy, clock.Elapsed.TotalSeconds, IsEpochEnd: false, double.NaN, double.NaN));
                }
                if (context.StopTraining) break; // a non-finite loss ended the epoch early: it is not recorded
                double seconds = clock.Elapsed.TotalSeconds;
                history.Loss.Add(epochMetrics.Loss);
                history.Accuracy.Add(epochMetrics.Accuracy);
                history.EpochSeconds.Add(seconds);
                double valLoss = double.NaN, valAccuracy = double.NaN;
                if (validationData is { } data)
                {
                    EvaluationResult result = Evaluate(data.Inputs, data.Targets, batchSize);
                    (valLoss, valAccuracy) = (result.Loss, result.Accuracy);
                    history.ValLoss.Add(valLoss);
                    history.ValAccuracy.Add(valAccuracy);
                }
                onProgress?.Invoke(new TrainingProgress(epoch, epochs, steps, steps, epochMetrics.Loss,
                    epochMetrics.Accuracy, seconds, IsEpochEnd: true, valLoss, valAccuracy));
                var logs = new EpochLogs(epoch, epochMetrics.Loss, epochMetrics.Accuracy, valLoss, valAccuracy);
                foreach (Callback hook in hooks) hook.OnEpochEnd(context, logs);
            }
            foreach (Callback hook in hooks) hook.OnTrainEnd(context);
            return history;
        }

        private static bool AnyHandlesNonFiniteLoss(Callback[] hooks, TrainingContext context, int epoch, int step, double loss)
        {
            bool handled = false;
            foreach (Callback hook in hooks) handled |= hook.OnNonFiniteLoss(context, epoch, step, loss);
            return handled;
        }

        /// <summary>Fit's one pass over the data: finite inputs and float targets (int labels are range-checked by CheckDataset).</summary>
        private void CheckValues(float[] inputs, TTarget[] targets, string inputsName, string targetsName)
        {
            int bad = Kernels.FiniteValues.FirstNonFinite(inputs);
            if (bad >= 0)
                throw new ArgumentException(
                    $"{inputsName}[{bad}] (sample {bad / InputSize}, feature {bad % InputSize}) is {inputs[bad]}; every input must be finite", inputsName);
            if (typeof(TTarget) == typeof(float))
            {
                ReadOnlySpan<float> values = MemoryMarshal.Cast<TTarget, float>(targets);
                bad = Kernels.FiniteValues.FirstNonFinite(values);
                if (bad >= 0)
                    throw new ArgumentException(
                        $"{targetsName}[{bad}] (sample {bad / TargetsPerSample}) is {values[bad]}; every target must be finite", targetsName);
            }
        }

        /// <summary>Keras' <c>evaluate</c>: mean loss and accuracy over every sample, in batches of <paramref name="batchSize"/>.</summary>
        public EvaluationResult Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets, int batchSize = 32)
        {
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
            int samples = CheckDataset(inputs, targets, nameof(inputs), nameof(targets));
            int chunk = Math.Min(batchSize, MaxBatchSize);
            BatchMetrics total = default;
            using var kernels = PackKernelsFor(samples);
            for (int first = 0; first < samples; first += chunk)
            {
                int batch = Math.Min(chunk, samples - first);
                total += TestStep(inputs.Slice(first * InputSize, batch * InputSize),
                                  targets.Slice(first * TargetsPerSample, batch * TargetsPerSample));
            }
            return new EvaluationResult(total.Loss, total.Accuracy);
        }

        private int CheckDataset(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets, string inputsName, string targetsName)
        {
            int samples = CheckInputs(inputs, inputsName);
            if (targets.Length != samples * TargetsPerSample)
                throw new ArgumentException(
                    $"{samples} samples need {samples * TargetsPerSample} targets ({TargetsPerSample} per sample), got {targets.Length}",
                    targetsName);
            CheckLabels(targets, targetsName);
            return samples;
        }

        /// <summary>Gathers a shuffled batch: the inputs shared among the training threads (when there are several), the targets on this one.</summary>
        private ReadOnlySpan<float> GatherInputs(float[] source, int[] order, int first, int batch, float[] destination)
        {
            if (Team is { } team)
                team.Gather(source, order, first, batch, InputSize, destination);
            else
                Kernels.RowGather.Rows(source, order.AsSpan(first, batch), InputSize, destination);
            return destination.AsSpan(0, batch * InputSize);
        }

        private static ReadOnlySpan<T> Gather<T>(T[] source, int[] order, int first, int batch, int width, T[] destination)
        {
            for (int row = 0; row < batch; row++)
                source.AsSpan(order[first + row] * width, width).CopyTo(destination.AsSpan(row * width, width));
            return destination.AsSpan(0, batch * width);
        }
    }
}
