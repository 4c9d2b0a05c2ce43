using System.Collections.Generic;

namespace SourceGenNet.Training
{
    /// <summary>What <c>Fit</c> returns: Keras' <c>History.history</c>, one entry per finished epoch.</summary>
    public sealed class History
    {
        /// <summary>Mean training loss of each epoch.</summary>
        public List<double> Loss { get; } = new();

        /// <summary>Training accuracy of each epoch.</summary>
        public List<double> Accuracy { get; } = new();

        /// <summary>Validation loss after each epoch (empty without validation data).</summary>
        public List<double> ValLoss { get; } = new();

        /// <summary>Validation accuracy after each epoch (empty without validation data).</summary>
        public List<double> ValAccuracy { get; } = new();

        /// <summary>Wall-clock seconds each epoch's training took (validation excluded).</summary>
        public List<double> EpochSeconds { get; } = new();

        /// <summary>Epochs finished.</summary>
        public int Epochs => Loss.Count;
    }

    /// <summary>Keras' <c>evaluate()</c> result.</summary>
    public readonly record struct EvaluationResult(double Loss, double Accuracy);

    /// <summary>
    /// Reported by <c>Fit</c> after every step and once more when an epoch ends (with the
    /// validation metrics, when there is validation data). Loss and accuracy are the running
    /// means over the epoch so far, as Keras' progress bar shows them.
    /// </summary>
    public readonly record struct TrainingProgress(
        int Epoch, int Epochs, int Step, int Steps, double Loss, double Accuracy,
        double ElapsedSeconds, bool IsEpochEnd, double ValLoss, double ValAccuracy)
    {
        /// <summary>Whether validation metrics are present.</summary>
        public bool HasValidation => !double.IsNaN(ValLoss);
    }
}
