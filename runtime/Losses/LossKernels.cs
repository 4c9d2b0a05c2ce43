using System;
using SourceGenNet.Training;

namespace SourceGenNet.Losses
{
    /// <summary>
    /// Keras' losses on a batch of outputs, each returning the summed loss and accuracy counts and,
    /// when a gradient span is given, writing the gradient the backward pass starts from.
    /// Losses on a softmax or sigmoid output return the gradient with respect to the layer's
    /// pre-activation (the logits): the fused forms <c>(p - t) / B</c> are exact and cheaper than
    /// multiplying by the activation's Jacobian. Mean squared error returns the gradient with
    /// respect to the output itself, and the layer's activation backward runs after it.
    /// Losses are means over samples, so every gradient is divided by the batch size.
    /// <para>A batch's loss sum is its samples' losses added in order. Each kernel can also take some rows of a
    /// larger batch (<c>wholeBatch</c>, the size the mean is over) and write each sample's loss
    /// (<c>sampleLosses</c>), so that threads can take disjoint rows and the caller add the losses in order:
    /// the same bits as one call on the whole batch.</para>
    /// </summary>
    public static class LossKernels
    {
        /// <summary>Keras' <c>backend.epsilon()</c>: probabilities are clipped to [eps, 1 - eps] before a log.</summary>
        public const float Epsilon = 1e-7f;

        /// <summary>
        /// Integer labels against softmax probabilities (B x classes): loss <c>-log(clip(p[label]))</c>,
        /// gradient w.r.t. logits <c>(p - onehot(label)) / B</c>, accuracy <c>argmax(p) == label</c>.
        /// </summary>
        /// <param name="probabilities">Softmax outputs, batch x classes.</param>
        /// <param name="labels">One class index per sample.</param>
        /// <param name="logitGradient">Where the gradient goes (batch x classes), or empty for none.</param>
        /// <param name="batch">Samples in these spans.</param>
        /// <param name="classes">Output units.</param>
        /// <param name="wholeBatch">When these samples are rows of a larger batch, its size (the gradient's divisor); 0: <paramref name="batch"/>.</param>
        /// <param name="sampleLosses">Empty, or <paramref name="batch"/> doubles that receive each sample's loss.</param>
        public static BatchMetrics SparseCategoricalCrossentropy(
            ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, Span<float> logitGradient, int batch, int classes,
            int wholeBatch = 0, Span<double> sampleLosses = default)
        {
            CheckShapes(probabilities.Length, labels.Length, logitGradient.Length, batch, classes, targetsPerSample: 1);
            bool wantGradient = !logitGradient.IsEmpty;
            float inverseBatch = 1f / MeanOver(batch, wholeBatch, sampleLosses);
            double lossSum = 0;
            long correct = 0;
            for (int sample = 0; sample < batch; sample++)
            {
                int label = labels[sample];
                if ((uint)label >= (uint)classes)
                    throw new ArgumentOutOfRangeException(nameof(labels), label, $"label of sample {sample} is {label}, outside [0, {classes})");
                ReadOnlySpan<float> p = probabilities.Slice(sample * classes, classes);
                double loss = -Math.Log(Clip(p[label]));
                lossSum += loss;
                if (!sampleLosses.IsEmpty) sampleLosses[sample] = loss;
                if (ArgMax(p) == label) correct++;
                if (wantGradient)
                {
                    Span<float> g = logitGradient.Slice(sample * classes, classes);
                    for (int c = 0; c < classes; c++) g[c] = p[c] * inverseBatch;
                    g[label] -= inverseBatch;
                }
            }
            return new BatchMetrics(lossSum, correct, batch, batch);
        }

        /// <summary>
        /// One-hot (or soft) targets against softmax probabilities: loss <c>-Σ t log(clip(p))</c>,
        /// gradient w.r.t. logits <c>(p Σt - t) / B</c> (which is <c>(p - t) / B</c> when targets sum to 1),
        /// accuracy <c>argmax(p) == argmax(t)</c>.
        /// </summary>
        /// <remarks>The parameters are <see cref="SparseCategoricalCrossentropy"/>'s, with a row of targets per sample.</remarks>
        public static BatchMetrics CategoricalCrossentropy(
            ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> logitGradient, int batch, int classes,
            int wholeBatch = 0, Span<double> sampleLosses = default)
        {
            CheckShapes(probabilities.Length, targets.Length, logitGradient.Length, batch, classes, targetsPerSample: classes);
            bool wantGradient = !logitGradient.IsEmpty;
            float inverseBatch = 1f / MeanOver(batch, wholeBatch, sampleLosses);
            double lossSum = 0;
            long correct = 0;
            for (int sample = 0; sample < batch; sample++)
            {
                ReadOnlySpan<float> p = probabilities.Slice(sample * classes, classes);
                ReadOnlySpan<float> t = targets.Slice(sample * classes, classes);
                float targetSum = 0;
                double loss = 0;
                for (int c = 0; c < classes; c++)
                {
                    targetSum += t[c];
                    if (t[c] != 0) loss -= t[c] * Math.Log(Clip(p[c]));
                }
                lossSum += loss;
                if (!sampleLosses.IsEmpty) sampleLosses[sample] = loss;
                if (ArgMax(p) == ArgMax(t)) correct++;
                if (wantGradient)
                {
                    Span<float> g = logitGradient.Slice(sample * classes, classes);
                    for (int c = 0; c < classes; c++) g[c] = (p[c] * targetSum - t[c]) * inverseBatch;
                }
            }
            return new BatchMetrics(lossSum, correct, batch, batch);
        }

