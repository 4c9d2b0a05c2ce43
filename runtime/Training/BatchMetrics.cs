namespace SourceGenNet.Training
{
    /// <summary>
    /// Sums over the samples of one or more batches: the loss summed over samples and how many
    /// predictions were right. Sums (not means) so batches of different sizes combine exactly.
    /// </summary>
    /// <param name="LossSum">Per-sample losses added up.</param>
    /// <param name="Correct">Predictions that matched their target (accuracy's numerator).</param>
    /// <param name="Samples">Samples the loss was summed over.</param>
    /// <param name="AccuracyCount">Predictions judged (accuracy's denominator): the samples, or samples x units for binary accuracy.</param>
    public readonly record struct BatchMetrics(double LossSum, long Correct, long Samples, long AccuracyCount)
    {
        /// <summary>Mean loss per sample (NaN when empty).</summary>
        public double Loss => Samples == 0 ? double.NaN : LossSum / Samples;

        /// <summary>Fraction of predictions that were right (NaN when empty).</summary>
        public double Accuracy => AccuracyCount == 0 ? double.NaN : (double)Correct / AccuracyCount;

        /// <summary>Both batches together.</summary>
        public static BatchMetrics operator +(BatchMetrics a, BatchMetrics b) =>
            new(a.LossSum + b.LossSum, a.Correct + b.Correct, a.Samples + b.Samples, a.AccuracyCount + b.AccuracyCount);
    }
}
