using System;

namespace SourceGenNet.Training
{
    /// <summary>
    /// Hooks into <c>Fit</c>, as Keras' <c>keras.callbacks.Callback</c>. Fit calls them between
    /// epochs, never inside a step, so the training step stays allocation-free. Epochs are counted
    /// from 1, as <see cref="TrainingProgress"/> counts them (Keras' callbacks count from 0).
    /// </summary>
    public abstract class Callback
    {
        /// <summary>Before the first epoch. Reset per-fit state here: an instance may serve several fits.</summary>
        public virtual void OnTrainBegin(TrainingContext context) { }

        /// <summary>After each finished epoch (and its validation). Set <see cref="TrainingContext.StopTraining"/> to stop.</summary>
        public virtual void OnEpochEnd(TrainingContext context, EpochLogs logs) { }

        /// <summary>When training ends normally, early stops included; not when Fit throws.</summary>
        public virtual void OnTrainEnd(TrainingContext context) { }

        /// <summary>
        /// A step's loss was NaN or infinite; Fit has not applied that step. Return true to have Fit
        /// stop and return normally (<see cref="TerminateOnNaN"/>); when no callback does, Fit throws
        /// <see cref="NonFiniteLossException"/>.
        /// </summary>
        public virtual bool OnNonFiniteLoss(TrainingContext context, int epoch, int step, double loss) => false;
    }

    /// <summary>What a model offers its callbacks, whatever its target type.</summary>
    public interface INetwork
    {
        /// <summary>The model's name.</summary>
        string Name { get; }

        /// <summary>Every weight and bias (see <c>Network.Parameters</c>).</summary>
        Span<float> Parameters { get; }

        /// <summary>The atomic safetensors save of <c>Network.Save</c>.</summary>
        void Save(string path, bool includeOptimizer = false);
    }

    /// <summary>One <c>Fit</c> call as its callbacks see it.</summary>
    public sealed class TrainingContext
    {
        internal TrainingContext(INetwork model, int epochs, bool hasValidation)
        {
            Model = model;
            Epochs = epochs;
            HasValidation = hasValidation;
        }

        /// <summary>The model being trained.</summary>
        public INetwork Model { get; }

        /// <summary>The epochs Fit was asked for.</summary>
        public int Epochs { get; }

        /// <summary>Whether Fit has validation data, so <c>val_loss</c> and <c>val_accuracy</c> exist.</summary>
        public bool HasValidation { get; }

        /// <summary>Keras' <c>model.stop_training</c>: Fit stops after the current epoch's callbacks.</summary>
        public bool StopTraining { get; set; }
    }

    /// <summary>The metrics of one finished epoch, under Keras' log names.</summary>
    public readonly record struct EpochLogs(int Epoch, double Loss, double Accuracy, double ValLoss, double ValAccuracy)
    {
        /// <summary>The names <see cref="TryGet"/> knows.</summary>
        public static readonly string[] Names = ["loss", "accuracy", "val_loss", "val_accuracy"];

        /// <summary>The metric called <paramref name="name"/>; false when unknown or absent (no validation data).</summary>
        public bool TryGet(string name, out double value)
        {
            value = name switch
            {
                "loss" => Loss,
                "accuracy" => Accuracy,
                "val_loss" => ValLoss,
                "val_accuracy" => ValAccuracy,
                _ => double.NaN,
            };
            return Array.IndexOf(Names, name) >= 0 && !(name.StartsWith("val_", StringComparison.Ordinal) && double.IsNaN(value));
        }
    }

    /// <summary>Whether a monitored metric should fall (<see cref="Min"/>) or rise; <see cref="Auto"/> infers it from the name.</summary>
    public enum MonitorMode
    {
        Auto,
        Min,
        Max,
    }

    /// <summary>What <see cref="EarlyStopping"/> and <see cref="ModelCheckpoint"/> share about the metric they watch.</summary>
    internal static class Monitor
    {
        /// <summary>Keras' auto mode: losses fall, accuracies rise.</summary>
        public static bool Minimizes(string monitor, MonitorMode mode, string argumentName)
        {
            ArgumentNullException.ThrowIfNull(monitor, argumentName);
            if (Array.IndexOf(EpochLogs.Names, monitor) < 0)
                throw new ArgumentException($"monitor '{monitor}' is not a metric Fit logs; expected one of {string.Join(", ", EpochLogs.Names)}", argumentName);
            return mode switch
            {
                MonitorMode.Min => true,
                MonitorMode.Max => false,
                MonitorMode.Auto => monitor.EndsWith("loss", StringComparison.Ordinal),
                _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "expected Auto, Min or Max"),
            };
        }

        /// <summary>Keras only warns when a <c>val_</c> metric is missing; a silent no-op is worse, so we refuse.</summary>
        public static void RequireAvailable(string monitor, TrainingContext context, string callback)
        {
            if (monitor.StartsWith("val_", StringComparison.Ordinal) && !context.HasValidation)
                throw new InvalidOperationException($"{callback} monitors '{monitor}', but Fit has no validationData: pass it, or monitor 'loss'");
        }
    }
}
