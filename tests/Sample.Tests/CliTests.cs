using System.IO;
using System.Linq;
using System.Text.Json;

namespace SourceGenNet.Sample.Tests;

public sealed class CliTests
{
    [Theory]
    [InlineData("--epochs", "0", "--epochs takes a whole number from 1 to 1,000, got '0'.")]
    [InlineData("--epochs", "five", "--epochs takes a whole number from 1 to 1,000, got 'five'.")]
    [InlineData("--batch-size", "-3", "--batch-size takes a whole number from 1 to 60,000, got '-3'.")]
    [InlineData("--threads", "0", "--threads takes a whole number from 1 to 1,024, got '0'.")]
    [InlineData("--seed", "x", "--seed takes a whole number, got 'x'.")]
    [InlineData("--epochs", null, "--epochs needs a value.")]
    [InlineData("--data", null, "--data needs a value.")]
    [InlineData("--frobnicate", null, "Unknown option '--frobnicate'.")]
    [InlineData("stray", null, "Unexpected argument 'stray'.")]
    [InlineData("--quick=yes", null, "--quick takes no value.")]
    public void Bad_options_exit_2_with_a_clear_message(string option, string? value, string message)
    {
        string[] args = value is null ? [option] : [option, value];
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(Cli.UsageError, Cli.Run(args, output, error));
        Assert.Equal($"error: {message}\nRun with --help to see the options.\n", error.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Options_take_both_spellings_and_keep_defaults()
    {
        SampleOptions? options = SampleOptions.Parse(["--epochs=3", "--batch-size", "64", "--seed", "-7", "--quick", "--plots", "p"], out string? error);
        Assert.Null(error);
        Assert.Equal(new SampleOptions { Epochs = 3, BatchSize = 64, Seed = -7, Quick = true, PlotsDirectory = "p" }, options);
        Assert.Equal(new SampleOptions(), SampleOptions.Parse([], out _));
        Assert.Equal(5, new SampleOptions().Epochs);
        Assert.Equal(32, new SampleOptions().BatchSize);
    }

    [Fact]
    public void Help_prints_usage_and_exits_0()
    {
        var output = new StringWriter();
        Assert.Equal(Cli.Success, Cli.Run(["--help"], output, new StringWriter()));
        Assert.Contains("--data DIR", output.ToString());
        Assert.Contains("--results FILE", output.ToString());
    }

    [Fact]
    public void Missing_data_without_network_exits_1_with_the_loaders_message_and_no_stack_trace()
    {
        string scratch = TestPaths.NewScratchDirectory();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(["--data", Path.Combine(scratch, "nowhere"), "--no-download"], output, error, environment: TestPaths.EmptyMachine(scratch));
        Assert.Equal(Cli.DataError, code);
        string text = error.ToString();
        Assert.StartsWith("\nerror: Fashion-MNIST is not available. Tried:", text.ReplaceLineEndings("\n"));
        Assert.Contains("the directory does not exist", text);
        Assert.Contains("download: disabled", text);
        Assert.DoesNotContain("   at ", text);
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void Seed_study_trains_the_three_recipes_per_seed()
    {
        string scratch = TestPaths.NewScratchDirectory();
        string results = Path.Combine(scratch, "seeds.json");
        var output = new StringWriter();
        int code = Cli.Run(["--data", TestPaths.FashionMnistSlice, "--allow-slice", "--seeds", "2", "--epochs", "1", "--seed", "5", "--results", results],
                           output, new StringWriter(), environment: TestPaths.EmptyMachine(scratch));
        Assert.Equal(Cli.Success, code);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(results));
        Assert.Equal([5L, 6L], json.RootElement.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal(["sigmoid + RMSprop", "relu + RMSprop", "relu + Adam"],
                     json.RootElement.GetProperty("recipes").EnumerateArray().Select(r => r.GetProperty("label").GetString()));
        Assert.Equal(6, json.RootElement.GetProperty("runs").GetArrayLength());
        Assert.Contains("val accuracy mean ± std", output.ToString());
        Assert.False(Directory.Exists(Path.Combine(scratch, "plots")));
        Directory.Delete(scratch, recursive: true);
    }
}
