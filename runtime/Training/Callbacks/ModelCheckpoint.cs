using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace SourceGenNet.Training
{
    /// <summary>
    /// Keras 3's <c>ModelCheckpoint</c> (per epoch): saves the model after every epoch, or with
    /// <see cref="SaveBestOnly"/> only when <see cref="Monitor"/> beats the best value so far
    /// (starting from <see cref="InitialValueThreshold"/> when given). Saves are atomic
    /// (<c>Network.Save</c>), so a crash mid-save keeps the previous checkpoint. The path may
    /// contain <c>{epoch}</c> or Python's <c>{epoch:02d}</c>, with epochs counted from 1 as in Keras' file names.
    /// </summary>
    public sealed partial class ModelCheckpoint : Callback
    {
        private readonly bool minimize;

        public ModelCheckpoint(
            string path, string monitor = "val_loss", bool saveBestOnly = false, MonitorMode mode = MonitorMode.Auto,
            bool includeOptimizer = false, double? initialValueThreshold = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            minimize = Training.Monitor.Minimizes(monitor, mode, nameof(monitor));
            Path = path;
            Monitor = monitor;
            SaveBestOnly = saveBestOnly;
            Mode = mode;
            IncludeOptimizer = includeOptimizer;
            InitialValueThreshold = initialValueThreshold;
        }

        public string Path { get; }

        public string Monitor { get; }

        public bool SaveBestOnly { get; }

        public MonitorMode Mode { get; }

        /// <summary>Save the optimizer state too, so training can resume from the checkpoint exactly.</summary>
        public bool IncludeOptimizer { get; }

        public double? InitialValueThreshold { get; }

        /// <summary>The best monitored value saved so far (with <see cref="SaveBestOnly"/>).</summary>
        public double Best { get; private set; }

        /// <summary>The file written last, or null.</summary>
        public string? LastSavedPath { get; private set; }

        public override void OnTrainBegin(TrainingContext context)
        {
            if (SaveBestOnly) Training.Monitor.RequireAvailable(Monitor, context, nameof(ModelCheckpoint));
            Best = InitialValueThreshold ?? (minimize ? double.PositiveInfinity : double.NegativeInfinity);
        }

        public override void OnEpochEnd(TrainingContext context, EpochLogs logs)
        {
            if (SaveBestOnly)
            {
                if (!logs.TryGet(Monitor, out double current)) return;
                if (!(minimize ? current < Best : current > Best)) return;
                Best = current;
            }
            string path = FilePath(logs.Epoch);
            string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            context.Model.Save(path, IncludeOptimizer);
            LastSavedPath = path;
        }

        /// <summary>The path for <paramref name="epoch"/>: <c>{epoch}</c> and <c>{epoch:0Nd}</c> filled in.</summary>
        public string FilePath(int epoch) => EpochPlaceholder().Replace(Path, match =>
            epoch.ToString(match.Groups[1].Success ? "D" + match.Groups[1].Value : "D", CultureInfo.InvariantCulture));

        [GeneratedRegex(@"\{epoch(?::0(\d{1,2})d)?\}")]
        private static partial Regex EpochPlaceholder();
    }
}
