using System;
using System.Diagnostics;
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
        /// <param name="cancellationToken">Checked between steps: a cancelled fit stops after a whole step and throws <see cref="OperationCanceledException"/>.</param>
        public History Fit(
            float[] inputs, TTarget[] targets, int epochs = 1, int batchSize = 32,
            (float[] Inputs, TTarget[] Targets)? validationData = null, bool shuffle = true, long seed = 0,
            Action<TrainingProgress>? onProgress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(targets);
            if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "must not be negative");
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
            int samples = CheckDataset(inputs, targets, nameof(inputs), nameof(targets));
            if (validationData is { } validation)
                CheckDataset(validation.Inputs, validation.Targets, nameof(validationData) + ".Inputs", nameof(validationData) + ".Targets");

            EnsureBatchCapacity(Math.Min(batchSize, samples));
            int steps = (samples + batchSize - 1) / batchSize;
            int[] order = new int[samples];
            for (int i = 0; i < samples; i++) order[i] = i;
            var random = new SeededRandom(seed);
            // Shuffled batches are gathered into these; unshuffled ones are read in place.
            float[] batchInputs = shuffle ? new float[Math.Min(batchSize, samples) * InputSize] : Array.Empty<float>();
            TTarget[] batchTargets = shuffle ? new TTarget[Math.Min(batchSize, samples) * TargetsPerSample] : Array.Empty<TTarget>();

            var history = new History();
            var clock = new Stopwatch();
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                if (shuffle) random.Shuffle(order);
                clock.Restart();
                BatchMetrics epochMetrics = default;
                for (int step = 0; step < steps; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int first = step * batchSize;
                    int batch = Math.Min(batchSize, samples - first);
                    BatchMetrics stepMetrics = shuffle
                        ? TrainStep(Gather(inputs, order, first, batch, InputSize, batchInputs),
                                    Gather(targets, order, first, batch, TargetsPerSample, batchTargets))
                        : TrainStep(inputs.AsSpan(first * InputSize, batch * InputSize),
                                    targets.AsSpan(first * TargetsPerSample, batch * TargetsPerSample));
                    epochMetrics += stepMetrics;
                    onProgress?.Invoke(new TrainingProgress(epoch, epochs, step + 1, steps, epochMetrics.Loss,
                        epochMetrics.Accuracy, clock.Elapsed.TotalSeconds, IsEpochEnd: false, double.NaN, double.NaN));
                }
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
            }
            return history;
        }

        /// <summary>Keras' <c>evaluate</c>: mean loss and accuracy over every sample, in batches of <paramref name="batchSize"/>.</summary>
        public EvaluationResult Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets, int batchSize = 32)
        {
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
            int samples = CheckDataset(inputs, targets, nameof(inputs), nameof(targets));
            int chunk = Math.Min(batchSize, MaxBatchSize);
            BatchMetrics total = default;
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

        private static ReadOnlySpan<T> Gather<T>(T[] source, int[] order, int first, int batch, int width, T[] destination)
        {
            for (int row = 0; row < batch; row++)
                source.AsSpan(order[first + row] * width, width).CopyTo(destination.AsSpan(row * width, width));
            return destination.AsSpan(0, batch * width);
        }
    }
}
