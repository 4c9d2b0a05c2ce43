using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SourceGenNet.Sample.Tests;

/// <summary>
/// The whole sample, once, on the shipped 600/100 slice (480 training, 120 validation, 100 test
/// images), 3 epochs: what the README's first command does, small enough for a test.
/// </summary>
public sealed class SliceRun : IDisposable
{
    public const int Epochs = 3;

    public SliceRun()
    {
        Scratch = TestPaths.NewScratchDirectory();
        ResultsPath = Path.Combine(Scratch, "out", "results.json");
        PlotsDirectory = Path.Combine(Scratch, "plots");
        var output = new StringWriter();
        var error = new StringWriter();
        ExitCode = Cli.Run(
            ["--data", TestPaths.FashionMnistSlice, "--allow-slice", "--no-download", "--epochs", Epochs.ToString(),
             "--threads", "2", "--results", ResultsPath, "--plots", PlotsDirectory],
            output, error, liveProgress: false, TestPaths.EmptyMachine(Scratch));
        Output = output.ToString().ReplaceLineEndings("\n");
        Error = error.ToString();
    }

    public string Scratch { get; }
    public string ResultsPath { get; }
    public string PlotsDirectory { get; }
    public int ExitCode { get; }
    public string Output { get; }
    public string Error { get; }

    public void Dispose()
    {
        try { Directory.Delete(Scratch, recursive: true); } catch (IOException) { }
    }
}

public sealed class EndToEndTests(SliceRun run) : IClassFixture<SliceRun>
{
    [Fact]
    public void Succeeds_without_errors()
    {
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; stderr: {run.Error}");
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Prints_the_tutorials_four_summaries_exactly_and_in_order()
    {
        string[] expected = File.ReadAllText(TestPaths.SummaryTables).ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(t => t.TrimEnd('\n') + "\n").ToArray();
        Assert.Equal(4, expected.Length);

        int at = 0;
        foreach (string table in expected)
        {
            int found = run.Output.IndexOf(table, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"not found (in order) in the output:\n{table}");
            at = found + table.Length;
        }
        // And no other summary (the comparison's models are not summarised).
        Assert.Equal(4, CountOf(run.Output, "\nModel: \""));
    }

    [Fact]
    public void Prints_keras_epoch_and_evaluate_lines()
    {
        // 480 training images in batches of 32: 15 steps; 120 validation images: 4 steps.
        string[] lines = run.Output.Split('\n');
        Assert.Contains("Epoch 1/3", lines);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^15/15 \[={30}\] - \d+s \d+(s|ms|us)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^4/4 \[={30}\] - \d+s \d+(s|ms|us)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}$"));
        Assert.DoesNotContain('\r', run.Output); // redirected: no redrawn bars
    }

    [Fact]
    public void Says_how_many_threads_train()
        => Assert.Contains(Environment.ProcessorCount >= 2 ? "Training on 2 threads (--threads)" : "Training on 1 of the --threads 2 requested", run.Output);

    [Fact]
    public void Shows_the_tutorial_beside_ours_and_the_comparison_and_test_tables()
    {
        Assert.Contains("tutorial (Keras 2)          0.8784", run.Output);   // sigmoid + RMSprop train accuracy
        Assert.Contains("0.3713        0.8717", run.Output);                 // relu + RMSprop val loss, accuracy
        Assert.Contains("0.3296        0.8806", run.Output);                 // relu + Adam
        foreach (string optimizer in new[] { "'sgd'", "SGD(learning_rate=0.1)", "SGD(momentum=0.9, nesterov=True)", "Adagrad()", "RMSprop()", "'adam'" })
            Assert.Contains("\n  " + optimizer + " ", run.Output);
        Assert.Contains("model.evaluate(test_scaled, test_target)", run.Output);
        Assert.Contains("9 Ankle boot", run.Output);
        Assert.Contains("recall", run.Output);
    }

