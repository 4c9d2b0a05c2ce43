using System;
using System.Globalization;
using System.IO;

namespace SourceGenNet.Training
{
    /// <summary>
    /// Prints training the way tf.keras 2's <c>fit(verbose=1)</c> does: <c>Epoch 1/5</c>, then
    /// <c>1500/1500 [==============================] - 4s 2ms/step - loss: 0.5283 - accuracy: 0.8151</c>
    /// (plus <c> - val_loss: ... - val_accuracy: ...</c> when there is validation data).
    /// Pass <see cref="Report"/> as <c>Fit</c>'s <c>onProgress</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Live mode (a terminal) redraws one line in place, Keras' bar with an ETA, at most once per
    /// <see cref="RefreshSeconds"/>; plain mode (output redirected to a file or pipe) writes only
    /// the header and the finished line of each epoch, so logs stay readable. Keras itself writes
    /// a new line every 50 ms when it cannot redraw; we deliberately do not.
    /// </para>
    /// <para>
    /// Numbers follow Keras' <c>Progbar</c>: metrics as <c>%.4f</c> (<c>%.4e</c> at or below 1e-3 in
    /// magnitude), the epoch's whole seconds as <c>%.0fs</c>, the time per step in s, ms or us.
    /// Keras estimates the step time excluding the first step; here it is the epoch's time divided
    /// by its steps. Times come from <see cref="TrainingProgress.ElapsedSeconds"/>, so output is a
    /// function of the reported progress (testable without a clock).
    /// </para>
    /// <para>
    /// A step that is not drawn costs one comparison. Drawing formats into a reused buffer, so the
    /// printer itself allocates nothing after construction (the writer may).
    /// </para>
    /// </remarks>
    public sealed class KerasProgressBar
    {
        /// <summary>Characters between the brackets, as Keras' <c>Progbar(width=30)</c>.</summary>
        public const int BarWidth = 30;

        private readonly TextWriter _output;
        private readonly char[] _line = new char[512];
        private int _length;
        private int _drawnLength;     // characters of the live line on screen, to blank a longer one
        private int _headerEpoch;     // the epoch whose "Epoch e/n" header was written
        private double _lastDrawSeconds = double.NegativeInfinity;

