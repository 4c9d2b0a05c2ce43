using System;

namespace SourceGenNet.Training
{
    /// <summary>
    /// Keras 3's <c>EarlyStopping</c>: stops when <see cref="Monitor"/> has not improved by more than
    /// <see cref="MinDelta"/> for <see cref="Patience"/> epochs. As in Keras: the first epoch never
    /// stops training; epochs before <see cref="StartFromEpoch"/> are ignored; an improvement resets
    /// the wait only when it also beats <see cref="Baseline"/>; with <see cref="RestoreBestWeights"/>
    /// the best epoch's weights are put back when training ends, whether or not it stopped early.
    /// Unlike Keras, the best value is also reset at the start of every fit.
    /// </summary>
    public sealed class EarlyStopping : Callback
    {
        private readonly bool minimize;
        private int wait;
        private float[]? bestWeights;

        public EarlyStopping(
            string monitor = "val_loss", double minDelta = 0, int patience = 0, MonitorMode mode = MonitorMode.Auto,
            double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
        {
            minimize = Training.Monitor.Minimizes(monitor, mode, nameof(monitor));
            if (!double.IsFinite(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "must be finite");
            if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "must be >= 0");
            if (baseline is double b && !double.IsFinite(b)) throw new ArgumentOutOfRangeException(nameof(baseline), b, "must be finite or null");
            if (startFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(startFromEpoch), startFromEpoch, "must be >= 0");
            Monitor = monitor;
            MinDelta = Math.Abs(minDelta);
            Patience = patience;
            Mode = mode;
            Baseline = baseline;
            RestoreBestWeights = restoreBestWeights;
            StartFromEpoch = startFromEpoch;
        }

        public string Monitor { get; }

        public double MinDelta { get; }

        public int Patience { get; }

        public MonitorMode Mode { get; }

        public double? Baseline { get; }

        public bool RestoreBestWeights { get; }

        /// <summary>Epochs (counted from 0, as Keras' <c>start_from_epoch</c>) to let pass before watching.</summary>
        public int StartFromEpoch { get; }

        /// <summary>The epoch (from 1) at which training was stopped; 0 when it was not.</summary>
        public int StoppedEpoch { get; private set; }

        /// <summary>The epoch (from 1) with the best monitored value so far; 0 before any.</summary>
        public int BestEpoch { get; private set; }

        /// <summary>The best monitored value so far (±infinity before any).</summary>
        public double Best { get; private set; }

        public override void OnTrainBegin(TrainingContext context)
        {
            Training.Monitor.RequireAvailable(Monitor, context, nameof(EarlyStopping));
            wait = 0;
            StoppedEpoch = 0;
            BestEpoch = 0;
            bestWeights = null;
            Best = minimize ? double.PositiveInfinity : double.NegativeInfinity;
        }

        public override void OnEpochEnd(TrainingContext context, EpochLogs logs)
        {
            int kerasEpoch = logs.Epoch - 1;
            if (!logs.TryGet(Monitor, out double current) || kerasEpoch < StartFromEpoch) return;
            if (RestoreBestWeights && bestWeights is null)
            {
                // Until something improves, the weights of the first watched epoch are the best known.
                bestWeights = context.Model.Parameters.ToArray();
                BestEpoch = logs.Epoch;
            }
            wait++;
            if (Improves(current, Best))
            {
                Best = current;
                BestEpoch = logs.Epoch;
                if (RestoreBestWeights) context.Model.Parameters.CopyTo(bestWeights);
                if (Baseline is not double baseline || Improves(current, baseline)) wait = 0;
                return;
            }
            if (wait >= Patience && kerasEpoch > 0)
            {
                StoppedEpoch = logs.Epoch;
                context.StopTraining = true;
            }
        }

        public override void OnTrainEnd(TrainingContext context)
        {
            if (RestoreBestWeights && bestWeights is not null) bestWeights.CopyTo(context.Model.Parameters);
        }

        /// <summary>Keras' <c>monitor_op(value - min_delta, reference)</c>, min_delta signed by the direction.</summary>
        private bool Improves(double value, double reference) =>
            minimize ? value + MinDelta < reference : value - MinDelta > reference;
    }
}
