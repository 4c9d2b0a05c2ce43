using System.IO;
using SourceGenNet.Training;

namespace SourceGenNet.Sample.Tests;

public sealed class KerasProgressBarTests
{
    private static TrainingProgress Step(int epoch, int step, int steps, double seconds, double loss = 0.5, double accuracy = 0.8)
        => new(epoch, 2, step, steps, loss, accuracy, seconds, IsEpochEnd: false, double.NaN, double.NaN);

    private static TrainingProgress End(int epoch, int steps, double seconds, double loss, double accuracy, double valLoss = double.NaN, double valAccuracy = double.NaN)
        => new(epoch, 2, steps, steps, loss, accuracy, seconds, IsEpochEnd: true, valLoss, valAccuracy);

    [Fact]
    public void Plain_mode_writes_the_header_and_the_finished_line_of_each_epoch()
    {
        var output = new StringWriter();
        var bar = new KerasProgressBar(output, live: false);
        for (int s = 1; s <= 1500; s++) bar.Report(Step(1, s, 1500, s * 0.0027));
        bar.Report(End(1, 1500, 4.05, 0.52834, 0.81514));
        bar.Report(Step(2, 1, 1500, 0.002));
        bar.Report(End(2, 1500, 3.4, 0.39261, 0.86016, 0.37131, 0.87175));

        Assert.Equal(
            "Epoch 1/2\n" +
            "1500/1500 [==============================] - 4s 3ms/step - loss: 0.5283 - accuracy: 0.8151\n" +
            "Epoch 2/2\n" +
            "1500/1500 [==============================] - 3s 2ms/step - loss: 0.3926 - accuracy: 0.8602 - val_loss: 0.3713 - val_accuracy: 0.8718\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Evaluation_line_is_kerass()
    {
        var output = new StringWriter();
        new KerasProgressBar(output, live: false).WriteEvaluation(375, 0.6, new EvaluationResult(0.3712655, 0.8717499));
        Assert.Equal("375/375 [==============================] - 1s 2ms/step - loss: 0.3713 - accuracy: 0.8717\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(2.4, " 2s/step")]
    [InlineData(1.0, " 1s/step")]
    [InlineData(0.0, " 0s/step")]
    [InlineData(0.0027, " 3ms/step")]
    [InlineData(0.001, " 1ms/step")]
    [InlineData(0.0025, " 2ms/step")]      // %.0f rounds exact halves to even, as Python does
    [InlineData(0.000999, " 999us/step")]
    [InlineData(0.000012, " 12us/step")]
    public void Step_time_uses_keras_units(double secondsPerStep, string expected)
        => Assert.Equal(expected, KerasProgressBar.FormatStepTime(secondsPerStep));

    [Theory]
    [InlineData(0.52834, "0.5283")]
    [InlineData(12.3, "12.3000")]
    [InlineData(0.00123, "0.0012")]
    [InlineData(0.001, "1.0000e-03")]
    [InlineData(0.000123456, "1.2346e-04")]
    [InlineData(0.0, "0.0000e+00")]
    [InlineData(0.53125, "0.5312")]        // exact half: to even, as Python's "%.4f"
    public void Metrics_use_kerass_number_format(double value, string expected)
        => Assert.Equal(expected, KerasProgressBar.FormatMetric(value));

    [Fact]
    public void Live_mode_redraws_in_place_at_most_once_per_interval_with_an_eta()
    {
        var output = new StringWriter { NewLine = "\n" }; // '\r' must survive: no ReplaceLineEndings here
        var bar = new KerasProgressBar(output, live: true, refreshSeconds: 0.1);
        // 1,000 steps of 1 ms: one second, so about ten redraws, not a thousand.
        for (int s = 1; s <= 1000; s++) bar.Report(Step(1, s, 1000, s * 0.001));
        bar.Report(End(1, 1000, 1.0, 0.4, 0.9));

        string text = output.ToString();
        int redraws = text.Split('\r').Length - 1;
        Assert.InRange(redraws, 9, 12);
        Assert.StartsWith("Epoch 1/2\n\r   1/1000 [..............................] - ETA: 0s - loss: 0.5000 - accuracy: 0.8000", text);
        Assert.Contains("\r 101/1000 [==>...........................] - ETA: 0s - loss: 0.5000 - accuracy: 0.8000", text);
        Assert.EndsWith("\r1000/1000 [==============================] - 1s 1ms/step - loss: 0.4000 - accuracy: 0.9000\n", text);
    }

    [Fact]
    public void Live_mode_eta_switches_to_minutes_and_hours_like_keras()
    {
        var output = new StringWriter();
        var bar = new KerasProgressBar(output, live: true, refreshSeconds: 0);
        bar.Report(Step(1, 1, 100, 2.0));     // 99 steps of 2 s left: 198 s
        bar.Report(Step(1, 2, 100, 4000.0));  // 98 steps of 2000 s: 196,000 s
        string text = output.ToString();
        Assert.Contains("- ETA: 3:18 -", text);
        Assert.Contains("- ETA: 54:26:40 -", text);
    }

    [Fact]
    public void A_shorter_redraw_blanks_what_the_longer_one_left()
    {
        var output = new StringWriter();
        var bar = new KerasProgressBar(output, live: true, refreshSeconds: 0);
        bar.Report(Step(1, 1, 10, 1000.0, loss: 123.4567));   // ETA 2:30:00, a long loss
        bar.Report(Step(1, 2, 10, 1000.5, loss: 0.5));        // ETA 1:06:42, a short one
        string[] draws = output.ToString().Split('\r');
        Assert.Equal(draws[1].Length, draws[2].Length);
        Assert.EndsWith(" ", draws[2]);
    }
}