        /// <summary>
        /// 0/1 targets against sigmoid outputs (B x units): per sample the mean over units of
        /// <c>-(t log(clip(p)) + (1 - t) log(1 - clip(p)))</c>; gradient w.r.t. logits
        /// <c>(p - t) / (B units)</c>; binary accuracy counts units where <c>(p > 0.5) == (t > 0.5)</c>.
        /// </summary>
        /// <remarks>The parameters are <see cref="SparseCategoricalCrossentropy"/>'s, with a row of targets per sample.</remarks>
        public static BatchMetrics BinaryCrossentropy(
            ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> logitGradient, int batch, int units,
            int wholeBatch = 0, Span<double> sampleLosses = default)
        {
            CheckShapes(probabilities.Length, targets.Length, logitGradient.Length, batch, units, targetsPerSample: units);
            bool wantGradient = !logitGradient.IsEmpty;
            float inverseCount = 1f / ((long)MeanOver(batch, wholeBatch, sampleLosses) * units);
            double lossSum = 0;
            long correct = 0;
            for (int sample = 0; sample < batch; sample++)
            {
                double unitLosses = 0;
                for (int i = sample * units; i < (sample + 1) * units; i++)
                {
                    double p = Clip(probabilities[i]);
                    float t = targets[i];
                    unitLosses -= t * Math.Log(p) + (1 - t) * Math.Log(1 - p);
                    if (probabilities[i] > 0.5f == t > 0.5f) correct++;
                    if (wantGradient) logitGradient[i] = (probabilities[i] - t) * inverseCount;
                }
                // A sample's loss is the mean over its units.
                double loss = unitLosses / units;
                lossSum += loss;
                if (!sampleLosses.IsEmpty) sampleLosses[sample] = loss;
            }
            return new BatchMetrics(lossSum, correct, batch, (long)batch * units);
        }

        /// <summary>
        /// Mean squared error: per sample the mean over units of <c>(y - t)²</c>; gradient w.r.t. the
        /// output <c>2 (y - t) / (B units)</c>. Accuracy: <c>argmax(y) == argmax(t)</c> with several
        /// units, and <c>|y - t| &lt; 0.5</c> with one (a rounded prediction equals its target).
        /// </summary>
        /// <remarks>The parameters are <see cref="SparseCategoricalCrossentropy"/>'s, with a row of targets per sample.</remarks>
        public static BatchMetrics MeanSquaredError(
            ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> outputGradient, int batch, int units,
            int wholeBatch = 0, Span<double> sampleLosses = default)
        {
            CheckShapes(outputs.Length, targets.Length, outputGradient.Length, batch, units, targetsPerSample: units);
            bool wantGradient = !outputGradient.IsEmpty;
            float gradientScale = 2f / ((long)MeanOver(batch, wholeBatch, sampleLosses) * units);
            double lossSum = 0;
            long correct = 0;
            for (int sample = 0; sample < batch; sample++)
            {
                ReadOnlySpan<float> y = outputs.Slice(sample * units, units);
                ReadOnlySpan<float> t = targets.Slice(sample * units, units);
                double squares = 0;
                for (int u = 0; u < units; u++)
                {
                    double difference = (double)y[u] - t[u];
                    squares += difference * difference;
                    if (wantGradient) outputGradient[sample * units + u] = (y[u] - t[u]) * gradientScale;
                }
                double loss = squares / units;
                lossSum += loss;
                if (!sampleLosses.IsEmpty) sampleLosses[sample] = loss;
                bool right = units == 1 ? Math.Abs(y[0] - t[0]) < 0.5f : ArgMax(y) == ArgMax(t);
                if (right) correct++;
            }
            return new BatchMetrics(lossSum, correct, batch, batch);
        }

        /// <summary>The index of the largest value; the first one on ties (as numpy's argmax).</summary>
        public static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++)
                if (values[i] > values[best]) best = i;
            return best;
        }

        private static double Clip(float p) => Math.Clamp(p, Epsilon, 1f - Epsilon);

        /// <summary>The number of samples the loss is a mean over, after checking the arguments that say so.</summary>
        private static int MeanOver(int batch, int wholeBatch, Span<double> sampleLosses)
        {
            if (wholeBatch != 0 && wholeBatch < batch)
                throw new ArgumentOutOfRangeException(nameof(wholeBatch), wholeBatch, $"the whole batch cannot be smaller than the {batch} samples given");
            if (!sampleLosses.IsEmpty && sampleLosses.Length < batch)
                throw new ArgumentException($"sampleLosses holds {sampleLosses.Length} values, fewer than {batch}", nameof(sampleLosses));
            return wholeBatch == 0 ? batch : wholeBatch;
        }

        private static void CheckShapes(int outputLength, int targetLength, int gradientLength, int batch, int units, int targetsPerSample)
        {
            if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "must be at least 1");
            if (outputLength < batch * units)
                throw new ArgumentException($"outputs hold {outputLength} values, fewer than {batch} x {units}", "outputs");
            if (targetLength != batch * targetsPerSample)
                throw new ArgumentException($"targets hold {targetLength} values, expected {batch} x {targetsPerSample}", "targets");
            if (gradientLength != 0 && gradientLength < batch * units)
                throw new ArgumentException($"gradient holds {gradientLength} values, fewer than {batch} x {units}", "gradient");
        }
    }
}