        /// <summary>Writes to <paramref name="output"/>, redrawing one line when <paramref name="live"/>.</summary>
        /// <param name="output">Where lines go.</param>
        /// <param name="live">Redraw a bar in place (a terminal); otherwise one line per finished epoch.</param>
        /// <param name="refreshSeconds">Shortest time between two redraws in live mode.</param>
        public KerasProgressBar(TextWriter output, bool live, double refreshSeconds = 0.1)
        {
            ArgumentNullException.ThrowIfNull(output);
            if (!(refreshSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(refreshSeconds), refreshSeconds, "must be zero or more");
            _output = output;
            Live = live;
            RefreshSeconds = refreshSeconds;
        }

        /// <summary>A printer for the console: live when standard output is a terminal, plain when redirected.</summary>
        public static KerasProgressBar ForConsole() => new(Console.Out, live: !Console.IsOutputRedirected);

        /// <summary>Whether the bar is redrawn in place.</summary>
        public bool Live { get; }

        /// <summary>Shortest time between two redraws in live mode.</summary>
        public double RefreshSeconds { get; }

        /// <summary>Handles one report of <c>Fit</c>; pass this method as its <c>onProgress</c>.</summary>
        public void Report(TrainingProgress progress)
        {
            if (progress.Epoch != _headerEpoch)
            {
                // A new epoch: Keras prints its header when the epoch begins.
                FinishLiveLine();
                _headerEpoch = progress.Epoch;
                _lastDrawSeconds = double.NegativeInfinity;
                Begin();
                Append("Epoch ").Append(progress.Epoch).Append('/').Append(progress.Epochs);
                WriteLine();
            }

            if (progress.IsEpochEnd)
            {
                Begin();
                AppendFinished(progress.Steps, progress.ElapsedSeconds, progress.Loss, progress.Accuracy);
                if (progress.HasValidation)
                    AppendMetric("val_loss", progress.ValLoss).AppendMetric("val_accuracy", progress.ValAccuracy);
                if (Live) Redraw(); else WriteLine();
                if (Live) FinishLiveLine();
                return;
            }

            if (!Live || progress.ElapsedSeconds - _lastDrawSeconds < RefreshSeconds) return;
            _lastDrawSeconds = progress.ElapsedSeconds;
            Begin();
            AppendCounter(progress.Step, progress.Steps).Append(" - ETA: ");
            double secondsPerStep = progress.Step > 0 ? progress.ElapsedSeconds / progress.Step : 0;
            AppendEta(secondsPerStep * (progress.Steps - progress.Step));
            AppendMetric("loss", progress.Loss).AppendMetric("accuracy", progress.Accuracy);
            Redraw();
        }

        /// <summary>
        /// Writes the line Keras' <c>evaluate()</c> prints, e.g.
        /// <c>375/375 [==============================] - 1s 3ms/step - loss: 0.3713 - accuracy: 0.8717</c>.
        /// </summary>
        /// <param name="steps">Batches evaluated (samples / batch size, rounded up).</param>
        /// <param name="seconds">How long evaluation took.</param>
        /// <param name="result">What <c>Evaluate</c> returned.</param>
        public void WriteEvaluation(int steps, double seconds, EvaluationResult result)
        {
            FinishLiveLine();
            Begin();
            AppendFinished(steps, seconds, result.Loss, result.Accuracy);
            WriteLine();
        }

        /// <summary>Keras' time per step: <c> 3ms/step</c> style, in s (at least 1 s, or exactly 0), ms or us.</summary>
        public static string FormatStepTime(double secondsPerStep)
        {
            var bar = new KerasProgressBar(TextWriter.Null, live: false);
            bar.Begin();
            bar.AppendStepTime(secondsPerStep);
            return new string(bar._line, 0, bar._length);
        }

        /// <summary>Keras' metric number: <c>%.4f</c>, or <c>%.4e</c> when its magnitude is at most 1e-3.</summary>
        public static string FormatMetric(double value)
        {
            var bar = new KerasProgressBar(TextWriter.Null, live: false);
            bar.Begin();
            bar.AppendNumber(value);
            return new string(bar._line, 0, bar._length);
        }

        // "1500/1500 [====...====] - 4s 2ms/step - loss: 0.5283 - accuracy: 0.8151"
        private void AppendFinished(int steps, double seconds, double loss, double accuracy)
        {
            AppendCounter(steps, steps).Append(" - ");
            AppendWhole(seconds).Append('s');
            AppendStepTime(steps > 0 ? seconds / steps : 0);
            AppendMetric("loss", loss).AppendMetric("accuracy", accuracy);
        }

        // "  17/1500 [>.............................]": the count padded to the total's digits, then the bar.
        private KerasProgressBar AppendCounter(int current, int total)
        {
            int digits = total.ToString(CultureInfo.InvariantCulture).Length;
            int currentDigits = Math.Max(current, 0).ToString(CultureInfo.InvariantCulture).Length;
            for (int i = currentDigits; i < digits; i++) Append(' ');
            Append(current).Append('/').Append(total).Append(" [");
            int filled = total > 0 ? (int)((long)BarWidth * Math.Clamp(current, 0, total) / total) : BarWidth;
            if (filled > 0)
            {
                for (int i = 0; i < filled - 1; i++) Append('=');
                Append(current < total ? '>' : '=');
            }
            for (int i = filled; i < BarWidth; i++) Append('.');
            return Append(']');
        }

        // Keras: "%ds" under a minute, "%d:%02d" under an hour, else "%d:%02d:%02d" (truncated, not rounded).
        private void AppendEta(double seconds)
        {
            long eta = double.IsFinite(seconds) && seconds > 0 ? (long)seconds : 0;
            if (eta > 3600) Append(eta / 3600).Append(':').AppendTwoDigits(eta % 3600 / 60).Append(':').AppendTwoDigits(eta % 60);
            else if (eta > 60) Append(eta / 60).Append(':').AppendTwoDigits(eta % 60);
            else Append(eta).Append('s');
        }

        private void AppendStepTime(double secondsPerStep)
        {
            Append(' ');
            if (secondsPerStep >= 1 || secondsPerStep == 0) AppendWhole(secondsPerStep).Append("s/step");
            else if (secondsPerStep >= 1e-3) AppendWhole(secondsPerStep * 1e3).Append("ms/step");
            else AppendWhole(secondsPerStep * 1e6).Append("us/step");
        }

        private KerasProgressBar AppendMetric(string name, double value)
        {
            Append(" - ").Append(name).Append(": ");
            AppendNumber(value);
            return this;
        }

        private void AppendNumber(double value)
            => AppendFormatted(value, Math.Abs(value) > 1e-3 || double.IsNaN(value) ? "F4" : "0.0000e+00");

        // Python's "%.0f": .NET formats exact halves to even as Python does (2.5 -> "2").
        private KerasProgressBar AppendWhole(double value) { AppendFormatted(value, "F0"); return this; }

        private KerasProgressBar AppendTwoDigits(long value) { AppendFormatted(value, "00"); return this; }

        private void AppendFormatted<T>(T value, string format) where T : ISpanFormattable
        {
            if (!value.TryFormat(_line.AsSpan(_length), out int written, format, CultureInfo.InvariantCulture))
                throw new InvalidOperationException("progress line too long");
            _length += written;
        }

        private KerasProgressBar Append(long value) { AppendFormatted(value, "D"); return this; }

        private KerasProgressBar Append(char c)
        {
            if (_length < _line.Length) _line[_length++] = c;
            return this;
        }

        private KerasProgressBar Append(string text)
        {
            int count = Math.Min(text.Length, _line.Length - _length);
            text.AsSpan(0, count).CopyTo(_line.AsSpan(_length));
            _length += count;
            return this;
        }

        private void Begin() => _length = 0;

        private void WriteLine()
        {
            _output.Write(_line, 0, _length);
            _output.WriteLine();
        }

        // Back to the line start, the new text, then blanks over whatever the previous draw left.
        private void Redraw()
        {
            _output.Write('\r');
            _output.Write(_line, 0, _length);
            for (int i = _length; i < _drawnLength; i++) _output.Write(' ');
            _drawnLength = _length;
            _output.Flush();
        }

        // Ends a live line that is on screen, so the next text starts on a fresh line.
        private void FinishLiveLine()
        {
            if (_drawnLength == 0) return;
            _output.WriteLine();
            _drawnLength = 0;
        }
    }
}