    [Fact]
    public void Results_file_has_every_run_with_sane_values()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(run.ResultsPath));
        JsonElement root = json.RootElement;
        Assert.Equal(480, root.GetProperty("train_count").GetInt32());
        Assert.Equal(120, root.GetProperty("validation_count").GetInt32());
        Assert.Equal(100, root.GetProperty("test_count").GetInt32());

        JsonElement[] runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(
            ["sigmoid + RMSprop", "relu + RMSprop", "relu + 'sgd'", "relu + SGD(learning_rate=0.1)", "relu + SGD(momentum=0.9, nesterov=True)",
             "relu + Adagrad()", "relu + RMSprop()", "relu + 'adam'"],
            runs.Select(r => r.GetProperty("label").GetString()));
        Assert.Equal(["sequential_1", "sequential_2"], runs.Take(2).Select(r => r.GetProperty("model").GetString()));
        Assert.StartsWith("SGD(learning_rate=0.01, momentum=0.9, nesterov=", runs[4].GetProperty("optimizer").GetString());
        Assert.StartsWith("Adam(learning_rate=0.001", runs[7].GetProperty("optimizer").GetString());
        foreach (JsonElement r in runs)
        {
            Assert.Equal(SliceRun.Epochs, r.GetProperty("epochs").GetInt32());
            JsonElement[] history = r.GetProperty("history").EnumerateArray().ToArray();
            Assert.Equal(SliceRun.Epochs, history.Length);
            foreach (JsonElement epoch in history)
            {
                AssertLoss(epoch.GetProperty("loss").GetDouble());
                AssertLoss(epoch.GetProperty("val_loss").GetDouble());
                AssertAccuracy(epoch.GetProperty("accuracy").GetDouble());
                AssertAccuracy(epoch.GetProperty("val_accuracy").GetDouble());
                Assert.True(epoch.GetProperty("seconds").GetDouble() > 0);
            }
            AssertLoss(r.GetProperty("val_loss").GetDouble());
            AssertLoss(r.GetProperty("test_loss").GetDouble());
            AssertAccuracy(r.GetProperty("val_accuracy").GetDouble());
            AssertAccuracy(r.GetProperty("test_accuracy").GetDouble());
            Assert.True(r.GetProperty("seconds_per_epoch").GetDouble() > 0);
            // The run's final validation figures are its last epoch's.
            Assert.Equal(history[^1].GetProperty("val_accuracy").GetDouble(), r.GetProperty("val_accuracy").GetDouble(), 12);
        }
        Assert.Contains(root.GetProperty("best_run").GetString(), runs.Select(r => r.GetProperty("label").GetString()));
    }

    [Fact]
    public void Learning_happened()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(run.ResultsPath));
        JsonElement adam = json.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "relu + 'adam'");
        JsonElement[] history = adam.GetProperty("history").EnumerateArray().ToArray();
        // 480 images and 3 epochs are far from the tutorial's recipe, but well above chance (0.10).
        Assert.True(adam.GetProperty("val_accuracy").GetDouble() > 0.55, $"relu + Adam val accuracy {adam.GetProperty("val_accuracy")}");
        Assert.True(history[^1].GetProperty("loss").GetDouble() < 0.75 * history[0].GetProperty("loss").GetDouble(), "training loss did not fall by a quarter");
        Assert.True(history[^1].GetProperty("val_loss").GetDouble() < history[0].GetProperty("val_loss").GetDouble(), "validation loss did not fall");
    }

    [Theory]
    [InlineData("tutorial-curves.png")]
    [InlineData("optimizer-curves.png")]
    [InlineData("test-predictions.png")]
    public void Writes_valid_pngs(string name)
    {
        byte[] png = File.ReadAllBytes(Path.Combine(run.PlotsDirectory, name));
        Assert.True(png.Length > 20_000, $"{name} is only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        int height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.InRange(width, 800, 4000);
        Assert.InRange(height, 400, 4000);
    }

    private static void AssertLoss(double value) => Assert.True(double.IsFinite(value) && value > 0 && value < 10, $"loss {value}");

    private static void AssertAccuracy(double value) => Assert.InRange(value, 0.0, 1.0);

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
